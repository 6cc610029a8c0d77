package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// compiler is the writer goldmark renders into at parse time. Node
// renderers that meet a link record a hole instead of markup.
type compiler struct {
	buf   *bytes.Buffer
	holes []hole
	index map[ast.Node]int
}

var _ util.BufWriter = (*compiler)(nil)

func (c *compiler) Write(p []byte) (int, error)       { return c.buf.Write(p) }
func (c *compiler) WriteString(s string) (int, error) { return c.buf.WriteString(s) }
func (c *compiler) WriteByte(b byte) error            { return c.buf.WriteByte(b) }
func (c *compiler) WriteRune(r rune) (int, error)     { return c.buf.WriteRune(r) }
func (c *compiler) Available() int                    { return c.buf.Available() }
func (c *compiler) Buffered() int                     { return c.buf.Len() }
func (c *compiler) Flush() error                      { return nil }
func (c *compiler) hole(kind holeKind, n ast.Node) bool {
	i, ok := c.index[n]
	if ok {
		c.holes = append(c.holes, hole{at: int32(c.buf.Len()), kind: kind, link: int32(i)})
	}
	return ok
}

// linkRenderer leaves holes for links, images and wiki links, drops script
// URLs from autolinks, and escapes raw HTML unless unsafe.
type linkRenderer struct {
	unsafe bool
}

func (r *linkRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindLink, r.renderLink)
	reg.Register(ast.KindImage, r.renderImage)
	reg.Register(ast.KindAutoLink, r.renderAutoLink)
	reg.Register(KindWikiLink, r.renderWiki)
	if !r.unsafe {
		reg.Register(ast.KindRawHTML, r.renderRawHTML)
		reg.Register(ast.KindHTMLBlock, r.renderHTMLBlock)
	}
}

func compilerOf(w util.BufWriter) *compiler {
	c, _ := w.(*compiler)
	return c
}

func (r *linkRenderer) renderLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if c := compilerOf(w); c != nil {
		kind := holeClose
		if entering {
			kind = holeOpen
		}
		c.hole(kind, node)
	}
	return ast.WalkContinue, nil
}

func (r *linkRenderer) renderImage(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if c := compilerOf(w); c != nil && entering {
		c.hole(holeImage, node)
	}
	return ast.WalkSkipChildren, nil
}

func (r *linkRenderer) renderWiki(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if c := compilerOf(w); c != nil && entering {
		c.hole(holeWiki, node)
	}
	return ast.WalkContinue, nil
}

// writeURL writes a URL for an href or src attribute: percent-encoded and
// HTML-escaped, with a fast path for the common URL that needs neither.
func writeURL(b *bytes.Buffer, u string) {
	for i := 0; i < len(u); i++ {
		c := u[i]
		plain := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '/' || c == '-' || c == '_' || c == '.' || c == '~' || c == ':' || c == '#' || c == '?' || c == '=' || c == '%'
		if !plain {
			b.Write(util.EscapeHTML(util.URLEscape([]byte(u), true)))
			return
		}
	}
	b.WriteString(u)
}

// writeText writes HTML-escaped text, with a fast path for text that has
// nothing to escape.
func writeText(b *bytes.Buffer, s string) {
	if strings.ContainsAny(s, "<>&\"") {
		b.Write(util.EscapeHTML([]byte(s)))
		return
	}
	b.WriteString(s)
}

// writeHole writes the markup of one hole for a resolved target. An empty
// or unsafe URL renders the text without an anchor.
func writeHole(b *bytes.Buffer, kind holeKind, l *Link, t Target) {
	ok := t.URL != "" && SafeURL(t.URL)
	switch kind {
	case holeOpen:
		if !ok {
			b.WriteString(`<span class="broken-link">`)
			return
		}
		b.WriteString(`<a href="`)
		writeURL(b, t.URL)
		b.WriteByte('"')
		if l.title != "" {
			b.WriteString(` title="`)
			b.Write(util.EscapeHTML([]byte(l.title)))
			b.WriteByte('"')
		}
		b.WriteByte('>')
	case holeClose:
		if ok {
			b.WriteString("</a>")
		} else {
			b.WriteString("</span>")
		}
	case holeImage:
		alt := util.EscapeHTML([]byte(l.alt))
		if !ok {
			b.Write(alt)
			return
		}
		b.WriteString(`<img src="`)
		b.Write(util.EscapeHTML(util.URLEscape([]byte(t.URL), true)))
		b.WriteString(`" alt="`)
		b.Write(alt)
		b.WriteByte('"')
		if l.title != "" {
			b.WriteString(` title="`)
			b.Write(util.EscapeHTML([]byte(l.title)))
			b.WriteByte('"')
		}
		b.WriteString(` loading="lazy">`)
	case holeWiki:
		text := l.Label
		if text == "" {
			text = t.Title
		}
		if text == "" {
			text = l.Dest
		}
		if !ok {
			b.WriteString(`<span class="broken-link">`)
			writeText(b, text)
			b.WriteString(`</span>`)
			return
		}
		b.WriteString(`<a class="wikilink" href="`)
		writeURL(b, t.URL)
		b.WriteString(`">`)
		writeText(b, text)
		b.WriteString(`</a>`)
	}
}

func (r *linkRenderer) renderAutoLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.AutoLink)
	url := string(n.URL(src))
	if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
		url = "mailto:" + url
	}
	label := util.EscapeHTML(n.Label(src))
	if !SafeURL(url) {
		_, _ = w.Write(label)
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a href="`)
	_, _ = w.Write(util.EscapeHTML(util.URLEscape([]byte(url), false)))
	_, _ = w.WriteString(`">`)
	_, _ = w.Write(label)
	_, _ = w.WriteString(`</a>`)
	return ast.WalkContinue, nil
}

// renderRawHTML shows inline HTML as text: the writer sees what they wrote,
// and nothing they wrote runs.
func (r *linkRenderer) renderRawHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	for i := range n.Segments.Len() {
		s := n.Segments.At(i)
		_, _ = w.Write(util.EscapeHTML(s.Value(src)))
	}
	return ast.WalkSkipChildren, nil
}

func (r *linkRenderer) renderHTMLBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.HTMLBlock)
	_, _ = w.WriteString("<pre class=\"raw-html\"><code>")
	lines := n.Lines()
	for i := range lines.Len() {
		s := lines.At(i)
		_, _ = w.Write(util.EscapeHTML(s.Value(src)))
	}
	if n.HasClosure() {
		_, _ = w.Write(util.EscapeHTML(n.ClosureLine.Value(src)))
	}
	_, _ = w.WriteString("</code></pre>\n")
	return ast.WalkContinue, nil
}

// plainText concatenates the text beneath n, for alt attributes.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Value(src))
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
