package diag

import (
	"strings"
	"testing"
)

func TestSuggest(t *testing.T) {
	fields := []string{"title", "status", "stage", "summary", "next_review", "must_be_true", "non_goals", "for_whom", "id", "owner"}
	tests := []struct {
		name, s string
		cands   []string
		want    string
	}{
		{"transposition", "statsu", fields, "status"},
		{"deletion", "titl", fields, "title"},
		{"insertion", "ownerr", fields, "owner"},
		{"substitution", "stoge", fields, "stage"},
		{"long word, two edits", "must_be_tru_", fields, "must_be_true"},
		{"long word, underscore for hyphen and a typo", "next-reviw", fields, "next_review"},
		{"case differs", "Title", fields, "title"},
		{"short word, one edit", "d", []string{"id"}, "id"},
		{"ids", "grwoth", []string{"growth", "growl", "retention"}, "growth"},
		{"tie broken alphabetically", "cat", []string{"cot", "bat"}, "bat"},
		{"closest wins over alphabetical", "stats", []string{"stage", "status"}, "status"},
		{"rule ids", "feedback/no-signl", []string{"feedback/no-signal", "feedback/incomplete"}, "feedback/no-signal"},
		{"far word", "colour", fields, ""},
		{"far short word", "xyz", fields, ""},
		{"two edits on a short word", "tilte", []string{"owner"}, ""},
		{"too many edits for the length", "stoxx", fields, ""},
		{"exact match is not a suggestion", "title", []string{"title"}, ""},
		{"no candidates", "title", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Suggest(tt.s, tt.cands); got != tt.want {
				t.Errorf("Suggest(%q): got %q; want %q", tt.s, got, tt.want)
			}
		})
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "abc", 3}, {"abc", "abc", 0},
		{"abc", "acb", 1}, {"kitten", "sitting", 3}, {"status", "statsu", 1},
		{"ca", "abc", 3}, // optimal string alignment: no edit of a transposed pair
	}
	for _, tt := range tests {
		if got := distance(tt.a, tt.b); got != tt.want {
			t.Errorf("distance(%q, %q): got %d; want %d", tt.a, tt.b, got, tt.want)
		}
		if got := distance(tt.b, tt.a); got != tt.want {
			t.Errorf("distance(%q, %q): got %d; want %d", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestDiagnosticString(t *testing.T) {
	d := New(Pos{File: "content/a.md", Line: 3, Col: 7}, RecalOverdue, "next_review %s passed", "2026-01-01")
	want := "content/a.md:3:7: warning: next_review 2026-01-01 passed [recal/overdue]"
	if got := d.String(); got != want {
		t.Errorf("got %q; want %q", got, want)
	}
	if got := New(Pos{}, "no/such-rule", "x").Severity; got != Error {
		t.Errorf("severity of an unknown rule: got %v; want error", got)
	}
}

func TestSort(t *testing.T) {
	ds := []Diagnostic{
		{Pos: Pos{"b.md", 1, 1}, Rule: "a"},
		{Pos: Pos{"a.md", 10, 1}, Rule: "a"},
		{Pos: Pos{"a.md", 2, 5}, Rule: "z"},
		{Pos: Pos{"a.md", 2, 5}, Rule: "b", Message: "y"},
		{Pos: Pos{"a.md", 2, 5}, Rule: "b", Message: "x"},
		{Pos: Pos{"a.md", 2, 1}, Rule: "z"},
	}
	Sort(ds)
	var got []string
	for _, d := range ds {
		got = append(got, d.Pos.String()+" "+d.Rule+" "+d.Message)
	}
	want := []string{"a.md:2:1 z ", "a.md:2:5 b x", "a.md:2:5 b y", "a.md:2:5 z ", "a.md:10:1 a ", "b.md:1:1 a "}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q; want %q", got, want)
	}
}

func TestPolicy(t *testing.T) {
	all := func() []Diagnostic {
		return []Diagnostic{
			New(Pos{}, RecalOverdue, "w1"),
			New(Pos{}, FeedbackNoSignal, "w2"),
			New(Pos{}, SpeedAhead, "e1"),
			New(Pos{}, ParseFrontmatter, "e2"),
			New(Pos{}, ConfigInvalid, "e3"),
			New(Pos{File: "draft.md"}, SchemaPlaceholder, "e4"),
			New(Pos{File: "draft.md"}, FocusIdle, "w3"),
		}
	}
	tests := []struct {
		name   string
		policy Policy
		want   string
	}{
		{"defaults", Policy{}, "warning w1, warning w2, error e1, error e2, error e3, error e4, warning w3"},
		{"strict", Policy{Strict: true}, "error w1, error w2, error e1, error e2, error e3, error e4, error w3"},
		{"warning to error", Policy{Overrides: map[string]Severity{RecalOverdue: Error}}, "error w1, warning w2, error e1, error e2, error e3, error e4, warning w3"},
		{"off", Policy{Overrides: map[string]Severity{FeedbackNoSignal: Off}}, "warning w1, error e1, error e2, error e3, error e4, warning w3"},
		{"error to warning", Policy{Overrides: map[string]Severity{SpeedAhead: Warning}}, "warning w1, warning w2, warning e1, error e2, error e3, error e4, warning w3"},
		{"off stays off under strict", Policy{Strict: true, Overrides: map[string]Severity{RecalOverdue: Off, SpeedAhead: Warning}}, "error w2, error e1, error e2, error e3, error e4, error w3"},
		{"a draft's errors are warnings, even under strict", Policy{Strict: true, Drafts: map[string]bool{"draft.md": true}}, "error w1, error w2, error e1, error e2, error e3, warning e4, warning w3"},
		{"parse and config errors cannot be changed", Policy{Overrides: map[string]Severity{ParseFrontmatter: Off, ParseMarkdown: Off, ConfigInvalid: Warning}}, "warning w1, warning w2, error e1, error e2, error e3, error e4, warning w3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, d := range tt.policy.Apply(all()) {
				got = append(got, d.Severity.String()+" "+d.Message)
			}
			if s := strings.Join(got, ", "); s != tt.want {
				t.Errorf("got %q; want %q", s, tt.want)
			}
		})
	}
}

