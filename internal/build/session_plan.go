package build

import (
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
	"github.com/bearing-dev/bearing/internal/source"
)

// rebuildPlan is what an incremental rebuild must render.
type rebuildPlan struct {
	// dirty holds the paths of the nodes whose pages must be rendered.
	dirty map[string]bool
	// bodyOnly is true when only Markdown bodies changed: every changed
	// file has the same frontmatter, no node came or went, and the
	// diagnostics are the same. Then aggregate pages, which show
	// frontmatter, stay as they are, except the search index (texts) and
	// the home page when its prose changed.
	bodyOnly bool
	home     bool
	// texts are the search texts that changed, when bodyOnly.
	texts []textChange
	// assets holds the content assets to read again.
	assets map[string]bool
	// assetOut holds the output paths of changed assets.
	assetOut map[string]bool
}

// textChange is a page whose indexed text changed.
type textChange struct{ old, cur string }

// aggregate reports whether a job that is not a node page must be rendered.
func (pl *rebuildPlan) aggregate(out string) bool {
	switch {
	case pl.assetOut[out]:
		return true
	case strings.HasPrefix(out, "theme/"), slices.Contains(siteOnlyFiles, out):
		return false
	case pl.bodyOnly:
		return out == homeFile && pl.home
	}
	return true
}

// plan decides what to render after the pending changes, comparing the
// last good result with res.
func (s *Session) plan(res *Result) *rebuildPlan {
	old := s.good
	pl := &rebuildPlan{dirty: map[string]bool{}, assets: map[string]bool{}, assetOut: map[string]bool{},
		bodyOnly: len(diffDiags(old.Diags, res.Diags)) == 0}
	isAsset := func(t source.Tree, p string) bool {
		_, found := slices.BinarySearch(t.Assets, p)
		return found
	}
	var changedDocs []string
	for p := range s.pending {
		od, nd := docAt(old, p), docAt(res, p)
		switch {
		case od == nil && nd == nil:
			if isAsset(old.Tree, p) || isAsset(res.Tree, p) {
				pl.assets[p] = true
				pl.assetOut[source.ContentPath(p)] = true
			}
			continue // else a folder or an ignored file
		case od == nil || nd == nil || !sameFront(od, nd):
			pl.bodyOnly = false
		}
		changedDocs = append(changedDocs, p)
		if res.Graph.Home != nil && res.Graph.Home.Path == p || old.Graph.Home != nil && old.Graph.Home.Path == p {
			pl.home = true
		}
	}
	if !pl.bodyOnly {
		pl.dirty = dirtyNodes(old, res, slices.Collect(maps.Keys(s.pending)))
		return pl
	}
	// A body shows on its own page; its links decide the backlinks of the
	// pages it links to.
	for _, p := range changedDocs {
		pl.dirty[p] = true
		var texts [2]string
		for i, r := range []*Result{old, res} {
			n := nodeAt(r, p)
			if n == nil {
				continue
			}
			for _, t := range n.Links {
				if t.Node != nil {
					pl.dirty[t.Node.Path] = true
				}
			}
			texts[i] = n.Body.PlainText(searchTextLimit)
		}
		if texts[0] != texts[1] {
			pl.texts = append(pl.texts, textChange{texts[0], texts[1]})
		}
	}
	return pl
}

// docAt returns the document parsed from path p, or nil.
func docAt(r *Result, p string) *document.Document {
	i, found := slices.BinarySearchFunc(r.Docs, p, func(d *document.Document, p string) int { return strings.Compare(d.Path, p) })
	if !found {
		return nil
	}
	return r.Docs[i]
}

// nodeAt returns the node of the file at path p, or nil.
func nodeAt(r *Result, p string) *model.Node {
	d := docAt(r, p)
	if d == nil || !d.Usable() {
		return nil
	}
	if n := r.Graph.ByID[d.ID]; n != nil && n.Path == p {
		return n
	}
	return nil
}

// sameFront reports whether two parses of a file agree on everything but
// the body.
func sameFront(a, b *document.Document) bool {
	return a.Usable() && b.Usable() && a.Kind == b.Kind && a.ID == b.ID && reflect.DeepEqual(a.Front, b.Front)
}

// treeDiff returns the paths in one tree and not the other.
func treeDiff(a, b source.Tree) []string {
	var out []string
	for _, pair := range [][2][]string{{a.Markdown, b.Markdown}, {a.Assets, b.Assets}} {
		x, y := pair[0], pair[1]
		if slices.Equal(x, y) {
			continue
		}
		in := func(list []string, p string) bool { _, ok := slices.BinarySearch(list, p); return ok }
		for _, p := range x {
			if !in(y, p) {
				out = append(out, p)
			}
		}
		for _, p := range y {
			if !in(x, p) {
				out = append(out, p)
			}
		}
	}
	return out
}

// sameDiags reports whether two lists of diagnostics read the same.
func sameDiags(a, b []diag.Diagnostic) bool {
	return slices.EqualFunc(a, b, func(x, y diag.Diagnostic) bool { return x.String() == y.String() })
}

// dirtyNodes returns the paths of nodes whose pages may differ between
// two results: the changed files, nodes whose diagnostics changed, and
// everything within two steps of them in either graph — a page shows its
// neighbours' titles and states and a sub-map reaching two steps out.
func dirtyNodes(old, cur *Result, changed []string) map[string]bool {
	seeds := map[string]bool{}
	for _, p := range changed {
		seeds[p] = true
	}
	for p := range diffDiags(old.Diags, cur.Diags) {
		seeds[p] = true
	}
	dirty := map[string]bool{}
	for _, g := range []*model.Graph{old.Graph, cur.Graph} {
		for n := range nearNodes(g, seeds) {
			dirty[n.Path] = true
		}
	}
	return dirty
}

// nearNodes returns the nodes of g within two steps of the files in
// seeds; a duplicate's file stands for the node that holds its id.
func nearNodes(g *model.Graph, seeds map[string]bool) map[*model.Node]bool {
	frontier := map[*model.Node]bool{}
	for _, n := range g.Nodes {
		if seeds[n.Path] {
			frontier[n] = true
		}
	}
	for _, n := range g.Duplicates {
		if seeds[n.Path] {
			if first := g.ByID[n.ID]; first != nil {
				frontier[first] = true
			}
		}
	}
	for range 2 {
		next := map[*model.Node]bool{}
		for n := range frontier {
			next[n] = true
			for _, m := range neighboursOf(n) {
				next[m] = true
			}
		}
		frontier = next
	}
	return frontier
}

// neighboursOf lists the nodes one step from n: edges both ways and body
// links both ways.
func neighboursOf(n *model.Node) []*model.Node {
	var out []*model.Node
	for _, e := range n.Out {
		out = append(out, e.To)
	}
	for _, e := range n.In {
		out = append(out, e.From)
	}
	for _, t := range n.Links {
		if t.Node != nil {
			out = append(out, t.Node)
		}
	}
	out = append(out, n.LinkedFrom...)
	return out
}

// diffDiags returns the files whose diagnostics differ.
func diffDiags(a, b []diag.Diagnostic) map[string]bool {
	group := func(ds []diag.Diagnostic) map[string][]string {
		m := map[string][]string{}
		for _, d := range ds {
			m[d.Pos.File] = append(m[d.Pos.File], d.String())
		}
		return m
	}
	ga, gb := group(a), group(b)
	out := map[string]bool{}
	for f, x := range ga {
		if !slices.Equal(x, gb[f]) {
			out[f] = true
		}
	}
	for f, x := range gb {
		if !slices.Equal(x, ga[f]) {
			out[f] = true
		}
	}
	return out
}
