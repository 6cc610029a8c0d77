package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/bearing-dev/bearing/internal/testtool"
)

// These tests put script payloads in every place a playbook lets a writer
// type text, build the site with `bearing build`, and open every page in
// headless Chromium: no script dialog may ever open, and no element may
// carry an event-handler attribute or a script URL. The content is valid,
// only hostile, so the build must pass its check.

// hostilePayloads are run by the browser if any of them is ever written
// out unescaped: each ends in alert(1), or opens a dialog another way.
var hostilePayloads = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(1)>`,
	`'><img src=x onerror=alert(1)>`,
	`<svg onload=alert(1)>`,
	`<svg><script>alert(1)</script></svg>`,
	`</title><script>alert(1)</script>`,
	`</script><script>alert(1)</script>`,
	`</textarea></style><script>alert(1)</script>`,
	`<iframe srcdoc="<script>parent.alert(1)</script>"></iframe>`,
	`<details open ontoggle=alert(1)>`,
	`<body onload=alert(1)>`,
	`<a href="javascript:alert(1)">click</a>`,
	`<img src=x onerror="alert(1)"`, // broken HTML: never closed
	`<!--`,
	`<div title="x`,
	`{{.}} {{template "x"}}`, // template syntax
	`javascript:alert(1)`,
	`JaVaScRiPt:alert(1)`,
	`\u003cscript\u003ealert(1)\u003c/script\u003e`,
	`&lt;script&gt;alert(1)&lt;/script&gt;`,
}

// hostileLinks are Markdown links with script URLs in many letter cases
// and spellings; each must be dropped from the page.
const hostileLinks = "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](JAVASCRIPT:alert(1)) " +
	"[d](<java\tscript:alert(1)>) [e](&#106;avascript:alert(1)) [f](&#x6A;&#x61;vascript:alert(1)) " +
	"[g](javascript&colon;alert(1)) [h]( javascript:alert(1)) [i](jav&#x09;ascript:alert(1)) " +
	"[j](vbscript:msgbox(1)) [k](data:text/html,%3Cscript%3Ealert(1)%3C/script%3E) " +
	"[l](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [m](DATA:text/html,x) " +
	"[n](javascript:alert(1) \"title\") [o](https://example.org \"\\\" onmouseover=\\\"alert(1)\")\n\n" +
	"![img](javascript:alert(1)) ![alt\" onerror=\"alert(1)](pic.png) <javascript:alert(1)> " +
	"<JAVASCRIPT:alert(1)>\n\n" +
	"[ref link][r1] [other ref][r2]\n\n[r1]: JAVASCRIPT:alert(1)\n[r2]: data:text/html,<script>alert(1)</script>\n"

// hostileBody is the Markdown body every node carries: raw HTML, broken
// HTML, script links, and event handlers inside wiki-link labels.
func hostileBody(directionID string) string {
	var b strings.Builder
	b.WriteString("# Heading <script>alert(1)</script>\n\n")
	b.WriteString("## Attributes {onclick=alert(1) #x}\n\n")
	for _, p := range hostilePayloads {
		b.WriteString("Inline " + p + " here.\n\n")
	}
	b.WriteString("<div onclick=\"alert(1)\">a block</div>\n\n<script>\nalert(1)\n</script>\n\n")
	b.WriteString("<svg onload=alert(1)><circle r=1 /></svg>\n\n<img src=x onerror=alert(1)\n\n")
	b.WriteString("<table><tr><td onmouseover=alert(1)>never closed\n\n")
	b.WriteString(hostileLinks + "\n")
	b.WriteString("[[" + directionID + "|<img src=x onerror=alert(1)>]] " +
		"[[" + directionID + "|\" onmouseover=\"alert(1)]] " +
		"[[" + directionID + "|' onfocus='alert(1)' autofocus x=']] " +
		"[[" + directionID + "|<svg onload=alert(1)>]]\n\n")
	b.WriteString("| <script>alert(1)</script> | [x](javascript:alert(1)) |\n|---|---|\n| <img src=x onerror=alert(1)> | [[" + directionID + "|<b onmouseover=alert(1)>b</b>]] |\n\n")
	b.WriteString("`<script>alert(1)</script>` and\n\n```html\n<script>alert(1)</script>\n```\n\n")
	b.WriteString("A footnote[^1].\n\n[^1]: <script>alert(1)</script> [x](javascript:alert(1))\n")
	return b.String()
}

