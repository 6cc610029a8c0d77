package build_test

import (
	"context"
	"fmt"
	"io/fs"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/bearing-dev/bearing/internal/build"
	"github.com/bearing-dev/bearing/internal/gen"
)

// genFS generates a playbook of n files into memory.
func genFS(tb testing.TB, n int) fs.FS {
	tb.Helper()
	files, err := gen.Generate(n)
	if err != nil {
		tb.Fatal(err)
	}
	m := fstest.MapFS{}
	for _, f := range files {
		m[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	return m
}

// BenchmarkBuild checks and renders a whole site into memory, handing
// every file to an emit that discards it: the build minus the disk.
//
//	go test ./internal/build -run '^$' -bench BenchmarkBuild -benchmem
func BenchmarkBuild(b *testing.B) {
	cases := []struct {
		name string
		fsys func(*testing.B) fs.FS
	}{
		{"example", func(*testing.B) fs.FS { return example() }},
		{"gen-1k", func(b *testing.B) fs.FS { return genFS(b, 1000) }},
		{"gen-10k", func(b *testing.B) fs.FS { return genFS(b, 10000) }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			root := c.fsys(b)
			ctx := context.Background()
			var files, bytes atomic.Int64
			b.ResetTimer()
			for b.Loop() {
				res, err := build.Check(ctx, build.Options{FS: root, Today: today})
				if err != nil {
					b.Fatal(err)
				}
				if n := res.Errors(); n > 0 {
					b.Fatalf("got %d errors; want 0", n)
				}
				r, err := build.NewRenderer(root)
				if err != nil {
					b.Fatal(err)
				}
				files.Store(0)
				bytes.Store(0)
				err = build.Render(ctx, root, res, r, build.SiteOptions{Consume: true}, func(p string, data []byte) error { // as bearing build renders
					files.Add(1)
					bytes.Add(int64(len(data)))
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(files.Load()), "files")
			b.ReportMetric(float64(bytes.Load())/(1<<20), "MiB-out")
		})
	}
}

// BenchmarkRender renders an already checked playbook: the render and
// template stage alone.
func BenchmarkRender(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("gen-%d", n), func(b *testing.B) {
			root := genFS(b, n)
			ctx := context.Background()
			res, err := build.Check(ctx, build.Options{FS: root, Today: today})
			if err != nil {
				b.Fatal(err)
			}
			r, err := build.NewRenderer(root)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				if err := build.Render(ctx, root, res, r, build.SiteOptions{}, func(string, []byte) error { return nil }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
