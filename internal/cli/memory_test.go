package cli

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestNextLimit(t *testing.T) {
	cases := []struct {
		name  string
		limit int64
		live  uint64
		want  int64
	}{
		{"nothing live", 230 << 20, 0, 230 << 20},
		{"a 10k build rendering", 230 << 20, 140 << 20, 230 << 20},
		{"7/10 live", 100 << 20, 70 << 20, 100 << 20},
		{"over 7/10 live", 100 << 20, 71 << 20, 142 << 20},
		{"all live", 230 << 20, 230 << 20, 460 << 20},
		{"huge", 230 << 20, math.MaxUint64, math.MaxInt64},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := nextLimit(c.limit, c.live); got != c.want {
				t.Errorf("nextLimit(%d, %d) = %d; want %d", c.limit, c.live, got, c.want)
			}
		})
	}
}

func TestBoundHeap(t *testing.T) {
	cases := []struct {
		name    string
		env     map[string]string
		bounded bool
	}{
		{"default", nil, true},
		{"GOMEMLIMIT set", map[string]string{"GOMEMLIMIT": "1GiB"}, false},
		{"GOGC set", map[string]string{"GOGC": "200"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			limitBefore := debug.SetMemoryLimit(-1)
			restore := boundHeap(func(k string) string { return c.env[k] }, heapFloor)
			limit := debug.SetMemoryLimit(-1)
			percent := debug.SetGCPercent(-1)
			debug.SetGCPercent(percent)
			restore()
			percentAfter := debug.SetGCPercent(100)
			debug.SetGCPercent(percentAfter)
			if c.bounded && (limit < heapFloor || percent != -1) {
				t.Errorf("while bounded: limit %d, GOGC %d; want a limit of at least %d and GOGC off", limit, percent, heapFloor)
			}
			if !c.bounded && (limit != limitBefore || percent == -1) {
				t.Errorf("with the user's setting: limit %d, GOGC %d; want them left at %d and on", limit, percent, limitBefore)
			}
			if after := debug.SetMemoryLimit(-1); after != limitBefore || percentAfter == -1 {
				t.Errorf("after: limit %d, GOGC %d; want the limit restored to %d and GOGC on", after, percentAfter, limitBefore)
			}
		})
	}
}

// TestBoundHeapFollowsLive checks that the limit rises to twice what is
// live once that passes 7/10 of it, so that the collector never runs
// without end against a limit the live heap alone fills.
func TestBoundHeapFollowsLive(t *testing.T) {
	const floor = 4 << 20
	restore := boundHeap(func(string) string { return "" }, floor)
	defer restore()
	live := make([][]byte, 0, 64)
	for range 64 {
		live = append(live, make([]byte, 256<<10)) // 16 MiB in all
	}
	// After a collection, at most 7/10 of the limit is live.
	const want = (16 << 20) / 7 * 10
	deadline := time.Now().Add(10 * time.Second)
	for {
		runtime.GC()
		if limit := debug.SetMemoryLimit(-1); limit >= want {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("limit %d after 10 s with 16 MiB live; want at least %d", debug.SetMemoryLimit(-1), want)
		}
		time.Sleep(10 * time.Millisecond)
	}
	runtime.KeepAlive(live)
}
