package build_test

import (
	"context"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/bearing-dev/bearing/internal/build"
	"github.com/bearing-dev/bearing/internal/testtool"
)

// briefPages is the most A4 pages the example's board brief may print to.
const briefPages = 6

// printPDF prints the page at u to an A4 PDF as Chromium's --print-to-pdf
// does, the page's own @page rules first.
func printPDF(ctx context.Context, u string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(u), chromedp.WaitReady("body")); err != nil {
		return nil, err
	}
	yes := true
	res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &yes, PaperWidth: 8.27, PaperHeight: 11.69})
	if err != nil {
		return nil, err
	}
	return res.Data, nil
}

// pdfPages counts a PDF's pages with pdfinfo and returns, per page, the
// text pdftotext finds on it.
func pdfPages(t *testing.T, pdf []byte, pdfinfo, pdftotext string) []string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "page.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdfinfo, f).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	n := 0
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			n, _ = strconv.Atoi(strings.TrimSpace(v))
		}
	}
	texts := make([]string, n)
	for i := range n {
		p := strconv.Itoa(i + 1)
		b, err := exec.Command(pdftotext, "-f", p, "-l", p, f, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		texts[i] = strings.TrimSpace(string(b))
	}
	return texts
}

// cutOffTables finds, in the page as laid out for print at the width of
// an A4 page's text, the tables wider than the page or clipped by a box
// around them.
const cutOffTables = `(() => {
  const bad = [];
  const width = document.documentElement.clientWidth;
  for (const t of document.querySelectorAll("table")) {
    const r = t.getBoundingClientRect();
    if (r.width === 0) continue;
    if (r.right > width + 1) { bad.push((t.className || "table") + " ends at " + Math.round(r.right) + "px of " + width); continue; }
    for (let p = t.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o !== "visible" && p.scrollWidth > p.clientWidth + 1) { bad.push((t.className || "table") + " clipped by " + p.className); break; }
    }
  }
  return bad;
})()`

// TestPrint prints the example's board brief to PDF and checks it fits in
// briefPages A4 pages; prints every page of the site and checks that none
// gives a blank page or a table cut off at the paper's edge; and prints
// each direction's page on its own.
func TestPrint(t *testing.T) {
	pdfinfo := testtool.Path(t, "pdfinfo", "apt-get install poppler-utils")
	pdftotext := testtool.Path(t, "pdftotext", "apt-get install poppler-utils")
	ctx := testtool.Chromium(t)
	files := renderSite(t, example(), build.SiteOptions{})
	srv := serveSite(files)
	defer srv.Close()
	t.Run("brief", func(t *testing.T) {
		pdf, err := printPDF(ctx, srv.URL+"/brief/")
		if err != nil {
			t.Fatal(err)
		}
		pages := pdfPages(t, pdf, pdfinfo, pdftotext)
		t.Logf("the brief prints to %d A4 pages", len(pages))
		if len(pages) == 0 || len(pages) > briefPages {
			t.Errorf("the brief prints to %d pages; want 1 to %d", len(pages), briefPages)
		}
		all := strings.Join(pages, "\n")
		for _, want := range []string{"Problem", "For whom", "Why we win", "Must be true", "Initiatives", "Signals"} {
			if !strings.Contains(all, want) {
				t.Errorf("the printed brief lacks %q", want)
			}
		}
	})
	for _, p := range sortedPaths(files) {
		if path.Ext(p) != ".html" {
			continue
		}
		u := pageURL("/", p)
		t.Run(u, func(t *testing.T) {
			pdf, err := printPDF(ctx, srv.URL+u)
			if err != nil {
				t.Fatal(err)
			}
			for i, text := range pdfPages(t, pdf, pdfinfo, pdftotext) {
				if text == "" {
					t.Errorf("printed page %d is blank", i+1)
				}
			}
			// The tables as laid out for print, at the width of the text
			// of an A4 page with the theme's margins (186 mm).
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
				t.Fatal(err)
			}
			defer chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""})
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(703, 1000)); err != nil {
				t.Fatal(err)
			}
			bad, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](cutOffTables))
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range bad {
				t.Errorf("printed, a table is cut off: %s", b)
			}
		})
	}
}

// TestFromDisk opens the site built with relative URLs from disk, as a
// zipped public/ on a laptop, in headless Chromium: the stylesheet
// applies, the maps are drawn, and search finds a direction by a word of
// its problem.
func TestFromDisk(t *testing.T) {
	ctx := testtool.Chromium(t)
	dir := t.TempDir()
	writeSiteTo(t, dir, renderSite(t, example(), build.SiteOptions{RelativeURLs: true}))
	file := func(p string) string { return "file://" + filepath.ToSlash(filepath.Join(dir, filepath.FromSlash(p))) }
	for _, tc := range []struct{ name, page string }{
		{"home", "index.html"},
		{"direction", "directions/carrier-network/index.html"},
		{"brief", "brief/index.html"},
		{"owner", "owners/priya-natarajan/index.html"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			if err := chromedp.Do(ctx, chromedp.Navigate(file(tc.page)), chromedp.WaitReady("body")); err != nil {
				t.Fatal(err)
			}
			// The theme sets the body's font stack; without the
			// stylesheet the browser's default serif applies.
			font, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).fontFamily`))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(font, "system-ui") {
				t.Errorf("%s: body font %q; want the theme's (the stylesheet did not load)", tc.page, font)
			}
			broken, err := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.images].filter(i => !i.complete || i.naturalWidth === 0).length`))
			if err != nil {
				t.Fatal(err)
			}
			if broken > 0 {
				t.Errorf("%s: %d images did not load", tc.page, broken)
			}
		})
	}
	t.Run("search", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(ctx, chromedp.Navigate(file("search/index.html")+"?q=phones+texts"), chromedp.WaitVisible("#search-results li")); err != nil {
			t.Fatalf("search from disk found nothing: %v", err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("search-results").textContent`))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(got, "A trusted network of carriers") || !strings.Contains(got, "Problem:") {
			t.Errorf("search for words of a direction's problem from disk: got %q; want the direction, the field named", clip(got))
		}
		href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#search-results a").href`))
		if err != nil {
			t.Fatal(err)
		}
		if p, ok := strings.CutPrefix(href, "file://"); !ok || !strings.HasSuffix(p, "/index.html") {
			t.Errorf("a result links %q; want a file:// URL of an index.html", href)
		} else if _, err := os.Stat(p); err != nil {
			t.Errorf("a result links %q: %v", href, err)
		}
	})
}
