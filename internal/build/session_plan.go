package build

import (
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
	"github.com/bearing-dev/bearing/internal/render"
	"github.com/bearing-dev/bearing/internal/source"
)

// page is what the planner knows of one output file: its path and what
// its render job declared it shows.
type page struct {
	path  string
	shows render.Shows
}

// pageSet is the pages of one site, indexed for the planner: by the node
// each is about, with the views of the whole playbook and the copies of
// playbook files listed apart, so that a plan visits the pages a change
// can reach instead of every page of the site. It is never changed once
// made.
type pageSet struct {
	pages []page
	// at holds each page's index in pages, by path.
	at map[string]int
	// byNode lists, by the file of its node, the pages about a node
	// that are not views of the whole playbook.
	byNode map[string][]int
	// whole lists the views of the whole playbook (Shows.All set).
	whole []int
	// byFile lists, by playbook file, the pages that copy it.
	byFile map[string][]int
	// reaches are the distinct reaches the pages of byNode declare.
	reaches []render.Reach
	// steps is the farthest any page reaches from its node.
	steps int
}

// pagesOf returns the declarations of jobs, indexed.
func pagesOf(jobs []render.Job) *pageSet {
	pages := make([]page, len(jobs))
	for i, j := range jobs {
		pages[i] = page{j.Path, j.Shows()}
	}
	return indexPages(pages)
}

// indexPages indexes pages for plan.
func indexPages(pages []page) *pageSet {
	ps := &pageSet{pages: pages, at: make(map[string]int, len(pages)), byNode: make(map[string][]int, len(pages)), byFile: map[string][]int{}}
	for i, pg := range pages {
		sh := pg.shows
		ps.at[pg.path] = i
		switch {
		case sh.All != 0:
			ps.whole = append(ps.whole, i)
		case sh.Node != nil:
			ps.byNode[sh.Node.Path] = append(ps.byNode[sh.Node.Path], i)
			for _, r := range sh.Near {
				if !slices.Contains(ps.reaches, r) {
					ps.reaches = append(ps.reaches, r)
				}
			}
		}
		if sh.File != "" {
			ps.byFile[sh.File] = append(ps.byFile[sh.File], i)
		}
		ps.steps = max(ps.steps, sh.Steps())
	}
	return ps
}

// page returns the page at path p, if the set has one.
func (ps *pageSet) page(p string) (page, bool) {
	i, ok := ps.at[p]
	if !ok {
		return page{}, false
	}
	return ps.pages[i], true
}

// change is what differs between two snapshots of a playbook.
type change struct {
	// parts holds, by file, the parts of its node that changed; a file
	// with no node in either snapshot (a parse failure, the
	// configuration) has only its Findings here.
	parts map[string]render.Part
	// copied holds the changed files that outputs copy (content assets).
	copied map[string]bool
	// near returns the paths of the nodes within steps of the nodes of
	// the files in seeds, in either snapshot.
	near func(seeds map[string]bool, steps int) map[string]bool
}

// rebuild is a plan: which files of the new site to render, and when.
// Every other file of the new site is the old site's, unchanged.
type rebuild struct {
	// now are the files to render before the update is returned: new
	// files, copies of changed files, and pages about a changed node.
	now []string
	// later are the files the old site has that can be rendered after
	// the update is returned (Update.Pending): views of the whole
	// playbook and pages near a change.
	later []string
	// patch holds the index files (render.Index) to patch now, with the
	// nodes whose entries to make again.
	patch map[string][]string
}

