package model

import (
	"math"
	"time"

	"github.com/bearing-dev/bearing/internal/document"
)

// Progress is how far a signal has come, computed from its readings,
// baseline, target and target date; it is apart from the status field
// every kind has.
type Progress string

// The progress a signal can show, from best to unknown.
const (
	Achieved Progress = "achieved"  // the latest value is at or past the target
	Worse    Progress = "worse"     // the latest value is on the wrong side of the baseline
	OffTrack Progress = "off-track" // the trend misses the target at the target date by more than 10%
	AtRisk   Progress = "at-risk"   // the trend misses it by up to 10%
	OnTrack  Progress = "on-track"  // the trend reaches it
	Moving   Progress = "moving"    // a value, but no trend to judge (fewer than 3 readings, or no target date)
	NoData   Progress = "no-data"   // no value at all
)

// trendReadings is how many of the latest readings the trend is drawn
// through: enough to smooth one noisy reading, few enough to follow a
// change of pace.
const trendReadings = 6

// Trend is the least-squares line through a signal's latest readings,
// extended to its target date.
type Trend struct {
	// From is the first reading the line is drawn through; To the target
	// date. At is the line's value at To.
	From, To time.Time
	Start    float64 // the line's value at From
	At       float64
	// Miss is how far At falls short of the target, in the direction
	// that is better; ≤ 0 when the line reaches it.
	Miss float64
}

// SignalProgress judges a signal's progress as the design defines it,
// and returns the trend it was judged by when there is one.
func SignalProgress(f *document.Front) (Progress, *Trend) {
	if f.Current == nil {
		return NoData, nil
	}
	latest := *f.Current
	up := f.Better != "down"
	better := func(a, b float64) bool { // a is better than b
		if up {
			return a > b
		}
		return a < b
	}
	switch {
	case f.Target != nil && !better(*f.Target, latest):
		return Achieved, nil
	case f.Baseline != nil && better(*f.Baseline, latest):
		return Worse, nil
	}
	if f.Target == nil || f.Baseline == nil || f.TargetDate.IsZero() || len(f.History) < 3 {
		return Moving, nil
	}
	t := trend(f.History[max(0, len(f.History)-trendReadings):], f.TargetDate)
	t.Miss = *f.Target - t.At
	if !up {
		t.Miss = -t.Miss
	}
	switch tolerance := 0.1 * math.Abs(*f.Target-*f.Baseline); {
	case t.Miss <= 0:
		return OnTrack, &t
	case t.Miss <= tolerance:
		return AtRisk, &t
	}
	return OffTrack, &t
}

// trend fits a least-squares line through readings (two or more, dates
// distinct) and evaluates it at the first reading and at to.
func trend(rs []document.Reading, to time.Time) Trend {
	day := func(d time.Time) float64 { return d.Sub(rs[0].Date).Hours() / 24 }
	var sx, sy float64
	for _, r := range rs {
		sx += day(r.Date)
		sy += r.Value
	}
	n := float64(len(rs))
	mx, my := sx/n, sy/n
	var sxx, sxy float64
	for _, r := range rs {
		dx := day(r.Date) - mx
		sxx += dx * dx
		sxy += dx * (r.Value - my)
	}
	slope := 0.0
	if sxx > 0 {
		slope = sxy / sxx
	}
	at := func(x float64) float64 { return my + slope*(x-mx) }
	return Trend{From: rs[0].Date, To: to, Start: at(0), At: at(day(to))}
}
