package publish

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		got[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func publish(t *testing.T, out string, files map[string]string) {
	t.Helper()
	tx, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := tx.Write(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestCommitReplacesTheSite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	publish(t, out, map[string]string{"index.html": "one", "old/index.html": "gone soon", "sitemap.xml": "x"})
	publish(t, out, map[string]string{"index.html": "two", "new/index.html": "new", "sitemap.xml": "x"})
	got := readTree(t, out)
	want := map[string]string{"index.html": "two", "new/index.html": "new", "sitemap.xml": "x"}
	if len(got) != len(want) {
		t.Errorf("got files %v; want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q; want %q", k, got[k], v)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("got %v beside the output; want only public", names)
	}
}

func TestAbortLeavesTheSite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	publish(t, out, map[string]string{"index.html": "one"})
	tx, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Write("index.html", []byte("half")); err != nil {
		t.Fatal(err)
	}
	tx.Abort()
	if got := readTree(t, out); got["index.html"] != "one" || len(got) != 1 {
		t.Errorf("got %v after an aborted publish; want the previous site", got)
	}
	if m, _ := filepath.Glob(filepath.Join(filepath.Dir(out), tmpPrefix(out)+"*")); len(m) > 0 {
		t.Errorf("got %v left by an aborted publish; want nothing", m)
	}
}

func TestStaleTemporaryDirectoriesRemoved(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	// What a build killed before its swap leaves behind.
	stale := filepath.Join(filepath.Dir(out), tmpPrefix(out)+"12345")
	if err := os.MkdirAll(filepath.Join(stale, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	publish(t, out, map[string]string{"index.html": "one"})
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("got %s after a good publish (%v); want it removed", stale, err)
	}
}

func TestWriteRefusesPathsOutside(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	tx, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Abort()
	for _, name := range []string{"", "/etc/passwd", "../x", "a/../../x", "a//b", "./a", `a\b`, "a/."} {
		t.Run(name, func(t *testing.T) {
			if err := tx.Write(name, []byte("x")); err == nil {
				t.Errorf("got no error writing %q; want a refusal", name)
			}
		})
	}
}

func TestGuard(t *testing.T) {
	root := t.TempDir()
	home := t.TempDir()
	t.Setenv("HOME", home)
	earlier := filepath.Join(t.TempDir(), "site")
	if err := os.MkdirAll(earlier, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(earlier, "sitemap.xml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	foreign := filepath.Join(t.TempDir(), "docs")
	if err := os.MkdirAll(foreign, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(foreign, "notes.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		out    string
		refuse string // a word of the reason; "" for allowed
	}{
		{filepath.Join(root, "public"), ""},
		{filepath.Join(t.TempDir(), "fresh"), ""},
		{earlier, ""},
		{root, "playbook root"},
		{root + "/", "playbook root"},
		{filepath.Dir(root), "above"},
		{"/", "filesystem root"},
		{home, "home"},
		{filepath.Join(root, "content"), "content"},
		{filepath.Join(root, "content", "directions"), "content"},
		{filepath.Join(root, "templates"), "templates"},
		{filepath.Join(root, "theme"), "theme"},
		{filepath.Join(root, ".git"), ".git"},
		{foreign, "earlier build"},
	} {
		t.Run(tc.out, func(t *testing.T) {
			err := Guard(tc.out, root)
			switch {
			case tc.refuse == "" && err != nil:
				t.Errorf("got %v; want %s allowed", err, tc.out)
			case tc.refuse != "" && err == nil:
				t.Errorf("got %s allowed; want it refused", tc.out)
			case tc.refuse != "" && !strings.Contains(err.Error(), tc.refuse):
				t.Errorf("got %q; want the reason to mention %q", err, tc.refuse)
			}
		})
	}
}
