package server

import (
	"context"
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

// TestPublishPending checks that a page still being rendered is never
// served with its old bytes: a request for it waits for Settle or the
// next Publish, and one that cannot wait gets an error.
func TestPublishPending(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	live := context.Background()
	stale := withHome("Old home")

	t.Run("other pages at once, the pending one after Settle", func(t *testing.T) {
		srv, hub := newTestServer(testSite())
		defer hub.Close()
		gen := srv.PublishPending(stale, "b2", false, []string{"index.html", "search-index.json"})
		if status, body := get(srv, cancelled, "GET", "/directions/growth/"); status != 200 || !strings.Contains(body, "<h1>Growth</h1>") {
			t.Errorf("a page not pending: got %d %.100q; want 200 at once", status, body)
		}
		for _, method := range []string{"GET", "HEAD"} {
			if status, body := get(srv, cancelled, method, "/"); status != http.StatusServiceUnavailable || strings.Contains(body, "Old home") {
				t.Errorf("%s of a pending page for a request that cannot wait: got %d %.100q; want 503 without the old page", method, status, body)
			}
		}
		done := make(chan string)
		go func() {
			_, body := get(srv, live, "GET", "/")
			done <- body
		}()
		stillWaiting(t, done)
		srv.Settle(gen, withHome("New home"))
		if body := <-done; !strings.Contains(body, "New home") || !strings.Contains(body, scriptTag("b2")) {
			t.Errorf("a pending page: got %.200q; want the settled page with build b2", body)
		}
		if status, _ := get(srv, cancelled, "GET", "/search-index.json"); status != 200 {
			t.Errorf("after Settle: got %d; want 200 at once", status)
		}
	})

	t.Run("a later Publish answers the waiting request", func(t *testing.T) {
		srv, hub := newTestServer(testSite())
		defer hub.Close()
		gen := srv.PublishPending(stale, "b2", false, []string{"index.html"})
		done := make(chan string)
		go func() {
			_, body := get(srv, live, "GET", "/")
			done <- body
		}()
		stillWaiting(t, done)
		srv.Publish(withHome("Newer home"), "b3", false)
		if body := <-done; !strings.Contains(body, "Newer home") {
			t.Errorf("got %.200q; want the page of the later Publish", body)
		}
		// Settling a site that was replaced changes nothing.
		srv.Settle(gen, withHome("Old settle"))
		if _, body := get(srv, cancelled, "GET", "/"); !strings.Contains(body, "Newer home") || !strings.Contains(body, scriptTag("b3")) {
			t.Errorf("after a late Settle: got %.200q; want the page of the later Publish", body)
		}
	})

	t.Run("Fail keeps the pages pending", func(t *testing.T) {
		srv, hub := newTestServer(testSite())
		defer hub.Close()
		gen := srv.PublishPending(stale, "b2", false, []string{"index.html"})
		srv.Fail(Problems{Heading: "bad", Diagnostics: `[{"file":"content/a.md","line":1,"column":1,"rule":"x","message":"bad"}]`})
		if status, _ := get(srv, cancelled, "GET", "/"); status != http.StatusServiceUnavailable {
			t.Errorf("after Fail: got %d; want 503, the page still pending", status)
		}
		srv.Settle(gen, withHome("New home"))
		if status, body := get(srv, cancelled, "GET", "/"); status != 200 || !strings.Contains(body, "New home") {
			t.Errorf("after Fail and Settle: got %d %.200q; want the settled page", status, body)
		}
	})
}

// stillWaiting fails the test if the request behind done is answered
// within 50 ms: a request for a pending page must wait for it.
func stillWaiting(t *testing.T, done <-chan string) {
	t.Helper()
	select {
	case body := <-done:
		t.Fatalf("a pending page was answered before it was settled: %.200q", body)
	case <-time.After(50 * time.Millisecond):
	}
}
