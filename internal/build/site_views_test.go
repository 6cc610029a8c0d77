package build_test

import (
	"bytes"
	"encoding/json"
	"net/url"
	"path"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/bearing-dev/bearing/internal/build"
)

// searchRecord is an entry of search-index.json as the search page reads it.
type searchRecord struct {
	URL, Title, Kind, Summary, Text string
	Tags                            []string
	Fields                          [][2]string
}

func readIndex(t *testing.T, b []byte) []searchRecord {
	t.Helper()
	var idx []searchRecord
	if err := json.Unmarshal(b, &idx); err != nil {
		t.Fatalf("search-index.json: %v", err)
	}
	return idx
}

// TestSearchIndex checks that the index holds every text field of the
// strategy, named, and readable snippets.
func TestSearchIndex(t *testing.T) {
	files := renderSite(t, example(), build.SiteOptions{})
	idx := readIndex(t, files["search-index.json"])
	byURL := map[string]searchRecord{}
	for _, e := range idx {
		byURL[e.URL] = e
	}
	field := func(e searchRecord, label string) string {
		for _, f := range e.Fields {
			if f[0] == label {
				return f[1]
			}
		}
		return ""
	}
	dir := byURL["/directions/carrier-network/"]
	for _, tc := range []struct {
		name, url, label, want string
	}{
		{"problem", "/directions/carrier-network/", "Problem", "partner carriers"},
		{"for whom", "/directions/carrier-network/", "For whom", "brokerage desk"},
		{"why we win", "/directions/carrier-network/", "Why we win", "live positions"},
		{"alternatives", "/directions/carrier-network/", "Alternatives", "public load board"},
		{"assumptions", "/directions/carrier-network/", "What must be true", "Small carriers"},
		{"non-goals", "/directions/carrier-network/", "What we will not do", "freight broker"},
		{"owner", "/directions/carrier-network/", "Owner", "Priya Natarajan"},
		{"rationale", "/initiatives/instant-tender/", "Rationale", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, ok := byURL[tc.url]
			if !ok {
				t.Fatalf("got no entry for %s", tc.url)
			}
			got := field(e, tc.label)
			if got == "" || !strings.Contains(got, tc.want) {
				t.Errorf("%s: field %q is %q; want text holding %q (fields: %v)", tc.url, tc.label, got, tc.want, e.Fields)
			}
		})
	}
	t.Run("snippets", func(t *testing.T) {
		rev := byURL["/reviews/2026-q3-review/"]
		if strings.Contains(rev.Text, "tender-acceptance-time") || !strings.Contains(rev.Text, "Time from tender to acceptance") {
			t.Errorf("a wiki link reads as its id in %q; want the node's title", clip(rev.Text))
		}
		for _, e := range idx {
			if strings.Contains(e.Text, "[[") {
				t.Errorf("%s: text %q holds a wiki link's brackets", e.URL, clip(e.Text))
			}
		}
		if dir.Summary == "" {
			t.Errorf("got no summary for %s", dir.URL)
		}
	})
}

// TestOwners checks the owners' list, each owner's page and the links
// to them from the leadership table and node pages.
func TestOwners(t *testing.T) {
	files := renderSite(t, example(), build.SiteOptions{})
	list := string(files["owners/index.html"])
	for _, name := range []string{"Daniel Reyes", "Hannah Berg", "Kofi Mensah", "Lena Vogt", "Maya Okafor", "Priya Natarajan", "Tomás Ibarra"} {
		t.Run(name, func(t *testing.T) {
			slug := strings.ReplaceAll(strings.ToLower(name), " ", "-")
			if !links(t, []byte(list), "/owners/"+slug+"/") {
				t.Errorf("owners/index.html does not link %s's page /owners/%s/", name, slug)
			}
			page, ok := files["owners/"+slug+"/index.html"]
			if !ok {
				t.Fatalf("got no owners/%s/index.html", slug)
			}
			if !bytes.Contains(page, []byte("<h1>"+name+"</h1>")) {
				t.Errorf("owners/%s/index.html is not titled %s", slug, name)
			}
		})
	}
	t.Run("what Priya holds", func(t *testing.T) {
		page := string(files["owners/priya-natarajan/index.html"])
		for _, want := range []string{`href="/directions/carrier-network/"`, `id="dirs-heading"`, `id="inis-heading"`, `id="sigs-heading"`} {
			if !strings.Contains(page, want) {
				t.Errorf("owners/priya-natarajan/index.html lacks %s", want)
			}
		}
	})
	t.Run("leadership table", func(t *testing.T) {
		home := string(files["index.html"])
		if !strings.Contains(home, `<th scope="col">Owner</th>`) || !links(t, []byte(home), "/owners/tomás-ibarra/") {
			t.Error("the leadership table has no owner column linking the owners' pages")
		}
	})
	t.Run("node page", func(t *testing.T) {
		if !bytes.Contains(files["directions/carrier-network/index.html"], []byte(`href="/owners/priya-natarajan/"`)) {
			t.Error("a direction's page does not link its owner's page")
		}
	})
}

