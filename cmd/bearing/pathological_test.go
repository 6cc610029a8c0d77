package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/markdown/pathological"
)

// pathologicalDeadline bounds one `bearing check` of a playbook whose only
// page is a pathological body. cmark's suite gives each shape 4 s; the
// slowest takes about 0.4 s here on a 2-core machine, so the deadline
// leaves ten times that with another CPU-bound job beside it.
const pathologicalDeadline = 40 * time.Second

// TestPathologicalBodies checks every shape of cmark's pathological suite,
// and Bearing's wiki-link variants, as the body of a page: `bearing check`
// finishes within the deadline with a clean pass or with one parse error
// that names the construct, the count and the limit.
func TestPathologicalBodies(t *testing.T) {
	if testing.Short() {
		t.Skip("runs bearing on megabytes of generated input; skipped in -short mode")
	}
	bin, err := exec.LookPath("bearing") // this test binary, installed by TestMain
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range pathological.Shapes() {
		t.Run(s.Name, func(t *testing.T) {
			dir := t.TempDir()
			page := filepath.Join(dir, "content", "shape.md")
			if err := os.MkdirAll(filepath.Dir(page), 0o755); err != nil {
				t.Fatal(err)
			}
			// Some shapes hold a real link, to [[a]] or to d: both exist.
			for name, data := range map[string]string{
				"shape.md": "---\ntitle: Shape\n---\n" + s.Gen(s.N),
				"a.md":     "---\ntitle: A\n---\n",
				"d":        "an asset\n",
			} {
				if err := os.WriteFile(filepath.Join(dir, "content", name), []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			res := runBounded(t, pathologicalDeadline, 2<<30, bin, "check", "--root", dir)
			t.Logf("%v, exit %d, %d MB: %s", res.elapsed.Round(time.Millisecond), res.code, res.maxRSS>>20, strings.TrimSpace(res.stdout))
			if res.killed != "" {
				t.Fatalf("killed: %s", res.killed)
			}
			diags := strings.Split(strings.TrimSpace(res.stdout), "\n")
			switch {
			case res.code == 0 && strings.TrimSpace(res.stdout) == "":
			case res.code == 1 && len(diags) == 1 && strings.HasPrefix(diags[0], "content/shape.md:"):
				d := diags[0]
				switch {
				case strings.HasSuffix(d, "[parse/markdown]"):
					if !strings.Contains(d, "limit") {
						t.Errorf("got %q; want it to name the limit", d)
					}
				case strings.HasSuffix(d, "[parse/frontmatter]") && (strings.Contains(d, "NUL") || strings.Contains(d, "MiB limit")):
				default:
					t.Errorf("got %q; want a parse/markdown error", d)
				}
			default:
				t.Errorf("exit %d, stdout %q, stderr %q; want a clean pass or one parse error", res.code, res.stdout, res.stderr)
			}
		})
	}
}
