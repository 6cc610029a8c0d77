package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/bearing-dev/bearing/internal/config"
	"github.com/bearing-dev/bearing/internal/render"
	"github.com/bearing-dev/bearing/internal/source"
)

// Session keeps a playbook's last good build in memory and rebuilds it
// incrementally: a change reparses only the changed files, re-validates,
// and re-renders only the pages whose output can change. Until a first
// good build it holds instead the site of the playbook as it stands,
// errors and all (Update.AsIs), rebuilt in full. It is what the dev
// server runs; it is not safe for concurrent use, but an Update it
// returned may be waited for on any goroutine. The graph of an update's
// Result is patched in place by later rebuilds: read it before the next
// call.
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
	// aggregates are the site's aggregate pages (see aggregatePaths), as
	// of the last full list of jobs.
	aggregates []string
	// bg is the background rendering the last update left running, or
	// nil; every method waits for it first (settle).
	bg *background
	// undo, when set, puts the last good graph back from under a rejected
	// edit; every method runs it first (settle).
	undo func() bool
	// rejected is the result of the last edit applyFront rejected.
	rejected *Result
	// asIs is set while files is the site of res rendered despite its
	// errors, as it is before the first good build (see renderAsIs).
	asIs bool
	// own lists, sorted, the playbook's own files outside content/ that
	// the last full build could read (templates, theme, archetypes), so
	// that Update.Changed still names one deleted since.
	own []string
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
	return &Session{fsys: o.FS, opts: o, site: so, files: map[string][]byte{},
		assets: map[string][]byte{}, pending: map[string]bool{}, needFull: true}
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
	s.res = res
	s.own = ownFiles(s.fsys)
	if res.Errors() > 0 {
		if s.good == nil {
			return s.renderAsIs(ctx, res, r)
		}
		return &Update{Result: res, Files: s.files, Full: true}, nil
	}
	clear(s.assets)
	jobs, err := s.jobs(res, r, nil)
	if err != nil {
		return nil, err
	}
	u, err := s.commit(ctx, res, jobs, jobs, nil)
	if err != nil {
		return nil, err
	}
	s.r, s.needFull, s.aggregates = r, false, aggregatePaths(jobs)
	s.spliceOK = searchLimitAgrees(res, u.Files[searchIndexFile], s.site.Drafts)
	u.Full = true
	return u, nil
}

// renderAsIs renders the whole site of res, a playbook with errors, when
// there is no good build to keep: a playbook broken from the start is
// shown as it would build, under its diagnostics, rather than not at all.
// The session stays as it is before a first good build, so the next
// rebuild is full too; a good one then compares its pages with these.
func (s *Session) renderAsIs(ctx context.Context, res *Result, r *render.Renderer) (*Update, error) {
	jobs, err := s.jobs(res, r, nil)
	if err != nil {
		return nil, err
	}
	next := make(map[string][]byte, len(jobs))
	written, err := renderInto(ctx, jobs, s.files, next)
	if err != nil {
		return nil, fmt.Errorf("rendering the playbook as it stands: %w", err)
	}
	u := &Update{Result: res, Files: next, Written: written, Full: true, AsIs: true}
	for p := range s.files {
		if _, ok := next[p]; !ok {
			u.Removed = append(u.Removed, p)
		}
	}
	slices.Sort(u.Written)
	slices.Sort(u.Removed)
	s.files, s.asIs = next, true
	return u, nil
}

// unchanged is the update of a rebuild that changed nothing.
func (s *Session) unchanged() *Update {
	return &Update{Result: s.res, Files: s.files, AsIs: s.asIs && s.res.Errors() > 0}
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
	return s.res != nil && (holds(s.res.Tree.Markdown, p) || holds(s.res.Tree.Assets, p))
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
	return !holds(s.good.Tree.Markdown, p) && !holds(s.good.Tree.Assets, p)
}

// affectsSite reports whether a changed path can change the site: the
// configuration, templates, theme or content.
func affectsSite(p string) bool {
	return needsFull(p) || p == source.ContentDir || strings.HasPrefix(p, source.ContentDir+"/")
}

// Apply rebuilds after the given paths (slash-separated, relative to the
// root) changed. Paths of folders are fine: what is under them is found
// by walking again. It first waits for the aggregate pages the last
// update left pending, and may itself leave some (see Update.Pending);
// ctx cancels those too.
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

