package gen_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/bearing-dev/bearing/internal/build"
	"github.com/bearing-dev/bearing/internal/gen"
	"github.com/bearing-dev/bearing/internal/testtool"
)

// streamCommits reads a fast-import stream back: per commit, its message
// and the file commands (M or D lines) it holds.
func streamCommits(t *testing.T, stream []byte) (msgs []string, files [][]string) {
	t.Helper()
	r := bufio.NewReader(bytes.NewReader(stream))
	// data reads a data block's n bytes and the newline after them.
	data := func(line string) string {
		n, err := strconv.Atoi(strings.TrimPrefix(line, "data "))
		if err != nil {
			t.Fatalf("bad data line %q", line)
		}
		buf := make([]byte, n+1)
		if _, err := io.ReadFull(r, buf); err != nil {
			t.Fatal(err)
		}
		return string(buf[:n])
	}
	inMsg := false
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			break
		}
		line = strings.TrimSuffix(line, "\n")
		switch {
		case strings.HasPrefix(line, "commit "):
			inMsg = true
			files = append(files, nil)
		case strings.HasPrefix(line, "data ") && inMsg:
			msgs = append(msgs, data(line))
			inMsg = false
		case strings.HasPrefix(line, "data "):
			data(line)
		case strings.HasPrefix(line, "M ") || strings.HasPrefix(line, "D "):
			files[len(files)-1] = append(files[len(files)-1], line)
		}
	}
	return msgs, files
}

// TestHistoryStream: the stream is the same for the same history and
// another for another seed; the first commit holds the playbook, every
// later one touches 1 to 3 files (a move 2), and the edits are the mix
// the generator promises.
func TestHistoryStream(t *testing.T) {
	h := gen.History{Files: 60, Commits: 400, Seed: 1}
	var a, b, c bytes.Buffer
	for _, x := range []struct {
		h gen.History
		w *bytes.Buffer
	}{{h, &a}, {h, &b}, {gen.History{Files: 60, Commits: 400, Seed: 2}, &c}} {
		if err := x.h.WriteStream(x.w); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two streams of the same history differ")
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("seeds 1 and 2 give the same stream")
	}
	msgs, files := streamCommits(t, a.Bytes())
	if len(msgs) != h.Commits || len(files) != h.Commits {
		t.Fatalf("%d commits with %d file lists; want %d", len(msgs), len(files), h.Commits)
	}
	if got := len(files[0]); got != h.Files+1 {
		t.Errorf("the first commit writes %d files; want %d and bearing.yaml", got, h.Files)
	}
	kinds := map[string]int{}
	for i, fs := range files[1:] {
		// A move is a delete and a write; with two more edits, 4 lines.
		if len(fs) < 1 || len(fs) > 4 {
			t.Errorf("commit %d (%q) touches %d files; want 1 to 3", i+1, msgs[i+1], len(fs))
		}
		for _, m := range strings.Split(msgs[i+1], "; ") {
			kinds[strings.Fields(m)[0]]++
		}
	}
	for _, k := range []string{"Advance", "Set", "Mark", "Move", "Update", "Rewrite", "Add", "Propose", "Drop"} {
		if kinds[k] == 0 {
			t.Errorf("no %q edit in %d commits: %v", k, h.Commits, kinds)
		}
	}
}

// TestHistoryRepo writes a repository and checks its last commit with the
// real pipeline: as many commits as asked, dated, and a playbook whose
// files still parse and link (the edits are the kind that make strategy
// findings, not broken files).
func TestHistoryRepo(t *testing.T) {
	testtool.Path(t, "git", "apt-get install git")
	dir := t.TempDir()
	h := gen.History{Files: 100, Commits: 300, Seed: 7}
	if err := h.WriteRepo(dir); err != nil {
		t.Fatal(err)
	}
	// Limited to the playbook's files, as history reads it: no commit
	// leaves them as they were.
	cmd := exec.Command("git", "-C", dir, "log", "--format=%H %cd %an", "--date=format-local:%FT%T", "--", "content", "bearing.yaml")
	cmd.Env = append(os.Environ(), "TZ=UTC")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != h.Commits {
		t.Fatalf("git log of content/ and bearing.yaml lists %d commits; want %d", len(lines), h.Commits)
	}
	if f := strings.Fields(lines[0]); f[1] != "2026-11-25T09:00:00" {
		t.Errorf("last commit dated %s; want 2026-11-25T09:00:00, a day before gen.Today", f[1])
	}
	if err := h.WriteRepo(dir); err == nil {
		t.Error("WriteRepo over a repository succeeded; want an error")
	}
	res, err := build.Check(context.Background(), build.Options{FS: os.DirFS(dir), Today: today(t)})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diags {
		if !strings.HasPrefix(d.Rule, "speed/") && !strings.HasPrefix(d.Rule, "feedback/") &&
			!strings.HasPrefix(d.Rule, "focus/") && !strings.HasPrefix(d.Rule, "align/retired") {
			t.Errorf("%s", d)
		}
	}
}
