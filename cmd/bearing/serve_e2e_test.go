package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/bearing-dev/bearing/internal/testtool"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bearing-dev/bearing/internal/gen"
)

// These tests run `bearing serve` as a user does: a binary built with go
// build, a playbook in a temporary folder, a real browser.

// buildBearing builds the command into a temporary folder.
func buildBearing(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the bearing binary; skipped in -short mode")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command to build bearing with: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "bearing")
	out, err := exec.Command(goTool, "build", "-o", bin, "github.com/bearing-dev/bearing/cmd/bearing").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// examplePlaybook copies the example fixture (content/ and bearing.yaml,
// a copy of the repository's example that the tests may name pages of)
// into a temporary folder. The repository's own content/ is free to
// change; build's TestRepositoryExample keeps it clean.
func examplePlaybook(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	testtool.CopyPlaybook(t, filepath.Join("..", "..", "internal", "build", "testdata", "example"), dir)
	return dir
}

// generatedPlaybook writes a generated playbook of n files and returns
// it with the id of its first direction.
func generatedPlaybook(t *testing.T, n string) (dir, direction string) {
	t.Helper()
	files, err := strconv.Atoi(n)
	if err != nil {
		t.Fatalf("BEARING_E2E_FILES=%q: %v", n, err)
	}
	dir = t.TempDir()
	if err := gen.Write(dir, files); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "content", "directions"))
	if err != nil || len(entries) == 0 {
		t.Fatalf("no directions in the generated playbook: %v", err)
	}
	return dir, strings.TrimSuffix(entries[0].Name(), ".md")
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
	// grew is closed, and replaced, at each write: a test waiting for a
	// line waits on it instead of polling.
	grew chan struct{}
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.grew != nil {
		close(s.grew)
		s.grew = nil
	}
	return s.b.Write(p)
}

// Grew returns a channel closed at the next write.
func (s *syncBuffer) Grew() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.grew == nil {
		s.grew = make(chan struct{})
	}
	return s.grew
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serveProc is a running bearing serve.
type serveProc struct {
	cmd    *exec.Cmd
	url    string // with a trailing slash
	stderr *syncBuffer
	done   chan struct{} // closed when the process has exited
	err    error         // Wait's result, once done is closed
	// serving is the line that named the URL, up to the URL.
	serving string
}

var servingLine = regexp.MustCompile(`^serving .* at (http://\S+/)`)

// startServe starts bearing serve on a free port and waits for the URL it
// prints. The process is interrupted at the end of the test if still up.
func startServe(t *testing.T, bin, dir string, args ...string) *serveProc {
	t.Helper()
	args = append([]string{"serve", "--root", dir, "--addr", "127.0.0.1:0", "--now", "2026-11-26"}, args...)
	p := &serveProc{cmd: exec.Command(bin, args...), stderr: &syncBuffer{}, done: make(chan struct{})}
	p.cmd.Stderr = p.stderr
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	urls := make(chan []string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case urls <- m:
				default:
				}
			}
		}
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = p.cmd.Process.Signal(os.Interrupt)
			select {
			case <-p.done:
			case <-time.After(10 * time.Second):
				_ = p.cmd.Process.Kill()
				<-p.done
			}
		}
		// BEARING_E2E_LOG=1 shows the server's log (one line per rebuild,
		// with its time) of passing runs too.
		if t.Failed() || os.Getenv("BEARING_E2E_LOG") != "" {
			t.Logf("bearing serve stderr:\n%s", p.stderr.String())
		}
	})
	select {
	case m := <-urls:
		p.serving, p.url = m[0], m[1]
	case <-p.done:
		t.Fatalf("bearing serve exited before serving: %v\n%s", p.err, p.stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("bearing serve printed no URL within 60s\n%s", p.stderr.String())
	}
	return p
}

