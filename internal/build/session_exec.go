package build

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/bearing-dev/bearing/internal/model"
	"github.com/bearing-dev/bearing/internal/render"
)

// execute carries out pl, going from the snapshot old to cur, whose
// files and indexes it fills in: it keeps old's files of cur's pages,
// renders the files of pl.now from now (jobs that include them), and
// drops files cur has no page for. The files of pl.later and pl.patch
// keep their old versions in the update it returns; in the background
// (see Update.Pending), the indexes of pl.patch are patched and the
// files of pl.later rendered from the jobs later lists. An index is a
// view of the whole playbook, and patching one still means joining
// every entry: 2-3 ms of the 8 MB search index of 10,000 files, which
// the edited page need not wait for.
func (s *Session) execute(ctx context.Context, old, cur *snapshot, now []render.Job, pl rebuild, later func() ([]render.Job, error)) (*Update, error) {
	same := old.pages == cur.pages
	if same {
		// The same pages (a patch): the same files, cheaper to copy.
		cur.files, cur.indexes = maps.Clone(old.files), maps.Clone(old.indexes)
	} else {
		cur.files = make(map[string][]byte, len(cur.pages.pages))
		cur.indexes = map[string]*render.Index{}
		for _, pg := range cur.pages.pages {
			if b, ok := old.files[pg.path]; ok {
				cur.files[pg.path] = b
			}
			if x := old.indexes[pg.path]; x != nil {
				cur.indexes[pg.path] = x
			}
		}
	}
	written, err := renderInto(ctx, pick(now, pl.now), old.files, cur.files, cur.indexes)
	if err != nil {
		s.needFull = true
		return nil, fmt.Errorf("rendering: %w", err)
	}
	u := &Update{Result: cur.res, Files: cur.files, Written: written}
	if !same { // else the same pages, the same files
		for p := range old.files {
			if _, ok := cur.files[p]; !ok {
				u.Removed = append(u.Removed, p)
			}
		}
	}
	slices.Sort(u.Written)
	slices.Sort(u.Removed)
	u.cssOnly = cssOnly(old.files, cur.files, u.Written, u.Removed)
	s.good, s.last, s.patchable = cur, cur.res, true
	clear(s.pending)
	if len(pl.later) > 0 || len(pl.patch) > 0 {
		s.startBackground(ctx, u, cur, pl, later)
	}
	return u, nil
}

// patchInto patches the indexes of patch (render.Index.Replace) with the
// entries of their nodes in res, keeping them in indexes and their bytes
// in files, and returns, unsorted, the paths whose bytes differ from
// old's.
func patchInto(res *Result, patch map[string][]string, old, files map[string][]byte, indexes map[string]*render.Index) []string {
	var written []string
	for p, changed := range patch {
		nodes := make([]*model.Node, 0, len(changed))
		for _, f := range changed {
			if n := nodeAt(res, f); n != nil {
				nodes = append(nodes, n)
			}
		}
		x := indexes[p].Replace(nodes)
		indexes[p] = x
		b := x.Bytes()
		if differs(old, p, b) {
			written = append(written, p)
		}
		files[p] = b
	}
	return written
}

// pick returns the jobs of the sorted paths.
func pick(jobs []render.Job, paths []string) []render.Job {
	var out []render.Job
	for _, j := range jobs {
		if _, found := slices.BinarySearch(paths, j.Path); found {
			out = append(out, j)
		}
	}
	return out
}

// renderInto renders jobs into files and returns, unsorted, the paths
// whose bytes differ from old's. A job whose file is an index (Shows.Patch)
// is made as one and kept in indexes, when not nil, for later patches.
func renderInto(ctx context.Context, jobs []render.Job, old, files map[string][]byte, indexes map[string]*render.Index) ([]string, error) {
	var mu sync.Mutex
	var written []string
	emit := func(p string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		if differs(old, p, data) {
			written = append(written, p)
		}
		files[p] = data
		return nil
	}
	if indexes != nil {
		jobs = slices.DeleteFunc(slices.Clone(jobs), func(j render.Job) bool {
			if j.Shows().Patch == 0 {
				return false
			}
			x := j.Index()
			indexes[j.Path] = x
			_ = emit(j.Path, x.Bytes())
			return true
		})
	}
	err := RunJobs(ctx, jobs, emit)
	return written, err
}

