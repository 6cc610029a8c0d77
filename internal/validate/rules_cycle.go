package validate

import (
	"slices"
	"strings"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
)

// cycles reports deps/cycle once per cycle, at the depends_on key of the
// cycle's first node in site order, naming the whole loop.
func cycles(s scope, _ Options) []diag.Diagnostic {
	g := s.g
	const (
		unseen = iota
		onStack
		done
	)
	state := map[*model.Node]int{}
	var stack []*model.Node
	var out []diag.Diagnostic
	var visit func(n *model.Node)
	visit = func(n *model.Node) {
		state[n] = onStack
		stack = append(stack, n)
		for _, e := range n.Out {
			if !dependsOn(e) {
				continue
			}
			dep := e.To
			switch state[dep] {
			case unseen:
				visit(dep)
			case onStack:
				i := slices.Index(stack, dep)
				loop := stack[i:]
				names := make([]string, 0, len(loop)+1)
				for _, m := range loop {
					names = append(names, m.ID)
				}
				names = append(names, dep.ID)
				out = append(out, diag.New(loop[0].Front.At("depends_on"), diag.DepsCycle,
					"depends_on forms a cycle: %s", strings.Join(names, " → ")))
			}
		}
		stack = stack[:len(stack)-1]
		state[n] = done
	}
	for _, n := range g.Nodes {
		// A node that depends on none is in no cycle: most are not
		// visited, which a history's every commit would pay for.
		if n.Kind == document.Initiative && state[n] == unseen && slices.ContainsFunc(n.Out, dependsOn) {
			visit(n)
		}
	}
	return out
}

func dependsOn(e *model.Edge) bool { return e.Field == "depends_on" }
