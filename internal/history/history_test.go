package history

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/markdown"
	"github.com/bearing-dev/bearing/internal/model"
	"github.com/bearing-dev/bearing/internal/source"
)

// direction returns a direction file with the given problem and stage.
func direction(problem, stage string) string {
	return fmt.Sprintf("---\ntitle: Growth\nproblem: %s\nfor_whom: f\nwhy_we_win: w\nalternatives: [a]\nmust_be_true:\n  - claim: c\n    status: untested\nnon_goals: [n]\nstage: %s\n---\nBody.\n", problem, stage)
}

// signal returns a signal file with the given target.
func signal(target int) string {
	return fmt.Sprintf("---\ntitle: Signups\nmeasures: [growth]\nbaseline: 10\ntarget: %d\n---\n", target)
}

func readOpts(dir string) Options {
	return Options{Dir: dir, MD: markdown.New(markdown.Options{LinksOnly: true})}
}

// eventLines writes events one a line: date kind node field from -> to.
func eventLines(l *Log) string {
	var b strings.Builder
	for _, e := range l.Events {
		fmt.Fprintf(&b, "%s %s %s %s %q -> %q\n", l.CommitOf(e).Date.Format(time.DateOnly), e.Kind, e.Node, e.Field, e.From, e.To)
	}
	return b.String()
}

// TestRead follows one playbook through creation, edits, a rename that
// keeps the id, a rename that changes it, and a removal.
func TestRead(t *testing.T) {
	r := newTestRepo(t)
	r.commit("2026-01-05", "start", map[string]string{
		"content/directions/growth.md": direction("p1", "validate"),
		"content/signals/signups.md":   signal(50),
		"README.md":                    "not content",
	})
	r.commit("2026-01-06", "outside content", map[string]string{"README.md": "still not content"})
	r.commit("2026-02-01", "advance", map[string]string{
		"content/directions/growth.md": strings.Replace(direction("p2", "execute"), "status: untested", "status: validated", 1),
		"content/signals/signups.md":   signal(40),
	})
	r.move("content/signals/signups.md", "content/signals/archive/signups.md")
	r.commit("2026-02-02", "move keeps the id", nil)
	r.move("content/signals/archive/signups.md", "content/signals/sign-ups.md")
	r.commit("2026-02-03", "rename changes the id", nil)
	r.commit("2026-02-04", "drop", map[string]string{"content/signals/sign-ups.md": ""})

	l, err := Read(context.Background(), readOpts(r.dir))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Commits) != 5 {
		t.Errorf("got %d commits; want 5 (the one outside content/ left out)", len(l.Commits))
	}
	want := `2026-01-05 created growth  "" -> "Growth"
2026-01-05 created signups  "" -> "Signups"
2026-02-01 positioning growth problem "p1" -> "p2"
2026-02-01 assumption growth c "untested" -> "validated"
2026-02-01 stage growth stage "validate" -> "execute"
2026-02-01 target signups target "50" -> "40"
2026-02-02 renamed signups path "content/signals/signups.md" -> "content/signals/archive/signups.md"
2026-02-03 renamed sign-ups  "signups" -> "sign-ups"
2026-02-04 removed sign-ups  "Signups" -> ""
`
	if got := eventLines(l); got != want {
		t.Errorf("events:\n%s\nwant:\n%s", got, want)
	}
	for _, e := range l.Events {
		if e.Kind == Target && !e.Eased() {
			t.Errorf("target 50 -> 40 with baseline 10: got not eased; want eased")
		}
	}
	if l.Head == "" || l.Commits[0].Author != "Ada" || l.Commits[0].Subject != "start" {
		t.Errorf("got head %q, first commit %+v", l.Head, l.Commits[0])
	}
}

