package server_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/bearing-dev/bearing/internal/server"
)

// fuzzSite is a small site with the shapes of file names a build makes,
// plus a few a plain page may have (a space, a percent sign, non-ASCII).
// No name holds "..", a backslash or NUL.
func fuzzSite() map[string][]byte {
	return map[string][]byte{
		"index.html":                   []byte("<!DOCTYPE html><html><body><h1>Home</h1></body></html>"),
		"404.html":                     []byte("<!DOCTYPE html><html><body><h1>Not found here</h1></body></html>"),
		"directions/growth/index.html": []byte("<!DOCTYPE html><html><body><h1>Growth</h1></body></html>"),
		"notes/a b/index.html":         []byte("<!DOCTYPE html><html><body><h1>A B</h1></body></html>"),
		"notes/100%/index.html":        []byte("<!DOCTYPE html><html><body><h1>Percent</h1></body></html>"),
		"notes/café/index.html":        []byte("<!DOCTYPE html><html><body><h1>Café</h1></body></html>"),
		"theme/style.css":              []byte("body{color:red}"),
		"search-index.json":            []byte(`[{"url":"/"}]`),
		"sitemap.xml":                  []byte(`<?xml version="1.0"?><urlset></urlset>`),
	}
}

// fuzzPaths seed both targets: ordinary requests and the traversal tricks
// of TestServeHTTP.
var fuzzPaths = []string{
	"/", "/index.html", "/directions/growth/", "/directions/growth", "/theme/style.css",
	"/notes/a%20b/", "/notes/100%25/", "/notes/caf%C3%A9/", "/notes/café/", "/sitemap.xml",
	"/../bearing.yaml", "/bearing.yaml", "/%2e%2e/bearing.yaml", "/%2E%2E/%2E%2E/etc/passwd",
	"/directions/%2e%2e/index.html", "/directions%2fgrowth/", "/directions%5cgrowth/",
	"/directions\\growth/", "//directions/growth/", "/index.html%00", "/%252e%252e/bearing.yaml",
	"/theme/..%2f..%2fbearing.yaml", "/.", "/./", "/..;/bearing.yaml", "/%", "/%4", "/%zz",
	"/notes/a b/", "/notes/100%/", "/_bearing/reload.js", "/_bearing/events", "*", "",
	"directions/growth/", "http://evil.example/", "/%0d%0aSet-Cookie:x=1", "/\x00", "/a\x7f",
	"/directions/growth%2F", "/directions/growth/.", "/directions/growth/..",
}

// FuzzResolve checks the server's one gate between a request and the
// site: whatever the escaped path, a name it accepts is a file of the
// site, and no name it returns — accepted or not — is a way out: no ".."
// or "." segment, no backslash, no NUL, no leading slash. A redirect
// stays on the same host and leads to a folder of the site.
func FuzzResolve(f *testing.F) {
	for _, p := range fuzzPaths {
		f.Add(p)
	}
	site := fuzzSite()
	f.Fuzz(func(t *testing.T, escaped string) {
		name, redirect, ok := server.Resolve(escaped, site)
		if !ok && name != "" {
			t.Fatalf("Resolve(%q) = %q, not ok; want no name when it refuses", escaped, name)
		}
		if ok {
			if _, in := site[name]; !in {
				t.Fatalf("Resolve(%q) = %q, ok; want a file of the site", escaped, name)
			}
			if strings.Contains(name, "..") {
				t.Fatalf("Resolve(%q) = %q, ok; want no \"..\" in an accepted name", escaped, name)
			}
			if redirect != "" {
				t.Fatalf("Resolve(%q) = %q and redirect %q; want one or the other", escaped, name, redirect)
			}
		}
		if name != "" {
			// Checked even when not ok: a caller that used the name
			// anyway must still not leave the site.
			if strings.ContainsAny(name, "\\\x00") || strings.HasPrefix(name, "/") {
				t.Fatalf("Resolve(%q) returned name %q; want no backslash, NUL or leading slash", escaped, name)
			}
			for _, seg := range strings.Split(name, "/") {
				if seg == ".." || seg == "." {
					t.Fatalf("Resolve(%q) returned name %q with a %q segment", escaped, name, seg)
				}
			}
		}
		if redirect != "" {
			if ok {
				t.Fatalf("Resolve(%q): redirect %q with ok", escaped, redirect)
			}
			if !strings.HasPrefix(redirect, "/") || strings.HasPrefix(redirect, "//") || strings.HasPrefix(redirect, "/\\") {
				t.Fatalf("Resolve(%q) redirects to %q; want a path on this host", escaped, redirect)
			}
			target, err := url.PathUnescape(redirect)
			if err != nil {
				t.Fatalf("Resolve(%q) redirects to %q, which does not unescape: %v", escaped, redirect, err)
			}
			if _, in := site[strings.TrimPrefix(target, "/")+"index.html"]; !in {
				t.Fatalf("Resolve(%q) redirects to %q; want a folder of the site", escaped, redirect)
			}
		}
		// An accepted path names its file: the decoded path is the file's
		// path, or its folder's.
		if ok {
			p, err := url.PathUnescape(escaped)
			if err != nil {
				t.Fatalf("Resolve(%q) = %q, ok; but the path does not unescape: %v", escaped, name, err)
			}
			rel := strings.TrimPrefix(p, "/")
			if rel != name && rel+"index.html" != name {
				t.Fatalf("Resolve(%q) = %q; want the file the path names (%q)", escaped, name, rel)
			}
		}
	})
}

