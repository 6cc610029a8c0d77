package build

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
	"github.com/bearing-dev/bearing/internal/render"
	"github.com/bearing-dev/bearing/internal/source"
)

// applyFront is the fast path for an edit of n's file, nd its new parse,
// that keeps its id and kind but changes its frontmatter (a title, a
// status, a reference), with or without its body. Rebuilding the graph would
// resolve every link of every page again; instead the last good graph is
// patched in place (model.Graph.Replace) and the playbook is validated
// again. The edited page is rendered at once, from the subgraph it
// shows; the other node pages within reach of the change and the
// aggregate pages, which all show it, are left to the background
// (Update.Pending): in a large playbook they are hundreds of pages. It
// reports false, having changed nothing, when the edit is of another
// kind; the caller then rebuilds the usual way. An edit that leaves
// errors is reported from the patched graph, which the next call restores
// (settle).
func (s *Session) applyFront(ctx context.Context, n *model.Node, nd *document.Document) (*Update, bool, error) {
	good := s.good
	p, od := n.Path, n.Document
	// Whether a draft has a page decides which files the site has, and
	// two pages may claim one file: only a full list of jobs tells.
	if od.Front.Draft != nd.Front.Draft && !s.site.Drafts {
		return nil, false, nil
	}
	assets, ok := s.cachedAssets(good)
	if !ok {
		return nil, false, nil
	}
	g := good.Graph
	// The pages near the node before the edit show its old state. Only
	// the node's own edges and links change, so a path of two steps the
	// new graph lacks runs through the node and ends within two steps of
	// it: this and the new graph's neighbourhoods cover every page that
	// showed or shows the change (see dirtyNodes).
	dirty := nearNodes(g, map[string]bool{p: true})
	if !g.Replace(n, nd) {
		return nil, false, nil
	}
	docs := slices.Clone(good.Docs)
	i, _ := slices.BinarySearchFunc(docs, p, func(d *document.Document, p string) int { return strings.Compare(d.Path, p) })
	docs[i] = nd
	ds := diagnose(good, docs, g, s.opts)
	res := *good
	res.Docs, res.Diags = docs, ds
	if e, _ := diag.Count(ds); e > 0 {
		// Rejected: the site stays, and the edit stays pending until a
		// fix. The next call puts the last good graph back before
		// anything compares with it.
		s.res, s.rejected = &res, &res
		s.undo = func() bool { return g.Replace(n, od) }
		return &Update{Result: &res, Files: s.files}, true, nil
	}

	seeds := diffDiags(good.Diags, ds)
	seeds[p] = true
	maps.Copy(dirty, nearNodes(g, seeds))
	jobs, err := s.r.Jobs(s.renderInput(&res, subgraph(g, map[*model.Node]bool{n: true}), nil))
	if err != nil {
		s.needFull = true
		return nil, true, fmt.Errorf("listing the page of %s: %w", p, err)
	}
	var todo []render.Job
	for _, j := range jobs {
		if j.Node == n {
			todo = append(todo, j)
		}
	}
	in := s.renderInput(&res, g, assets)
	later := &deferred{paths: slices.Clone(s.aggregates), jobs: func() ([]render.Job, error) { return s.r.Jobs(in) }}
	for m := range dirty {
		// The site has a page for every node it shows, and the edit
		// changed no node's visibility, so the pages to render are those
		// the site has.
		if p := render.PagePath(m); m != n && m != g.Home {
			if _, ok := s.files[p]; ok {
				later.paths = append(later.paths, p)
			}
		}
	}
	slices.Sort(later.paths)
	u, err := s.commit(ctx, &res, nil, todo, later)
	return u, true, err
}

// applyOne tries the fast paths for an edit of the one pending file, a
// node's Markdown file, which it reads and parses once for both.
func (s *Session) applyOne(ctx context.Context) (*Update, bool, error) {
	var p string
	for p = range s.pending {
	}
	n := nodeAt(s.good, p)
	if n == nil || !s.onlyPendingDiffer() {
		return nil, false, nil
	}
	nd, err := parseFile(s.fsys, s.good.MD, p)
	if err != nil {
		return nil, false, nil
	}
	if u, ok, err := s.applyBody(ctx, n, nd); err != nil || ok {
		return u, ok, err
	}
	return s.applyFront(ctx, n, nd)
}

// onlyPendingDiffer reports whether the files differ from the last good
// build's only at the pending paths, as the fast paths assume: after a
// good build, or after an edit applyFront rejected. A rejection by check
// may leave files that appeared or vanished without an event out of the
// pending paths.
func (s *Session) onlyPendingDiffer() bool {
	return s.res == s.good || s.res == s.rejected
}

// subgraph returns the part of g that renders the pages of the nodes in
// pages exactly: every page shows nodes at most two steps away (see
// dirtyNodes). One search from all of them at once, so that each node is
// expanded at its distance from the nearest.
func subgraph(g *model.Graph, pages map[*model.Node]bool) *model.Graph {
	near := maps.Clone(pages)
	frontier := slices.Collect(maps.Keys(pages))
	for range 2 {
		var next []*model.Node
		for _, x := range frontier {
			for _, y := range neighboursOf(x) {
				if !near[y] {
					near[y] = true
					next = append(next, y)
				}
			}
		}
		frontier = next
	}
	sub := &model.Graph{ByID: g.ByID, Home: g.Home}
	for _, x := range g.Nodes {
		if near[x] {
			sub.Nodes = append(sub.Nodes, x)
		}
	}
	return sub
}

// renderInput is what rendering res's graph g (the whole graph or a part)
// needs.
func (s *Session) renderInput(res *Result, g *model.Graph, assets []render.File) render.Input {
	return render.Input{Graph: g, Config: res.Config, Diags: res.Diags,
		BaseURL: s.site.BaseURL, Drafts: s.site.Drafts, Today: res.Today, MD: res.MD, Assets: assets}
}

// cachedAssets returns the content assets of res from the cache, or false
// when one is not cached.
func (s *Session) cachedAssets(res *Result) ([]render.File, bool) {
	out := make([]render.File, 0, len(res.Tree.Assets))
	for _, a := range res.Tree.Assets {
		b, ok := s.assets[a]
		if !ok {
			return nil, false
		}
		out = append(out, render.File{Path: source.ContentPath(a), Data: b})
	}
	return out, true
}
