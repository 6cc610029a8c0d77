package validate_test

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/markdown"
	"github.com/bearing-dev/bearing/internal/model"
	"github.com/bearing-dev/bearing/internal/source"
	"github.com/bearing-dev/bearing/internal/validate"
)

var today = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

const direction = "---\ntitle: D\nproblem: p\nfor_whom: f\nwhy_we_win: w\nalternatives: [a]\nmust_be_true: [m]\nnon_goals: [n]\n"

// run parses files (content paths to sources), builds the graph and
// returns the rules' findings of the given rule ids, sorted, as
// "path:line:col: severity: message" without the rule.
func run(t *testing.T, files map[string]string, maxActive int, rules ...string) []string {
	t.Helper()
	md := markdown.New(markdown.Options{})
	var docs []*document.Document
	for _, p := range slices.Sorted(maps.Keys(files)) {
		d := document.Parse(md, source.ContentDir+"/"+p, p, []byte(files[p]))
		if len(d.Diags) != 0 {
			t.Fatalf("%s: %v", p, d.Diags)
		}
		docs = append(docs, d)
	}
	ds := validate.Run(model.Build(docs, nil), validate.Options{Today: today, MaxActive: maxActive}).List()
	diag.Sort(ds)
	var out []string
	for _, d := range ds {
		if slices.Contains(rules, d.Rule) {
			out = append(out, strings.TrimSuffix(d.String(), " ["+d.Rule+"]"))
		}
	}
	return out
}

func check(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestCycles(t *testing.T) {
	ini := func(deps string) string {
		return "---\ntitle: I\nadvances: [d]\ndepends_on: [" + deps + "]\n---\n"
	}
	t.Run("two separate loops, each once", func(t *testing.T) {
		got := run(t, map[string]string{
			"directions/d.md":  direction + "---\n",
			"initiatives/a.md": ini("b"), "initiatives/b.md": ini("a"),
			"initiatives/c.md": ini("e"), "initiatives/e.md": ini("f"), "initiatives/f.md": ini("c"),
		}, 7, diag.DepsCycle)
		check(t, got,
			"content/initiatives/a.md:4:1: error: depends_on forms a cycle: a → b → a",
			"content/initiatives/c.md:4:1: error: depends_on forms a cycle: c → e → f → c")
	})
	t.Run("diamond is no loop", func(t *testing.T) {
		got := run(t, map[string]string{
			"directions/d.md":  direction + "---\n",
			"initiatives/a.md": ini("b, c"), "initiatives/b.md": ini("z"), "initiatives/c.md": ini("z"),
			"initiatives/z.md": "---\ntitle: Z\nadvances: [d]\n---\n",
		}, 7, diag.DepsCycle)
		check(t, got)
	})
	t.Run("a dependency on a non-initiative is not followed", func(t *testing.T) {
		got := run(t, map[string]string{
			"directions/d.md":  direction + "---\n",
			"initiatives/a.md": ini("d, a2"), "initiatives/a2.md": ini("nowhere"),
		}, 7, diag.DepsCycle, diag.RefKind, diag.RefUnknown)
		check(t, got,
			`content/initiatives/a.md:4:14: error: depends_on names "d", which is a direction, not an initiative`,
			`content/initiatives/a2.md:4:14: error: depends_on names "nowhere", which is no initiative`)
	})
}

func TestSpeedUnvalidatedSeverity(t *testing.T) {
	dir := func(stage string) string {
		return "---\ntitle: D\nproblem: p\nfor_whom: f\nwhy_we_win: w\nalternatives: [a]\nnon_goals: [n]\nstage: " + stage +
			"\nmust_be_true:\n  - untested one\n  - {claim: testing one, status: testing}\n  - {claim: bad one, status: invalidated}\n  - {claim: good one, status: validated}\n---\n"
	}
	tests := []struct {
		stage string
		want  []string
	}{
		{"validate", nil},
		{"execute", []string{
			`content/directions/d.md:10:5: warning: direction is at "execute" but assumption "untested one" is untested`,
			`content/directions/d.md:11:5: warning: direction is at "execute" but assumption "testing one" is testing`,
			`content/directions/d.md:12:5: error: direction is at "execute" but assumption "bad one" is invalidated`,
		}},
		{"scale", []string{
			`content/directions/d.md:10:5: error: direction is at "scale" but assumption "untested one" is untested`,
			`content/directions/d.md:11:5: error: direction is at "scale" but assumption "testing one" is testing`,
			`content/directions/d.md:12:5: error: direction is at "scale" but assumption "bad one" is invalidated`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.stage, func(t *testing.T) {
			check(t, run(t, map[string]string{"directions/d.md": dir(tt.stage)}, 7, diag.SpeedUnvalidated), tt.want...)
		})
	}
}

func TestSpeedAhead(t *testing.T) {
	stages := []string{"validate", "execute", "scale"}
	for di, ds := range stages {
		for ii, is := range stages {
			t.Run(is+" on "+ds, func(t *testing.T) {
				got := run(t, map[string]string{
					"directions/d.md":  strings.Replace(direction, "must_be_true: [m]", "must_be_true: [{claim: m, status: validated}]", 1) + "stage: " + ds + "\n---\n",
					"initiatives/i.md": "---\ntitle: I\nadvances: [d]\nstage: " + is + "\n---\n",
				}, 7, diag.SpeedAhead)
				if ahead := ii > di; ahead != (len(got) == 1) {
					t.Errorf("got %q; want a finding: %v", got, ahead)
				}
			})
		}
	}
}

func TestOverdue(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"yesterday", direction + "next_review: 2026-11-25\n---\n",
			[]string{"content/directions/d.md:9:1: warning: next_review 2026-11-25 passed 1 day ago"}},
		{"a year ago", direction + "next_review: 2025-11-26\n---\n",
			[]string{"content/directions/d.md:9:1: warning: next_review 2025-11-26 passed 365 days ago"}},
		{"today", direction + "next_review: 2026-11-26\n---\n", nil},
		{"retired", direction + "status: retired\nnext_review: 2020-01-01\n---\n", nil},
		{"paused still reviewed", direction + "status: paused\nnext_review: 2026-11-01\n---\n",
			[]string{"content/directions/d.md:10:1: warning: next_review 2026-11-01 passed 25 days ago"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, run(t, map[string]string{"directions/d.md": tt.src}, 7, diag.RecalOverdue), tt.want...)
		})
	}
}

