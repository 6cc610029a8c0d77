package build_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/build"
	"github.com/bearing-dev/bearing/internal/config"
	"github.com/bearing-dev/bearing/internal/gen"
	"github.com/bearing-dev/bearing/internal/history"
	"github.com/bearing-dev/bearing/internal/markdown"
	"github.com/bearing-dev/bearing/internal/testtool"
)

// historyRepo makes a repository of a generated playbook of files files
// with commits commits: the first adds every file, each later one adds
// a paragraph to the bodies of 1 to 3 of them, an hour after the last.
// git fast-import writes it in one process.
func historyRepo(b *testing.B, files, commits int) string {
	b.Helper()
	fs, err := gen.Generate(files)
	if err != nil {
		b.Fatal(err)
	}
	r := testtool.GitRepo(b, b.TempDir())
	var in bytes.Buffer
	data := func(s []byte) { fmt.Fprintf(&in, "data %d\n%s\n", len(s), s) }
	start := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
	for c := range commits {
		fmt.Fprintf(&in, "commit refs/heads/main\nmark :%d\ncommitter Ada <ada@example.org> %d +0000\n", c+1, start.Add(time.Duration(c)*time.Hour).Unix())
		data(fmt.Appendf(nil, "commit %d", c))
		if c > 0 {
			fmt.Fprintf(&in, "from :%d\n", c)
		}
		if c == 0 {
			for _, f := range fs {
				fmt.Fprintf(&in, "M 100644 inline %s\n", f.Path)
				data(f.Data)
			}
			continue
		}
		for k := range 1 + c%3 {
			i := (c*7 + k*131) % len(fs)
			if filepath.Ext(fs[i].Path) != ".md" {
				continue
			}
			fs[i].Data = fmt.Appendf(fs[i].Data, "\nRevision %d of this page.\n", c)
			fmt.Fprintf(&in, "M 100644 inline %s\n", fs[i].Path)
			data(fs[i].Data)
		}
	}
	cmd := exec.Command("git", "fast-import", "--quiet")
	cmd.Dir, cmd.Stdin = r.Dir, &in
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("git fast-import: %v\n%s", err, out)
	}
	r.Git("reset", "-q", "--hard", "main")
	return r.Dir
}

// BenchmarkHistory compares, on a 300-file playbook with 1,000 commits,
// a check without history with a read of the history with and without
// judging every snapshot (Judge), the cost of the series' findings and
// of the finding events. Run it with
//
//	go test ./internal/build -run='^$' -bench=BenchmarkHistory -count=3
func BenchmarkHistory(b *testing.B) {
	dir := historyRepo(b, 300, 1000)
	today, _ := time.Parse(time.DateOnly, gen.Today)
	b.Run("check", func(b *testing.B) {
		for b.Loop() {
			if _, err := build.Check(context.Background(), build.Options{FS: os.DirFS(dir), Today: today, LinksOnly: true}); err != nil {
				b.Fatal(err)
			}
		}
	})
	c := config.Default()
	c.MaxActive = gen.MaxActive
	for _, judged := range []bool{false, true} {
		b.Run(fmt.Sprintf("read/judged=%v", judged), func(b *testing.B) {
			for b.Loop() {
				o := history.Options{Dir: dir, MD: markdown.New(markdown.Options{LinksOnly: true})}
				if judged {
					o.Judge = build.Judge(c)
				}
				l, err := history.Read(context.Background(), o)
				if err != nil {
					b.Fatal(err)
				}
				if n := len(l.Commits); n < 900 || len(l.Series) != n || l.Series[n-1].Judged != judged {
					b.Fatalf("got %d points for %d commits; want one each, judged %v", len(l.Series), n, judged)
				}
			}
		})
	}
}
