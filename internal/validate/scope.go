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
	// done holds the files of the graph's finished nodes once a run
	// needs them; shared by the copies of a scope.
	done *map[string]bool
}

// whole is the scope of every node of g.
func whole(g *model.Graph) scope {
	return scope{g: g, nodes: g.Nodes, refs: g.Refs, done: new(map[string]bool)}
}

// part is the scope of the nodes of g in set, in site order.
func part(g *model.Graph, set map[*model.Node]bool) scope {
	s := scope{g: g, done: new(map[string]bool)}
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

// finished returns the files of the graph's nodes that are finished:
// the strategy rules' findings on those are left out.
func (s scope) finished() map[string]bool {
	if *s.done == nil {
		*s.done = map[string]bool{}
		for _, n := range s.g.Nodes {
			if n.Finished() {
				(*s.done)[n.Path] = true
			}
		}
	}
	return *s.done
}
