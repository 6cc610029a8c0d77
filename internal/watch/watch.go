// Package watch owns file-system watching for the dev server: fsnotify
// watches on the files and folder trees its caller names under a root
// (new folders too), editor temp files dropped (source.Ignored), and
// bursts of events debounced into batches. It knows nothing of what the
// files mean: which ones to watch, and what a lost event costs, are the
// caller's. It imports source for the names of temp files and nothing
// else of bearing's.
package watch

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bearing-dev/bearing/internal/source"
	"github.com/fsnotify/fsnotify"
)

// Batch is a set of changed paths, slash-separated and relative to the
// watched root, sorted.
type Batch struct {
	Paths []string
	// Overflow is set when the kernel dropped events since the last
	// batch: Paths may then miss changes, and anything under the root may
	// have changed.
	Overflow bool
}

// Options say what a Watcher watches and tune its debounce. Zero
// durations take the defaults; with no Files and no Dirs, nothing is
// reported.
type Options struct {
	// Files are files directly under the root to watch, such as a
	// configuration file.
	Files []string
	// Dirs are folders directly under the root whose whole trees are
	// watched. They need not exist yet: a folder created later is watched
	// from then on.
	Dirs []string
	// Quiet is how long the tree must be still before a batch is sent
	// (default 25ms): a save that writes, renames and chmods is one batch.
	Quiet time.Duration
	// MaxWait caps how long a steady stream of events delays a batch
	// (default 400ms).
	MaxWait time.Duration
}

// Watcher watches the files and trees Options names under a root.
type Watcher struct {
	root    string
	fsw     *fsnotify.Watcher
	batches chan Batch
	errs    chan error
	done    chan struct{}
	wg      sync.WaitGroup
	opts    Options
	// newTimer makes the debounce's timers: real ones, or in a test ones
	// it fires itself, to decide when a batch is due.
	newTimer func() timer

	closeOnce sync.Once
}

// timer is what the debounce needs of a time.Timer.
type timer interface {
	C() <-chan time.Time
	Reset(d time.Duration)
	Stop()
}

// clockTimer is a time.Timer.
type clockTimer struct{ t *time.Timer }

func (c clockTimer) C() <-chan time.Time   { return c.t.C }
func (c clockTimer) Reset(d time.Duration) { c.t.Reset(d) }
func (c clockTimer) Stop()                 { c.t.Stop() }

// stoppedTimer returns a time.Timer that has not started.
func stoppedTimer() timer {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return clockTimer{t}
}

// New starts watching root.
func New(root string, opts Options) (*Watcher, error) {
	return newWatcher(root, opts, stoppedTimer)
}

// newWatcher is New with the debounce's timers made by newTimer.
func newWatcher(root string, opts Options, newTimer func() timer) (*Watcher, error) {
	if opts.Quiet == 0 {
		opts.Quiet = 25 * time.Millisecond
	}
	if opts.MaxWait == 0 {
		opts.MaxWait = 400 * time.Millisecond
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{root: root, fsw: fsw, batches: make(chan Batch), errs: make(chan error, 1),
		done: make(chan struct{}), opts: opts, newTimer: newTimer}
	// The root itself is watched (not recursively) for its files and for
	// the watched folders being created, replaced or removed.
	if err := fsw.Add(root); err != nil {
		fsw.Close()
		return nil, err
	}
	for _, d := range opts.Dirs {
		w.addTree(filepath.Join(root, d), nil)
	}
	w.wg.Add(1)
	go w.loop()
	return w, nil
}

// Batches delivers debounced batches of changes. Changes made while the
// receiver is busy merge into the next batch. Events the kernel dropped
// come as a batch with Overflow set.
func (w *Watcher) Batches() <-chan Batch { return w.batches }

// Errors delivers fsnotify's errors other than an overflowed event queue
// (which is a Batch with Overflow set). An error that comes while the last
// is still unread is dropped.
func (w *Watcher) Errors() <-chan error { return w.errs }

// Close stops watching and waits for the watcher's goroutine to end. It
// may be called more than once.
func (w *Watcher) Close() error {
	var err error
	w.closeOnce.Do(func() {
		close(w.done)
		err = w.fsw.Close()
		w.wg.Wait()
	})
	return err
}

// addTree watches dir and every folder below it. Files found in folders
// created after the watch began are reported through found, closing the
// race between a folder's creation and its watch.
func (w *Watcher) addTree(dir string, found func(string)) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if p != dir && source.Ignored(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			_ = w.fsw.Add(p)
		} else if found != nil {
			found(p)
		}
		return nil
	})
}

