package history

import (
	"context"
	"testing"

	"github.com/bearing-dev/bearing/internal/gen"
	"github.com/bearing-dev/bearing/internal/model"
	"github.com/bearing-dev/bearing/internal/testtool"
)

// TestPatchedGraphs reads a generated history, in which commits edit,
// add, remove and rename files, and checks that every snapshot's graph,
// patched in place from the one before where it can be, is the graph
// Build makes of the snapshot's files; and that most commits that add or
// remove files were patched, not built anew.
func TestPatchedGraphs(t *testing.T) {
	testtool.Path(t, "git", "apt-get install git")
	dir := t.TempDir()
	if err := (gen.History{Files: 120, Commits: 300, Seed: 5}).WriteRepo(dir); err != nil {
		t.Fatal(err)
	}
	o := readOpts(dir)
	var last *model.Graph
	lastCount, structural, patched := 0, 0, 0
	o.Visit = func(s *Snapshot) error {
		want := model.Build(s.Docs, nil)
		if got, w := s.Graph.Describe(), want.Describe(); got != w {
			t.Fatalf("commit %d (%s): the patched graph differs from a build:\n%s", s.Index, s.Commit.Subject, testtool.FirstDiff([]byte(got), []byte(w)))
		}
		if s.Index > 0 && len(s.Docs) != lastCount {
			structural++
			if s.Graph == last {
				patched++
			}
		}
		last, lastCount = s.Graph, len(s.Docs)
		return nil
	}
	if _, err := Read(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	if structural < 20 || patched < structural*3/4 {
		t.Errorf("%d of %d commits that add or remove files patched the graph; want 20 such commits at least, 3 in 4 patched", patched, structural)
	}
}

// TestPatchedEdgeGraphs checks every snapshot of the edge histories, on
// one goroutine and on two, against Build: files that could not be read
// removed or mended, links to a page's URL taken or left, ids renamed,
// removed and taken again, symbolic links, duplicates.
func TestPatchedEdgeGraphs(t *testing.T) {
	for _, h := range testtool.EdgeHistories {
		t.Run(h.Name, func(t *testing.T) {
			dir := t.TempDir()
			h.Write(t, dir)
			for _, ahead := range []int{0, aheadSteps} {
				o := readOpts(dir)
				n := 0
				o.Visit = func(s *Snapshot) error {
					n++
					if got, want := s.Graph.Describe(), model.Build(s.Docs, nil).Describe(); got != want {
						t.Errorf("ahead %d, commit %d: the patched graph differs from a build:\n%s", ahead, s.Index, testtool.FirstDiff([]byte(got), []byte(want)))
					}
					return nil
				}
				if _, err := read(context.Background(), o, ahead); err != nil {
					t.Fatal(err)
				}
				if n != len(h.Commits) {
					t.Errorf("ahead %d: visited %d commits; want %d", ahead, n, len(h.Commits))
				}
			}
		})
	}
}
