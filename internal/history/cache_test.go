package history

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/cache_shape.golden (after bumping CacheFormat)")

// cacheFiles lists the history files of the cache, repository by
// repository.
func cacheFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "*", "*.gob"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// cachedRepo is a fixture repository of two commits and a cache for it.
func cachedRepo(t *testing.T) (*testRepo, Cache) {
	r := newTestRepo(t)
	r.commit("2026-01-05", "start", map[string]string{
		"content/directions/growth.md": direction("p1", "validate"),
		"content/signals/signups.md":   signal(50),
	})
	r.commit("2026-02-01", "ease", map[string]string{"content/signals/signups.md": signal(40)})
	return r, Cache{Dir: t.TempDir(), Salt: "test"}
}

// mustRead reads through the cache and checks hit.
func mustRead(t *testing.T, o Options, c Cache, wantHit bool) *Log {
	t.Helper()
	l, hit, err := ReadCached(context.Background(), o, c)
	if err != nil {
		t.Fatal(err)
	}
	if hit != wantHit {
		t.Fatalf("hit = %v; want %v", hit, wantHit)
	}
	return l
}

// TestCache: a second read of the same HEAD is a hit and equal to the
// read; a commit, another history_since or another salt miss; corrupt,
// cut short or foreign files are ignored and written anew; the folder
// keeps the newest Keep files.
func TestCache(t *testing.T) {
	t.Run("hit", func(t *testing.T) {
		r, c := cachedRepo(t)
		o := readOpts(r.dir)
		// A judge, for series and finding events in what is cached: the
		// eased target is a warning, the first commit an error.
		o.Judge = func(s *Snapshot) []Finding {
			if s.Index == 0 {
				return []Finding{{Rule: "a/b", Error: true, Node: "growth", Path: "content/directions/growth.md", Message: "m"}}
			}
			return []Finding{{Rule: "c/d", Node: "signups", Path: "content/signals/signups.md", Message: "eased"}}
		}
		read := mustRead(t, o, c, false)
		got := mustRead(t, o, c, true)
		if len(got.Series) != 2 || got.Series[1].Warnings != 1 {
			t.Errorf("cached series %+v; want 2 points, a warning in the second", got.Series)
		}
		if !reflect.DeepEqual(got, read) {
			t.Errorf("cached history differs from the read one:\n%+v\nwant:\n%+v", got, read)
		}
		if len(got.Commits) != 2 || eventLines(got) != eventLines(read) || eventLines(got) == "" {
			t.Errorf("cached history has %d commits and events:\n%s", len(got.Commits), eventLines(got))
		}
		if n := len(cacheFiles(t, c.Dir)); n != 1 {
			t.Errorf("%d cache files; want 1", n)
		}
	})
	t.Run("new commit", func(t *testing.T) {
		r, c := cachedRepo(t)
		mustRead(t, readOpts(r.dir), c, false)
		r.commit("2026-03-01", "restore", map[string]string{"content/signals/signups.md": signal(50)})
		l := mustRead(t, readOpts(r.dir), c, false)
		if len(l.Commits) != 3 || l.Head != strings.TrimSpace(r.git("rev-parse", "HEAD")) {
			t.Errorf("after a commit: %d commits, head %s; want 3 and the new HEAD", len(l.Commits), l.Head)
		}
		mustRead(t, readOpts(r.dir), c, true)
		// Back to the first HEAD, whose history is still kept.
		r.git("checkout", "-q", "HEAD~1")
		if l := mustRead(t, readOpts(r.dir), c, true); len(l.Commits) != 2 {
			t.Errorf("after checking out HEAD~1: %d commits; want 2", len(l.Commits))
		}
	})
	t.Run("history_since", func(t *testing.T) {
		r, c := cachedRepo(t)
		mustRead(t, readOpts(r.dir), c, false)
		o := readOpts(r.dir)
		o.Since = day(t, "2026-01-20")
		if l := mustRead(t, o, c, false); len(l.Commits) != 1 {
			t.Errorf("since 2026-01-20: %d commits; want 1", len(l.Commits))
		}
		mustRead(t, o, c, true)
		mustRead(t, readOpts(r.dir), c, true)
	})
	t.Run("salt", func(t *testing.T) {
		r, c := cachedRepo(t)
		mustRead(t, readOpts(r.dir), c, false)
		c.Salt = "another version"
		mustRead(t, readOpts(r.dir), c, false)
	})
	for name, spoil := range map[string]func([]byte) []byte{
		"cut short":   func(b []byte) []byte { return b[:len(b)/2] },
		"a byte flip": func(b []byte) []byte { b[len(b)-3] ^= 0x20; return b },
		"empty":       func([]byte) []byte { return nil },
		"not a cache": func([]byte) []byte { return []byte("GIF89a") },
		"only magic":  func([]byte) []byte { return []byte(cacheMagic) },
	} {
		t.Run(name, func(t *testing.T) {
			r, c := cachedRepo(t)
			want := mustRead(t, readOpts(r.dir), c, false)
			file := cacheFiles(t, c.Dir)[0]
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, spoil(data), 0o644); err != nil {
				t.Fatal(err)
			}
			if got := mustRead(t, readOpts(r.dir), c, false); !reflect.DeepEqual(got, want) {
				t.Errorf("read past a spoilt file: %+v; want %+v", got, want)
			}
			mustRead(t, readOpts(r.dir), c, true) // written anew
		})
	}
	t.Run("foreign key", func(t *testing.T) {
		// A whole, well-formed file of another key, under this key's name
		// (copied by hand, or a hash collision), is not this key's history.
		r, c := cachedRepo(t)
		mustRead(t, readOpts(r.dir), c, false)
		other := cacheFiles(t, c.Dir)[0]
		r.commit("2026-03-01", "restore", map[string]string{"content/signals/signups.md": signal(50)})
		mustRead(t, readOpts(r.dir), c, false)
		files := cacheFiles(t, c.Dir)
		i := slices.IndexFunc(files, func(f string) bool { return f != other })
		data, err := os.ReadFile(other)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(files[i], data, 0o644); err != nil {
			t.Fatal(err)
		}
		if l := mustRead(t, readOpts(r.dir), c, false); len(l.Commits) != 3 {
			t.Errorf("read past a foreign file: %d commits; want 3", len(l.Commits))
		}
	})
	t.Run("keep", func(t *testing.T) {
		r, c := cachedRepo(t)
		c.Keep = 2
		for i := range 4 {
			r.commit(fmt.Sprintf("2026-03-%02d", i+1), "edit", map[string]string{"content/signals/signups.md": signal(60 + i)})
			mustRead(t, readOpts(r.dir), c, false)
		}
		if n := len(cacheFiles(t, c.Dir)); n != 2 {
			t.Errorf("%d cache files; want 2 (Keep)", n)
		}
		mustRead(t, readOpts(r.dir), c, true) // the newest is among them
	})
	t.Run("visit reads", func(t *testing.T) {
		r, c := cachedRepo(t)
		mustRead(t, readOpts(r.dir), c, false)
		o := readOpts(r.dir)
		n := 0
		o.Visit = func(*Snapshot) error { n++; return nil }
		mustRead(t, o, c, false)
		if n != 2 {
			t.Errorf("Visit saw %d snapshots; want 2", n)
		}
	})
	t.Run("no dir", func(t *testing.T) {
		r, _ := cachedRepo(t)
		mustRead(t, readOpts(r.dir), Cache{}, false)
		mustRead(t, readOpts(r.dir), Cache{}, false)
	})
	t.Run("unwritable", func(t *testing.T) {
		r, _ := cachedRepo(t)
		file := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(file, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		// The cache's folder is a file: the read goes on without it.
		mustRead(t, readOpts(r.dir), Cache{Dir: file}, false)
	})
	t.Run("not a repository", func(t *testing.T) {
		_, c := cachedRepo(t)
		_, _, err := ReadCached(context.Background(), readOpts(t.TempDir()), c)
		if _, ok := err.(*Unavailable); !ok {
			t.Errorf("got %v; want Unavailable", err)
		}
	})
}

