// Package watch owns file-system watching for the dev server: fsnotify
// watches on every folder of a playbook's sources (new folders too),
// editor temp files dropped, and bursts of events debounced into batches.
// It knows nothing of what the files mean.
package watch

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
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
	// (default 40ms): a save that writes, renames and chmods is one batch.
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
}

// Dirs are the folders under the root whose trees are watched.
func Dirs() []string { return []string{"content", "templates", "theme", "archetypes"} }

// New starts watching root.
func New(root string, opts Options) (*Watcher, error) {
	if opts.Quiet == 0 {
		opts.Quiet = 40 * time.Millisecond
	}
	if opts.MaxWait == 0 {
		opts.MaxWait = 400 * time.Millisecond
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{root: root, fsw: fsw, batches: make(chan Batch, 1), errs: make(chan error, 1), done: make(chan struct{}), opts: opts}
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

// Batches delivers debounced batches of changes.
func (w *Watcher) Batches() <-chan Batch { return w.batches }

// Errors delivers watcher errors (such as an overflowed event queue, after
// which the caller should rebuild everything).
func (w *Watcher) Errors() <-chan error { return w.errs }

// Close stops watching and waits for the watcher's goroutine to end.
func (w *Watcher) Close() error {
	close(w.done)
	err := w.fsw.Close()
	w.wg.Wait()
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

func (w *Watcher) loop() {
	defer w.wg.Done()
	pending := map[string]bool{}
	var quiet, maxWait <-chan time.Time
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
		quiet = time.After(w.opts.Quiet)
	}
	flush := func() {
		if len(pending) == 0 {
			return
		}
		b := Batch{}
		for p := range pending {
			b.Paths = append(b.Paths, p)
		}
		slices.Sort(b.Paths)
		clear(pending)
		quiet, maxWait = nil, nil
		select {
		case w.batches <- b:
		case <-w.done:
		}
	}
	for {
		select {
		case <-w.done:
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
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
		case <-quiet:
			flush()
		case <-maxWait:
			flush()
		}
	}
}
