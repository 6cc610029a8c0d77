package model

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/markdown"
	"github.com/bearing-dev/bearing/internal/source"
	"github.com/bearing-dev/bearing/internal/testtool"
)

// replaceFixture is a small playbook whose files are rewritten at random.
type replaceFixture struct {
	md    *markdown.Engine
	rng   *rand.Rand
	files map[string]string
	paths []string
}

func (f *replaceFixture) parse(p string) *document.Document {
	return document.Parse(f.md, p, source.ContentPath(p), []byte(f.files[p]))
}

func (f *replaceFixture) docs() []*document.Document {
	var out []*document.Document
	for _, p := range f.paths {
		out = append(out, f.parse(p))
	}
	return out
}

func (f *replaceFixture) pick(list ...string) string { return list[f.rng.IntN(len(list))] }

// file writes a random version of the file at p, keeping its kind and id.
func (f *replaceFixture) file(p string, seq int) string {
	var b strings.Builder
	b.WriteString("---\n")
	title := f.pick("Alpha", "beta", "Gamma", "delta", "Alpha")
	fmt.Fprintf(&b, "title: %s %d\n", title, f.rng.IntN(3))
	if f.rng.IntN(3) == 0 {
		fmt.Fprintf(&b, "weight: %d\n", f.rng.IntN(3)-1)
	}
	dirs := []string{"d1", "d2", "d3", "nope"}
	inits := []string{"i1", "i2", "i3", "i4"}
	sigs := []string{"s1", "s2", "nope"}
	some := func(ids []string) string {
		var out []string
		for _, id := range ids {
			if f.rng.IntN(3) == 0 {
				out = append(out, id)
			}
		}
		return "[" + strings.Join(out, ", ") + "]"
	}
	switch {
	case strings.HasPrefix(p, "content/initiatives/"):
		fmt.Fprintf(&b, "advances: %s\nsignals: %s\ndepends_on: %s\n", some(dirs), some(sigs), some(inits))
	case strings.HasPrefix(p, "content/signals/"):
		fmt.Fprintf(&b, "measures: %s\n", some(append(dirs, inits...)))
	case strings.HasPrefix(p, "content/reviews/"):
		fmt.Fprintf(&b, "date: 2024-01-01\nreviews: %s\n", some(dirs))
		if f.rng.IntN(2) == 0 {
			b.WriteString("decisions:\n  d1: continue\n")
		}
	}
	b.WriteString("---\n\n")
	if f.rng.IntN(2) == 0 {
		b.WriteString("## Top\n\nText.\n\n")
	}
	if f.rng.IntN(2) == 0 {
		b.WriteString("## Other\n\nMore.\n\n")
	}
	for range f.rng.IntN(4) {
		id := f.pick("d1", "d2", "i1", "i3", "s1", "p1", "home", "missing")
		switch f.rng.IntN(4) {
		case 0:
			fmt.Fprintf(&b, "See [[%s]] (%d).\n\n", id, seq)
		case 1:
			fmt.Fprintf(&b, "See [[%s#top]].\n\n", id)
		case 2:
			fmt.Fprintf(&b, "See [the page](%s).\n\n", f.pick("../directions/d2.md", "../directions/d1.md#other", "#top", "../pages/p1.md", "../initiatives/i2.md", "../pages/foo", "../pages/foo#top"))
		default:
			fmt.Fprintf(&b, "Plain text %d.\n\n", seq)
		}
	}
	return b.String()
}

// TestReplaceEqualsBuild rewrites one file at a time at random and checks
// that Graph.Replace leaves the graph Build makes from the new files.
func TestReplaceEqualsBuild(t *testing.T) {
	for seed := range uint64(20) {
		f := &replaceFixture{md: markdown.New(markdown.Options{}), rng: rand.New(rand.NewPCG(seed, 7)), files: map[string]string{}}
		for _, p := range []string{
			"content/_index.md",
			"content/directions/d1.md", "content/directions/d2.md", "content/directions/d3.md",
			"content/initiatives/i1.md", "content/initiatives/i2.md", "content/initiatives/i3.md", "content/initiatives/i4.md",
			"content/signals/s1.md", "content/signals/s2.md",
			"content/reviews/r1.md",
			"content/pages/p1.md", "content/pages/p1-copy.md",
		} {
			f.paths = append(f.paths, p)
			f.files[p] = f.file(p, 0)
		}
		// A duplicate id: Replace must refuse the second file, and may
		// patch the first.
		f.files["content/pages/p1-copy.md"] = "---\nid: p1\ntitle: Copy\n---\n\nSee [[d1]].\n"
		slices.Sort(f.paths)
		g := Build(f.docs(), []string{"content/pages/file.txt"})
		replaced := 0
		for round := range 60 {
			p := f.pick(f.paths...)
			f.files[p] = f.file(p, round)
			d := f.parse(p)
			var n *Node
			for _, x := range append(slices.Clone(g.Nodes), g.Duplicates...) {
				if x.Path == p {
					n = x
				}
			}
			want := Build(f.docs(), []string{"content/pages/file.txt"})
			mayRefuse := slices.Contains(g.Duplicates, n) || d.ID != n.ID
			if !g.Replace(n, d) {
				if !mayRefuse {
					t.Fatalf("seed %d round %d: Replace(%s) refused", seed, round, p)
				}
				g = want
				continue
			}
			if mayRefuse {
				t.Fatalf("seed %d round %d: Replace(%s) accepted a duplicate or a new id", seed, round, p)
			}
			replaced++
			if got, want := g.Describe(), want.Describe(); got != want {
				t.Fatalf("seed %d round %d: after replacing %s:\n%s", seed, round, p, testtool.FirstDiff([]byte(got), []byte(want)))
			}
		}
		if replaced == 0 {
			t.Fatalf("seed %d: nothing replaced", seed)
		}
	}
}

func TestReplaceRefuses(t *testing.T) {
	md := markdown.New(markdown.Options{})
	parse := func(p, s string) *document.Document {
		return document.Parse(md, p, source.ContentPath(p), []byte(s))
	}
	docs := []*document.Document{
		parse("content/directions/d1.md", "---\ntitle: D1\n---\n"),
		parse("content/pages/a.md", "---\ntitle: A\n---\n"),
		parse("content/pages/b.md", "---\nid: a\ntitle: B\n---\n"),
	}
	g := Build(docs, nil)
	before := g.Describe()
	for _, c := range []struct {
		name string
		n    *Node
		d    *document.Document
	}{
		{"another id", g.ByID["a"], parse("content/pages/a.md", "---\nid: c\ntitle: A\n---\n")},
		{"another kind", g.ByID["d1"], parse("content/directions/d1.md", "---\nkind: page\ntitle: D1\n---\n")},
		{"another path", g.ByID["a"], parse("content/pages/c.md", "---\nid: a\ntitle: A\n---\n")},
		{"unusable", g.ByID["a"], parse("content/pages/a.md", "---\ntitle: [\n---\n")},
		{"a duplicate", g.Duplicates[0], parse("content/pages/b.md", "---\nid: a\ntitle: B2\n---\n")},
	} {
		if g.Replace(c.n, c.d) {
			t.Errorf("%s: Replace reported true; want false", c.name)
		}
		if got := g.Describe(); got != before {
			t.Fatalf("%s: a refused Replace changed the graph:\n%s", c.name, testtool.FirstDiff([]byte(got), []byte(before)))
		}
	}
}
