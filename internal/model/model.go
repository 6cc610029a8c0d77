// Package model owns the strategy graph: nodes from parsed documents,
// typed edges between them, backlinks, where each body link points, and
// the rule predicates on them (Ahead, NonGoalTag, Violates) that validate
// reports and render draws. It does no I/O and reports nothing:
// unresolved references are kept for validate to judge. It imports
// neither validate nor render.
package model

import (
	"cmp"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/markdown"
	"github.com/bearing-dev/bearing/internal/source"
)

// Node is one content file in the graph.
type Node struct {
	*document.Document
	// URL is the page's path below the site root, with a trailing slash:
	// "directions/growth/"; "" for the home page.
	URL string
	// Out and In are the node's edges, in field then target order.
	Out, In []*Edge
	// Links resolves every link of the body, in body order.
	Links []*LinkTarget
	// LinkedFrom lists the nodes whose bodies link here, in site order.
	LinkedFrom []*Node
}

// Title returns the node's title, or its id when it has none.
func (n *Node) Title() string {
	if n.Front.Title != "" {
		return n.Front.Title
	}
	return n.ID
}

// Active reports whether the node's status is active.
func (n *Node) Active() bool { return n.Front.Status == "active" }

// Edge is a typed reference from one node's field to another node.
type Edge struct {
	From, To *Node
	// Field is the frontmatter field that holds the reference.
	Field string
}

// Ref is a reference as written, with the resolution validate judges.
type Ref struct {
	From  *Node
	Field string
	Item  document.Item
	// To is nil when no node has the id.
	To *Node
	// Unread is set when no node has the id but a file that could not be
	// read stands for it: only that file's own diagnostic says anything.
	Unread bool
	// Kinds are the kinds the field may name.
	Kinds []document.Kind
}

// LinkTarget is where a body link points.
type LinkTarget struct {
	Link *markdown.Link
	// Node is the linked node, for wiki links and links to .md files.
	Node *Node
	// Fragment is the #heading part, without '#'.
	Fragment string
	// Asset is the content-relative path of a linked non-Markdown file.
	Asset string
	// External is true for URLs with a scheme and site-absolute paths:
	// they are left as written.
	External bool
	// Broken says why the link resolves to nothing; "" when it resolves.
	Broken string
	// Unread is set for a link to a file that could not be read: it is
	// not broken, the file's own diagnostic says what is wrong.
	Unread bool
	// Fallback is set for a link that names no file but a page's URL or
	// folder, resolved to the first of ID.md, ID/index.md and
	// ID/_index.md there: adding or removing one of those can move it.
	Fallback bool
}

// Graph is the whole playbook.
type Graph struct {
	// Nodes holds every usable node in site order: by kind, weight, title.
	Nodes []*Node
	// ByID maps ids to nodes; the first file (by path) wins a duplicate.
	ByID map[string]*Node
	// Duplicates lists nodes whose id an earlier node already took.
	Duplicates []*Node
	// Refs lists every frontmatter reference, resolved or not.
	Refs []*Ref
	// Home is content/_index.md, or nil.
	Home *Node

	byPath map[string]*Node
	assets map[string]bool
	// unreadable holds content paths of files that could not be parsed:
	// links to them are not reported again, the file's own diagnostic says
	// what is wrong.
	unreadable map[string]bool
	// unread maps the id of each file that could not be read, as its path
	// gives it (or its frontmatter, when only the body failed), to the
	// kind its folder gives it: the file still stands for that id.
	unread map[string]document.Kind
}

// Build assembles the graph from parsed documents (in path order) and the
// content-relative asset paths.
func Build(docs []*document.Document, assets []string) *Graph {
	g := &Graph{ByID: map[string]*Node{}, byPath: map[string]*Node{}, assets: map[string]bool{},
		unreadable: map[string]bool{}, unread: map[string]document.Kind{}}
	for _, a := range assets {
		g.assets[source.ContentPath(a)] = true
	}
	for _, d := range docs {
		if !d.Usable() || d.ID == "" {
			cp := source.ContentPath(d.Path)
			g.unreadable[cp] = true
			kind, id := d.Kind, d.ID
			if id == "" {
				kind, id = document.IdentifyPath(cp)
			}
			if _, taken := g.unread[id]; id != "" && !taken {
				g.unread[id] = kind
			}
			continue
		}
		n := &Node{Document: d}
		cp := source.ContentPath(d.Path)
		g.byPath[cp] = n
		if cp == "_index.md" {
			g.Home = n
		}
		if _, dup := g.ByID[d.ID]; dup {
			g.Duplicates = append(g.Duplicates, n)
			continue
		}
		g.ByID[d.ID] = n
		g.Nodes = append(g.Nodes, n)
	}
	for id := range g.unread {
		if g.ByID[id] != nil {
			delete(g.unread, id) // the id is a node's: references name it
		}
	}
	for _, n := range g.Nodes {
		n.URL = urlOf(n, g.Home == n)
	}
	slices.SortStableFunc(g.Nodes, compareNodes)
	for _, n := range g.Nodes {
		g.addRefs(n)
	}
	g.resolveAllLinks()
	for _, n := range g.Nodes {
		for _, e := range n.Out {
			e.To.In = append(e.To.In, e)
		}
		for _, m := range linkedFromBy(n) {
			m.LinkedFrom = append(m.LinkedFrom, n)
		}
	}
	return g
}

