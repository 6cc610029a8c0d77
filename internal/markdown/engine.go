// Package markdown owns goldmark: it parses a Markdown body once, records
// every link with its source position, and compiles the body to HTML with
// a hole for each link, so that rendering a page later is only filling
// the holes with the targets the caller resolved. The syntax tree is
// dropped after parsing. It is the only package that imports goldmark; it
// must not import model, render or anything with I/O.
package markdown

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options configure an Engine. The zero value is safe: raw HTML escaped.
type Options struct {
	// UnsafeHTML passes raw HTML in Markdown through to the page.
	UnsafeHTML bool
	// LinksOnly skips compiling bodies to HTML: enough for checking,
	// not for rendering.
	LinksOnly bool
}

// Engine parses and renders Markdown. It is immutable once built and safe
// for concurrent use.
type Engine struct {
	md        goldmark.Markdown
	linksOnly bool
	// bufs holds compile buffers for reuse: a body is compiled into one
	// and copied out at its exact size, since ten thousand bodies each
	// kept with a grown buffer's slack would hold half as much again.
	bufs sync.Pool
}

// maxPooledBuffer is the largest compile buffer kept for reuse.
const maxPooledBuffer = 1 << 20

// New builds the one goldmark instance a build uses.
func New(opts Options) *Engine {
	rendererOpts := []renderer.Option{
		renderer.WithNodeRenderers(util.Prioritized(&linkRenderer{unsafe: opts.UnsafeHTML}, 100)),
	}
	if opts.UnsafeHTML {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
	}
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithInlineParsers(util.Prioritized(wikiParser{}, 199)),
		),
		goldmark.WithRendererOptions(rendererOpts...),
	)
	return &Engine{md: md, linksOnly: opts.LinksOnly}
}

// Doc is a parsed body: its links and headings, and its HTML with holes.
type Doc struct {
	Links    []*Link
	Headings []string // heading ids in document order
	// Title is the text of the first level-1 heading, "" without one.
	Title    string
	html     []byte
	holes    []hole
	plain    string
	wikis    []plainSpan // wiki links' ids in plain
	compiled bool
	// linkBytes is the length of every link's destination and title
	// added up: see LinkBytes.
	linkBytes int
}

// Link is a link found in a body: a Markdown link or image, or a wiki link.
type Link struct {
	// Dest is the destination as written: a URL or path for Markdown links,
	// the id (with an optional #fragment) for wiki links.
	Dest string
	// Label is the text after | in [[id|text]]; empty otherwise.
	Label string
	// Wiki is true for [[id]] links.
	Wiki bool
	// Image is true for ![alt](src).
	Image bool
	// Offset is the byte offset of the link's opening bracket in the body;
	// Line and Col are its 1-based position in the body.
	Offset, Line, Col int

	title, alt string // an image's alt text; a link's or image's title
}

// holeKind says what a hole in the compiled HTML stands for.
type holeKind uint8

const (
	holeOpen  holeKind = iota // a link's opening tag
	holeClose                 // a link's closing tag
	holeImage                 // a whole <img>
	holeWiki                  // a whole wiki link
)

// hole is a place in the compiled HTML where a link's markup goes.
// Files are at most 32 MiB, so offsets into a body's HTML (a few times
// its size at worst) and link indexes fit in 32 bits, which halves what a
// playbook's holes take.
type hole struct {
	at   int32
	link int32 // index into Links
	kind holeKind
}

// Release drops a body's compiled HTML, the largest part of it, once
// nothing will render it again: a one-off build renders each body once,
// for its node's page, and a 10,000-file playbook's bodies hold some
// 35 MiB of it. Render of a released body returns ErrNotCompiled; its
// links, headings and text stay.
func (d *Doc) Release() {
	d.html, d.holes, d.compiled = nil, nil, false
}

// Parse parses a body. Parsing never fails: any byte sequence is Markdown.
func (e *Engine) Parse(src []byte) *Doc {
	root := e.md.Parser().Parse(text.NewReader(src))
	d := &Doc{}
	index := map[ast.Node]int{}
	lines := newLineIndex(src)
	plain := plainWriter{off: e.linksOnly} // a check shows no text
	// Reference links repeat their definition's destination and title:
	// ten thousand of them to one long URL must not make ten thousand
	// copies, so equal strings are shared.
	strs := map[string]string{}
	str := func(b []byte) string {
		if s, ok := strs[string(b)]; ok {
			return s
		}
		s := string(b)
		strs[s] = s
		return s
	}
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if _, ok := n.(*ast.Heading); ok {
				plain.endHeading()
			} else if n.Type() == ast.TypeBlock {
				plain.separate()
			}
			return ast.WalkContinue, nil
		}
		var l *Link
		switch n := n.(type) {
		case *ast.Link:
			l = &Link{Dest: str(n.Destination), Offset: n.Pos(), title: str(n.Title)}
		case *ast.Image:
			l = &Link{Dest: str(n.Destination), Image: true, Offset: n.Pos(), title: str(n.Title), alt: plainText(n, src)}
		case *WikiLink:
			l = n.Link
		case *ast.Heading:
			if n.Level == 1 && d.Title == "" {
				d.Title = strings.TrimSpace(plainText(n, src))
			}
			if id, ok := n.AttributeString("id"); ok {
				if b, ok := id.([]byte); ok {
					d.Headings = append(d.Headings, string(b))
				}
			}
		case *ast.Text:
			plain.write(n.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				plain.separate()
			}
		case *ast.String:
			plain.write(n.Value)
		case *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		if l != nil {
			d.linkBytes += len(l.Dest) + len(l.title) + len(l.alt)
			l.Offset = min(max(l.Offset, 0), len(src))
			l.Line, l.Col = lines.position(l.Offset)
			index[n] = len(d.Links)
			d.Links = append(d.Links, l)
			if w, ok := n.(*WikiLink); ok {
				if w.Link.Label != "" {
					plain.writeString(w.Link.Label)
				} else {
					plain.writeWiki(w.Link.Dest, len(d.Links)-1)
				}
			}
		}
		return ast.WalkContinue, nil
	})
	d.plain = plain.String()
	for _, sp := range plain.wikis {
		if sp.end <= len(d.plain) {
			d.wikis = append(d.wikis, sp)
		}
	}
	if e.linksOnly {
		return d
	}
	buf, _ := e.bufs.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	buf.Reset()
	c := &compiler{buf: buf, index: index}
	// goldmark's renderer only fails when its writer does; a buffer never does.
	_ = e.md.Renderer().Render(c, src, root)
	d.html, d.holes, d.compiled = bytes.Clone(buf.Bytes()), c.holes, true
	if buf.Cap() <= maxPooledBuffer {
		e.bufs.Put(buf)
	}
	return d
}

