package render

import (
	"cmp"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
)

// Map geometry, in SVG user units.
const (
	mapNodeW  = 260
	mapNodeH  = 48
	mapGapY   = 12
	mapColGap = 116
	mapPad    = 16
	mapLabelH = 28
	// mapLineChars is how many characters of 13px text fit on one line
	// of a node; titles wrap onto a second line, then end in an ellipsis.
	mapLineChars = 32
)

// mapEdge is a drawn edge between two nodes of the map.
type mapEdge struct {
	from, to *model.Node
	bad      bool
}

// columnOf places directions, initiatives and signals in columns 0, 1, 2.
func columnOf(n *model.Node) int {
	switch n.Kind {
	case document.Direction:
		return 0
	case document.Initiative:
		return 1
	case document.Signal:
		return 2
	}
	return -1
}

// mapGraph is what a map of nodes draws, laid out once for the map and
// its list (mapList): its edges and its columns.
type mapGraph struct {
	nodes []*model.Node
	edges []mapEdge
	cols  [3][]*model.Node
}

func newMapGraph(nodes []*model.Node) mapGraph {
	edges := mapEdges(nodes)
	return mapGraph{nodes: nodes, edges: edges, cols: layout(nodes, edges)}
}

// mapEdges lists the edges among nodes in the set: direction→initiative
// for advances, initiative→signal for signals, and measures edges from
// what a signal measures to the signal.
func mapEdges(nodes []*model.Node) []mapEdge {
	in := map[*model.Node]bool{}
	for _, n := range nodes {
		in[n] = true
	}
	seen := map[[2]*model.Node]bool{}
	var out []mapEdge
	add := func(from, to *model.Node, bad bool) {
		k := [2]*model.Node{from, to}
		if !in[from] || !in[to] || seen[k] {
			return
		}
		seen[k] = true
		out = append(out, mapEdge{from, to, bad})
	}
	// A signal that measures a direction skips the initiatives' column;
	// its edge would cross every initiative box, so it is drawn only when
	// nothing else links the signal into the map.
	var skips []mapEdge
	for _, n := range nodes {
		for _, e := range n.Out {
			switch e.Field {
			case "advances":
				add(e.To, n, model.Violates(n, e.To))
			case "signals":
				add(n, e.To, false)
			case "measures":
				if columnOf(e.To) == 0 {
					skips = append(skips, mapEdge{e.To, n, false})
				} else {
					add(e.To, n, false)
				}
			}
		}
	}
	linked := map[*model.Node]bool{}
	for _, e := range out {
		linked[e.from], linked[e.to] = true, true
	}
	for _, e := range skips {
		if !linked[e.to] {
			add(e.from, e.to, false)
		}
	}
	return out
}

// layout orders each column to keep edge crossings low: nodes are placed
// at the mean position of their neighbours in the adjacent columns,
// sweeping right then left a few times (the barycentric heuristic).
func layout(nodes []*model.Node, edges []mapEdge) [3][]*model.Node {
	var cols [3][]*model.Node
	for _, n := range nodes {
		if c := columnOf(n); c >= 0 {
			cols[c] = append(cols[c], n)
		}
	}
	neighbours := map[*model.Node][]*model.Node{}
	for _, e := range edges {
		neighbours[e.from] = append(neighbours[e.from], e.to)
		neighbours[e.to] = append(neighbours[e.to], e.from)
	}
	pos := map[*model.Node]float64{}
	index := func(c int) {
		for i, n := range cols[c] {
			pos[n] = float64(i)
		}
	}
	for c := range cols {
		index(c)
	}
	order := func(c, ref int) {
		bary := map[*model.Node]float64{}
		for _, n := range cols[c] {
			sum, k := 0.0, 0
			for _, m := range neighbours[n] {
				if columnOf(m) == ref {
					sum += pos[m]
					k++
				}
			}
			if k == 0 {
				bary[n] = pos[n]
			} else {
				bary[n] = sum / float64(k)
			}
		}
		slices.SortStableFunc(cols[c], func(a, b *model.Node) int { return cmp.Compare(bary[a], bary[b]) })
		index(c)
	}
	for range 4 {
		order(1, 0)
		order(2, 1)
		order(1, 2)
		order(0, 1)
	}
	order(1, 0)
	order(2, 1)
	return cols
}

