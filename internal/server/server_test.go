package server

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/build"
)

func TestInject(t *testing.T) {
	cases := []struct {
		name, page string
	}{
		{"page", "<!DOCTYPE html>\n<html><head><title>x</title></head>\n<body>\n<p>hi</p>\n</body>\n</html>\n"},
		{"page without </body>", "<!DOCTYPE html>\n<p>no body end tag"},
		{"empty", ""},
		{"</body> in a comment before the real one", "<html><body><!-- </body> --><p>x</p></body></html>"},
		{"existing scripts", `<html><body><script src="/theme/search.js" defer></script></body></html>`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Inject([]byte(c.page), "b7")
			if n, want := bytes.Count(got, []byte("<script")), strings.Count(c.page, "<script")+1; n != want {
				t.Errorf("got %d script elements; want %d", n, want)
			}
			tag := scriptTag("b7")
			if tag != `<script src="/_bearing/reload.js?build=b7" defer></script>` {
				t.Fatalf("got script element %q", tag)
			}
			if n := bytes.Count(got, []byte(tag)); n != 1 {
				t.Errorf("got %d live-reload script elements; want 1", n)
			}
			if minus := bytes.Replace(got, []byte(tag), nil, 1); string(minus) != c.page {
				t.Errorf("page minus the script element:\ngot  %q\nwant %q", minus, c.page)
			}
			if end := strings.LastIndex(c.page, "</body>"); end >= 0 {
				if at := bytes.Index(got, []byte(tag)); at != end {
					t.Errorf("script element at byte %d; want %d, just before the last </body>", at, end)
				}
			} else if !bytes.HasSuffix(got, []byte(tag)) {
				t.Errorf("page without </body>: got %q; want the script element at the end", got)
			}
		})
	}
}

// testSite is a small site as the session would hold it.
func testSite() map[string][]byte {
	return map[string][]byte{
		"index.html":                   []byte("<!DOCTYPE html><html><body><h1>Home</h1></body></html>"),
		"directions/growth/index.html": []byte("<!DOCTYPE html><html><body><h1>Growth</h1></body></html>"),
		"theme/style.css":              []byte("body{color:red}"),
		"search-index.json":            []byte(`[{"url":"/"}]`),
		"files/a b.txt":                []byte("an asset"),
		"404.html":                     []byte("<!DOCTYPE html><html><body><h1>Page not found</h1></body></html>"),
	}
}

func newTestServer(site map[string][]byte) (*Server, *Hub) {
	h := NewHub()
	s := New(h)
	s.Publish(site, "b1", false)
	return s, h
}

