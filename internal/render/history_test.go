package render

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/bearing-dev/bearing"
	"github.com/bearing-dev/bearing/internal/config"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/history"
	"github.com/bearing-dev/bearing/internal/markdown"
	"github.com/bearing-dev/bearing/internal/model"
)

func TestEventText(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	for _, tc := range []struct {
		e    history.Event
		want string
	}{
		{history.Event{Kind: history.Created}, "created"},
		{history.Event{Kind: history.Renamed, From: "a", To: "b"}, "renamed from a to b"},
		{history.Event{Kind: history.Renamed, Field: "path", From: "content/a.md", To: "content/x/a.md"}, "moved from content/a.md to content/x/a.md"},
		{history.Event{Kind: history.Stage, From: "validate", To: "execute"}, "stage validate → execute"},
		{history.Event{Kind: history.Status, From: "", To: "active"}, "status none → active"},
		{history.Event{Kind: history.Assumption, Field: "c", From: "untested", To: "validated"}, "assumption “c”: untested → validated"},
		{history.Event{Kind: history.Assumption, Field: "c", To: "untested"}, "assumption added: “c” (untested)"},
		{history.Event{Kind: history.Assumption, Field: "c", From: "testing"}, "assumption dropped: “c”"},
		{history.Event{Kind: history.Target, From: "50", To: "40", Old: f(50), New: f(40), Baseline: f(10)}, "target 50 → 40 (eased)"},
		{history.Event{Kind: history.Positioning, Field: "why_we_win"}, "why we win rewritten"},
		{history.Event{Kind: history.Positioning, Field: "non_goals", From: "n"}, "non-goal removed: n"},
		{history.Event{Kind: history.FindingKind, Field: "align/unmapped", Severity: "error", To: "m"}, "error introduced: m [align/unmapped]"},
		{history.Event{Kind: history.FindingKind, Field: "focus/idle", Severity: "warning", From: "m"}, "warning fixed: m [focus/idle]"},
		{history.Event{Kind: history.Edited}, "body edited"},
		{history.Event{Kind: history.Edited, Field: "owner, tags"}, "edited owner, tags"},
	} {
		if got := eventText(tc.e); got != tc.want {
			t.Errorf("eventText(%+v): got %q; want %q", tc.e, got, tc.want)
		}
	}
}

// testLog is a history of a direction and a signal renamed from sig to
// signal: two commits on one day, a third later.
func testLog() *history.Log {
	day := func(s string) time.Time { d, _ := time.Parse(time.RFC3339, s); return d }
	return &history.Log{
		Head: "c3",
		Commits: []history.Commit{
			{ID: "c1aaaaaaaa", Date: day("2026-01-05T09:00:00Z"), Author: "Ada", Subject: "start <b>"},
			{ID: "c2bbbbbbbb", Date: day("2026-01-05T17:00:00Z"), Author: "Ada", Subject: "same day"},
			{ID: "c3cccccccc", Date: day("2026-02-01T12:00:00Z"), Author: "Ada", Subject: "rename"},
		},
		Events: []history.Event{
			{Commit: 0, Kind: history.Created, Node: "d", NodeKind: document.Direction, Path: "content/directions/d.md", To: "D"},
			{Commit: 0, Kind: history.Created, Node: "sig", NodeKind: document.Signal, Path: "content/signals/sig.md", To: "S"},
			{Commit: 1, Kind: history.Assumption, Node: "d", NodeKind: document.Direction, Path: "content/directions/d.md", Field: "c", From: "untested", To: "validated"},
			{Commit: 2, Kind: history.Renamed, Node: "signal", NodeKind: document.Signal, Path: "content/signals/signal.md", From: "sig", To: "signal"},
		},
		Series: []history.Point{
			{Commit: 0, Judged: true, Errors: 1, Initiatives: 2, Unmapped: 1, Assumptions: 1, Directions: []history.DirectionPoint{{ID: "d", Stage: "validate"}}},
			{Commit: 1, Judged: true, Initiatives: 2, Assumptions: 1, Validated: 1, Directions: []history.DirectionPoint{{ID: "d", Stage: "execute", Active: 2}}},
			{Commit: 2, Judged: true, Initiatives: 2, Assumptions: 1, Validated: 1, Directions: []history.DirectionPoint{{ID: "d", Stage: "execute", Active: 2}}},
		},
		Readings: []history.Reading{{Commit: 0, Node: "sig", Value: 1}, {Commit: 1, Node: "sig", Value: 3}, {Commit: 2, Node: "signal", Value: 3}},
	}
}

