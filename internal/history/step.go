package history

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
	"github.com/bearing-dev/bearing/internal/source"
)

// step is one commit of the log with all that follows from its files
// alone: their versions parsed, the snapshot's documents, the events and
// readings between it and the commit before. A stepper makes steps; the
// walker patches a graph from them and judges it. A step is the
// walker's once made: the stepper keeps nothing of it that it changes.
type step struct {
	index   int
	commit  Commit
	changes []change
	// docs are the snapshot's documents, in path order.
	docs []*document.Document
	// after holds, for each change, the document at its Path once the
	// commit is applied; nil where that is no Markdown file.
	after []*document.Document
	// assets are the snapshot's other content files, sorted. The slice
	// is shared by the steps that have the same assets and never changed.
	assets []string
	// events are the changes this commit made to the nodes (Compare).
	events   []Event
	readings []Reading
	// judge says that the options judge and this commit must be judged:
	// the first, one on another day than the last judged, one that can
	// change what a judge finds (sameFindings). For the others, the last
	// findings stand.
	judge bool
	// rebuild says that no patch makes the commit's graph: it is the
	// first, or changes a content file that is not Markdown, which can
	// change where any link points (walker.edit patches the rest, or
	// builds when a patch is refused). graph is that graph when
	// the stepper had the time to build it (see steps), else nil: the
	// walker builds it, the same graph.
	rebuild bool
	graph   *model.Graph
}

// stepper takes the log's commits with their files' contents from the
// fetcher and keeps the files of the snapshot: every version a commit
// makes is parsed, once. It runs on a goroutine of its own while the
// walker judges the commit before (see ahead), and the fetcher on another
// while it parses, so it shares nothing with the walker but the steps it
// hands over, documents it never changes.
type stepper struct {
	o Options
	// batches returns the log's commits with their files' contents.
	batches func() (*batch, error)
	// files maps each content path to its blob and parse; sorted holds
	// their documents in path order. assets are the other content files,
	// for links to them; assetList is their sorted list, nil when it must
	// be made anew.
	files     map[string]file
	sorted    []*document.Document
	assets    map[string]bool
	assetList []string
	// parsed keeps the parses of blobs that left the tree, so that a
	// revert does not parse them again; it is emptied when it grows past
	// maxParsed, which bounds memory on any history.
	parsed map[string]file
	// fetched holds the contents of the commit's new blobs, by blob id,
	// as the fetcher read them; preparsed the parses preparse made of
	// them, by path and blob.
	fetched   map[string]blobData
	preparsed map[string]*document.Document
	// current holds each signal's last current value, by id.
	current map[string]float64
	// judged is the day of the last commit judged; n counts the commits.
	judged time.Time
	n      int
}

// file is one Markdown file of the snapshot: its blob, its contents
// (nil when not read) and their parse.
type file struct {
	blob string
	data []byte
	doc  *document.Document
}

// blobData is one answer of git cat-file: nil data with a size over
// document.MaxFileSize.
type blobData struct {
	data []byte
	size int64
}

// maxParsed bounds the parses kept of blobs no longer in the tree. A
// revert mostly restores a version from a few commits back; keeping
// 2,048 cost 18 MiB of a cold check's peak on 300 files and 1,000
// commits (50 MiB at the default GOGC, 32 with 128) and no time measured.
const maxParsed = 128

func newStepper(o Options, batches func() (*batch, error)) *stepper {
	return &stepper{o: o, batches: batches, files: map[string]file{}, assets: map[string]bool{},
		parsed: map[string]file{}, preparsed: map[string]*document.Document{}, current: map[string]float64{}}
}

