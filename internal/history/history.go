// Package history owns the playbook's past as git recorded it: it is the
// only reader of git. One streaming git log along the first-parent chain
// of HEAD, limited to content/ and bearing.yaml, with renames followed,
// says which file versions each commit made; one long-lived git cat-file
// --batch gives their contents; each version is parsed once, and a
// snapshot of the playbook (its documents, and a model graph patched from
// commit to commit) is kept for one commit at a time. Between consecutive
// snapshots it finds events (a node created or renamed, a stage advanced,
// a target eased...). The files of the next few commits are fetched and
// parsed on a goroutine of their own (step.go) while the graph of the
// one before is patched and judged (history.go). It imports document,
// markdown, model and source, and never validate or anything later:
// callers judge snapshots.
package history

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/markdown"
	"github.com/bearing-dev/bearing/internal/model"
	"github.com/bearing-dev/bearing/internal/source"
)

// Options configure a read of history. The zero value (but for Dir and
// MD) reads all of HEAD's history and builds no graphs.
type Options struct {
	// Dir is the playbook root, a folder of a git work tree.
	Dir string
	// MD parses past bodies; the build's engine, in links-only mode for
	// a check.
	MD *markdown.Engine
	// Since, when set, reads only commits from that date on (history_since).
	Since time.Time
	// Visit, when set, is called for every snapshot, oldest first, with
	// the graph of the playbook at that commit. The snapshot and its graph
	// are valid only during the call: the next commit patches them.
	Visit func(*Snapshot) error
	// Judge, when set, returns the findings of a snapshot (a check of its
	// graph, which history cannot run: it imports no rule). They are
	// counted in Log.Series and compared from commit to commit for the
	// events of a finding introduced or fixed. It is called after Visit,
	// with the same snapshot, for every commit but those that cannot
	// change what it finds: a commit on the day of the last one judged
	// that only edited bodies, leaving every frontmatter, link, heading,
	// title and file diagnostic as it was (sameFindings); the last
	// findings stand for those. A judge must therefore find from nothing
	// else, and judge a commit by its day, not its hour.
	Judge func(*Snapshot) []Finding
	// KeepHead keeps the parses of HEAD's Markdown files, with the bytes
	// each was parsed from, for Log.TakeHead.
	KeepHead bool
}

// Commit is one commit that changed the playbook. Author and Subject are
// untrusted text: whoever made the commit wrote them; they are cut to a
// few hundred bytes, with control characters replaced by spaces, and must
// be escaped wherever they are shown.
type Commit struct {
	ID      string
	Date    time.Time
	Author  string
	Subject string
}

// Short returns the commit id's first 7 characters.
func (c Commit) Short() string { return c.ID[:min(7, len(c.ID))] }

// Log is a playbook's history: its commits, oldest first, and the events
// between them.
type Log struct {
	// Head is HEAD's commit id when the history was read.
	Head    string
	Commits []Commit
	// Events are in commit order; each names its commit by index.
	Events []Event
	// Series holds the playbook's figures at each commit: Series[i] is
	// Commits[i]'s.
	Series []Point
	// Readings are the signals' current values, one where a commit set
	// or changed one, in commit order.
	Readings []Reading
	// Since is the date history was read from; zero when all of it was.
	Since time.Time
	// head holds what TakeHead returns.
	head map[string]HeadFile
}

// HeadFile is a Markdown file of HEAD as a read of the history parsed it.
type HeadFile struct {
	Data []byte
	Doc  *document.Document
}

// TakeHead returns the parses of HEAD's Markdown files, by path, that a
// read with Options.KeepHead made, and forgets them: a check whose files
// have the same bytes need not parse them again, if it parses as the
// read did (Options.MD). Nil for a log the read did not keep them for,
// and for one from the cache.
func (l *Log) TakeHead() map[string]HeadFile {
	h := l.head
	l.head = nil
	return h
}

// CommitOf returns the commit of an event; the zero Commit for one of the
// working tree.
func (l *Log) CommitOf(e Event) Commit {
	if e.Commit < 0 || e.Commit >= len(l.Commits) {
		return Commit{}
	}
	return l.Commits[e.Commit]
}

