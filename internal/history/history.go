// Package history owns the playbook's past as git recorded it: it is the
// only reader of git. One streaming git log along the first-parent chain
// of HEAD, limited to content/ and bearing.yaml, with renames followed,
// says which file versions each commit made; one long-lived git cat-file
// --batch gives their contents; each version is parsed once, and a
// snapshot of the playbook (its documents, and a model graph patched from
// commit to commit) is kept for one commit at a time. Between consecutive
// snapshots it finds events (a node created or renamed, a stage advanced,
// a target eased...). It imports document, markdown, model and source,
// and never validate or anything later: callers judge snapshots.
package history

import (
	"cmp"
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
	w := newWalker(o, cf)
	l := &Log{Head: head, Since: o.Since, Commits: []Commit{}, Events: []Event{}, Series: []Point{}, Readings: []Reading{}}
	werr := w.run(ctx, g, newLogReader(out), l)
	if werr != nil {
		cmd.Process.Kill()
	}
	io.Copy(io.Discard, out)
	if err := cmd.Wait(); err != nil && werr == nil {
		werr = refusal("log", err, []byte(stderr.String()))
	}
	if werr != nil {
		return nil, werr
	}
	return l, nil
}

// walker holds the snapshot being patched from commit to commit.
type walker struct {
	o  Options
	cf *catFile
	// files maps each content path to its blob and parse; assets are the
	// other content files, for links to them.
	files  map[string]file
	assets map[string]bool
	// parsed keeps the parses of blobs that left the tree, so that a
	// revert does not parse them again; it is emptied when it grows past
	// maxParsed, which bounds memory on any history.
	parsed map[string]*document.Document
	graph  *model.Graph
	// findings are the last snapshot's, as Options.Judge found them on
	// the day judged.
	findings []Finding
	judged   time.Time
	// current holds each signal's last current value, by id.
	current map[string]float64
	// kinds holds the kinds of the last judged snapshot's nodes, by id.
	kinds map[string]document.Kind
}

// file is one Markdown file of the snapshot.
type file struct {
	blob string
	doc  *document.Document
}

// maxParsed bounds the parses kept of blobs no longer in the tree. A
// revert mostly restores a version from a few commits back; keeping
// 2,048 cost 18 MiB of a cold check's peak on 300 files and 1,000
// commits (50 MiB at the default GOGC, 32 with 128) and no time measured.
const maxParsed = 128

func newWalker(o Options, cf *catFile) *walker {
	return &walker{o: o, cf: cf, files: map[string]file{}, assets: map[string]bool{}, parsed: map[string]*document.Document{}, current: map[string]float64{}, kinds: map[string]document.Kind{}}
}

// run reads every commit of the stream into l.
func (w *walker) run(ctx context.Context, g *git, lr *logReader, l *Log) error {
	first := true
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		rc, err := lr.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if first && !w.o.Since.IsZero() {
			// Commits before Since are not read, but the files they made
			// are where the first one read starts from.
			if err := w.start(ctx, g, rc.ID+"^"); err != nil {
				return err
			}
		}
		first = false
		c := Commit{ID: rc.ID, Date: time.Unix(rc.Time, 0).UTC(), Author: clean(rc.Author), Subject: clean(rc.Subject)}
		idx := len(l.Commits)
		l.Commits = append(l.Commits, c)
		was := w.versions(rc.Changes)
		evs, err := w.apply(rc.Changes)
		if err != nil {
			return fmt.Errorf("commit %s: %w", c.Short(), err)
		}
		s := &Snapshot{Index: idx, Commit: c, Docs: w.docs(), Events: evs}
		s.Graph = w.patch(s.Docs, rc.Changes)
		if w.o.Visit != nil {
			if err := w.o.Visit(s); err != nil {
				return err
			}
		}
		p := point(idx, s.Graph)
		if w.o.Judge != nil {
			day := c.Date.Truncate(24 * time.Hour)
			if idx == 0 || !day.Equal(w.judged) || !w.sameFindings(rc.Changes, was) {
				fs := w.o.Judge(s)
				// With Since, the first commit read starts from files it
				// did not judge: its findings are where the series
				// starts, not news.
				if idx > 0 || w.o.Since.IsZero() {
					for _, e := range findingEvents(w.findings, fs) {
						if n := s.Graph.ByID[e.Node]; n != nil {
							e.NodeKind = n.Kind
						} else if k, ok := w.kinds[e.Node]; ok {
							e.NodeKind = k // a finding fixed by removing its node
						}
						evs = append(evs, e)
					}
				}
				clear(w.kinds)
				for _, n := range s.Graph.Nodes {
					w.kinds[n.ID] = n.Kind
				}
				w.findings, w.judged = fs, day
			}
			p.count(w.findings)
		}
		for i := range evs {
			evs[i].Commit = idx
		}
		l.Events = append(l.Events, evs...)
		l.Series = append(l.Series, p)
		l.Readings = append(l.Readings, w.readings(idx, rc.Changes)...)
	}
}

