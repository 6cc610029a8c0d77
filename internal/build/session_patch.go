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
	"github.com/bearing-dev/bearing/internal/validate"
)

// applyPatch makes the next snapshot by patching the last good graph in
// place with the new parse of the one pending file, a node's that keeps
// its id and kind (model.Graph.Replace), instead of checking the whole
// playbook again, and executes the plan from it. Checking 10,000 files
// takes over 200 ms even reusing their parses; this takes a few. The
// playbook is validated again only when the frontmatter, the file's own
// diagnostics or a link could change what validate finds, and then only
// around the file (validate.Findings.Again). An edit that
// leaves errors is rejected with the graph put back. It reports false,
// having changed nothing, when the edit is of another kind; the caller
// then checks the playbook.
func (s *Session) applyPatch(ctx context.Context) (*Update, bool, error) {
	var p string
	for p = range s.pending {
	}
	old := s.good
	n := nodeAt(old.res, p)
	if n == nil {
		return nil, false, nil
	}
	nd, err := parseFile(s.fsys, old.res.MD, p)
	if err != nil {
		return nil, false, nil
	}
	od := n.Document
	front := !sameFront(od, nd)
	// Whether a draft has a page decides which files the site has, and
	// two pages may claim one file: only a full list of jobs tells.
	if front && od.Front.Draft != nd.Front.Draft && !s.site.Drafts {
		return nil, false, nil
	}
	if n == old.res.Graph.Home && front {
		return nil, false, nil // the home node's frontmatter titles the site
	}
	g := old.res.Graph
	// What was near n before the edit: only n's edges and links change,
	// so a path the new graph lacks runs through n, and ends within as
	// many steps of it as it had left.
	before := map[int]map[string]bool{}
	for _, r := range old.pages.reaches {
		if before[r.Steps] == nil {
			before[r.Steps] = paths(model.Near([]*model.Node{n}, r.Steps))
		}
	}
	oldLinks := n.Links
	if !g.Replace(n, nd) {
		return nil, false, nil
	}
	res := *old.res
	res.Docs = slices.Clone(old.res.Docs)
	i, _ := slices.BinarySearchFunc(res.Docs, p, func(d *document.Document, p string) int { return strings.Compare(d.Path, p) })
	res.Docs[i] = nd
	if front || !sameDiags(od.Diags, nd.Diags) || !sameHeadings(n, od, nd) ||
		slices.ContainsFunc(n.Links, func(t *model.LinkTarget) bool { return t.Broken != "" }) {
		res.findings = old.res.findings.Again(g, rulesOptions(&res, s.opts), validate.Around(g, n, od))
		res.Diags = judged(&res, res.Docs, s.opts)
	}
	if e, _ := diag.Count(res.Diags); e > 0 {
		// Rejected: the site and the graph stay, and the edit stays
		// pending until a fix.
		if !g.Replace(n, od) {
			s.needFull = true // cannot happen: od was n's document
		}
		s.last = &res
		return &Update{Result: &res, Files: old.files}, true, nil
	}

	ch := change{parts: map[string]render.Part{}, near: func(seeds map[string]bool, steps int) map[string]bool {
		out := paths(model.Near(nodesOf(&res, seeds), steps))
		maps.Copy(out, before[steps])
		return out
	}}
	switch {
	case front:
		ch.parts[p] = render.Front | render.Body | render.Links
	case !sameLinks(oldLinks, n.Links):
		ch.parts[p] = render.Body | render.Links
	default:
		ch.parts[p] = render.Body
	}
	for f := range diffDiags(old.res.Diags, res.Diags) {
		ch.parts[f] |= render.Findings
	}
	// The patched site has the same files as the last.
	pl := plan(old.pages, old.pages, old.canPatch, ch)
	now := map[*model.Node]bool{}
	for _, p := range pl.now {
		pg, _ := old.pages.page(p)
		if pg.shows.Node == nil || pg.shows.All != 0 {
			s.needFull = true // cannot happen: the patched site has the same files
			return nil, true, fmt.Errorf("rendering %s: not the page of a node", p)
		}
		now[pg.shows.Node] = true
	}
	cur := &snapshot{res: &res, pages: old.pages, assets: old.assets}
	jobs, err := s.r.Jobs(s.renderInput(&res, subgraph(g, now, old.pages.steps), nil))
	if err != nil {
		s.needFull = true
		return nil, true, fmt.Errorf("listing the pages of %s: %w", p, err)
	}
	assets := make([]render.File, 0, len(res.Tree.Assets))
	for _, a := range res.Tree.Assets {
		assets = append(assets, render.File{Path: source.ContentPath(a), Data: old.assets[a]})
	}
	in := s.renderInput(&res, g, assets)
	u, err := s.execute(ctx, old, cur, jobs, pl, func() ([]render.Job, error) { return s.r.Jobs(in) })
	return u, true, err
}

// sameHeadings reports whether the links of other pages to headings of
// n's page resolve under its new document nd as under od: else their
// diagnostics change.
func sameHeadings(n *model.Node, od, nd *document.Document) bool {
	for _, m := range n.LinkedFrom {
		for _, t := range m.Links {
			if t.Node == n && t.Fragment != "" && od.Body.HasHeading(t.Fragment) != nd.Body.HasHeading(t.Fragment) {
				return false
			}
		}
	}
	return true
}

// subgraph returns the part of g that renders the pages of the nodes in
// pages exactly: the nodes within steps of them, steps being the
// farthest any page declares it reaches (render.Shows.Steps).
func subgraph(g *model.Graph, pages map[*model.Node]bool, steps int) *model.Graph {
	near := model.Near(slices.Collect(maps.Keys(pages)), steps)
	sub := &model.Graph{ByID: g.ByID, Home: g.Home}
	for _, x := range g.Nodes {
		if near[x] {
			sub.Nodes = append(sub.Nodes, x)
		}
	}
	return sub
}