// TestGitReadings checks a signal's readings from git: under its id now,
// one a day (the day's last), a repeat dropped.
func TestGitReadings(t *testing.T) {
	x := newHistoryIndex(testLog())
	rs := x.readings["signal"]
	if len(rs) != 1 || rs[0].Value != 3 || rs[0].Date.Format(time.DateOnly) != "2026-01-05" || rs[0].Note != "commit c2bbbbb" {
		t.Errorf("readings of signal: got %+v; want one, 3 on 2026-01-05 from c2bbbbb", rs)
	}
	if x.now("sig") != "signal" || x.now("d") != "d" {
		t.Errorf("now(sig) = %q, now(d) = %q; want signal, d", x.now("sig"), x.now("d"))
	}
}

// TestDriftAndHistoryRender renders the drift page and a direction's page
// with testLog: charts with their tables, events newest first with the
// subject escaped and linked to repo_url, and the assumption ledger.
func TestDriftAndHistoryRender(t *testing.T) {
	md := markdown.New(markdown.Options{})
	parse := func(p, src string) *document.Document {
		return document.Parse(md, p, strings.TrimPrefix(p, "content/"), []byte(src))
	}
	docs := []*document.Document{
		parse("content/directions/d.md", "---\ntitle: D\nproblem: p\nfor_whom: f\nwhy_we_win: w\nalternatives: [a]\nmust_be_true:\n  - claim: c\n    status: validated\nnon_goals: [n]\nstage: execute\n---\n"),
		parse("content/signals/signal.md", "---\ntitle: S\nmeasures: [d]\nbaseline: 0\ntarget: 10\ncurrent: 3\n---\n"),
	}
	g := model.Build(docs, nil)
	tpls, _ := fs.Glob(bearing.Templates(), "*.html")
	var theme []string
	_ = fs.WalkDir(bearing.Theme(), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			theme = append(theme, p)
		}
		return nil
	})
	r, err := New(bearing.Templates(), tpls, bearing.Theme(), theme)
	if err != nil {
		t.Fatal(err)
	}
	c := config.Default()
	c.RepoURL = "https://git.example.org/o/r/"
	jobs, err := r.Jobs(Input{Graph: g, Config: c, Today: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), MD: md, History: testLog()})
	if err != nil {
		t.Fatal(err)
	}
	page := func(p string) string {
		for _, j := range jobs {
			if j.Path == p {
				var buf bytes.Buffer
				b, err := j.RenderTo(&buf)
				if err != nil {
					t.Fatal(err)
				}
				return string(b)
			}
		}
		t.Fatalf("no job makes %s", p)
		return ""
	}
	drift := page("drift/index.html")
	for _, want := range []string{
		`<svg class="chart drift-chart"`, `id="findings-title"`, `<caption class="visually-hidden">Errors and warnings at each commit that changed them</caption>`,
		`<a href="https://git.example.org/o/r/commit/c3cccccccc"><code>c3ccccc</code></a>`, `start &lt;b&gt;`, `renamed from sig to signal`,
		`<td>2026-01-05</td><td>c1aaaaa</td><td>1</td>`,
	} {
		if !strings.Contains(drift, want) {
			t.Errorf("drift page lacks %q", want)
		}
	}
	if strings.Contains(drift, "NaN") {
		t.Errorf("drift page has a NaN coordinate")
	}
	_, events, _ := strings.Cut(drift, `class="drift-events"`)
	if a, b := strings.Index(events, "renamed from sig"), strings.Index(events, ": created"); a < 0 || b < 0 || a > b {
		t.Errorf("events: the rename (newest) at %d after the creation at %d; want newest first", a, b)
	}
	dir := page("directions/d/index.html")
	for _, want := range []string{`<h3>Assumption ledger</h3>`, `<time datetime="2026-01-05">2026-01-05</time> untested · `, `untested → validated`} {
		if !strings.Contains(dir, want) {
			t.Errorf("direction page lacks %q", want)
		}
	}
	sig := page("signals/signal/index.html")
	if !strings.Contains(sig, "Readings taken from git") || !strings.Contains(sig, "created") {
		t.Errorf("signal page: want readings taken from git and its events followed from sig")
	}
}
