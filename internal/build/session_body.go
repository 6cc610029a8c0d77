package build

import (
	"bytes"
	"context"
	"encoding/json"
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

// applyBody is the fast path for an edit of n's body alone: nd is the
// file's new parse. When the frontmatter is as it was, every edge and
// every aggregate page but the search index stays the same, so the last
// good graph is patched in place (model.Graph.Replace) instead of being
// rebuilt and validated, and the edited page and the pages whose
// backlinks changed are rendered from a subgraph holding only what those
// pages show. It reports false, having changed nothing, when the edit is
// of another kind or anything about it is unusual; the caller then
// rebuilds another way.
func (s *Session) applyBody(ctx context.Context, n *model.Node, nd *document.Document) (*Update, bool, error) {
	good := s.good
	od := n.Document
	if n == good.Graph.Home || !sameFront(od, nd) || !sameDiags(od.Diags, nd.Diags) {
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
	texts := [2]string{od.Body.PlainText(searchTextLimit), nd.Body.PlainText(searchTextLimit)}
	var made []render.File
	if texts[0] != texts[1] {
		b, ok := spliceSearch(s.files[searchIndexFile], []textChange{{texts[0], texts[1]}})
		if !ok || !s.spliceOK {
			return nil, false, nil
		}
		made = append(made, render.File{Path: searchIndexFile, Data: b})
	}

	// From here on the last good graph becomes the new one, unless the
	// new links break (a diagnostic) or reach the home page (an
	// aggregate): then the old document goes back.
	g := good.Graph
	oldT := linkedNodes(n, n.Links)
	if !g.Replace(n, nd) {
		return nil, false, nil
	}
	newT := linkedNodes(n, n.Links)
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
	if dirty[g.Home] || slices.ContainsFunc(n.Links, func(t *model.LinkTarget) bool { return t.Broken != "" }) {
		if !g.Replace(n, od) {
			s.needFull = true // cannot happen: od was n's document
		}
		return nil, false, nil
	}
	res := *good
	res.Docs = slices.Clone(good.Docs)
	i, _ := slices.BinarySearchFunc(res.Docs, n.Path, func(d *document.Document, p string) int { return strings.Compare(d.Path, p) })
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
