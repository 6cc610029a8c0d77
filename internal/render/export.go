package render

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/model"
)

// GraphFormats lists the formats of `bearing graph`.
func GraphFormats() []string { return []string{"dot", "mermaid", "json"} }

// ExportGraph writes the alignment graph — every node and typed edge — as
// Graphviz DOT, a Mermaid flowchart, or JSON (the shape of alignment.json).
// In DOT and Mermaid, nodes and edges that diags (the build's, as
// reported) find an error in are drawn red.
func ExportGraph(g *model.Graph, diags []diag.Diagnostic, format string, url func(*model.Node) string) ([]byte, error) {
	all := func(*model.Node) bool { return true }
	switch format {
	case "json":
		return Graph(g, all, url)
	case "dot":
		return dot(g, violationsOf(g, diags)), nil
	case "mermaid":
		return mermaid(g, violationsOf(g, diags)), nil
	}
	return nil, fmt.Errorf("unknown graph format %q (want dot, mermaid or json)", format)
}

// violations are the parts of the graph that errors are about: the nodes
// with an error in their file, with its messages, and the edges an error
// names.
type violations struct {
	nodes map[*model.Node][]string
	edges map[*model.Edge]bool
}

// violationsOf reads the errors among diags: a node's file holding one
// makes the node red; a reference reported where it is written
// (align/retired, recal/eliminated-active) and an advances edge that
// breaks alignment or speed (model.Violates, which the site's map draws
// red too) make the edge red; a cycle deps/cycle reports makes its nodes
// and edges red. The rules stay in validate; this only places their
// findings.
func violationsOf(g *model.Graph, diags []diag.Diagnostic) violations {
	v := violations{nodes: map[*model.Node][]string{}, edges: map[*model.Edge]bool{}}
	byFile := make(map[string]*model.Node, len(g.Nodes))
	for _, n := range g.Nodes {
		byFile[n.Path] = n
	}
	at := map[diag.Pos]bool{}
	var cycles []diag.Diagnostic
	for _, d := range diags {
		if d.Severity != diag.Error {
			continue
		}
		at[d.Pos] = true
		n := byFile[d.Pos.File]
		if n == nil {
			continue
		}
		v.nodes[n] = append(v.nodes[n], d.Message)
		if d.Rule == diag.DepsCycle {
			cycles = append(cycles, d)
		}
	}
	for _, r := range g.Refs {
		if r.To == nil || !at[r.Item.Pos] {
			continue
		}
		for _, e := range r.From.Out {
			if e.To == r.To && e.Field == r.Field {
				v.edges[e] = true
			}
		}
	}
	for _, n := range g.Nodes {
		for _, e := range n.Out {
			if e.Field == "advances" && model.Violates(e.From, e.To) {
				v.edges[e] = true
			}
		}
	}
	// deps/cycle is reported once, at one initiative of the loop; every
	// initiative and edge on it is drawn red.
	for _, d := range cycles {
		loop := cycleOf(byFile[d.Pos.File])
		for _, m := range g.Nodes {
			if !loop[m] {
				continue
			}
			if !slices.Contains(v.nodes[m], d.Message) {
				v.nodes[m] = append(v.nodes[m], d.Message)
			}
			for _, e := range m.Out {
				if e.Field == "depends_on" && loop[e.To] {
					v.edges[e] = true
				}
			}
		}
	}
	return v
}

// cycleOf returns the nodes on a depends_on cycle through n: those it
// depends on, directly or not, that depend on it in turn. For an
// initiative that depends on itself it is n alone.
func cycleOf(n *model.Node) map[*model.Node]bool {
	reach := func(next func(*model.Node) []*model.Node) map[*model.Node]bool {
		seen := map[*model.Node]bool{}
		todo := next(n)
		for len(todo) > 0 {
			m := todo[len(todo)-1]
			todo = todo[:len(todo)-1]
			if !seen[m] {
				seen[m] = true
				todo = append(todo, next(m)...)
			}
		}
		return seen
	}
	down := reach(func(m *model.Node) []*model.Node { return m.Targets("depends_on") })
	up := reach(func(m *model.Node) []*model.Node { return m.Sources("depends_on") })
	loop := map[*model.Node]bool{}
	for m := range down {
		if up[m] {
			loop[m] = true
		}
	}
	return loop
}