// wait waits for the process to exit and returns its exit code.
func (p *serveProc) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(15 * time.Second):
		t.Fatalf("bearing serve still running 15s later\n%s", p.stderr.String())
	}
	var ee *exec.ExitError
	switch {
	case p.err == nil:
		return 0
	case errors.As(p.err, &ee):
		return ee.ExitCode()
	}
	t.Fatalf("waiting for bearing serve: %v", p.err)
	return -1
}

// evalJS evaluates a script in the page, with a deadline.
func evalJS[T any](ctx context.Context, js string) (T, error) {
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return chromedp.Run(cctx, chromedp.Evaluate[T](js))
}

// pollJS evaluates a boolean script every few milliseconds until it is
// true. Errors while the page reloads (no document yet) count as false.
func pollJS(t *testing.T, ctx context.Context, what, js string) time.Time {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var lastErr error
	for time.Now().Before(deadline) {
		ok, err := evalJS[bool](ctx, js)
		if err == nil && ok {
			return time.Now()
		}
		lastErr = err
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("timed out after 15s waiting for %s (last error: %v)", what, lastErr)
	return time.Time{}
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func jsString(s string) string { return fmt.Sprintf("%q", s) }

// currentBuild asks the server for its build id: the first event of the
// live-reload stream says it.
func currentBuild(t *testing.T, base string) string {
	t.Helper()
	res, err := http.Get(base + "_bearing/events")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			m := regexp.MustCompile(`"build":"([^"]*)"`).FindStringSubmatch(data)
			if m == nil {
				t.Fatalf("hello without a build: %s", data)
			}
			return m[1]
		}
	}
	t.Fatalf("no hello on the event stream: %v", sc.Err())
	return ""
}

// settle waits until the page shown is from the server's current build:
// a reload the last change asked for has happened.
func settle(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	build := currentBuild(t, base)
	pollJS(t, ctx, "the page of build "+build,
		`Array.from(document.scripts).some(s => s.src.includes("reload.js?build="+`+jsString(build)+`))`)
}

// insertBody puts a paragraph at the top of a Markdown file's body.
func insertBody(t *testing.T, file, para string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	end := strings.Index(s[4:], "\n---\n")
	if !strings.HasPrefix(s, "---\n") || end < 0 {
		t.Fatalf("%s has no YAML frontmatter", file)
	}
	at := 4 + end + len("\n---\n")
	writeFile(t, file, s[:at]+"\n"+para+"\n"+s[at:])
}