func TestServeHTTP(t *testing.T) {
	srv, hub := newTestServer(testSite())
	defer hub.Close()
	type want struct {
		status   int
		body     string // a substring; "" checks nothing
		location string
		ctype    string
	}
	notFound := want{status: 404, body: "Page not found", ctype: "text/html; charset=utf-8"}
	cases := []struct {
		method, target string
		want           want
	}{
		{"GET", "/", want{200, "<h1>Home</h1>", "", "text/html; charset=utf-8"}},
		{"GET", "/index.html", want{200, "<h1>Home</h1>", "", "text/html; charset=utf-8"}},
		{"GET", "/directions/growth/", want{200, "<h1>Growth</h1>", "", ""}},
		{"GET", "/directions/growth", want{302, "", "/directions/growth/", ""}},
		{"GET", "/directions/growth?x=1", want{302, "", "/directions/growth/?x=1", ""}},
		{"GET", "/theme/style.css", want{200, "body{color:red}", "", "text/css; charset=utf-8"}},
		{"GET", "/theme/style.css?v=abc", want{200, "body{color:red}", "", "text/css; charset=utf-8"}},
		{"GET", "/search-index.json", want{200, `[{"url":"/"}]`, "", "application/json"}},
		{"GET", "/files/a%20b.txt", want{200, "an asset", "", ""}},
		{"GET", "/missing/", notFound},
		{"POST", "/_bearing/reload.js", want{405, "", "", ""}},
		{"DELETE", "/_bearing/events", want{405, "", "", ""}},
		{"GET", "/missing", notFound},
		// Never outside the site, never the sources.
		{"GET", "/../bearing.yaml", notFound},
		{"GET", "/bearing.yaml", notFound},
		{"GET", "/content/directions/growth.md", notFound},
		{"GET", "/directions/growth.md", notFound},
		{"GET", "/directions/../index.html", notFound},
		{"GET", "/directions/./growth/", notFound},
		{"GET", "/%2e%2e/bearing.yaml", notFound},
		{"GET", "/%2E%2E/%2E%2E/etc/passwd", notFound},
		{"GET", "/directions/%2e%2e/index.html", notFound},
		{"GET", "/directions%2fgrowth/", notFound},
		{"GET", "/directions%2Fgrowth/index.html", notFound},
		{"GET", "/directions%5cgrowth/", notFound},
		{"GET", "/directions\\growth/", notFound},
		{"GET", "/..\\bearing.yaml", notFound},
		{"GET", "//directions/growth/", notFound},
		{"GET", "/directions//growth/", notFound},
		{"GET", "/index.html%00", notFound},
		{"GET", "/index.html%00.css", notFound},
		{"GET", "/%252e%252e/bearing.yaml", notFound},
		{"GET", "/theme/..%2f..%2fbearing.yaml", notFound},
		{"GET", "/theme/%2e%2e%5cbearing.yaml", notFound},
		{"GET", "/proc/self/root/etc/passwd", notFound},
		{"GET", "/index.html/", notFound},
		{"GET", "/theme/style.css/..", notFound},
		{"GET", "/..;/bearing.yaml", notFound},
		{"GET", "/%2e/index.html", notFound},
		{"GET", "/.", notFound},
		{"GET", "/./", notFound},
		{"GET", "/~root/.ssh/id_rsa", notFound},
		{"GET", "/.git/config", notFound},
		// Methods.
		{"HEAD", "/", want{200, "", "", "text/html; charset=utf-8"}},
		{"HEAD", "/missing", want{404, "", "", "text/html; charset=utf-8"}},
		{"POST", "/", want{405, "", "", ""}},
		{"GET", ScriptPath, want{200, EventsPath, "", "text/javascript; charset=utf-8"}},
	}
	for _, c := range cases {
		t.Run(c.method+" "+c.target, func(t *testing.T) {
			req := httptest.NewRequest(c.method, "http://127.0.0.1"+c.target, nil)
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			res := rec.Result()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != c.want.status {
				t.Fatalf("got status %d; want %d (body %.200q)", res.StatusCode, c.want.status, body)
			}
			if !strings.Contains(string(body), c.want.body) {
				t.Errorf("got body %.200q; want it to contain %q", body, c.want.body)
			}
			if got := res.Header.Get("Location"); got != c.want.location {
				t.Errorf("got Location %q; want %q", got, c.want.location)
			}
			if c.want.ctype != "" && res.Header.Get("Content-Type") != c.want.ctype {
				t.Errorf("got Content-Type %q; want %q", res.Header.Get("Content-Type"), c.want.ctype)
			}
			if c.method == "HEAD" && len(body) != 0 {
				t.Errorf("HEAD: got a body of %d bytes; want none", len(body))
			}
			if c.method == "GET" && c.want.status == 404 && bytes.Count(body, []byte(scriptTag("b1"))) != 1 {
				t.Errorf("404 page: want exactly one live-reload script element in %.200q", body)
			}
		})
	}
}

// TestServeHTTPServedPageEqualsBuilt checks that a served page is the
// built page plus the script element, and that a real playbook's sources
// (bearing.yaml, content/) are never reachable even over raw HTTP, whose
// request line no client cleans up.
func TestServeHTTPServedPageEqualsBuilt(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join("..", "..")
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS(filepath.Join(src, "content"))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bearing.yaml"), []byte("# SECRET-7f3a: a comment no page shows\ntitle: Example\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	root := os.DirFS(dir)
	today := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	u, err := build.NewSession(build.Options{FS: root, Today: today}, build.SiteOptions{BaseURL: "/"}).Full(context.Background())
	if err != nil || u.Failed() {
		t.Fatalf("building the example: %v %v", err, u.Result.Diags)
	}
	srv, hub := newTestServer(u.Files)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	defer hub.Close()

	for _, p := range []string{"index.html", "directions/carrier-network/index.html", "404.html"} {
		path := "/" + strings.TrimSuffix(p, "index.html")
		res, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if minus := bytes.Replace(body, []byte(scriptTag("b1")), nil, 1); !bytes.Equal(minus, u.Files[p]) {
			t.Errorf("GET %s minus the script element differs from the built %s", path, p)
		}
	}

	for _, target := range []string{
		"/bearing.yaml", "/../bearing.yaml", "/../../bearing.yaml", "/content/directions/carrier-network.md",
		"/..%2fbearing.yaml", "/%2e%2e/bearing.yaml", "/directions/carrier-network.md",
		"/..\\bearing.yaml", "//bearing.yaml", "/./bearing.yaml", "/directions/../../bearing.yaml",
		"/%", "/%zz", "/%2", "/bearing.yaml%00", "/%00/../bearing.yaml",
	} {
		t.Run("raw "+target, func(t *testing.T) {
			conn, err := net.Dial("tcp", strings.TrimPrefix(ts.URL, "http://"))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if _, err := io.WriteString(conn, "GET "+target+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); err != nil {
				t.Fatal(err)
			}
			res, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != 404 && res.StatusCode != 400 {
				t.Errorf("got status %d; want 404 (or 400)", res.StatusCode)
			}
			if bytes.Contains(body, []byte("SECRET-7f3a")) || bytes.Contains(body, []byte("---\ntitle:")) {
				t.Errorf("served a source file: %.200q", body)
			}
		})
	}
}

