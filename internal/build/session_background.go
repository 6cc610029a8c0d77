package build

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/bearing-dev/bearing/internal/render"
)

// An aggregate page (the home page, the lists, the matrix, the search
// index) shows the whole playbook, so it is the slow part of a rebuild
// and rarely the page being edited; the pages of the edited node's
// neighbours can be hundreds. An incremental rebuild therefore returns
// once the changed pages are rendered and leaves the others to a
// background goroutine, as Hugo's fast render mode does; unlike it, the
// update names those pages (Update.Pending), so that a server can hold a
// request for one until it is current instead of serving the old bytes.

// deferred is the part of a rebuild left to the background.
type deferred struct {
	// paths are the output files to render, sorted; each is in the site
	// already, with its last version.
	paths []string
	// jobs returns render jobs that include one for every path. It runs
	// in the background: listing the jobs of a whole site is itself
	// slow.
	jobs func() ([]render.Job, error)
}

// background is the rendering an update left running when it returned.
type background struct {
	done chan struct{}
	// final and err are set before done is closed.
	final *Update
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

// Ready returns a channel that is closed once the files in Pending are
// rendered or failed to render; nil, which blocks for ever, when nothing
// is pending.
func (u *Update) Ready() <-chan struct{} {
	if u.bg == nil {
		return nil
	}
	return u.bg.done
}

// settle finishes what the last update left: it puts back the last good
// graph under a rejected edit (see applyFront), and waits for the
// background rendering and takes its site as the session's, so that the
// next rebuild starts from a site that is all current: a rebuild may
// change the graph the background renders from.
func (s *Session) settle() {
	if undo := s.undo; undo != nil {
		s.undo = nil
		if !undo() {
			s.needFull = true
		}
	}
	bg := s.bg
	if bg == nil {
		return
	}
	<-bg.done
	s.bg = nil
	if bg.err != nil {
		s.needFull = true // the aggregate pages are out of date
		return
	}
	s.files = bg.final.Files
}

// startBackground renders later's files after fg, an update whose Files
// hold their last versions, and records the work in fg and the session.
func (s *Session) startBackground(ctx context.Context, fg *Update, later *deferred) {
	bg := &background{done: make(chan struct{})}
	fg.Pending, fg.bg, fg.cssOnly = later.paths, bg, false
	s.bg = bg
	go func() {
		defer close(bg.done)
		bg.final, bg.err = renderLater(ctx, fg, later)
	}()
}

// renderLater renders the deferred files of fg and returns fg complete.
func renderLater(ctx context.Context, fg *Update, later *deferred) (*Update, error) {
	all, err := later.jobs()
	if err != nil {
		return nil, fmt.Errorf("listing the aggregate pages: %w", err)
	}
	var todo []render.Job
	for _, j := range all {
		if _, found := slices.BinarySearch(later.paths, j.Path); found {
			todo = append(todo, j)
		}
	}
	if len(todo) != len(later.paths) {
		return nil, fmt.Errorf("rendering: %d of the %d pending files have no render job", len(later.paths)-len(todo), len(later.paths))
	}
	files := maps.Clone(fg.Files)
	written, err := renderInto(ctx, todo, fg.Files, files)
	if err != nil {
		return nil, fmt.Errorf("rendering: %w", err)
	}
	written = append(written, fg.Written...)
	slices.Sort(written)
	return &Update{Result: fg.Result, Files: files, Written: written, Removed: fg.Removed, Full: fg.Full}, nil
}

// aggregatePaths lists, sorted, the files of a site's jobs that show the
// whole playbook and change with it: the jobs marked Whole but the pages
// that show only the site.
func aggregatePaths(jobs []render.Job) []string {
	var out []string
	for _, j := range jobs {
		if j.Whole() && !slices.Contains(siteOnlyFiles, j.Path) {
			out = append(out, j.Path)
		}
	}
	slices.Sort(out)
	return out
}
