package render

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/bearing-dev/bearing/internal/model"
	"github.com/bearing-dev/bearing/internal/validate"
)

// GraphFormats lists the formats of `bearing graph`.
func GraphFormats() []string { return []string{"dot", "mermaid", "json"} }

// ExportGraph writes the alignment graph — every node and typed edge — as
// Graphviz DOT, a Mermaid flowchart, or JSON (the shape of alignment.json).
func ExportGraph(g *model.Graph, format string, url func(*model.Node) string) ([]byte, error) {
	all := func(*model.Node) bool { return true }
	switch format {
	case "json":
		return Graph(g, all, url)
	case "dot":
		return dot(g), nil
	case "mermaid":
		return mermaid(g), nil
	}
	return nil, fmt.Errorf("unknown graph format %q (want dot, mermaid or json)", format)
}

func violates(e *model.Edge) bool {
	return e.Field == "advances" && validate.Violates(e.From, e.To)
}

func dot(g *model.Graph) []byte {
	var b bytes.Buffer
	b.WriteString("digraph alignment {\n  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", fillcolor=white];\n")
	for _, n := range g.Nodes {
		if columnOf(n) < 0 && len(n.Out) == 0 && len(n.In) == 0 {
			continue
		}
		fmt.Fprintf(&b, "  %s [label=%s, tooltip=%s];\n", dotQuote(n.ID), dotQuote(n.Title()),
			dotQuote(fmt.Sprintf("%s, %s, %s", n.Kind, n.Front.Status, n.Front.Stage)))
	}
	for _, n := range g.Nodes {
		for _, e := range n.Out {
			attrs := "label=" + dotQuote(e.Field)
			if violates(e) {
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

func mermaid(g *model.Graph) []byte {
	var b bytes.Buffer
	b.WriteString("flowchart LR\n")
	id := func(n *model.Node) string { return "n_" + strings.ReplaceAll(n.ID, "-", "_") }
	for _, n := range g.Nodes {
		if columnOf(n) < 0 && len(n.Out) == 0 && len(n.In) == 0 {
			continue
		}
		fmt.Fprintf(&b, "  %s[\"%s\"]\n", id(n), mermaidText(n.Title()))
	}
	var bad []int
	i := 0
	for _, n := range g.Nodes {
		for _, e := range n.Out {
			fmt.Fprintf(&b, "  %s -->|%s| %s\n", id(n), e.Field, id(e.To))
			if violates(e) {
				bad = append(bad, i)
			}
			i++
		}
	}
	for _, k := range bad {
		fmt.Fprintf(&b, "  linkStyle %d stroke:red,stroke-width:2px\n", k)
	}
	return b.Bytes()
}

// mermaidText escapes text inside a quoted Mermaid label.
func mermaidText(s string) string {
	return strings.NewReplacer(`"`, "#quot;", "<", "#lt;", ">", "#gt;").Replace(s)
}