func writeFile(t *testing.T, file, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestServe runs the built command: in a browser, under Ctrl-C, on a port
// in use, and on a non-loopback address. The binary is built once.
func TestServe(t *testing.T) {
	bin := buildBearing(t)
	t.Run("browser", func(t *testing.T) { testServeBrowser(t, bin) })
	t.Run("interrupt", func(t *testing.T) { testServeInterrupt(t, bin) })
	t.Run("port in use", func(t *testing.T) { testServePortInUse(t, bin) })
	t.Run("non-loopback address warns", func(t *testing.T) { testServeNonLoopbackWarns(t, bin) })
	t.Run("broken from the start", func(t *testing.T) { testServeBrokenFromStart(t, bin) })
	t.Run("log", func(t *testing.T) { testServeLog(t, bin) })
}

// testServeBrowser opens a page of the example in headless Chromium and
// edits the playbook under it: the page follows without a manual reload,
// a broken edit shows the overlay and fixing it removes it, a new page in
// a new folder is served, and a stylesheet change is swapped in place.
//
// With BEARING_E2E_FILES=N it runs on a generated playbook of N files
// instead of the example, to measure save → visible on a large one:
//
//	BEARING_E2E_FILES=10000 go test ./cmd/bearing -run TestServe/browser -v -timeout 20m
func testServeBrowser(t *testing.T, bin string) {
	ctx := testtool.Chromium(t)
	dir, id := examplePlaybook(t), "carrier-network"
	if n := os.Getenv("BEARING_E2E_FILES"); n != "" {
		dir, id = generatedPlaybook(t, n)
	}
	srv := startServe(t, bin, dir)
	page := srv.url + "directions/" + id + "/"
	file := filepath.Join(dir, "content", "directions", id+".md")
	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	pollJS(t, ctx, "the direction page", `document.querySelector("h1") !== null`)

	t.Run("an edit shows without a manual reload", func(t *testing.T) {
		var total []time.Duration
		for i := range 9 {
			marker := fmt.Sprintf("Live edit number %d at %d.", i, time.Now().UnixNano())
			start := time.Now()
			insertBody(t, file, marker)
			seen := pollJS(t, ctx, "the edit on the page", `document.body.innerText.includes(`+jsString(marker)+`)`)
			total = append(total, seen.Sub(start))
		}
		t.Logf("save → visible in the browser: median %v over %d saves (min %v, max %v; in order %v)", median(total), len(total), slices.Min(total), slices.Max(total), total)
	})

	t.Run("a page with a script of its own is reloaded", func(t *testing.T) {
		// The search page runs search.js: it is reloaded, not patched, so
		// that its script runs on the new page.
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.url+"search/")); err != nil {
			t.Fatal(err)
		}
		pollJS(t, ctx, "the search page", `document.querySelector("h1") !== null`)
		if _, err := evalJS[bool](ctx, `window.bearingProbe = "old page"; true`); err != nil {
			t.Fatal(err)
		}
		insertBody(t, file, fmt.Sprintf("Edit seen from the search page, %d.", time.Now().UnixNano()))
		pollJS(t, ctx, "the search page to reload", `window.bearingProbe === undefined && document.querySelector("h1") !== null`)
		if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
			t.Fatal(err)
		}
		pollJS(t, ctx, "the direction page", `document.querySelector("h1") !== null`)
	})

	t.Run("a broken edit shows the overlay and its fix removes it", func(t *testing.T) {
		good, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		// Unterminated frontmatter: the closing delimiter is gone.
		writeFile(t, file, strings.Replace(string(good), "\n---\n", "\n", 1))
		pollJS(t, ctx, "the overlay with the rule id",
			`(document.getElementById("bearing-overlay") || {textContent: ""}).textContent.includes("[parse/frontmatter]")`)
		text, err := evalJS[string](ctx, `document.getElementById("bearing-overlay").textContent`)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text, "content/directions/"+id+".md:") {
			t.Errorf("overlay %q; want it to name the file as path:line:col", text)
		}
		if !strings.Contains(text, "showing the last good build") {
			t.Errorf("overlay %q; want it to say the last good build is shown", text)
		}
		// The last good page is still there under the overlay.
		if ok, _ := evalJS[bool](ctx, `document.querySelector("h1") !== null`); !ok {
			t.Error("the page under the overlay is gone; want the last good page")
		}
		marker := fmt.Sprintf("Fixed at %d.", time.Now().UnixNano())
		writeFile(t, file, string(good))
		insertBody(t, file, marker)
		pollJS(t, ctx, "the overlay to go and the fix to show",
			`document.getElementById("bearing-overlay") === null && document.body.innerText.includes(`+jsString(marker)+`)`)
	})

	t.Run("a page in a new folder is served", func(t *testing.T) {
		writeFile(t, filepath.Join(dir, "content", "notes", "new-page.md"),
			"---\ntitle: A brand new note\n---\n\nWritten while the server ran; see [["+id+"]].\n")
		deadline := time.Now().Add(15 * time.Second)
		for {
			res, err := http.Get(srv.url + "notes/new-page/")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK && bytes.Contains(body, []byte("A brand new note")) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("GET /notes/new-page/: got %d; want 200 with the new page within 15s", res.StatusCode)
			}
			time.Sleep(10 * time.Millisecond)
		}
	})

	t.Run("a title edit shows on a list page at the first reload", func(t *testing.T) {
		// The list is an aggregate page, rendered after the edited page;
		// the server holds the reloaded page's request until it is
		// current, so the first page of the new build shows the edit.
		settle(t, ctx, srv.url)
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.url+"directions/")); err != nil {
			t.Fatal(err)
		}
		pollJS(t, ctx, "the list of directions", `document.querySelector("h1") !== null`)
		old := currentBuild(t, srv.url)
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		title := fmt.Sprintf("Retitled direction %d", time.Now().UnixNano())
		retitled := regexp.MustCompile(`(?m)^title:.*$`).ReplaceAllLiteralString(string(b), "title: "+title)
		if retitled == string(b) {
			t.Fatalf("%s has no title line", file)
		}
		start := time.Now()
		writeFile(t, file, retitled)
		seen := pollJS(t, ctx, "the list page of a newer build",
			`document.querySelector("h1") !== null && Array.from(document.scripts).some(s => s.src.includes("reload.js?build=") && !s.src.includes("reload.js?build="+`+jsString(old)+`))`)
		if ok, err := evalJS[bool](ctx, `document.body.innerText.includes(`+jsString(title)+`)`); err != nil || !ok {
			t.Errorf("the first list page of the new build does not show the new title %q (%v): an out-of-date page was served as current", title, err)
		}
		t.Logf("title edit: save → the list page reloaded with it in %v", seen.Sub(start))
		if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
			t.Fatal(err)
		}
		pollJS(t, ctx, "the direction page with its new title", `document.body.innerText.includes(`+jsString(title)+`)`)
		// The edited page itself is rendered first.
		settle(t, ctx, srv.url)
		title += " again"
		start = time.Now()
		writeFile(t, file, regexp.MustCompile(`(?m)^title:.*$`).ReplaceAllLiteralString(retitled, "title: "+title))
		seen = pollJS(t, ctx, "the direction page with its newer title", `document.body.innerText.includes(`+jsString(title)+`)`)
		t.Logf("title edit: save → visible on the edited page in %v", seen.Sub(start))
	})

	t.Run("a stylesheet change is swapped without a reload", func(t *testing.T) {
		settle(t, ctx, srv.url)
		if _, err := evalJS[bool](ctx, `window.bearingBody = document.body; true`); err != nil {
			t.Fatal(err)
		}
		css, err := os.ReadFile(filepath.Join("..", "..", "theme", "style.css"))
		if err != nil {
			t.Fatal(err)
		}
		for _, color := range []string{"rgb(1, 2, 3)", "rgb(4, 5, 6)"} {
			writeFile(t, filepath.Join(dir, "theme", "style.css"), string(css)+"\nbody { outline: 3px solid "+color+"; }\n")
			pollJS(t, ctx, "the new stylesheet ("+color+")",
				`getComputedStyle(document.body).outlineColor === `+jsString(color))
			if same, err := evalJS[bool](ctx, `document.body === window.bearingBody`); err != nil || !same {
				t.Fatalf("the page's body was replaced (%v); want the stylesheet swapped and nothing else", err)
			}
		}
	})

	t.Run("the page reconnects after the server restarts", func(t *testing.T) {
		testServeRestart(t, ctx, bin, dir, file, srv)
	})
}