// differs reports whether data is new at p or not what old holds there.
func differs(old map[string][]byte, p string, data []byte) bool {
	b, ok := old[p]
	return !ok || !bytes.Equal(b, data)
}

// A view of the whole playbook (the home page, the lists, the matrix,
// the search index) is the slow part of a rebuild and rarely the page
// being edited; the pages of the edited node's neighbours can be
// hundreds. An incremental rebuild therefore returns once the changed
// pages are rendered and leaves the others to a background goroutine, as
// Hugo's fast render mode does; unlike it, the update names those pages
// (Update.Pending), so that a server can hold a request for one until it
// is current instead of serving the old bytes.

// background is the rendering an update left running when it returned.
type background struct {
	done chan struct{}
	// final and snap (the snapshot complete) and err are set before done
	// is closed.
	final *Update
	snap  *snapshot
	err   error
}

// Wait waits until the files in Pending are rendered and returns the
// update complete: Files is the whole current site, Written and Removed
// count from the same site as u's do, and Pending is empty. An update
// with nothing pending is returned as it is. The error is a failed
// render (the session then renders everything on its next rebuild) or
// ctx's.
func (u *Update) Wait(ctx context.Context) (*Update, error) {
	if u.bg == nil {
		return u, nil
	}
	select {
	case <-u.bg.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return u.bg.final, u.bg.err
}

// ready returns a channel that is closed once the files in Pending are
// rendered or failed to render; nil, which blocks for ever, when nothing
// is pending. The server waits with Wait (see server.Pending); this is
// for tests that must not wait.
func (u *Update) ready() <-chan struct{} {
	if u.bg == nil {
		return nil
	}
	return u.bg.done
}

// settle waits for the background rendering the last update left and
// takes its snapshot as the last good one, so that the next rebuild
// starts from a site that is all current: a rebuild may change the graph
// the background renders from.
func (s *Session) settle() {
	bg := s.bg
	if bg == nil {
		return
	}
	<-bg.done
	s.bg = nil
	if bg.err != nil {
		s.needFull = true // the pending pages are out of date
		return
	}
	s.good = bg.snap
}

// startBackground patches the indexes of pl.patch and renders the files
// of pl.later after fg, an update whose Files hold their last versions,
// from the jobs that list lists, and records the work in fg and the
// session.
func (s *Session) startBackground(ctx context.Context, fg *Update, cur *snapshot, pl rebuild, list func() ([]render.Job, error)) {
	bg := &background{done: make(chan struct{})}
	fg.Pending = slices.Concat(pl.later, slices.Collect(maps.Keys(pl.patch)))
	slices.Sort(fg.Pending)
	fg.bg, fg.cssOnly = bg, false
	s.bg = bg
	go func() {
		defer close(bg.done)
		bg.final, bg.snap, bg.err = renderLater(ctx, fg, cur, pl, list)
	}()
}

// renderLater makes the pending files of fg and returns fg and cur
// complete.
func renderLater(ctx context.Context, fg *Update, cur *snapshot, pl rebuild, list func() ([]render.Job, error)) (*Update, *snapshot, error) {
	snap := *cur
	snap.files = maps.Clone(fg.Files)
	snap.indexes = maps.Clone(cur.indexes)
	written := patchInto(cur.res, pl.patch, fg.Files, snap.files, snap.indexes)
	if len(pl.later) > 0 {
		all, err := list()
		if err != nil {
			return nil, nil, fmt.Errorf("listing the pending pages: %w", err)
		}
		todo := pick(all, pl.later)
		if len(todo) != len(pl.later) {
			return nil, nil, fmt.Errorf("rendering: %d of the %d pending files have no render job", len(pl.later)-len(todo), len(pl.later))
		}
		w, err := renderInto(ctx, todo, fg.Files, snap.files, snap.indexes)
		if err != nil {
			return nil, nil, fmt.Errorf("rendering: %w", err)
		}
		written = append(written, w...)
	}
	written = append(written, fg.Written...)
	slices.Sort(written)
	return &Update{Result: fg.Result, Files: snap.files, Written: written, Removed: fg.Removed, Full: fg.Full}, &snap, nil
}
