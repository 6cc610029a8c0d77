package build_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/bearing-dev/bearing/internal/testtool"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/bearing-dev/bearing/internal/build"
)

// The checks in this file need tools outside Go: the Nu HTML checker
// (Java and vnu.jar) and headless Chromium with axe-core. Without them
// they skip, saying what to install, unless BEARING_REQUIRE_TOOLS=1, which
// CI sets so that a missing tool fails instead of passing silently.

// writeSiteTo writes a rendered site below dir.
func writeSiteTo(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	for p, b := range files {
		f := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestHTMLValid runs the Nu HTML checker over every page of the example
// site, of the site under a sub-path, of the findings playbook and of a
// hostile one; and over the theme's stylesheet.
func TestHTMLValid(t *testing.T) {
	java, err := exec.LookPath("java")
	if err != nil {
		testtool.Missing(t, "java is not installed (apt-get install default-jre-headless)", "see .ci/run")
	}
	jar := os.Getenv("VNU_JAR")
	if jar == "" {
		testtool.Missing(t, "VNU_JAR is not set (npm install vnu-jar; VNU_JAR=$(npm root)/vnu-jar/build/dist/vnu.jar)", "see .ci/run")
	}
	if _, err := os.Stat(jar); err != nil {
		testtool.Missing(t, fmt.Sprintf("VNU_JAR: %v", err), "see .ci/run")
	}
	// One run of the checker over every site: the JVM starts once.
	dir := t.TempDir()
	for _, site := range []struct {
		name  string
		files map[string][]byte
	}{
		{"example", renderSite(t, example(), build.SiteOptions{})},
		{"example-subpath", renderSite(t, example(), build.SiteOptions{BaseURL: "https://example.org/strategy/"})},
		{"example-relative", renderSite(t, example(), build.SiteOptions{RelativeURLs: true})},
		{"findings", renderSite(t, findings(), build.SiteOptions{})},
		{"hostile", renderSite(t, xssPlaybook(false), build.SiteOptions{})},
		// The example with a fixture git history: the drift page's
		// charts and events, the History sections, readings from git.
		{"example-history", renderHistorySite(t)},
		// Not with unsafe_html: raw HTML passed through is the writer's
		// own, valid or not (the hostile playbook's <img> has no alt).
	} {
		writeSiteTo(t, filepath.Join(dir, site.name), site.files)
	}
	cmd := exec.Command(java, "-jar", jar, "--errors-only", "--skip-non-html", "--also-check-css", "--also-check-svg", "--format", "gnu", dir)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	report := strings.TrimSpace(strings.ReplaceAll(out.String(), "file:"+dir+"/", ""))
	report = strings.ReplaceAll(report, "\""+dir+"/", "\"")
	if err != nil || report != "" {
		t.Errorf("the Nu HTML checker reports errors (%v):\n%s", err, report)
	}
}

// serveSite serves a rendered site the way a static host does: a folder's
// index.html for its URL, 404.html with status 404 for anything else.
func serveSite(files map[string][]byte) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if strings.HasSuffix(r.URL.Path, "/") {
			p = path.Join(p, "index.html")
		}
		b, ok := files[p]
		status := http.StatusOK
		if !ok {
			b, status = files["404.html"], http.StatusNotFound
			p = "404.html"
		}
		if ct := map[string]string{".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
			".js": "text/javascript; charset=utf-8", ".json": "application/json", ".svg": "image/svg+xml",
			".xml": "application/xml"}[path.Ext(p)]; ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		w.WriteHeader(status)
		_, _ = w.Write(b)
	}))
}

// scheme emulates prefers-color-scheme.
func scheme(ctx context.Context, s string) error {
	_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: s}},
	})
	return err
}

// axeResult is the part of axe.run's result the test reads.
type axeResult struct {
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target         []any  `json:"target"`
			FailureSummary string `json:"failureSummary"`
			HTML           string `json:"html"`
		} `json:"nodes"`
	} `json:"violations"`
}

// sitePages lists the URL paths of every HTML page, plus the search page
// with a query that finds something, so that its results are checked too.
func sitePages(files map[string][]byte, query string) []string {
	var urls []string
	for _, p := range sortedPaths(files) {
		if path.Ext(p) == ".html" {
			urls = append(urls, pageURL("/", p))
		}
	}
	return append(urls, "/search/?q="+query)
}

// TestAccessibility runs axe-core in headless Chromium over every page of
// the example site and of the findings playbook, in light and in dark, and
// fails on any serious or critical violation.
func TestAccessibility(t *testing.T) {
	axePath := os.Getenv("AXE_JS")
	if axePath == "" {
		testtool.Missing(t, "AXE_JS is not set (npm install axe-core; AXE_JS=$(npm root)/axe-core/axe.min.js)", "see .ci/run")
	}
	axe, err := os.ReadFile(axePath)
	if err != nil {
		testtool.Missing(t, fmt.Sprintf("AXE_JS: %v", err), "see .ci/run")
	}
	ctx := testtool.Chromium(t)
	for _, site := range []struct {
		name, query string
		root        fs.FS
		history     bool
	}{{"example", "carrier", example(), false}, {"findings", "alpha", findings(), false}, {"example-history", "carrier", nil, true}} {
		var files map[string][]byte
		if site.history {
			files = renderHistorySite(t)
		} else {
			files = renderSite(t, site.root, build.SiteOptions{})
		}
		srv := serveSite(files)
		defer srv.Close()
		t.Logf("serving the %s site at %s", site.name, srv.URL)
		// Light and dark at a desktop width, and light on a phone, where
		// the leadership table turns into cards and the map shrinks.
		for _, v := range []struct {
			mode  string
			width int64
		}{{"light", 1280}, {"dark", 1280}, {"light", 390}} {
			t.Run(fmt.Sprintf("%s/%s/%d", site.name, v.mode, v.width), func(t *testing.T) {
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(v.width, 900)); err != nil {
					t.Fatal(err)
				}
				axeSite(t, ctx, srv.URL, sitePages(files, site.query), v.mode, axe)
			})
		}
	}
}