func TestCount(t *testing.T) {
	ds := []Diagnostic{{Severity: Error}, {Severity: Warning}, {Severity: Error}, {Severity: Off}}
	if e, w := Count(ds); e != 2 || w != 1 {
		t.Errorf("got %d errors, %d warnings; want 2, 1", e, w)
	}
}

func TestSeverity(t *testing.T) {
	for _, s := range []Severity{Off, Warning, Error} {
		got, ok := ParseSeverity(s.String())
		if !ok || got != s {
			t.Errorf("ParseSeverity(%q): got %v, %v; want %v, true", s.String(), got, ok, s)
		}
	}
	if _, ok := ParseSeverity("fatal"); ok {
		t.Errorf("ParseSeverity(%q): got ok; want not ok", "fatal")
	}
}

// TestRules checks the rule table: the ids and defaults of the design,
// unique, each with a one-sentence description.
func TestRules(t *testing.T) {
	want := map[string]Severity{
		"parse/frontmatter": Error, "schema/unknown-field": Error, "schema/required": Error,
		"schema/value": Error, "id/duplicate": Error, "ref/unknown": Error, "ref/kind": Error,
		"link/broken": Error, "align/unmapped": Error, "align/retired": Error, "align/non-goal": Error,
		"speed/ahead": Error, "speed/unvalidated": Error, "deps/cycle": Error,
		"recal/eliminated-active": Error, "recal/overdue": Warning, "feedback/no-signal": Warning,
		"feedback/incomplete": Warning, "focus/fragmented": Warning, "focus/idle": Warning,
		"config/invalid": Error, "parse/markdown": Error, "schema/placeholder": Error, "speed/overdue": Warning,
		"feedback/stale": Warning, "feedback/off-track": Warning,
		"recal/not-carried-out": Warning, "feedback/goalpost": Warning, "drift/churn": Warning,
	}
	if len(Rules()) != len(want) {
		t.Errorf("got %d rules; want %d", len(Rules()), len(want))
	}
	seen := map[string]bool{}
	for _, r := range Rules() {
		if seen[r.ID] {
			t.Errorf("rule %s listed twice", r.ID)
		}
		seen[r.ID] = true
		if sev, ok := want[r.ID]; !ok || sev != r.Default {
			t.Errorf("rule %s: got default %v; want %v (known: %v)", r.ID, r.Default, sev, ok)
		}
		if !strings.HasSuffix(r.Description, ".") || r.Description == "" {
			t.Errorf("rule %s: got description %q; want one sentence", r.ID, r.Description)
		}
		if got, ok := Lookup(r.ID); !ok || got.ID != r.ID {
			t.Errorf("Lookup(%q): got %v, %v", r.ID, got, ok)
		}
	}
}

// TestRulesIsACopy checks that a caller changing the rules it was given
// changes no one else's.
func TestRulesIsACopy(t *testing.T) {
	got := Rules()
	got[0].Default, got[0].ID = Off, "changed"
	if r := Rules()[0]; r.ID != ParseFrontmatter || r.Default != Error {
		t.Errorf("after a caller's change: got %s %v; want %s %v", r.ID, r.Default, ParseFrontmatter, Error)
	}
	if _, ok := Lookup("changed"); ok {
		t.Error("Lookup finds a caller's change; want the table untouched")
	}
}
