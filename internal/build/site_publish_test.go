package build_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/gen"
)

// The tests in this file run the real binary, as a user does, because what
// they check (exit codes, a process killed half-way) cannot be seen
// in-process.

var (
	binOnce sync.Once
	binPath string
	binErr  error
	binDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		_ = os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// bearingBin builds cmd/bearing once per test run.
func bearingBin(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the bearing binary; skipped in -short mode")
	}
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "bearing-bin-")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "bearing")
		if runtime.GOOS == "windows" {
			binPath += ".exe"
		}
		cmd := exec.Command("go", "build", "-o", binPath, "github.com/bearing-dev/bearing/cmd/bearing")
		if out, err := cmd.CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// runBearing runs the binary and returns its exit code and stderr.
func runBearing(t *testing.T, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(bearingBin(t), args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=")
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, stderr.String()
	case errors.As(err, &ee):
		return ee.ExitCode(), stderr.String()
	}
	t.Fatalf("running bearing %s: %v", strings.Join(args, " "), err)
	return -1, ""
}

// writePlaybook writes files below dir.
func writePlaybook(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// smallPlaybook is a clean playbook of three nodes.
var smallPlaybook = map[string]string{
	"bearing.yaml": "title: Small\n",
	"content/directions/d.md": "---\ntitle: D\nproblem: p\nfor_whom: f\nwhy_we_win: w\nalternatives: [a]\n" +
		"must_be_true: [m]\nnon_goals: [n]\n---\nBody of [[i]].\n",
	"content/initiatives/i.md": "---\ntitle: I\nadvances: [d]\nsignals: [s]\n---\nBody.\n",
	"content/signals/s.md":     "---\ntitle: S\nmeasures: [d]\nbaseline: 1\ntarget: 2\n---\n",
}

// dirHash hashes a directory tree: every path, mode and byte. A missing
// directory hashes to "missing".
func dirHash(t *testing.T, dir string) string {
	t.Helper()
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return "missing"
	}
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		info, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %v\n", filepath.ToSlash(rel), info.Mode())
		if d.Type().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			fmt.Fprintf(h, "%x\n", sha256.Sum256(b))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// leftovers lists the entries beside out that a build left behind: its
// temporary directories.
func leftovers(t *testing.T, out string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		if strings.Contains(e.Name(), "bearing-tmp") || strings.HasSuffix(e.Name(), ".old") {
			got = append(got, e.Name())
		}
	}
	return got
}

// TestBuildTwiceIdentical builds the example twice with the binary and
// compares the trees byte for byte.
func TestBuildTwiceIdentical(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	var hashes []string
	for i := range 2 {
		out := filepath.Join(t.TempDir(), "site")
		if code, stderr := runBearing(t, "build", "--root", root, "--out", out, "--now", "2026-11-26"); code != 0 {
			t.Fatalf("build %d: got exit %d; want 0\n%s", i+1, code, stderr)
		}
		hashes = append(hashes, dirHash(t, out))
	}
	if hashes[0] != hashes[1] {
		t.Fatalf("got tree hashes %s and %s; want equal", hashes[0], hashes[1])
	}
}

// TestFailedBuildLeavesOutput checks that a playbook with an error writes
// nothing, exits 1 and leaves the previous site byte for byte.
func TestFailedBuildLeavesOutput(t *testing.T) {
	dir := t.TempDir()
	writePlaybook(t, dir, smallPlaybook)
	out := filepath.Join(dir, "public")
	if code, stderr := runBearing(t, "build", "--root", dir, "--now", "2026-11-26"); code != 0 {
		t.Fatalf("first build: got exit %d; want 0\n%s", code, stderr)
	}
	before := dirHash(t, out)
	for name, content := range map[string]string{
		"unmapped initiative": "---\ntitle: Orphan\n---\n",
		"broken frontmatter":  "---\ntitle: [unclosed\n---\n",
		"unknown reference":   "---\ntitle: X\nadvances: [nope]\n---\n",
	} {
		t.Run(name, func(t *testing.T) {
			writePlaybook(t, dir, map[string]string{"content/initiatives/bad.md": content})
			code, stderr := runBearing(t, "build", "--root", dir, "--now", "2026-11-26")
			if code != 1 {
				t.Errorf("got exit %d; want 1\n%s", code, stderr)
			}
			if after := dirHash(t, out); after != before {
				t.Errorf("got public/ changed by a failed build; want it untouched")
			}
			if l := leftovers(t, out); len(l) > 0 {
				t.Errorf("got %v beside public/ after a failed build; want nothing", l)
			}
		})
	}
}

