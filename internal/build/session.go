package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"

	"github.com/bearing-dev/bearing/internal/config"
	"github.com/bearing-dev/bearing/internal/model"
	"github.com/bearing-dev/bearing/internal/render"
	"github.com/bearing-dev/bearing/internal/source"
)

// Session keeps a playbook's last good build in memory and rebuilds it
// incrementally. It is what the dev server runs.
//
// A rebuild is a plan computed from declarations: every render job says
// what its file shows (render.Shows: the node it is about, the parts of
// the nodes near it, or of every node), so after an edit the session
// works out what changed between the last good snapshot and the new one
// (diff: which parts of which nodes) and plan picks the files whose
// declarations cover a change. Through an index of the pages by node
// (pageSet) it visits only the pages of the changed nodes and of the
// nodes in their reach, and the views of the whole playbook, not all ten
// thousand. plan is pure and knows nothing of render's output paths or
// templates; the executor (session_exec.go) renders the pages about a
// changed node and leaves to the background (Update.Pending) the views
// of the whole playbook, the pages near the change, and the index files
// (the search index), which it patches entry by entry.
//
// The next snapshot is made in one of two ways. Usually check reads and
// validates the playbook again, reusing the unchanged files' parses; at
// 10,000 files that alone takes over 200 ms. So when the one changed file
// is a node's and keeps its id and kind, patch replaces its document in
// the last good graph instead (model.Graph.Replace) and revalidates only
// when its frontmatter or diagnostics may have changed: the edited page
// is then servable in about 3 ms (body; the search index follows in the
// background) or 25 ms (frontmatter).
//
// Until a first good build the session holds instead the site of the
// playbook as it stands, errors and all (Update.AsIs), rebuilt in full.
// It is not safe for concurrent use, but an Update it returned may be
// waited for on any goroutine. The graph of an update's Result is patched
// in place by later rebuilds: read it before the next call.
type Session struct {
	fsys fs.FS
	opts Options
	site SiteOptions
	r    *render.Renderer
	// good is the last good build, nil before the first.
	good *snapshot
	// last is the last result, good or not.
	last *Result
	// asIs is the site of last, rendered despite its errors, while there
	// is no good build (see renderAsIs).
	asIs map[string][]byte
	// pending collects the paths changed since the last good build: a
	// rejected edit's changes must still be rendered once a fix lands.
	pending map[string]bool
	// patchable is set while the files differ from the last good
	// build's only at the pending paths, as patch assumes: check may
	// have seen files appear or vanish without an event of their own.
	patchable bool
	// needFull is set when the next rebuild must be full: before the
	// first good build and after a failure left the state unknown.
	needFull bool
	// bg is the background rendering the last update left running, or
	// nil; every method waits for it first (settle).
	bg *background
	// own lists, sorted, the playbook's own files outside content/ that
	// the last full build could read (templates, theme, archetypes), so
	// that Update.Changed still names one deleted since.
	own []string
}

// snapshot is one good build: the checked playbook, its site, what each
// file of the site shows, the index files it can patch, and the content
// assets it read. A snapshot is never changed once made, but for its
// graph, which patch changes in place to make the next one.
type snapshot struct {
	res   *Result
	files map[string][]byte
	pages *pageSet
	// indexes holds, by output path, the files made as render.Index.
	indexes map[string]*render.Index
	assets  map[string][]byte
}

// Update is what one rebuild produced.
type Update struct {
	// Result is the checked playbook; when it has errors, Files is the
	// last good site, unchanged, or when there is none, Result's own site
	// (AsIs).
	Result *Result
	// Files is the whole site after the update. The map is never changed
	// after it is returned. The files named in Pending hold their last
	// versions, which are out of date: serve them only after Wait.
	Files map[string][]byte
	// Written and Removed are the output paths that changed, Pending
	// aside.
	Written, Removed []string
	// Pending lists, sorted, the pages still being rendered in the
	// background when the update was returned: not the changed pages
	// themselves, but the aggregate pages and the pages that show them.
	// Wait returns the update with them done; the session's next rebuild
	// waits for them.
	Pending []string
	// Full is true when everything was re-rendered.
	Full bool
	// AsIs is true when Result has errors and Files is nonetheless its
	// own site, rendered as a build would render it if it did not refuse:
	// there was no good build to keep. When Result has errors and AsIs is
	// false, Files is the last good site.
	AsIs bool
	// Changed lists, sorted, the paths given to Apply that name files of
	// the playbook: files there now, or files the last build read. The
	// others were temporary files that an editor or a tool (sed -i, say)
	// wrote and removed between two builds, which a log should not name.
	// It is nil after Full.
	Changed []string

	cssOnly bool
	bg      *background
}

// Failed reports whether the update was rejected for errors.
func (u *Update) Failed() bool { return u.Result.Errors() > 0 }

