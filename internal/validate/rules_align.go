package validate

import (
	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
)

// unmapped reports align/unmapped: the rule the product exists for. It
// says nothing when other findings already say why no direction is named
// — each reference unknown, of the wrong kind, or to a file that could
// not be read, or a value that is not a list — so one typo gives one
// error; the file is rejected all the same.
func unmapped(s scope, _ Options) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, n := range s.ofKind(document.Initiative) {
		if len(n.Targets("advances")) > 0 || n.Front.Invalid("advances") {
			continue
		}
		if len(n.Front.Advances) > 0 {
			continue // every reference is reported by ref/unknown or ref/kind, or stands for an unread file
		}
		out = append(out, diag.New(n.Front.At("advances"), diag.AlignUnmapped, "initiative %q advances no direction: add `advances: [direction-id]`", n.ID))
	}
	return out
}

// retired reports align/retired at the reference to the retired direction.
func retired(s scope, _ Options) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, r := range s.refs {
		if r.Field != "advances" || r.To == nil || r.To.Kind != document.Direction || !r.From.Active() {
			continue
		}
		if r.To.Front.Status == "retired" {
			out = append(out, diag.New(r.Item.Pos, diag.AlignRetired, "active initiative %q advances %q, which is retired", r.From.ID, r.To.ID))
		}
	}
	return out
}

// nonGoals reports align/non-goal at the offending tag.
func nonGoals(s scope, _ Options) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, n := range s.ofKind(document.Initiative) {
		for _, dir := range n.Targets("advances") {
			if tag, statement, ok := model.NonGoalTag(n, dir); ok {
				out = append(out, diag.New(tag.Pos, diag.AlignNonGoal, "tag %q matches a non-goal of direction %q: %q", tag.Value, dir.ID, statement))
			}
		}
	}
	return out
}
