package source

import (
	"errors"
	"io/fs"
	"slices"
)

// Layer is a file system whose upper layer overrides the lower one file
// by file: a playbook's templates/ over the embedded defaults.
type Layer struct {
	Upper, Lower fs.FS
}

var _ fs.ReadFileFS = Layer{}

// Open opens name from the upper layer if it has it, else the lower.
func (l Layer) Open(name string) (fs.File, error) {
	if l.Upper != nil {
		f, err := l.Upper.Open(name)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return l.Lower.Open(name)
}

// ReadFile reads name from the upper layer if it has it, else the lower.
func (l Layer) ReadFile(name string) ([]byte, error) {
	if l.Upper != nil {
		b, err := fs.ReadFile(l.Upper, name)
		if err == nil {
			return b, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return fs.ReadFile(l.Lower, name)
}

// Files lists every regular file of both layers, sorted and deduplicated.
func (l Layer) Files() ([]string, error) {
	var out []string
	for _, f := range []fs.FS{l.Upper, l.Lower} {
		if f == nil {
			continue
		}
		err := fs.WalkDir(f, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == "." && errors.Is(err, fs.ErrNotExist) {
					return fs.SkipAll
				}
				return err
			}
			if !d.IsDir() && !Ignored(d.Name()) {
				out = append(out, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}