// testServeRestart is run by testServeBrowser last: it stops the server,
// edits while it is down, starts it again on the same address, and
// expects the open page to reconnect and reload by itself.
func testServeRestart(t *testing.T, ctx context.Context, bin, dir, file string, srv *serveProc) {
	if err := srv.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if code := srv.wait(t); code != 0 {
		t.Fatalf("exit code %d after Ctrl-C; want 0", code)
	}
	marker := fmt.Sprintf("Written while the server was down, %d.", time.Now().UnixNano())
	insertBody(t, file, marker)
	addr := strings.TrimSuffix(strings.TrimPrefix(srv.url, "http://"), "/")
	again := startServe(t, bin, dir, "--addr", addr)
	if again.url != srv.url {
		t.Fatalf("restarted at %s; want %s", again.url, srv.url)
	}
	pollJS(t, ctx, "the page to reconnect and show the edit", `document.body.innerText.includes(`+jsString(marker)+`)`)
}

// testServeInterrupt checks that Ctrl-C stops the server cleanly: the
// live-reload streams end, the process prints "stopped" and exits 0.
func testServeInterrupt(t *testing.T, bin string) {
	srv := startServe(t, bin, examplePlaybook(t))
	res, err := http.Get(srv.url)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /: got %d; want 200", res.StatusCode)
	}
	events, err := http.Get(srv.url + "_bearing/events")
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()
	r := bufio.NewReader(events.Body)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("reading the event stream: %v", err)
		}
		if strings.HasPrefix(line, "event: hello") {
			break
		}
	}
	if err := srv.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if code := srv.wait(t); code != 0 {
		t.Errorf("exit code %d after Ctrl-C; want 0\n%s", code, srv.stderr.String())
	}
	if !strings.Contains(srv.stderr.String(), "stopped") {
		t.Errorf("stderr %q; want it to say stopped", srv.stderr.String())
	}
	if rest, err := io.ReadAll(r); err != nil {
		t.Errorf("the event stream ended with %v (after %q); want a clean end", err, rest)
	}
}

