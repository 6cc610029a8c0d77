package build

import (
	"context"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/history"
	"github.com/bearing-dev/bearing/internal/markdown"
	"github.com/bearing-dev/bearing/internal/source"
)

// TestParseAllTakesHead checks that a check takes the history's parse of
// a file whose bytes are HEAD's, and parses the others: a file edited
// since HEAD, and a signal whose data file is read with it.
func TestParseAllTakesHead(t *testing.T) {
	md := markdown.New(markdown.Options{LinksOnly: true})
	files := map[string]string{
		"content/directions/same.md": "---\ntitle: Same\n---\nSee [[edited]].\n",
		"content/pages/edited.md":    "---\ntitle: Edited now\n---\n",
		"content/signals/csv.md":     "---\ntitle: CSV\nmeasures: [same]\ndata: csv.csv\n---\n",
		"content/signals/csv.csv":    "date,value\n2026-01-01,3\n",
	}
	fsys := fstest.MapFS{}
	for p, text := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(text)}
	}
	head := map[string]history.HeadFile{}
	for p, text := range map[string]string{
		"content/directions/same.md": files["content/directions/same.md"],
		"content/pages/edited.md":    "---\ntitle: Edited then\n---\n",
		"content/signals/csv.md":     files["content/signals/csv.md"],
	} {
		head[p] = history.HeadFile{Data: []byte(text), Doc: document.Parse(md, p, source.ContentPath(p), []byte(text))}
	}
	paths := []string{"content/directions/same.md", "content/pages/edited.md", "content/signals/csv.md"}
	got, err := parseAll(context.Background(), fsys, md, paths, nil, head)
	if err != nil {
		t.Fatal(err)
	}
	want, err := parseAll(context.Background(), fsys, md, paths, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range paths {
		if taken, wantTaken := got[i] == head[p].Doc, p == "content/directions/same.md"; taken != wantTaken {
			t.Errorf("%s: took the history's parse: %v; want %v", p, taken, wantTaken)
		}
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("%s: got\n%+v\nwant\n%+v", p, got[i], want[i])
		}
	}
	if n := len(got[2].Front.History); n != 1 {
		t.Errorf("the signal has %d readings; want its data file's 1", n)
	}
}
