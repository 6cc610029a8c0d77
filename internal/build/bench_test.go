package build_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/build"
	"github.com/bearing-dev/bearing/internal/gen"
)

// BenchmarkCheck measures Check (load, parse, model, validate) on generated
// playbooks of 1,000 and 10,000 files (about 4 KB each). The playbook is
// generated once per size, untimed, into a directory that lives as long as
// the benchmark; files are read through os.DirFS, so after the first
// iteration they come from the page cache. Run it with
//
//	go test ./internal/build -run='^$' -bench=BenchmarkCheck -benchmem -count=3
func BenchmarkCheck(b *testing.B) {
	root := b.TempDir()
	today, err := time.Parse(time.DateOnly, gen.Today)
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1000, 10000} {
		// Generated lazily, so -bench=BenchmarkCheck/1k never writes the
		// 40 MB playbook, and once: the sub-benchmark body runs several
		// times as the framework grows b.N, and again for each -count.
		var dir string
		var size int64
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			if dir == "" {
				files, err := gen.Generate(n)
				if err != nil {
					b.Fatal(err)
				}
				dir = filepath.Join(root, fmt.Sprint(n))
				if err := gen.WriteFiles(dir, files); err != nil {
					b.Fatal(err)
				}
				for _, f := range files {
					size += int64(len(f.Data))
				}
			}
			opts := build.Options{FS: os.DirFS(dir), Today: today, LinksOnly: true} // as `bearing check` runs
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				res, err := build.Check(context.Background(), opts)
				if err != nil {
					b.Fatal(err)
				}
				if len(res.Docs) != n || len(res.Diags) != 0 {
					b.Fatalf("checked %d files with %d diagnostics; want %d files and none", len(res.Docs), len(res.Diags), n)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
		})
	}
}
