package model

import (
	"slices"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/source"
)

// Add puts a node for d, a file the graph does not have, and updates
// everything Build derives from it, so that the graph is the one Build
// would make with d among its documents: d's node with its references,
// edges and links, and the nodes whose references or links named it in
// vain before, which now reach it.
//
// It reports false, changing nothing, unless d is usable, with an id no
// node or unreadable file holds, at a path no node has, and is not the
// home page; and the graph holds no file that could not be read, whose
// ids only Build keeps track of. Nodes keep their identity.
func (g *Graph) Add(d *document.Document) bool {
	cp := source.ContentPath(d.Path)
	if !d.Usable() || d.ID == "" || cp == "_index.md" || len(g.unreadable) > 0 ||
		g.ByID[d.ID] != nil || g.byPath[cp] != nil || g.hasDuplicate(d.ID) {
		return false
	}
	n := &Node{Document: d}
	n.URL = urlOf(n, false)
	g.byPath[cp] = n
	g.ByID[d.ID] = n
	g.attach(n)
	// Links that were broken may reach n now, and those to a page's URL
	// or folder may reach n instead of the page they found there.
	for _, m := range g.reaching(func(r *Ref) bool { return r.To == nil && r.Item.Value == d.ID }, func(t *LinkTarget) bool { return t.Broken != "" || t.Fallback }) {
		g.reattach(m)
	}
	return true
}

// Remove takes node n out and updates everything Build derives from it,
// so that the graph is the one Build would make without n's file: the
// nodes whose references or links reached n now name it in vain.
//
// It reports false, changing nothing, unless n is the graph's node of its
// id, which no other file claims too, and not the home page; and the
// graph holds no file that could not be read.
func (g *Graph) Remove(n *Node) bool {
	if g.ByID[n.ID] != n || n == g.Home || len(g.unreadable) > 0 || g.hasDuplicate(n.ID) {
		return false
	}
	linked := slices.Clone(n.LinkedFrom)
	if !g.detach(n) {
		return false
	}
	delete(g.ByID, n.ID)
	delete(g.byPath, source.ContentPath(n.Path))
	for _, m := range g.reaching(func(r *Ref) bool { return r.To == n }, func(*LinkTarget) bool { return false }) {
		g.reattach(m)
	}
	for _, m := range linked {
		if m != n && g.ByID[m.ID] == m {
			g.reattach(m)
		}
	}
	n.In, n.LinkedFrom = nil, nil
	return true
}

// reattach takes m out and puts it back with its document, resolving its
// references and links again. m is a node of g where Build put it, so
// Replace cannot refuse it.
func (g *Graph) reattach(m *Node) {
	if !g.Replace(m, m.Document) {
		panic("model: a node of the graph is not where Build put it: " + m.Path)
	}
}

// reaching returns the nodes, in site order, with a reference for which
// ref is true or a link for which link is true.
func (g *Graph) reaching(ref func(*Ref) bool, link func(*LinkTarget) bool) []*Node {
	set := map[*Node]bool{}
	for _, r := range g.Refs {
		if ref(r) {
			set[r.From] = true
		}
	}
	var out []*Node
	for _, m := range g.Nodes {
		if set[m] || slices.ContainsFunc(m.Links, link) {
			out = append(out, m)
		}
	}
	return out
}

// hasDuplicate reports whether a node that lost id to another has id.
func (g *Graph) hasDuplicate(id string) bool {
	return slices.ContainsFunc(g.Duplicates, func(n *Node) bool { return n.ID == id })
}

// File returns the node of the file at p, a path as documents name it
// (content/...), or nil.
func (g *Graph) File(p string) *Node { return g.byPath[source.ContentPath(p)] }
