package gen_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/build"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/gen"
)

func today(t testing.TB) time.Time {
	d, err := time.Parse(time.DateOnly, gen.Today)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestGeneratedPlaybookIsClean checks generated playbooks with the real
// pipeline: the generator's promise is no error and no warning.
func TestGeneratedPlaybookIsClean(t *testing.T) {
	sizes := []int{gen.MinFiles, 37, 300}
	if !testing.Short() {
		sizes = append(sizes, 1000)
	}
	for _, n := range sizes {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			dir := t.TempDir()
			if err := gen.Write(dir, n); err != nil {
				t.Fatal(err)
			}
			res, err := build.Check(context.Background(), build.Options{FS: os.DirFS(dir), Today: today(t)})
			if err != nil {
				t.Fatal(err)
			}
			for i, d := range res.Diags {
				if i == 20 {
					t.Errorf("... and %d more", len(res.Diags)-i)
					break
				}
				t.Errorf("%s", d)
			}
			if got := len(res.Docs); got != n {
				t.Errorf("checked %d files; want %d", got, n)
			}
			c := gen.CountsFor(n)
			for kind, want := range map[document.Kind]int{
				document.Direction:  c.Directions,
				document.Initiative: c.Initiatives,
				document.Signal:     c.Signals,
				document.Review:     c.Reviews,
				document.Page:       c.Pages,
			} {
				if got := len(res.Graph.OfKind(kind)); got != want {
					t.Errorf("%d %s nodes; want %d", got, kind, want)
				}
			}
		})
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, err := gen.Generate(300)
	if err != nil {
		t.Fatal(err)
	}
	b, err := gen.Generate(300)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("got %d files, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Fatalf("file %d differs between two generations: %s and %s", i, a[i].Path, b[i].Path)
		}
	}
}

func TestGenerateSize(t *testing.T) {
	files, err := gen.Generate(1000)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, f := range files {
		total += len(f.Data)
	}
	// 1,000 Markdown files and bearing.yaml; about 4 KB a file.
	if len(files) != 1001 {
		t.Errorf("got %d files; want 1001", len(files))
	}
	if avg := total / 1000; avg < 3600 || avg > 4600 {
		t.Errorf("average file size %d bytes; want about 4000", avg)
	}
}

func TestCountsFor(t *testing.T) {
	if got, want := gen.CountsFor(10000), (gen.Counts{Directions: 500, Initiatives: 6000, Signals: 2500, Reviews: 500, Pages: 500}); got != want {
		t.Errorf("CountsFor(10000) = %+v; want %+v", got, want)
	}
	for n := gen.MinFiles; n < 500; n++ {
		c := gen.CountsFor(n)
		if sum := c.Directions + c.Initiatives + c.Signals + c.Reviews + c.Pages; sum != n {
			t.Errorf("CountsFor(%d) sums to %d", n, sum)
		}
		if c.Directions < 1 || c.Initiatives < c.Directions || c.Signals < 1 || c.Pages < 1 {
			t.Errorf("CountsFor(%d) = %+v: cannot be valid", n, c)
		}
	}
}

func TestGenerateTooFew(t *testing.T) {
	if _, err := gen.Generate(gen.MinFiles - 1); err == nil {
		t.Errorf("Generate(%d) succeeded; want an error", gen.MinFiles-1)
	}
}

func TestWriteRefusesExistingContent(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := gen.Write(dir, 10); err == nil {
		t.Error("Write over an existing content/ succeeded; want an error")
	}
}

// TestReadingsChangeNothingElse checks that the number of readings per
// signal changes the history fields and nothing else, so that a build
// with readings can be compared with the same playbook without them.
func TestReadingsChangeNothingElse(t *testing.T) {
	def, err := gen.Generate(300)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 1, 3, 24, 50} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			files, err := gen.GenerateWith(300, gen.Options{Readings: n})
			if err != nil {
				t.Fatal(err)
			}
			if len(files) != len(def) {
				t.Fatalf("got %d files; want %d", len(files), len(def))
			}
			for i, f := range files {
				if f.Path != def[i].Path {
					t.Fatalf("file %d is %s; want %s", i, f.Path, def[i].Path)
				}
				got, want := withoutHistory(f.Data), withoutHistory(def[i].Data)
				if got != want {
					t.Fatalf("%s differs from the default's beyond its history:\n%s\nwant\n%s", f.Path, got, want)
				}
				if c := strings.Count(string(f.Data), "{date"); strings.Contains(f.Path, "signals/") && c != n {
					t.Errorf("%s has %d readings; want %d", f.Path, c, n)
				}
			}
		})
	}
	if _, err := gen.GenerateWith(300, gen.Options{Readings: -1}); err == nil {
		t.Error("GenerateWith(Readings: -1) succeeded; want an error")
	}
}

// withoutHistory is a file without the lines of its history field.
func withoutHistory(data []byte) string {
	var b strings.Builder
	for line := range strings.Lines(string(data)) {
		switch {
		case strings.HasPrefix(line, "history"), strings.Contains(line, "{date"),
			line == "]\n": // the end of a TOML history, the only TOML array of tables
			continue
		}
		b.WriteString(line)
	}
	return b.String()
}
