package markdown

import (
	"strings"

	"github.com/yuin/goldmark/util"
)

// safeSchemes are the URL schemes a page may link to. Anything else —
// javascript:, vbscript:, data:, file: in any letter case — is dropped.
var safeSchemes = []string{"http", "https", "mailto", "tel", "ftp", "ftps"}

// SafeURL reports whether a URL may appear in an href or src: relative
// URLs and the schemes above. It judges the URL as the renderer writes it,
// with character references resolved (&#106;avascript: is javascript:).
// Browsers ignore tabs and newlines inside a scheme and leading control
// characters, so those are removed first.
func SafeURL(u string) bool {
	// A scheme ends at a colon, written as such (a backslash escape
	// keeps it) or as a character reference, which starts with "&":
	// without either a URL is relative. Most are (every link the site
	// makes itself), so they are let through without the copies below.
	if !strings.ContainsAny(u, ":&") {
		return true
	}
	return judgeURL(u)
}

// judgeURL is SafeURL without its shortcut for URLs that cannot have a
// scheme.
func judgeURL(u string) bool {
	u = string(util.URLEscape([]byte(u), true))
	u = strings.TrimLeft(u, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\v\f\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	u = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, u)
	i := strings.IndexAny(u, ":/?#")
	if i < 0 || u[i] != ':' {
		return true // no scheme: a relative URL
	}
	scheme := strings.ToLower(u[:i])
	for _, s := range safeSchemes {
		if scheme == s {
			return true
		}
	}
	return false
}

// Destination returns a link's destination as CommonMark reads it, with
// backslash escapes and character references resolved: [x](caf&eacute;.md)
// links to café.md, and [x](&#106;avascript:...) is a javascript: URL.
// Link.Dest keeps the text as written; the renderer resolves it the same
// way, so whatever checks links must read this.
func Destination(dest string) string {
	if !strings.ContainsAny(dest, "\\&") {
		return dest
	}
	b := util.UnescapePunctuations([]byte(dest))
	b = util.ResolveNumericReferences(b)
	return string(util.ResolveEntityNames(b))
}

// HasScheme reports whether u starts with a URL scheme, such as https:.
func HasScheme(u string) bool {
	i := strings.IndexAny(u, ":/?#")
	if i <= 0 || u[i] != ':' {
		return false
	}
	for j, c := range u[:i] {
		isAlpha := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !isAlpha && (j == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}