// TestCacheShape fails when Log, or a type it holds, changes shape while
// CacheFormat stays: an old cache file would then decode into the new
// shape with fields missing. After bumping CacheFormat, record the new
// shape with go test ./internal/history -run TestCacheShape -update.
func TestCacheShape(t *testing.T) {
	golden := filepath.Join("testdata", "cache_shape.golden")
	got := fmt.Sprintf("format %d\n%s", CacheFormat, shape(reflect.TypeFor[Log]()))
	want, err := os.ReadFile(golden)
	if err != nil && !*update {
		t.Fatal(err)
	}
	if got == string(want) {
		return
	}
	oldFormat, oldShape, _ := strings.Cut(string(want), "\n")
	_, newShape, _ := strings.Cut(got, "\n")
	if oldFormat == fmt.Sprintf("format %d", CacheFormat) && oldShape != newShape {
		t.Fatalf("history.Log changed shape but CacheFormat is still %d: bump it, then run with -update\ngot:\n%s\nwant:\n%s", CacheFormat, got, want)
	}
	if !*update {
		t.Fatalf("%s is out of date: run with -update\ngot:\n%s\nwant:\n%s", golden, got, want)
	}
	if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
		t.Fatal(err)
	}
}

// shape describes a type one field a line (path, then type), following
// structs, pointers, slices, arrays and maps down to their leaves; a
// type with its own encoding (time.Time) is a leaf.
func shape(t reflect.Type) string {
	var b strings.Builder
	seen := map[reflect.Type]bool{}
	var walk func(prefix string, t reflect.Type)
	walk = func(prefix string, t reflect.Type) {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			walk(prefix+"["+t.Kind().String()+"]", t.Elem())
			return
		case reflect.Map:
			walk(prefix+"[key]", t.Key())
			walk(prefix+"[value]", t.Elem())
			return
		case reflect.Struct:
			if t != reflect.TypeFor[time.Time]() && !seen[t] {
				seen[t] = true
				for i := range t.NumField() {
					f := t.Field(i)
					if f.IsExported() {
						walk(prefix+"."+f.Name, f.Type)
					}
				}
				seen[t] = false
				return
			}
		}
		fmt.Fprintf(&b, "%s %s\n", prefix, t)
	}
	walk("Log", t)
	return b.String()
}
