package validate

import (
	"math"
	"strconv"
	"time"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
)

// noSignal reports feedback/no-signal for an active direction no signal
// measures, and an active initiative that lists no signal and that no
// signal measures. While a signal's file cannot be read, nobody can tell
// what it measures, so the rule waits.
func noSignal(s scope, _ Options) []diag.Diagnostic {
	var out []diag.Diagnostic
	if s.g.MayHide(document.Signal) {
		return nil
	}
	for _, n := range s.nodes {
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
func incomplete(s scope, _ Options) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, n := range s.ofKind(document.Signal) {
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

// stale reports feedback/stale for a signal whose latest reading is older
// than 1.5 × its cadence: a feedback loop that has stopped turning.
func stale(s scope, o Options) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, n := range s.ofKind(document.Signal) {
		f := n.Front
		every, ok := document.CadenceDays(f.Cadence)
		if !ok || len(f.History) == 0 {
			continue
		}
		last := f.History[len(f.History)-1].Date
		age := o.Today.Sub(last)
		cadence := time.Duration(every) * 24 * time.Hour
		if 2*age <= 3*cadence {
			continue
		}
		out = append(out, diag.New(f.At("cadence"), diag.FeedbackStale,
			"signal %q was last read on %s, %s ago; it is read %s, so a reading is %s overdue",
			n.ID, last.Format(time.DateOnly), days(age), f.Cadence, days(age-cadence)))
	}
	return out
}

// offTrack reports feedback/off-track for a signal whose progress is
// off-track or worse: the feedback says the direction is not paying off.
func offTrack(s scope, _ Options) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, n := range s.ofKind(document.Signal) {
		f := n.Front
		p, t := model.SignalProgress(f)
		switch p {
		case model.Worse:
			way := "higher"
			if f.Better == "down" {
				way = "lower"
			}
			out = append(out, diag.New(f.At("baseline"), diag.FeedbackOffTrack,
				"signal %q is getting worse: %s is on the wrong side of its baseline %s (%s is better)",
				n.ID, num(*f.Current), num(*f.Baseline), way))
		case model.OffTrack:
			out = append(out, diag.New(f.At("target_date"), diag.FeedbackOffTrack,
				"signal %q is off track: the trend of its latest readings reaches %s by %s, short of the target %s by %s",
				n.ID, num(t.At), f.TargetDate.Format(time.DateOnly), num(*f.Target), num(t.Miss)))
		}
	}
	return out
}

// num writes a figure with at most two decimals.
func num(x float64) string { return strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64) }
