package validate

import (
	"time"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
)

// ahead reports speed/ahead: speed may not run ahead of direction.
func ahead(s scope, _ Options) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, n := range s.ofKind(document.Initiative) {
		for _, dir := range n.Targets("advances") {
			if model.Ahead(n, dir) {
				out = append(out, diag.New(n.Front.At("stage"), diag.SpeedAhead,
					"stage %q is ahead of direction %q, which is at %q", n.Front.Stage, dir.ID, dir.Front.Stage))
			}
		}
	}
	return out
}

// unvalidated reports speed/unvalidated per assumption: a warning at
// execute, an error at scale, and an error for an invalidated claim.
func unvalidated(s scope, _ Options) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, n := range s.ofKind(document.Direction) {
		stage := n.Front.Stage
		if model.StageIndex(stage) <= 0 {
			continue
		}
		for _, a := range n.Front.MustBeTrue {
			if a.Status == "validated" {
				continue
			}
			d := diag.New(a.Pos, diag.SpeedUnvalidated, "direction is at %q but assumption %q is %s", stage, a.Claim, a.Status)
			if stage == "execute" && a.Status != "invalidated" {
				d.Severity = diag.Warning
			}
			out = append(out, d)
		}
	}
	return out
}

// overdueWork reports speed/overdue for an active initiative past its due
// date: speed the plan promised and the work has not delivered.
func overdueWork(s scope, o Options) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, n := range s.ofKind(document.Initiative) {
		due := n.Front.Due
		if due.IsZero() || !n.Active() || !due.Before(o.Today) {
			continue
		}
		out = append(out, diag.New(n.Front.At("due"), diag.SpeedOverdue,
			"active initiative %q was due %s, %s ago; deliver it, move its due date, or change its status",
			n.ID, due.Format(time.DateOnly), days(o.Today.Sub(due))))
	}
	return out
}
