package build_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/net/html"

	"github.com/bearing-dev/bearing/internal/build"
	"github.com/bearing-dev/bearing/internal/markdown"
	"github.com/bearing-dev/bearing/internal/testtool"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// today is the date every site test renders as of, so that "days since
// review" and overdue rules never depend on the clock.
var today = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

// example is the fixture playbook in testdata/example, a copy of the
// repository's example as it was when the golden files were made: the
// example in content/ may change without a golden byte changing.
// Templates and theme are the embedded defaults.
func example() fs.FS { return os.DirFS(filepath.Join("testdata", "example")) }

// TestRepositoryExample checks that the repository's own example, which
// bearing serve shows in a fresh clone, builds without an error: it may
// change freely, the golden files do not follow it, but it must stay
// clean.
func TestRepositoryExample(t *testing.T) {
	files := renderSite(t, os.DirFS(filepath.Join("..", "..")), build.SiteOptions{})
	if _, ok := files["index.html"]; !ok {
		t.Errorf("got %d files and no index.html; want the example's site", len(files))
	}
}

// renderSite checks and renders a playbook into memory, failing the test
// on any error diagnostic.
func renderSite(t testing.TB, root fs.FS, o build.SiteOptions) map[string][]byte {
	t.Helper()
	return renderSiteWith(t, root, build.Options{FS: root, Today: today}, o)
}

// renderSiteWith is renderSite with the check's options.
func renderSiteWith(t testing.TB, root fs.FS, co build.Options, o build.SiteOptions) map[string][]byte {
	t.Helper()
	ctx := context.Background()
	res, err := build.Check(ctx, co)
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	if n := res.Errors(); n > 0 {
		for _, d := range res.Diags {
			t.Log(d)
		}
		t.Fatalf("check: got %d errors; want 0", n)
	}
	r, err := build.NewRenderer(root)
	if err != nil {
		t.Fatalf("templates: %v", err)
	}
	files := map[string][]byte{}
	var mu sync.Mutex
	err = build.Render(ctx, root, res, r, o, func(p string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		if _, dup := files[p]; dup {
			return fmt.Errorf("%s emitted twice", p)
		}
		files[p] = bytes.Clone(data) // data is only lent to emit
		return nil
	})
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	return files
}

// sortedPaths returns the keys of a rendered site in order.
func sortedPaths(files map[string][]byte) []string {
	ps := make([]string, 0, len(files))
	for p := range files {
		ps = append(ps, p)
	}
	slices.Sort(ps)
	return ps
}

// findings is a small playbook in testdata that breaks rules on purpose,
// with the errors among them turned into warnings so that it builds.
func findings() fs.FS { return os.DirFS(filepath.Join("testdata", "findings")) }