// CSSOnly reports whether only stylesheets changed, so that browsers can
// swap them without reloading the page: every other written file differs
// from its last version only in the cache-busting version of a stylesheet
// URL.
func (u *Update) CSSOnly() bool { return u.cssOnly }

// NewSession returns a session for the playbook in o.FS.
func NewSession(o Options, so SiteOptions) *Session {
	return &Session{fsys: o.FS, opts: o, site: so, pending: map[string]bool{}, needFull: true}
}

// files returns the site the session shows.
func (s *Session) files() map[string][]byte {
	if s.good == nil {
		return s.asIs
	}
	return s.good.files
}

// Full rebuilds everything: templates, configuration, every file. It
// leaves nothing pending.
func (s *Session) Full(ctx context.Context) (*Update, error) {
	s.settle()
	s.needFull = true
	r, err := NewRenderer(s.fsys)
	if err != nil {
		return nil, err
	}
	res, err := check(ctx, s.opts, nil)
	if err != nil {
		return nil, err
	}
	s.last, s.patchable = res, false
	s.own = ownFiles(s.fsys)
	if res.Errors() > 0 {
		if s.good == nil {
			return s.renderAsIs(ctx, res, r)
		}
		return &Update{Result: res, Files: s.good.files, Full: true}, nil
	}
	jobs, assets, err := s.jobs(res, r, nil, nil)
	if err != nil {
		return nil, err
	}
	old := s.good
	if old == nil {
		old = &snapshot{files: s.asIs}
	}
	pl := rebuild{now: make([]string, len(jobs))}
	for i, j := range jobs {
		pl.now[i] = j.Path
	}
	slices.Sort(pl.now)
	u, err := s.execute(ctx, old, newSnapshot(res, jobs, assets), jobs, pl, nil)
	if err != nil {
		return nil, err
	}
	s.r, s.needFull, s.asIs = r, false, nil
	u.Full = true
	return u, nil
}

// renderAsIs renders the whole site of res, a playbook with errors, when
// there is no good build to keep: a playbook broken from the start is
// shown as it would build, under its diagnostics, rather than not at all.
// The session stays as it is before a first good build, so the next
// rebuild is full too; a good one then compares its pages with these.
func (s *Session) renderAsIs(ctx context.Context, res *Result, r *render.Renderer) (*Update, error) {
	jobs, _, err := s.jobs(res, r, nil, nil)
	if err != nil {
		return nil, err
	}
	next := make(map[string][]byte, len(jobs))
	written, err := renderInto(ctx, jobs, s.asIs, next, nil)
	if err != nil {
		return nil, fmt.Errorf("rendering the playbook as it stands: %w", err)
	}
	u := &Update{Result: res, Files: next, Written: written, Full: true, AsIs: true}
	for p := range s.asIs {
		if _, ok := next[p]; !ok {
			u.Removed = append(u.Removed, p)
		}
	}
	slices.Sort(u.Written)
	slices.Sort(u.Removed)
	s.asIs = next
	return u, nil
}

// unchanged is the update of a rebuild that changed nothing.
func (s *Session) unchanged() *Update {
	return &Update{Result: s.last, Files: s.files(), AsIs: s.good == nil && s.last.Errors() > 0}
}

// ownFiles lists, sorted, the files below the folders outside content/
// that the watch reports: templates, theme and archetypes. A folder that
// cannot be read holds nothing to name.
func ownFiles(fsys fs.FS) []string {
	var out []string
	for _, dir := range []string{"templates", "theme", "archetypes"} {
		_ = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				out = append(out, p)
			}
			return nil
		})
	}
	slices.Sort(out)
	return out
}

// holds reports whether the sorted list of paths holds p, or paths below
// the folder p.
func holds(list []string, p string) bool {
	// The first path below the folder p, if any, comes at the insertion
	// point of p+"/".
	_, found := slices.BinarySearch(list, p)
	i, _ := slices.BinarySearch(list, p+"/")
	return found || i < len(list) && strings.HasPrefix(list[i], p+"/")
}