// TestReadSince reads from a date on: the files made before it are the
// start, not events.
func TestReadSince(t *testing.T) {
	r := newTestRepo(t)
	r.commit("2025-06-01", "old", map[string]string{"content/directions/growth.md": direction("p1", "validate")})
	r.commit("2026-03-01", "new", map[string]string{"content/directions/growth.md": direction("p2", "validate")})
	o := readOpts(r.dir)
	o.Since = day(t, "2026-01-01")
	l, err := Read(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	want := "2026-03-01 positioning growth problem \"p1\" -> \"p2\"\n"
	if got := eventLines(l); got != want {
		t.Errorf("events:\n%s\nwant:\n%s", got, want)
	}
}

// TestVisitGraph checks that the graph handed to Visit, patched from
// commit to commit, is the graph Build makes of the snapshot's files.
func TestVisitGraph(t *testing.T) {
	r := newTestRepo(t)
	r.commit("2026-01-01", "a", map[string]string{
		"content/directions/growth.md":  direction("p1", "validate"),
		"content/initiatives/launch.md": "---\ntitle: Launch\nadvances: [growth]\n---\nSee [[growth]].\n",
	})
	r.commit("2026-01-02", "b", map[string]string{"content/directions/growth.md": direction("p2", "execute")})
	r.commit("2026-01-03", "c", map[string]string{"content/initiatives/more.md": "---\ntitle: More\nadvances: [growth]\n---\n"})
	r.commit("2026-01-04", "d", map[string]string{"content/initiatives/launch.md": "---\ntitle: Launch 2\nadvances: [growth]\n---\n"})
	o := readOpts(r.dir)
	var seen []string
	o.Visit = func(s *Snapshot) error {
		want := model.Build(s.Docs, nil)
		if got, w := graphText(s.Graph), graphText(want); got != w {
			t.Errorf("commit %d: patched graph\n%s\nwant\n%s", s.Index, got, w)
		}
		seen = append(seen, s.Commit.Subject)
		return nil
	}
	if _, err := Read(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(seen, ","); got != "a,b,c,d" {
		t.Errorf("visited %s; want a,b,c,d", got)
	}
}

// graphText writes a graph's nodes and edges for comparison.
func graphText(g *model.Graph) string {
	var b strings.Builder
	for _, n := range g.Nodes {
		fmt.Fprintf(&b, "%s %s %q in=%d out=%d linkedfrom=%d\n", n.Kind, n.ID, n.Front.Stage, len(n.In), len(n.Out), len(n.LinkedFrom))
	}
	return b.String()
}

// TestUnavailable checks the one line said where there is no history.
func TestUnavailable(t *testing.T) {
	r := newTestRepo(t)
	empty := r.dir
	r2 := newTestRepo(t)
	r2.commit("2026-01-01", "a", map[string]string{"content/directions/growth.md": direction("p", "validate")})
	r2.commit("2026-01-02", "b", map[string]string{"content/directions/growth.md": direction("q", "validate")})
	shallow := t.TempDir()
	r2.git("clone", "-q", "--depth", "1", "file://"+r2.dir, shallow)

	for _, tc := range []struct {
		name, dir, want string
	}{
		{"not a repository", t.TempDir(), "not in a git repository"},
		{"no commit", empty, "no commit yet"},
		{"shallow", shallow, "fetch-depth: 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(context.Background(), readOpts(tc.dir))
			var u *Unavailable
			if !errors.As(err, &u) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v; want Unavailable saying %q", err, tc.want)
			}
		})
	}
	t.Run("no git", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		_, err := Read(context.Background(), readOpts(r2.dir))
		var u *Unavailable
		if !errors.As(err, &u) || !strings.Contains(err.Error(), "git is not installed") {
			t.Errorf("got %v; want Unavailable saying git is not installed", err)
		}
	})
}

// TestUntrustedText checks that a hostile author and subject arrive as
// one line of valid text, cut to the limits.
func TestUntrustedText(t *testing.T) {
	r := newTestRepo(t)
	long := strings.Repeat("x", 2000)
	r.gitEnv([]string{"GIT_AUTHOR_NAME=<script>\x1b[31m" + long}, "commit", "-q", "--allow-empty", "-m", "a\x1b]8;;evil\x07 <b>"+long)
	// An empty commit changes no content: give it one that does.
	r.commit("2026-01-01", "x\u202etxt.exe", map[string]string{"content/p.md": "# P\n"})
	l, err := Read(context.Background(), readOpts(r.dir))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range l.Commits {
		for _, s := range []string{c.Author, c.Subject} {
			if strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == '\u202e' }) || len(s) > maxSubject+8 {
				t.Errorf("got %q; want one line without control characters, cut", s)
			}
		}
	}
}

