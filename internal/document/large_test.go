package document_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
)

// TestLargeFile checks that a valid 10 MB file parses without a
// diagnostic and keeps every link.
func TestLargeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	var b bytes.Buffer
	b.WriteString("---\ntitle: Large\nsummary: ten megabytes of prose\n---\n")
	links := 0
	for b.Len() < 10<<20 {
		fmt.Fprintf(&b, "## Section %d\n\nA paragraph with a [[d%d]] link, `code`, *emphasis* and a [relative](p%d.md) link.\nIt goes on for a second line.\n\n", links, links, links)
		links += 2
	}
	start := time.Now()
	d := parse(b.String())
	elapsed := time.Since(start)
	t.Logf("%d MB with %d links parsed in %v", b.Len()>>20, links, elapsed)
	if len(d.Diags) != 0 {
		t.Fatalf("got diagnostics %q; want none", diagStrings(d)[:min(5, len(d.Diags))])
	}
	if !d.Usable() || len(d.Body.Links) != links {
		t.Fatalf("got %d links; want %d", len(d.Body.Links), links)
	}
	last := d.Body.Links[len(d.Body.Links)-1]
	if p := d.LinkPos(last); p.Line != strings.Count(b.String(), "\n")-2 {
		t.Errorf("last link at line %d; want %d", p.Line, strings.Count(b.String(), "\n")-2)
	}
}

// TestOverMaxFileSize checks that a file over the limit is reported, not
// parsed.
func TestOverMaxFileSize(t *testing.T) {
	data := make([]byte, document.MaxFileSize+1)
	copy(data, "---\ntitle: T\n---\n")
	for i := 17; i < len(data); i++ {
		data[i] = 'a'
	}
	d := document.Parse(md, "content/big.md", "big.md", data)
	if d.Usable() {
		t.Errorf("got a usable document; want it refused")
	}
	if len(d.Diags) != 1 {
		t.Fatalf("got %q; want one diagnostic", diagStrings(d))
	}
	got := d.Diags[0]
	want := diag.Pos{File: "content/big.md", Line: 1, Col: 1}
	if got.Rule != diag.ParseFrontmatter || got.Pos != want || got.Severity != diag.Error {
		t.Errorf("got %q; want an error at %v [%s]", got, want, diag.ParseFrontmatter)
	}
	if !strings.Contains(got.Message, fmt.Sprint(document.MaxFileSize+1)) {
		t.Errorf("got message %q; want it to give the size", got.Message)
	}
}

// TestDeepNesting checks that pathological nesting is reported, not fed
// to goldmark (whose cost grows with the square of the depth), while
// nesting up to the limit still parses.
func TestDeepNesting(t *testing.T) {
	for _, tc := range []struct {
		name   string
		body   string
		usable bool
	}{
		{"quotes at the limit", strings.Repeat("> ", document.MaxNesting) + "deep [[x]]\n", true},
		{"lists at the limit", strings.Repeat("- ", document.MaxNesting) + "deep\n", true},
		{"1000 quotes", strings.Repeat(">", 1000) + " deep\n", false},
		{"20000 quotes", "ok\n\n" + strings.Repeat(">", 20000) + " deep\n" + strings.Repeat("> ", 20000) + "spaced\n", false},
		{"40000 list markers", strings.Repeat("- ", 40000) + "x\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := parse("---\ntitle: Deep\n---\n" + tc.body)
			if tc.usable {
				if !d.Usable() || len(d.Diags) != 0 {
					t.Fatalf("got diagnostics %q; want a usable document", diagStrings(d))
				}
				return
			}
			if d.Usable() || len(d.Diags) != 1 || d.Diags[0].Rule != diag.ParseMarkdown {
				t.Fatalf("got usable=%v diagnostics %q; want one parse/markdown error", d.Usable(), diagStrings(d))
			}
			if !strings.Contains(d.Diags[0].Message, "nested") {
				t.Errorf("got %q; want it to say the Markdown is nested too deeply", d.Diags[0].Message)
			}
		})
	}
}

// TestAliasBomb checks that an exponential alias bomb costs time linear
// in its size: the decoder follows aliases a bounded number of levels.
func TestAliasBomb(t *testing.T) {
	for _, size := range []struct{ levels, width int }{{9, 9}, {30, 30}} {
		t.Run(fmt.Sprintf("%dx%d", size.levels, size.width), func(t *testing.T) {
			src := aliasBomb(size.levels, size.width)
			start := time.Now()
			d := parse(src)
			elapsed := time.Since(start)
			t.Logf("%d^%d expansions, %d bytes: %v, %d diagnostics", size.width, size.levels, len(src), elapsed, len(d.Diags))
			if elapsed > 2*time.Second {
				t.Errorf("took %v; want well under 2s", elapsed)
			}
			if len(d.Diags) > 10*size.levels*size.width {
				t.Errorf("got %d diagnostics; want them bounded by the file's size", len(d.Diags))
			}
		})
	}
}
