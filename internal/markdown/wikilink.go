package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// KindWikiLink is the AST kind of [[id]] links.
var KindWikiLink = ast.NewNodeKind("WikiLink")

// WikiLink is an [[id]] or [[id|text]] link in the AST.
type WikiLink struct {
	ast.BaseInline
	Link *Link
}

// Kind implements ast.Node.
func (n *WikiLink) Kind() ast.NodeKind { return KindWikiLink }

// Dump implements ast.Node.
func (n *WikiLink) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Dest": n.Link.Dest, "Label": n.Link.Label}, nil)
}

// wikiParser turns [[id]] and [[id|text]] into WikiLink nodes. It runs
// before goldmark's link parser, and declines anything else so that
// ordinary [text](url) links are untouched.
type wikiParser struct{}

var _ parser.InlineParser = wikiParser{}

func (wikiParser) Trigger() []byte { return []byte{'['} }

func (wikiParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 5 || line[1] != '[' {
		return nil
	}
	// The id and label hold no bracket and no line break, so the link
	// ends at the first of them, which must start "]]". Looking no
	// further than that keeps a line of a thousand "[[" linear.
	end := bytes.IndexAny(line[2:], "[]\n")
	if end < 0 || !bytes.HasPrefix(line[2+end:], []byte("]]")) {
		return nil
	}
	inner := line[2 : 2+end]
	dest, label, _ := bytes.Cut(inner, []byte("|"))
	dest = bytes.TrimSpace(dest)
	if len(dest) == 0 {
		return nil
	}
	n := &WikiLink{Link: &Link{
		Dest:   string(dest),
		Label:  string(bytes.TrimSpace(label)),
		Wiki:   true,
		Offset: seg.Start,
	}}
	n.SetPos(seg.Start)
	block.Advance(2 + end + 2)
	return n
}