// TestReadRevision reads a past revision as a file system.
func TestReadRevision(t *testing.T) {
	r := newTestRepo(t)
	r.commit("2026-01-01", "a", map[string]string{"content/directions/growth.md": direction("p1", "validate"), "bearing.yaml": "title: T\n", "content/.hidden.md": "x"})
	r.commit("2026-01-02", "b", map[string]string{"content/directions/growth.md": direction("p2", "validate")})
	rev, err := ReadRevision(context.Background(), r.dir, "HEAD~1")
	if err != nil {
		t.Fatal(err)
	}
	tree, err := source.Walk(rev.FS)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tree.Markdown, ","); got != "content/directions/growth.md" {
		t.Errorf("got files %s; want content/directions/growth.md", got)
	}
	data, _ := fsRead(rev, "content/directions/growth.md")
	d := document.Parse(markdown.New(markdown.Options{LinksOnly: true}), "content/directions/growth.md", "directions/growth.md", data)
	if d.Front.Problem != "p1" || rev.Commit.Subject != "a" {
		t.Errorf("got problem %q at %q; want p1 at a", d.Front.Problem, rev.Commit.Subject)
	}
	for _, bad := range []string{"--output=/tmp/x", "nonexistent", "HEAD; rm -rf /"} {
		if _, err := ReadRevision(context.Background(), r.dir, bad); err == nil {
			t.Errorf("ReadRevision(%q): got no error", bad)
		}
	}
}

func fsRead(rev *Revision, p string) ([]byte, error) { return fs.ReadFile(rev.FS, p) }

// TestKeepHead checks that a read with KeepHead hands over the parses of
// HEAD's Markdown files, each with the bytes it was parsed from and as
// Parse parses them, once; and that a read without keeps none.
func TestKeepHead(t *testing.T) {
	r := newTestRepo(t)
	launch := "---\ntitle: Launch\nadvances: [growth]\n---\nSee [[growth]].\n"
	r.commit("2026-01-01", "a", map[string]string{
		"content/directions/growth.md":  direction("p1", "validate"),
		"content/initiatives/launch.md": launch,
		"content/initiatives/gone.md":   "---\ntitle: Gone\nadvances: [growth]\n---\n",
		"content/pages/notes.txt":       "not Markdown",
	})
	r.commit("2026-01-02", "b", map[string]string{
		"content/directions/growth.md": direction("p2", "execute"), // a new frontmatter, the same body
		"content/initiatives/gone.md":  "",
	})
	o := readOpts(r.dir)
	o.KeepHead = true
	l, err := Read(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	head := l.TakeHead()
	want := map[string]string{"content/directions/growth.md": direction("p2", "execute"), "content/initiatives/launch.md": launch}
	if len(head) != len(want) {
		t.Errorf("kept %d files; want %d", len(head), len(want))
	}
	for p, text := range want {
		h := head[p]
		if string(h.Data) != text {
			t.Errorf("%s: kept %q; want %q", p, h.Data, text)
		}
		if parsed := document.Parse(o.MD, p, source.ContentPath(p), []byte(text)); !reflect.DeepEqual(h.Doc, parsed) {
			t.Errorf("%s: kept\n%+v\nParse gives\n%+v", p, h.Doc, parsed)
		}
	}
	if again := l.TakeHead(); again != nil {
		t.Errorf("a second TakeHead returned %d files; want none", len(again))
	}
	o.KeepHead = false
	if l, err = Read(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if h := l.TakeHead(); h != nil {
		t.Errorf("a read without KeepHead kept %d files", len(h))
	}
}
