package build

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/bearing-dev/bearing/internal/config"
	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
	"github.com/bearing-dev/bearing/internal/render"
	"github.com/bearing-dev/bearing/internal/source"
)

// Session keeps a playbook's last good build in memory and rebuilds it
// incrementally: a change reparses only the changed files, re-validates,
// and re-renders only the pages whose output can change. It is what the
// dev server runs; it is not safe for concurrent use.
type Session struct {
	fsys  fs.FS
	opts  Options
	site  SiteOptions
	res   *Result // the last result, good or not
	good  *Result // the last result without errors
	r     *render.Renderer
	files map[string][]byte
	// assets caches content assets by root path, so that a rebuild reads
	// only the assets that changed.
	assets map[string][]byte
	// pending collects the paths changed since the last good build: a
	// rejected edit's changes must still be rendered once a fix lands.
	pending map[string]bool
	// spliceOK is set when the search index can be patched: the last full
	// build showed that it cuts texts at searchTextLimit.
	spliceOK bool
	// needFull is set when the next build must render everything: before
	// the first good build, after a rejected full build (templates or
	// configuration changed under a broken playbook) and after an I/O
	// failure left the reusable state unknown.
	needFull bool
}

// Update is what one rebuild produced.
type Update struct {
	// Result is the checked playbook; when it has errors, Files is the
	// last good site, unchanged.
	Result *Result
	// Files is the whole site after the update. The map is never changed
	// after it is returned.
	Files map[string][]byte
	// Written and Removed are the output paths that changed.
	Written, Removed []string
	// Full is true when everything was re-rendered.
	Full bool

	cssOnly bool
}

// Failed reports whether the update was rejected for errors.
func (u *Update) Failed() bool { return u.Result.Errors() > 0 }

// CSSOnly reports whether only stylesheets changed, so that browsers can
// swap them without reloading the page: every other written file differs
// from its last version only in the cache-busting version of a stylesheet
// URL.
func (u *Update) CSSOnly() bool { return u.cssOnly }

// NewSession returns a session for the playbook in fsys.
func NewSession(fsys fs.FS, o Options, so SiteOptions) *Session {
	return &Session{fsys: fsys, opts: o, site: so, files: map[string][]byte{},
		assets: map[string][]byte{}, pending: map[string]bool{}, needFull: true}
}

// Full rebuilds everything: templates, configuration, every file.
func (s *Session) Full(ctx context.Context) (*Update, error) {
	s.needFull = true
	r, err := NewRenderer(s.fsys)
	if err != nil {
		return nil, err
	}
	res, err := check(ctx, s.opts, nil)
	if err != nil {
		return nil, err
	}
	s.res = res
	if res.Errors() > 0 {
		return &Update{Result: res, Files: s.files, Full: true}, nil
	}
	clear(s.assets)
	jobs, err := s.jobs(res, r, nil)
	if err != nil {
		return nil, err
	}
	u, err := s.commit(ctx, res, jobs, jobs)
	if err != nil {
		return nil, err
	}
	s.r, s.needFull = r, false
	s.spliceOK = searchLimitAgrees(res, u.Files[searchIndexFile], s.site.Drafts)
	u.Full = true
	return u, nil
}

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

// needsFull reports whether a changed path affects every page: the
// configuration, a template, or a theme file.
func needsFull(p string) bool {
	for _, dir := range []string{"templates", "theme"} {
		if p == dir || strings.HasPrefix(p, dir+"/") {
			return true
		}
	}
	return p == config.File || p == "" || p == "."
}

// transient reports whether a changed path is gone and held nothing the
// last good build read: a temporary file that an editor or a tool (sed -i,
// say) wrote and removed between two batches.
func (s *Session) transient(p string) bool {
	if _, err := fs.Stat(s.fsys, p); err == nil || !errors.Is(err, fs.ErrNotExist) {
		return false
	}
	for _, list := range [][]string{s.good.Tree.Markdown, s.good.Tree.Assets} {
		// The lists are sorted: the first path below the folder p, if any,
		// comes at the insertion point of p+"/".
		_, found := slices.BinarySearch(list, p)
		i, _ := slices.BinarySearch(list, p+"/")
		if found || i < len(list) && strings.HasPrefix(list[i], p+"/") {
			return false
		}
	}
	return true
}

