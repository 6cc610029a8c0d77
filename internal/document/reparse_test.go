package document_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/markdown"
)

// reparse parses prev, then next by Reparse, and next by Parse.
func reparse(prev, next string) (was, got, want *document.Document) {
	const p = "content/pages/p.md"
	was = document.Parse(md, p, "pages/p.md", []byte(prev))
	got = document.Reparse(md, was, []byte(prev), p, "pages/p.md", []byte(next))
	want = document.Parse(md, p, "pages/p.md", []byte(next))
	return was, got, want
}

// TestReparse checks that Reparse gives what Parse gives, sharing the
// last version's parsed body exactly when the bodies are the same bytes.
func TestReparse(t *testing.T) {
	deep := strings.Repeat(">", 200) + " deep\n"
	tests := []struct {
		name, prev, next string
		shared           bool
	}{
		{"frontmatter edited", "---\ntitle: A\n---\n\n# H\n\nSee [[x]].\n", "---\ntitle: B\nowner: o\n---\n\n# H\n\nSee [[x]].\n", true},
		{"frontmatter grows, links move down", "---\ntitle: A\n---\nSee [[x]].\n", "---\ntitle: A\ntags: [a]\nowner: o\n---\nSee [[x]].\n", true},
		{"frontmatter added", "See [[x]].\n", "---\ntitle: T\n---\nSee [[x]].\n", true},
		{"a byte-order mark added", "---\ntitle: A\n---\nText.\n", "\ufeff---\ntitle: A\n---\nText.\n", true},
		{"toml to yaml", "+++\ntitle = 'A'\n+++\nText.\n", "---\ntitle: A\n---\nText.\n", true},
		{"untitled page keeps its heading's title", "# From the body\n\nText.\n", "# From the body\n\nText.\n", true},
		{"body edited", "---\ntitle: A\n---\nSee [[x]].\n", "---\ntitle: A\n---\nSee [[y]].\n", false},
		{"body gains a line ending", "---\ntitle: A\n---\nText.", "---\ntitle: A\n---\nText.\n", false},
		{"the last body failed its limits", "---\ntitle: A\n---\n" + deep, "---\ntitle: B\n---\n" + deep, false},
		{"the last version was not text", "---\ntitle: A\n---\nText\x00.\n", "---\ntitle: A\n---\nText.\n", false},
		{"the frontmatter is now broken", "---\ntitle: A\n---\nText.\n", "---\ntitle: [\n---\nText.\n", false},
		{"now not text", "---\ntitle: A\n---\nText.\n", "---\ntitle: A\n---\nText\x00.\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			was, got, want := reparse(tt.prev, tt.next)
			if shared := got.Body != nil && got.Body == was.Body; shared != tt.shared {
				t.Errorf("shared the last body: %v; want %v", shared, tt.shared)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Reparse gave\n%+v\nParse gives\n%+v", got, want)
			}
			for i, l := range links(want) {
				if g, w := got.LinkPos(got.Body.Links[i]), want.LinkPos(l); g != w {
					t.Errorf("link %d at %v; want %v", i, g, w)
				}
			}
		})
	}
}

// FuzzReparse checks Reparse against Parse on any two versions of a file.
func FuzzReparse(f *testing.F) {
	f.Add("---\ntitle: A\n---\nSee [[x]].\n", "---\ntitle: B\n---\nSee [[x]].\n")
	f.Add("# T\n\n[a](b.md)\n", "+++\ntitle = 'x'\n+++\n# T\n\n[a](b.md)\n")
	f.Add("---\ntitle: A\n---\n", "\ufeff---\ntitle: A\n---\n")
	f.Fuzz(func(t *testing.T, prev, next string) {
		if len(prev)+len(next) > 1<<14 {
			return
		}
		_, got, want := reparse(prev, next)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Reparse(%q after %q) gave\n%+v\nParse gives\n%+v", next, prev, got, want)
		}
	})
}

// links returns a document's body links, none for an unusable body.
func links(d *document.Document) []*markdown.Link {
	if d.Body == nil {
		return nil
	}
	return d.Body.Links
}
