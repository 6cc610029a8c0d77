package testtool

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FirstDiff describes the first line where two files differ, showing both
// lines from a little before the first differing byte; "" when equal.
func FirstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl == wl {
			continue
		}
		at := 0
		for at < len(gl) && at < len(wl) && gl[at] == wl[at] {
			at++
		}
		from := max(0, at-120)
		return fmt.Sprintf("line %d, byte %d:\ngot  …%.300q\nwant …%.300q", i+1, at+1, gl[from:], wl[from:])
	}
	return ""
}

// CopyPlaybook copies a playbook's content/ and bearing.yaml (if any)
// from root into dir.
func CopyPlaybook(t testing.TB, root, dir string) {
	t.Helper()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS(filepath.Join(root, "content"))); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(root, "bearing.yaml")); err == nil {
		if err := os.WriteFile(filepath.Join(dir, "bearing.yaml"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