// affectsSite reports whether a changed path can change the site: the
// configuration, templates, theme or content.
func affectsSite(p string) bool {
	return needsFull(p) || p == source.ContentDir || strings.HasPrefix(p, source.ContentDir+"/")
}

// Apply rebuilds after the given paths (slash-separated, relative to the
// root) changed. Paths of folders are fine: what is under them is found
// by walking again.
func (s *Session) Apply(ctx context.Context, changed []string) (*Update, error) {
	changed = slices.DeleteFunc(slices.Clone(changed), func(p string) bool { return !affectsSite(p) })
	if len(changed) == 0 && s.res != nil {
		return &Update{Result: s.res, Files: s.files}, nil // archetypes, say: no page shows them
	}
	if s.needFull || s.good == nil || s.r == nil || slices.ContainsFunc(changed, needsFull) {
		return s.Full(ctx)
	}
	for _, p := range changed {
		if s.transient(p) {
			continue
		}
		s.pending[p] = true
	}
	if len(s.pending) == 0 {
		return &Update{Result: s.res, Files: s.files}, nil
	}
	if len(s.pending) == 1 {
		u, ok, err := s.applyBody(ctx)
		if err != nil || ok {
			return u, err
		}
	}
	o := s.opts
	o.Changed = changed
	res, err := check(ctx, o, s.res)
	if err != nil {
		s.needFull = true // s.res no longer matches the files
		return nil, err
	}
	s.res = res
	if res.Errors() > 0 {
		return &Update{Result: res, Files: s.files}, nil
	}
	// Files that appeared or vanished without an event of their own (the
	// contents of a renamed folder) are changes too.
	for _, p := range treeDiff(s.good.Tree, res.Tree) {
		s.pending[p] = true
	}
	pl := s.plan(res)
	jobs, err := s.jobs(res, s.r, pl.assets)
	if err != nil {
		s.needFull = true
		return nil, err
	}
	var todo []render.Job
	for _, j := range jobs {
		_, had := s.files[j.Path]
		switch {
		case !had:
			todo = append(todo, j)
		case j.Node != nil:
			if pl.dirty[j.Node.Path] {
				todo = append(todo, j)
			}
		case pl.aggregate(j.Path):
			todo = append(todo, j)
		}
	}
	if pl.bodyOnly && !slices.ContainsFunc(todo, func(j render.Job) bool { return j.Path == searchIndexFile }) {
		// The search index holds each page's text; when the only change is
		// in that text, patch the entries instead of rendering them all.
		if b, ok := spliceSearch(s.files[searchIndexFile], pl.texts); ok && s.spliceOK {
			return s.commit(ctx, res, jobs, todo, render.File{Path: searchIndexFile, Data: b})
		}
		for _, j := range jobs {
			if j.Path == searchIndexFile {
				todo = append(todo, j)
			}
		}
	}
	return s.commit(ctx, res, jobs, todo)
}

// Output files the session knows the inputs of.
const (
	searchIndexFile = "search-index.json"
	homeFile        = "index.html"
)

// siteOnlyFiles are aggregate pages that show nothing of the content:
// only the configuration, templates and theme change them, and those
// rebuild everything.
var siteOnlyFiles = []string{"search/index.html", "404.html"}

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

// searchTextLimit mirrors the length of body text the search index keeps
// per page. A mismatch cannot produce a wrong index: spliceSearch finds no
// entry to patch and the index is rendered in full.
const searchTextLimit = 600

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

// jobs lists the render jobs of a checked playbook, reading the content
// assets that are not cached or that changed (reread).
func (s *Session) jobs(res *Result, r *render.Renderer, reread map[string]bool) ([]render.Job, error) {
	assets := make([]render.File, 0, len(res.Tree.Assets))
	keep := make(map[string][]byte, len(res.Tree.Assets))
	for _, a := range res.Tree.Assets {
		b, ok := s.assets[a]
		if !ok || reread[a] {
			var err error
			if b, err = fs.ReadFile(s.fsys, a); err != nil {
				return nil, fmt.Errorf("reading asset: %w", err)
			}
		}
		keep[a] = b
		assets = append(assets, render.File{Path: source.ContentPath(a), Data: b})
	}
	s.assets = keep
	return r.Jobs(render.Input{
		Graph: res.Graph, Config: res.Config, Diags: res.Diags,
		BaseURL: s.site.BaseURL, Drafts: s.site.Drafts, Today: res.Today, MD: res.MD, Assets: assets,
	})
}

