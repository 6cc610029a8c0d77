package gen

import (
	"slices"
	"strings"
	"testing"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/markdown"
)

// TestEveryFieldGenerated checks that the generator covers the field
// table: each field is one it knows or one it makes a value for by type,
// and the latter appear in a generated playbook, on nodes of their kinds.
// A field added to the table as one row is then generated with no change
// here; one whose values need meaning (references, assumptions...) fails
// until the generator learns it.
func TestEveryFieldGenerated(t *testing.T) {
	handled := handledFields()
	names := map[string]bool{}
	for fd := range document.AllFields() {
		names[fd.Name] = true
	}
	for _, h := range handled {
		if !names[h] {
			t.Errorf("handledFields names %q, which the field table does not have", h)
		}
	}
	files, err := Generate(300)
	if err != nil {
		t.Fatal(err)
	}
	md := markdown.New(markdown.Options{LinksOnly: true})
	seen := map[document.Kind]map[string]bool{}
	for _, f := range files {
		if !strings.HasSuffix(f.Path, ".md") {
			continue
		}
		d := document.Parse(md, f.Path, strings.TrimPrefix(f.Path, "content/"), f.Data)
		if seen[d.Kind] == nil {
			seen[d.Kind] = map[string]bool{}
		}
		for fd := range document.Fields(d.Kind) {
			if d.Front.Has(fd.Name) {
				seen[d.Kind][fd.Name] = true
			}
		}
	}
	for _, k := range document.NodeKinds() {
		for fd := range document.Fields(k) {
			switch {
			case slices.Contains(handled, fd.Name):
			case !plainType(fd):
				t.Errorf("%s field %q (type %d) is neither one the generator knows nor one it can make a value of by type: teach the generator what it means", k, fd.Name, fd.Type)
			case !seen[k][fd.Name]:
				t.Errorf("%s field %q: no generated %s has it", k, fd.Name, k)
			}
		}
	}
}
