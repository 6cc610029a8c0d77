// Package server owns the dev server's HTTP side: serving the in-memory
// site, the live-reload event stream, and injecting the one script element
// that connects a page to it. It never touches the file system: the site
// is a map of bytes, so nothing outside it can be served.
package server

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync/atomic"
	"time"
)

// EventsPath is the Server-Sent Events stream of live reload.
const EventsPath = "/_bearing/events"

// ScriptPath serves the live-reload client.
const ScriptPath = "/_bearing/reload.js"

// scriptTag is the one element serving adds to each HTML page.
const scriptTag = `<script src="` + ScriptPath + `" defer></script>`

// Server serves a site from memory.
type Server struct {
	site  atomic.Pointer[map[string][]byte]
	hello atomic.Pointer[string]
	hub   *Hub
}

// New returns a server with an empty site.
func New(hub *Hub) *Server {
	s := &Server{hub: hub}
	empty := map[string][]byte{}
	s.site.Store(&empty)
	none := "{}"
	s.hello.Store(&none)
	return s
}

// SetState sets the JSON a newly connected page receives in its hello
// event: the build id and the current diagnostics.
func (s *Server) SetState(helloJSON string) { s.hello.Store(&helloJSON) }

// SetSite swaps in a new site; requests already running finish with the
// old one. The map must not be changed afterwards.
func (s *Server) SetSite(files map[string][]byte) { s.site.Store(&files) }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case EventsPath:
		s.serveEvents(w, r)
		return
	case ScriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write([]byte(reloadJS))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	site := *s.site.Load()
	name, redirect, ok := Resolve(r.URL.EscapedPath(), site)
	switch {
	case redirect != "":
		http.Redirect(w, r, redirect, http.StatusMovedPermanently)
		return
	case !ok:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusNotFound)
		if b, ok := site["404.html"]; ok {
			_, _ = w.Write(Inject(b))
		} else {
			_, _ = w.Write([]byte("404 page not found\n"))
		}
		return
	}
	body := site[name]
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(body)
	}
	if path.Ext(name) == ".html" {
		body = Inject(body)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(body))
}

// Resolve maps a request's escaped URL path to a file of the site. It
// refuses anything that is not a plain path inside the site: encoded
// slashes or backslashes, dot segments, NUL, doubled slashes. A folder
// path without its trailing slash yields a redirect.
func Resolve(escaped string, site map[string][]byte) (name, redirect string, ok bool) {
	lower := strings.ToLower(escaped)
	if !strings.HasPrefix(escaped, "/") || strings.Contains(lower, "%2f") || strings.Contains(lower, "%5c") ||
		strings.Contains(lower, "%00") || strings.Contains(escaped, "\\") || strings.Contains(escaped, "//") {
		return "", "", false
	}
	p, err := unescape(escaped)
	if err != nil {
		return "", "", false
	}
	for _, seg := range strings.Split(p, "/")[1:] {
		if seg == "." || seg == ".." || strings.ContainsAny(seg, "\\\x00") {
			return "", "", false
		}
	}
	rel := strings.TrimPrefix(p, "/")
	if rel == "" || strings.HasSuffix(rel, "/") {
		name = rel + "index.html"
		_, ok = site[name]
		return name, "", ok
	}
	if _, ok := site[rel]; ok {
		return rel, "", true
	}
	if _, ok := site[rel+"/index.html"]; ok {
		return "", escaped + "/", false
	}
	return "", "", false
}

func unescape(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) {
			return "", fmt.Errorf("bad escape")
		}
		var v byte
		for _, c := range []byte(s[i+1 : i+3]) {
			v <<= 4
			switch {
			case c >= '0' && c <= '9':
				v |= c - '0'
			case c >= 'a' && c <= 'f':
				v |= c - 'a' + 10
			case c >= 'A' && c <= 'F':
				v |= c - 'A' + 10
			default:
				return "", fmt.Errorf("bad escape")
			}
		}
		b.WriteByte(v)
		i += 2
	}
	return b.String(), nil
}

// Inject adds the live-reload script element before </body>, or at the
// end of a page that has none. It adds nothing else.
func Inject(page []byte) []byte {
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(scriptTag))
	out = append(out, page[:i]...)
	out = append(out, scriptTag...)
	return append(out, page[i:]...)
}

func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Connection", "keep-alive")
	events, cancel := s.hub.Subscribe()
	defer cancel()
	fmt.Fprintf(w, "retry: 500\n\nevent: hello\ndata: %s\n\n", *s.hello.Load())
	flusher.Flush()
	ping := time.NewTicker(25 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
			flusher.Flush()
		case e, ok := <-events:
			if !ok {
				return
			}
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.Name, e.Data)
			flusher.Flush()
		}
	}
}
