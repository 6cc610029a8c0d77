// Package publish owns the output directory: it is the only writer of it.
// A build writes into a temporary directory beside the output and swaps
// it in only when every file was written, so a failed or killed build
// leaves the previous site exactly as it was. It writes bytes it is
// handed and imports no other package of Bearing's.
package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// Tx is one publication in progress.
type Tx struct {
	out, tmp string
	mu       sync.Mutex
	dirs     map[string]bool
}

// tmpPrefix names the temporary directories of an output directory, so
// that ones left by a killed build can be found and removed.
func tmpPrefix(out string) string {
	return "." + filepath.Base(out) + ".bearing-tmp-"
}

// Begin starts a publication to out, which must have passed Guard.
func Begin(out string) (*Tx, error) {
	out = filepath.Clean(out)
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("creating %s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, tmpPrefix(out))
	if err != nil {
		return nil, fmt.Errorf("creating a temporary output directory: %w", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	return &Tx{out: out, tmp: tmp, dirs: map[string]bool{".": true}}, nil
}

// Write writes one file, given by its slash path below the output root.
// It is safe for concurrent use. The temporary directory starts empty, so
// folders are made without asking first whether they exist, and each
// file takes the fewest system calls there are: open, write, close.
func (t *Tx) Write(name string, data []byte) error {
	if !validName(name) {
		return fmt.Errorf("refusing to write %q: not a path inside the output", name)
	}
	if err := t.mkdir(path.Dir(name)); err != nil {
		return err
	}
	return writeFile(filepath.Join(t.tmp, filepath.FromSlash(name)), data)
}

// mkdir makes a folder of the temporary directory, and its parents, unless
// this publication made it already.
func (t *Tx) mkdir(dir string) error {
	t.mu.Lock()
	known := t.dirs[dir]
	t.mu.Unlock()
	if known {
		return nil
	}
	if err := t.mkdir(path.Dir(dir)); err != nil {
		return err
	}
	// Two writers may make the same folder at once: it exists either way.
	if err := os.Mkdir(filepath.Join(t.tmp, filepath.FromSlash(dir)), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	t.mu.Lock()
	t.dirs[dir] = true
	t.mu.Unlock()
	return nil
}

func validName(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, "\\") {
		return false
	}
	for _, part := range strings.Split(name, "/") {
		if part == "" || part == "." || part == ".." {
			return false
		}
	}
	return true
}

// Commit swaps the new site in and removes the old one and any temporary
// directories earlier, interrupted builds left behind.
func (t *Tx) Commit() error {
	if err := swap(t.tmp, t.out); err != nil {
		t.Abort()
		return fmt.Errorf("publishing to %s: %w", t.out, err)
	}
	// After the swap, t.tmp holds the previous site (or nothing).
	cleanStale(t.out)
	return nil
}

// Abort removes the temporary directory; the output is untouched.
func (t *Tx) Abort() {
	_ = os.RemoveAll(t.tmp)
}

// cleanStale removes temporary directories of out left by killed builds.
func cleanStale(out string) {
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(out), tmpPrefix(out)+"*"))
	for _, m := range matches {
		_ = os.RemoveAll(m)
	}
}

// swapRename is the portable swap: two renames with a short window in
// which out is missing; the previous site is restored if the second fails.
func swapRename(tmp, out string) error {
	old := tmp + ".old"
	hadOld := true
	if err := os.Rename(out, old); err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			return err
		}
		hadOld = false
	}
	if err := os.Rename(tmp, out); err != nil {
		if hadOld {
			_ = os.Rename(old, out)
		}
		return err
	}
	if hadOld {
		return os.Rename(old, tmp)
	}
	return nil
}
