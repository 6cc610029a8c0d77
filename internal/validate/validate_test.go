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
	ds := validate.Run(model.Build(docs, nil), validate.Options{Today: today, MaxActive: maxActive})
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
	ds := validate.Run(model.Build([]*document.Document{a, b}, nil), validate.Options{Today: today, MaxActive: 7})
	if len(ds) != 1 || ds[0].Rule != diag.IDDuplicate {
		t.Fatalf("got %v; want one id/duplicate", ds)
	}
	want := diag.Pos{File: "content/b.md", Line: 4, Col: 1}
	related := diag.Pos{File: "content/a.md", Line: 3, Col: 1}
	if ds[0].Pos != want || len(ds[0].Related) != 1 || ds[0].Related[0] != related {
		t.Errorf("got %v related %v; want %v related %v", ds[0].Pos, ds[0].Related, want, related)
	}
}
