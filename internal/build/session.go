package build

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/model"
	"github.com/bearing-dev/bearing/internal/render"
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
	// pending collects the paths changed since the last good build: a
	// rejected edit's changes must still be rendered once a fix lands.
	pending map[string]bool
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
}

// Failed reports whether the update was rejected for errors.
func (u *Update) Failed() bool { return u.Result.Errors() > 0 }

// CSSOnly reports whether only stylesheets changed, so that browsers can
// swap them without reloading the page.
func (u *Update) CSSOnly() bool {
	if len(u.Written) == 0 || len(u.Removed) > 0 {
		return false
	}
	for _, p := range u.Written {
		if path.Ext(p) != ".css" {
			return false
		}
	}
	return true
}

// NewSession returns a session for the playbook in fsys.
func NewSession(fsys fs.FS, o Options, so SiteOptions) *Session {
	return &Session{fsys: fsys, opts: o, site: so, files: map[string][]byte{}, pending: map[string]bool{}}
}

// Full rebuilds everything: templates, configuration, every file.
func (s *Session) Full(ctx context.Context) (*Update, error) {
	r, err := NewRenderer(s.fsys)
	if err != nil {
		return nil, err
	}
	o := s.opts
	res, err := check(ctx, o, nil)
	if err != nil {
		return nil, err
	}
	s.res = res
	if res.Errors() > 0 {
		return &Update{Result: res, Files: s.files, Full: true}, nil
	}
	s.r = r
	jobs, err := Jobs(s.fsys, res, r, s.site)
	if err != nil {
		return nil, err
	}
	return s.commit(ctx, res, jobs, true)
}

// Apply rebuilds after the given paths (relative to the root) changed.
func (s *Session) Apply(ctx context.Context, changed []string) (*Update, error) {
	if s.good == nil || s.r == nil {
		return s.Full(ctx)
	}
	for _, p := range changed {
		if p == "bearing.yaml" || strings.HasPrefix(p, "templates/") || strings.HasPrefix(p, "theme/") {
			return s.Full(ctx)
		}
	}
	for _, p := range changed {
		s.pending[p] = true
	}
	o := s.opts
	o.Changed = changed
	res, err := check(ctx, o, s.res)
	if err != nil {
		return nil, err
	}
	s.res = res
	if res.Errors() > 0 {
		return &Update{Result: res, Files: s.files}, nil
	}
	jobs, err := Jobs(s.fsys, res, s.r, s.site)
	if err != nil {
		return nil, err
	}
	dirty := dirtyNodes(s.good, res, slices.Collect(maps.Keys(s.pending)))
	var todo []render.Job
	for _, j := range jobs {
		if j.Node == nil || dirty[j.Node.Path] {
			todo = append(todo, j)
		}
	}
	return s.commitPartial(ctx, res, jobs, todo)
}

func (s *Session) commit(ctx context.Context, res *Result, jobs []render.Job, full bool) (*Update, error) {
	u, err := s.commitPartial(ctx, res, jobs, jobs)
	if u != nil {
		u.Full = full
	}
	return u, err
}

// commitPartial renders todo, keeps the other jobs' files from the last
// site, and drops files no job produces any more.
func (s *Session) commitPartial(ctx context.Context, res *Result, all, todo []render.Job) (*Update, error) {
	next := make(map[string][]byte, len(all))
	for _, j := range all {
		if b, ok := s.files[j.Path]; ok {
			next[j.Path] = b
		}
	}
	var mu sync.Mutex
	u := &Update{Result: res}
	err := RunJobs(ctx, todo, func(p string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		if old, ok := s.files[p]; !ok || !bytes.Equal(old, data) {
			u.Written = append(u.Written, p)
		}
		next[p] = data
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("rendering: %w", err)
	}
	for p := range s.files {
		if _, ok := next[p]; !ok {
			u.Removed = append(u.Removed, p)
		}
	}
	slices.Sort(u.Written)
	slices.Sort(u.Removed)
	s.files, s.good = next, res
	clear(s.pending)
	u.Files = next
	return u, nil
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