// TestGolden compares selected files of the sites of the example fixture
// and of the findings playbook with testdata/golden; `go test -run
// TestGolden -update` rewrites them.
func TestGolden(t *testing.T) {
	for _, site := range []struct {
		name  string
		root  fs.FS
		files []string
	}{
		{"example", example(), []string{
			"index.html",
			"directions/carrier-network/index.html",
			"initiatives/instant-tender/index.html",
			"signals/tender-acceptance-time/index.html",
			"signals/network-carrier-share/index.html",
			"signals/claim-dispute-rate/index.html",
			"signals/index.html",
			"roadmap/index.html",
			"outcome/index.html",
			"reviews/2026-q3-review/index.html",
			"principles/index.html",
			"directions/index.html",
			"stages/index.html",
			"matrix/index.html",
			"health/index.html",
			"search/index.html",
			"brief/index.html",
			"owners/index.html",
			"owners/priya-natarajan/index.html",
			"pages/index.html",
			"404.html",
			"search-index.json",
			"alignment.json",
			"sitemap.xml",
		}},
		{"findings", findings(), []string{
			"index.html",
			"directions/alpha/index.html",
			"initiatives/a-tasks/index.html",
			"about/index.html",
			"stages/index.html",
			"matrix/index.html",
			"health/index.html",
		}},
	} {
		files := renderSite(t, site.root, build.SiteOptions{})
		for _, p := range site.files {
			t.Run(site.name+"/"+p, func(t *testing.T) {
				got, ok := files[p]
				if !ok {
					t.Fatalf("got no %s in the site; want one", p)
				}
				golden := filepath.Join("testdata", "golden", site.name, filepath.FromSlash(p))
				if *update {
					if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(golden, got, 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test -run TestGolden -update to create it)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from %s:\n%s\n(run go test -run TestGolden -update if the change is intended)", p, golden, testtool.FirstDiff(got, want))
				}
			})
		}
	}
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

// TestDeterministic renders the example twice and compares every byte.
func TestDeterministic(t *testing.T) {
	a := renderSite(t, example(), build.SiteOptions{})
	b := renderSite(t, example(), build.SiteOptions{})
	if ha, hb := treeHash(a), treeHash(b); ha != hb {
		for _, p := range sortedPaths(a) {
			if !bytes.Equal(a[p], b[p]) {
				t.Errorf("%s: two renders differ:\n%s", p, testtool.FirstDiff(a[p], b[p]))
			}
		}
		t.Fatalf("got tree hashes %s and %s; want equal", ha, hb)
	}
}

// TestConsume checks that a consuming render, which releases each body
// once its node's page is made and starts the whole-playbook views later,
// writes the same site, and that it did release the bodies.
func TestConsume(t *testing.T) {
	cases := []struct {
		name string
		root func(testing.TB) fs.FS
	}{
		{"example", func(testing.TB) fs.FS { return example() }},
		{"gen-300", func(tb testing.TB) fs.FS { return genFS(tb, 300) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := c.root(t)
			want := renderSite(t, root, build.SiteOptions{})
			ctx := context.Background()
			res, err := build.Check(ctx, build.Options{FS: root, Today: today})
			if err != nil {
				t.Fatal(err)
			}
			r, err := build.NewRenderer(root)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string][]byte{}
			var mu sync.Mutex
			err = build.Render(ctx, root, res, r, build.SiteOptions{Consume: true}, func(p string, data []byte) error {
				mu.Lock()
				defer mu.Unlock()
				got[p] = bytes.Clone(data)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if hw, hg := treeHash(want), treeHash(got); hw != hg {
				for _, p := range sortedPaths(want) {
					if !bytes.Equal(want[p], got[p]) {
						t.Errorf("%s: differs when consumed:\n%s", p, testtool.FirstDiff(want[p], got[p]))
					}
				}
				t.Fatalf("tree hashes %s and %s; want equal", hw, hg)
			}
			released := 0
			for _, n := range res.Graph.Nodes {
				if n == res.Graph.Home {
					if err := res.MD.Render(io.Discard, n.Body, nil); err != nil {
						t.Errorf("home %s: %v; want its body kept", n.Path, err)
					}
				} else if err := res.MD.Render(io.Discard, n.Body, nil); errors.Is(err, markdown.ErrNotCompiled) {
					released++
				}
			}
			if want := len(res.Graph.Nodes) - 1; released != want {
				t.Errorf("%d bodies released; want %d, every one but the home page's", released, want)
			}
		})
	}
}

// treeHash hashes every path and its bytes.
func treeHash(files map[string][]byte) string {
	h := sha256.New()
	for _, p := range sortedPaths(files) {
		sum := sha256.Sum256(files[p])
		fmt.Fprintf(h, "%s %x\n", p, sum)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestLinks parses every HTML page and checks that every internal href and
// src names a file of the site, and every #fragment an id on the target
// page, at a domain root and under a sub-path.
func TestLinks(t *testing.T) {
	for _, tc := range []struct {
		name, baseURL, prefix string
	}{
		{"root", "", "/"},
		{"sub-path", "https://example.org/strategy/", "/strategy/"},
		{"sub-path without host", "/docs/strategy", "/docs/strategy/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := renderSite(t, example(), build.SiteOptions{BaseURL: tc.baseURL})
			checkLinks(t, files, tc.prefix, "example.org")
		})
		t.Run("findings "+tc.name, func(t *testing.T) {
			files := renderSite(t, findings(), build.SiteOptions{BaseURL: tc.baseURL})
			checkLinks(t, files, tc.prefix, "example.org")
		})
	}
}

// pageURL is the URL path a file is served at below the prefix.
func pageURL(prefix, p string) string {
	if p == "index.html" {
		return prefix
	}
	if strings.HasSuffix(p, "/index.html") {
		return prefix + strings.TrimSuffix(p, "index.html")
	}
	return prefix + p
}

// linkAttrs are the attributes that carry URLs a reader's browser follows.
var linkAttrs = map[string]bool{"href": true, "src": true, "action": true, "data-index": true, "poster": true}

func checkLinks(t *testing.T, files map[string][]byte, prefix, host string) {
	t.Helper()
	ids := map[string]map[string]bool{} // page path → ids on it
	type link struct{ page, attr, url string }
	var links []link
	pages := 0
	for _, p := range sortedPaths(files) {
		if path.Ext(p) != ".html" {
			continue
		}
		pages++
		doc, err := html.Parse(bytes.NewReader(files[p]))
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		ids[p] = map[string]bool{}
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			for _, a := range n.Attr {
				switch {
				case a.Key == "id" || a.Key == "name" && n.Data == "a":
					ids[p][a.Val] = true
				case linkAttrs[a.Key]:
					links = append(links, link{p, n.Data + "@" + a.Key, a.Val})
				}
			}
		}
	}
	if pages < 10 {
		t.Fatalf("got %d HTML pages; want the whole example site", pages)
	}
	checked := 0
	for _, l := range links {
		base, _ := url.Parse("https://" + host + pageURL(prefix, l.page))
		u, err := url.Parse(strings.TrimSpace(l.url))
		if err != nil {
			t.Errorf("%s: %s %q: %v", l.page, l.attr, l.url, err)
			continue
		}
		abs := base.ResolveReference(u)
		if abs.Scheme != "https" && abs.Scheme != "http" || abs.Host != host {
			continue // external
		}
		checked++
		if u.Scheme == "" && u.Host == "" && u.Path != "" && !strings.HasPrefix(u.Path, prefix) {
			t.Errorf("%s: %s %q does not start with the base path %s", l.page, l.attr, l.url, prefix)
		}
		if !strings.HasPrefix(abs.Path, prefix) {
			t.Errorf("%s: %s %q leaves the base path %s", l.page, l.attr, l.url, prefix)
			continue
		}
		target := strings.TrimPrefix(abs.Path, prefix)
		if target == "" || strings.HasSuffix(target, "/") {
			target += "index.html"
		}
		if _, ok := files[target]; !ok {
			t.Errorf("%s: %s %q names %s; got no such file", l.page, l.attr, l.url, target)
			continue
		}
		if strings.TrimSpace(l.url) == "" {
			t.Errorf("%s: got an empty %s; want a link to somewhere", l.page, l.attr)
		}
		if abs.Fragment != "" && path.Ext(target) == ".html" && !ids[target][abs.Fragment] {
			t.Errorf("%s: %s %q: got no id %q on %s", l.page, l.attr, l.url, abs.Fragment, target)
		}
	}
	if checked < pages {
		t.Errorf("got %d internal links on %d pages; want at least one per page", checked, pages)
	}
}

// xssPayloads are the strings the XSS test hides in a playbook.
const (
	scriptTag = `<script>alert(1)</script>`
	imgTag    = `<img src=x onerror=alert(1)>`
)

// xssPlaybook is a valid playbook whose title, fields, tags and bodies
// carry script: raw tags, event handlers and script URLs in several
// spellings.
func xssPlaybook(unsafe bool) fstest.MapFS {
	body := "# Heading " + scriptTag + "\n\n" +
		"Inline " + scriptTag + " and " + imgTag + " here.\n\n" +
		scriptTag + "\n\n" +
		"<div onclick=\"alert(1)\">block</div>\n\n" +
		"[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](<java\tscript:alert(1)>) " +
		"[d](java&#9;script:alert(1)) [e](&#106;avascript:alert(1)) [f](javascript&colon;alert(1)) " +
		"[g]( javascript:alert(1)) [h](vbscript:msgbox(1)) [i](data:text/html;base64,PHNjcmlwdD4=)\n\n" +
		"![img](javascript:alert(1)) <javascript:alert(1)> [[d1|" + scriptTag + "]]\n\n" +
		"[ref link][r]\n\n[r]: JAVASCRIPT:alert(1)\n"
	q := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }
	// Links such as java<TAB>script:… have no valid scheme, so the checker
	// reads them as missing files; switching link/broken off lets them
	// reach the renderer, which must still drop them.
	cfg := "title: " + q("Strategy "+scriptTag) + "\ndescription: " + q(imgTag) + "\nrules:\n  link/broken: off\n"
	if unsafe {
		cfg += "unsafe_html: true\n"
	}
	return fstest.MapFS{
		"bearing.yaml":      {Data: []byte(cfg)},
		"content/_index.md": {Data: []byte("---\ntitle: " + q("Home "+scriptTag) + "\n---\n" + body)},
		"content/directions/d1.md": {Data: []byte("---\ntitle: " + q("Dir "+scriptTag) + "\n" +
			"summary: " + q(imgTag) + "\nowner: " + q(scriptTag) + "\ntags: [" + q(scriptTag) + "]\n" +
			"problem: " + q(scriptTag) + "\nfor_whom: " + q(imgTag) + "\nwhy_we_win: " + q("javascript:alert(1)") + "\n" +
			"alternatives: [" + q(scriptTag) + "]\n" +
			"must_be_true:\n  - claim: " + q(scriptTag) + "\n    status: validated\n    evidence: " + q(imgTag) + "\n" +
			"non_goals:\n  - statement: " + q(scriptTag) + "\n    tags: [" + q("x"+imgTag) + "]\n" +
			"---\n" + body)},
		"content/initiatives/i1.md": {Data: []byte("---\ntitle: " + q("Ini "+imgTag) + "\nadvances: [d1]\nsignals: [s1]\n" +
			"rationale: " + q(scriptTag) + "\nsummary: " + q(scriptTag) + "\ntags: [" + q(imgTag) + "]\n---\n" + body)},
		"content/signals/s1.md": {Data: []byte("---\ntitle: " + q("Sig "+scriptTag) + "\nmeasures: [d1, i1]\n" +
			"unit: " + q(scriptTag) + "\nbaseline: 1\ntarget: 2\ncurrent: 1\ncadence: monthly\nsource: " + q("javascript:alert(1)") + "\n" +
			"history:\n  - date: 2026-09-01\n    value: 0.5\n    note: " + q(scriptTag) + "\n  - date: 2026-10-01\n    value: 1\n    note: " + q(imgTag) + "\n---\n" + body)},
		"content/reviews/r1.md": {Data: []byte("---\ntitle: " + q("Rev "+scriptTag) + "\ndate: 2026-10-01\nreviews: [d1]\n" +
			"decisions:\n  d1: continue\n---\n" + body)},
		"content/notes/" + "page.md": {Data: []byte("---\ntitle: " + q("Page "+scriptTag) + "\nsummary: " + q(imgTag) + "\n---\n" + body)},
	}
}

// TestXSS renders a hostile playbook and checks that no script, event
// handler or script URL reaches a page, whatever the letter case; with
// unsafe_html raw HTML passes but script URLs are still dropped.
func TestXSS(t *testing.T) {
	for _, unsafe := range []bool{false, true} {
		t.Run(fmt.Sprintf("unsafe_html=%v", unsafe), func(t *testing.T) {
			files := renderSite(t, xssPlaybook(unsafe), build.SiteOptions{})
			sawRaw := false
			for _, p := range sortedPaths(files) {
				data := files[p]
				switch path.Ext(p) {
				case ".json":
					// JSON escapes < and > as \u003c and \u003e, so a page
					// that embeds it can never close its script element.
					for _, bad := range []string{"<script", "<img"} {
						if bytes.Contains(bytes.ToLower(data), []byte(bad)) {
							t.Errorf("%s: got %q; want it escaped", p, bad)
						}
					}
				case ".html":
					if unsafe && bytes.Contains(data, []byte(scriptTag)) {
						sawRaw = true
					}
					checkNoScript(t, p, data, unsafe)
				}
			}
			if unsafe && !sawRaw {
				t.Errorf("got no raw %s on any page; want unsafe_html to pass body HTML through", scriptTag)
			}
		})
	}
}

// checkNoScript fails on script elements other than the theme's, on event
// handler attributes and on URLs with a scheme that runs code. With
// unsafe set, script elements and handlers are only allowed where the body
// Markdown put them, which the test cannot tell apart by parsing, so it
// checks that fields and titles stayed escaped instead.
func checkNoScript(t *testing.T, p string, data []byte, unsafe bool) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Errorf("%s: %v", p, err)
		return
	}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		if n.Data == "title" && n.FirstChild != nil && n.FirstChild.Type != html.TextNode {
			t.Errorf("%s: <title> holds markup", p)
		}
		if !unsafe && n.Data == "script" && !slices.ContainsFunc(n.Attr, func(a html.Attribute) bool {
			return a.Key == "src" && (strings.Contains(a.Val, "theme/search.js?") || strings.Contains(a.Val, "theme/filter.js?"))
		}) {
			t.Errorf("%s: got a <script> element that is not the theme's; want none", p)
		}
		if !unsafe && n.Data == "img" && !slices.ContainsFunc(n.Attr, func(a html.Attribute) bool {
			return a.Key == "src" && strings.Contains(a.Val, "theme/favicon.svg")
		}) {
			t.Errorf("%s: got an <img> that is not the theme's; want raw HTML escaped", p)
		}
		for _, a := range n.Attr {
			if !unsafe && strings.HasPrefix(strings.ToLower(a.Key), "on") {
				t.Errorf("%s: <%s %s=%q>: got an event handler; want none", p, n.Data, a.Key, a.Val)
			}
			if !textAttrs[a.Key] && scriptURL(a.Val) {
				t.Errorf("%s: <%s %s=%q>: got a script URL; want it dropped", p, n.Data, a.Key, a.Val)
			}
		}
	}
	// Whatever unsafe_html says, frontmatter values are text: the title's
	// and fields' payloads appear escaped in the page source.
	for _, marker := range []string{"Dir " + scriptTag, "Ini " + imgTag, "Sig " + scriptTag, "Strategy " + scriptTag} {
		if bytes.Contains(data, []byte(marker)) {
			t.Errorf("%s: got %q unescaped; want frontmatter escaped", p, marker)
		}
	}
}