// Snapshot is the playbook at one commit.
type Snapshot struct {
	// Index is the commit's place in Log.Commits.
	Index  int
	Commit Commit
	// Docs are the playbook's documents at the commit, in path order.
	Docs []*document.Document
	// Events are the changes this commit made.
	Events []Event
	// Graph is the model of Docs.
	Graph *model.Graph
}

// Read reads the history of the playbook at o.Dir. It returns an
// *Unavailable error when there is none to read.
func Read(ctx context.Context, o Options) (*Log, error) {
	return read(ctx, o, lookahead())
}

// read is Read with the steps made up to ahead commits ahead of the
// walker, on a goroutine of their own; with ahead 0, on the walker's.
func read(ctx context.Context, o Options, ahead int) (*Log, error) {
	g, err := newGit(o.Dir)
	if err != nil {
		return nil, err
	}
	head, _, err := g.head(ctx)
	if err != nil {
		return nil, err
	}
	cf, err := g.startCatFile(ctx)
	if err != nil {
		return nil, err
	}
	defer cf.close()
	args := []string{"log", "--first-parent", "--diff-merges=first-parent", "--reverse", "-z", "--raw", "-M",
		"--no-abbrev", "--no-ext-diff", "--no-textconv", "--relative", logFormat}
	if !o.Since.IsZero() {
		args = append(args, "--since="+o.Since.UTC().Format(time.RFC3339))
	}
	args = append(args, head, "--", source.ContentDir, "bearing.yaml")
	cmd := g.command(ctx, args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("git log: %w", err)
	}
	var stderr strings.Builder
	cmd.Stderr = &limitWriter{w: &stderr, n: 4096}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("git log: %w", err)
	}
	batches, stopFetch := fetchAhead(ctx, &fetcher{g: g, cf: cf, lr: newLogReader(out), since: !o.Since.IsZero()}, ahead)
	st := newStepper(o, batches)
	next, stop := steps(ctx, st, ahead)
	l := &Log{Head: head, Since: o.Since, Commits: []Commit{}, Events: []Event{}, Series: []Point{}, Readings: []Reading{}}
	werr := newWalker(o).run(ctx, next, l)
	if werr != nil {
		cmd.Process.Kill()
	}
	stop()
	stopFetch()
	io.Copy(io.Discard, out)
	if err := cmd.Wait(); err != nil && werr == nil {
		werr = refusal("log", err, []byte(stderr.String()))
	}
	if werr != nil {
		return nil, werr
	}
	if o.KeepHead {
		l.head = make(map[string]HeadFile, len(st.files))
		for p, f := range st.files {
			if f.data != nil {
				l.head[p] = HeadFile{Data: f.data, Doc: f.doc}
			}
		}
	}
	return l, nil
}

// walker patches a graph from step to step and judges it: the part of a
// read that needs the graph, which runs on one goroutine.
type walker struct {
	o     Options
	graph *model.Graph
	// findings are the last judged snapshot's, as Options.Judge found
	// them; counted is the point of their counts.
	findings []Finding
	counted  Point
	// judgedIDs is the ByID of the last judged snapshot's graph, for the
	// kind of a node a finding was fixed by removing. A graph built anew
	// leaves the old alone; one patched in place changes it, so the kinds
	// of the nodes its patches removed since then are in gone.
	judgedIDs map[string]*model.Node
	gone      map[string]document.Kind
}

func newWalker(o Options) *walker { return &walker{o: o} }

