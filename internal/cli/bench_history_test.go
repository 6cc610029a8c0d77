package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/gen"
	"github.com/bearing-dev/bearing/internal/testtool"
)

// BenchmarkHistorySpeed measures, in one run, what issue 15's Speed bars
// are about, on a generated repository of 300 files (gen.History; 100,
// 1,000 and 10,000 commits, each touching 1 to 3 files): bearing check
// without history, with history cold (an empty cache) and warm (the
// cache filled by the cold one), and bearing diff of two revisions 20
// commits apart. The runs take turns within each iteration, so that a
// change in the machine's load falls on all of them; each is timed on
// its own and the medians are reported, with the ratios the bars are
// stated in: cold/check ≤ 11, warm/check ≤ 2.5, diff/check ≤ 2.5. Peak
// memory is a process's, which one test process cannot tell apart:
// bench/history.sh measures it.
//
//	go test ./internal/cli -run '^$' -bench HistorySpeed -benchtime 5x
//
// BEARING_BENCH_COMMITS (e.g. 1000) limits it to one size.
func BenchmarkHistorySpeed(b *testing.B) {
	testtool.Path(b, "git", "apt-get install git")
	sizes := []int{100, 1000, 10000}
	if s := os.Getenv("BEARING_BENCH_COMMITS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatalf("BEARING_BENCH_COMMITS=%q: %v", s, err)
		}
		sizes = []int{n}
	}
	for _, commits := range sizes {
		b.Run(fmt.Sprintf("commits=%d", commits), func(b *testing.B) {
			dir := filepath.Join(b.TempDir(), "pb")
			if err := (gen.History{Files: 300, Commits: commits, Seed: 1}).WriteRepo(dir); err != nil {
				b.Fatal(err)
			}
			cache := b.TempDir()
			run := func(xdg, cmd string, args ...string) time.Duration {
				env := &Env{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(k string) string {
					if k == "XDG_CACHE_HOME" {
						return xdg
					}
					return ""
				}}
				start := time.Now()
				err := Run(context.Background(), append([]string{cmd, "--root", dir, "--now", gen.Today}, args...), env)
				if err != nil && err != errInvalid {
					b.Fatalf("bearing %s %v: %v", cmd, args, err)
				}
				return time.Since(start)
			}
			var check, cold, warm, diff []time.Duration
			for i := 0; b.Loop(); i++ {
				check = append(check, run("", "check", "--no-history"))
				xdg := filepath.Join(cache, strconv.Itoa(i))
				cold = append(cold, run(xdg, "check"))
				warm = append(warm, run(xdg, "check"))
				diff = append(diff, run("", "diff", "HEAD~20", "HEAD"))
			}
			ms := func(ds []time.Duration) float64 {
				slices.Sort(ds)
				return float64(ds[len(ds)/2].Microseconds()) / 1000
			}
			c := ms(check)
			b.ReportMetric(c, "ms-check")
			b.ReportMetric(ms(cold), "ms-cold")
			b.ReportMetric(ms(warm), "ms-warm")
			b.ReportMetric(ms(diff), "ms-diff")
			b.ReportMetric(ms(cold)/c, "cold/check")
			b.ReportMetric(ms(warm)/c, "warm/check")
			b.ReportMetric(ms(diff)/c, "diff/check")
			b.ReportMetric(0, "ns/op") // the medians say it; the loop's total mixes four commands
		})
	}
}