// testServePortInUse checks that a port in use is a clear error with exit
// code 2, not a stack trace.
func testServePortInUse(t *testing.T, bin string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	cmd := exec.Command(bin, "serve", "--root", examplePlaybook(t), "--addr", ln.Addr().String(), "--now", "2026-11-26")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 {
		t.Fatalf("got %v; want exit code 2\n%s", err, stderr.String())
	}
	msg := stderr.String()
	for _, want := range []string{ln.Addr().String(), "in use", "--addr"} {
		if !strings.Contains(msg, want) {
			t.Errorf("stderr %q; want it to mention %q", msg, want)
		}
	}
	if strings.Contains(msg, "goroutine ") || strings.Contains(msg, "panic") {
		t.Errorf("stderr holds a stack trace: %q", msg)
	}
}

// testServeNonLoopbackWarns checks that binding beyond loopback warns.
func testServeNonLoopbackWarns(t *testing.T, bin string) {
	dir := examplePlaybook(t)
	cmd := exec.Command(bin, "serve", "--root", dir, "--addr", "0.0.0.0:0", "--now", "2026-11-26")
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGINT)
		_ = cmd.Wait()
	}()
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(stderr.String(), "reachable from other machines") {
		if time.Now().After(deadline) {
			t.Fatalf("no warning for a non-loopback address within 15s; stderr %q", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// scriptElement is the element serving adds to each page.
var scriptElement = regexp.MustCompile(`<script src="/_bearing/reload\.js\?build=[^"]*" defer></script>`)

// get fetches a page of a running server.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(body)
}

// hello returns the data of the first event of the live-reload stream:
// the build, and what the overlay shows.
func hello(t *testing.T, base string) string {
	t.Helper()
	res, err := http.Get(base + "_bearing/events")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			return data
		}
	}
	t.Fatalf("no hello on the event stream: %v", sc.Err())
	return ""
}

// logSince waits until the server's log after the first n bytes holds a
// line matching re, and returns that line.
func (p *serveProc) logSince(t *testing.T, n int, re *regexp.Regexp) string {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		grew := p.stderr.Grew() // before reading, so no write is missed
		for _, line := range strings.Split(p.stderr.String()[n:], "\n") {
			if re.MatchString(line) {
				return line
			}
		}
		select {
		case <-grew:
		case <-deadline:
			t.Fatalf("no log line matching %s within 30s; the log since the edit:\n%s", re, p.stderr.String()[n:])
		}
	}
}

// buildSite runs bearing build into a new folder and returns it with the
// number of pages it wrote.
func buildSite(t *testing.T, bin, dir string) (string, int) {
	t.Helper()
	out := t.TempDir()
	cmd := exec.Command(bin, "build", "--root", dir, "--out", out, "--base-url", "/", "--now", "2026-11-26")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("bearing build: %v\n%s", err, msg)
	}
	pages := 0
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".html" {
			pages++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out, pages
}