// apply is Apply once the last update is settled.
func (s *Session) apply(ctx context.Context, changed []string) (*Update, error) {
	changed = slices.DeleteFunc(slices.Clone(changed), func(p string) bool { return !affectsSite(p) })
	if len(changed) == 0 && s.res != nil {
		return s.unchanged(), nil // archetypes, say: no page shows them
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
		return s.unchanged(), nil
	}
	if len(s.pending) == 1 {
		if u, ok, err := s.applyOne(ctx); err != nil || ok {
			return u, err
		}
	}
	o := s.opts
	o.changed = changed
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
	s.aggregates = aggregatePaths(jobs)
	var todo, late []render.Job
	for _, j := range jobs {
		_, had := s.files[j.Path]
		switch {
		case !had:
			todo = append(todo, j)
		case j.Node != nil:
			// The changed pages first; those that show them can wait.
			switch {
			case s.pending[j.Node.Path]:
				todo = append(todo, j)
			case pl.dirty[j.Node.Path]:
				late = append(late, j)
			}
		case pl.aggregate(j.Path):
			if _, agg := slices.BinarySearch(s.aggregates, j.Path); agg {
				late = append(late, j)
			} else {
				todo = append(todo, j)
			}
		}
	}
	var made []render.File
	isIndex := func(j render.Job) bool { return j.Path == searchIndexFile }
	if pl.bodyOnly && !slices.ContainsFunc(todo, isIndex) && !slices.ContainsFunc(late, isIndex) {
		// The search index holds each page's text; when the only change is
		// in that text, patch the entries instead of rendering them all.
		if b, ok := spliceSearch(s.files[searchIndexFile], pl.texts); ok && s.spliceOK {
			made = append(made, render.File{Path: searchIndexFile, Data: b})
		} else {
			for _, j := range jobs {
				if j.Path == searchIndexFile {
					late = append(late, j)
				}
			}
		}
	}
	later := &deferred{jobs: func() ([]render.Job, error) { return late, nil }}
	for _, j := range late {
		later.paths = append(later.paths, j.Path)
	}
	slices.Sort(later.paths)
	return s.commit(ctx, res, jobs, todo, later, made...)
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

// searchTextLimit mirrors the length of body text the search index keeps
// per page. A mismatch cannot produce a wrong index: spliceSearch finds no
// entry to patch and the index is rendered in full.
const searchTextLimit = 600

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
	return r.Jobs(s.renderInput(res, res.Graph, assets))
}

// renderInto renders jobs into files and returns, unsorted, the paths
// whose bytes differ from old's.
func renderInto(ctx context.Context, jobs []render.Job, old, files map[string][]byte) ([]string, error) {
	var mu sync.Mutex
	var written []string
	err := RunJobs(ctx, jobs, func(p string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		if differs(old, p, data) {
			written = append(written, p)
		}
		files[p] = data
		return nil
	})
	return written, err
}

// differs reports whether data is new at p or not what old holds there.
func differs(old map[string][]byte, p string, data []byte) bool {
	b, ok := old[p]
	return !ok || !bytes.Equal(b, data)
}

// commit renders todo, keeps the other jobs' files from the last site,
// adds the files made without rendering (made), and drops files no job
// produces any more. When all is nil the site keeps every file it had.
// The files of later, which the site has, are rendered in the
// background once the update is returned.
func (s *Session) commit(ctx context.Context, res *Result, all, todo []render.Job, later *deferred, made ...render.File) (*Update, error) {
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
	u := &Update{Result: res}
	written, err := renderInto(ctx, todo, s.files, next)
	if err != nil {
		s.needFull = true
		return nil, fmt.Errorf("rendering: %w", err)
	}
	u.Written = written
	for _, f := range made {
		if differs(s.files, f.Path, f.Data) {
			u.Written = append(u.Written, f.Path)
		}
		next[f.Path] = f.Data
	}
	for p := range s.files {
		if _, ok := next[p]; !ok {
			u.Removed = append(u.Removed, p)
		}
	}
	slices.Sort(u.Written)
	slices.Sort(u.Removed)
	u.cssOnly = cssOnly(s.files, next, u.Written, u.Removed)
	s.files, s.good, s.res, s.asIs = next, res, res, false
	clear(s.pending)
	u.Files = next
	if later != nil && len(later.paths) > 0 {
		s.startBackground(ctx, u, later)
	}
	return u, nil
}

// cssVersion is what precedes a stylesheet URL's cache-busting version.
var cssVersion = []byte(".css?v=")

// Files returns the current site, waiting for pending pages.
func (s *Session) Files() map[string][]byte {
	s.settle()
	return maps.Clone(s.files)
}