// drawMap renders the alignment map of a set of nodes as inline SVG.
// focus, if not nil, is highlighted.
func (r *run) drawMap(label string, g mapGraph, focus *model.Node) template.HTML {
	nodes, edges, cols := g.nodes, g.edges, g.cols
	var used []int
	for c := range cols {
		if len(cols[c]) > 0 {
			used = append(used, c)
		}
	}
	if len(used) == 0 {
		return ""
	}
	rows := 0
	for _, c := range used {
		rows = max(rows, len(cols[c]))
	}
	var x [3]int
	for i, c := range used {
		x[c] = mapPad + i*(mapNodeW+mapColGap)
	}
	width := 2*mapPad + len(used)*mapNodeW + (len(used)-1)*mapColGap
	height := mapLabelH + 2*mapPad + rows*mapNodeH + (rows-1)*mapGapY
	y := make(map[*model.Node]int, len(nodes))
	for _, c := range used {
		colH := len(cols[c])*mapNodeH + (len(cols[c])-1)*mapGapY
		top := mapLabelH + mapPad + (height-mapLabelH-2*mapPad-colH)/2
		for i, n := range cols[c] {
			y[n] = top + i*(mapNodeH+mapGapY)
		}
	}
	var w svgWriter
	w.b.Grow(512 + len(edges)*64 + len(nodes)*320)
	w.put(`<svg class="map" viewBox="0 0 `).num(width).put(" ").num(height).
		put(`" width="`).num(width).put(`" height="`).num(height).
		put(`" role="group" aria-label="`).put(template.HTMLEscapeString(label)).put(`" xmlns="http://www.w3.org/2000/svg">`)
	headings := [3]string{"Directions", "Initiatives", "Signals"}
	for _, c := range used {
		w.put(`<text class="map-col" x="`).num(x[c]).put(`" y="`).num(mapPad + 6).put(`">`).put(headings[c]).put(`</text>`)
	}
	for _, e := range edges {
		x1, y1 := x[columnOf(e.from)]+mapNodeW, y[e.from]+mapNodeH/2
		x2, y2 := x[columnOf(e.to)], y[e.to]+mapNodeH/2
		if columnOf(e.from) > columnOf(e.to) {
			x1, x2 = x[columnOf(e.from)], x[columnOf(e.to)]+mapNodeW
		}
		mid := (x1 + x2) / 2
		class := "edge"
		if e.bad {
			class = "edge edge-bad"
		}
		w.put(`<path class="`).put(class).put(`" d="M`).num(x1).put(" ").num(y1).
			put(" C").num(mid).put(" ").num(y1).put(" ").num(mid).put(" ").num(y2).
			put(" ").num(x2).put(" ").num(y2).put(`"/>`)
	}
	for _, c := range used {
		for _, n := range cols[c] {
			r.drawNode(&w, n, x[c], y[n], n == focus)
		}
	}
	w.put(`</svg>`)
	return template.HTML(w.b.String())
}

func (r *run) drawNode(w *svgWriter, n *model.Node, x, y int, focus bool) {
	m := r.mapLabel(n)
	w.put(`<a href="`).put(m.href).put(`" class="`).put(m.class)
	if focus {
		w.put(" focus")
	}
	if m.bad {
		w.put(" node-bad")
	}
	w.put(`">`).put(m.title)
	w.put(`<rect x="`).num(x).put(`" y="`).num(y).put(`" width="`).num(mapNodeW).put(`" height="`).num(mapNodeH).put(`" rx="6"/>`)
	ty := y + mapNodeH/2 + 5
	if len(m.lines) == 2 {
		ty = y + mapNodeH/2 - 3
	}
	for i, l := range m.lines {
		w.put(`<text x="`).num(x + 12).put(`" y="`).num(ty + i*16).put(`">`).put(l).put(`</text>`)
	}
	w.put(`</a>`)
}

// svgWriter appends markup and numbers without fmt: a 10,000-node
// playbook draws ten thousand sub-maps. A strings.Builder hands over
// what it holds without a copy.
type svgWriter struct{ b strings.Builder }

func (w *svgWriter) put(s string) *svgWriter {
	w.b.WriteString(s)
	return w
}

func (w *svgWriter) num(n int) *svgWriter {
	var digits [20]byte
	w.b.Write(strconv.AppendInt(digits[:0], int64(n), 10))
	return w
}

// nodeLabel is the escaped, position-free markup of a node in a map. A
// node appears in many sub-maps; its label is worked out once per render.
type nodeLabel struct {
	href, class, title string
	lines              []string
	bad                bool
}

func (r *run) mapLabel(n *model.Node) *nodeLabel {
	e := r.site.frags.nodes[n]
	if e == nil {
		return newNodeLabel(r, n)
	}
	e.labelOnce.Do(func() { e.label = newNodeLabel(r, n) })
	return e.label
}

