package validate

import (
	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
)

// activeInitiatives counts the active initiatives advancing a direction.
func activeInitiatives(dir *model.Node) int {
	n := 0
	for _, ini := range dir.Sources("advances") {
		if ini.Active() {
			n++
		}
	}
	return n
}

// fragmented reports focus/fragmented when a direction carries more
// active initiatives than max_active.
func fragmented(s scope, o Options) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, dir := range s.ofKind(document.Direction) {
		if c := activeInitiatives(dir); c > o.MaxActive {
			out = append(out, diag.New(dir.Front.Pos, diag.FocusFragmented,
				"direction %q has %d active initiatives, more than max_active (%d)", dir.ID, c, o.MaxActive))
		}
	}
	return out
}

// idle reports focus/idle for an active direction nothing active advances.
// While an initiative's file cannot be read, nobody can tell which
// directions it advances, so the rule waits.
func idle(s scope, _ Options) []diag.Diagnostic {
	var out []diag.Diagnostic
	if s.g.MayHide(document.Initiative) {
		return nil
	}
	for _, dir := range s.ofKind(document.Direction) {
		if dir.Active() && activeInitiatives(dir) == 0 {
			out = append(out, diag.New(dir.Front.Pos, diag.FocusIdle,
				"active direction %q has no active initiative", dir.ID))
		}
	}
	return out
}