func TestFocus(t *testing.T) {
	files := map[string]string{"directions/d.md": direction + "---\n", "directions/e.md": direction + "status: proposed\n---\n"}
	for _, id := range []string{"a", "b", "c"} {
		files["initiatives/"+id+".md"] = "---\ntitle: " + id + "\nadvances: [d]\n---\n"
	}
	files["initiatives/p.md"] = "---\ntitle: p\nadvances: [d, e]\nstatus: paused\n---\n"
	tests := []struct {
		maxActive int
		want      []string
	}{
		{3, nil},
		{2, []string{`content/directions/d.md:1:1: warning: direction "d" has 3 active initiatives, more than max_active (2)`}},
		{1, []string{`content/directions/d.md:1:1: warning: direction "d" has 3 active initiatives, more than max_active (1)`}},
	}
	for _, tt := range tests {
		got := run(t, files, tt.maxActive, diag.FocusFragmented, diag.FocusIdle)
		check(t, got, tt.want...)
	}
}

func TestDuplicateRelated(t *testing.T) {
	md := markdown.New(markdown.Options{})
	a := document.Parse(md, "content/a.md", "a.md", []byte("---\ntitle: A\nid: x\n---\n"))
	b := document.Parse(md, "content/b.md", "b.md", []byte("---\ntitle: B\n\nid: x\n---\n"))
	ds := validate.Run(model.Build([]*document.Document{a, b}, nil), validate.Options{Today: today, MaxActive: 7}).List()
	if len(ds) != 1 || ds[0].Rule != diag.IDDuplicate {
		t.Fatalf("got %v; want one id/duplicate", ds)
	}
	want := diag.Pos{File: "content/b.md", Line: 4, Col: 1}
	related := diag.Pos{File: "content/a.md", Line: 3, Col: 1}
	if ds[0].Pos != want || len(ds[0].Related) != 1 || ds[0].Related[0] != related {
		t.Errorf("got %v related %v; want %v related %v", ds[0].Pos, ds[0].Related, want, related)
	}
}

// findings is run without the requirement that every file parse: it
// returns the documents' findings and the rules', all rules, sorted, with
// the rule id.
func findings(t *testing.T, files map[string]string) []string {
	t.Helper()
	md := markdown.New(markdown.Options{})
	var docs []*document.Document
	var ds []diag.Diagnostic
	for _, p := range slices.Sorted(maps.Keys(files)) {
		d := document.Parse(md, source.ContentDir+"/"+p, p, []byte(files[p]))
		ds = append(ds, d.Diags...)
		docs = append(docs, d)
	}
	ds = append(ds, validate.Run(model.Build(docs, nil), validate.Options{Today: today, MaxActive: 7}).List()...)
	return sorted(ds)
}

