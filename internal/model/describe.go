package model

import (
	"fmt"
	"strings"
)

// Describe writes out everything Build derives, one fact a line: nodes
// with their edges, links and backlinks, references, duplicates, the
// home page and the ids. Two graphs of the same files describe alike;
// tests compare a graph patched in place with the one Build makes so.
func (g *Graph) Describe() string {
	var b strings.Builder
	name := func(n *Node) string {
		if n == nil {
			return "<nil>"
		}
		return n.Path
	}
	for _, n := range g.Nodes {
		fmt.Fprintf(&b, "node %s %s %s %q url=%s\n", n.Path, n.Kind, n.ID, n.Title(), n.URL)
		for _, e := range n.Out {
			fmt.Fprintf(&b, "  out %s %s from=%s\n", e.Field, name(e.To), name(e.From))
		}
		for _, e := range n.In {
			fmt.Fprintf(&b, "  in %s %s to=%s\n", e.Field, name(e.From), name(e.To))
		}
		for _, l := range n.Links {
			fmt.Fprintf(&b, "  link %q node=%s frag=%q asset=%q ext=%v broken=%q unread=%v fallback=%v\n",
				l.Link.Dest, name(l.Node), l.Fragment, l.Asset, l.External, l.Broken, l.Unread, l.Fallback)
		}
		for _, m := range n.LinkedFrom {
			fmt.Fprintf(&b, "  linked from %s\n", name(m))
		}
	}
	for _, r := range g.Refs {
		fmt.Fprintf(&b, "ref %s %s %q to=%s unread=%v kinds=%v\n", name(r.From), r.Field, r.Item.Value, name(r.To), r.Unread, r.Kinds)
	}
	for _, n := range g.Duplicates {
		fmt.Fprintf(&b, "duplicate %s\n", n.Path)
	}
	fmt.Fprintf(&b, "home %s\n", name(g.Home))
	for _, id := range g.IDs() {
		fmt.Fprintf(&b, "id %s %s\n", id, name(g.ByID[id]))
	}
	return b.String()
}
