package history

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
)

// initiative returns an initiative file advancing dirs, with a status
// and extra frontmatter lines.
func initiative(status string, dirs ...string) string { return initiativeWith(status, "", dirs...) }

func initiativeWith(status, extra string, dirs ...string) string {
	adv := ""
	if len(dirs) > 0 {
		adv = "advances: [" + strings.Join(dirs, ", ") + "]\n"
	}
	return fmt.Sprintf("---\ntitle: Work\nstatus: %s\n%s%s---\n", status, adv, extra)
}

// TestSeries follows the figures of a playbook through four commits: a
// direction advanced, its assumption validated, an initiative mapped and
// another finished.
func TestSeries(t *testing.T) {
	r := newTestRepo(t)
	r.commit("2026-01-05", "start", map[string]string{
		"content/directions/growth.md": direction("p1", "validate"),
		"content/initiatives/a.md":     initiative("active", "growth"),
		"content/initiatives/b.md":     initiative("active"),
	})
	r.commit("2026-01-06", "validate", map[string]string{
		"content/directions/growth.md": strings.Replace(direction("p1", "execute"), "status: untested", "status: validated", 1),
	})
	r.commit("2026-01-07", "map b", map[string]string{"content/initiatives/b.md": initiative("active", "growth")})
	r.commit("2026-01-08", "finish a", map[string]string{"content/initiatives/a.md": initiative("done", "growth")})
	l, err := Read(context.Background(), readOpts(r.dir))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range l.Series {
		line := fmt.Sprintf("%d: initiatives %d unmapped %d assumptions %d validated %d", p.Commit, p.Initiatives, p.Unmapped, p.Assumptions, p.Validated)
		for _, d := range p.Directions {
			line += fmt.Sprintf(" %s=%s/%d", d.ID, d.Stage, d.Active)
		}
		got = append(got, line)
	}
	want := []string{
		"0: initiatives 2 unmapped 1 assumptions 1 validated 0 growth=validate/1",
		"1: initiatives 2 unmapped 1 assumptions 1 validated 1 growth=execute/1",
		"2: initiatives 2 unmapped 0 assumptions 1 validated 1 growth=execute/2",
		"3: initiatives 1 unmapped 0 assumptions 1 validated 1 growth=execute/1",
	}
	if g, w := strings.Join(got, "\n"), strings.Join(want, "\n"); g != w {
		t.Errorf("series:\n%s\nwant:\n%s", g, w)
	}
	if len(l.Series) != len(l.Commits) {
		t.Errorf("got %d points for %d commits; want one each", len(l.Series), len(l.Commits))
	}
}

