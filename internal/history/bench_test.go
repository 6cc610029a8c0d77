package history

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"
)

// fastImport writes a history of commits commits to r with git
// fast-import: 300 files (20 directions, 280 initiatives) made by the
// first commit, then each commit editing 1 to 3 of them, a stage, a
// target of prose, on a day of its own.
func fastImport(b *testing.B, r *testRepo, commits int) {
	b.Helper()
	var in bytes.Buffer
	data := func(s string) { fmt.Fprintf(&in, "data %d\n%s\n", len(s), s) }
	file := func(i, rev int) (string, string) {
		if i < 20 {
			return fmt.Sprintf("content/directions/d%d.md", i), direction(fmt.Sprintf("problem %d rev %d", i, rev), []string{"validate", "execute", "scale"}[rev%3])
		}
		return fmt.Sprintf("content/initiatives/i%d.md", i),
			fmt.Sprintf("---\ntitle: Initiative %d\nadvances: [d%d]\nstage: validate\n---\nRevision %d of a body that links to [[d%d]].\n", i, i%20, rev, i%20)
	}
	start := time.Date(2000, 1, 1, 12, 0, 0, 0, time.UTC)
	for c := range commits {
		fmt.Fprintf(&in, "commit refs/heads/main\nmark :%d\ncommitter Ada <ada@example.org> %d +0000\n", c+1, start.Add(time.Duration(c)*time.Hour).Unix())
		data(fmt.Sprintf("commit %d", c))
		if c > 0 {
			fmt.Fprintf(&in, "from :%d\n", c)
		}
		if c == 0 {
			for i := range 300 {
				p, text := file(i, 0)
				fmt.Fprintf(&in, "M 100644 inline %s\n", p)
				data(text)
			}
			continue
		}
		for k := range 1 + c%3 {
			p, text := file((c*7+k*131)%300, c)
			fmt.Fprintf(&in, "M 100644 inline %s\n", p)
			data(text)
		}
	}
	cmd := exec.Command("git", "fast-import", "--quiet")
	cmd.Dir, cmd.Env, cmd.Stdin = r.dir, r.env, &in
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("git fast-import: %v\n%s", err, out)
	}
	r.git("reset", "-q", "--hard", "main")
}

// BenchmarkRead reads histories of 1,000 and 10,000 commits, with events
// only and with a graph patched at every commit, and reports the peak
// live heap, which must not grow with the number of commits beyond the
// commits' and events' own records.
func BenchmarkRead(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		r := newTestRepo(b)
		fastImport(b, r, n)
		for _, graphs := range []bool{false, true} {
			b.Run(fmt.Sprintf("commits=%d/graphs=%v", n, graphs), func(b *testing.B) {
				var peak atomic.Uint64
				stop := sampleHeap(&peak)
				defer stop()
				b.ReportAllocs()
				var l *Log
				for b.Loop() {
					o := readOpts(r.dir)
					if graphs {
						o.Visit = func(*Snapshot) error { return nil }
					}
					var err error
					if l, err = Read(context.Background(), o); err != nil {
						b.Fatal(err)
					}
				}
				if len(l.Commits) != n {
					b.Fatalf("read %d commits; want %d", len(l.Commits), n)
				}
				b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
				b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(n), "µs/commit")
			})
		}
	}
}

// sampleHeap records the largest live heap seen every millisecond until
// the returned function is called.
func sampleHeap(peak *atomic.Uint64) func() {
	runtime.GC()
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	return func() { close(done); <-stopped }
}
