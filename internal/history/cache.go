package history

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"
)

// CacheFormat is the version of the cache's files. Bump it whenever Log,
// or any type it holds, changes shape: a file of another format is never
// read. TestCacheShape fails when the shape changes without a bump.
const CacheFormat = 2

// DefaultKeep is how many histories a Cache keeps per repository when
// Keep is zero: a few HEADs, so that switching between branches finds
// each one's.
const DefaultKeep = 4

// Cache keeps histories read by ReadCached in files, one per repository
// folder and key, outside the repository. The key is HEAD's commit id and
// everything else the result depends on: the options (history_since),
// CacheFormat and Salt. Options' functions (Judge) are not part of the
// key: what they find must follow from the snapshot and the Salt alone.
// The zero Cache (no Dir) caches nothing.
type Cache struct {
	// Dir is the cache's folder, such as $XDG_CACHE_HOME/bearing/history;
	// each repository gets a folder in it named after a hash of its path.
	Dir string
	// Salt holds what else changes the result and only the caller knows:
	// the version of the program (a new build may read history
	// differently) and the parse's options.
	Salt string
	// Keep bounds the files kept per repository, the newest first;
	// DefaultKeep when zero.
	Keep int
}

// cacheMagic opens every cache file, before the checksum of the rest.
const cacheMagic = "bearing history cache\n"

// cacheEntry is what a cache file holds: the key again, so that a file
// found under a key is checked to be that key's, and the history.
type cacheEntry struct {
	Format int
	Key    string
	Log    *Log
}

// ReadCached returns the history of the playbook at o.Dir from c when c
// holds it for HEAD's commit and the same options, else reads it with
// Read and stores it in c; hit says which. A file that is unreadable,
// corrupt or another key's is ignored and written anew; failing to write
// the cache is not an error (the history is read all the same). With
// o.Visit set, which must see every snapshot, it always reads.
func ReadCached(ctx context.Context, o Options, c Cache) (l *Log, hit bool, err error) {
	if c.Dir == "" || o.Visit != nil {
		l, err = Read(ctx, o)
		return l, false, err
	}
	g, err := newGit(o.Dir)
	if err != nil {
		return nil, false, err
	}
	head, _, err := g.head(ctx)
	if err != nil {
		return nil, false, err
	}
	dir, key := c.place(o, head)
	file := filepath.Join(dir, key+".gob")
	if l := loadCache(file, key, head); l != nil {
		// Touched, so that bounding the folder keeps the histories in use.
		now := time.Now()
		_ = os.Chtimes(file, now, now)
		return l, true, nil
	}
	l, err = Read(ctx, o)
	if err != nil {
		return nil, false, err
	}
	if l.Head == head {
		_ = c.store(dir, file, key, l)
	}
	return l, false, nil
}

// place returns the repository's folder in the cache and the key of a
// history of head read with o.
func (c Cache) place(o Options, head string) (dir, key string) {
	abs, err := filepath.Abs(o.Dir)
	if err != nil {
		abs = o.Dir
	}
	repo := sha256.Sum256([]byte(abs))
	since := ""
	if !o.Since.IsZero() {
		since = o.Since.UTC().Format(time.RFC3339)
	}
	k := sha256.Sum256(fmt.Appendf(nil, "format %d\x00head %s\x00since %s\x00salt %s", CacheFormat, head, since, c.Salt))
	return filepath.Join(c.Dir, hex.EncodeToString(repo[:12])), hex.EncodeToString(k[:16])
}

// loadCache returns the history in file when it is a whole cache file of
// this format holding key's history of head, else nil.
func loadCache(file, key, head string) *Log {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	rest, ok := bytes.CutPrefix(data, []byte(cacheMagic))
	if !ok || len(rest) < sha256.Size {
		return nil
	}
	sum, body := rest[:sha256.Size], rest[sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return nil // cut short or altered: never decoded
	}
	var e cacheEntry
	dec := gob.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&e); err != nil {
		return nil
	}
	if e.Format != CacheFormat || e.Key != key || e.Log == nil || e.Log.Head != head {
		return nil
	}
	l := e.Log
	if decodeChunks(dec, &l.Commits) != nil || decodeChunks(dec, &l.Events) != nil ||
		decodeChunks(dec, &l.Series) != nil || decodeChunks(dec, &l.Readings) != nil {
		return nil
	}
	emptyNotNil(l)
	return l
}

