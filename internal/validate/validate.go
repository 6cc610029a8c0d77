// Package validate owns the rules: pure functions over the model that
// return diagnostics. It does no I/O and does not change the graph.
package validate

import (
	"time"

	"github.com/bearing-dev/bearing/internal/diag"
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
	// depends only on the nodes within reach of it. Other rules may look
	// anywhere (a cycle of any length, a review's decision against the
	// other reviews of its direction, the history), and always run on the
	// whole graph.
	local bool
}

// reach is how far a local rule looks, in model.Near's steps: a
// direction's own initiatives and signals, an initiative's directions, a
// link's target.
const reach = 1

// checks lists every rule in the order of the design's table.
func checks() []check {
	const local, global = true, false
	return []check{
		{duplicates, true, global}, {references, true, local}, {links, true, local},
		{unmapped, false, local}, {retired, false, local}, {nonGoals, false, local},
		{ahead, false, local}, {unvalidated, false, local}, {overdueWork, false, local},
		{cycles, false, global},
		{eliminatedActive, false, local}, {overdue, false, local},
		{noSignal, false, local}, {incomplete, false, local}, {stale, false, local}, {offTrack, false, local},
		{fragmented, false, local}, {idle, false, local},
		{notCarriedOut, false, global}, {goalpost, false, global}, {churn, false, global},
	}
}

// Findings are what the rules found on a graph, kept rule by rule so that
// Again can find anew only what an edit can change.
type Findings struct {
	byRule [][]diag.Diagnostic
}

// Run applies every rule to the whole graph.
func Run(g *model.Graph, o Options) *Findings {
	all := whole(g)
	f := &Findings{byRule: make([][]diag.Diagnostic, len(checks()))}
	for i, c := range checks() {
		f.byRule[i] = c.find(all, o)
	}
	return f
}

// List returns every finding, rule by rule, unsorted and with default
// severities; diag.Policy applies configuration afterwards.
func (f *Findings) List() []diag.Diagnostic {
	n := 0
	for _, ds := range f.byRule {
		n += len(ds)
	}
	out := make([]diag.Diagnostic, 0, n)
	for _, ds := range f.byRule {
		out = append(out, ds...)
	}
	return out
}

// Reach returns the nodes whose findings an edit of n's file can change,
// as the graph stands: those within reach of n. An edit can change edges,
// so take it before the edit and after, and pass both to Again.
func Reach(n *model.Node) map[*model.Node]bool {
	return model.Near([]*model.Node{n}, reach)
}

// Again returns the findings of g, the graph f was found on after an edit
// that kept every node's id, kind and file, given the same options and
// the nodes whose findings the edit can change (Reach of each edited
// node, before and after): the global rules run on the whole graph again,
// the local rules on those nodes only, and every other finding of f
// stands. f is not changed.
func (f *Findings) Again(g *model.Graph, o Options, changed map[*model.Node]bool) *Findings {
	all, near := whole(g), part(g, changed)
	files := make(map[string]bool, len(changed))
	for n := range changed {
		files[n.Path] = true
	}
	out := &Findings{byRule: make([][]diag.Diagnostic, len(checks()))}
	for i, c := range checks() {
		if !c.local {
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
	finished := s.finished()
	out := ds[:0]
	for _, d := range ds {
		if !finished[d.Pos.File] {
			out = append(out, d)
		}
	}
	return out
}