// next reads the next commit of the stream into a step, or returns
// io.EOF after the last.
func (s *stepper) next(ctx context.Context) (*step, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b, err := s.batches()
	if err != nil {
		return nil, err
	}
	rc := b.rc
	s.fetched = b.blobs
	defer s.fetchedDone()
	if b.start != nil {
		if err := s.start(b.start); err != nil {
			return nil, err
		}
	}
	c := Commit{ID: rc.ID, Date: time.Unix(rc.Time, 0).UTC(), Author: clean(rc.Author), Subject: clean(rc.Subject)}
	st := &step{index: s.n, commit: c, changes: rc.Changes}
	s.n++
	was := s.versions(rc.Changes)
	if st.events, err = s.apply(rc.Changes); err != nil {
		return nil, fmt.Errorf("commit %s: %w", c.Short(), err)
	}
	st.docs = slices.Clip(slices.Clone(s.sorted))
	st.after = make([]*document.Document, len(rc.Changes))
	for i, ch := range rc.Changes {
		if f, ok := s.files[ch.Path]; ok {
			st.after[i] = f.doc
		}
	}
	st.assets = s.assetsSorted()
	st.rebuild = st.index == 0 || !patchable(rc.Changes)
	if s.o.Judge != nil {
		day := c.Date.Truncate(24 * time.Hour)
		if st.index == 0 || !day.Equal(s.judged) || !s.sameFindings(rc.Changes, was) {
			st.judge, s.judged = true, day
		}
	}
	st.readings = s.readings(st.index, rc.Changes)
	return st, nil
}

// readings returns the signals' current values that a commit's changes
// set or changed.
func (s *stepper) readings(idx int, chs []change) []Reading {
	var out []Reading
	for _, ch := range chs {
		f, ok := s.files[ch.Path]
		if !ok || !usable(f.doc) || f.doc.Kind != document.Signal {
			continue
		}
		cur := f.doc.Front.Current
		if cur == nil {
			continue
		}
		if v, had := s.current[f.doc.ID]; had && v == *cur {
			continue
		}
		s.current[f.doc.ID] = *cur
		out = append(out, Reading{Commit: idx, Node: f.doc.ID, Value: *cur})
	}
	return out
}

// start loads the files of the tree before the first commit read.
func (s *stepper) start(es []treeEntry) error {
	var paths, blobs []string
	for _, e := range es {
		paths, blobs = append(paths, e.path), append(blobs, e.blob)
	}
	s.preparse(paths, blobs)
	for _, e := range es {
		if err := s.add(e.path, e.mode, e.blob, file{}); err != nil {
			return err
		}
	}
	clear(s.preparsed)
	return nil
}

// apply makes a commit's changes to the snapshot and returns its events.
func (s *stepper) apply(chs []change) ([]Event, error) {
	var paths, blobs []string
	for _, ch := range chs {
		if ch.Status != 'D' {
			paths, blobs = append(paths, ch.Path), append(blobs, ch.NewBlob)
		}
	}
	s.preparse(paths, blobs)
	var before, after []*document.Document
	var renames map[string]string
	for _, ch := range chs {
		var prev file // the version before, whose body may be the same
		switch ch.Status {
		case 'R':
			if renames == nil {
				renames = map[string]string{}
			}
			renames[ch.OldPath] = ch.Path
			before = s.appendDoc(before, ch.OldPath)
			prev = s.files[ch.OldPath]
			s.remove(ch.OldPath)
		case 'D':
			before = s.appendDoc(before, ch.Path)
			s.remove(ch.Path)
			continue
		case 'M', 'T':
			before = s.appendDoc(before, ch.Path)
			prev = s.files[ch.Path]
		}
		s.remove(ch.Path)
		if err := s.add(ch.Path, ch.NewMode, ch.NewBlob, prev); err != nil {
			return nil, err
		}
		after = s.appendDoc(after, ch.Path)
	}
	return Compare(before, after, renames, nil), nil
}

// appendDoc appends the document at p, if p is a Markdown file.
func (s *stepper) appendDoc(ds []*document.Document, p string) []*document.Document {
	if f, ok := s.files[p]; ok {
		return append(ds, f.doc)
	}
	return ds
}

// remove takes p out of the snapshot, keeping its parse for a revert.
func (s *stepper) remove(p string) {
	if f, ok := s.files[p]; ok {
		if len(s.parsed) >= maxParsed {
			clear(s.parsed)
		}
		s.parsed[p+"\x00"+f.blob] = f
		delete(s.files, p)
		if i, found := s.find(p); found {
			s.sorted = slices.Delete(s.sorted, i, i+1)
		}
	}
	if s.assets[p] {
		delete(s.assets, p)
		s.assetList = nil
	}
}