// compareNodes orders nodes by kind, weight, title and id.
func compareNodes(a, b *Node) int {
	return cmp.Or(
		cmp.Compare(a.Kind.Order(), b.Kind.Order()),
		cmp.Compare(a.Front.Weight, b.Front.Weight),
		compareFold(a.Title(), b.Title()),
		cmp.Compare(a.ID, b.ID),
	)
}

// compareFold compares a and b as cmp.Compare compares their
// strings.ToLower, rune by rune, without making either: sorting and
// patching a graph compare titles often.
func compareFold(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if c := cmp.Compare(unicode.ToLower(ra), unicode.ToLower(rb)); c != 0 {
			return c
		}
		a, b = a[na:], b[nb:]
	}
	return cmp.Compare(len(a), len(b))
}

// urlOf gives kinded nodes /KIND-FOLDER/ID/ and pages their content path.
func urlOf(n *Node, home bool) string {
	if home {
		return ""
	}
	if n.Kind != document.Page {
		return n.Kind.Folder() + "/" + n.ID + "/"
	}
	p := strings.TrimSuffix(source.ContentPath(n.Path), path.Ext(n.Path))
	if b := path.Base(p); b == "index" || b == "_index" {
		p = path.Dir(p)
	}
	return p + "/"
}

// addRefs records the references of every field that names other nodes,
// as the field table says, and the edges of those that resolve to a node
// of a kind the field may name.
func (g *Graph) addRefs(n *Node) {
	for fd := range document.Fields(n.Kind) {
		if fd.RefKinds == nil {
			continue
		}
		seen := map[string]bool{}
		for _, it := range fd.References(n.Front) {
			r := &Ref{From: n, Field: fd.Name, Item: it, To: g.ByID[it.Value], Kinds: fd.RefKinds}
			r.Unread = r.To == nil && g.isUnread(it.Value)
			g.Refs = append(g.Refs, r)
			if r.To != nil && slices.Contains(r.Kinds, r.To.Kind) && !seen[it.Value] {
				seen[it.Value] = true
				n.Out = append(n.Out, &Edge{From: n, To: r.To, Field: fd.Name})
			}
		}
	}
}

// Named returns the nodes of g that the references of d name, of any
// kind, once each: after an edit of a node in place (Replace), the nodes
// its old document had edges to, which may be its edges no longer.
func (g *Graph) Named(d *document.Document) []*Node {
	var out []*Node
	for fd := range document.Fields(d.Kind) {
		if fd.RefKinds == nil {
			continue
		}
		for _, it := range fd.References(d.Front) {
			if m := g.ByID[it.Value]; m != nil && !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	return out
}

// Targets returns the nodes a node's field names, resolved and of the
// right kind.
func (n *Node) Targets(field string) []*Node {
	var out []*Node
	for _, e := range n.Out {
		if e.Field == field {
			out = append(out, e.To)
		}
	}
	return out
}

// Sources returns the nodes whose field names this node.
func (n *Node) Sources(field string) []*Node {
	var out []*Node
	for _, e := range n.In {
		if e.Field == field {
			out = append(out, e.From)
		}
	}
	return out
}

// IDs returns the ids of all nodes, sorted, for did-you-mean suggestions.
func (g *Graph) IDs() []string {
	ids := make([]string, 0, len(g.ByID))
	for id := range g.ByID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// OfKind returns the nodes of one kind in site order.
func (g *Graph) OfKind(k document.Kind) []*Node {
	var out []*Node
	for _, n := range g.Nodes {
		if n.Kind == k {
			out = append(out, n)
		}
	}
	return out
}

func (g *Graph) isUnread(id string) bool {
	_, ok := g.unread[id]
	return ok
}

// MayHide reports whether a file that could not be read may be a node of
// kind k: one in k's folder, or one outside every kind's folder, whose
// kind field could not be read. Rules that count a node's neighbours of
// kind k cannot tell what such a file would add, and say nothing.
func (g *Graph) MayHide(k document.Kind) bool {
	for _, kind := range g.unread {
		if kind == k || kind == document.Page {
			return true
		}
	}
	return false
}