// unwatch drops the watches on a folder that moved away or was deleted,
// and on every folder below it. fsnotify knows a watch by the path it was
// added with: a watch that followed its folder to a new name would keep
// reporting the old one, and the new name could not be watched afresh.
func (w *Watcher) unwatch(dir string) {
	for _, p := range w.fsw.WatchList() {
		if p == dir || strings.HasPrefix(p, dir+string(filepath.Separator)) {
			_ = w.fsw.Remove(p)
		}
	}
}

// relevant reports whether a path under the root matters: a watched file
// or anything (not ignored) inside a watched tree.
func (w *Watcher) relevant(rel string) bool {
	if slices.Contains(w.opts.Files, rel) {
		return true
	}
	return w.inTree(rel)
}

// inTree reports whether a path under the root is in a watched tree and
// not ignored.
func (w *Watcher) inTree(rel string) bool {
	first, _, _ := cutSlash(rel)
	return slices.Contains(w.opts.Dirs, first) && !source.Ignored(filepath.Base(rel))
}

func cutSlash(s string) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '/' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// loop owns the pending set and the debounce timers. A batch waits in
// ready until the consumer takes it, while new events keep collecting:
// a slow rebuild never stalls the reading of fsnotify's events.
func (w *Watcher) loop() {
	defer w.wg.Done()
	// pending and overflow collect what the next flush makes ready;
	// ready and readyOverflow are what the consumer has not taken yet.
	pending := map[string]bool{}
	ready := map[string]bool{}
	var overflow, readyOverflow bool
	quiet, maxWait := w.newTimer(), w.newTimer()
	defer quiet.Stop()
	defer maxWait.Stop()
	changed := func() {
		if len(pending) == 0 && !overflow {
			maxWait.Reset(w.opts.MaxWait)
		}
		quiet.Reset(w.opts.Quiet)
	}
	add := func(abs string) {
		rel, err := filepath.Rel(w.root, abs)
		if err != nil {
			return
		}
		rel = filepath.ToSlash(rel)
		if !w.relevant(rel) {
			return
		}
		changed()
		pending[rel] = true
	}
	var out chan<- Batch // w.batches while a batch is ready, else nil
	var b Batch
	flush := func() {
		for p := range pending {
			ready[p] = true
		}
		readyOverflow = readyOverflow || overflow
		clear(pending)
		overflow = false
		quiet.Stop()
		maxWait.Stop()
		if len(ready) > 0 || readyOverflow {
			out, b = w.batches, Batch{Paths: slices.Sorted(maps.Keys(ready)), Overflow: readyOverflow}
		}
	}
	for {
		select {
		case <-w.done:
			return
		case out <- b:
			clear(ready)
			readyOverflow = false
			out, b = nil, Batch{}
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if ev.Op == fsnotify.Chmod {
				continue // attributes only: nothing a page shows
			}
			if ev.Has(fsnotify.Rename) || ev.Has(fsnotify.Remove) {
				w.unwatch(ev.Name)
			}
			if ev.Has(fsnotify.Create) || ev.Has(fsnotify.Rename) || ev.Has(fsnotify.Write) {
				if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
					if rel, err := filepath.Rel(w.root, ev.Name); err == nil && w.inTree(filepath.ToSlash(rel)) {
						w.addTree(ev.Name, add)
					}
				}
			}
			add(ev.Name)
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				changed()
				overflow = true
				continue
			}
			select {
			case w.errs <- err:
			default:
			}
		case <-quiet.C():
			flush()
		case <-maxWait.C():
			flush()
		}
	}
}
