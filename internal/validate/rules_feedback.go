package validate

import (
	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
)

// noSignal reports feedback/no-signal for an active direction no signal
// measures, and an active initiative that lists no signal and that no
// signal measures. While a signal's file cannot be read, nobody can tell
// what it measures, so the rule waits.
func noSignal(g *model.Graph, _ Options) []diag.Diagnostic {
	var out []diag.Diagnostic
	if g.MayHide(document.Signal) {
		return nil
	}
	for _, n := range g.Nodes {
		if !n.Active() || (n.Kind != document.Direction && n.Kind != document.Initiative) {
			continue
		}
		if len(n.Sources("measures")) > 0 || len(n.Targets("signals")) > 0 {
			continue
		}
		out = append(out, diag.New(n.Front.At("signals"), diag.FeedbackNoSignal,
			"active %s %q has no signal: nothing will show whether it works", n.Kind, n.ID))
	}
	return out
}

// incomplete reports feedback/incomplete for a signal without a baseline
// or a target.
func incomplete(g *model.Graph, _ Options) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, n := range g.OfKind(document.Signal) {
		f := n.Front
		var missing string
		switch {
		case f.Baseline == nil && f.Target == nil:
			missing = "a baseline and a target"
		case f.Baseline == nil:
			missing = "a baseline"
		case f.Target == nil:
			missing = "a target"
		default:
			continue
		}
		out = append(out, diag.New(f.Pos, diag.FeedbackIncomplete, "signal %q lacks %s", n.ID, missing))
	}
	return out
}