// LinkBytes returns the length of every link's destination, title and
// alt text added up: about what rendering the body writes for its links.
// Written out, they are part of the body, so LinkBytes exceeds the body's
// size only when reference links repeat a long definition — a thousand
// references to a 10 KB destination render 10 MB.
func (d *Doc) LinkBytes() int { return d.linkBytes }

// HasHeading reports whether the body has a heading with the given id.
func (d *Doc) HasHeading(id string) bool {
	for _, h := range d.Headings {
		if h == id {
			return true
		}
	}
	return false
}

// PlainText returns the start of the body's text without markup, for
// search indexes and summaries, cut at a rune boundary within limit bytes
// (limit ≤ 0 means all that was kept, up to plainKeep bytes). A body
// parsed for links only (Options.LinksOnly) keeps no text.
func (d *Doc) PlainText(limit int) string {
	s := d.plain
	if limit > 0 && len(s) > limit {
		s = s[:limit]
		for len(s) > 0 && s[len(s)-1]&0xC0 == 0x80 {
			s = s[:len(s)-1]
		}
		if len(s) > 0 && s[len(s)-1] >= 0xC0 {
			s = s[:len(s)-1]
		}
		s = strings.TrimRight(s, " ")
	}
	return s
}

// PlainTextTitled is PlainText with the text of every wiki link without
// a label, its id, replaced by title(i) for the link's index i in Links
// (left as the id where title returns ""): the text a reader sees on the
// page, where such a link shows its node's title. The limit applies to
// the text before replacement.
func (d *Doc) PlainTextTitled(limit int, title func(i int) string) string {
	s := d.PlainText(limit)
	if len(d.wikis) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16*len(d.wikis))
	at := 0
	for _, sp := range d.wikis {
		if sp.end > len(s) {
			break
		}
		t := title(sp.link)
		if t == "" {
			continue
		}
		b.WriteString(s[at:sp.start])
		b.WriteString(t)
		at = sp.end
	}
	b.WriteString(s[at:])
	return b.String()
}

// Target is what a Resolver says about a link.
type Target struct {
	// URL replaces the destination. Empty means the link is broken or
	// withheld: its text is rendered without an anchor.
	URL string
	// Title is the text of a wiki link without a label.
	Title string
}

// Resolver maps links to their targets at render time: i is the link's
// index in Doc.Links.
type Resolver func(i int, l *Link) Target

// ErrNotCompiled is returned when rendering a Doc parsed with LinksOnly.
var ErrNotCompiled = errors.New("markdown: body was parsed for links only")

// Render writes the body as HTML, asking resolve for every link's target
// once. It only reads d, so one Doc may be rendered concurrently. A
// *bytes.Buffer is written to directly; any other writer gets the body
// in one Write.
func (e *Engine) Render(w io.Writer, d *Doc, resolve Resolver) error {
	if !d.compiled {
		return ErrNotCompiled
	}
	targets := make([]Target, len(d.Links))
	for i, l := range d.Links {
		if resolve != nil {
			targets[i] = resolve(i, l)
		} else {
			targets[i] = Target{URL: l.Dest}
		}
	}
	b, direct := w.(*bytes.Buffer)
	if !direct {
		b = new(bytes.Buffer)
	}
	b.Grow(len(d.html) + 64*len(d.holes))
	prev := 0
	for _, h := range d.holes {
		b.Write(d.html[prev:h.at])
		prev = int(h.at)
		writeHole(b, h.kind, d.Links[h.link], targets[h.link])
	}
	b.Write(d.html[prev:])
	if direct {
		return nil
	}
	_, err := w.Write(b.Bytes())
	return err
}

// lineIndex converts byte offsets to 1-based line and column.
type lineIndex []int // offsets of line starts

func newLineIndex(src []byte) lineIndex {
	idx := make(lineIndex, 1, bytes.Count(src, []byte{'\n'})+1)
	for off := 0; ; {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return idx
		}
		off += i + 1
		idx = append(idx, off)
	}
}

func (li lineIndex) position(offset int) (line, col int) {
	lo, hi := 0, len(li)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if li[mid] <= offset {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo + 1, offset - li[lo] + 1
}
