package build

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
	"github.com/bearing-dev/bearing/internal/render"
)

// searchLimitAgrees reports whether the search index cuts texts where
// searchTextLimit says, judged on a page whose text is longer than that.
// Without such a page it cannot tell, and the index is never patched: a
// text that grows past the limit would be cut at the wrong place.
func searchLimitAgrees(res *Result, index []byte, drafts bool) bool {
	for _, n := range res.Graph.Nodes {
		if n.Body == nil || n.Front.Draft && !drafts || len(n.Body.PlainText(0)) <= searchTextLimit+100 {
			continue
		}
		text, err := json.Marshal(n.Body.PlainText(searchTextLimit))
		if err != nil {
			return false
		}
		return bytes.Contains(index, append(append([]byte(`,"text":`), text...), '}'))
	}
	return false
}

// spliceSearch patches the search index's text entries. It reports false
// when an old text is not found exactly once, so that the caller renders
// the index instead: the patch never guesses.
func spliceSearch(index []byte, changes []textChange) ([]byte, bool) {
	out := index
	for _, c := range changes {
		oldJSON, err1 := json.Marshal(c.old)
		curJSON, err2 := json.Marshal(c.cur)
		if err1 != nil || err2 != nil {
			return nil, false
		}
		// Inside a JSON string every quote is escaped, so `,"text":"…"}`
		// only matches the text field that ends an entry.
		pat := append(append([]byte(`,"text":`), oldJSON...), '}')
		i := bytes.Index(out, pat)
		if i < 0 || bytes.Index(out[i+1:], pat) >= 0 {
			return nil, false
		}
		next := make([]byte, 0, len(out)+len(curJSON)-len(oldJSON))
		next = append(next, out[:i+len(`,"text":`)]...)
		next = append(next, curJSON...)
		next = append(next, out[i+len(pat)-1:]...)
		out = next
	}
	return out, true
}

// applyBody is the fast path for an edit of one Markdown file's body.
// When the frontmatter is as it was, every edge and every aggregate page
// but the search index stays the same, so the last good graph is patched
// in place (the node's document, its links, the backlinks of what it links
// to) instead of being rebuilt and validated, and the edited page and the
// pages whose backlinks changed are rendered from a subgraph holding only
// what those pages show. It reports false, having changed nothing, when
// the edit is of another kind or anything about it is unusual; the caller
// then rebuilds the usual way.
func (s *Session) applyBody(ctx context.Context) (*Update, bool, error) {
	var p string
	for p = range s.pending {
	}
	good := s.good
	n := nodeAt(good, p)
	if !s.onlyPendingDiffer() || n == nil || n == good.Graph.Home {
		return nil, false, nil
	}
	od := n.Document
	nd, err := parseFile(s.fsys, good.MD, p)
	if err != nil || !sameFront(od, nd) || !sameDiags(od.Diags, nd.Diags) {
		return nil, false, nil
	}
	links, ok := resolveLinks(good, n, nd)
	if !ok {
		return nil, false, nil
	}
	// Links from other pages to a heading of this one must resolve as
	// before: else their diagnostics change.
	for _, m := range n.LinkedFrom {
		for _, t := range m.Links {
			if t.Node == n && t.Fragment != "" && od.Body.HasHeading(t.Fragment) != nd.Body.HasHeading(t.Fragment) {
				return nil, false, nil
			}
		}
	}
	oldT, newT := linkedNodes(n, n.Links), linkedNodes(n, links)
	dirty := map[*model.Node]bool{n: true}
	for m := range oldT {
		if !newT[m] {
			dirty[m] = true
		}
	}
	for m := range newT {
		if !oldT[m] {
			dirty[m] = true
		}
	}
	if dirty[good.Graph.Home] {
		return nil, false, nil // the home page is an aggregate: render it the usual way
	}
	texts := [2]string{od.Body.PlainText(searchTextLimit), nd.Body.PlainText(searchTextLimit)}
	var made []render.File
	if texts[0] != texts[1] {
		b, ok := spliceSearch(s.files[searchIndexFile], []textChange{{texts[0], texts[1]}})
		if !ok || !s.spliceOK {
			return nil, false, nil
		}
		made = append(made, render.File{Path: searchIndexFile, Data: b})
	}

	// From here on the last good graph becomes the new one.
	g := good.Graph
	n.Document, n.Links = nd, links
	var order map[*model.Node]int
	for m := range dirty {
		switch {
		case m == n:
		case oldT[m]:
			m.LinkedFrom = slices.DeleteFunc(m.LinkedFrom, func(x *model.Node) bool { return x == n })
		default:
			if order == nil {
				order = make(map[*model.Node]int, len(g.Nodes))
				for i, x := range g.Nodes {
					order[x] = i
				}
			}
			i, _ := slices.BinarySearchFunc(m.LinkedFrom, order[n], func(x *model.Node, at int) int { return order[x] - at })
			m.LinkedFrom = slices.Insert(m.LinkedFrom, i, n)
		}
	}
	res := *good
	res.Docs = slices.Clone(good.Docs)
	i, _ := slices.BinarySearchFunc(res.Docs, p, func(d *document.Document, p string) int { return strings.Compare(d.Path, p) })
	res.Docs[i] = nd

	jobs, err := s.r.Jobs(s.renderInput(&res, subgraph(g, dirty), nil))
	if err != nil {
		s.needFull = true
		return nil, true, err
	}
	var todo []render.Job
	for _, j := range jobs {
		if j.Node != nil && dirty[j.Node] {
			todo = append(todo, j)
		}
	}
	u, err := s.commit(ctx, &res, nil, todo, nil, made...)
	return u, true, err
}

