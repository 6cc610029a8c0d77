package model

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/bearing-dev/bearing/internal/markdown"
	"github.com/bearing-dev/bearing/internal/testtool"
)

// TestAddRemoveEqualsBuild adds, removes, renames and rewrites files at
// random and checks that Add, Remove and Replace leave the graph Build
// makes from the files, and that what they refuse changes nothing.
func TestAddRemoveEqualsBuild(t *testing.T) {
	pool := []string{
		"content/_index.md",
		"content/directions/d1.md", "content/directions/d2.md", "content/directions/d3.md",
		"content/directions/nope.md", // named by references that are broken until it comes
		"content/initiatives/i1.md", "content/initiatives/i2.md", "content/initiatives/i3.md", "content/initiatives/i4.md",
		"content/signals/s1.md", "content/signals/s2.md",
		"content/reviews/r1.md",
		"content/pages/p1.md", "content/pages/missing.md", "content/pages/home.md",
		"content/pages/d1.md",     // the id of a direction: a duplicate while both are there
		"content/pages/broken.md", // a file that cannot be read
		// A link to ../pages/foo finds foo.md, else foo/index.md.
		"content/pages/foo.md", "content/pages/foo/index.md",
	}
	const assets = "content/pages/file.txt"
	added, removed := 0, 0
	for seed := range uint64(30) {
		f := &replaceFixture{md: markdown.New(markdown.Options{}), rng: rand.New(rand.NewPCG(seed, 11)), files: map[string]string{}}
		write := func(p string, seq int) {
			switch p {
			case "content/pages/broken.md":
				f.files[p] = "---\ntitle: [\n---\n"
				return
			case "content/pages/foo/index.md":
				f.files[p] = fmt.Sprintf("---\nid: foo-index\ntitle: Foo %d\n---\n\n## Top\n", seq)
				return
			}
			f.files[p] = f.file(p, seq)
		}
		for _, p := range pool {
			if f.rng.IntN(3) > 0 && p != "content/pages/broken.md" && p != "content/pages/d1.md" {
				f.paths = append(f.paths, p)
				write(p, 0)
			}
		}
		slices.Sort(f.paths)
		g := Build(f.docs(), []string{assets})
		for round := range 80 {
			p := f.pick(pool...)
			before := g.Describe()
			have := slices.Contains(f.paths, p)
			var ok bool
			var op string
			switch {
			case have && f.rng.IntN(3) == 0:
				op = "rewrite"
				write(p, round)
				n := g.byPath[p[len("content/"):]]
				if n == nil {
					ok = false
				} else {
					ok = g.Replace(n, f.parse(p))
				}
			case have:
				op = "remove"
				n := g.byPath[p[len("content/"):]]
				ok = n != nil && g.Remove(n)
				i, _ := slices.BinarySearch(f.paths, p)
				f.paths = slices.Delete(f.paths, i, i+1)
				delete(f.files, p)
				if ok {
					removed++
				}
			default:
				op = "add"
				write(p, round)
				ok = g.Add(f.parse(p))
				i, _ := slices.BinarySearch(f.paths, p)
				f.paths = slices.Insert(f.paths, i, p)
				if ok {
					added++
				}
			}
			want := Build(f.docs(), []string{assets})
			if !ok {
				if got := g.Describe(); got != before {
					t.Fatalf("seed %d round %d: a refused %s of %s changed the graph:\n%s", seed, round, op, p, testtool.FirstDiff([]byte(got), []byte(before)))
				}
				if op != "rewrite" && len(want.unreadable) == 0 && len(want.Duplicates) == 0 && len(g.unreadable) == 0 && len(g.Duplicates) == 0 && p != "content/_index.md" {
					t.Fatalf("seed %d round %d: %s of %s refused", seed, round, op, p)
				}
				g = want
				continue
			}
			if got, want := g.Describe(), want.Describe(); got != want {
				t.Fatalf("seed %d round %d: after the %s of %s:\n%s", seed, round, op, p, testtool.FirstDiff([]byte(got), []byte(want)))
			}
		}
	}
	if added < 200 || removed < 200 {
		t.Fatalf("%d files added and %d removed in place; want 200 of each at least", added, removed)
	}
}
