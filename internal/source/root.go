package source

import (
	"io"
	"io/fs"
	"os"
)

// Root is a playbook folder read through os.Root, so that no path or
// symbolic link leads outside it. OpenDir opens one of its folders as a
// file system of its own: os.Root walks a path one folder at a time, so
// reading the many files of one folder through it walks there once
// instead of once per file.
type Root struct {
	root *os.Root
	fsys fs.FS
}

// OpenRoot opens dir as a Root.
func OpenRoot(dir string) (*Root, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &Root{root: r, fsys: r.FS()}, nil
}

// Close closes the root.
func (r *Root) Close() error { return r.root.Close() }

// OpenDir opens a folder below the root, confined to that folder; close
// it when done.
func (r *Root) OpenDir(dir string) (fs.FS, io.Closer, error) {
	sub, err := r.root.OpenRoot(dir)
	if err != nil {
		return nil, nil, err
	}
	return sub.FS(), sub, nil
}

// The file system interfaces of os.Root's FS, passed through.

func (r *Root) Open(name string) (fs.File, error)          { return r.fsys.Open(name) }
func (r *Root) ReadFile(name string) ([]byte, error)       { return fs.ReadFile(r.fsys, name) }
func (r *Root) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(r.fsys, name) }
func (r *Root) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(r.fsys, name) }
func (r *Root) Lstat(name string) (fs.FileInfo, error)     { return fs.Lstat(r.fsys, name) }
func (r *Root) ReadLink(name string) (string, error)       { return fs.ReadLink(r.fsys, name) }
