package validate_test

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/history"
	"github.com/bearing-dev/bearing/internal/markdown"
	"github.com/bearing-dev/bearing/internal/model"
	"github.com/bearing-dev/bearing/internal/source"
	"github.com/bearing-dev/bearing/internal/validate"
)

// runHistory is run with a history and follow_through_days, for the rules
// that read them.
func runHistory(t *testing.T, files map[string]string, l *history.Log, rule string) []string {
	t.Helper()
	md := markdown.New(markdown.Options{LinksOnly: true})
	var docs []*document.Document
	for _, p := range slices.Sorted(maps.Keys(files)) {
		d := document.Parse(md, source.ContentDir+"/"+p, p, []byte(files[p]))
		if len(d.Diags) != 0 {
			t.Fatalf("%s: %v", p, d.Diags)
		}
		docs = append(docs, d)
	}
	ds := validate.Run(model.Build(docs, nil), validate.Options{Today: today, MaxActive: 7, FollowThroughDays: 30, History: l}).List()
	diag.Sort(ds)
	var out []string
	for _, d := range ds {
		if d.Rule == rule {
			out = append(out, strings.TrimSuffix(d.String(), " ["+d.Rule+"]"))
		}
	}
	return out
}

// logOf makes a history of events, each in a commit of its own on the
// given day.
func logOf(t *testing.T, evs ...dated) *history.Log {
	t.Helper()
	l := &history.Log{}
	for i, e := range evs {
		d, err := time.Parse(time.DateOnly, e.day)
		if err != nil {
			t.Fatal(err)
		}
		l.Commits = append(l.Commits, history.Commit{ID: strings.Repeat(string(rune('a'+i%6)), 40), Date: d.Add(12 * time.Hour)})
		e.ev.Commit = i
		l.Events = append(l.Events, e.ev)
	}
	return l
}

// dated is an event and the day of its commit.
type dated struct {
	day string
	ev  history.Event
}

func f(v float64) *float64 { return &v }

// dirWith is a direction with the given extra frontmatter lines.
func dirWith(extra string) string {
	return "---\ntitle: D\nproblem: p\nfor_whom: f\nwhy_we_win: w\nalternatives: [a]\nmust_be_true: [m]\nnon_goals: [n]\n" + extra + "---\n"
}

func reviewOf(date, decision string) string {
	return "---\ntitle: R\ndate: " + date + "\nreviews: [d]\ndecisions:\n  d: " + decision + "\n---\n"
}

// TestNotCarriedOut: kill and scale need no history; pivot needs it.
func TestNotCarriedOut(t *testing.T) {
	rewrite := dated{"2026-10-01", history.Event{Kind: history.Positioning, Node: "d", Field: "problem", From: "old", To: "p"}}
	for _, tc := range []struct {
		name     string
		dir, rev string
		log      *history.Log
		want     []string
	}{
		{"kill, still active", dirWith(""), reviewOf("2026-09-30", "kill"), nil,
			[]string{`content/reviews/r.md:6:3: warning: review r decided kill for "d" on 2026-09-30, and 57 days later it is still active; retire it, or record the new decision in a review`}},
		{"kill, retired", dirWith("status: retired\n"), reviewOf("2026-09-30", "kill"), nil, nil},
		{"kill, not yet due", dirWith(""), reviewOf("2026-11-01", "kill"), nil, nil},
		{"scale, not at scale", dirWith("stage: execute\n"), reviewOf("2026-09-30", "scale"), nil,
			[]string{`content/reviews/r.md:6:3: warning: review r decided scale for "d" on 2026-09-30, and 57 days later it is still at stage execute; move it to scale, or record the new decision in a review`}},
		{"scale, at scale", dirWith("stage: scale\nmust_be_true:\n  - claim: m\n    status: validated\n"), reviewOf("2026-09-30", "scale"), nil, nil},
		{"pivot without history says nothing", dirWith(""), reviewOf("2026-09-30", "pivot"), nil, nil},
		{"pivot, thesis unchanged", dirWith(""), reviewOf("2026-09-30", "pivot"), logOf(t, dated{"2026-09-01", rewrite.ev}),
			[]string{`content/reviews/r.md:6:3: warning: review r decided pivot for "d" on 2026-09-30, and 57 days later its problem, for_whom and why_we_win are unchanged since; rewrite its positioning, or record the new decision in a review`}},
		{"pivot, thesis rewritten", dirWith(""), reviewOf("2026-09-30", "pivot"), logOf(t, rewrite), nil},
		{"a later continue replaces the kill", dirWith(""), reviewOf("2026-09-30", "kill"), nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"directions/d.md": strings.Replace(tc.dir, "must_be_true: [m]\nnon_goals: [n]\nstage: scale\nmust_be_true:", "non_goals: [n]\nstage: scale\nmust_be_true:", 1), "reviews/r.md": tc.rev}
			if strings.HasPrefix(tc.name, "a later") {
				files["reviews/s.md"] = reviewOf("2026-10-15", "continue")
			}
			check(t, runHistory(t, files, tc.log, diag.RecalNotCarried), tc.want...)
		})
	}
}