// TestOneTypoOneError checks that a file whose frontmatter cannot be
// parsed still stands for its id: references and links to it, by id and
// by path, report nothing, and rules that would need its fields say
// nothing about its neighbours. The parse error is the only finding.
func TestOneTypoOneError(t *testing.T) {
	playbook := func(guided string) map[string]string {
		return map[string]string{
			"directions/d.md":             direction + "owner: o\n---\n",
			"initiatives/guided-setup.md": guided,
			"initiatives/other.md":        "---\ntitle: O\nadvances: [d]\nstatus: paused\ndepends_on: [guided-setup]\n---\nSee [[guided-setup]] and [the file](guided-setup.md).\n",
			"signals/s.md":                "---\ntitle: S\nmeasures: [guided-setup, d]\nbaseline: 1\ntarget: 2\n---\n",
			"notes.md":                    "---\ntitle: Notes\n---\n[[guided-setup|Guided setup]]\n",
		}
	}
	t.Run("broken", func(t *testing.T) {
		got := findings(t, playbook("---\ntitle: G\nadvances: [d]\ntags: [a, b\n---\n"))
		check(t, got, "content/initiatives/guided-setup.md:4:1: error: invalid YAML frontmatter: did not find expected ',' or ']' [parse/frontmatter]")
	})
	t.Run("fixed", func(t *testing.T) {
		got := findings(t, playbook("---\ntitle: G\nadvances: [d]\ntags: [a, b]\nsignals: [s]\n---\n"))
		check(t, got)
	})
	t.Run("fixed, but paused", func(t *testing.T) {
		// With the file readable, the rules it silenced speak again.
		got := findings(t, playbook("---\ntitle: G\nadvances: [d]\nstatus: paused\n---\n"))
		check(t, got, `content/directions/d.md:1:1: warning: active direction "d" has no active initiative [focus/idle]`)
	})
}

// TestUnmappedOneError checks that align/unmapped speaks only when no
// other finding already says why an initiative names no direction.
func TestUnmappedOneError(t *testing.T) {
	tests := []struct {
		name, advances string
		want           []string
	}{
		{"missing", "", []string{"content/initiatives/i.md:1:1: error: initiative \"i\" advances no direction: add `advances: [direction-id]` [align/unmapped]"}},
		{"empty list", "advances: []\n", []string{"content/initiatives/i.md:3:1: error: initiative \"i\" advances no direction: add `advances: [direction-id]` [align/unmapped]"}},
		{"typo", "advances: [dd]\n", []string{"content/initiatives/i.md:3:12: error: advances names \"dd\", which is no direction; did you mean \"d\"? [ref/unknown]"}},
		{"wrong kind", "advances: [s]\n", []string{"content/initiatives/i.md:3:12: error: advances names \"s\", which is a signal, not a direction [ref/kind]"}},
		{"not a list", "advances: {d: 1}\n", []string{"content/initiatives/i.md:3:11: error: advances must be a list, not a map [schema/value]"}},
		{"mapped", "advances: [d]\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := findings(t, map[string]string{
				"directions/d.md":    direction + "---\n",
				"signals/s.md":       "---\ntitle: S\nmeasures: [d, i]\nbaseline: 1\ntarget: 2\n---\n",
				"initiatives/i.md":   "---\ntitle: I\n" + tt.advances + "---\n",
				"initiatives/d-i.md": "---\ntitle: J\nadvances: [d]\nsignals: [s]\n---\n",
			})
			check(t, got, tt.want...)
		})
	}
}

// TestFinishedNodes checks that strategy findings on done, killed and
// retired nodes are left out, and kept on live ones.
func TestFinishedNodes(t *testing.T) {
	dir := "---\ntitle: D\nproblem: p\nfor_whom: f\nwhy_we_win: w\nalternatives: [a]\nmust_be_true: [m]\nnon_goals:\n  - statement: no ads\n    tags: [ads]\n"
	for _, status := range []string{"active", "paused", "done", "killed"} {
		t.Run(status, func(t *testing.T) {
			got := run(t, map[string]string{
				"directions/d.md":  dir + "---\n",
				"initiatives/i.md": "---\ntitle: I\nadvances: [d]\nstage: execute\ntags: [ads]\nstatus: " + status + "\n---\n",
			}, 7, diag.AlignNonGoal, diag.SpeedAhead)
			if status == "done" || status == "killed" {
				check(t, got)
				return
			}
			check(t, got,
				`content/initiatives/i.md:4:1: error: stage "execute" is ahead of direction "d", which is at "validate"`,
				`content/initiatives/i.md:5:8: error: tag "ads" matches a non-goal of direction "d": "no ads"`)
		})
	}
	t.Run("retired direction", func(t *testing.T) {
		got := run(t, map[string]string{
			"directions/d.md": direction + "stage: execute\nstatus: retired\n---\n",
		}, 7, diag.SpeedUnvalidated)
		check(t, got)
	})
}

