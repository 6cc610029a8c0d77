package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/build"
)

// TestRebuiltCounts checks that the serve log counts pages as pages and
// other files as files.
func TestRebuiltCounts(t *testing.T) {
	site := map[string][]byte{
		"index.html": nil, "404.html": nil, "directions/a/index.html": nil, "directions/b/index.html": nil,
		"theme/style.css": nil, "search-index.json": nil, "sitemap.xml": nil,
	}
	cases := []struct {
		name             string
		written, removed []string
		want             string
	}{
		{"pages only", []string{"index.html", "directions/a/index.html"}, nil, "2 of 4 pages rebuilt in "},
		{"pages and other files", []string{"index.html", "search-index.json", "sitemap.xml"}, nil, "1 of 4 pages and 2 other files rebuilt in "},
		{"one other file", []string{"theme/style.css"}, nil, "0 of 4 pages and 1 other file rebuilt in "},
		{"a page removed", []string{"index.html"}, []string{"directions/c/index.html"}, "1 of 4 pages rebuilt, 1 page removed, in "},
		{"a page and a file removed", nil, []string{"directions/c/index.html", "files/c.png"}, "0 of 4 pages rebuilt, 1 page and 1 other file removed, in "},
		{"files removed", nil, []string{"files/c.png", "files/d.png"}, "0 of 4 pages rebuilt, 2 files removed, in "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := rebuilt(&build.Update{Files: site, Written: c.written, Removed: c.removed}, time.Now())
			if !strings.HasPrefix(got, c.want) {
				t.Errorf("got %q; want it to start %q", got, c.want)
			}
		})
	}
}
