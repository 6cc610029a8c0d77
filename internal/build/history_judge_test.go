package build_test

import (
	"context"
	"slices"
	"testing"

	"github.com/bearing-dev/bearing/internal/build"
	"github.com/bearing-dev/bearing/internal/config"
	"github.com/bearing-dev/bearing/internal/gen"
	"github.com/bearing-dev/bearing/internal/history"
	"github.com/bearing-dev/bearing/internal/markdown"
	"github.com/bearing-dev/bearing/internal/model"
	"github.com/bearing-dev/bearing/internal/testtool"
)

// TestJudgePatches reads a generated history whose commits edit
// frontmatter (stages, statuses, assumptions, targets, initiatives moved,
// added and dropped) and checks that a judge, which finds again only
// around what each commit edited, finds at every commit what a judge
// that has judged nothing before finds.
func TestJudgePatches(t *testing.T) {
	testtool.Path(t, "git", "apt-get install git")
	dir := t.TempDir()
	if err := (gen.History{Files: 120, Commits: 300, Seed: 3}).WriteRepo(dir); err != nil {
		t.Fatal(err)
	}
	c := config.Default()
	judge := build.Judge(c)
	judged, found := 0, 0
	_, err := history.Read(context.Background(), history.Options{Dir: dir, MD: markdown.New(markdown.Options{LinksOnly: true}), Judge: func(s *history.Snapshot) []history.Finding {
		built := *s
		built.Graph = model.Build(s.Docs, nil) // the patched graph may be wrong too
		got, want := judge(s), build.Judge(c)(&built)
		if !slices.Equal(got, want) {
			t.Errorf("commit %d (%s): judged\n%v\nwant\n%v", s.Index, s.Commit.Subject, got, want)
		}
		judged++
		found += len(got)
		return got
	}})
	if err != nil {
		t.Fatal(err)
	}
	if judged < 100 || found == 0 {
		t.Errorf("judged %d commits, finding %d in all; want at least 100 commits and some findings", judged, found)
	}
}

// TestJudgePatchesEdges checks a patching judge against a judge of a graph
// built anew, snapshot by snapshot, on the edge histories: where a
// patched graph or the nodes judged again around a change are most
// easily wrong.
func TestJudgePatchesEdges(t *testing.T) {
	c := config.Default()
	for _, h := range testtool.EdgeHistories {
		t.Run(h.Name, func(t *testing.T) {
			dir := t.TempDir()
			h.Write(t, dir)
			judge := build.Judge(c)
			judged := 0
			_, err := history.Read(context.Background(), history.Options{Dir: dir, MD: markdown.New(markdown.Options{LinksOnly: true}), Judge: func(s *history.Snapshot) []history.Finding {
				got := judge(s)
				built := *s
				built.Graph = model.Build(s.Docs, nil)
				if want := build.Judge(c)(&built); !slices.Equal(got, want) {
					t.Errorf("commit %d: judged\n%v\nwant\n%v", s.Index, got, want)
				}
				judged++
				return got
			}})
			if err != nil {
				t.Fatal(err)
			}
			if judged != len(h.Commits) {
				t.Errorf("judged %d commits; want %d", judged, len(h.Commits))
			}
		})
	}
}
