package build

import (
	"slices"
	"testing"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
	"github.com/bearing-dev/bearing/internal/render"
)

// TestPlan checks the planner alone, on declarations made up for it: a
// chain of nodes a - b - c - d, their pages (which show their own node,
// the Front and Findings of nodes two steps out and the Links of nodes
// one step out), a second page of c that alone shows the Body of the
// nodes next to it, a home page, a whole-playbook list, a patchable index,
// a page that shows nothing of the content, and a copied asset. Each
// case names the pages the old site lacked (new), so that the pages the
// plan visits are found through the index (pageSet) as in a rebuild.
func TestPlan(t *testing.T) {
	node := func(p string) *model.Node { return &model.Node{Document: &document.Document{Path: p}} }
	a, b, c, d, home := node("a.md"), node("b.md"), node("c.md"), node("d.md"), node("_index.md")
	chain := map[string][]string{"a.md": {"b.md"}, "b.md": {"a.md", "c.md"}, "c.md": {"b.md", "d.md"}, "d.md": {"c.md"}}
	near := func(seeds map[string]bool, steps int) map[string]bool {
		out := map[string]bool{}
		for p := range seeds {
			out[p] = true
		}
		for range steps {
			for p := range setCopy(out) {
				for _, q := range chain[p] {
					out[q] = true
				}
			}
		}
		return out
	}
	nodePage := func(n *model.Node) page {
		return page{n.Path + ".html", render.Shows{Node: n, Own: render.Front | render.Body | render.Findings,
			Near: []render.Reach{{Steps: 2, Parts: render.Front | render.Findings}, {Steps: 1, Parts: render.Links}}}}
	}
	pages := []page{
		{"index.html", render.Shows{Node: home, Own: render.Front | render.Body, All: render.Front | render.Findings}},
		{"list.html", render.Shows{All: render.Front | render.Findings}},
		{"search.json", render.Shows{All: render.Front | render.Body, Patch: render.Body}},
		{"404.html", render.Shows{}},
		{"x.png", render.Shows{File: "content/x.png"}},
		nodePage(a), nodePage(b), nodePage(c), nodePage(d),
		{"c.md.bodies.html", render.Shows{Node: c, Own: render.Front, Near: []render.Reach{{Steps: 1, Parts: render.Body}}}},
	}
	cases := []struct {
		name      string
		parts     map[string]render.Part
		copied    map[string]bool
		new       []string // pages the old site lacks
		patchable bool
		now       []string
		later     []string
		patch     []string // files of search.json's entries
	}{
		{name: "a body edit: its page, the index patched", parts: map[string]render.Part{"a.md": render.Body}, patchable: true,
			now: []string{"a.md.html"}, patch: []string{"a.md"}},
		{name: "a body edit without an index kept", parts: map[string]render.Part{"a.md": render.Body},
			now: []string{"a.md.html"}, later: []string{"search.json"}},
		{name: "a body edit that changes links: backlinks one step out", parts: map[string]render.Part{"b.md": render.Body | render.Links}, patchable: true,
			now: []string{"b.md.html"}, later: []string{"a.md.html", "c.md.bodies.html", "c.md.html"}, patch: []string{"b.md"}},
		{name: "a title edit: two steps out and every view of the whole", parts: map[string]render.Part{"a.md": render.Front | render.Body | render.Links}, patchable: true,
			now: []string{"a.md.html"}, later: []string{"b.md.html", "c.md.html", "index.html", "list.html", "search.json"}},
		{name: "findings of another file", parts: map[string]render.Part{"d.md": render.Findings}, patchable: true,
			now: []string{"d.md.html"}, later: []string{"b.md.html", "c.md.html", "index.html", "list.html"}},
		{name: "findings of a file with no node", parts: map[string]render.Part{"bearing.yaml": render.Findings},
			later: []string{"index.html", "list.html"}},
		{name: "the home page's prose", parts: map[string]render.Part{"_index.md": render.Body}, patchable: true,
			later: []string{"index.html"}, patch: []string{"_index.md"}},
		{name: "an asset", copied: map[string]bool{"content/x.png": true},
			now: []string{"x.png"}},
		{name: "a new page", parts: map[string]render.Part{"d.md": render.Front | render.Body | render.Links}, new: []string{"d.md.html"},
			now: []string{"d.md.html"}, later: []string{"b.md.html", "c.md.bodies.html", "c.md.html", "index.html", "list.html", "search.json"}},
		{name: "new pages of unchanged nodes and of nothing", new: []string{"404.html", "b.md.html"},
			now: []string{"404.html", "b.md.html"}},
		{name: "a body edit next to c: the one page that shows it", parts: map[string]render.Part{"d.md": render.Body},
			now: []string{"d.md.html"}, later: []string{"c.md.bodies.html", "search.json"}},
		{name: "a title edit of the node with two pages", parts: map[string]render.Part{"c.md": render.Front | render.Body | render.Links}, patchable: true,
			now: []string{"c.md.bodies.html", "c.md.html"}, later: []string{"a.md.html", "b.md.html", "d.md.html", "index.html", "list.html", "search.json"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ch := change{parts: tc.parts, copied: tc.copied, near: near}
			if ch.parts == nil {
				ch.parts = map[string]render.Part{}
			}
			cur := indexPages(pages)
			old := cur // the same pages, as after a patch
			if tc.new != nil {
				old = indexPages(slices.DeleteFunc(slices.Clone(pages), func(pg page) bool { return slices.Contains(tc.new, pg.path) }))
			}
			pl := plan(old, cur, func(string) bool { return tc.patchable }, ch)
			if !slices.Equal(pl.now, tc.now) || !slices.Equal(pl.later, tc.later) || !slices.Equal(pl.patch["search.json"], tc.patch) || len(pl.patch) > 1 {
				t.Errorf("got now %v, later %v, patch %v; want now %v, later %v, patch search.json %v", pl.now, pl.later, pl.patch, tc.now, tc.later, tc.patch)
			}
		})
	}
}

// setCopy returns a copy of a set, to range over while adding to it.
func setCopy(s map[string]bool) map[string]bool {
	out := make(map[string]bool, len(s))
	for k := range s {
		out[k] = true
	}
	return out
}
