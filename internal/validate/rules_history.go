package validate

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/history"
	"github.com/bearing-dev/bearing/internal/model"
)

// churnWindow and churnRewrites are drift/churn's thresholds: this many
// rewrites of a thesis within this window, with no review between them.
const (
	churnWindow   = 90 * 24 * time.Hour
	churnRewrites = 3
)

// review is one review's decision about one direction.
type review struct {
	node     *model.Node
	date     time.Time
	decision document.Decision
}

// lastDecisions returns, for each direction, the decision of its latest
// review that decided anything about it: a later decision replaces an
// earlier one.
func lastDecisions(g *model.Graph) map[string]review {
	out := map[string]review{}
	for _, n := range g.OfKind(document.Review) {
		if n.Front.Date.IsZero() {
			continue
		}
		for _, dec := range n.Front.Decisions {
			if r, ok := out[dec.Direction]; !ok || !n.Front.Date.Before(r.date) {
				out[dec.Direction] = review{node: n, date: n.Front.Date, decision: dec}
			}
		}
	}
	return out
}

// reviewDates returns the dates of the reviews of each direction, sorted.
func reviewDates(g *model.Graph) map[string][]time.Time {
	out := map[string][]time.Time{}
	for _, n := range g.OfKind(document.Review) {
		if n.Front.Date.IsZero() {
			continue
		}
		for _, it := range n.Front.Reviews {
			out[it.Value] = append(out[it.Value], n.Front.Date)
		}
	}
	for _, ds := range out {
		slices.SortFunc(ds, func(a, b time.Time) int { return a.Compare(b) })
	}
	return out
}

// notCarriedOut reports recal/not-carried-out at a review's decision that
// follow_through_days later is not reflected in its direction: killed but
// still active, scaled but not at scale, pivoted with the thesis unchanged
// since (the last known only from history).
func notCarriedOut(s scope, o Options) []diag.Diagnostic {
	g := s.g
	var out []diag.Diagnostic
	decided := lastDecisions(g)
	// The decided ids in order, not every id of the graph: a serve
	// session runs this at every frontmatter edit of a 10,000-node graph.
	for _, id := range slices.Sorted(maps.Keys(decided)) {
		d := g.ByID[id]
		r := decided[id]
		if d == nil || d.Kind != document.Direction {
			continue
		}
		due := r.date.AddDate(0, 0, o.FollowThroughDays)
		if o.Today.Before(due) {
			continue
		}
		what := fmt.Sprintf("review %s decided %s for %q on %s, and %s later", r.node.ID, r.decision.Decision, id,
			r.date.Format(time.DateOnly), days(o.Today.Sub(r.date)))
		var msg string
		switch r.decision.Decision {
		case "kill":
			if d.Active() {
				msg = what + " it is still active; retire it, or record the new decision in a review"
			}
		case "scale":
			if d.Front.Stage != "scale" && !d.Finished() {
				msg = fmt.Sprintf("%s it is still at stage %s; move it to scale, or record the new decision in a review", what, d.Front.Stage)
			}
		case "pivot":
			if o.History != nil && !d.Finished() && !r.date.Before(o.History.Since) && !rewrittenSince(o.History, id, r.date) {
				msg = what + " its problem, for_whom and why_we_win are unchanged since; rewrite its positioning, or record the new decision in a review"
			}
		}
		if msg != "" {
			out = append(out, diag.New(r.decision.Pos, diag.RecalNotCarried, "%s", msg))
		}
	}
	return out
}

// rewrittenSince reports whether a commit on or after date rewrote the
// thesis of the node that now has the id.
func rewrittenSince(l *history.Log, id string, date time.Time) bool {
	ids := aliases(l, id)
	for _, e := range l.Events {
		if e.IsThesis() && ids[e.Node] && !l.CommitOf(e).Date.Before(date) {
			return true
		}
	}
	return false
}

// aliases returns the ids the node now called id had along the history:
// a node is followed by id across renames.
func aliases(l *history.Log, id string) map[string]bool {
	ids := map[string]bool{id: true}
	for i := len(l.Events) - 1; i >= 0; i-- {
		if e := l.Events[i]; e.Kind == history.Renamed && e.Field == "" && ids[e.To] {
			ids[e.From] = true
		}
	}
	return ids
}

