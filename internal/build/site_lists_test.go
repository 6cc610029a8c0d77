package build_test

import (
	"context"
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bearing-dev/bearing/internal/build"
	"github.com/bearing-dev/bearing/internal/testtool"
)

// withConfig copies a playbook into memory with extra lines appended to
// its bearing.yaml.
func withConfig(t *testing.T, root fs.FS, extra string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(root, p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := m["bearing.yaml"]
	if cfg == nil {
		cfg = &fstest.MapFile{}
		m["bearing.yaml"] = cfg
	}
	cfg.Data = append(append([]byte(nil), cfg.Data...), "\n"+extra+"\n"...)
	return m
}

// section returns the part of page from the element with id="id" to the
// next work group, or to the end.
func section(page, id string) string {
	i := strings.Index(page, `id="`+id+`"`)
	if i < 0 {
		return ""
	}
	rest := page[i:]
	if j := strings.Index(rest[1:], `<section class="work-group"`); j >= 0 {
		return rest[:j+1]
	}
	return rest
}

// TestInitiativesList checks that /initiatives/ groups the initiatives
// under each direction they advance, with stage, status, owner, due and
// effort, and carries the filters' script, which no other page loads.
func TestInitiativesList(t *testing.T) {
	files := renderSite(t, example(), build.SiteOptions{})
	page := string(files["initiatives/index.html"])
	for _, tc := range []struct {
		name, group, initiative string
		want                    []string
	}{
		{"one direction", "dir-dispatch-cockpit", "hos-aware-planning",
			[]string{`data-status="active"`, `data-stage="execute"`, `data-owner="Daniel Reyes"`, `href="/owners/daniel-reyes/"`, "31 Jan 2027"}},
		{"effort", "dir-dispatch-cockpit", "unified-load-record",
			[]string{`data-owner="Kofi Mensah"`, "18 Dec 2026", `5 <span class="muted">of 5</span>`, "Also advances"}},
		{"the same under its second direction", "dir-carrier-network", "unified-load-record",
			[]string{`data-owner="Kofi Mensah"`, "Also advances"}},
		{"killed work stays listed", "dir-dispatch-cockpit", "dispatcher-mobile-app",
			[]string{`data-status="killed"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := section(page, tc.group)
			if g == "" {
				t.Fatalf("initiatives/index.html has no group %s", tc.group)
			}
			row := regexp.MustCompile(`<tr data-id="` + tc.initiative + `"[^\n]*</tr>`).FindString(g)
			if row == "" {
				t.Fatalf("group %s has no row for %s", tc.group, tc.initiative)
			}
			for _, w := range tc.want {
				if !strings.Contains(row, w) {
					t.Errorf("row %s under %s lacks %s:\n%s", tc.initiative, tc.group, w, row)
				}
			}
		})
	}
	t.Run("every initiative under every direction it advances", func(t *testing.T) {
		if got := strings.Count(page, "<tr data-id="); got != 18 {
			t.Errorf("got %d rows; want 18 (16 initiatives, 2 of them advancing two directions)", got)
		}
	})
	t.Run("filters", func(t *testing.T) {
		for _, w := range []string{`<form class="filters" id="filters" hidden`, `data-filter="status"`, `data-filter="stage"`, `data-filter="owner"`, `<option>Kofi Mensah</option>`, `src="/theme/filter.js?v=`} {
			if !strings.Contains(page, w) {
				t.Errorf("initiatives/index.html lacks %s", w)
			}
		}
		for p, b := range files {
			if p != "initiatives/index.html" && strings.HasSuffix(p, ".html") && strings.Contains(string(b), "filter.js") {
				t.Errorf("%s loads filter.js; only the initiatives' list should", p)
			}
		}
	})
}

// TestReviewsNewestFirst checks the order of /reviews/.
func TestReviewsNewestFirst(t *testing.T) {
	files := renderSite(t, example(), build.SiteOptions{})
	page := string(files["reviews/index.html"])
	want := []string{"/reviews/2026-q3-review/", "/reviews/2026-q2-review/", "/reviews/2026-01-strategy-offsite/"}
	last := -1
	for _, u := range want {
		i := strings.Index(page, `href="`+u+`"`)
		if i < 0 {
			t.Fatalf("reviews/index.html does not link %s", u)
		}
		if i < last {
			t.Errorf("reviews/index.html lists %s out of order; want %v, newest first", u, want)
		}
		last = i
	}
}

// TestFindingsSeverity checks that a node's findings box holding only
// warnings is coloured as a warning, not an error (a built site holds
// no errors; render's TestWorstSeverity covers them).
func TestFindingsSeverity(t *testing.T) {
	ex := renderSite(t, example(), build.SiteOptions{})
	bad := renderSite(t, findings(), build.SiteOptions{})
	for _, tc := range []struct {
		name  string
		files map[string][]byte
		page  string
	}{
		{"one warning", ex, "signals/claim-dispute-rate/index.html"},
		{"several warnings", bad, "directions/alpha/index.html"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := regexp.MustCompile(`class="findings[^"]*"`).FindString(string(tc.files[tc.page]))
			if want := `class="findings findings-warning"`; got != want {
				t.Errorf("%s: got %q; want %s", tc.page, got, want)
			}
		})
	}
}