// drawn reports whether the DOT and Mermaid graphs show a node: every
// direction, initiative and signal, and other nodes with an edge.
func drawn(n *model.Node) bool {
	return columnOf(n) >= 0 || len(n.Out) > 0 || len(n.In) > 0
}

// tooltipErrors is how many of a node's errors its tooltip lists.
const tooltipErrors = 5

// tooltip says what a node is, leaving out what it does not have, and
// why it is red: "initiative, active, stage validate", then its first
// errors, one a line.
func tooltip(n *model.Node, errs []string) string {
	if len(errs) > tooltipErrors {
		errs = append(errs[:tooltipErrors:tooltipErrors], fmt.Sprintf("and %d more", len(errs)-tooltipErrors))
	}
	parts := []string{string(n.Kind)}
	if n.Front.Status != "" {
		parts = append(parts, n.Front.Status)
	}
	if n.Front.Stage != "" {
		parts = append(parts, "stage "+n.Front.Stage)
	}
	return strings.Join(append([]string{strings.Join(parts, ", ")}, errs...), "\n")
}

func dot(g *model.Graph, v violations) []byte {
	var b bytes.Buffer
	b.WriteString("digraph alignment {\n  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", fillcolor=white];\n")
	for _, n := range g.Nodes {
		if !drawn(n) {
			continue
		}
		errs, bad := v.nodes[n]
		attrs := "label=" + dotQuote(n.Title()) + ", tooltip=" + dotQuote(tooltip(n, errs))
		if bad {
			attrs += ", color=red, fontcolor=red, penwidth=2"
		}
		fmt.Fprintf(&b, "  %s [%s];\n", dotQuote(n.ID), attrs)
	}
	for _, n := range g.Nodes {
		for _, e := range n.Out {
			attrs := "label=" + dotQuote(e.Field)
			if v.edges[e] {
				attrs += ", color=red, fontcolor=red"
			}
			fmt.Fprintf(&b, "  %s -> %s [%s];\n", dotQuote(n.ID), dotQuote(e.To.ID), attrs)
		}
	}
	b.WriteString("}\n")
	return b.Bytes()
}

func dotQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

func mermaid(g *model.Graph, v violations) []byte {
	var b bytes.Buffer
	b.WriteString("flowchart LR\n")
	id := func(n *model.Node) string { return "n_" + strings.ReplaceAll(n.ID, "-", "_") }
	var badNodes []string
	for _, n := range g.Nodes {
		if !drawn(n) {
			continue
		}
		fmt.Fprintf(&b, "  %s[\"%s\"]\n", id(n), mermaidText(n.Title()))
		if _, bad := v.nodes[n]; bad {
			badNodes = append(badNodes, id(n))
		}
	}
	var badEdges []int
	i := 0
	for _, n := range g.Nodes {
		for _, e := range n.Out {
			fmt.Fprintf(&b, "  %s -->|%s| %s\n", id(n), e.Field, id(e.To))
			if v.edges[e] {
				badEdges = append(badEdges, i)
			}
			i++
		}
	}
	if len(badNodes) > 0 {
		b.WriteString("  classDef bad stroke:red,stroke-width:2px,color:red\n")
		fmt.Fprintf(&b, "  class %s bad\n", strings.Join(badNodes, ","))
	}
	for _, k := range badEdges {
		fmt.Fprintf(&b, "  linkStyle %d stroke:red,stroke-width:2px\n", k)
	}
	return b.Bytes()
}

// mermaidText escapes text inside a quoted Mermaid label.
func mermaidText(s string) string {
	return strings.NewReplacer(`"`, "#quot;", "<", "#lt;", ">", "#gt;").Replace(s)
}