// commit renders todo, keeps the other jobs' files from the last site,
// adds the files made without rendering (made), and drops files no job
// produces any more. When all is nil the site keeps every file it had.
func (s *Session) commit(ctx context.Context, res *Result, all, todo []render.Job, made ...render.File) (*Update, error) {
	var next map[string][]byte
	if all == nil {
		next = maps.Clone(s.files)
	} else {
		next = make(map[string][]byte, len(all))
		for _, j := range all {
			if b, ok := s.files[j.Path]; ok {
				next[j.Path] = b
			}
		}
	}
	var mu sync.Mutex
	u := &Update{Result: res}
	put := func(p string, data []byte) {
		if old, ok := s.files[p]; !ok || !bytes.Equal(old, data) {
			u.Written = append(u.Written, p)
		}
		next[p] = data
	}
	err := RunJobs(ctx, todo, func(p string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		put(p, data)
		return nil
	})
	if err != nil {
		s.needFull = true
		return nil, fmt.Errorf("rendering: %w", err)
	}
	for _, f := range made {
		put(f.Path, f.Data)
	}
	for p := range s.files {
		if _, ok := next[p]; !ok {
			u.Removed = append(u.Removed, p)
		}
	}
	slices.Sort(u.Written)
	slices.Sort(u.Removed)
	u.cssOnly = cssOnly(s.files, next, u.Written, u.Removed)
	s.files, s.good, s.res = next, res, res
	clear(s.pending)
	u.Files = next
	return u, nil
}

// cssOnly reports whether an update changed stylesheets and nothing else
// but the versions in the URLs that load them.
func cssOnly(old, cur map[string][]byte, written, removed []string) bool {
	if len(removed) > 0 || !slices.ContainsFunc(written, func(p string) bool { return strings.HasSuffix(p, ".css") }) {
		return false
	}
	for _, p := range written {
		if strings.HasSuffix(p, ".css") {
			continue
		}
		if o, ok := old[p]; !ok || !sameButCSSVersions(o, cur[p]) {
			return false
		}
	}
	return true
}

// cssVersion is what precedes a stylesheet URL's cache-busting version.
var cssVersion = []byte(".css?v=")

// sameButCSSVersions reports whether two pages are equal but for the
// version tokens of stylesheet URLs (".css?v=TOKEN"). It runs in linear
// time: a theme change compares every page of the site.
func sameButCSSVersions(a, b []byte) bool {
	for {
		i := mismatch(a, b)
		if i == len(a) && i == len(b) {
			return true
		}
		// The first difference must lie inside a version token.
		j := bytes.LastIndex(a[:i], cssVersion)
		if j < 0 {
			return false
		}
		start := j + len(cssVersion)
		if tokenLen(a[start:i]) != i-start {
			return false
		}
		a, b = a[start+tokenLen(a[start:]):], b[start+tokenLen(b[start:]):]
	}
}

// mismatch returns the length of the common prefix of a and b.
func mismatch(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for i+4096 <= n && bytes.Equal(a[i:i+4096], b[i:i+4096]) {
		i += 4096
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// tokenLen returns the length of the version token at the start of s.
func tokenLen(s []byte) int {
	for i, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_') {
			return i
		}
	}
	return len(s)
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
	if s.res != good || n == nil || n == good.Graph.Home {
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

	// Every page depends on nodes at most two steps away (see dirtyNodes),
	// so a subgraph of the dirty nodes' surroundings renders them exactly.
	// One search from all of them at once, so that each node is expanded
	// at its distance from the nearest.
	near := maps.Clone(dirty)
	frontier := slices.Collect(maps.Keys(dirty))
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
	jobs, err := s.r.Jobs(render.Input{Graph: sub, Config: res.Config, Diags: res.Diags,
		BaseURL: s.site.BaseURL, Drafts: s.site.Drafts, Today: res.Today, MD: res.MD})
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
	u, err := s.commit(ctx, &res, nil, todo, made...)
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

// sameDiags reports whether two lists of diagnostics read the same.
func sameDiags(a, b []diag.Diagnostic) bool {
	return slices.EqualFunc(a, b, func(x, y diag.Diagnostic) bool { return x.String() == y.String() })
}

// Files returns the current site.
func (s *Session) Files() map[string][]byte { return maps.Clone(s.files) }

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
		for n := range frontier {
			dirty[n.Path] = true
		}
	}
	return dirty
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
