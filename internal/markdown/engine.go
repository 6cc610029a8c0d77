// Package markdown owns goldmark: it parses Markdown bodies once, records
// every link with its source offset, and renders the AST to HTML with link
// targets supplied by the caller. It is the only package that imports
// goldmark; it must not import model, render or anything with I/O.
package markdown

import (
	"bufio"
	"bytes"
	"io"

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
}

// Engine parses and renders Markdown. It is immutable once built and safe
// for concurrent use.
type Engine struct {
	md     goldmark.Markdown
	unsafe bool
}

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
	return &Engine{md: md, unsafe: opts.UnsafeHTML}
}

// Doc is a parsed Markdown body.
type Doc struct {
	src      []byte
	root     ast.Node
	Links    []*Link
	Headings []string // heading ids in document order
	byNode   map[ast.Node]*Link
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
	// Offset is the byte offset of the link's opening bracket in the body.
	Offset int
}

// Parse parses a body. Parsing never fails: any byte sequence is Markdown.
func (e *Engine) Parse(src []byte) *Doc {
	root := e.md.Parser().Parse(text.NewReader(src))
	d := &Doc{src: src, root: root, byNode: map[ast.Node]*Link{}}
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var l *Link
		switch n := n.(type) {
		case *ast.Link:
			l = &Link{Dest: string(n.Destination), Offset: n.Pos()}
		case *ast.Image:
			l = &Link{Dest: string(n.Destination), Image: true, Offset: n.Pos()}
		case *WikiLink:
			l = n.Link
		case *ast.Heading:
			if id, ok := n.AttributeString("id"); ok {
				if b, ok := id.([]byte); ok {
					d.Headings = append(d.Headings, string(b))
				}
			}
		}
		if l != nil {
			if l.Offset < 0 {
				l.Offset = 0
			}
			d.Links = append(d.Links, l)
			d.byNode[n] = l
		}
		return ast.WalkContinue, nil
	})
	return d
}

// HasHeading reports whether the body has a heading with the given id.
func (d *Doc) HasHeading(id string) bool {
	for _, h := range d.Headings {
		if h == id {
			return true
		}
	}
	return false
}

// Target is what a Resolver says about a link.
type Target struct {
	// URL replaces the destination. Empty means the link is broken: its
	// text is rendered without an anchor.
	URL string
	// Title is the text of a wiki link without a label.
	Title string
}

// Resolver maps links to their targets at render time.
type Resolver func(*Link) Target

// Render writes the body as HTML, asking resolve for every link's target.
func (e *Engine) Render(w io.Writer, d *Doc, resolve Resolver) error {
	bw := &renderWriter{Writer: bufio.NewWriter(w), doc: d, resolve: resolve}
	if err := e.md.Renderer().Render(bw, d.src, d.root); err != nil {
		return err
	}
	return bw.Flush()
}

// PlainText returns the body's text without markup, for search indexes
// and summaries. It stops after limit bytes when limit > 0.
func (d *Doc) PlainText(limit int) string {
	var b bytes.Buffer
	_ = ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if limit > 0 && b.Len() >= limit {
			return ast.WalkStop, nil
		}
		if !entering {
			if n.Type() == ast.TypeBlock && b.Len() > 0 {
				b.WriteByte(' ')
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			b.Write(n.Value(d.src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		case *WikiLink:
			if n.Link.Label != "" {
				b.WriteString(n.Link.Label)
			} else {
				b.WriteString(n.Link.Dest)
			}
		case *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	s := bytes.Join(bytes.Fields(b.Bytes()), []byte(" "))
	if limit > 0 && len(s) > limit {
		s = s[:limit]
		for len(s) > 0 && s[len(s)-1]&0xC0 == 0x80 {
			s = s[:len(s)-1]
		}
		if len(s) > 0 && s[len(s)-1] >= 0xC0 {
			s = s[:len(s)-1]
		}
	}
	return string(s)
}

// renderWriter carries the document and resolver of one Render call to the
// node renderers, which goldmark calls with only a writer.
type renderWriter struct {
	*bufio.Writer
	doc     *Doc
	resolve Resolver
}