// testServeBrokenFromStart serves a playbook that has an error before
// serve starts: every page is served as the playbook would build, under
// an overlay that says so (there was no good build to keep), further
// broken edits still show, and the fix removes the overlay and serves
// what bearing build makes.
func testServeBrokenFromStart(t *testing.T, bin string) {
	dir := examplePlaybook(t)
	broken := filepath.Join(dir, "content", "directions", "carrier-network.md")
	good, err := os.ReadFile(broken)
	if err != nil {
		t.Fatal(err)
	}
	// Unterminated frontmatter: the closing delimiter is gone.
	writeFile(t, broken, strings.Replace(string(good), "\n---\n", "\n", 1))
	srv := startServe(t, bin, dir)
	pages := []string{"", "directions/cross-border/", "initiatives/instant-tender/", "matrix/"}

	t.Run("every page is served, under an overlay that says what it shows", func(t *testing.T) {
		for _, p := range pages {
			status, body := get(t, srv.url+p)
			if status != http.StatusOK || !strings.Contains(body, "<h1") || !scriptElement.MatchString(body) {
				t.Errorf("GET /%s: got %d %.300q; want 200 with the page as it would build and the reload script", p, status, body)
			}
		}
		h := hello(t, srv.url)
		for _, want := range []string{`"rule":"parse/frontmatter"`, `"heading":"the playbook has 1 error; showing the site as it would build."`} {
			if !strings.Contains(h, want) {
				t.Errorf("hello %s; want it to hold %s", h, want)
			}
		}
		log := srv.logSince(t, 0, regexp.MustCompile(`showing the site as it would build`))
		if want := regexp.MustCompile(`^the playbook has 1 error; showing the site as it would build: \d+ pages from \d+ files in `); !want.MatchString(log) {
			t.Errorf("log line %q; want it to match %s", log, want)
		}
		if l := srv.stderr.String(); strings.Contains(l, "last good") {
			t.Errorf("the log speaks of a last good site; there was none:\n%s", l)
		}
	})

	ctx := testtool.Chromium(t)
	page := srv.url + "directions/cross-border/"
	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	overlay := `(document.getElementById("bearing-overlay") || {textContent: ""}).textContent`
	t.Run("the browser shows the page under the overlay", func(t *testing.T) {
		pollJS(t, ctx, "the overlay with the rule id", overlay+`.includes("[parse/frontmatter]")`)
		text, err := evalJS[string](ctx, overlay)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text, "showing the site as it would build") || strings.Contains(text, "last good") {
			t.Errorf("overlay %q; want it to say the site is shown as it would build", text)
		}
		if ok, _ := evalJS[bool](ctx, `document.querySelector("h1") !== null`); !ok {
			t.Error("no page under the overlay")
		}
	})

	t.Run("an edit that leaves the error shows, under the overlay", func(t *testing.T) {
		marker := fmt.Sprintf("Edited while broken, %d.", time.Now().UnixNano())
		insertBody(t, filepath.Join(dir, "content", "directions", "cross-border.md"), marker)
		pollJS(t, ctx, "the edit under the overlay",
			`document.body.innerText.includes(`+jsString(marker)+`) && `+overlay+`.includes("[parse/frontmatter]")`)
	})

	t.Run("the fix removes the overlay and serves the built site", func(t *testing.T) {
		n := len(srv.stderr.String())
		writeFile(t, broken, string(good))
		srv.logSince(t, n, regexp.MustCompile(`fixed: 0 errors`))
		pollJS(t, ctx, "the overlay to go", `document.getElementById("bearing-overlay") === null`)
		out, _ := buildSite(t, bin, dir)
		for _, p := range append(pages, "directions/carrier-network/") {
			_, served := get(t, srv.url+p)
			built, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p), "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			if minus := scriptElement.ReplaceAllString(served, ""); minus != string(built) {
				t.Errorf("/%s served minus the reload script differs from the built page: %s", p, testtool.FirstDiff([]byte(minus), built))
			}
		}
	})
}

