package watch

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// playbook makes a playbook root with content/ and a few files.
func playbook(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, p := range []string{"bearing.yaml", "content/_index.md", "content/directions/growth.md", "content/about/team.md", "templates/.keep"} {
		write(t, dir, p, "---\ntitle: x\n---\n")
	}
	return dir
}

func write(t *testing.T, root, rel, data string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func rename(t *testing.T, root, from, to string) {
	t.Helper()
	if err := os.Rename(filepath.Join(root, filepath.FromSlash(from)), filepath.Join(root, filepath.FromSlash(to))); err != nil {
		t.Fatal(err)
	}
}

func remove(t *testing.T, root, rel string) {
	t.Helper()
	if err := os.RemoveAll(filepath.Join(root, filepath.FromSlash(rel))); err != nil {
		t.Fatal(err)
	}
}

// watched is what the tests watch: a playbook's configuration and trees.
func watched() Options {
	return Options{Files: []string{"bearing.yaml"}, Dirs: []string{"content", "templates", "theme", "archetypes"},
		Quiet: 30 * time.Millisecond, MaxWait: 300 * time.Millisecond}
}

func start(t *testing.T, root string) *Watcher {
	t.Helper()
	w, err := New(root, watched())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// handTimer is a debounce timer that fires when the test says so. Fire
// returns once the watcher's loop has taken the tick, and the loop
// flushes before it reads another event: what the test changes after
// Fire is in the next flush, never in this one.
type handTimer struct {
	c      chan time.Time
	resets chan time.Duration
}

func (h *handTimer) C() <-chan time.Time   { return h.c }
func (h *handTimer) Reset(d time.Duration) { h.resets <- d }
func (h *handTimer) Stop()                 {}

// Fire ends the wait the timer stands for.
func (h *handTimer) Fire(t *testing.T) {
	t.Helper()
	select {
	case h.c <- time.Now():
	case <-time.After(10 * time.Second):
		t.Fatal("the watcher did not take the tick within 10s")
	}
}

// awaitResets waits until the timer has been reset n times: until the
// watcher has taken in n relevant events.
func (h *handTimer) awaitResets(t *testing.T, n int) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for i := range n {
		select {
		case <-h.resets:
		case <-deadline:
			t.Fatalf("%d of %d events taken in within 10s", i, n)
		}
	}
}

// startByHand starts a watcher whose batches are due when the test fires
// its quiet timer; its maximum wait never ends.
func startByHand(t *testing.T, root string) (*Watcher, *handTimer) {
	t.Helper()
	made := make(chan *handTimer, 2)
	w, err := newWatcher(root, watched(), func() timer {
		h := &handTimer{c: make(chan time.Time), resets: make(chan time.Duration, 1024)}
		made <- h
		return h
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	quiet := <-made // the loop makes the quiet timer first, then the maximum wait
	return w, quiet
}

// save writes a file the way atomic writers do, beside it under a temp
// name then renamed over it, so that the watcher sees exactly one
// relevant event.
func save(t *testing.T, root, rel, data string) {
	t.Helper()
	dir, name := path.Split(rel)
	write(t, root, dir+"."+name+".tmp", data)
	rename(t, root, dir+"."+name+".tmp", rel)
}

// receive returns the next batch.
func receive(t *testing.T, w *Watcher) Batch {
	t.Helper()
	select {
	case b := <-w.Batches():
		return b
	case err := <-w.Errors():
		t.Fatalf("watcher error: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("no batch within 10s")
	}
	return Batch{}
}

// collect reads batches until every path in want has been reported, and
// returns the batches. Events arrive in order, so once the last file
// written is reported, everything written before it was seen too: a test
// writes a sentinel last to assert that other paths were ignored.
func collect(t *testing.T, w *Watcher, want ...string) [][]string {
	t.Helper()
	seen := map[string]bool{}
	var batches [][]string
	deadline := time.After(10 * time.Second)
	for slices.ContainsFunc(want, func(p string) bool { return !seen[p] }) {
		select {
		case b := <-w.Batches():
			batches = append(batches, b.Paths)
			for _, p := range b.Paths {
				seen[p] = true
			}
		case err := <-w.Errors():
			t.Fatalf("watcher error: %v", err)
		case <-deadline:
			var missing []string
			for _, p := range want {
				if !seen[p] {
					missing = append(missing, p)
				}
			}
			t.Fatalf("not reported within 10s: %v; got batches %v", missing, batches)
		}
	}
	return batches
}

func reported(batches [][]string) []string {
	var out []string
	for _, b := range batches {
		out = append(out, b...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func TestRenameOverSaves(t *testing.T) {
	const file = "content/directions/growth.md"
	styles := []struct {
		name string
		save func(t *testing.T, root string, n int)
	}{
		{"write in place", func(t *testing.T, root string, n int) {
			write(t, root, file, fmt.Sprintf("v%d", n))
		}},
		{"vim: probe, backup by rename, write", func(t *testing.T, root string, n int) {
			write(t, root, "content/directions/4913", "")
			remove(t, root, "content/directions/4913")
			rename(t, root, file, file+"~")
			write(t, root, file, fmt.Sprintf("v%d", n))
			remove(t, root, file+"~")
		}},
		{"vim swap files", func(t *testing.T, root string, n int) {
			write(t, root, "content/directions/.growth.md.swp", "swap")
			write(t, root, "content/directions/.growth.md.swx", "swap")
			write(t, root, file, fmt.Sprintf("v%d", n))
			remove(t, root, "content/directions/.growth.md.swp")
			remove(t, root, "content/directions/.growth.md.swx")
		}},
		{"JetBrains safe write", func(t *testing.T, root string, n int) {
			write(t, root, file+"___jb_tmp___", fmt.Sprintf("v%d", n))
			rename(t, root, file, file+"___jb_old___")
			rename(t, root, file+"___jb_tmp___", file)
			remove(t, root, file+"___jb_old___")
		}},
		{"VS Code and atomic writers: temp then rename", func(t *testing.T, root string, n int) {
			write(t, root, "content/directions/.growth.md.tmp", fmt.Sprintf("v%d", n))
			rename(t, root, "content/directions/.growth.md.tmp", file)
		}},
		{"GNOME: .goutputstream then rename", func(t *testing.T, root string, n int) {
			write(t, root, "content/directions/.goutputstream-ABC123", fmt.Sprintf("v%d", n))
			rename(t, root, "content/directions/.goutputstream-ABC123", file)
		}},
		{"emacs: lock and autosave files", func(t *testing.T, root string, n int) {
			write(t, root, "content/directions/.#growth.md", "lock")
			write(t, root, "content/directions/#growth.md#", "autosave")
			write(t, root, file, fmt.Sprintf("v%d", n))
			remove(t, root, "content/directions/.#growth.md")
			remove(t, root, "content/directions/#growth.md#")
		}},
	}
	for _, s := range styles {
		t.Run(s.name, func(t *testing.T) {
			root := playbook(t)
			w := start(t, root)
			for n := range 3 { // every save is seen, not only the first
				s.save(t, root, n)
				if got := reported(collect(t, w, file)); !slices.Equal(got, []string{file}) {
					t.Fatalf("save %d: got %v; want only %s", n, got, file)
				}
			}
		})
	}
}

// TestSavesRepeat checks that a rename-over save leaves the watch in
// place: the next save of the same file is reported too.
func TestSavesRepeat(t *testing.T) {
	const file = "content/directions/growth.md"
	root := playbook(t)
	w := start(t, root)
	for n := range 5 {
		write(t, root, "content/directions/.growth.md.tmp", fmt.Sprintf("v%d", n))
		rename(t, root, "content/directions/.growth.md.tmp", file)
		if got := reported(collect(t, w, file)); !slices.Equal(got, []string{file}) {
			t.Fatalf("save %d: got %v; want only %s", n, got, file)
		}
	}
}

func TestNewNestedFolder(t *testing.T) {
	root := playbook(t)
	w := start(t, root)
	// The file is written at once after the folders: before the watcher can
	// have added a watch on them. The rescan of a new folder finds it.
	write(t, root, "content/notes/deep/er/new-page.md", "---\ntitle: New\n---\n")
	collect(t, w, "content/notes/deep/er/new-page.md")
	// The new folders are watched from now on.
	write(t, root, "content/notes/deep/er/later.md", "x")
	write(t, root, "content/notes/other.md", "x")
	collect(t, w, "content/notes/deep/er/later.md", "content/notes/other.md")
	// A source tree that did not exist at start is watched once created.
	write(t, root, "theme/style.css", "body{}")
	collect(t, w, "theme/style.css")
	write(t, root, "theme/style.css", "body{color:red}")
	collect(t, w, "theme/style.css")
}

func TestTempFilesIgnored(t *testing.T) {
	root := playbook(t)
	w := start(t, root)
	temps := []string{
		"content/.growth.md.swp", "content/.growth.md.swx", "content/4913", "content/growth.md~",
		"content/.#growth.md", "content/#growth.md#", "content/growth.md___jb_tmp___", "content/growth.md___jb_old___",
		"content/.goutputstream-XYZ", "content/x.tmp", "content/x.bck", "content/.DS_Store", "content/sedA1b2C3",
		"content/.hidden/inside.md",
		// Outside the watched trees.
		"public/index.html", "notes.txt", "README.md",
	}
	for _, p := range temps {
		write(t, root, p, "tmp")
	}
	write(t, root, "content/sentinel.md", "x") // written last
	got := reported(collect(t, w, "content/sentinel.md"))
	for _, p := range got {
		if slices.Contains(temps, p) || strings.HasPrefix(p, "content/.hidden") {
			t.Errorf("reported %s; want temp, hidden and outside files ignored (got %v)", p, got)
		}
	}
}

func TestDeletesAndRenamedFolders(t *testing.T) {
	root := playbook(t)
	write(t, root, "content/old/a.md", "a")
	write(t, root, "content/old/sub/b.md", "b")
	write(t, root, "content/gone/c.md", "c")
	w := start(t, root)

	remove(t, root, "content/about/team.md")
	collect(t, w, "content/about/team.md")

	rename(t, root, "content/old", "content/new")
	got := reported(collect(t, w, "content/old", "content/new"))
	for _, p := range []string{"content/new/a.md", "content/new/sub/b.md"} {
		if !slices.Contains(got, p) {
			t.Errorf("renamed folder: %s not reported (got %v); want the files found in the new folder", p, got)
		}
	}
	// Files in the renamed folder are reported under its new name.
	write(t, root, "content/new/sub/b.md", "b2")
	got = reported(collect(t, w, "content/new/sub/b.md"))
	for _, p := range got {
		if strings.HasPrefix(p, "content/old") {
			t.Errorf("reported %s after the rename; want paths under content/new", p)
		}
	}

	remove(t, root, "content/gone")
	collect(t, w, "content/gone")

	// The whole content folder replaced, as a checkout of another branch
	// may do.
	rename(t, root, "content", "content-old")
	write(t, root, "content-new/directions/other.md", "x")
	rename(t, root, "content-new", "content")
	collect(t, w, "content", "content/directions/other.md")
	write(t, root, "content/directions/other.md", "y")
	collect(t, w, "content/directions/other.md")
}

func TestBurstIsOneBatch(t *testing.T) {
	root := playbook(t)
	write(t, root, "content/burst/.keep", "")
	w := start(t, root)
	var want []string
	for i := range 500 {
		p := fmt.Sprintf("content/burst/file-%03d.md", i)
		want = append(want, p)
		write(t, root, p, "x")
	}
	batches := collect(t, w, want...)
	if len(batches) > 3 {
		t.Errorf("500 writes gave %d batches; want one (or very few)", len(batches))
	}
	t.Logf("500 writes: %d batch(es)", len(batches))
}

// TestSlowConsumer checks that events keep being read while nobody takes
// the batch: nothing is lost and the paths merge into one batch.
func TestSlowConsumer(t *testing.T) {
	root := playbook(t)
	w, quiet := startByHand(t, root)
	save(t, root, "content/a.md", "a")
	quiet.awaitResets(t, 1)
	quiet.Fire(t) // the batch of a.md is ready; nobody takes it
	want := []string{"content/a.md"}
	for i := range 50 {
		p := fmt.Sprintf("content/later-%02d.md", i)
		save(t, root, p, "x")
		want = append(want, p)
	}
	quiet.awaitResets(t, 50) // read while the batch waits
	quiet.Fire(t)
	if got := receive(t, w); !slices.Equal(got.Paths, want) || got.Overflow {
		t.Errorf("got %v (overflow %v); want one batch of %v", got.Paths, got.Overflow, want)
	}
}

// TestOverflow checks that events the kernel dropped come as a batch
// that says so, merged with the changes around them, and not as a
// change to a file of the caller's.
func TestOverflow(t *testing.T) {
	tests := []struct {
		name   string
		before []string // saved before the overflow
		after  []string // saved after it
		want   []string
	}{
		{"alone", nil, nil, nil},
		{"with changes around it", []string{"content/a.md"}, []string{"content/b.md"}, []string{"content/a.md", "content/b.md"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := playbook(t)
			w, quiet := startByHand(t, root)
			for _, p := range tt.before {
				save(t, root, p, "x")
			}
			quiet.awaitResets(t, len(tt.before))
			// As fsnotify reports a full inotify queue.
			w.fsw.Errors <- fsnotify.ErrEventOverflow
			quiet.awaitResets(t, 1)
			for _, p := range tt.after {
				save(t, root, p, "x")
			}
			quiet.awaitResets(t, len(tt.after))
			quiet.Fire(t)
			if got := receive(t, w); !got.Overflow || !slices.Equal(got.Paths, tt.want) {
				t.Errorf("got %v (overflow %v); want %v with overflow set", got.Paths, got.Overflow, tt.want)
			}
			// The next batch starts afresh.
			save(t, root, "content/c.md", "x")
			quiet.awaitResets(t, 1)
			quiet.Fire(t)
			if got := receive(t, w); got.Overflow || !slices.Equal(got.Paths, []string{"content/c.md"}) {
				t.Errorf("next batch: got %v (overflow %v); want [content/c.md] without overflow", got.Paths, got.Overflow)
			}
		})
	}
}

func TestConfigReplaced(t *testing.T) {
	root := playbook(t)
	w := start(t, root)
	write(t, root, "bearing.yaml.tmp", "title: New\n")
	rename(t, root, "bearing.yaml.tmp", "bearing.yaml")
	if got := reported(collect(t, w, "bearing.yaml")); !slices.Equal(got, []string{"bearing.yaml"}) {
		t.Errorf("got %v; want only bearing.yaml", got)
	}
	write(t, root, "bearing.yaml", "title: Again\n")
	collect(t, w, "bearing.yaml")
}

func TestCloseLeavesNoGoroutine(t *testing.T) {
	before := runtime.NumGoroutine()
	root := playbook(t)
	w, err := New(root, Options{Dirs: []string{"content"}})
	if err != nil {
		t.Fatal(err)
	}
	write(t, root, "content/a.md", "x") // a batch nobody takes
	done := make(chan error, 1)
	go func() { done <- w.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Close: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not return within 5s")
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines after Close; want %d\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(5 * time.Millisecond)
	}
}