// TestEditURL checks edit_url's link on node pages and plain pages.
func TestEditURL(t *testing.T) {
	for _, tc := range []struct {
		name, cfg, page, want string
	}{
		{"github", "edit_url: https://github.com/acme/strategy/edit/main/{path}", "directions/carrier-network/index.html",
			`<a class="edit" href="https://github.com/acme/strategy/edit/main/content/directions/carrier-network.md">Edit this page</a>`},
		{"in a query", "edit_url: https://cms.example.org/edit?file={path}&ref=main", "signals/position-coverage/index.html",
			`<a class="edit" href="https://cms.example.org/edit?file=content/signals/position-coverage.md&amp;ref=main">Edit this page</a>`},
		{"a plain page", "edit_url: https://github.com/acme/strategy/edit/main/{path}", "principles/index.html",
			`<a class="edit" href="https://github.com/acme/strategy/edit/main/content/principles.md">Edit this page</a>`},
		{"unset", "", "directions/carrier-network/index.html", ""},
		{"unset on a plain page", "", "principles/index.html", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := renderSite(t, withConfig(t, example(), tc.cfg), build.SiteOptions{})
			got := string(files[tc.page])
			if tc.want == "" {
				if strings.Contains(got, "Edit this page") {
					t.Errorf("%s links Edit this page without edit_url", tc.page)
				}
				return
			}
			if !strings.Contains(got, tc.want) {
				t.Errorf("%s lacks %s; got %q", tc.page, tc.want, regexp.MustCompile(`<p class="source">.*</p>`).FindString(got))
			}
		})
	}
	t.Run("relative URLs keep it absolute", func(t *testing.T) {
		files := renderSite(t, withConfig(t, example(), "edit_url: https://github.com/acme/strategy/edit/main/{path}"), build.SiteOptions{RelativeURLs: true})
		if got := string(files["directions/carrier-network/index.html"]); !strings.Contains(got, `href="https://github.com/acme/strategy/edit/main/content/directions/carrier-network.md"`) {
			t.Error("with relative URLs, the edit link is no longer the absolute edit_url")
		}
	})
}

// TestPhone lays the example out at 390 px in headless Chromium: the map
// keeps its size and scrolls in its box, the matrix scrolls under its
// sticky first column with a hint, and the initiatives' filters work.
func TestPhone(t *testing.T) {
	ctx := testtool.Chromium(t)
	srv := serveSite(renderSite(t, example(), build.SiteOptions{}))
	defer srv.Close()
	for _, tc := range []struct {
		name, page, js string
	}{
		{"the home map is not shrunk", "/",
			`(() => { const s = document.querySelector("svg.map"); return s.getBoundingClientRect().width >= +s.getAttribute("width") ? "" : "map drawn " + s.getBoundingClientRect().width + "px wide of " + s.getAttribute("width"); })()`},
		{"the home map scrolls in its box, not the page", "/",
			`(() => { const b = document.querySelector(".map-scroll"); if (b.scrollWidth <= b.clientWidth) return "the map's box does not scroll"; return document.documentElement.scrollWidth > innerWidth ? "the page scrolls sideways" : ""; })()`},
		{"the map as a list", "/",
			`document.querySelectorAll("details.map-list .map-tree a").length >= 30 ? "" : "the map's list holds " + document.querySelectorAll("details.map-list .map-tree a").length + " links"`},
		{"a sub-map is not shrunk", "/directions/carrier-network/",
			`(() => { const s = document.querySelector("svg.map"); return s.getBoundingClientRect().width >= +s.getAttribute("width") ? "" : "map drawn " + s.getBoundingClientRect().width + "px wide"; })()`},
		{"the matrix's first column is sticky", "/matrix/",
			`(() => { const th = document.querySelector(".matrix tbody th"); if (getComputedStyle(th).position !== "sticky") return "position " + getComputedStyle(th).position; const b = th.closest(".table-scroll"); if (b.scrollWidth <= b.clientWidth) return "the matrix does not scroll"; b.scrollLeft = b.scrollWidth; return Math.abs(th.getBoundingClientRect().left - b.getBoundingClientRect().left) < 2 ? "" : "the first column moved with the scroll"; })()`},
		{"the matrix says it scrolls", "/matrix/",
			`getComputedStyle(document.querySelector(".narrow-only")).display !== "none" ? "" : "no hint"`},
		{"the page does not scroll sideways", "/initiatives/",
			`document.documentElement.scrollWidth > innerWidth ? "the initiatives' list is " + document.documentElement.scrollWidth + "px wide" : ""`},
		{"the filters show with the script", "/initiatives/",
			`document.getElementById("filters").hidden ? "the filters are hidden" : ""`},
		{"filter by owner and status", "/initiatives/?owner=Kofi+Mensah&status=active",
			`(() => { const shown = [...document.querySelectorAll("tr[data-id]:not([hidden])")]; if (shown.some(r => r.dataset.owner !== "Kofi Mensah" || r.dataset.status !== "active")) return "a row of another owner or status shows"; const ids = new Set(shown.map(r => r.dataset.id)); if (ids.size !== 3) return "shows " + ids.size + " initiatives; want 3"; if (!document.getElementById("filter-status").textContent.includes("3 of 16")) return "status reads " + document.getElementById("filter-status").textContent; return [...document.querySelectorAll(".work-group")].filter(g => !g.hidden).length === 3 ? "" : "a direction with no matching row still shows"; })()`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 900, chromedp.EmulateMobile, chromedp.EmulateTouch),
				chromedp.Navigate(srv.URL+tc.page), chromedp.WaitReady("body"))
			if err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[string](tc.js))
			if err != nil {
				t.Fatal(err)
			}
			if got != "" {
				t.Errorf("%s at 390 px: %s", tc.page, got)
			}
		})
	}
}
