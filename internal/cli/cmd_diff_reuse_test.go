package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/build"
	"github.com/bearing-dev/bearing/internal/gen"
	"github.com/bearing-dev/bearing/internal/testtool"
)

// TestDiffReuse: checking diff's second side with the first side's
// parses (build.CheckReusing) finds what checking it from nothing finds,
// for revisions 1 to 60 commits apart on a generated history (stages,
// statuses, targets, renames, files added and removed) and for the
// working tree with an edit and a new file.
func TestDiffReuse(t *testing.T) {
	testtool.Path(t, "git", "apt-get install git")
	dir := filepath.Join(t.TempDir(), "pb")
	if err := (gen.History{Files: 60, Commits: 120, Seed: 3}).WriteRepo(dir); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	day := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	same := func(t *testing.T, reused, fresh *side) {
		t.Helper()
		if !reflect.DeepEqual(reused.res.Diags, fresh.res.Diags) {
			t.Errorf("diagnostics differ: reused %d, fresh %d\nreused: %v\nfresh:  %v", len(reused.res.Diags), len(fresh.res.Diags), reused.res.Diags, fresh.res.Diags)
		}
		if len(reused.res.Docs) != len(fresh.res.Docs) {
			t.Errorf("%d documents reused; %d fresh", len(reused.res.Docs), len(fresh.res.Docs))
		}
	}
	for _, back := range []int{1, 5, 20, 60} {
		t.Run(fmt.Sprintf("HEAD~%d..HEAD", back), func(t *testing.T) {
			old, err := revisionSide(ctx, dir, fmt.Sprintf("HEAD~%d", back), day, nil)
			if err != nil {
				t.Fatal(err)
			}
			reused, err := revisionSide(ctx, dir, "HEAD", day, old)
			if err != nil {
				t.Fatal(err)
			}
			fresh, err := revisionSide(ctx, dir, "HEAD", day, nil)
			if err != nil {
				t.Fatal(err)
			}
			same(t, reused, fresh)
			if a, b := compareSides(old, reused), compareSides(old, fresh); !reflect.DeepEqual(a, b) {
				t.Errorf("diff with reuse:\n%+v\nfrom nothing:\n%+v", a, b)
			}
		})
	}
	t.Run("working tree", func(t *testing.T) {
		old, err := revisionSide(ctx, dir, "HEAD~10", day, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "content", "initiatives", "new-work.md"),
			[]byte("---\ntitle: New work\nadvances: [nowhere]\n---\nBody.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		fsys, closer, err := openPlaybook(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer closer.Close()
		o := build.Options{FS: fsys, Today: day, LinksOnly: true}
		r, err := build.CheckReusing(ctx, o, old.res, changedFrom(old.fs, fsys))
		if err != nil {
			t.Fatal(err)
		}
		f, err := build.Check(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		same(t, &side{fs: fsys, res: r}, &side{fs: fsys, res: f})
	})
}
