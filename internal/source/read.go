package source

import (
	"errors"
	"io"
	"io/fs"
	"path"
	"syscall"
)

// dirOpener is a file system that can open one of its folders as a file
// system of its own (Root).
type dirOpener interface {
	OpenDir(dir string) (fs.FS, io.Closer, error)
}

// Reader reads content files for one worker that takes them in path
// order: it keeps the folder of the last file open, so that through a
// Root each file opens with the walk to its folder done once. It is not
// safe for concurrent use; Close it when done.
type Reader struct {
	fsys   fs.FS
	limit  int64
	dir    string
	sub    fs.FS
	closer io.Closer
}

// NewReader returns a Reader of the files of fsys that reads none over
// limit bytes.
func NewReader(fsys fs.FS, limit int64) *Reader {
	return &Reader{fsys: fsys, limit: limit}
}

// Read reads p and returns its bytes and size. A file over the limit is
// not read: data is nil and size says how large it is, which may be the
// size at which reading stopped. Reading goes through p's folder when
// the file system can open one; anything that fails there is read again
// through the root, which decides and reports as it always did: a
// symbolic link to another folder of the playbook is refused by the
// folder, not by the root.
func (r *Reader) Read(p string) (data []byte, size int64, err error) {
	if o, ok := r.fsys.(dirOpener); ok {
		if dir := path.Dir(p); dir != r.dir {
			r.Close()
			r.dir = dir
			r.sub, r.closer, _ = o.OpenDir(dir)
		}
		if r.sub != nil {
			if data, size, err := readFile(r.sub, path.Base(p), r.limit); err == nil {
				return data, size, nil
			}
		}
	}
	return readFile(r.fsys, p, r.limit)
}

// Close closes the folder the Reader holds open. The Reader may be used
// again after it.
func (r *Reader) Close() {
	if r.closer != nil {
		_ = r.closer.Close()
	}
	r.dir, r.sub, r.closer = "", nil, nil
}

// readFile reads a file opened once, its size known from the open file
// (a playbook read through os.Root walks the path at every open). A file
// over limit is not read: only its size is returned.
func readFile(fsys fs.FS, p string, limit int64) (data []byte, size int64, err error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, 0, err
	}
	if size = info.Size(); size > limit {
		return nil, size, nil
	}
	// One byte more than the size, so that a file that grew meanwhile is
	// seen at its end.
	data = make([]byte, 0, size+1)
	for {
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, int64(len(data)), nil
		}
		if err != nil {
			return nil, 0, err
		}
		if int64(len(data)) > limit {
			return nil, int64(len(data)), nil
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
}

// errEscapes is why a symbolic link the playbook's Root refused cannot be
// read.
var errEscapes = errors.New("it is a symbolic link that is absolute or leads outside the playbook; use a relative link to a file inside it")

// Unreadable returns why reading p from fsys failed with err, in words
// for a diagnostic on p: the cause without the path the diagnostic names
// already, or, for a symbolic link the playbook's Root refused to follow
// (rather than a missing target or a loop), what to do about it.
func Unreadable(fsys fs.FS, p string, err error) error {
	if escapes(fsys, p, err) {
		return errEscapes
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// escapes reports whether reading p failed because it is a symbolic link
// the playbook's Root refused to follow, rather than a missing target or
// a loop.
func escapes(fsys fs.FS, p string, err error) bool {
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ELOOP) {
		return false
	}
	info, lerr := fs.Lstat(fsys, p)
	return lerr == nil && info.Mode()&fs.ModeSymlink != 0
}