// run reads every step next returns into l, until io.EOF.
func (w *walker) run(ctx context.Context, next func() (*step, error), l *Log) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		st, err := next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		c, idx := st.commit, st.index
		l.Commits = append(l.Commits, c)
		evs := st.events
		s := &Snapshot{Index: idx, Commit: c, Docs: st.docs, Events: evs}
		s.Graph = w.patch(st)
		if w.o.Visit != nil {
			if err := w.o.Visit(s); err != nil {
				return err
			}
		}
		p := point(idx, s.Graph)
		if w.o.Judge != nil {
			if st.judge {
				fs := w.o.Judge(s)
				// With Since, the first commit read starts from files it
				// did not judge: its findings are where the series
				// starts, not news.
				if idx > 0 || w.o.Since.IsZero() {
					for _, e := range findingEvents(w.findings, fs) {
						if n := s.Graph.ByID[e.Node]; n != nil {
							e.NodeKind = n.Kind
						} else if k, ok := w.gone[e.Node]; ok {
							e.NodeKind = k // a finding fixed by removing its node
						} else if n := w.judgedIDs[e.Node]; n != nil {
							e.NodeKind = n.Kind
						}
						evs = append(evs, e)
					}
				}
				w.judgedIDs = s.Graph.ByID
				clear(w.gone)
				if idx == 0 || !slices.Equal(fs, w.findings) {
					w.counted = Point{}
					w.counted.count(fs)
				}
				w.findings = fs
			}
			// The counts' rules are shared by the points until findings
			// change: a point's lists are never changed once made.
			p.Judged, p.Errors, p.Warnings, p.Rules = true, w.counted.Errors, w.counted.Warnings, w.counted.Rules
		}
		for i := range evs {
			evs[i].Commit = idx
		}
		l.Events = append(l.Events, evs...)
		if n := len(l.Series); n > 0 && slices.Equal(l.Series[n-1].Directions, p.Directions) {
			p.Directions = l.Series[n-1].Directions // most commits move no direction
		}
		l.Series = append(l.Series, p)
		l.Readings = append(l.Readings, st.readings...)
	}
}

// patch returns the graph of a step: the previous graph patched in place
// with each change (model's Replace, Add and Remove) when the commit
// only changed Markdown files and every patch applies, else a new graph.
func (w *walker) patch(st *step) *model.Graph {
	if st.graph != nil {
		w.graph = st.graph
		return w.graph
	}
	if w.graph != nil && !st.rebuild && w.edit(st) {
		return w.graph
	}
	w.graph = model.Build(st.docs, st.assets)
	return w.graph
}

// edit patches w.graph with the step's changes, in their order: each
// patch leaves the graph Build would make of the files so far. It reports
// false at the first patch the graph refuses, having made those before:
// the graph must then be built anew.
func (w *walker) edit(st *step) bool {
	g := w.graph
	// leave takes out the file at p, which the commit removed, renamed or
	// made no regular file. A Markdown file without a node is one that
	// could not be read, whose id only Build keeps track of.
	leave := func(p string) bool {
		n := g.File(p)
		if n == nil {
			return !isContent(p) || !source.IsMarkdown(p)
		}
		if w.gone == nil {
			w.gone = map[string]document.Kind{}
		}
		w.gone[n.ID] = n.Kind // kept even if refused: ByID is read first
		return g.Remove(n)
	}
	for i, ch := range st.changes {
		if ch.Status == 'R' && !leave(ch.OldPath) {
			return false
		}
		d, n := st.after[i], g.File(ch.Path)
		switch {
		case d == nil:
			if !leave(ch.Path) {
				return false
			}
		case n != nil:
			if !g.Replace(n, d) {
				return false
			}
		case !g.Add(d):
			return false
		}
	}
	return true
}

// patchable reports whether a graph can be patched with the changes:
// whether they change Markdown files only, in place or not. A change to
// another content file changes where links may point.
func patchable(chs []change) bool {
	for _, ch := range chs {
		for _, p := range []string{ch.Path, ch.OldPath} {
			if isContent(p) && !source.IsMarkdown(p) {
				return false
			}
		}
	}
	return true
}

// clean makes untrusted commit text one line of valid UTF-8.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069') {
			return ' '
		}
		return r
	}, s)
}

// limitWriter keeps the first n bytes written to it and drops the rest.
type limitWriter struct {
	w io.Writer
	n int
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if l.n > 0 {
		k := min(len(p), l.n)
		l.w.Write(p[:k])
		l.n -= k
	}
	return len(p), nil
}
