package markdown_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/markdown"
	"github.com/bearing-dev/bearing/internal/markdown/pathological"
)

// BenchmarkPathological parses every pathological shape through the
// bounds and goldmark, as a check does, at an eighth, a quarter and half
// of the size cmark's suite uses: the time must double with the size.
func BenchmarkPathological(b *testing.B) {
	e := markdown.New(markdown.Options{LinksOnly: true})
	for _, s := range pathological.Shapes() {
		for _, div := range []int{8, 4, 2} {
			n := max(s.N/div, 1)
			src := []byte(s.Gen(n))
			b.Run(s.Name+"/n="+strconv.Itoa(n), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					if markdown.Overrun(src) == nil {
						e.Parse(src)
					}
				}
			})
		}
	}
}

// TestRealDocuments runs the bounds over every Markdown file this machine
// holds from others — Go's own tree, the module cache, /usr/share/doc —
// and over goldmark's CommonMark spec examples: none may be rejected.
func TestRealDocuments(t *testing.T) {
	if testing.Short() {
		t.Skip("reads thousands of files; skipped in -short mode")
	}
	var roots []string
	for _, v := range []string{"GOROOT", "GOMODCACHE"} {
		out, err := exec.Command("go", "env", v).Output()
		if err == nil && len(strings.TrimSpace(string(out))) > 0 {
			roots = append(roots, strings.TrimSpace(string(out)))
		}
	}
	roots = append(roots, "/usr/share/doc")
	files, bytes := 0, 0
	for _, root := range roots {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.EqualFold(filepath.Ext(p), ".md") && !strings.EqualFold(filepath.Ext(p), ".markdown") {
				return nil
			}
			src, err := os.ReadFile(p)
			if err != nil || len(src) > document.MaxFileSize {
				return nil
			}
			files++
			bytes += len(src)
			if x := markdown.Overrun(src); x != nil {
				t.Errorf("%s: rejected: %d %s from line %d", p, x.Count, x.Construct, x.Line)
			}
			return nil
		})
	}
	t.Logf("%d Markdown files, %d MB", files, bytes>>20)
	spec := goldmarkSpec(t)
	for _, ex := range spec {
		if x := markdown.Overrun([]byte(ex.Markdown)); x != nil {
			t.Errorf("spec example %d rejected: %d %s", ex.Example, x.Count, x.Construct)
		}
	}
	t.Logf("%d CommonMark spec examples", len(spec))
}

// specExample is one example of goldmark's _test/spec.json.
type specExample struct {
	Markdown string `json:"markdown"`
	Example  int    `json:"example"`
}

// goldmarkSpec reads the CommonMark spec examples goldmark's module holds.
func goldmarkSpec(t *testing.T) []specExample {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/yuin/goldmark").Output()
	if err != nil {
		t.Skipf("goldmark's module: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "_test", "spec.json"))
	if err != nil {
		t.Fatalf("goldmark's spec examples: %v", err)
	}
	var ex []specExample
	if err := json.Unmarshal(data, &ex); err != nil {
		t.Fatal(err)
	}
	return ex
}
