package model

// Near returns the nodes within steps steps of seeds, those included. A
// step is an edge or a body link, either way: the distance a page's
// render.Reach counts, and a local rule's reach in validate.
func Near(seeds []*Node, steps int) map[*Node]bool {
	near := make(map[*Node]bool, len(seeds))
	var frontier []*Node
	add := func(n *Node) {
		if n != nil && !near[n] {
			near[n] = true
			frontier = append(frontier, n)
		}
	}
	for _, n := range seeds {
		add(n)
	}
	for range steps {
		last := frontier
		frontier = nil
		for _, n := range last {
			for _, m := range neighbours(n) {
				add(m)
			}
		}
	}
	return near
}

// neighbours lists the nodes one step from n: edges both ways and body
// links both ways.
func neighbours(n *Node) []*Node {
	out := make([]*Node, 0, len(n.Out)+len(n.In)+len(n.Links)+len(n.LinkedFrom))
	for _, e := range n.Out {
		out = append(out, e.To)
	}
	for _, e := range n.In {
		out = append(out, e.From)
	}
	for _, t := range n.Links {
		if t.Node != nil {
			out = append(out, t.Node)
		}
	}
	return append(out, n.LinkedFrom...)
}
