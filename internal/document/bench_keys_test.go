package document_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bearing-dev/bearing/internal/document"
)

// manyKeys returns a file whose frontmatter has n unknown keys (or n
// duplicates of one key when dup is set) after a title.
func manyKeys(n int, key func(i int) string) []byte {
	var b strings.Builder
	b.WriteString("---\ntitle: Many keys\n")
	for i := range n {
		fmt.Fprintf(&b, "%s: v\n", key(i))
	}
	b.WriteString("---\nbody\n")
	return []byte(b.String())
}

// BenchmarkManyKeys parses frontmatter of 1k, 10k and 100k keys: unknown
// ones (each a schema/unknown-field) and one key repeated (each a
// duplicate). Its time must grow about tenfold per step: the cost of a
// file is linear in its size.
func BenchmarkManyKeys(b *testing.B) {
	shapes := []struct {
		name string
		key  func(i int) string
	}{
		{"unknown", func(i int) string { return fmt.Sprintf("k%d", i) }},
		{"duplicate", func(int) string { return "owner" }},
	}
	for _, s := range shapes {
		for _, n := range []int{1_000, 10_000, 100_000} {
			data := manyKeys(n, s.key)
			b.Run(fmt.Sprintf("%s/%dk", s.name, n/1000), func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					document.Parse(md, "content/notes/x.md", "notes/x.md", data)
				}
			})
		}
	}
}