// readEvent reads one Server-Sent Event block: lines up to a blank line.
func readEvent(t *testing.T, r *bufio.Reader) []string {
	t.Helper()
	var lines []string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("reading the event stream: %v (so far %q)", err, lines)
		}
		if line == "\n" {
			return lines
		}
		lines = append(lines, strings.TrimSuffix(line, "\n"))
	}
}

func TestEvents(t *testing.T) {
	srv, hub := newTestServer(testSite())
	ts := httptest.NewServer(srv)
	defer ts.Close()

	res, err := http.Get(ts.URL + EventsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if got := res.Header.Get("Content-Type"); got != "text/event-stream" {
		t.Errorf("got Content-Type %q; want text/event-stream", got)
	}
	r := bufio.NewReader(res.Body)
	const diags = `[{"file":"content/x.md","line":1,"column":1,"rule":"parse/frontmatter","message":"m"}]`
	kept := Problems{Heading: "the last edit has errors; showing the last good build.", Diagnostics: diags}
	asIs := Problems{Heading: "the playbook has 1 error; showing the site as it would build.", Diagnostics: diags}
	steps := []struct {
		name string
		do   func()
		want []string
	}{
		{"retry", nil, []string{"retry: 500"}},
		{"hello", nil, []string{"event: hello", `data: {"build":"b1","errors":[],"heading":""}`}},
		{"publish", func() { srv.Publish(testSite(), "b2", false) }, []string{"event: reload", `data: {"build":"b2"}`}},
		{"fail", func() { srv.Fail(kept) }, []string{"event: errors",
			`data: {"errors":` + diags + `,"heading":"the last edit has errors; showing the last good build."}`}},
		{"publish with problems", func() { srv.PublishWithProblems(testSite(), "b3", asIs) }, []string{"event: reload",
			`data: {"build":"b3","errors":` + diags + `,"heading":"the playbook has 1 error; showing the site as it would build."}`}},
		{"publish css", func() { srv.Publish(testSite(), "b4", true) }, []string{"event: css", `data: {"build":"b4"}`}},
	}
	for _, s := range steps {
		if s.do != nil {
			s.do()
		}
		if got := readEvent(t, r); strings.Join(got, "\n") != strings.Join(s.want, "\n") {
			t.Errorf("%s: got event %q; want %q", s.name, got, s.want)
		}
	}

	// A page that connects later is told the state in its hello: the
	// build, and the problems of a rejected one.
	srv.Fail(kept)
	late, err := http.Get(ts.URL + EventsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer late.Body.Close()
	lr := bufio.NewReader(late.Body)
	readEvent(t, lr) // retry
	if got, want := readEvent(t, lr), []string{"event: hello", `data: {"build":"b4","errors":` + diags + `,"heading":"the last edit has errors; showing the last good build."}`}; strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("late hello: got %q; want %q", got, want)
	}
	if got := readEvent(t, r); got[0] != "event: errors" {
		t.Errorf("got %q; want the errors event", got)
	}

	// Closing the hub ends the stream, as Ctrl-C does.
	hub.Close()
	done := make(chan error, 1)
	go func() { _, err := io.ReadAll(r); done <- err }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("stream ended with %v; want a clean end", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the event stream is still open 5s after the hub closed")
	}
}

// TestEventsLeaveNoGoroutine connects many live-reload clients, shuts the
// server down as bearing serve does on Ctrl-C, and checks that every
// handler goroutine ended.
func TestEventsLeaveNoGoroutine(t *testing.T) {
	before := runtime.NumGoroutine()
	srv, hub := newTestServer(testSite())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: srv}
	go hs.Serve(ln)
	client := &http.Client{Transport: &http.Transport{}}
	var bodies []io.ReadCloser
	for range 20 {
		res, err := client.Get("http://" + ln.Addr().String() + EventsPath)
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, res.Body)
	}
	waitFor(t, "20 clients", func() bool { return hub.Clients() == 20 })
	hub.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v; want the event streams to end", err)
	}
	for _, b := range bodies {
		b.Close()
	}
	client.CloseIdleConnections()
	waitFor(t, "goroutines to end", func() bool { return runtime.NumGoroutine() <= before })
}