func newNodeLabel(r *run, n *model.Node) *nodeLabel {
	desc := string(n.Kind)
	if n.Front.Status != "" {
		desc += ", " + n.Front.Status
	}
	if n.Front.Stage != "" {
		desc += ", stage " + n.Front.Stage
	}
	m := &nodeLabel{
		href:  template.HTMLEscapeString(r.url(n)),
		class: "node status-" + cssToken(n.Front.Status) + " stage-" + cssToken(n.Front.Stage),
		bad:   r.badNode[n],
		title: "<title>" + template.HTMLEscapeString(n.Title()) + " (" + template.HTMLEscapeString(desc) + ")</title>",
	}
	for _, l := range wrapLabel(n.Title(), mapLineChars, 2) {
		m.lines = append(m.lines, template.HTMLEscapeString(l))
	}
	return m
}

// wrapLabel breaks s at spaces into at most maxLines lines of at most
// width runes; what does not fit ends the last line with an ellipsis.
func wrapLabel(s string, width, maxLines int) []string {
	words := strings.Fields(s)
	var lines []string
	cur, start := "", 0
words:
	for i, w := range words {
		switch {
		case cur == "":
			cur, start = w, i
		case len([]rune(cur))+1+len([]rune(w)) <= width:
			cur += " " + w
		default:
			if len(lines) == maxLines-1 {
				break words
			}
			lines = append(lines, cur)
			cur, start = w, i
		}
	}
	if cur != "" {
		lines = append(lines, strings.Join(words[start:], " "))
	}
	for i := range lines {
		lines[i] = truncate(lines[i], width)
	}
	return lines
}

// truncate shortens s to at most n runes, ending with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := n - 1
	// End at a word when one ends near the limit.
	for i := cut; i > cut-12 && i > 0; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(r[:cut]), " ,;:-–") + "…"
}

// cssToken makes a value safe as part of a class name.
func cssToken(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' {
			b.WriteRune(c)
		}
	}
	if b.Len() == 0 {
		return "none"
	}
	return b.String()
}

// neighbourhood returns the nodes a node's sub-map shows: the node, what
// it links to and from, and for a direction its initiatives' signals.
func neighbourhood(n *model.Node, visible func(*model.Node) bool) []*model.Node {
	set := map[*model.Node]bool{n: true}
	add := func(m *model.Node) {
		if visible(m) {
			set[m] = true
		}
	}
	for _, e := range n.Out {
		add(e.To)
	}
	for _, e := range n.In {
		add(e.From)
	}
	if n.Kind == document.Direction || n.Kind == document.Signal {
		for m := range set {
			if m.Kind != document.Initiative {
				continue
			}
			for _, e := range m.Out {
				if e.Field == "signals" || (n.Kind == document.Signal && e.Field == "advances") {
					add(e.To)
				}
			}
			for _, s := range m.Sources("measures") {
				add(s)
			}
		}
	}
	var out []*model.Node
	for m := range set {
		if columnOf(m) >= 0 {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b *model.Node) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// mapList is the graph a map of nodes draws, as nested lists: each
// direction, the initiatives that advance it and the signals that
// measure them, in the map's order; nodes the map links to nothing come
// last. It reads where the map would have to be scrolled (a phone) or
// cannot be seen. "" when the map would be empty.
func (r *run) mapList(g mapGraph) (template.HTML, error) {
	nodes, edges, cols := g.nodes, g.edges, g.cols
	pos := map[*model.Node]int{}
	for c := range cols {
		for i, n := range cols[c] {
			pos[n] = c*len(nodes) + i
		}
	}
	out := map[*model.Node][]mapEdge{}
	for _, e := range edges {
		if columnOf(e.from) < columnOf(e.to) {
			out[e.from] = append(out[e.from], e)
		}
	}
	for _, es := range out {
		slices.SortFunc(es, func(a, b mapEdge) int { return cmp.Compare(pos[a.to], pos[b.to]) })
	}
	var (
		w      svgWriter
		listed = map[*model.Node]bool{}
		err    error
	)
	item := func(n *model.Node, bad bool) {
		ref := r.ref(n)
		if bad {
			ref.Bad, ref.Note = true, "breaks a rule"
		}
		h, e := ref.HTML()
		if e != nil && err == nil {
			err = e
		}
		listed[n] = true
		w.put("<li>").put(string(h))
	}
	var tree func(n *model.Node, depth int)
	tree = func(n *model.Node, depth int) {
		es := out[n]
		if len(es) == 0 || depth > 2 {
			return
		}
		w.put("<ul>")
		for _, e := range es {
			item(e.to, e.bad)
			tree(e.to, depth+1)
			w.put("</li>")
		}
		w.put("</ul>")
	}
	w.put(`<ul class="map-tree">`)
	for c := range cols {
		for _, n := range cols[c] {
			if c > 0 && listed[n] {
				continue
			}
			item(n, false)
			tree(n, 1)
			w.put("</li>")
		}
	}
	w.put("</ul>")
	if len(listed) == 0 {
		return "", err
	}
	return template.HTML(w.b.String()), err
}