// textAttrs hold text for people, never a URL a browser follows.
var textAttrs = map[string]bool{"title": true, "alt": true, "aria-label": true, "content": true}

// scriptURL reports whether a URL would run code, the way a browser reads
// it: control characters and whitespace stripped, any letter case.
func scriptURL(u string) bool {
	var b strings.Builder
	for _, r := range u {
		if r > ' ' {
			b.WriteRune(r)
		}
	}
	s := strings.ToLower(b.String())
	for _, scheme := range []string{"javascript:", "vbscript:", "data:"} {
		if strings.HasPrefix(s, scheme) {
			return true
		}
	}
	return false
}

// TestOutputCollision checks that a content file whose output lands on a
// file the site makes itself fails the render, naming the file, instead of
// one silently overwriting the other.
func TestOutputCollision(t *testing.T) {
	base := fstest.MapFS{
		"content/directions/d.md":  {Data: []byte(smallPlaybook["content/directions/d.md"])},
		"content/initiatives/i.md": {Data: []byte(smallPlaybook["content/initiatives/i.md"])},
		"content/signals/s.md":     {Data: []byte(smallPlaybook["content/signals/s.md"])},
	}
	for _, tc := range []struct{ file, data string }{
		{"content/health.md", "---\ntitle: Health\n---\n"},
		{"content/search.md", "---\ntitle: Search\n---\n"},
		{"content/matrix/index.md", "---\ntitle: Matrix\n---\n"},
		{"content/theme/style.css", "body{}"},
		{"content/sitemap.xml", "<urlset/>"},
		{"content/404.html", "<p>lost</p>"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for k, v := range base {
				fsys[k] = v
			}
			fsys[tc.file] = &fstest.MapFile{Data: []byte(tc.data)}
			ctx := context.Background()
			res, err := build.Check(ctx, build.Options{FS: fsys, Today: today})
			if err != nil {
				t.Fatal(err)
			}
			if res.Errors() > 0 {
				t.Skipf("the checker already rejects %s: %v", tc.file, res.Diags)
			}
			r, err := build.NewRenderer(fsys)
			if err != nil {
				t.Fatal(err)
			}
			err = build.Render(ctx, fsys, res, r, build.SiteOptions{}, func(string, []byte) error { return nil })
			if err == nil || !strings.Contains(err.Error(), tc.file) {
				t.Errorf("got error %v; want one naming %s", err, tc.file)
			}
		})
	}
}

