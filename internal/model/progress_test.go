package model_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/markdown"
	"github.com/bearing-dev/bearing/internal/model"
)

// TestSignalProgress checks each progress a signal can show.
func TestSignalProgress(t *testing.T) {
	// history writes monthly readings from January 2026.
	history := func(values ...float64) string {
		var b strings.Builder
		b.WriteString("history:\n")
		for i, v := range values {
			fmt.Fprintf(&b, "  - {date: 2026-%02d-01, value: %g}\n", i+1, v)
		}
		return b.String()
	}
	tests := []struct {
		name, fields string
		want         model.Progress
	}{
		{"no value", "baseline: 10\ntarget: 20\n", model.NoData},
		{"current only", "baseline: 10\ntarget: 20\ncurrent: 15\n", model.Moving},
		{"achieved", "baseline: 10\ntarget: 20\ncurrent: 20\n", model.Achieved},
		{"past the target", "baseline: 10\ntarget: 20\ncurrent: 25\n", model.Achieved},
		{"down, achieved", "baseline: 20\ntarget: 10\nbetter: down\ncurrent: 9\n", model.Achieved},
		{"down, getting worse", "baseline: 12\ntarget: 5\nbetter: down\ncurrent: 14\n", model.Worse},
		{"up, getting worse", "baseline: 12\ntarget: 20\ncurrent: 11\n", model.Worse},
		{"no target date: moving", "baseline: 10\ntarget: 20\n" + history(10, 12, 14), model.Moving},
		{"two readings: moving", "baseline: 10\ntarget: 20\ntarget_date: 2026-12-01\n" + history(10, 12), model.Moving},
		// +2 a month from 10 in January reaches 20 in June.
		{"on track", "baseline: 10\ntarget: 20\ntarget_date: 2026-07-01\n" + history(10, 12, 14), model.OnTrack},
		// By 2026-06-01 the line is at about 18, 2 short: 20% of 10.
		{"off track", "baseline: 10\ntarget: 20\ntarget_date: 2026-06-01\n" + history(10, 11, 12, 13), model.OffTrack},
		// By 2026-05-20 the line is at about 19.2: short by up to 10%.
		{"at risk", "baseline: 10\ntarget: 20\ntarget_date: 2026-05-20\n" + history(10, 12, 14), model.AtRisk},
		// Only the last six readings count: a fast start does not carry a
		// line that has stalled since.
		{"the last six", "baseline: 0\ntarget: 30\ntarget_date: 2026-12-01\n" + history(0, 10, 20, 21, 21, 21, 21, 21, 21), model.OffTrack},
		{"down, on track", "baseline: 20\ntarget: 10\nbetter: down\ntarget_date: 2026-07-01\n" + history(20, 18, 16), model.OnTrack},
		{"down, off track", "baseline: 20\ntarget: 10\nbetter: down\ntarget_date: 2026-05-01\n" + history(20, 19, 18), model.OffTrack},
	}
	md := markdown.New(markdown.Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "---\ntitle: S\nmeasures: [d]\n" + tt.fields + "---\n"
			d := document.Parse(md, "content/signals/s.md", "signals/s.md", []byte(src))
			if len(d.Diags) != 0 {
				t.Fatalf("diagnostics: %v", d.Diags)
			}
			got, trend := model.SignalProgress(d.Front)
			if got != tt.want {
				t.Errorf("got %s (trend %+v); want %s", got, trend, tt.want)
			}
			projected := got == model.OnTrack || got == model.AtRisk || got == model.OffTrack
			if projected != (trend != nil) {
				t.Errorf("got trend %+v with progress %s; want a trend exactly when projected", trend, got)
			}
		})
	}
}
