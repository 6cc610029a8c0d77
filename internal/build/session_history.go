package build

import (
	"context"
	"fmt"
	"strings"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/history"
	"github.com/bearing-dev/bearing/internal/model"
	"github.com/bearing-dev/bearing/internal/render"
)

// History rebuilds what the history shows once the session's
// Options.History returns another history than the last good build's:
// serve reads it in the background, so its first builds go without, and
// reads it again when HEAD moves. The playbook is validated again (the
// rules that need history), and the plan renders the pages that declare
// the History part of a node whose history changed (its page), those of
// a signal whose readings come from git (every page that shows its
// figures, as for a change of its frontmatter), the views of the whole
// history (the drift page, history.json) and the pages whose findings
// changed. With nothing new, or before a first good build (whose check
// reads the history itself), it changes nothing.
func (s *Session) History(ctx context.Context) (*Update, error) {
	s.settle()
	if s.needFull {
		return s.Full(ctx)
	}
	if s.good == nil || s.opts.History == nil || len(s.pending) > 0 {
		// Without a good build, or with an edit still rejected, the next
		// check reads the history and diff compares it.
		return s.unchanged(), nil
	}
	old := s.good
	l := s.opts.History(old.res.Config)
	note := ""
	if l == nil && s.opts.HistoryNote != nil {
		note = s.opts.HistoryNote()
	}
	if l == old.res.History && note == old.res.HistoryNote {
		return s.unchanged(), nil
	}
	res := *old.res
	res.History, res.HistoryNote = l, note
	res.Diags = diagnose(&res, res.Docs, res.Graph, s.opts)
	if res.Errors() > 0 {
		// A rule that needs history made an error of it: keep the last
		// good site; the next check sees the same.
		s.last, s.patchable = &res, false
		return &Update{Result: &res, Files: old.files}, nil
	}
	ch := change{parts: map[string]render.Part{}, copied: map[string]bool{}, near: func(seeds map[string]bool, steps int) map[string]bool {
		return paths(model.Near(nodesOf(&res, seeds), steps))
	}}
	historyParts(old.res, &res, ch.parts)
	for f := range diffDiags(old.res.Diags, res.Diags) {
		ch.parts[f] |= render.Findings
	}
	jobs, assets, err := s.jobs(&res, s.r, old.assets, nil)
	if err != nil {
		s.needFull = true
		return nil, fmt.Errorf("listing the pages: %w", err)
	}
	cur := newSnapshot(&res, jobs, assets)
	pl := plan(old.pages, cur.pages, old.canPatch, ch)
	return s.execute(ctx, old, cur, jobs, pl, func() ([]render.Job, error) { return jobs, nil })
}

// historyParts adds to parts what differs between the histories of two
// checked playbooks: History for each node whose events differ (its own
// and, under the id it has now, those of the ids it had), with Front for
// a signal whose file records no readings, whose readings from git may
// then differ (a reading comes with an event of its commit); and, when
// anything differs (the note saying why there is none, too), History
// under "", a file of no node, so that the views of the whole history
// follow.
func historyParts(old, cur *Result, parts map[string]render.Part) {
	if old.History == cur.History {
		if old.HistoryNote != cur.HistoryNote {
			parts[""] |= render.History // the drift page's sentence
		}
		return
	}
	parts[""] |= render.History
	oi, ci := byNode(old.History), byNode(cur.History)
	for _, d := range cur.Docs {
		if !d.Usable() {
			continue
		}
		if eventsKey(old.History, oi[d.ID]) == eventsKey(cur.History, ci[d.ID]) {
			continue
		}
		parts[d.Path] |= render.History
		if d.Kind == document.Signal && len(d.Front.History) == 0 && d.Front.Data == "" {
			parts[d.Path] |= render.Front
		}
	}
}

func byNode(l *history.Log) map[string][]int {
	if l == nil {
		return nil
	}
	return l.ByNode()
}

// eventsKey writes events of l as text, with their commits, for
// comparison.
func eventsKey(l *history.Log, idx []int) string {
	var b strings.Builder
	for _, i := range idx {
		e := l.Events[i]
		c := l.CommitOf(e)
		fmt.Fprintf(&b, "%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%s\x01", c.ID, c.Subject, e.Kind, e.Node, e.Field, e.From, e.To, e.Severity)
	}
	return b.String()
}