// TestGoalpost: a target eased since the last review warns; one eased
// before it, one made harder, or one restored since does not.
func TestGoalpost(t *testing.T) {
	sig := func(target string) string {
		return "---\ntitle: S\nmeasures: [d]\nbaseline: 10\ntarget: " + target + "\n---\n"
	}
	eased := history.Event{Kind: history.Target, Node: "s", Field: "target", Old: f(50), New: f(40)}
	restored := history.Event{Kind: history.Target, Node: "s", Field: "target", Old: f(40), New: f(50)}
	harder := history.Event{Kind: history.Target, Node: "s", Field: "target", Old: f(40), New: f(60)}
	renamedFrom := history.Event{Kind: history.Renamed, Node: "s", From: "old-s", To: "s"}
	easedOld := eased
	easedOld.Node = "old-s"
	for _, tc := range []struct {
		name   string
		target string
		log    *history.Log
		want   []string
	}{
		{"eased since the review", "40", logOf(t, dated{"2026-10-05", eased}),
			[]string{"content/signals/s.md:5:1: warning: target eased from 50 to 40 (toward the baseline 10) in commit aaaaaaa on 2026-10-05, since the last review of d on 2026-09-30; restore it, or record the change in a review"}},
		{"eased under its old id", "40", logOf(t, dated{"2026-10-05", easedOld}, dated{"2026-10-06", renamedFrom}),
			[]string{"content/signals/s.md:5:1: warning: target eased from 50 to 40 (toward the baseline 10) in commit aaaaaaa on 2026-10-05, since the last review of d on 2026-09-30; restore it, or record the change in a review"}},
		{"eased before the review", "40", logOf(t, dated{"2026-09-01", eased}), nil},
		{"eased on the review's day", "40", logOf(t, dated{"2026-09-30", eased}), nil},
		{"made harder", "60", logOf(t, dated{"2026-10-05", harder}), nil},
		{"eased then restored", "50", logOf(t, dated{"2026-10-05", eased}, dated{"2026-10-07", restored}), nil},
		{"no history", "40", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"directions/d.md": dirWith(""), "signals/s.md": sig(tc.target), "reviews/r.md": reviewOf("2026-09-30", "continue")}
			check(t, runHistory(t, files, tc.log, diag.FeedbackGoalpost), tc.want...)
		})
	}
}

// TestChurn: three rewrites of a thesis within 90 days warn, unless a
// review falls between them or they are spread wider.
func TestChurn(t *testing.T) {
	rw := func(day, field string) dated {
		return dated{day, history.Event{Kind: history.Positioning, Node: "d", Field: field, From: "a", To: "b"}}
	}
	nonGoal := dated{"2026-11-01", history.Event{Kind: history.Positioning, Node: "d", Field: "non_goals", From: "x"}}
	for _, tc := range []struct {
		name   string
		log    *history.Log
		review string
		want   []string
	}{
		{"three rewrites in 90 days", logOf(t, rw("2026-09-01", "problem"), rw("2026-10-01", "for_whom"), rw("2026-11-20", "why_we_win")), "",
			[]string{"content/directions/d.md:3:1: warning: problem, for_whom, why_we_win rewritten 3 times in 90 days (2026-09-01 to 2026-11-20) with no review of it in between: iteration without a stable thesis; settle it in a review"}},
		{"a review between them", logOf(t, rw("2026-09-01", "problem"), rw("2026-10-01", "problem"), rw("2026-11-20", "problem")), "2026-10-10", nil},
		{"spread over more than 90 days", logOf(t, rw("2026-06-01", "problem"), rw("2026-10-01", "problem"), rw("2026-11-20", "problem")), "", nil},
		{"non-goals are not the thesis", logOf(t, rw("2026-10-01", "problem"), rw("2026-10-02", "problem"), nonGoal), "", nil},
		{"no history", nil, "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"directions/d.md": dirWith("")}
			if tc.review != "" {
				files["reviews/r.md"] = reviewOf(tc.review, "continue")
			}
			check(t, runHistory(t, files, tc.log, diag.DriftChurn), tc.want...)
		})
	}
}