// links reports whether a page has a link to the URL path target.
func links(t *testing.T, page []byte, target string) bool {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	for n := range doc.Descendants() {
		for _, a := range n.Attr {
			if a.Key == "href" {
				if u, err := url.Parse(a.Val); err == nil && u.Path == target {
					return true
				}
			}
		}
	}
	return false
}

// TestPlainPagesReachable checks that every plain page is linked from the
// pages' list, which the navigation names, in weight-then-title order.
func TestPlainPagesReachable(t *testing.T) {
	files := renderSite(t, example(), build.SiteOptions{})
	if !bytes.Contains(files["index.html"], []byte(`<a href="/pages/">Pages</a>`)) {
		t.Error("the navigation has no Pages entry")
	}
	list := string(files["pages/index.html"])
	for _, p := range []string{"/principles/", "/about/company/", "/about/glossary/", "/about/how-we-work/"} {
		t.Run(p, func(t *testing.T) {
			if !strings.Contains(list, `href="`+p+`"`) {
				t.Errorf("pages/index.html does not link %s", p)
			}
		})
	}
	t.Run("sections", func(t *testing.T) {
		if i, j := strings.Index(list, "<h2>Pages</h2>"), strings.Index(list, "<h2>About</h2>"); i < 0 || j < i {
			t.Errorf("got sections at %d (Pages) and %d (About); want the top-level pages first, then About", i, j)
		}
	})
}

// TestRelativeLinks checks a site built with relative URLs as a browser
// opening it from disk would: every link, asset and script reference is
// relative, names a file (never a folder), and that file exists.
func TestRelativeLinks(t *testing.T) {
	for _, tc := range []struct {
		name    string
		o       build.SiteOptions
		findins bool
	}{
		{"flag", build.SiteOptions{RelativeURLs: true}, false},
		{"flag under a base URL", build.SiteOptions{RelativeURLs: true, BaseURL: "https://example.org/strategy/"}, false},
		{"findings", build.SiteOptions{RelativeURLs: true}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := example()
			if tc.findins {
				root = findings()
			}
			files := renderSite(t, root, tc.o)
			if _, ok := files["search-index.js"]; !ok {
				t.Error("got no search-index.js; want the index as a script for a site opened from disk")
			}
			checkRelativeLinks(t, files)
		})
	}
}

func checkRelativeLinks(t *testing.T, files map[string][]byte) {
	t.Helper()
	checked := 0
	for _, p := range sortedPaths(files) {
		if path.Ext(p) != ".html" {
			continue
		}
		doc, err := html.Parse(bytes.NewReader(files[p]))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			for _, a := range n.Attr {
				if !linkAttrs[a.Key] && a.Key != "data-script" {
					continue
				}
				u := a.Val
				if strings.HasPrefix(u, "#") || strings.Contains(u, "://") || strings.HasPrefix(u, "mailto:") {
					continue
				}
				checked++
				if strings.HasPrefix(u, "/") {
					t.Errorf("%s: %s@%s %q is rooted; want it relative", p, n.Data, a.Key, u)
					continue
				}
				target := u
				if i := strings.IndexAny(target, "?#"); i >= 0 {
					target = target[:i]
				}
				if dec, err := url.PathUnescape(target); err == nil {
					target = dec
				}
				if target == "" || strings.HasSuffix(target, "/") {
					t.Errorf("%s: %s@%s %q names a folder; want its index.html", p, n.Data, a.Key, u)
					continue
				}
				target = path.Join(path.Dir(p), target)
				if _, ok := files[target]; !ok {
					t.Errorf("%s: %s@%s %q names %s; got no such file", p, n.Data, a.Key, u, target)
				}
			}
		}
	}
	if checked < 100 {
		t.Errorf("checked %d links; want the whole site's", checked)
	}
}