// cacheChunk is how many items of a list one gob message of a cache file
// holds. gob builds each message whole, with some six times its size in
// garbage: the lists of 1,000 commits' history in one message took 10 MB
// to write 1.5 MB, at the end of a read that has the heap at its largest.
const cacheChunk = 128

// encodeChunks writes the length of s, then s in messages of cacheChunk
// items.
func encodeChunks[T any](enc *gob.Encoder, s []T) error {
	if err := enc.Encode(len(s)); err != nil {
		return err
	}
	for len(s) > 0 {
		n := min(len(s), cacheChunk)
		if err := enc.Encode(s[:n]); err != nil {
			return err
		}
		s = s[n:]
	}
	return nil
}

// decodeChunks reads what encodeChunks wrote into s.
func decodeChunks[T any](dec *gob.Decoder, s *[]T) error {
	var n int
	if err := dec.Decode(&n); err != nil {
		return err
	}
	if n < 0 {
		return errors.New("history cache: a negative length")
	}
	*s = make([]T, 0, min(n, 1<<16))
	for len(*s) < n {
		var chunk []T
		if err := dec.Decode(&chunk); err != nil {
			return err
		}
		if len(chunk) == 0 || len(*s)+len(chunk) > n {
			return errors.New("history cache: a list longer or shorter than its length")
		}
		*s = append(*s, chunk...)
	}
	return nil
}

// emptyNotNil makes the nil slices and maps among l's fields empty ones.
// Read returns empty lists, never nil (history.json writes [], not
// null), and gob, which sends nothing for an empty list, decodes nil.
func emptyNotNil(l *Log) {
	v := reflect.ValueOf(l).Elem()
	for i := range v.NumField() {
		switch f := v.Field(i); {
		case !f.CanSet():
		case f.Kind() == reflect.Slice && f.IsNil():
			f.Set(reflect.MakeSlice(f.Type(), 0, 0))
		case f.Kind() == reflect.Map && f.IsNil():
			f.Set(reflect.MakeMap(f.Type()))
		}
	}
}

// store writes l to file atomically (a temporary file renamed over it),
// then removes the repository's oldest files beyond c.Keep. The entry is
// encoded straight to the file, its checksum written in its place once
// known: a history's entry is a megabyte or more, which a buffer would
// hold twice over as it grew.
func (c Cache) store(dir, file, key string, l *Log) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("history cache: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("history cache: %w", err)
	}
	sum := sha256.New()
	w := bufio.NewWriter(tmp)
	_, err = w.WriteString(cacheMagic + strings.Repeat("\x00", sha256.Size))
	if err == nil {
		// The lists go apart from the rest, in chunks (cacheChunk).
		enc := gob.NewEncoder(io.MultiWriter(w, sum))
		rest := *l
		rest.Commits, rest.Events, rest.Series, rest.Readings = nil, nil, nil, nil
		err = enc.Encode(cacheEntry{Format: CacheFormat, Key: key, Log: &rest})
		if err == nil {
			err = encodeChunks(enc, l.Commits)
		}
		if err == nil {
			err = encodeChunks(enc, l.Events)
		}
		if err == nil {
			err = encodeChunks(enc, l.Series)
		}
		if err == nil {
			err = encodeChunks(enc, l.Readings)
		}
	}
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		_, err = tmp.WriteAt(sum.Sum(nil), int64(len(cacheMagic)))
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("history cache: %w", err)
	}
	return c.trim(dir)
}

// trim removes the oldest cache files of a repository's folder beyond
// c.Keep, and temporary files an interrupted store left an hour ago.
func (c Cache) trim(dir string) error {
	keep := c.Keep
	if keep <= 0 {
		keep = DefaultKeep
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	type aged struct {
		name string
		mod  time.Time
	}
	var files []aged
	for _, e := range ents {
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		switch {
		case strings.HasSuffix(e.Name(), ".gob"):
			files = append(files, aged{e.Name(), info.ModTime()})
		case strings.HasPrefix(e.Name(), ".tmp-") && time.Since(info.ModTime()) > time.Hour:
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
	slices.SortFunc(files, func(a, b aged) int { return b.mod.Compare(a.mod) })
	var errs []error
	for _, f := range files[min(keep, len(files)):] {
		if err := os.Remove(filepath.Join(dir, f.name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
