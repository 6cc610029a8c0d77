package source_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bearing-dev/bearing/internal/source"
)

// playbookDir makes a playbook folder beside a file outside it, with
// symbolic links of every kind under content/.
func playbookDir(t *testing.T) string {
	t.Helper()
	top := t.TempDir()
	dir := filepath.Join(top, "playbook")
	files := map[string]string{
		"outside.md":                       "secret",
		"playbook/content/a.md":            "alpha",
		"playbook/content/notes/b.md":      "bravo",
		"playbook/content/notes/big.md":    strings.Repeat("x", 100),
		"playbook/content/other/target.md": "target",
	}
	for p, data := range files {
		full := filepath.Join(top, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"content/notes/sibling.md":  "../other/target.md", // another folder of the playbook
		"content/notes/leak.md":     "../../../outside.md",
		"content/notes/abs.md":      filepath.Join(top, "outside.md"),
		"content/notes/dangling.md": "nowhere.md",
		"content/notes/loop.md":     "loop.md",
	}
	for p, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(p))); err != nil {
			t.Skipf("symbolic links: %v", err)
		}
	}
	return dir
}

func TestReader(t *testing.T) {
	dir := playbookDir(t)
	root, err := source.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	systems := []struct {
		name string
		fsys fs.FS
	}{
		{"Root, through folders", root},
		{"os.DirFS, through the root", os.DirFS(dir)},
	}
	tests := []struct {
		path     string
		want     string // the file's text; with wantErr, the words of Unreadable
		wantSize int64
		wantErr  bool
		rootOnly bool // only a Root refuses it
	}{
		{path: "content/a.md", want: "alpha", wantSize: 5},
		{path: "content/notes/b.md", want: "bravo", wantSize: 5},
		{path: "content/notes/sibling.md", want: "target", wantSize: 6},
		{path: "content/notes/big.md", wantSize: 100},      // over the limit: not read
		{path: "content/a.md", want: "alpha", wantSize: 5}, // back to a folder read before
		{path: "content/notes/leak.md", wantErr: true, rootOnly: true, want: "symbolic link that is absolute or leads outside the playbook"},
		{path: "content/notes/abs.md", wantErr: true, rootOnly: true, want: "symbolic link that is absolute or leads outside the playbook"},
		{path: "content/notes/dangling.md", wantErr: true, want: "no such file or directory"},
		{path: "content/notes/loop.md", wantErr: true, want: "too many levels of symbolic links"},
		{path: "content/missing/c.md", wantErr: true, want: "no such file or directory"},
	}
	for _, sys := range systems {
		t.Run(sys.name, func(t *testing.T) {
			// One Reader for every file, as a worker reads them.
			r := source.NewReader(sys.fsys, 64)
			defer r.Close()
			for _, tt := range tests {
				t.Run(tt.path, func(t *testing.T) {
					data, size, err := r.Read(tt.path)
					if tt.rootOnly && sys.fsys != fs.FS(root) {
						if err != nil {
							t.Errorf("Read: %v; want the file outside read, which only a Root refuses", err)
						}
						return
					}
					if tt.wantErr {
						if err == nil {
							t.Fatalf("Read: got %q; want an error", data)
						}
						if got := source.Unreadable(sys.fsys, tt.path, err).Error(); !strings.Contains(got, tt.want) {
							t.Errorf("Unreadable: got %q; want %q", got, tt.want)
						}
						if got := source.Unreadable(sys.fsys, tt.path, err).Error(); strings.Contains(got, tt.path) {
							t.Errorf("Unreadable: got %q; want the cause without the path", got)
						}
						return
					}
					if err != nil {
						t.Fatalf("Read: %v", err)
					}
					if string(data) != tt.want || size != tt.wantSize {
						t.Errorf("Read: got %q, size %d; want %q, size %d", data, size, tt.want, tt.wantSize)
					}
				})
			}
		})
	}
}