// TestFindingEvents judges each snapshot with a fake judge (a finding per
// initiative that advances nothing, and one per tag "todo") and
// checks the findings are counted and matched by rule and node: moving a
// finding's line changes nothing, a second one of a rule on a node is
// introduced, and mending the file fixes them.
func TestFindingEvents(t *testing.T) {
	r := newTestRepo(t)
	ini := func(extra string, dirs ...string) string { return initiativeWith("active", extra, dirs...) }
	r.commit("2026-01-05", "start", map[string]string{
		"content/directions/growth.md": direction("p", "validate"),
		"content/initiatives/a.md":     ini("tags:\n  - todo\n"),
	})
	r.commit("2026-01-06", "move the line", map[string]string{"content/initiatives/a.md": ini("summary: s\ntags:\n  - todo\n")})
	r.commit("2026-01-07", "map a, one more todo", map[string]string{"content/initiatives/a.md": ini("tags:\n  - todo\n  - todo\n", "growth")})
	r.commit("2026-01-08", "done", map[string]string{"content/initiatives/a.md": ini("", "growth")})
	o := readOpts(r.dir)
	o.Judge = func(s *Snapshot) []Finding {
		var fs []Finding
		for _, n := range s.Graph.Nodes {
			if n.Kind == "initiative" && len(n.Targets("advances")) == 0 {
				fs = append(fs, Finding{Rule: "align/unmapped", Error: true, Node: n.ID, Path: n.Path, Message: "advances no direction"})
			}
			for _, tag := range n.Front.Tags {
				if tag.Value == "todo" {
					fs = append(fs, Finding{Rule: "todo", Node: n.ID, Path: n.Path, Message: fmt.Sprintf("a todo at line %d", tag.Pos.Line)})
				}
			}
		}
		return fs
	}
	l, err := Read(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range l.Events {
		if e.Kind == FindingKind {
			fmt.Fprintf(&b, "%s %s %s %s %q -> %q\n", l.CommitOf(e).Date.Format(time.DateOnly), e.Severity, e.Field, e.Node, e.From, e.To)
		}
	}
	want := `2026-01-05 error align/unmapped a "" -> "advances no direction"
2026-01-05 warning todo a "" -> "a todo at line 5"
2026-01-07 error align/unmapped a "advances no direction" -> ""
2026-01-07 warning todo a "" -> "a todo at line 7"
2026-01-08 warning todo a "a todo at line 6" -> ""
2026-01-08 warning todo a "a todo at line 7" -> ""
`
	if got := b.String(); got != want {
		t.Errorf("finding events:\n%s\nwant:\n%s", got, want)
	}
	var counts []string
	for _, p := range l.Series {
		counts = append(counts, fmt.Sprintf("%d/%d %v", p.Errors, p.Warnings, p.Rules))
	}
	if got, want := strings.Join(counts, "; "), "1/1 [{align/unmapped 1 0} {todo 0 1}]; 1/1 [{align/unmapped 1 0} {todo 0 1}]; 0/2 [{todo 0 2}]; 0/0 []"; got != want {
		t.Errorf("counts: got %s; want %s", got, want)
	}
}

// TestReadings reads a signal's current values as git recorded them,
// once per change, across a rename of its id.
func TestReadings(t *testing.T) {
	r := newTestRepo(t)
	sig := func(cur int) string {
		return fmt.Sprintf("---\ntitle: Signups\nmeasures: [growth]\nbaseline: 10\ntarget: 50\ncurrent: %d\n---\n", cur)
	}
	r.commit("2026-01-05", "a", map[string]string{"content/directions/growth.md": direction("p", "validate"), "content/signals/signups.md": sig(12)})
	r.commit("2026-01-06", "same value, other edit", map[string]string{"content/signals/signups.md": sig(12) + "Body.\n"})
	r.commit("2026-01-07", "b", map[string]string{"content/signals/signups.md": sig(20)})
	r.move("content/signals/signups.md", "content/signals/sign-ups.md")
	r.commit("2026-01-08", "rename", nil)
	r.commit("2026-01-09", "c", map[string]string{"content/signals/sign-ups.md": sig(31)})
	l, err := Read(context.Background(), readOpts(r.dir))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, rd := range l.Readings {
		got = append(got, fmt.Sprintf("%s %s %g", l.Commits[rd.Commit].Date.Format(time.DateOnly), rd.Node, rd.Value))
	}
	want := "2026-01-05 signups 12, 2026-01-07 signups 20, 2026-01-08 sign-ups 20, 2026-01-09 sign-ups 31"
	if g := strings.Join(got, ", "); g != want {
		t.Errorf("readings: got %s; want %s", g, want)
	}
	by := l.ByNode()
	var kinds []string
	for _, i := range by["sign-ups"] {
		kinds = append(kinds, string(l.Events[i].Kind))
	}
	if g, w := strings.Join(kinds, ","), "created,edited,edited,renamed,edited"; g != w {
		t.Errorf("events of sign-ups, followed from signups: got %s; want %s", g, w)
	}
	if _, left := by["signups"]; left {
		t.Errorf("ByNode kept the old id signups; want its events under sign-ups")
	}
	if ids := l.Aliases("sign-ups"); !ids["signups"] || !ids["sign-ups"] {
		t.Errorf("Aliases(sign-ups) = %v; want both ids", ids)
	}
}

// TestJudgeSkips checks that a commit that cannot change the findings (a
// body edited the same day, its links as they were) is not judged, and
// that any other is: a link added, a field changed, a new day.
func TestJudgeSkips(t *testing.T) {
	r := newTestRepo(t)
	page := func(body string) string { return "---\ntitle: P\n---\n" + body }
	r.commit("2026-01-05", "start", map[string]string{"content/p.md": page("One.\n")})
	r.commit("2026-01-05", "body", map[string]string{"content/p.md": page("Two.\n")})
	r.commit("2026-01-05", "link", map[string]string{"content/p.md": page("Two, [[q]].\n")})
	r.commit("2026-01-05", "front", map[string]string{"content/p.md": "---\ntitle: Q\n---\nTwo, [[q]].\n"})
	r.commit("2026-01-06", "next day", map[string]string{"content/p.md": "---\ntitle: Q\n---\nThree, [[q]].\n"})
	r.commit("2026-01-06", "body again", map[string]string{"content/p.md": "---\ntitle: Q\n---\nFour, [[q]].\n"})
	o := readOpts(r.dir)
	var judged []string
	o.Judge = func(s *Snapshot) []Finding {
		judged = append(judged, s.Commit.Subject)
		return []Finding{{Rule: "r", Node: "p", Path: "content/p.md", Message: s.Commit.Subject}}
	}
	l, err := Read(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(judged, ","), "start,link,front,next day"; got != want {
		t.Errorf("judged %s; want %s", got, want)
	}
	for _, p := range l.Series {
		if !p.Judged || p.Warnings != 1 {
			t.Errorf("commit %d: got judged %v with %d warnings; want the last findings counted", p.Commit, p.Judged, p.Warnings)
		}
	}
}

// TestSameValue checks that sameValue says same only of values whose
// texts are the same, and says it of the equal values edits leave.
func TestSameValue(t *testing.T) {
	day := time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)
	f := func(v float64) *float64 { return &v }
	r := func(d time.Time, v float64, note string) document.Reading {
		return document.Reading{Date: d, Value: v, Note: note}
	}
	tests := []struct {
		name string
		a, b any
		same bool
	}{
		{"text", "a", "a", true},
		{"other text", "a", "b", false},
		{"number", 3, 3, true},
		{"items", []document.Item{{Value: "a"}, {Value: "b"}}, []document.Item{{Value: "a"}, {Value: "b", Pos: diag.Pos{Line: 9}}}, true},
		{"items, one more empty", []document.Item{}, []document.Item{{Value: ""}}, false},
		{"readings", []document.Reading{r(day, 1.5, "x")}, []document.Reading{r(day, 1.5, "x")}, true},
		{"readings, zero and minus zero", []document.Reading{r(day, 0, "")}, []document.Reading{r(day, math.Copysign(0, -1), "")}, false},
		{"readings, the same day elsewhere", []document.Reading{r(day, 1, "")}, []document.Reading{r(day.In(time.FixedZone("x", -3600)), 1, "")}, false},
		{"readings, another note", []document.Reading{r(day, 1, "a")}, []document.Reading{r(day, 1, "b")}, false},
		{"assumptions", []document.Assumption{{Claim: "c", Status: "validated"}}, []document.Assumption{{Claim: "c", Status: "validated"}}, true},
		{"assumption status", []document.Assumption{{Claim: "c", Status: "testing"}}, []document.Assumption{{Claim: "c", Status: "validated"}}, false},
		{"non-goals", []document.NonGoal{{Statement: "s", Tags: []string{"a"}}}, []document.NonGoal{{Statement: "s", Tags: []string{"a"}}}, true},
		{"non-goal tags", []document.NonGoal{{Statement: "s", Tags: []string{"a"}}}, []document.NonGoal{{Statement: "s"}}, false},
		{"decisions", []document.Decision{{Direction: "d", Decision: "kill"}}, []document.Decision{{Direction: "d", Decision: "kill"}}, true},
		{"numbers by pointer, left to the text", f(1), f(1), false},
		{"another type", "1", 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			same := sameValue(tt.a, tt.b)
			if same != tt.same {
				t.Errorf("sameValue = %v; want %v", same, tt.same)
			}
			if same && text(tt.a) != text(tt.b) {
				t.Errorf("same, but the texts differ: %q and %q", text(tt.a), text(tt.b))
			}
		})
	}
}