// find returns where p's document is or would be in s.sorted.
func (s *stepper) find(p string) (int, bool) {
	return slices.BinarySearchFunc(s.sorted, p, func(d *document.Document, p string) int { return cmp.Compare(d.Path, p) })
}

// isFile reports whether a blob of the given mode at p is a content
// file of the snapshot: only regular files are content, a symbolic link
// or submodule is left out.
func isFile(p, mode string) bool {
	return (mode == "100644" || mode == "100755") && isContent(p)
}

// preparse parses, on every core, the new Markdown files of a batch of
// parallelParse or more (the first commit, mostly), whose contents were
// fetched, while the walker has nothing to do yet; add takes the parses.
func (s *stepper) preparse(paths, blobs []string) {
	if len(blobs) < parallelParse || runtime.GOMAXPROCS(0) < 2 {
		return
	}
	var todo []int
	for i, p := range paths {
		_, kept := s.parsed[p+"\x00"+blobs[i]]
		if _, there := s.files[p]; !there && !kept && source.IsMarkdown(p) && s.fetched[blobs[i]].data != nil {
			todo = append(todo, i)
		}
	}
	docs := make([]*document.Document, len(todo))
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Go(func() {
			for j := w; j < len(todo); j += workers {
				i := todo[j]
				docs[j] = document.Parse(s.o.MD, paths[i], source.ContentPath(paths[i]), s.fetched[blobs[i]].data)
			}
		})
	}
	wg.Wait()
	for j, i := range todo {
		s.preparsed[paths[i]+"\x00"+blobs[i]] = docs[j]
	}
}

// parallelParse is the batch of blobs from which preparse parses the
// new files on every core.
const parallelParse = 32

// fetchedDone forgets what was fetched and parsed for a commit.
func (s *stepper) fetchedDone() {
	clear(s.fetched)
	clear(s.preparsed)
}

// add puts the blob at p into the snapshot, parsing it if it is
// Markdown: the body only if it is not prev's, the version before.
func (s *stepper) add(p, mode, blob string, prev file) error {
	if !isFile(p, mode) {
		return nil
	}
	if !source.IsMarkdown(p) {
		if !s.assets[p] {
			s.assets[p] = true
			s.assetList = nil
		}
		return nil
	}
	key := p + "\x00" + blob
	f, kept := s.parsed[key]
	if kept {
		delete(s.parsed, key)
	} else {
		b, ok := s.fetched[blob]
		if !ok {
			return fmt.Errorf("git cat-file: %s was not fetched", blob) // cannot happen: the fetcher asks for every one
		}
		f = file{blob: blob, data: b.data}
		switch pre := s.preparsed[key]; {
		case pre != nil:
			f.doc = pre
		case b.data == nil && b.size > 0:
			f.doc = document.TooLarge(p, b.size)
		case prev.doc != nil && prev.data != nil:
			f.doc = document.Reparse(s.o.MD, prev.doc, prev.data, p, source.ContentPath(p), b.data)
		default:
			f.doc = document.Parse(s.o.MD, p, source.ContentPath(p), b.data)
		}
	}
	i, _ := s.find(p)
	if _, had := s.files[p]; had {
		s.sorted[i] = f.doc
	} else {
		s.sorted = slices.Insert(s.sorted, i, f.doc)
	}
	s.files[p] = f
	return nil
}

// assetsSorted returns the snapshot's assets, sorted: the same slice
// until they change.
func (s *stepper) assetsSorted() []string {
	if s.assetList == nil {
		s.assetList = make([]string, 0, len(s.assets))
		for a := range s.assets {
			s.assetList = append(s.assetList, a)
		}
		slices.Sort(s.assetList)
		s.assetList = slices.Clip(s.assetList)
	}
	return s.assetList
}

// isContent reports whether p is a file under content/ that a walk of the
// playbook would read: no hidden folder or editor file on its way.
func isContent(p string) bool {
	rest, ok := strings.CutPrefix(p, source.ContentDir+"/")
	if !ok {
		return false
	}
	for {
		part, more, cut := strings.Cut(rest, "/")
		if part == "" || source.Ignored(part) {
			return false
		}
		if !cut {
			return true
		}
		rest = more
	}
}
