// Package validate owns the rules: pure functions over the model that
// return diagnostics. It does no I/O and does not change the graph.
package validate

import (
	"maps"
	"slices"
	"time"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/history"
	"github.com/bearing-dev/bearing/internal/model"
)

// Options are the inputs of the rules besides the graph.
type Options struct {
	// Today is the date overdue reviews are judged against.
	Today time.Time
	// MaxActive is the focus/fragmented threshold.
	MaxActive int
	// FollowThroughDays is how long after a review recal/not-carried-out
	// waits for its decision to show.
	FollowThroughDays int
	// History is the playbook's git history; nil when there is none (not
	// a repository, --no-history), and the rules that need it say nothing.
	History *history.Log
}

// rule is one check over the nodes of a scope.
type rule func(s scope, o Options) []diag.Diagnostic

// check is a rule, whether its findings stand on finished nodes, and
// whether it is local.
type check struct {
	run rule
	// onFinished keeps the rule's findings on nodes that are done, killed
	// or retired: the rules about a file's own integrity, which would
	// break its page whatever its status. Strategy findings on finished
	// work are left out, unless they say the node should not be finished.
	onFinished bool
	// local says that each of the rule's findings is in the file of a
	// node of the scope it ran on (or of a reference from one), and
	// depends only on that node, the nodes its edges join it to (either
	// way), and the targets of its body's links: what Around counts.
	// Other rules may look anywhere (a cycle of any length, a review's
	// decision against the other reviews of its direction, the history),
	// and always run on the whole graph.
	local bool
	// dated says that the rule reads Options.Today: when Again is given
	// another day than the findings were found on, a local dated rule runs
	// on the whole graph.
	dated bool
}

// checks lists every rule in the order of the design's table.
func checks() []check {
	const local, global = true, false
	const dated, undated = true, false
	return []check{
		{duplicates, true, global, undated}, {references, true, local, undated}, {links, true, local, undated},
		{unmapped, false, local, undated}, {retired, false, local, undated}, {nonGoals, false, local, undated},
		{ahead, false, local, undated}, {unvalidated, false, local, undated}, {overdueWork, false, local, dated},
		{cycles, false, global, undated},
		{eliminatedActive, false, local, undated}, {overdue, false, local, dated},
		{noSignal, false, local, undated}, {incomplete, false, local, undated}, {stale, false, local, dated},
		{offTrack, false, local, undated},
		{fragmented, false, local, undated}, {idle, false, local, undated},
		{notCarriedOut, false, global, dated}, {goalpost, false, global, undated}, {churn, false, global, dated},
	}
}

// Findings are what the rules found on a graph, kept rule by rule so that
// Again can find anew only what an edit can change.
type Findings struct {
	o      Options
	byRule [][]diag.Diagnostic
}

// Run applies every rule to the whole graph.
func Run(g *model.Graph, o Options) *Findings {
	all := whole(g)
	f := &Findings{o: o, byRule: make([][]diag.Diagnostic, len(checks()))}
	for i, c := range checks() {
		f.byRule[i] = c.find(all, o)
	}
	return f
}

// List returns every finding, rule by rule, unsorted and with default
// severities; diag.Policy applies configuration afterwards.
func (f *Findings) List() []diag.Diagnostic {
	return f.AppendTo(make([]diag.Diagnostic, 0, f.Len()))
}

// Len is the number of findings.
func (f *Findings) Len() int {
	n := 0
	for _, ds := range f.byRule {
		n += len(ds)
	}
	return n
}

// AppendTo appends the findings to ds, as List lists them.
func (f *Findings) AppendTo(ds []diag.Diagnostic) []diag.Diagnostic {
	for _, rule := range f.byRule {
		ds = append(ds, rule...)
	}
	return ds
}

// Reach is what an edit can change the findings of: nodes of the graph
// after the edit, and the files it removed, whose findings go.
type Reach struct {
	Nodes map[*model.Node]bool
	Gone  []string
}