// plan decides what to render of the pages of the new site, cur, after
// ch, given the pages of the old site, old (cur itself when the two sites
// have the same pages), and which of them it can patch (an index kept
// from its render). It reads nothing but its arguments.
//
// A page is rendered when it is new, when it copies a changed file, or
// when a part it declares it shows changed: of its own node, of a node
// within its reach, or of any node for a view of the whole playbook. An
// index whose changes are all of parts it can patch is patched instead.
// Only those pages are visited: the pages of the changed nodes and of the
// nodes within reach of them, the views of the whole playbook, the copies
// of changed files and, when the sites differ, the new pages.
func plan(old, cur *pageSet, patchable func(path string) bool, ch change) rebuild {
	var all render.Part
	for _, p := range ch.parts {
		all |= p
	}
	// The nodes within reach of a change, by declared reach: a short
	// list, searched for each page without hashing.
	type reachedBy struct {
		r     render.Reach
		nodes map[string]bool
	}
	var reached []reachedBy
	find := func(r render.Reach) map[string]bool {
		for _, x := range reached {
			if x.r == r {
				return x.nodes
			}
		}
		seeds := map[string]bool{}
		for f, p := range ch.parts {
			if p&r.Parts != 0 {
				seeds[f] = true
			}
		}
		x := reachedBy{r: r}
		if len(seeds) > 0 {
			x.nodes = ch.near(seeds, r.Steps)
		}
		reached = append(reached, x)
		return x.nodes
	}
	pl := rebuild{patch: map[string][]string{}}
	seen := map[int]bool{}
	visit := func(i int) {
		if seen[i] {
			return
		}
		seen[i] = true
		pg := cur.pages[i]
		sh := pg.shows
		if _, had := old.at[pg.path]; !had || sh.File != "" && ch.copied[sh.File] {
			pl.now = append(pl.now, pg.path)
			return
		}
		if sh.All&all != 0 {
			if nodes, ok := patchOnly(sh, ch.parts); ok && patchable(pg.path) {
				pl.patch[pg.path] = nodes
			} else {
				pl.later = append(pl.later, pg.path)
			}
			return
		}
		if sh.Node == nil {
			return
		}
		if sh.Own&ch.parts[sh.Node.Path] != 0 {
			if sh.All != 0 {
				pl.later = append(pl.later, pg.path) // the home page: a view of the whole
			} else {
				pl.now = append(pl.now, pg.path)
			}
			return
		}
		for _, r := range sh.Near {
			if near := find(r); near != nil && near[sh.Node.Path] {
				pl.later = append(pl.later, pg.path)
				return
			}
		}
	}
	if old != cur {
		for i, pg := range cur.pages {
			if _, had := old.at[pg.path]; !had {
				visit(i)
			}
		}
	}
	for f := range ch.copied {
		for _, i := range cur.byFile[f] {
			visit(i)
		}
	}
	for _, i := range cur.whole {
		visit(i)
	}
	for f := range ch.parts {
		for _, i := range cur.byNode[f] {
			visit(i)
		}
	}
	for _, r := range cur.reaches {
		for f := range find(r) {
			for _, i := range cur.byNode[f] {
				visit(i)
			}
		}
	}
	slices.Sort(pl.now)
	slices.Sort(pl.later)
	return pl
}

// patchOnly returns, sorted, the files whose changes an index that shows
// sh must take, when each of those changes is confined to the parts sh
// can patch.
func patchOnly(sh render.Shows, parts map[string]render.Part) ([]string, bool) {
	if sh.Patch == 0 {
		return nil, false
	}
	var files []string
	for f, p := range parts {
		switch shown := p & sh.All; {
		case shown == 0:
		case shown&^sh.Patch != 0:
			return nil, false
		default:
			files = append(files, f)
		}
	}
	slices.Sort(files)
	return files, true
}

// diff returns what differs between two checked playbooks at the changed
// paths and, beyond them, in their diagnostics.
func diff(old, cur *Result, changed map[string]bool) change {
	ch := change{parts: map[string]render.Part{}, copied: map[string]bool{}, near: func(seeds map[string]bool, steps int) map[string]bool {
		out := paths(model.Near(nodesOf(old, seeds), steps))
		maps.Copy(out, paths(model.Near(nodesOf(cur, seeds), steps)))
		return out
	}}
	isAsset := func(t source.Tree, p string) bool {
		_, found := slices.BinarySearch(t.Assets, p)
		return found
	}
	for p := range changed {
		od, nd := docAt(old, p), docAt(cur, p)
		switch {
		case od == nil && nd == nil:
			if isAsset(old.Tree, p) || isAsset(cur.Tree, p) {
				ch.copied[p] = true
			}
		case od == nil || nd == nil || !sameFront(od, nd):
			ch.parts[p] |= render.Front | render.Body | render.Links
		default:
			ch.parts[p] |= render.Body
			if on, cn := nodeAt(old, p), nodeAt(cur, p); on == nil || cn == nil || !sameLinks(on.Links, cn.Links) {
				ch.parts[p] |= render.Links
			}
		}
	}
	for f := range diffDiags(old.Diags, cur.Diags) {
		ch.parts[f] |= render.Findings
	}
	historyParts(old, cur, ch.parts)
	return ch
}

// nodesOf returns the nodes of the files in paths; a duplicate's file
// stands for the node that holds its id.
func nodesOf(r *Result, paths map[string]bool) []*model.Node {
	var out []*model.Node
	for p := range paths {
		if d := docAt(r, p); d != nil && d.Usable() {
			if n := r.Graph.ByID[d.ID]; n != nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// paths returns the files of nodes.
func paths(nodes map[*model.Node]bool) map[string]bool {
	out := make(map[string]bool, len(nodes))
	for n := range nodes {
		out[n.Path] = true
	}
	return out
}

// sameLinks reports whether two resolutions of a body's links lead to the
// same places.
func sameLinks(a, b []*model.LinkTarget) bool {
	return slices.EqualFunc(a, b, func(x, y *model.LinkTarget) bool {
		node := func(t *model.LinkTarget) string {
			if t.Node == nil {
				return ""
			}
			return t.Node.Path
		}
		return node(x) == node(y) && x.Fragment == y.Fragment && x.Asset == y.Asset &&
			x.External == y.External && x.Broken == y.Broken && x.Unread == y.Unread
	})
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