// TestDrafts checks that a draft is left out of every page, index and
// list unless drafts are asked for, and that links to it become text.
func TestDrafts(t *testing.T) {
	fsys := fstest.MapFS{}
	for k, v := range smallPlaybook {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	fsys["content/notes/secret.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Secret plan\ndraft: true\n---\nHidden.\n")}
	fsys["content/notes/open.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Open\n---\nSee [[secret]] and [the plan](secret.md).\n")}
	t.Run("without drafts", func(t *testing.T) {
		files := renderSite(t, fsys, build.SiteOptions{})
		if _, ok := files["notes/secret/index.html"]; ok {
			t.Errorf("got notes/secret/index.html; want no page for a draft")
		}
		for _, p := range sortedPaths(files) {
			if bytes.Contains(files[p], []byte("/notes/secret/")) {
				t.Errorf("%s: got a link to the draft; want none", p)
			}
		}
		open := string(files["notes/open/index.html"])
		if !strings.Contains(open, "Secret plan") || !strings.Contains(open, "the plan") {
			t.Errorf("got the links to the draft dropped entirely; want their text kept")
		}
		checkLinks(t, files, "/", "example.org")
	})
	t.Run("with drafts", func(t *testing.T) {
		files := renderSite(t, fsys, build.SiteOptions{Drafts: true})
		if _, ok := files["notes/secret/index.html"]; !ok {
			t.Errorf("got no notes/secret/index.html; want the draft with --drafts")
		}
		if !bytes.Contains(files["notes/open/index.html"], []byte(`href="/notes/secret/"`)) {
			t.Errorf("got no link to the draft; want one with --drafts")
		}
	})
}