// testServeLog checks what bearing serve says as it runs: the playbook's
// folder, pages counted as pages and files as files, the real file that
// changed (never the temporary files of sed -i or an editor), and once
// that the errors are fixed.
func testServeLog(t *testing.T, bin string) {
	sed, err := exec.LookPath("sed")
	if err != nil {
		t.Skip("no sed to edit with as a user does")
	}
	dir := examplePlaybook(t)
	_, pages := buildSite(t, bin, dir)
	srv := startServe(t, bin, dir)
	if want := "serving the playbook in " + dir + " at " + srv.url; srv.serving != want {
		t.Errorf("got %q; want %q", srv.serving, want)
	}
	first := srv.logSince(t, 0, regexp.MustCompile(`^built `))
	if want := fmt.Sprintf("built %d pages from ", pages); !strings.HasPrefix(first, want) {
		t.Errorf("first log line %q; want it to start %q, as many pages as bearing build writes", first, want)
	}
	const rel = "content/directions/carrier-network.md"
	file := filepath.Join(dir, filepath.FromSlash(rel))
	editorFiles := []string{"4913", ".carrier-network.md.swp", "carrier-network.md~", "#carrier-network.md#", ".#carrier-network.md"}
	steps := []struct {
		name string
		edit func(t *testing.T)
		// want matches the line the rebuild logs.
		want string
	}{
		{"sed -i", func(t *testing.T) {
			if out, err := exec.Command(sed, "-i", "s/^title: .*/title: Carrier network, edited with sed/", file).CombinedOutput(); err != nil {
				t.Fatalf("sed: %v\n%s", err, out)
			}
		}, fmt.Sprintf(`^%s: \d+ of %d pages( and \d+ other files?)? rebuilt in \S+; pages reloaded`, regexp.QuoteMeta(rel), pages)},
		{"an editor's temporary files", func(t *testing.T) {
			for _, name := range editorFiles {
				p := filepath.Join(dir, "content", "directions", name)
				writeFile(t, p, "temporary\n")
				if err := os.Remove(p); err != nil {
					t.Fatal(err)
				}
			}
			insertBody(t, file, "Edited beside an editor's temporary files.")
		}, fmt.Sprintf(`^%s: \d+ of %d pages( and \d+ other files?)? rebuilt in `, regexp.QuoteMeta(rel), pages)},
		{"a broken edit", func(t *testing.T) {
			if out, err := exec.Command(sed, "-i", "s/^problem:/problme:/", file).CombinedOutput(); err != nil {
				t.Fatalf("sed: %v\n%s", err, out)
			}
		}, `^` + regexp.QuoteMeta(rel) + `: \d+ errors?; keeping the last good site`},
		{"its fix", func(t *testing.T) {
			if out, err := exec.Command(sed, "-i", "s/^problme:/problem:/", file).CombinedOutput(); err != nil {
				t.Fatalf("sed: %v\n%s", err, out)
			}
		}, `^` + regexp.QuoteMeta(rel) + `: fixed: 0 errors(, \d+ warnings?)?; \d+ of \d+ pages`},
		{"the next edit", func(t *testing.T) {
			insertBody(t, file, "Edited after the fix.")
		}, `^` + regexp.QuoteMeta(rel) + `: \d+ of \d+ pages`},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			n := len(srv.stderr.String())
			st.edit(t)
			srv.logSince(t, n, regexp.MustCompile(st.want))
		})
	}
	log := srv.stderr.String()
	temp := regexp.MustCompile(`\bsed[A-Za-z0-9]{6}\b|4913|\.swp|md~|#carrier|\.#`)
	for _, line := range strings.Split(log, "\n") {
		if temp.MatchString(line) {
			t.Errorf("the log names a temporary file: %q", line)
		}
	}
	if n := strings.Count(log, "fixed: 0 errors"); n != 1 {
		t.Errorf("the log says %d times that the errors are fixed; want once:\n%s", n, log)
	}
}