// resolveLinks resolves the links of nd, the new version of node n's
// document, as a full graph would: it builds a graph of nd and every
// document a link of it could name, found by id or by a file or folder
// name in the link. It reports false when a link is broken or the small
// graph is not like the whole one.
func resolveLinks(r *Result, n *model.Node, nd *document.Document) ([]*model.LinkTarget, bool) {
	docs := []*document.Document{nd}
	seen := map[string]bool{nd.Path: true}
	add := func(d *document.Document) {
		if !seen[d.Path] {
			seen[d.Path] = true
			docs = append(docs, d)
		}
	}
	names := map[string]bool{}
	for _, l := range nd.Body.Links {
		if l.Wiki {
			id, _, _ := strings.Cut(l.Dest, "#")
			if m := r.Graph.ByID[strings.TrimSpace(id)]; m != nil {
				add(m.Document)
			}
			continue
		}
		for _, seg := range strings.FieldsFunc(l.Dest, func(c rune) bool { return c == '/' || c == '#' || c == '?' }) {
			if u, err := url.PathUnescape(seg); err == nil {
				seg = u
			}
			names[strings.ToLower(strings.TrimSuffix(seg, path.Ext(seg)))] = true
		}
	}
	if len(names) > 0 {
		for _, d := range r.Docs {
			base := strings.ToLower(strings.TrimSuffix(path.Base(d.Path), path.Ext(d.Path)))
			if names[base] || (base == "index" || base == "_index") && names[strings.ToLower(path.Base(path.Dir(d.Path)))] {
				add(d)
			}
		}
	}
	slices.SortFunc(docs, func(a, b *document.Document) int { return strings.Compare(a.Path, b.Path) })
	mg := model.Build(docs, r.Tree.Assets)
	mn := mg.ByID[nd.ID]
	if len(mg.Duplicates) > 0 || mn == nil || mn.Path != nd.Path {
		return nil, false
	}
	out := make([]*model.LinkTarget, len(mn.Links))
	for i, t := range mn.Links {
		if t.Broken != "" {
			return nil, false
		}
		c := *t
		if t.Node != nil {
			if c.Node = nodeAt(r, t.Node.Path); t.Node == mn {
				c.Node = n
			}
			if c.Node == nil {
				return nil, false
			}
		}
		out[i] = &c
	}
	return out, true
}

// linkedNodes returns the other nodes links point to.
func linkedNodes(n *model.Node, links []*model.LinkTarget) map[*model.Node]bool {
	out := map[*model.Node]bool{}
	for _, t := range links {
		if t.Node != nil && t.Node != n {
			out[t.Node] = true
		}
	}
	return out
}