// Merge adds what r2 reaches to r.
func (r *Reach) Merge(r2 Reach) {
	if r.Nodes == nil {
		r.Nodes = map[*model.Node]bool{}
	}
	maps.Copy(r.Nodes, r2.Nodes)
	r.Gone = append(r.Gone, r2.Gone...)
}

// Around returns what an edit of one file can change the findings of,
// taken after the edit (model.Graph's Replace, Add or Remove): n is the
// file's node after it, nil when the edit removed the file, and old its
// document before, nil when the edit added it. It reaches n, the nodes
// its edges join it to either way, those whose bodies link to it, and
// those old named, which it may no longer. An edit that adds or removes
// a node also reaches every node with a reference or link that does not
// resolve, as those to a removed node no longer do (their did-you-mean
// suggestions are drawn from every id), and every node with a link to a
// page's URL or folder, which the node may take or leave to another page
// (model.LinkTarget.Fallback).
func Around(g *model.Graph, n *model.Node, old *document.Document) Reach {
	out := map[*model.Node]bool{}
	r := Reach{Nodes: out}
	if n != nil {
		out[n] = true
		for _, e := range n.Out {
			out[e.To] = true
		}
		for _, e := range n.In {
			out[e.From] = true
		}
		for _, m := range n.LinkedFrom {
			out[m] = true
		}
	}
	if old != nil {
		for _, m := range g.Named(old) {
			out[m] = true
		}
	}
	if n != nil && old != nil {
		return r
	}
	if n == nil {
		r.Gone = []string{old.Path}
	}
	// The node's id is new or gone: the references that name it, and the
	// broken references and links whose did-you-mean may name it now.
	for _, ref := range g.Refs {
		if ref.To == nil || !slices.Contains(ref.Kinds, ref.To.Kind) {
			out[ref.From] = true
		}
	}
	for _, m := range g.Nodes {
		if slices.ContainsFunc(m.Links, func(t *model.LinkTarget) bool { return t.Broken != "" || t.Fallback }) {
			out[m] = true
		}
	}
	return r
}

// Again returns the findings of g, the graph f was found on, after an
// edit that r says what it can change the findings of (Around each
// edited file): the global rules run on the whole graph again, the local
// rules on r's nodes only, and every other finding of f stands but those
// in r's files. A local rule that reads the day runs on the whole graph
// when o is of another day than f; with other options than f's, or no
// f, every rule does. f is not changed.
func (f *Findings) Again(g *model.Graph, o Options, r Reach) *Findings {
	if f == nil || o.MaxActive != f.o.MaxActive || o.FollowThroughDays != f.o.FollowThroughDays || o.History != f.o.History {
		return Run(g, o)
	}
	redate := !o.Today.Equal(f.o.Today)
	all, near := whole(g), part(g, r.Nodes)
	files := make(map[string]bool, len(r.Nodes)+len(r.Gone))
	for n := range r.Nodes {
		files[n.Path] = true
	}
	for _, p := range r.Gone {
		files[p] = true
	}
	out := &Findings{o: o, byRule: make([][]diag.Diagnostic, len(checks()))}
	for i, c := range checks() {
		if !c.local || (c.dated && redate) {
			out.byRule[i] = c.find(all, o)
			continue
		}
		var ds []diag.Diagnostic
		for _, d := range f.byRule[i] {
			if !files[d.Pos.File] {
				ds = append(ds, d)
			}
		}
		out.byRule[i] = append(ds, c.find(near, o)...)
	}
	return out
}

// find runs the check on s, leaving out what it found on finished nodes
// unless the rule says otherwise.
func (c check) find(s scope, o Options) []diag.Diagnostic {
	ds := c.run(s, o)
	if c.onFinished || len(ds) == 0 {
		return ds
	}
	out := ds[:0]
	for _, d := range ds {
		if !s.finished(d.Pos.File) {
			out = append(out, d)
		}
	}
	return out
}
