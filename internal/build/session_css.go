package build

import (
	"bytes"
	"slices"
	"strings"
)

// cssVersion is what precedes a stylesheet URL's cache-busting version.
var cssVersion = []byte(".css?v=")

// cssOnly reports whether an update changed stylesheets and nothing else
// but the versions in the URLs that load them.
func cssOnly(old, cur map[string][]byte, written, removed []string) bool {
	if len(removed) > 0 || !slices.ContainsFunc(written, func(p string) bool { return strings.HasSuffix(p, ".css") }) {
		return false
	}
	for _, p := range written {
		if strings.HasSuffix(p, ".css") {
			continue
		}
		if o, ok := old[p]; !ok || !sameButCSSVersions(o, cur[p]) {
			return false
		}
	}
	return true
}

// sameButCSSVersions reports whether two pages are equal but for the
// version tokens of stylesheet URLs (".css?v=TOKEN"). It runs in linear
// time: a theme change compares every page of the site.
func sameButCSSVersions(a, b []byte) bool {
	for {
		i := mismatch(a, b)
		if i == len(a) && i == len(b) {
			return true
		}
		// The first difference must lie inside a version token.
		j := bytes.LastIndex(a[:i], cssVersion)
		if j < 0 {
			return false
		}
		start := j + len(cssVersion)
		if tokenLen(a[start:i]) != i-start {
			return false
		}
		a, b = a[start+tokenLen(a[start:]):], b[start+tokenLen(b[start:]):]
	}
}

// mismatch returns the length of the common prefix of a and b.
func mismatch(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for i+4096 <= n && bytes.Equal(a[i:i+4096], b[i:i+4096]) {
		i += 4096
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// tokenLen returns the length of the version token at the start of s.
func tokenLen(s []byte) int {
	for i, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_') {
			return i
		}
	}
	return len(s)
}