// TestOverdueWork checks speed/overdue: an active initiative past due.
func TestOverdueWork(t *testing.T) {
	tests := []struct {
		name, due, status string
		want              []string
	}{
		{"past", "2026-11-01", "active", []string{`content/initiatives/i.md:4:1: warning: active initiative "i" was due 2026-11-01, 25 days ago; deliver it, move its due date, or change its status`}},
		{"yesterday", "2026-11-25", "active", []string{`content/initiatives/i.md:4:1: warning: active initiative "i" was due 2026-11-25, 1 day ago; deliver it, move its due date, or change its status`}},
		{"today", "2026-11-26", "active", nil},
		{"future", "2027-01-01", "active", nil},
		{"done", "2026-11-01", "done", nil},
		{"paused", "2026-11-01", "paused", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run(t, map[string]string{
				"directions/d.md":  direction + "---\n",
				"initiatives/i.md": "---\ntitle: I\nadvances: [d]\ndue: " + tt.due + "\nstatus: " + tt.status + "\n---\n",
			}, 7, diag.SpeedOverdue)
			check(t, got, tt.want...)
		})
	}
}

// TestStale checks feedback/stale: the latest reading older than 1.5 ×
// the cadence. Today is 2026-11-26.
func TestStale(t *testing.T) {
	tests := []struct {
		name, cadence, last string
		want                []string
	}{
		{"monthly, read 40 days ago", "monthly", "2026-10-17", nil},
		{"monthly, read 45 days ago: the bound", "monthly", "2026-10-12", nil},
		{"monthly, read 46 days ago", "monthly", "2026-10-11", []string{`content/signals/s.md:6:1: warning: signal "s" was last read on 2026-10-11, 46 days ago; it is read monthly, so a reading is 16 days overdue`}},
		{"2w, read 22 days ago", "2w", "2026-11-04", []string{`content/signals/s.md:6:1: warning: signal "s" was last read on 2026-11-04, 22 days ago; it is read 2w, so a reading is 8 days overdue`}},
		{"no cadence", "", "2020-01-01", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cadence := "cadence: " + tt.cadence + "\n"
			if tt.cadence == "" {
				cadence = "owner: o\n"
			}
			got := run(t, map[string]string{
				"directions/d.md": direction + "---\n",
				"signals/s.md":    "---\ntitle: S\nmeasures: [d]\nbaseline: 1\ntarget: 100\n" + cadence + "history:\n  - {date: " + tt.last + ", value: 5}\n---\n",
			}, 7, diag.FeedbackStale)
			check(t, got, tt.want...)
		})
	}
}

// TestOffTrack checks feedback/off-track: progress worse or off-track,
// and nothing for the other kinds of progress.
func TestOffTrack(t *testing.T) {
	tests := []struct {
		name, fields string
		want         []string
	}{
		{"worse, lower is better", "baseline: 12\ntarget: 5\nbetter: down\ncurrent: 14\n",
			[]string{`content/signals/s.md:4:1: warning: signal "s" is getting worse: 14 is on the wrong side of its baseline 12 (lower is better)`}},
		{"off track", "baseline: 10\ntarget: 20\ntarget_date: 2026-06-01\nhistory:\n  - {date: 2026-01-01, value: 10}\n  - {date: 2026-02-01, value: 11}\n  - {date: 2026-03-01, value: 12}\n",
			[]string{`content/signals/s.md:6:1: warning: signal "s" is off track: the trend of its latest readings reaches 15.1 by 2026-06-01, short of the target 20 by 4.9`}},
		{"on track", "baseline: 10\ntarget: 20\ntarget_date: 2026-07-01\nhistory:\n  - {date: 2026-01-01, value: 10}\n  - {date: 2026-02-01, value: 12}\n  - {date: 2026-03-01, value: 14}\n", nil},
		{"moving", "baseline: 10\ntarget: 20\ncurrent: 12\n", nil},
		{"achieved", "baseline: 10\ntarget: 20\ncurrent: 21\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run(t, map[string]string{
				"directions/d.md": direction + "---\n",
				"signals/s.md":    "---\ntitle: S\nmeasures: [d]\n" + tt.fields + "---\n",
			}, 7, diag.FeedbackOffTrack)
			check(t, got, tt.want...)
		})
	}
}