// measured returns the directions a signal measures, directly or through
// the initiatives it measures.
func measured(s *model.Node) []string {
	var out []string
	for _, n := range s.Targets("measures") {
		if n.Kind == document.Direction {
			out = append(out, n.ID)
		}
		for _, d := range n.Targets("advances") {
			out = append(out, d.ID)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// goalpost reports feedback/goalpost at a signal's target when a commit
// since the last review of what the signal measures eased it, and it has
// not been restored since: the goalpost moved rather than the result.
func goalpost(s scope, o Options) []diag.Diagnostic {
	g := s.g
	if o.History == nil {
		return nil
	}
	reviews := reviewDates(g)
	var out []diag.Diagnostic
	for _, s := range g.OfKind(document.Signal) {
		f := s.Front
		if f.Target == nil {
			continue
		}
		var last time.Time
		var lastOf string
		for _, id := range measured(s) {
			if ds := reviews[id]; len(ds) > 0 && ds[len(ds)-1].After(last) {
				last, lastOf = ds[len(ds)-1], id
			}
		}
		ids := aliases(o.History, s.ID)
		var hardest *float64
		var eased *history.Event
		for i, e := range o.History.Events {
			// A change on the review's own day may be the one it recorded.
			if e.Kind != history.Target || !ids[e.Node] || o.History.CommitOf(e).Date.Before(last.AddDate(0, 0, 1)) {
				continue
			}
			for _, v := range []*float64{e.Old, e.New} {
				if v != nil && (hardest == nil || history.Easier(*hardest, *v, f.Baseline, f.Better)) {
					hardest = v
				}
			}
			if e.Old != nil && e.New != nil && history.Easier(*e.New, *e.Old, f.Baseline, f.Better) {
				eased = &o.History.Events[i]
			}
		}
		if eased == nil || hardest == nil || !history.Easier(*f.Target, *hardest, f.Baseline, f.Better) {
			continue
		}
		c := o.History.CommitOf(*eased)
		toward := "against its better direction"
		if f.Baseline != nil {
			toward = "toward the baseline " + num(*f.Baseline)
		}
		since := "and no review of what it measures has recorded it"
		if lastOf != "" {
			since = fmt.Sprintf("since the last review of %s on %s", lastOf, last.Format(time.DateOnly))
		}
		out = append(out, diag.New(f.At("target"), diag.FeedbackGoalpost,
			"target eased from %s to %s (%s) in commit %s on %s, %s; restore it, or record the change in a review",
			num(*eased.Old), num(*eased.New), toward, c.Short(), c.Date.Format(time.DateOnly), since))
	}
	return out
}

// churn reports drift/churn at a direction whose thesis (problem,
// for_whom, why_we_win) was rewritten in churnRewrites commits or more
// within the churnWindow before today, with no review of it between them.
func churn(s scope, o Options) []diag.Diagnostic {
	g := s.g
	if o.History == nil {
		return nil
	}
	reviews := reviewDates(g)
	var out []diag.Diagnostic
	for _, d := range g.OfKind(document.Direction) {
		ids := aliases(o.History, d.ID)
		var dates []time.Time
		seen := map[int]bool{}
		for _, e := range o.History.Events {
			c := o.History.CommitOf(e)
			if e.IsThesis() && ids[e.Node] && !seen[e.Commit] && c.Date.After(o.Today.Add(-churnWindow)) && !c.Date.After(o.Today.AddDate(0, 0, 1)) {
				seen[e.Commit] = true
				dates = append(dates, c.Date)
			}
		}
		slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
		run, best, from, to := 0, 0, time.Time{}, time.Time{}
		var start time.Time
		for i, t := range dates {
			if i > 0 && slices.ContainsFunc(reviews[d.ID], func(r time.Time) bool {
				return !r.Before(truncDay(dates[i-1])) && !r.After(t)
			}) {
				run = 0
			}
			if run == 0 {
				start = t
			}
			run++
			if run > best {
				best, from, to = run, start, t
			}
		}
		if best < churnRewrites {
			continue
		}
		at := d.Front.At("problem")
		out = append(out, diag.New(at, diag.DriftChurn,
			"%s rewritten %d times in %d days (%s to %s) with no review of it in between: iteration without a stable thesis; settle it in a review",
			strings.Join([]string{"problem", "for_whom", "why_we_win"}, ", "), best, int(churnWindow.Hours()/24),
			from.Format(time.DateOnly), to.Format(time.DateOnly)))
	}
	slices.SortFunc(out, func(a, b diag.Diagnostic) int { return cmp.Compare(a.Pos.File, b.Pos.File) })
	return out
}

// truncDay returns t's day at midnight UTC: a review dated that day falls
// between a rewrite made in the morning and one made later.
func truncDay(t time.Time) time.Time { return t.UTC().Truncate(24 * time.Hour) }
