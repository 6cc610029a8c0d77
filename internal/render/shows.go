package render

import "github.com/bearing-dev/bearing/internal/model"

// Part names a part of a node that a page can show. A page declares the
// parts it shows (Shows), so that an incremental rebuild renders a page
// again exactly when a part it shows changed: the declarations are the
// one statement of what a page depends on, read by the full build and by
// the serve planner alike.
type Part uint8

const (
	// Front is the node's frontmatter (its id, kind, title and every
	// field) and with it whether the node exists and is shown.
	Front Part = 1 << iota
	// Body is the node's Markdown body: its text and its rendered HTML.
	Body
	// Links is where the body's links lead: the nodes, headings and
	// assets they resolve to. A page that lists backlinks shows the Links
	// of the nodes that link to it.
	Links
	// Findings are the diagnostics reported in the node's file.
	Findings
	// History is the node's git history: its events and, for a signal,
	// its readings from git. It changes when the history read changes
	// (serve reads it in the background), never with an edit.
	History
)

// Reach is what a page shows of the nodes around its own: the parts
// Parts of every node within Steps steps of it, a step being an edge or a
// body link, either way (see model.Near).
type Reach struct {
	Steps int
	Parts Part
}

// Shows declares what one output file shows. The zero value shows
// nothing of the playbook: such a file (the search page, a theme file)
// changes only with the configuration, the templates or the theme.
type Shows struct {
	// Node is the node the page is about, or nil.
	Node *model.Node
	// Own are the parts of Node the page shows.
	Own Part
	// Near are the parts of the nodes around Node the page shows.
	Near []Reach
	// All are the parts of every node the page shows: it is a view of
	// the whole playbook (the home page, the lists, the data files).
	All Part
	// Patch, when set, says that the file is an index of one entry per
	// node (Job.Index): a change confined to these parts of some nodes is
	// made by replacing their entries (Index.Replace) instead of
	// rendering the file again.
	Patch Part
	// File is the playbook file, relative to the root, that the output
	// copies (a content asset), or "".
	File string
}

// Steps returns the largest number of steps the file reaches out from
// its node: a page renders exactly from any part of the graph that holds
// the nodes within that many steps of its node.
func (s Shows) Steps() int {
	n := 0
	for _, r := range s.Near {
		n = max(n, r.Steps)
	}
	return n
}