// yq quotes a string for YAML: JSON strings are YAML flow scalars.
func yq(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// yl is a YAML flow list of quoted strings.
func yl(ss ...string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = yq(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// pick returns the payloads cycled from i, so that each field carries a
// different one and every payload lands in many fields.
func pick(i int) string { return hostilePayloads[i%len(hostilePayloads)] }

// hostilePlaybook writes a valid playbook whose every free-text field —
// titles, summaries, owners, tags, problems, assumptions, non-goals and
// their tags, rationales, signal units, reading notes, sources, plain-page file
// names — and every body carry script payloads.
func hostilePlaybook(t *testing.T, unsafeHTML bool) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{}
	// Script URLs spelt with a tab (java<TAB>script:) have no scheme for
	// the checker, which reads them as missing files; a warning lets
	// them reach the renderer, which must drop them, and puts their text
	// on the health page.
	cfg := "title: " + yq("Strategy "+pick(0)) + "\ndescription: " + yq(pick(1)) + "\nrules:\n  link/broken: warning\n"
	if unsafeHTML {
		cfg += "unsafe_html: true\n"
	}
	files["bearing.yaml"] = cfg
	body := hostileBody("d1")
	if unsafeHTML {
		// With unsafe_html the writer's raw HTML is passed through on
		// purpose, script elements and all; what must still never run is
		// everything else: fields, script URLs, wiki-link labels.
		body = hostileLinks + "\n[[d1|<img src=x onerror=alert(1)>]] [[d1|\" onmouseover=\"alert(1)]]\n"
	}
	files["content/_index.md"] = "---\ntitle: " + yq("Home "+pick(2)) + "\nsummary: " + yq(pick(3)) + "\n---\n" + body
	n := 0
	next := func() string { n++; return pick(n) }
	for _, id := range []string{"d1", "d2"} {
		files["content/directions/"+id+".md"] = "---\n" +
			"title: " + yq("Direction "+id+" "+next()) + "\n" +
			"summary: " + yq(next()) + "\nowner: " + yq(next()) + "\ntags: " + yl(next(), next(), "plain") + "\n" +
			"problem: " + yq(next()) + "\nfor_whom: " + yq(next()) + "\nwhy_we_win: " + yq(next()) + "\n" +
			"alternatives: " + yl(next(), next()) + "\n" +
			"must_be_true:\n  - " + yq(next()) + "\n  - claim: " + yq(next()) + "\n    status: validated\n    evidence: " + yq(next()) + "\n" +
			"  - claim: " + yq(next()) + "\n    status: testing\n" +
			"non_goals:\n  - " + yq(next()) + "\n  - statement: " + yq(next()) + "\n    tags: " + yl(next(), "excluded-"+id) + "\n" +
			"---\n" + body
	}
	for i, id := range []string{"i1", "i2", "i3"} {
		files["content/initiatives/"+id+".md"] = "---\n" +
			"title: " + yq("Initiative "+id+" "+next()) + "\n" +
			"summary: " + yq(next()) + "\nowner: " + yq(next()) + "\ntags: " + yl(next(), next()) + "\n" +
			"advances: [d" + fmt.Sprint(i%2+1) + "]\nsignals: [s1]\nrationale: " + yq(next()) + "\n" +
			"---\n" + body
	}
	files["content/signals/s1.md"] = "---\ntitle: " + yq("Signal "+next()) + "\nsummary: " + yq(next()) + "\n" +
		"owner: " + yq(next()) + "\nmeasures: [d1, d2, i1]\nunit: " + yq(next()) + "\nbaseline: 1\ntarget: 10\ncurrent: 4\n" +
		"better: up\ncadence: weekly\nsource: " + yq(next()) + "\ntags: " + yl(next()) + "\n" +
		"history:\n  - date: 2026-09-01\n    value: 2\n    note: " + yq(next()) + "\n  - date: 2026-10-01\n    value: 4\n    note: " + yq(next()) + "\n---\n" + body
	files["content/signals/s2.md"] = "---\ntitle: " + yq("Signal two "+next()) + "\nmeasures: [i2, i3]\nunit: " + yq(`"><svg onload=alert(1)>`) + "\n" +
		"source: " + yq("javascript:alert(1)") + "\n---\n" + body
	files["content/reviews/r1.md"] = "---\ntitle: " + yq("Review "+next()) + "\nsummary: " + yq(next()) + "\nowner: " + yq(next()) + "\n" +
		"date: 2026-10-01\nreviews: [d1, d2]\ndecisions:\n  d1: continue\n  d2: pivot\neliminated: []\n---\n" + body
	files["content/notes/plain.md"] = "---\ntitle: " + yq("Page "+next()) + "\nsummary: " + yq(next()) + "\ntags: " + yl(next()) + "\n---\n" + body
	// A plain page keeps its path, so its file name is part of its URL.
	files["content/notes/\"><svg onload=alert(1)>.md"] = "---\nid: named-page\ntitle: A hostile file name\n---\nSee [[d1]].\n"
	files["content/notes/javascript:alert(1).md"] = "---\nid: scheme-page\ntitle: A file name like a script URL\n---\nSee [[d1]].\n"
	for p, data := range files {
		f := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// pic.png, for the image whose alt text carries a handler.
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
	for _, d := range []string{"", "directions", "initiatives", "signals", "reviews", "notes"} {
		if err := os.WriteFile(filepath.Join(dir, "content", d, "pic.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// dialogWatch records every JavaScript dialog a tab opens, and dismisses
// it so that the page goes on.
type dialogWatch struct {
	mu      sync.Mutex
	dialogs []string
}

func watchDialogs(ctx context.Context) *dialogWatch {
	w := &dialogWatch{}
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			w.mu.Lock()
			w.dialogs = append(w.dialogs, fmt.Sprintf("%s(%q) on %s", ev.Type, ev.Message, ev.URL))
			w.mu.Unlock()
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	return w
}

// barrierDialog is the message of the dialog take opens itself.
const barrierDialog = "bearing-barrier"

// take returns the dialogs the page in ctx opened since the last take.
// It first opens a dialog of its own and waits until the watch has
// dismissed it: the browser reports dialogs in order, so every dialog
// the page opened before is recorded by then, and none is missed or
// blamed on the next page.
func (w *dialogWatch) take(t *testing.T, ctx context.Context) []string {
	t.Helper()
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Run(cctx, chromedp.Evaluate[bool](`alert("`+barrierDialog+`"), true`)); err != nil {
		t.Fatalf("opening the barrier dialog: %v", err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	var d []string
	for _, s := range w.dialogs {
		if !strings.Contains(s, barrierDialog) {
			d = append(d, s)
		}
	}
	w.dialogs = nil
	return d
}

// waitDialog checks for the one dialog of a canary page: a test that
// cannot see a script run would pass for the wrong reason.
func waitDialog(t *testing.T, ctx context.Context, w *dialogWatch, what string) {
	t.Helper()
	if seen := w.take(t, ctx); len(seen) != 1 {
		t.Fatalf("%s: dialogs %q; want its one alert seen: the test cannot see scripts run", what, seen)
	}
}

// settled is a script whose promise resolves once the page's load-time
// handlers have had their turn: the load event has fired, every image
// has loaded or failed (onerror; lazy ones are made to load, so that
// their handlers are tried too), and two frames and a task have passed
// since (autofocus, ontoggle).
const settled = `new Promise(done => {
  const after = () => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => done(true), 0)));
  const images = () => Promise.all([...document.images].filter(img => { img.loading = "eager"; return !img.complete; }).map(img =>
    new Promise(r => { img.addEventListener("load", r, {once: true}); img.addEventListener("error", r, {once: true}); })));
  const loaded = () => images().then(after);
  if (document.readyState === "complete") loaded(); else addEventListener("load", loaded, {once: true});
})`

// domFindings lists, for the page shown, every element with an on*
// attribute and every link, image, frame or form whose URL runs script
// (as the browser resolves it), and every script element that is not the
// theme's or the live-reload client.
const domFindings = `(() => {
  const out = [];
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) out.push(el.tagName + " has " + a.name + "=" + JSON.stringify(a.value));
      if (/^(href|src|action|formaction|data|srcdoc|xlink:href)$/i.test(a.name)) {
        let proto = "";
        try { proto = new URL(a.value, location.href).protocol; } catch (e) {}
        if (/^(javascript|vbscript|data):$/i.test(proto) || a.name.toLowerCase() === "srcdoc")
          out.push(el.tagName + " " + a.name + "=" + JSON.stringify(a.value));
      }
    }
    if (el.tagName === "SCRIPT" && !/\/(theme\/[\w.-]+\.js|_bearing\/reload\.js)(\?|$)/.test(el.getAttribute("src") || ""))
      out.push("SCRIPT " + JSON.stringify((el.getAttribute("src") || el.textContent).slice(0, 80)));
    if (/^(IFRAME|OBJECT|EMBED|FRAME)$/.test(el.tagName)) out.push(el.tagName + " element");
  }
  return out;
})()`

// visit opens a URL, waits until the script wait (when not empty) is
// true — search results shown, say — and returns what domFindings finds.
func visit(t *testing.T, ctx context.Context, u, wait string) []string {
	t.Helper()
	cctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(cctx, chromedp.Navigate(u)); err != nil {
		t.Fatalf("open %s: %v", u, err)
	}
	if wait != "" {
		deadline := time.Now().Add(10 * time.Second)
		for {
			if ok, err := chromedp.Run(cctx, chromedp.Evaluate[bool](wait)); err == nil && ok {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: timed out waiting for %s", u, wait)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	if _, err := chromedp.Run(cctx, chromedp.Evaluate[bool](settled, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("%s: waiting for load-time handlers: %v", u, err)
	}
	found, err := chromedp.Run(cctx, chromedp.Evaluate[[]string](domFindings))
	if err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	return found
}

// builtPages lists the URL paths of every HTML file under public.
func builtPages(t *testing.T, public string) []string {
	t.Helper()
	var pages []string
	err := filepath.WalkDir(public, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		rel, _ := filepath.Rel(public, p)
		rel = filepath.ToSlash(rel)
		if dir, ok := strings.CutSuffix(rel, "index.html"); ok {
			rel = dir
		}
		pages = append(pages, (&url.URL{Path: "/" + rel}).EscapedPath())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(pages)
	return pages
}

// TestHostileContent builds the hostile playbook with `bearing build` and
// opens every page, the search page with hostile queries, and the search
// page with a query that lists hostile titles, in headless Chromium.
func TestHostileContent(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a browser; skipped in -short mode")
	}
	ctx := testtool.Chromium(t)
	bin, err := exec.LookPath("bearing") // this test binary, installed by TestMain
	if err != nil {
		t.Fatal(err)
	}
	for _, unsafeHTML := range []bool{false, true} {
		t.Run(fmt.Sprintf("unsafe_html=%v", unsafeHTML), func(t *testing.T) {
			dir := hostilePlaybook(t, unsafeHTML)
			out, err := exec.Command(bin, "build", "--root", dir, "--now", "2026-11-26").CombinedOutput()
			if err != nil {
				t.Fatalf("bearing build of valid (if hostile) content: %v\n%s", err, out)
			}
			public := filepath.Join(dir, "public")
			pages := builtPages(t, public)
			// A canary beside the site, outside public/: a page that does
			// run a script and carry a handler, to prove the test sees both.
			canary := []byte(`<!DOCTYPE html><title>canary</title><img src="x" onerror="alert('canary')"><a href="javascript:void 0">x</a>`)
			site := http.FileServer(http.Dir(public))
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/_canary/" {
					w.Header().Set("Content-Type", "text/html; charset=utf-8")
					_, _ = w.Write(canary)
					return
				}
				site.ServeHTTP(w, r)
			}))
			defer srv.Close()

			tab, cancel := chromedp.NewContext(ctx)
			defer cancel()
			dialogs := watchDialogs(tab)
			found := visit(t, tab, srv.URL+"/_canary/", "")
			if len(found) != 2 {
				t.Errorf("the canary page: found %q; want its onerror handler and its javascript: link", found)
			}
			waitDialog(t, tab, dialogs, "the canary page")
			type visitURL struct{ path, wait string }
			var visits []visitURL
			for _, p := range pages {
				visits = append(visits, visitURL{p, ""})
			}
			results := `document.getElementById("search-results").children.length > 0`
			status := `/results|No results/.test(document.getElementById("search-status").textContent)`
			for _, q := range []string{"alert", "script", "onerror"} {
				visits = append(visits, visitURL{"/search/?q=" + url.QueryEscape(q), results})
			}
			for _, q := range hostilePayloads[:6] {
				visits = append(visits, visitURL{"/search/?q=" + url.QueryEscape(q), status})
			}
			visits = append(visits, visitURL{"/search/?q=" + url.QueryEscape(`"><script>alert(1)</script>`) + "&q=" + url.QueryEscape("<img src=x onerror=alert(1)>"), status})
			for _, v := range visits {
				found := visit(t, tab, srv.URL+v.path, v.wait)
				for _, f := range found {
					t.Errorf("%s: %s", v.path, f)
				}
				for _, d := range dialogs.take(t, tab) {
					t.Errorf("%s: a script ran: %s", v.path, d)
				}
			}
			// The search found hostile titles and showed them as text.
			var listed string
			if err := chromedp.Do(tab, chromedp.Navigate(srv.URL+"/search/?q=alert")); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(10 * time.Second)
			for !strings.Contains(listed, "<script>alert(1)</script>") && time.Now().Before(deadline) {
				listed, _ = chromedp.Run(tab, chromedp.Evaluate[string](`document.getElementById("search-results").textContent`))
				time.Sleep(20 * time.Millisecond)
			}
			if !strings.Contains(listed, "<script>alert(1)</script>") {
				t.Errorf("search results %q; want the hostile titles listed as text", listed)
			}
			if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](settled, chromedp.EvalAwaitPromise)); err != nil {
				t.Fatalf("search: waiting for load-time handlers: %v", err)
			}
			for _, d := range dialogs.take(t, tab) {
				t.Errorf("search: a script ran: %s", d)
			}
			t.Logf("%d pages and %d search pages opened; no dialog, no handler attribute, no script URL", len(pages), len(visits)-len(pages))
		})
	}
}

// TestHostileDiagnostics runs `bearing serve` on the hostile playbook,
// opens a page, and then saves a review whose errors quote script
// payloads — a decisions key, a reviewed id, a field name — so that the
// live-reload overlay lists them over the page. They must show as text.
func TestHostileDiagnostics(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a browser and bearing serve; skipped in -short mode")
	}
	ctx := testtool.Chromium(t)
	bin, err := exec.LookPath("bearing") // this test binary, installed by TestMain
	if err != nil {
		t.Fatal(err)
	}
	dir := hostilePlaybook(t, false)
	srv := startServe(t, bin, dir)
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	dialogs := watchDialogs(tab)
	pageURL := srv.url + "directions/d1/"
	if found := visit(t, tab, pageURL, `document.querySelector("h1") !== null`); len(found) > 0 {
		t.Errorf("%s: %q", pageURL, found)
	}
	broken := "---\ntitle: " + yq("Broken review "+pick(0)) + "\ndate: 2026-10-01\n" +
		"reviews: " + yl(`<svg onload=alert(1)>`, "d1") + "\n" +
		"decisions:\n  " + yq(`"><img src=x onerror=alert(1)>`) + ": continue\n  d1: " + yq(`<script>alert(1)</script>`) + "\n" +
		yq(`<img src=x onerror=alert(1)>`) + ": x\n" +
		"eliminated: " + yl(`javascript:alert(1)`) + "\n---\n[[<script>alert(1)</script>]]\n"
	if err := os.WriteFile(filepath.Join(dir, "content", "reviews", "broken.md"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	found := visit(t, tab, pageURL, `(document.getElementById("bearing-overlay") || {textContent: ""}).textContent.includes("onerror=alert(1)")`)
	for _, f := range found {
		t.Errorf("%s with the overlay: %s", pageURL, f)
	}
	text, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.getElementById("bearing-overlay").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"><img src=x onerror=alert(1)>`, "content/reviews/broken.md:"} {
		if !strings.Contains(text, want) {
			t.Errorf("overlay %q; want it to show %q as text", text, want)
		}
	}
	// A page opened while the playbook is broken gets the overlay at once.
	if found := visit(t, tab, srv.url+"signals/s1/", `document.getElementById("bearing-overlay") !== null`); len(found) > 0 {
		t.Errorf("signals/s1/ with the overlay: %q", found)
	}
	for _, d := range dialogs.take(t, tab) {
		t.Errorf("a script ran: %s", d)
	}
}
