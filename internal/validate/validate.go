// Package validate owns the rules: pure functions over the model that
// return diagnostics. It does no I/O and does not change the graph.
package validate

import (
	"time"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/model"
)

// Options are the inputs of the rules besides the graph.
type Options struct {
	// Today is the date overdue reviews are judged against.
	Today time.Time
	// MaxActive is the focus/fragmented threshold.
	MaxActive int
}

// rule is one check over the graph.
type rule func(g *model.Graph, o Options) []diag.Diagnostic

// Run applies every rule and returns what they found, unsorted and with
// default severities; diag.Policy applies configuration afterwards.
func Run(g *model.Graph, o Options) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, r := range []rule{
		duplicates, references, links,
		unmapped, retired, nonGoals,
		ahead, unvalidated,
		cycles,
		eliminatedActive, overdue,
		noSignal, incomplete,
		fragmented, idle,
	} {
		out = append(out, r(g, o)...)
	}
	return out
}
