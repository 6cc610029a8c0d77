package render

import (
	"bytes"
	"strings"
)

// relativeAttrs are the attributes whose rooted URLs relativize rewrites:
// every attribute the site's pages put a URL of the site in.
var relativeAttrs = []string{"href", "src", "action", "data-index", "data-script"}

// relativize rewrites every rooted URL (one starting with a single "/")
// in the attributes relativeAttrs of the page at path p (index.html,
// directions/x/index.html) relative to p, naming the file explicitly:
// "/directions/x/" on a page one folder down becomes
// "../directions/x/index.html". A site so made works from any folder of
// any host and opened from disk, where a folder's URL lists the folder.
//
// It returns nil when the page has no such URL.
//
// This is not link rewriting in Markdown (internal/markdown does that on
// the AST): the pages are already complete, and every URL in them was
// made by the renderer as a rooted path, so a rooted URL in one of these
// attributes is exactly a link into the site. html/template writes
// attributes double-quoted and escapes quotes inside them.
func relativize(page []byte, p string) []byte {
	up := strings.Repeat("../", strings.Count(p, "/"))
	var out []byte
	last := 0
	for i := 0; ; {
		j := bytes.Index(page[i:], []byte(`="/`))
		if j < 0 {
			break
		}
		at := i + j     // the '='
		start := at + 2 // the URL's first byte, '/'
		i = start + 1
		if start+1 < len(page) && page[start+1] == '/' {
			continue // protocol-relative: another host
		}
		if !endsWithAttr(page[:at]) {
			continue
		}
		end := bytes.IndexByte(page[start:], '"')
		if end < 0 {
			break
		}
		end += start
		if out == nil {
			out = make([]byte, 0, len(page)+len(page)/16)
		}
		out = append(out, page[last:start]...)
		out = append(out, up...)
		out = append(out, explicit(string(page[start+1:end]))...)
		last, i = end, end
	}
	if out == nil {
		return nil
	}
	return append(out, page[last:]...)
}

// endsWithAttr reports whether b ends with a space and one of the names
// in relativeAttrs.
func endsWithAttr(b []byte) bool {
	for _, a := range relativeAttrs {
		if len(b) > len(a) && bytes.HasSuffix(b, []byte(a)) {
			if c := b[len(b)-len(a)-1]; c == ' ' || c == '\n' || c == '\t' {
				return true
			}
		}
	}
	return false
}

// explicit names the file a site path below the root stands for: a
// folder's index.html, before any query or fragment.
func explicit(u string) string {
	rest := ""
	if k := strings.IndexAny(u, "?#"); k >= 0 {
		u, rest = u[:k], u[k:]
	}
	if u == "" || strings.HasSuffix(u, "/") {
		u += "index.html"
	}
	return u + rest
}
