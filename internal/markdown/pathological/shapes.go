// Package pathological generates the Markdown inputs that make parsers
// slow: the shapes of cmark's pathological test suite
// (commonmark/cmark, test/pathological_tests.py) at the sizes it uses,
// and the [[ wiki-link variants Bearing adds. Tests and benchmarks share
// them; the inputs are generated, never committed.
package pathological

import (
	"strconv"
	"strings"
)

// Shape is one pathological input, generated at a size.
type Shape struct {
	// Name is cmark's name for the shape, or Bearing's for its own.
	Name string
	// N is the size cmark's suite uses: the repeat count of the shape.
	N int
	// Gen returns the input for a repeat count.
	Gen func(n int) string
}

// Shapes lists every shape of cmark's suite, then Bearing's own.
func Shapes() []Shape {
	r := strings.Repeat
	return []Shape{
		{"nested strong emph", 65000, func(n int) string { return r("*a **a ", n) + "b" + r(" a** a*", n) }},
		{"many emph closers with no openers", 65000, func(n int) string { return r("a_ ", n) }},
		{"many emph openers with no closers", 65000, func(n int) string { return r("_a ", n) }},
		{"many link closers with no openers", 65000, func(n int) string { return r("a]", n) }},
		{"many link openers with no closers", 65000, func(n int) string { return r("[a", n) }},
		{"mismatched openers and closers", 50000, func(n int) string { return r("*a_ ", n) }},
		{"openers and closers multiple of 3", 50000, func(n int) string { return "a**b" + r("c* ", n) }},
		{"link openers and emph closers", 50000, func(n int) string { return r("[ a_", n) }},
		{"hard link/emph case", 1, func(n int) string { return r("**x [a*b**c*](d)\n", n) }},
		{"nested brackets", 50000, func(n int) string { return r("[", n) + "a" + r("]", n) }},
		{"nested block quotes", 50000, func(n int) string { return r("> ", n) + "a" }},
		{"deeply nested lists", 1000, func(n int) string {
			var b strings.Builder
			for i := range n {
				b.WriteString(r("  ", i) + "* a\n")
			}
			return b.String()
		}},
		{"U+0000 in input", 1, func(n int) string { return r("abc\u0000de\u0000", n) }},
		// cmark's suite went from 5,000 to 10,000 runs; 10,000 is 50 MB,
		// over Bearing's file size limit, so both sizes are kept.
		{"backticks", 5000, backticks},
		{"backticks at 10000", 10000, backticks},
		{"unclosed links A", 50000, func(n int) string { return r("[a](<b", n) }},
		{"unclosed links B", 50000, func(n int) string { return r("[a](b", n) }},
		{"many references", 50000, func(n int) string {
			var b strings.Builder
			for i := 1; i < n*16; i++ {
				b.WriteString("[" + strconv.Itoa(i) + "]: u\n")
			}
			b.WriteString(r("[0] ", n))
			return b.String()
		}},
		{"unclosed wiki links [[a", 65000, func(n int) string { return r("[[a", n) }},
		{"unclosed wiki links [[a|", 65000, func(n int) string { return r("[[a|", n) }},
		{"unclosed wiki links [[a|b ", 65000, func(n int) string { return r("[[a|b ", n) }},
		{"wiki links in emphasis", 50000, func(n int) string { return r("*[[a]]_ ", n) }},
		{"wiki link openers in a link", 50000, func(n int) string { return "[" + r("[[a ", n) + "](b" }},
	}
}

// backticks is cmark's backtick shape: runs of 1 to n-1 backticks, no
// two of the same length, so none closes.
func backticks(n int) string {
	var b strings.Builder
	for i := 1; i < n; i++ {
		b.WriteString("e" + strings.Repeat("`", i))
	}
	return b.String()
}
