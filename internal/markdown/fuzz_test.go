package markdown

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/bearing-dev/bearing/internal/markdown/pathological"
)

// FuzzMarkdown feeds arbitrary bodies through the wiki-link parser, link
// collection and the compiled render. It must never panic; every link
// must have a position inside the body; and no rendered href or src may
// carry a script URL, whatever the resolver returns.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{
		"[[a]] [[b|B]] [[c#h]] [x](y.md) ![i](p.png)",
		"[[", "[[]]", "[[|]]", "[[a|]]", "[[ a ]]", "[[a]b]]", "[[a\n]]", "[x]([[y]])",
		"[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](&#106;avascript:1) <javascript:alert(1)>",
		"<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>",
		"> [[q]]\n> > [r](r.md)\n\n- [[l]]\n  - [m](m.md#x)",
		"| a | [[t]] |\n|---|---|\n| [u](u.md) | b |",
		"Text[^1]\n\n[^1]: note [[n]]",
		"[ref][r]\n\n[r]: r.md \"title\"",
		strings.Repeat("[[a]]", 100),
		"\r\n[[crlf]]\r\n",
	} {
		f.Add(s)
	}
	safe := New(Options{})
	unsafe := New(Options{UnsafeHTML: true})
	f.Fuzz(func(t *testing.T, src string) {
		for _, e := range []*Engine{safe, unsafe} {
			d := e.Parse([]byte(src))
			lines := strings.Count(src, "\n") + 1
			for _, l := range d.Links {
				if l.Offset < 0 || l.Offset > len(src) || l.Line < 1 || l.Line > lines || l.Col < 1 {
					t.Fatalf("link %q: offset %d at %d:%d outside a %d-byte body of %d lines", l.Dest, l.Offset, l.Line, l.Col, len(src), lines)
				}
			}
			var out bytes.Buffer
			evil := func(_ int, l *Link) Target { return Target{URL: "javascript:alert(1)", Title: "<b>"} }
			if err := e.Render(&out, d, evil); err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(bytes.ToLower(out.Bytes()), []byte(`href="javascript:`)) {
				t.Fatalf("script URL in output: %s", out.Bytes())
			}
			out.Reset()
			if err := e.Render(&out, d, func(_ int, l *Link) Target { return Target{URL: l.Dest} }); err != nil {
				t.Fatal(err)
			}
			_ = d.PlainText(100)
		}
	})
}

// FuzzSafeURL checks SafeURL's shortcut for URLs that cannot have a
// scheme against judging them in full.
func FuzzSafeURL(f *testing.F) {
	for _, s := range []string{"a.md", "javascript:x", "&#106;avascript:x", "javascript&#58x", "javascript\\:x", "java\tscript:x", "\x00javascript:x", "&colon;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, u string) {
		if got, want := SafeURL(u), judgeURL(u); got != want {
			t.Errorf("SafeURL(%q) = %v; judged in full: %v", u, got, want)
		}
	})
}

// FuzzOverrun checks the bounds, and that the counts Overrun skips the
// meter on hold (checkBounds), seeded with the pathological shapes at
// small sizes: Overrun must not panic, and what it reports must point
// inside the body with the body's limit. (It counts goldmark's work, not
// the clock; timing goldmark under a fuzzer is left for later.)
func FuzzOverrun(f *testing.F) {
	for _, s := range []string{
		strings.Repeat("[a](b", 300), strings.Repeat("[a](<b", 300), strings.Repeat("*a_ ", 300),
		"a**b" + strings.Repeat("c* ", 300), strings.Repeat("[[a", 300), strings.Repeat("[[a|", 300),
		strings.Repeat("[x]: u\n", 300), "e`e``e```e````", "`a` ``b`` *c* _d_ ~~e~~ [f](g) [h]: i\n\nj",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		checkBounds(t, []byte(src))
		x := Overrun([]byte(src))
		if x == nil {
			return
		}
		if x.Line < 1 || x.Line > strings.Count(src, "\n")+1 || x.Count < 1 || x.Limit != StepLimit(len(src)) {
			t.Fatalf("Overrun(%q) = %+v: line, count or limit out of range", src, *x)
		}
	})
}

// checkBounds fails t unless each count bounds returns for src is at
// least what the meter counts in src with no limit: when the counts are
// within a body's limit, Overrun may skip the meter.
func checkBounds(t *testing.T, src []byte) {
	t.Helper()
	m := meter{limit: math.MaxInt64, over: numConstructs}
	m.run(src)
	b := bounds(src)
	for c := range numConstructs {
		if m.steps[c] > b[c] {
			t.Fatalf("%s: the meter counts %d steps in %q, over the bound %d", c, m.steps[c], src, b[c])
		}
	}
}

// TestBoundsHold checks the bounds on the pathological shapes at several
// sizes and on text that matches every construct.
func TestBoundsHold(t *testing.T) {
	for _, s := range pathological.Shapes() {
		for _, n := range []int{1, 2, 10, 100, 1000} {
			t.Run(fmt.Sprintf("%s/n=%d", s.Name, n), func(t *testing.T) {
				checkBounds(t, []byte(s.Gen(n)))
			})
		}
	}
	for _, src := range []string{
		"", "*", "**a**", "a**b" + strings.Repeat("c* ", 300), strings.Repeat("***a", 200) + strings.Repeat("b***", 200),
		strings.Repeat("_a*b~", 300), strings.Repeat("`", 500), strings.Repeat("` `` ", 200), strings.Repeat("[x]: u\n", 300),
		strings.Repeat("[a](b ", 300) + "\n" + strings.Repeat("[a](<b\n", 100), "`a` ``b`` *c* _d_ ~~e~~ [f](g) [h]: i\n\nj",
	} {
		t.Run(fmt.Sprintf("%.20q", src), func(t *testing.T) { checkBounds(t, []byte(src)) })
	}
}