// readings returns the signals' current values that a commit's changes
// set or changed.
func (w *walker) readings(idx int, chs []change) []Reading {
	var out []Reading
	for _, ch := range chs {
		f, ok := w.files[ch.Path]
		if !ok || !usable(f.doc) || f.doc.Kind != document.Signal {
			continue
		}
		cur := f.doc.Front.Current
		if cur == nil {
			continue
		}
		if v, had := w.current[f.doc.ID]; had && v == *cur {
			continue
		}
		w.current[f.doc.ID] = *cur
		out = append(out, Reading{Commit: idx, Node: f.doc.ID, Value: *cur})
	}
	return out
}

// start loads the files of the tree at rev, the state before the first
// commit read; a rev that names nothing (the root commit's parent) is an
// empty tree.
func (w *walker) start(ctx context.Context, g *git, rev string) error {
	out, err := g.output(ctx, "ls-tree", "-r", "-z", "--end-of-options", rev, "--", source.ContentDir, "bearing.yaml")
	if err != nil {
		return nil // no parent: nothing before
	}
	for _, e := range strings.Split(string(out), "\x00") {
		meta, p, ok := strings.Cut(e, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 3 || f[1] != "blob" {
			continue
		}
		if err := w.add(p, f[0], f[2]); err != nil {
			return err
		}
	}
	return nil
}

// apply makes a commit's changes to the snapshot and returns its events.
func (w *walker) apply(chs []change) ([]Event, error) {
	var before, after []*document.Document
	renames := map[string]string{}
	for _, ch := range chs {
		switch ch.Status {
		case 'R':
			renames[ch.OldPath] = ch.Path
			before = w.appendDoc(before, ch.OldPath)
			w.remove(ch.OldPath)
		case 'D':
			before = w.appendDoc(before, ch.Path)
			w.remove(ch.Path)
			continue
		case 'M', 'T':
			before = w.appendDoc(before, ch.Path)
		}
		w.remove(ch.Path)
		if err := w.add(ch.Path, ch.NewMode, ch.NewBlob); err != nil {
			return nil, err
		}
		after = w.appendDoc(after, ch.Path)
	}
	return Compare(before, after, renames, nil), nil
}

// appendDoc appends the document at p, if p is a Markdown file.
func (w *walker) appendDoc(ds []*document.Document, p string) []*document.Document {
	if f, ok := w.files[p]; ok {
		return append(ds, f.doc)
	}
	return ds
}

// remove takes p out of the snapshot, keeping its parse for a revert.
func (w *walker) remove(p string) {
	if f, ok := w.files[p]; ok {
		if len(w.parsed) >= maxParsed {
			clear(w.parsed)
		}
		w.parsed[p+"\x00"+f.blob] = f.doc
		delete(w.files, p)
	}
	delete(w.assets, p)
}

// add puts the blob at p into the snapshot, parsing it if it is Markdown.
// Only regular files are content: a symbolic link or submodule is left out.
func (w *walker) add(p, mode, blob string) error {
	if !isContent(p) || (mode != "100644" && mode != "100755") {
		return nil
	}
	if !source.IsMarkdown(p) {
		w.assets[p] = true
		return nil
	}
	key := p + "\x00" + blob
	if d := w.parsed[key]; d != nil {
		delete(w.parsed, key)
		w.files[p] = file{blob: blob, doc: d}
		return nil
	}
	data, size, err := w.cf.read(blob)
	if err != nil {
		return err
	}
	var d *document.Document
	if data == nil && size > 0 {
		d = document.TooLarge(p, size)
	} else {
		d = document.Parse(w.o.MD, p, source.ContentPath(p), data)
	}
	w.files[p] = file{blob: blob, doc: d}
	return nil
}

// isContent reports whether p is a file under content/ that a walk of the
// playbook would read: no hidden folder or editor file on its way.
func isContent(p string) bool {
	rest, ok := strings.CutPrefix(p, source.ContentDir+"/")
	if !ok {
		return false
	}
	for _, part := range strings.Split(rest, "/") {
		if part == "" || source.Ignored(part) {
			return false
		}
	}
	return true
}

// docs returns the snapshot's documents in path order.
func (w *walker) docs() []*document.Document {
	ds := make([]*document.Document, 0, len(w.files))
	for _, f := range w.files {
		ds = append(ds, f.doc)
	}
	slices.SortFunc(ds, func(a, b *document.Document) int { return cmp.Compare(a.Path, b.Path) })
	return ds
}

// patch returns the graph of docs: the previous graph with each changed
// node replaced when the commit only edited files in place, keeping their
// ids and kinds, else a new graph.
func (w *walker) patch(docs []*document.Document, chs []change) *model.Graph {
	if w.graph != nil && w.patchable(chs) {
		ok := true
		for _, ch := range chs {
			f, in := w.files[ch.Path]
			if !in {
				continue
			}
			n := w.graph.ByID[f.doc.ID]
			if n == nil || n.Path != ch.Path || !w.graph.Replace(n, f.doc) {
				ok = false
				break
			}
		}
		if ok {
			return w.graph
		}
	}
	assets := make([]string, 0, len(w.assets))
	for a := range w.assets {
		assets = append(assets, a)
	}
	slices.Sort(assets)
	w.graph = model.Build(docs, assets)
	return w.graph
}

// patchable reports whether every change edits a file in place.
func (w *walker) patchable(chs []change) bool {
	for _, ch := range chs {
		if ch.Status != 'M' && (isContent(ch.Path) || isContent(ch.OldPath)) {
			return false
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
