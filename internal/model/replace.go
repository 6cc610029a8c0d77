package model

import (
	"slices"

	"github.com/bearing-dev/bearing/internal/document"
)

// Replace puts d, a new parse of node n's file, in place of n's document
// and updates everything Build derives from it, so that the graph is the
// one Build would make from the new documents: n's place in Nodes, its
// references and edges, the reverse edges of the nodes it names, its
// links and the backlinks they make, and the links of other pages to a
// heading of n. Nodes keep their identity, so that a caller holding them
// (a renderer, a plan) sees the change.
//
// It reports false, changing nothing, unless d is usable and has n's path,
// id and kind, and n is the node that holds the id: anything else can
// change which nodes exist, and only Build decides that (or Add and
// Remove, where they can).
func (g *Graph) Replace(n *Node, d *document.Document) bool {
	if d == nil || !d.Usable() || d.Path != n.Path || d.ID != n.ID || d.Kind != n.Kind || g.ByID[n.ID] != n {
		return false
	}
	if !g.detach(n) {
		return false // not in the order Build left: rebuild rather than guess
	}
	old := n.Document
	n.Document = d
	g.attach(n)

	// Links from other pages to a heading of n resolve against its body.
	if old.Body != d.Body {
		for _, m := range n.LinkedFrom {
			if slices.ContainsFunc(m.Links, func(t *LinkTarget) bool { return t.Node == n && t.Fragment != "" }) {
				m.Links = g.resolveLinks(m)
			}
		}
	}
	return true
}

// detach takes out of the graph what n contributes to it: its place in
// Nodes, its references, its edges from the reverse edges of the nodes
// they join, and its links from the backlinks of the nodes they reach. It
// reports false, changing nothing, when n is not where Build put it.
func (g *Graph) detach(n *Node) bool {
	i, found := slices.BinarySearchFunc(g.Nodes, n, compareNodes)
	if !found || g.Nodes[i] != n {
		return false
	}
	for _, e := range n.Out {
		e.To.In = slices.DeleteFunc(e.To.In, func(x *Edge) bool { return x == e })
	}
	for _, m := range linkedFromBy(n) {
		m.LinkedFrom = slices.DeleteFunc(m.LinkedFrom, func(x *Node) bool { return x == n })
	}
	g.Refs = slices.DeleteFunc(g.Refs, func(r *Ref) bool { return r.From == n })
	g.Nodes = slices.Delete(g.Nodes, i, i+1)
	n.Out, n.Links = nil, nil
	return true
}

// attach puts n, detached or new, back where Build would have put it: in
// Nodes, its references among the graph's, its edges among the reverse
// edges of the nodes they join, and its links among the backlinks of the
// nodes they reach.
func (g *Graph) attach(n *Node) {
	i, _ := slices.BinarySearchFunc(g.Nodes, n, compareNodes)
	g.Nodes = slices.Insert(g.Nodes, i, n)
	kept := len(g.Refs)
	g.addRefs(n)
	refs := slices.Clone(g.Refs[kept:])
	g.Refs = g.Refs[:kept]
	// Build lists references in node order; none comes from n any more,
	// so the comparison never finds n itself.
	at, _ := slices.BinarySearchFunc(g.Refs, n, func(r *Ref, n *Node) int {
		if compareNodes(r.From, n) < 0 {
			return -1
		}
		return 1
	})
	g.Refs = slices.Insert(g.Refs, at, refs...)
	n.Links = g.resolveLinks(n)

	// Reverse edges and backlinks are in the order of their sources.
	for _, e := range n.Out {
		if slices.Contains(e.To.In, e) {
			continue // inserted with an earlier edge to the same node
		}
		var same []*Edge
		for _, f := range n.Out {
			if f.To == e.To {
				same = append(same, f)
			}
		}
		j, _ := slices.BinarySearchFunc(e.To.In, n, func(x *Edge, n *Node) int { return before(x.From, n) })
		e.To.In = slices.Insert(e.To.In, j, same...)
	}
	for _, m := range linkedFromBy(n) {
		j, _ := slices.BinarySearchFunc(m.LinkedFrom, n, func(x *Node, n *Node) int { return before(x, n) })
		m.LinkedFrom = slices.Insert(m.LinkedFrom, j, n)
	}
}

// before orders x against n for a binary search that must never find n:
// -1 when x comes first in site order, else 1.
func before(x, n *Node) int {
	if x != n && compareNodes(x, n) < 0 {
		return -1
	}
	return 1
}

// linkedFromBy returns the other nodes n's body links to, once each, in
// link order: the nodes whose LinkedFrom lists n.
func linkedFromBy(n *Node) []*Node {
	var out []*Node
	seen := map[*Node]bool{}
	for _, t := range n.Links {
		if t.Node != nil && t.Node != n && !seen[t.Node] {
			seen[t.Node] = true
			out = append(out, t.Node)
		}
	}
	return out
}