// axeSite runs axe-core over pages in one colour scheme and fails on
// serious and critical violations; lesser ones are logged.
func axeSite(t *testing.T, ctx context.Context, base string, pages []string, mode string, axe []byte) {
	if err := scheme(ctx, mode); err != nil {
		t.Fatal(err)
	}
	for _, u := range pages {
		res, err := runAxe(ctx, base+u, strings.Contains(u, "?q="), axe)
		if err != nil {
			t.Errorf("%s: %v", u, err)
			continue
		}
		for _, v := range res.Violations {
			msg := fmt.Sprintf("%s (%s): %s [%s]", u, mode, v.Help, v.ID)
			for i, n := range v.Nodes {
				if i == 3 {
					msg += fmt.Sprintf("\n\t… and %d more", len(v.Nodes)-3)
					break
				}
				msg += fmt.Sprintf("\n\t%v %s\n\t%s", n.Target, clip(n.HTML), strings.ReplaceAll(n.FailureSummary, "\n", " "))
			}
			if v.Impact == "serious" || v.Impact == "critical" {
				t.Error(msg)
			} else {
				t.Logf("%s: %s", v.Impact, msg)
			}
		}
	}
}

// runAxe loads a page, waits for search results when asked, injects
// axe-core and returns its violations.
func runAxe(ctx context.Context, url string, results bool, axe []byte) (*axeResult, error) {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitReady("body")); err != nil {
		return nil, err
	}
	if results {
		if err := chromedp.Do(ctx, chromedp.WaitVisible("#search-results li")); err != nil {
			return nil, err
		}
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](string(axe))); err != nil {
		return nil, err
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](
		`axe.run(document, {resultTypes: ["violations"]}).then(r => ({violations: r.violations}))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, err
	}
	var res axeResult
	if err := json.Unmarshal(raw, &res); err != nil {
		return nil, fmt.Errorf("reading axe's result: %w", err)
	}
	return &res, nil
}

// TestScreenshots saves full-page screenshots of each page type at desktop
// and phone widths, light and dark, into the folder BEARING_SCREENSHOTS
// names, for a person to look at. It is not a check: it skips unless that
// variable is set.
func TestScreenshots(t *testing.T) {
	out := os.Getenv("BEARING_SCREENSHOTS")
	if out == "" {
		t.Skip("set BEARING_SCREENSHOTS=DIR to save screenshots of the example site")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx := testtool.Chromium(t)
	srv := serveSite(renderSite(t, example(), build.SiteOptions{}))
	defer srv.Close()
	bad := serveSite(renderSite(t, findings(), build.SiteOptions{}))
	defer bad.Close()
	large := serveSite(renderSite(t, genFS(t, 1000), build.SiteOptions{}))
	defer large.Close()
	pages := map[string]string{
		"home":       srv.URL + "/",
		"direction":  srv.URL + "/directions/carrier-network/",
		"initiative": srv.URL + "/initiatives/quick-pay-pilot/",
		"signal":     srv.URL + "/signals/tender-acceptance-time/",
		"review":     srv.URL + "/reviews/2026-q3-review/",
		"list":       srv.URL + "/initiatives/",
		"page":       srv.URL + "/principles/",
		"stages":     srv.URL + "/stages/",
		"matrix":     srv.URL + "/matrix/",
		"health":     srv.URL + "/health/",
		"search":     srv.URL + "/search/?q=carrier",
		"404":        srv.URL + "/no-such-page/",
		// The findings playbook shows what the example never does: red
		// edges and nodes, findings on pages, a full health page.
		"findings-home":       bad.URL + "/",
		"findings-direction":  bad.URL + "/directions/alpha/",
		"findings-initiative": bad.URL + "/initiatives/a-tasks/",
		"findings-health":     bad.URL + "/health/",
		"findings-stages":     bad.URL + "/stages/",
		"findings-matrix":     bad.URL + "/matrix/",
		// A generated playbook of 1,000 files: the overview map, a
		// direction's sub-map among many, the matrix in blocks.
		"large-home":      large.URL + "/",
		"large-direction": large.URL + "/directions/",
		"large-matrix":    large.URL + "/matrix/",
		"large-stages":    large.URL + "/stages/",
	}
	if only := os.Getenv("BEARING_SCREENSHOTS_PAGES"); only != "" {
		for name := range pages {
			if !strings.Contains(","+only+",", ","+name+",") {
				delete(pages, name)
			}
		}
	}
	for _, mode := range []string{"light", "dark"} {
		if err := scheme(ctx, mode); err != nil {
			t.Fatal(err)
		}
		for _, width := range []int64{1280, 390} {
			for name, u := range pages {
				ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
				opts := []chromedp.EmulateViewportOption{}
				if width < 600 {
					opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
				}
				err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900, opts...), chromedp.Navigate(u), chromedp.WaitReady("body"))
				if err == nil && strings.Contains(u, "?q=") {
					err = chromedp.Do(ctx, chromedp.WaitVisible("#search-results li"))
				}
				var png []byte
				if err == nil {
					png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
				}
				cancel()
				if err != nil {
					t.Errorf("%s: %v", u, err)
					continue
				}
				f := filepath.Join(out, fmt.Sprintf("%s-%d-%s.png", name, width, mode))
				if err := os.WriteFile(f, png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}