// TestLargePlaybook renders a generated playbook of 1,000 files and checks
// what keeps a large site readable: the home page shows the overview map
// instead of every node, and the matrix comes in tables of at most eight
// directions, every initiative in at least one.
func TestLargePlaybook(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 1,000 files; skipped in -short mode")
	}
	files := renderSite(t, genFS(t, 1000), build.SiteOptions{})
	if home := files["index.html"]; !bytes.Contains(home, []byte(`class="map overview"`)) {
		t.Errorf("got no overview map on the home page of 1,000 files; want one")
	}
	doc, err := html.Parse(bytes.NewReader(files["matrix/index.html"]))
	if err != nil {
		t.Fatal(err)
	}
	tables, inMatrix := 0, map[string]bool{}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode || n.Data != "table" {
			continue
		}
		tables++
		cols := 0
		for c := range n.Descendants() {
			if c.Type != html.ElementNode || c.Data != "th" {
				continue
			}
			scope := ""
			for _, a := range c.Attr {
				if a.Key == "scope" {
					scope = a.Val
				}
			}
			if scope == "col" {
				cols++
			}
			if scope == "row" {
				for a := range c.Descendants() {
					for _, at := range a.Attr {
						if a.Data == "a" && at.Key == "href" {
							inMatrix[at.Val] = true
						}
					}
				}
			}
		}
		if cols-1 > 8 {
			t.Errorf("got a matrix table with %d direction columns; want at most 8", cols-1)
		}
	}
	if tables < 2 {
		t.Errorf("got %d matrix tables for 50 directions; want several", tables)
	}
	for _, p := range sortedPaths(files) {
		if strings.HasPrefix(p, "initiatives/") && p != "initiatives/index.html" {
			if u := pageURL("/", p); !inMatrix[u] {
				t.Errorf("got no row for %s in the matrix; want one", u)
			}
		}
	}
	checkLinks(t, files, "/", "example.org")
}
