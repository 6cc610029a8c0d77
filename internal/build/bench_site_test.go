package build_test

import (
	"context"
	"fmt"
	"io/fs"
	"runtime"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/bearing-dev/bearing/internal/build"
	"github.com/bearing-dev/bearing/internal/gen"
)

// genFS generates a playbook of n files into memory.
func genFS(tb testing.TB, n int) fs.FS {
	tb.Helper()
	return genFSWith(tb, n, gen.Options{Readings: gen.DefaultReadings})
}

// genFSWith generates a playbook of n files with options into memory.
func genFSWith(tb testing.TB, n int, o gen.Options) fs.FS {
	tb.Helper()
	files, err := gen.GenerateWith(n, o)
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
//
// gen-10k/readings=0 and gen-10k/readings=24 are the same playbook but
// for its signals' histories (gen.Options), so that what the readings
// cost is one benchstat comparison:
//
//	go test ./internal/build -run '^$' -bench 'BenchmarkBuild/gen-10k/readings' -count 10 -benchmem >r.txt
//	benchstat -col /readings r.txt
//
// Each run generates its playbook afresh (untimed) and collects the
// generator's garbage, so only the playbook being built is live and the
// collector starts from the same heap for either.
// cpu-sec/op is the process's user and system CPU time per build (all
// threads, the collector's included; unix only): on a shared machine it
// varies far less than sec/op, which counts the time spent waiting for a
// core. check-cpu-sec/op is the part of it spent in Check; the rest is
// the renderer's.
func BenchmarkBuild(b *testing.B) {
	cases := []struct {
		name string
		fsys func(*testing.B) fs.FS
	}{
		{"example", func(*testing.B) fs.FS { return example() }},
		{"gen-1k", func(b *testing.B) fs.FS { return genFS(b, 1000) }},
	}
	for _, r := range []int{0, gen.DefaultReadings} {
		cases = append(cases, struct {
			name string
			fsys func(*testing.B) fs.FS
		}{fmt.Sprintf("gen-10k/readings=%d", r), func(b *testing.B) fs.FS { return genFSWith(b, 10000, gen.Options{Readings: r}) }})
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			root := c.fsys(b)
			runtime.GC() // the generator's garbage is not the build's
			ctx := context.Background()
			var files, bytes atomic.Int64
			b.ResetTimer()
			cpu0, cpuOK := processCPU()
			var checkCPU time.Duration
			for b.Loop() {
				c0, _ := processCPU()
				res, err := build.Check(ctx, build.Options{FS: root, Today: today})
				c1, _ := processCPU()
				checkCPU += c1 - c0
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
			if cpu1, ok := processCPU(); cpuOK && ok {
				b.ReportMetric((cpu1-cpu0).Seconds()/float64(b.N), "cpu-sec/op")
				b.ReportMetric(checkCPU.Seconds()/float64(b.N), "check-cpu-sec/op")
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
