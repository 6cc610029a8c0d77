package validate

import (
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
)

// scope is what one run of the rules judges: the nodes of a graph whose
// findings it makes, all of them or those around an edit, and the
// references from them. Rules read anything of the graph they need
// (g); they find only on the scope's nodes.
type scope struct {
	g     *model.Graph
	nodes []*model.Node
	refs  []*model.Ref
}

// whole is the scope of every node of g.
func whole(g *model.Graph) scope {
	return scope{g: g, nodes: g.Nodes, refs: g.Refs}
}

// part is the scope of the nodes of g in set, in site order.
func part(g *model.Graph, set map[*model.Node]bool) scope {
	s := scope{g: g}
	for _, n := range g.Nodes {
		if set[n] {
			s.nodes = append(s.nodes, n)
		}
	}
	for _, r := range g.Refs {
		if set[r.From] {
			s.refs = append(s.refs, r)
		}
	}
	return s
}

// ofKind returns the scope's nodes of kind k, in site order.
func (s scope) ofKind(k document.Kind) []*model.Node {
	var out []*model.Node
	for _, n := range s.nodes {
		if n.Kind == k {
			out = append(out, n)
		}
	}
	return out
}

// finished reports whether the file is that of a finished node of the
// graph: the strategy rules' findings on those are left out.
func (s scope) finished(file string) bool {
	n := s.g.File(file)
	return n != nil && s.g.ByID[n.ID] == n && n.Finished()
}
