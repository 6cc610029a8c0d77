// Package server owns the dev server's HTTP side: serving the in-memory
// site, the live-reload event stream, and injecting the one script element
// that connects a page to it. It never touches the file system: the site
// is a map of bytes, so nothing outside it can be served.
package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// EventsPath is the Server-Sent Events stream of live reload.
const EventsPath = "/_bearing/events"

// ScriptPath serves the live-reload client.
const ScriptPath = "/_bearing/reload.js"

// notFoundPage is served for a missing page when the site has no 404.html.
const notFoundPage = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Not found</title></head>
<body>
<p>404 page not found</p>
</body>
</html>
`

// Server serves a site from memory and tells connected pages about new
// builds over Server-Sent Events.
type Server struct {
	state atomic.Pointer[state]
	hub   *Hub
	// mu orders the writers of state (Publish, PublishPending, Fail, and
	// the settling of pending files); requests only load it.
	mu sync.Mutex
	// gen numbers the sites published, so that pending files settle only
	// into the site they belong to.
	gen uint64
}

// state is what the server shows; it is replaced whole, never changed, so
// that a request sees one site with its build id and diagnostics.
type state struct {
	site  map[string][]byte
	build string
	// problems is what the overlay shows over the site; none when its
	// Diagnostics are empty.
	problems Problems
	// pending holds the files of site that are out of date while newer
	// versions render: a request for one waits for a newer state.
	pending map[string]bool
	// failed is set when the pending files failed to render: the next
	// Fail hands the requests waiting for them their last versions.
	failed bool
	// gen is the site's number; Fail keeps it, since the site stays.
	gen uint64
	// replaced is closed once a newer state is stored.
	replaced chan struct{}
}

// Problems is what the overlay shows over every page: what is wrong, and
// what the pages under it are.
type Problems struct {
	// Heading follows "Bearing: " on the overlay's first line and says
	// what is wrong and which site is shown: "the last edit has errors;
	// showing the last good build." or "the playbook has 3 errors; showing
	// the site as it would build."
	Heading string
	// Diagnostics is a JSON array of {file, line, column, rule, message};
	// empty or "[]" when there are none, and then no overlay is shown.
	Diagnostics string
}

// diagnostics returns p's Diagnostics, "[]" when empty.
func (p Problems) diagnostics() string {
	if p.Diagnostics == "" {
		return "[]"
	}
	return p.Diagnostics
}

// fields returns p as the members of a JSON object, to follow others.
func (p Problems) fields() string {
	return fmt.Sprintf(`"errors":%s,"heading":%s`, p.diagnostics(), jsonString(p.Heading))
}

// New returns a server with an empty site; events go out through hub.
func New(hub *Hub) *Server {
	s := &Server{hub: hub}
	s.state.Store(&state{site: map[string][]byte{}, replaced: make(chan struct{})})
	return s
}

// store swaps in st and wakes the requests waiting on the state it
// replaces. The caller holds s.mu.
func (s *Server) store(st *state) {
	st.replaced = make(chan struct{})
	close(s.state.Swap(st).replaced)
}

// Publish swaps in a new site with its build id and tells every open page:
// a reload, or only a stylesheet swap when cssOnly. Requests already
// running finish with the old site. The map must not be changed
// afterwards.
func (s *Server) Publish(files map[string][]byte, build string, cssOnly bool) {
	s.publish(files, build, cssOnly, Pending{}, Problems{})
}

// Pending describes the files of a published site that are still being
// rendered: the server holds the requests for them until they are
// current, so that pages reloaded at once never show a stale page as
// current, and swaps them in itself once they are done.
type Pending struct {
	// Paths names the files; the published site holds their last
	// versions, which are not served while they render.
	Paths []string
	// Wait blocks until they are rendered and returns the site complete,
	// the files published with Paths current (the map must not be
	// changed afterwards), or the error that stopped them. The server
	// calls it once, on a goroutine of its own.
	Wait func() (map[string][]byte, error)
	// Done, when set, is called on that goroutine with Wait's error once
	// the server is through with the files: swapped in, left because a
	// later Publish replaced the site, or, when Wait failed, left
	// pending until the next Publish or Fail.
	Done func(err error)
}

// PublishPending is Publish for a site some of whose files are still
// being rendered (see Pending). It keeps the build id once they are
// swapped in and sends no event then: the pages were told to reload when
// the site was published, and what they asked for since has waited. A
// later Publish that comes first replaces them with its own site.
func (s *Server) PublishPending(files map[string][]byte, build string, cssOnly bool, p Pending) {
	s.publish(files, build, cssOnly, p, Problems{})
}

// PublishWithProblems is Publish for a site that has problems: that of a
// playbook with errors rendered as it stands, when there is no good one
// to keep. Every open page reloads and shows the overlay, and so does
// every page opened until the next Publish.
func (s *Server) PublishWithProblems(files map[string][]byte, build string, p Problems) {
	s.publish(files, build, false, Pending{}, p)
}

// publish swaps in a new site and tells every open page; pending files
// are settled on a goroutine of their own.
func (s *Server) publish(files map[string][]byte, build string, cssOnly bool, pend Pending, p Problems) {
	st := &state{site: files, build: build, problems: p}
	if len(pend.Paths) > 0 {
		st.pending = make(map[string]bool, len(pend.Paths))
		for _, p := range pend.Paths {
			st.pending[p] = true
		}
	}
	s.mu.Lock()
	s.gen++
	st.gen = s.gen
	s.store(st)
	s.mu.Unlock()
	if st.pending != nil {
		go s.settle(st.gen, pend)
	}
	ev, data := "reload", fmt.Sprintf(`{"build":%s}`, jsonString(build))
	switch {
	case p.diagnostics() != "[]":
		data = fmt.Sprintf(`{"build":%s,%s}`, jsonString(build), p.fields())
	case cssOnly:
		ev = "css"
	}
	s.hub.Broadcast(Event{Name: ev, Data: data})
}

// settle waits for the pending files of the site numbered gen and swaps
// in the site complete, letting the requests waiting for them go on,
// unless another site was published since. When they failed to render,
// they stay pending: the caller is told (Done) and publishes again, or
// calls Fail, which hands the waiting requests the last versions.
func (s *Server) settle(gen uint64, p Pending) {
	files, err := p.Wait()
	s.mu.Lock()
	if st := *s.state.Load(); st.gen == gen {
		if err != nil {
			st.failed = true
		} else {
			st.site, st.pending = files, nil
		}
		s.store(&st)
	}
	s.mu.Unlock()
	if p.Done != nil {
		p.Done(err)
	}
}

// Fail keeps the site and shows the problems of a rejected build over
// every open page and every page opened until the next Publish. Files
// still rendering stay pending; files whose rendering failed are served
// in their last versions from now on, under the overlay.
func (s *Server) Fail(p Problems) {
	s.mu.Lock()
	st := *s.state.Load()
	st.problems = p
	if st.failed {
		st.pending, st.failed = nil, false
	}
	s.store(&st)
	s.mu.Unlock()
	s.hub.Broadcast(Event{Name: "errors", Data: "{" + p.fields() + "}"})
}

func jsonString(v string) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
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
	st := s.state.Load()
	name, redirect, ok := Resolve(r.URL.EscapedPath(), st.site)
	for ok && st.pending[name] {
		select {
		case <-st.replaced:
			st = s.state.Load()
			name, redirect, ok = Resolve(r.URL.EscapedPath(), st.site)
		case <-r.Context().Done():
			http.Error(w, "the page is still being rebuilt", http.StatusServiceUnavailable)
			return
		}
	}
	site := st.site
	switch {
	case redirect != "":
		// The query is re-encoded, not copied: a raw one may hold bytes (a
		// '#', a bad escape) that would make the Location header invalid.
		if q := r.URL.Query(); len(q) > 0 {
			redirect += "?" + q.Encode()
		}
		// Found, not Moved Permanently: browsers keep permanent redirects,
		// and a preview's paths change while it runs.
		http.Redirect(w, r, redirect, http.StatusFound)
		return
	case !ok:
		// Before the first good build there is no 404.html: the stand-in
		// still carries the script, so that the page shows the overlay
		// and reloads once the playbook is fixed.
		b, ok := site["404.html"]
		if !ok {
			b = []byte(notFoundPage)
		}
		b = Inject(b, st.build)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusNotFound)
		if r.Method != http.MethodHead {
			_, _ = w.Write(b)
		}
		return
	}
	body := site[name]
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(body)
	}
	if path.Ext(name) == ".html" {
		body = Inject(body, st.build)
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
		if !ok {
			return "", "", false
		}
		return name, "", true
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

// scriptTag returns the one element serving adds to each HTML page. It
// names the build the page comes from, so that a page that missed the
// reload event (the build landed between the page load and the event
// stream's connection) sees the newer build in the first event and
// reloads.
func scriptTag(build string) string {
	return `<script src="` + ScriptPath + `?build=` + html.EscapeString(url.QueryEscape(build)) + `" defer></script>`
}

// Inject adds the live-reload script element before the last </body>, or
// at the end of a page that has none. It adds nothing else.
func Inject(page []byte, build string) []byte {
	tag := scriptTag(build)
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
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
	st := s.state.Load()
	fmt.Fprintf(w, "retry: 500\n\nevent: hello\ndata: {\"build\":%s,%s}\n\n", jsonString(st.build), st.problems.fields())
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
