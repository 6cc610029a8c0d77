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
		got, want := judge(s), build.Judge(c)(s)
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
