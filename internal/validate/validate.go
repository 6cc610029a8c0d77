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

// rule is one check over the graph.
type rule func(g *model.Graph, o Options) []diag.Diagnostic

// check is a rule and whether its findings stand on finished nodes.
type check struct {
	run rule
	// onFinished keeps the rule's findings on nodes that are done, killed
	// or retired: the rules about a file's own integrity, which would
	// break its page whatever its status. Strategy findings on finished
	// work are left out, unless they say the node should not be finished.
	onFinished bool
}

// checks lists every rule in the order of the design's table.
func checks() []check {
	return []check{
		{duplicates, true}, {references, true}, {links, true},
		{unmapped, false}, {retired, false}, {nonGoals, false},
		{ahead, false}, {unvalidated, false}, {overdueWork, false},
		{cycles, false},
		{eliminatedActive, false}, {overdue, false},
		{noSignal, false}, {incomplete, false}, {stale, false}, {offTrack, false},
		{fragmented, false}, {idle, false},
		{notCarriedOut, false}, {goalpost, false}, {churn, false},
	}
}

// Run applies every rule and returns what they found, unsorted and with
// default severities; diag.Policy applies configuration afterwards.
func Run(g *model.Graph, o Options) []diag.Diagnostic {
	finishedAt := map[string]bool{}
	for _, n := range g.Nodes {
		if n.Finished() {
			finishedAt[n.Path] = true
		}
	}
	var out []diag.Diagnostic
	for _, c := range checks() {
		for _, d := range c.run(g, o) {
			if c.onFinished || !finishedAt[d.Pos.File] {
				out = append(out, d)
			}
		}
	}
	return out
}