// TestResolveEverySiteFile checks the other direction: every file of the
// site is reachable at its escaped path, and every folder page at its
// folder's URL.
func TestResolveEverySiteFile(t *testing.T) {
	site := fuzzSite()
	for name := range site {
		p := (&url.URL{Path: "/" + name}).EscapedPath()
		if got, _, ok := server.Resolve(p, site); !ok || got != name {
			t.Errorf("Resolve(%q) = %q, %v; want %q, true", p, got, ok, name)
		}
		if dir, ok := strings.CutSuffix(name, "index.html"); ok {
			p := (&url.URL{Path: "/" + dir}).EscapedPath()
			if got, _, ok := server.Resolve(p, site); !ok || got != name {
				t.Errorf("Resolve(%q) = %q, %v; want %q, true", p, got, ok, name)
			}
		}
	}
}

// secret stands for the playbook's sources: bearing.yaml and content/.
// The server is never given them, so no response may ever hold them.
const secret = "title: TOP SECRET bearing.yaml"

// allowedBodies are every body the server may send for a GET of the fuzz
// site: each file as served (pages with the script element), the 404
// page, and the live-reload client.
func allowedBodies(t testing.TB, srv http.Handler, site map[string][]byte) map[string]string {
	t.Helper()
	allowed := map[string]string{}
	for name, b := range site {
		if strings.HasSuffix(name, ".html") {
			b = server.Inject(b, "b1")
		}
		allowed[string(b)] = name
	}
	allowed[string(server.Inject(site["404.html"], "b1"))] = "404.html"
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("GET", server.ScriptPath, nil))
	if rec.Code != http.StatusOK || rec.Body.Len() == 0 {
		t.Fatalf("GET %s: got %d; want 200 with the client", server.ScriptPath, rec.Code)
	}
	allowed[rec.Body.String()] = server.ScriptPath
	return allowed
}

// FuzzServeHTTP sends arbitrary request targets through the handler, the
// way net/http's server hands them over (the request line parsed by
// http.ReadRequest), and also as arbitrary decoded paths a handler might
// be given by other code. Every body served is one of the site's files,
// its 404 page, or the live-reload client; never anything else, and
// never the sources; a redirect stays on this host.
func FuzzServeHTTP(f *testing.F) {
	for _, p := range fuzzPaths {
		f.Add(p, false)
		f.Add(p, true)
	}
	site := fuzzSite()
	hub := server.NewHub()
	f.Cleanup(hub.Close)
	srv := server.New(hub)
	srv.Publish(site, "b1", false)
	allowed := allowedBodies(f, srv, site)
	// Requests carry a cancelled context: the event stream writes its
	// hello and ends instead of waiting for builds.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f.Fuzz(func(t *testing.T, target string, head bool) {
		method := "GET"
		if head {
			method = "HEAD"
		}
		var reqs []*http.Request
		// As the server parses a request line. A target it rejects never
		// reaches the handler.
		if r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))); err == nil {
			reqs = append(reqs, r)
		}
		// As a decoded path with no raw form, whatever it holds.
		r := httptest.NewRequest(method, "http://127.0.0.1/", nil)
		r.URL = &url.URL{Path: target}
		r.RequestURI = ""
		reqs = append(reqs, r)
		for _, r := range reqs {
			r = r.WithContext(ctx)
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, r)
			res := rec.Result()
			body, _ := io.ReadAll(res.Body)
			if bytes.Contains(body, []byte(secret)) {
				t.Fatalf("%s %q: the response holds the sources", method, target)
			}
			switch {
			case r.URL.Path == server.EventsPath:
				if res.StatusCode != http.StatusOK || !bytes.HasPrefix(body, []byte("retry: ")) {
					t.Fatalf("%s %q: got %d %.200q; want the event stream", method, target, res.StatusCode, body)
				}
			case res.StatusCode == http.StatusMovedPermanently || res.StatusCode == http.StatusFound:
				loc := res.Header.Get("Location")
				if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, "/\\") {
					t.Fatalf("%s %q: redirect to %q; want a path on this host", method, target, loc)
				}
				if u, err := url.Parse(loc); err != nil || u.Host != "" || u.Scheme != "" {
					t.Fatalf("%s %q: redirect to %q (%v); want a path on this host", method, target, loc, err)
				}
			case res.StatusCode == http.StatusOK || res.StatusCode == http.StatusNotFound:
				if head && len(body) == 0 {
					continue
				}
				// A HEAD answered with a body (the live-reload client is
				// written whatever the method) is still checked: net/http
				// drops it on the wire, but it must be a file of the site.
				if _, ok := allowed[string(body)]; !ok {
					t.Fatalf("GET %q: got %d %.300q; want one of the site's files or its 404 page", target, res.StatusCode, body)
				}
				if res.StatusCode == http.StatusNotFound && allowed[string(body)] != "404.html" {
					t.Fatalf("GET %q: 404 with %s; want the 404 page", target, allowed[string(body)])
				}
			default:
				t.Fatalf("%s %q: got status %d %.200q; want 200, 301 or 404", method, target, res.StatusCode, body)
			}
		}
	})
}
