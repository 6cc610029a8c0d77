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
		for _, dep := range n.Targets("depends_on") {
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
	for _, n := range g.OfKind(document.Initiative) {
		if state[n] == unseen {
			visit(n)
		}
	}
	return out
}
