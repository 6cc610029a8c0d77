// Package watch owns file-system watching for the dev server: fsnotify
// watches on every folder of a playbook's sources (new folders too),
// editor temp files dropped, and bursts of events debounced into batches.
// It knows nothing of what the files mean.
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
}

// Options tune a Watcher. Zero values take the defaults.
type Options struct {
	// Quiet is how long the tree must be still before a batch is sent
	// (default 25ms): a save that writes, renames and chmods is one batch.
	Quiet time.Duration
	// MaxWait caps how long a steady stream of events delays a batch
	// (default 400ms).
	MaxWait time.Duration
}

// Watcher watches a playbook root: bearing.yaml and the content/,
// templates/, theme/ and archetypes/ trees.
type Watcher struct {
	root    string
	fsw     *fsnotify.Watcher
	batches chan Batch
	errs    chan error
	done    chan struct{}
	wg      sync.WaitGroup
	opts    Options

	closeOnce sync.Once
}

// Dirs are the folders under the root whose trees are watched.
func Dirs() []string { return []string{"content", "templates", "theme", "archetypes"} }

// New starts watching root.
func New(root string, opts Options) (*Watcher, error) {
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
	w := &Watcher{root: root, fsw: fsw, batches: make(chan Batch), errs: make(chan error, 1), done: make(chan struct{}), opts: opts}
	// The root itself is watched (not recursively) for bearing.yaml and for
	// the source folders being created, replaced or removed.
	if err := fsw.Add(root); err != nil {
		fsw.Close()
		return nil, err
	}
	for _, d := range Dirs() {
		w.addTree(filepath.Join(root, d), nil)
	}
	w.wg.Add(1)
	go w.loop()
	return w, nil
}

// Batches delivers debounced batches of changes. Changes made while the
// receiver is busy merge into the next batch.
func (w *Watcher) Batches() <-chan Batch { return w.batches }

// Errors delivers watcher errors (such as an overflowed event queue, after
// which the caller should rebuild everything).
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

// relevant reports whether a path under the root matters: bearing.yaml or
// anything (not ignored) inside a watched tree.
func (w *Watcher) relevant(rel string) bool {
	if rel == "bearing.yaml" {
		return true
	}
	first, _, _ := cutSlash(rel)
	if !slices.Contains(Dirs(), first) {
		return false
	}
	return !source.Ignored(filepath.Base(rel))
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
	pending := map[string]bool{}
	ready := map[string]bool{}
	quiet := time.NewTimer(time.Hour)
	quiet.Stop()
	defer quiet.Stop()
	var maxWait <-chan time.Time // nil while nothing is pending
	add := func(abs string) {
		rel, err := filepath.Rel(w.root, abs)
		if err != nil {
			return
		}
		rel = filepath.ToSlash(rel)
		if !w.relevant(rel) {
			return
		}
		if len(pending) == 0 {
			maxWait = time.After(w.opts.MaxWait)
		}
		pending[rel] = true
		quiet.Reset(w.opts.Quiet)
	}
	var out chan<- Batch // w.batches while a batch is ready, else nil
	var b Batch
	flush := func() {
		for p := range pending {
			ready[p] = true
		}
		clear(pending)
		quiet.Stop()
		maxWait = nil
		if len(ready) > 0 {
			out, b = w.batches, Batch{Paths: slices.Sorted(maps.Keys(ready))}
		}
	}
	for {
		select {
		case <-w.done:
			return
		case out <- b:
			clear(ready)
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
					rel, _ := filepath.Rel(w.root, ev.Name)
					first, _, _ := cutSlash(filepath.ToSlash(rel))
					if slices.Contains(Dirs(), first) && !source.Ignored(filepath.Base(ev.Name)) {
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
				add(filepath.Join(w.root, "bearing.yaml")) // forces a full rebuild
			}
			select {
			case w.errs <- err:
			default:
			}
		case <-quiet.C:
			flush()
		case <-maxWait:
			flush()
		}
	}
}
