package history

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/gen"
)

// TestAheadSameRead reads histories with the steps made ahead of the
// walker, on a goroutine of their own, and made in line, and checks that
// both give the same Log and show Visit and Judge the same snapshots:
// the same documents, graph and events, judged at the same commits. Run
// it with -race: the two goroutines share the documents.
func TestAheadSameRead(t *testing.T) {
	generated := func(t *testing.T) string {
		dir := filepath.Join(t.TempDir(), "pb")
		if err := (gen.History{Files: 40, Commits: 200, Seed: 3}).WriteRepo(dir); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	for _, tc := range []struct {
		name  string
		repo  func(*testing.T) string
		since time.Time
	}{
		{"generated", generated, time.Time{}},
		{"generated since", generated, time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)},
		{"reverts, renames, modes and assets", editedRepo, time.Time{}},
		{"reverts, renames, modes and assets since", editedRepo, day(t, "2026-01-07")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := tc.repo(t)
			want, wantSeen := readSeen(t, dir, tc.since, 0)
			for _, ahead := range []int{1, aheadSteps} {
				got, seen := readSeen(t, dir, tc.since, ahead)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("ahead %d: the Log differs from the one read in line", ahead)
				}
				if g, w := strings.Join(seen, "\n"), strings.Join(wantSeen, "\n"); g != w {
					t.Errorf("ahead %d: Visit and Judge saw\n%s\nwant\n%s", ahead, g, w)
				}
			}
			if len(want.Commits) < 3 || len(want.Events) == 0 {
				t.Fatalf("read %d commits, %d events: the case tests nothing", len(want.Commits), len(want.Events))
			}
		})
	}
}

// readSeen reads the history at dir with steps made ahead commits ahead,
// a graph visited and a judge that finds from it, and returns the Log and
// a line for each snapshot Visit and Judge saw.
func readSeen(t *testing.T, dir string, since time.Time, ahead int) (*Log, []string) {
	t.Helper()
	o := readOpts(dir)
	o.Since = since
	var seen []string
	o.Visit = func(s *Snapshot) error {
		var b strings.Builder
		fmt.Fprintf(&b, "visit %d %s:", s.Index, s.Commit.Short())
		for _, d := range s.Docs {
			fmt.Fprintf(&b, " %s=%s/%s/%d", d.Path, d.ID, d.Front.Title, len(d.Diags))
		}
		b.WriteString(" nodes:")
		for _, n := range s.Graph.Nodes {
			fmt.Fprintf(&b, " %s(%d>%d<%d)", n.ID, len(n.Out), len(n.In), len(n.LinkedFrom))
		}
		b.WriteString(" events:")
		for _, e := range s.Events {
			fmt.Fprintf(&b, " %s %s %s %s %q>%q %s %s", e.Kind, e.Node, e.NodeKind, e.Path, e.From, e.To, num(e.Old), num(e.New))
		}
		seen = append(seen, b.String())
		return nil
	}
	o.Judge = func(s *Snapshot) []Finding {
		var fs []Finding
		for _, n := range s.Graph.Nodes {
			if len(n.Out) == 0 {
				fs = append(fs, Finding{Rule: "lonely", Node: n.ID, Path: n.Path, Message: n.ID + " names nothing"})
			}
			if n.Active() {
				fs = append(fs, Finding{Rule: "active", Error: true, Node: n.ID, Path: n.Path,
					Message: n.ID + " active on " + s.Commit.Date.Format(time.DateOnly)})
			}
		}
		seen = append(seen, fmt.Sprintf("judge %d: %d findings", s.Index, len(fs)))
		return fs
	}
	l, err := read(context.Background(), o, ahead)
	if err != nil {
		t.Fatal(err)
	}
	return l, seen
}

// editedRepo makes a repository whose commits revert a file to a version
// before (a parse kept), rename and move files, change only a file's
// mode, add and remove assets, edit only a body on the same day, and
// touch files outside the playbook and in hidden folders.
func editedRepo(t *testing.T) string {
	r := newTestRepo(t)
	ini := func(stage, body string) string {
		return "---\ntitle: Launch\nadvances: [growth]\nstage: " + stage + "\nstatus: active\n---\n" + body
	}
	r.commit("2026-01-05", "start", map[string]string{
		"content/directions/growth.md":  direction("p1", "validate"),
		"content/signals/signups.md":    signal(50),
		"content/initiatives/launch.md": ini("validate", "See [[growth]] and ![a](../img/a.png).\n"),
		"content/img/a.png":             "png",
		"README.md":                     "not content",
	})
	r.commit("2026-01-06", "ease", map[string]string{"content/signals/signups.md": signal(40), "content/img/b.png": "png"})
	r.commit("2026-01-07", "revert", map[string]string{"content/signals/signups.md": signal(50)})
	r.move("content/initiatives/launch.md", "content/initiatives/2026/launch.md")
	r.commit("2026-01-08", "move, drop an asset", map[string]string{"content/img/a.png": ""})
	if err := os.Chmod(filepath.Join(r.dir, "content/directions/growth.md"), 0o755); err != nil {
		t.Fatal(err)
	}
	r.commit("2026-01-09", "mode only", nil)
	r.commit("2026-01-09", "body only", map[string]string{"content/initiatives/2026/launch.md": ini("validate", "See [[growth]], again.\n")})
	r.commit("2026-01-10", "advance, hide", map[string]string{
		"content/initiatives/2026/launch.md": ini("execute", "See [[growth]], again.\n"),
		"content/.drafts/x.md":               ini("validate", ""),
		"README.md":                          "still not content",
	})
	r.move("content/signals/signups.md", "content/signals/sign-ups.md")
	r.commit("2026-01-11", "rename the id", nil)
	r.commit("2026-01-12", "ease back, drop", map[string]string{"content/signals/sign-ups.md": "", "content/directions/growth.md": direction("p2", "validate")})
	r.commit("2026-01-13", "restore", map[string]string{"content/signals/signups.md": signal(40)})
	return r.dir
}

// num writes a number of an event, "-" for none.
func num(f *float64) string {
	if f == nil {
		return "-"
	}
	return fmt.Sprint(*f)
}
