package server

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// get requests target with ctx and returns the status and body.
func get(srv *Server, ctx context.Context, method, target string) (int, string) {
	req := httptest.NewRequestWithContext(ctx, method, "http://127.0.0.1"+target, nil)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

// withHome returns the test site with another home page.
func withHome(h1 string) map[string][]byte {
	site := testSite()
	site["index.html"] = []byte("<!DOCTYPE html><html><body><h1>" + h1 + "</h1></body></html>")
	return site
}

// rendering is a Pending whose files the test renders: Wait returns
// what is sent on finish (a site, or an error), and done is closed once
// the server is through with them (Pending.Done).
type rendering struct {
	finish chan result
	done   chan struct{}
	err    error // Done's argument, once done is closed
}

type result struct {
	files map[string][]byte
	err   error
}

func newRendering() *rendering {
	return &rendering{finish: make(chan result), done: make(chan struct{})}
}

// pending returns the Pending for paths.
func (r *rendering) pending(paths ...string) Pending {
	return Pending{Paths: paths,
		Wait: func() (map[string][]byte, error) { res := <-r.finish; return res.files, res.err },
		Done: func(err error) { r.err = err; close(r.done) }}
}

// render ends the rendering with files (or err) and waits until the
// server has done with it.
func (r *rendering) render(files map[string][]byte, err error) error {
	r.finish <- result{files, err}
	<-r.done
	return r.err
}

// requestHome requests / in the background and returns the body's channel.
func requestHome(srv *Server) <-chan string {
	done := make(chan string, 1)
	go func() {
		_, body := get(srv, context.Background(), "GET", "/")
		done <- body
	}()
	return done
}

// TestPublishPending checks that a page still being rendered is never
// served with its old bytes: a request for it waits until the server has
// the page rendered (Pending.Wait) or the next Publish, and one that
// cannot wait gets an error. A rendering that fails leaves the page
// pending until the next Publish, or a Fail, which serves the old page.
func TestPublishPending(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	stale := withHome("Old home")

	t.Run("other pages at once, the pending one once rendered", func(t *testing.T) {
		srv, hub := newTestServer(testSite())
		defer hub.Close()
		r := newRendering()
		srv.PublishPending(stale, "b2", false, r.pending("index.html", "search-index.json"))
		if status, body := get(srv, cancelled, "GET", "/directions/growth/"); status != 200 || !strings.Contains(body, "<h1>Growth</h1>") {
			t.Errorf("a page not pending: got %d %.100q; want 200 at once", status, body)
		}
		for _, method := range []string{"GET", "HEAD"} {
			if status, body := get(srv, cancelled, method, "/"); status != http.StatusServiceUnavailable || strings.Contains(body, "Old home") {
				t.Errorf("%s of a pending page for a request that cannot wait: got %d %.100q; want 503 without the old page", method, status, body)
			}
		}
		done := requestHome(srv)
		stillWaiting(t, done)
		if err := r.render(withHome("New home"), nil); err != nil {
			t.Fatalf("Done: got %v; want nil", err)
		}
		if body := <-done; !strings.Contains(body, "New home") || !strings.Contains(body, scriptTag("b2")) {
			t.Errorf("a pending page: got %.200q; want the rendered page with build b2", body)
		}
		if status, _ := get(srv, cancelled, "GET", "/search-index.json"); status != 200 {
			t.Errorf("once rendered: got %d; want 200 at once", status)
		}
	})

	t.Run("a later Publish answers the waiting request", func(t *testing.T) {
		srv, hub := newTestServer(testSite())
		defer hub.Close()
		r := newRendering()
		srv.PublishPending(stale, "b2", false, r.pending("index.html"))
		done := requestHome(srv)
		stillWaiting(t, done)
		srv.Publish(withHome("Newer home"), "b3", false)
		if body := <-done; !strings.Contains(body, "Newer home") {
			t.Errorf("got %.200q; want the page of the later Publish", body)
		}
		// The rendering of a site that was replaced changes nothing.
		_ = r.render(withHome("Old render"), nil)
		if _, body := get(srv, cancelled, "GET", "/"); !strings.Contains(body, "Newer home") || !strings.Contains(body, scriptTag("b3")) {
			t.Errorf("after a late rendering: got %.200q; want the page of the later Publish", body)
		}
	})

	t.Run("Fail keeps the pages pending", func(t *testing.T) {
		srv, hub := newTestServer(testSite())
		defer hub.Close()
		r := newRendering()
		srv.PublishPending(stale, "b2", false, r.pending("index.html"))
		srv.Fail(Problems{Heading: "bad", Diagnostics: `[{"file":"content/a.md","line":1,"column":1,"rule":"x","message":"bad"}]`})
		if status, _ := get(srv, cancelled, "GET", "/"); status != http.StatusServiceUnavailable {
			t.Errorf("after Fail: got %d; want 503, the page still pending", status)
		}
		_ = r.render(withHome("New home"), nil)
		if status, body := get(srv, cancelled, "GET", "/"); status != 200 || !strings.Contains(body, "New home") {
			t.Errorf("after Fail and the rendering: got %d %.200q; want the rendered page", status, body)
		}
	})

	// A rendering that fails leaves its pages pending: the caller, told
	// by Done, rebuilds and publishes, or fails and shows the old pages.
	for _, tc := range []struct {
		name string
		then func(srv *Server)
		want string // on the waiting request's page
	}{
		{"a failed rendering, then a Publish", func(srv *Server) { srv.Publish(withHome("Rebuilt home"), "b3", false) }, "Rebuilt home"},
		{"a failed rendering, then a Fail", func(srv *Server) { srv.Fail(Problems{Heading: "the rebuild failed"}) }, "Old home"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, hub := newTestServer(testSite())
			defer hub.Close()
			r := newRendering()
			srv.PublishPending(stale, "b2", false, r.pending("index.html"))
			done := requestHome(srv)
			if err := r.render(nil, errors.New("the template failed")); err == nil {
				t.Fatal("Done: got nil; want the rendering's error")
			}
			if status, _ := get(srv, cancelled, "GET", "/"); status != http.StatusServiceUnavailable {
				t.Errorf("after a failed rendering: got %d; want 503, the page still pending", status)
			}
			stillWaiting(t, done)
			tc.then(srv)
			if body := <-done; !strings.Contains(body, tc.want) {
				t.Errorf("got %.200q; want %q", body, tc.want)
			}
		})
	}
}

// stillWaiting fails the test if the request behind done is answered
// within 50 ms: a request for a pending page must wait for it. This wait
// is a fixed one, unlike the test's others, because what it checks is
// that something does not happen: no event marks "the server has decided
// not to answer", so the test looks for a while. It cannot flake: a
// correct server never answers here, however slow the machine, and a
// slow machine can at worst let a wrong answer arrive after the 50 ms and
// pass unnoticed, which the next step (it expects the new page) then
// catches.
func stillWaiting(t *testing.T, done <-chan string) {
	t.Helper()
	select {
	case body := <-done:
		t.Fatalf("a pending page was answered before it was rendered: %.200q", body)
	case <-time.After(50 * time.Millisecond):
	}
}
