package history

import (
	"context"
	"fmt"
	"strings"
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
		if got, w := describe(s.Graph), describe(want); got != w {
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
					if got, want := describe(s.Graph), describe(model.Build(s.Docs, nil)); got != want {
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

// describe writes out what Build derives, one fact a line.
func describe(g *model.Graph) string {
	var b strings.Builder
	name := func(n *model.Node) string {
		if n == nil {
			return "<nil>"
		}
		return n.Path
	}
	for _, n := range g.Nodes {
		fmt.Fprintf(&b, "node %s %s %s %q url=%s\n", n.Path, n.Kind, n.ID, n.Title(), n.URL)
		for _, e := range n.Out {
			fmt.Fprintf(&b, "  out %s %s\n", e.Field, name(e.To))
		}
		for _, e := range n.In {
			fmt.Fprintf(&b, "  in %s %s\n", e.Field, name(e.From))
		}
		for _, l := range n.Links {
			fmt.Fprintf(&b, "  link %q node=%s frag=%q asset=%q ext=%v broken=%q unread=%v fallback=%v\n", l.Link.Dest, name(l.Node), l.Fragment, l.Asset, l.External, l.Broken, l.Unread, l.Fallback)
		}
		for _, m := range n.LinkedFrom {
			fmt.Fprintf(&b, "  linked from %s\n", name(m))
		}
	}
	for _, r := range g.Refs {
		fmt.Fprintf(&b, "ref %s %s %q to=%s unread=%v\n", name(r.From), r.Field, r.Item.Value, name(r.To), r.Unread)
	}
	for _, n := range g.Duplicates {
		fmt.Fprintf(&b, "duplicate %s\n", n.Path)
	}
	fmt.Fprintf(&b, "home %s\n", name(g.Home))
	for _, id := range g.IDs() {
		fmt.Fprintf(&b, "id %s %s\n", id, name(g.ByID[id]))
	}
	return b.String()
}