// TestKilledBuildLeavesOutput kills builds of a large playbook at
// increasing delays and checks that public/ is always a complete site:
// the previous one, byte for byte, or (if the kill came after the swap)
// the new one; and that the next good build leaves no temporary
// directory behind.
func TestKilledBuildLeavesOutput(t *testing.T) {
	bin := bearingBin(t)
	small, large := t.TempDir(), t.TempDir()
	writePlaybook(t, small, smallPlaybook)
	if err := gen.Write(large, 2000); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	build := func(root string) {
		t.Helper()
		if code, stderr := runBearing(t, "build", "--root", root, "--out", out, "--now", gen.Today); code != 0 {
			t.Fatalf("build of %s: got exit %d; want 0\n%s", root, code, stderr)
		}
	}
	start := time.Now()
	build(large)
	took := time.Since(start)
	newSite := dirHash(t, out)
	build(small)
	oldSite := dirHash(t, out)

	// Kills spread over the whole build: while reading, rendering,
	// writing the temporary directory, and around the swap.
	const attempts = 12
	var midway, after int
	for i := range attempts {
		delay := 5*time.Millisecond + took*time.Duration(i)/(attempts-2)
		cmd := exec.Command(bin, "build", "--root", large, "--out", out, "--now", gen.Today)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// A sleep, not a wait: the kill must land at a point of the build
		// that nothing outside it can observe, and the delays spread over
		// the build's length put one in every stage.
		time.Sleep(delay)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		switch got := dirHash(t, out); got {
		case oldSite:
			midway++
		case newSite:
			// Killed after the swap: the new site is complete. Put the
			// old one back so that the next attempt can tell.
			after++
			build(small)
		default:
			t.Fatalf("after a kill at %v: public/ is neither the previous site nor the new one", delay)
		}
	}
	t.Logf("%d builds killed before the swap, %d after; a full build took %v", midway, after, took)
	if midway == 0 {
		t.Errorf("got no build killed before its swap in %d attempts; want the test to exercise one", attempts)
	}
	build(small)
	if got := dirHash(t, out); got != oldSite {
		t.Errorf("got a different site from the same playbook after killed builds; want byte-identical")
	}
	if l := leftovers(t, out); len(l) > 0 {
		t.Errorf("got %v beside public/ after a good build; want the killed builds' temporary directories removed", l)
	}
}

// TestOutRefusesDangerousTargets checks that --out never names a folder
// whose replacement would destroy something.
func TestOutRefusesDangerousTargets(t *testing.T) {
	dir := t.TempDir()
	writePlaybook(t, dir, smallPlaybook)
	// A stand-in home directory, so that a broken guard could never
	// replace the real one. It is empty: even an empty home is refused.
	home := t.TempDir()
	for _, tc := range []struct{ name, out string }{
		{"playbook root", dir},
		{"playbook root, relative", "."},
		{"content", filepath.Join(dir, "content")},
		{"inside content", filepath.Join(dir, "content", "directions")},
		{"templates", filepath.Join(dir, "templates")},
		{"parent of the root", filepath.Dir(dir)},
		{"filesystem root", "/"},
		{"home", home},
		{"home with a trailing slash", home + "/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := dirHash(t, dir)
			cmd := exec.Command(bearingBin(t), "build", "--root", dir, "--out", tc.out, "--now", "2026-11-26")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "HOME="+home, "SOURCE_DATE_EPOCH=")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			code := 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				code = ee.ExitCode()
			}
			if code != 2 {
				t.Errorf("got exit %d; want 2\n%s", code, stderr.String())
			}
			if !strings.Contains(stderr.String(), "refusing") {
				t.Errorf("got stderr %q; want it to say it refuses", stderr.String())
			}
			if after := dirHash(t, dir); after != before {
				t.Errorf("got the playbook changed; want it untouched")
			}
		})
	}
	t.Run("non-empty folder that is not a build", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "docs")
		writePlaybook(t, out, map[string]string{"keep.txt": "mine"})
		code, stderr := runBearing(t, "build", "--root", dir, "--out", out, "--now", "2026-11-26")
		if code != 2 {
			t.Errorf("got exit %d; want 2\n%s", code, stderr)
		}
		if b, err := os.ReadFile(filepath.Join(out, "keep.txt")); err != nil || string(b) != "mine" {
			t.Errorf("got keep.txt %q, %v; want it untouched", b, err)
		}
	})
}

// TestStaleFilesDisappear checks that a file of an earlier build whose
// source is gone is gone from the next build.
func TestStaleFilesDisappear(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	for k, v := range smallPlaybook {
		files[k] = v
	}
	files["content/notes/old.md"] = "---\ntitle: Old\n---\nGone soon.\n"
	writePlaybook(t, dir, files)
	out := filepath.Join(dir, "public")
	if code, stderr := runBearing(t, "build", "--root", dir, "--now", "2026-11-26"); code != 0 {
		t.Fatalf("got exit %d; want 0\n%s", code, stderr)
	}
	stale := filepath.Join(out, "notes", "old", "index.html")
	if _, err := os.Stat(stale); err != nil {
		t.Fatalf("first build: %v", err)
	}
	if err := os.Remove(filepath.Join(dir, "content", "notes", "old.md")); err != nil {
		t.Fatal(err)
	}
	if code, stderr := runBearing(t, "build", "--root", dir, "--now", "2026-11-26"); code != 0 {
		t.Fatalf("got exit %d; want 0\n%s", code, stderr)
	}
	if _, err := os.Stat(stale); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("got %s after its source was removed (%v); want it gone", stale, err)
	}
	entries, _ := os.ReadDir(out)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if slices.Contains(names, "notes") {
		t.Errorf("got public/notes/ left over; want it gone")
	}
}