// Named returns, sorted, the changed paths that name files of the
// playbook, as Update.Changed does: for a log line about a rebuild that
// failed, and so has no update.
func (s *Session) Named(changed []string) []string {
	var out []string
	for _, p := range changed {
		if s.named(p) {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// named reports whether a changed path names a file of the playbook: one
// there now (or that cannot be told gone), or one the last build read.
func (s *Session) named(p string) bool {
	if _, err := fs.Stat(s.fsys, p); err == nil || !errors.Is(err, fs.ErrNotExist) {
		return true
	}
	if p == config.File || holds(s.own, p) {
		return true
	}
	return s.last != nil && (holds(s.last.Tree.Markdown, p) || holds(s.last.Tree.Assets, p))
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
	t := s.good.res.Tree
	return !holds(t.Markdown, p) && !holds(t.Assets, p)
}

// affectsSite reports whether a changed path can change the site: the
// configuration, templates, theme or content.
func affectsSite(p string) bool {
	return needsFull(p) || p == source.ContentDir || strings.HasPrefix(p, source.ContentDir+"/")
}

// Apply rebuilds after the given paths (slash-separated, relative to the
// root) changed. Paths of folders are fine: what is under them is found
// by walking again. It first waits for the pages the last update left
// pending, and may itself leave some (see Update.Pending); ctx cancels
// those too.
func (s *Session) Apply(ctx context.Context, changed []string) (*Update, error) {
	s.settle()
	// Named before the rebuild: what the last build read decides.
	named := s.Named(changed)
	u, err := s.apply(ctx, changed)
	if err != nil {
		return nil, err
	}
	u.Changed = named
	return u, nil
}

// apply is Apply once the last update is settled: it makes the next
// snapshot (patch, else check), plans from the two and executes the plan.
func (s *Session) apply(ctx context.Context, changed []string) (*Update, error) {
	changed = slices.DeleteFunc(slices.Clone(changed), func(p string) bool { return !affectsSite(p) })
	if s.last != nil {
		changed = withSignals(s.last.Docs, changed)
	}
	if len(changed) == 0 && s.last != nil {
		return s.unchanged(), nil // archetypes, say: no page shows them
	}
	if s.needFull || s.good == nil || s.r == nil || slices.ContainsFunc(changed, needsFull) {
		return s.Full(ctx)
	}
	for _, p := range changed {
		if !s.transient(p) {
			s.pending[p] = true
		}
	}
	if len(s.pending) == 0 {
		return s.unchanged(), nil
	}
	if len(s.pending) == 1 && s.patchable {
		if u, ok, err := s.applyPatch(ctx); err != nil || ok {
			return u, err
		}
	}
	o := s.opts
	o.changed = changed
	res, err := check(ctx, o, s.last)
	if err != nil {
		s.needFull = true // s.last no longer matches the files
		return nil, err
	}
	s.last, s.patchable = res, false
	if res.Errors() > 0 {
		return &Update{Result: res, Files: s.good.files}, nil
	}
	// Files that appeared or vanished without an event of their own (the
	// contents of a renamed folder) are changes too.
	old := s.good
	for _, p := range treeDiff(old.res.Tree, res.Tree) {
		s.pending[p] = true
	}
	ch := diff(old.res, res, s.pending)
	jobs, assets, err := s.jobs(res, s.r, old.assets, ch.copied)
	if err != nil {
		s.needFull = true
		return nil, err
	}
	cur := newSnapshot(res, jobs, assets)
	pl := plan(old.pages, cur.pages, old.canPatch, ch)
	return s.execute(ctx, old, cur, jobs, pl, func() ([]render.Job, error) { return jobs, nil })
}

// newSnapshot starts the snapshot of res, whose site jobs list: execute
// fills in its files and indexes.
func newSnapshot(res *Result, jobs []render.Job, assets map[string][]byte) *snapshot {
	return &snapshot{res: res, pages: pagesOf(jobs), assets: assets}
}

// canPatch reports whether the snapshot kept an index of the file.
func (sn *snapshot) canPatch(p string) bool { return sn.indexes[p] != nil }

// jobs lists the render jobs of a checked playbook, reading the content
// assets that are not in cache or that changed (reread). It returns the
// assets it read or kept, by path.
func (s *Session) jobs(res *Result, r *render.Renderer, cache map[string][]byte, reread map[string]bool) ([]render.Job, map[string][]byte, error) {
	assets := make([]render.File, 0, len(res.Tree.Assets))
	keep := make(map[string][]byte, len(res.Tree.Assets))
	for _, a := range res.Tree.Assets {
		b, ok := cache[a]
		if !ok || reread[a] {
			var err error
			if b, err = fs.ReadFile(s.fsys, a); err != nil {
				return nil, nil, fmt.Errorf("reading asset: %w", err)
			}
		}
		keep[a] = b
		assets = append(assets, render.File{Path: source.ContentPath(a), Data: b})
	}
	jobs, err := r.Jobs(s.renderInput(res, res.Graph, assets))
	return jobs, keep, err
}

// renderInput is what rendering res's graph g (the whole graph or a part)
// needs.
func (s *Session) renderInput(res *Result, g *model.Graph, assets []render.File) render.Input {
	return render.Input{Graph: g, Config: res.Config, Diags: res.Diags,
		BaseURL: s.site.BaseURL, Drafts: s.site.Drafts, Today: res.Today, MD: res.MD, Assets: assets, History: res.History, HistoryNote: res.HistoryNote}
}

// Files returns the current site, waiting for pending pages.
func (s *Session) Files() map[string][]byte {
	s.settle()
	return maps.Clone(s.files())
}
