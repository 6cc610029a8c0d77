package cli

import (
	"testing"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/history"
)

// TestClassify checks bearing diff's classes against DESIGN.md's list.
func TestClassify(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	dir, ini, sig, rev := document.Direction, document.Initiative, document.Signal, document.Review
	for _, tc := range []struct {
		name string
		e    history.Event
		want string
	}{
		{"direction added", history.Event{Kind: history.Created, NodeKind: dir}, classStrategic},
		{"direction removed", history.Event{Kind: history.Removed, NodeKind: dir}, classStrategic},
		{"direction retired", history.Event{Kind: history.Status, NodeKind: dir, From: "active", To: "retired"}, classStrategic},
		{"direction paused", history.Event{Kind: history.Status, NodeKind: dir, From: "active", To: "paused"}, classInfo},
		{"thesis rewritten", history.Event{Kind: history.Positioning, NodeKind: dir, Field: "why_we_win", From: "a", To: "b"}, classStrategic},
		{"non-goal removed", history.Event{Kind: history.Positioning, NodeKind: dir, Field: "non_goals", From: "a"}, classStrategic},
		{"non-goal added", history.Event{Kind: history.Positioning, NodeKind: dir, Field: "non_goals", To: "a"}, classInfo},
		{"assumption invalidated", history.Event{Kind: history.Assumption, NodeKind: dir, From: "testing", To: "invalidated"}, classStrategic},
		{"assumption validated", history.Event{Kind: history.Assumption, NodeKind: dir, From: "testing", To: "validated"}, classInfo},
		{"direction advanced", history.Event{Kind: history.Stage, NodeKind: dir, From: "validate", To: "execute"}, classStrategic},
		{"direction held back", history.Event{Kind: history.Stage, NodeKind: dir, From: "execute", To: "validate"}, classInfo},
		{"target eased", history.Event{Kind: history.Target, NodeKind: sig, Old: f(50), New: f(40), Baseline: f(10)}, classWatch},
		{"target raised", history.Event{Kind: history.Target, NodeKind: sig, Old: f(50), New: f(60), Baseline: f(10)}, classInfo},
		{"due slipped", history.Event{Kind: history.Due, NodeKind: ini, From: "2026-01-01", To: "2026-03-01"}, classWatch},
		{"due pulled in", history.Event{Kind: history.Due, NodeKind: ini, From: "2026-03-01", To: "2026-01-01"}, classInfo},
		{"initiative added", history.Event{Kind: history.Created, NodeKind: ini}, classWatch},
		{"initiative killed", history.Event{Kind: history.Status, NodeKind: ini, From: "active", To: "killed"}, classWatch},
		{"initiative advanced", history.Event{Kind: history.Stage, NodeKind: ini, From: "validate", To: "execute"}, classWatch},
		{"review decides kill", history.Event{Kind: history.Decision, NodeKind: rev, Field: "d", To: "kill"}, classWatch},
		{"review decides continue", history.Event{Kind: history.Decision, NodeKind: rev, Field: "d", To: "continue"}, classInfo},
		{"body edited", history.Event{Kind: history.Edited, NodeKind: ini}, classInfo},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := classify(tc.e); got != tc.want {
				t.Errorf("got %s; want %s", got, tc.want)
			}
		})
	}
}

// TestMDEscape checks that playbook text cannot inject markup into a
// pull-request comment.
func TestMDEscape(t *testing.T) {
	for in, want := range map[string]string{
		`<img src=x onerror=alert(1)>`: `&lt;img src=x onerror=alert(1)&gt;`,
		"[click](javascript:x)":        `\[click\](javascript:x)`,
		"a *b* `c` | d\nline":          "a \\*b\\* \\`c\\` \\| d line",
		"</details>":                   "&lt;/details&gt;",
	} {
		if got := mdEscape(in); got != want {
			t.Errorf("mdEscape(%q): got %q; want %q", in, got, want)
		}
	}
}
