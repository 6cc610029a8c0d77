// Package source owns reading a playbook through an fs.FS: the walk of
// content/ that tells Markdown from assets and skips what is not content
// (hidden files, editor temp files), the reading of content files (Root
// keeps it inside the playbook, Reader reads many files fast, Unreadable
// says why one cannot be read), and a playbook's templates and theme
// layered over the embedded defaults (Layer). It parses nothing and
// imports only the standard library.
package source

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// ContentDir is the folder under the playbook root that holds content.
const ContentDir = "content"

// Tree is what a walk of content/ found. Paths are slash-separated and
// relative to the playbook root ("content/directions/growth.md").
type Tree struct {
	Markdown []string
	Assets   []string
}

// Walk lists content/ recursively, in lexical order. Symbolic links to
// files are followed when read; links to directories are not followed, so
// a link loop cannot trap the walk. A missing content/ is an empty tree.
func Walk(fsys fs.FS) (Tree, error) {
	var t Tree
	err := fs.WalkDir(fsys, ContentDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == ContentDir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return fmt.Errorf("reading %s: %w", p, err)
		}
		if p != ContentDir && Ignored(path.Base(p)) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			info, err := fs.Stat(fsys, p)
			if err == nil && info.IsDir() {
				return nil // a linked directory: not followed
			}
			if err == nil && !info.Mode().IsRegular() {
				return nil // a link to a device, pipe or socket
			}
		case !d.Type().IsRegular():
			// A named pipe would block the read for ever and a device
			// such as /dev/zero never ends: only regular files are content.
			return nil
		}
		if IsMarkdown(p) {
			t.Markdown = append(t.Markdown, p)
		} else {
			t.Assets = append(t.Assets, p)
		}
		return nil
	})
	slices.Sort(t.Markdown)
	slices.Sort(t.Assets)
	return t, err
}

// IsMarkdown reports whether a path names a Markdown content file.
func IsMarkdown(p string) bool {
	return strings.EqualFold(path.Ext(p), ".md")
}

// Ignored reports whether a file or folder name is never content: hidden
// files and the temporary files editors write beside the ones they save.
func Ignored(name string) bool {
	switch {
	case strings.HasPrefix(name, "."), // hidden, vim .swp, emacs .#lock, .goutputstream-*
		strings.HasSuffix(name, "~"),                                 // vim, emacs backups
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"), // emacs autosave
		strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"),
		strings.HasSuffix(name, ".tmp"), strings.HasSuffix(name, ".bck"),
		strings.Contains(name, "___jb_"), // JetBrains safe write
		name == "4913",                   // vim's probe for a writable folder
		sedTemp(name):                    // sed -i's file, renamed over the one it edits
		return true
	}
	return false
}

// sedTemp reports whether name is the file GNU sed -i writes, "sed" and six
// letters or digits: a content file needs a name that says what it is, with
// an extension, so no asset is named so.
func sedTemp(name string) bool {
	if len(name) != 9 || !strings.HasPrefix(name, "sed") {
		return false
	}
	for _, c := range name[3:] {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// ContentPath returns p relative to content/.
func ContentPath(p string) string {
	return strings.TrimPrefix(p, ContentDir+"/")
}
