package cli

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/config"
	"github.com/bearing-dev/bearing/internal/history"
)

func TestGrowingPercent(t *testing.T) {
	cases := []struct {
		name  string
		floor int64
		live  uint64
		want  int
	}{
		{"nothing live", 180 << 20, 0, 4500},
		{"very little live", 180 << 20, 1 << 20, 4500},
		{"a floor under Go's minimum heap", 1 << 20, 0, 100},
		{"a tenth of the floor", 180 << 20, 18 << 20, 900},
		{"a third of the floor", 180 << 20, 60 << 20, 200},
		{"half the floor", 180 << 20, 90 << 20, 100},
		{"over half the floor", 180 << 20, 150 << 20, 100},
		{"huge", 180 << 20, math.MaxUint64, 100},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := growingPercent(c.floor, c.live); got != c.want {
				t.Errorf("growingPercent(%d, %d) = %d; want %d", c.floor, c.live, got, c.want)
			}
		})
	}
}

func TestStartLimit(t *testing.T) {
	cases := []struct {
		name  string
		floor int64
		live  uint64
		want  int64
	}{
		{"nothing live", 230 << 20, 0, 230 << 20},
		{"a 10k build", 230 << 20, 107 << 20, 230 << 20},
		{"over half the floor", 230 << 20, 200 << 20, 400 << 20},
		{"huge", 230 << 20, math.MaxUint64, math.MaxInt64},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := startLimit(c.floor, c.live); got != c.want {
				t.Errorf("startLimit(%d, %d) = %d; want %d", c.floor, c.live, got, c.want)
			}
		})
	}
}

func TestHeldLimit(t *testing.T) {
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
			if got := heldLimit(c.limit, c.live); got != c.want {
				t.Errorf("heldLimit(%d, %d) = %d; want %d", c.limit, c.live, got, c.want)
			}
		})
	}
}

// gcPercent reads GOGC's current value.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

func TestPaceHeap(t *testing.T) {
	cases := []struct {
		name  string
		env   map[string]string
		paced bool
	}{
		{"default", nil, true},
		{"GOMEMLIMIT set", map[string]string{"GOMEMLIMIT": "1GiB"}, false},
		{"GOGC set", map[string]string{"GOGC": "200"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			limitBefore, percentBefore := debug.SetMemoryLimit(-1), gcPercent()
			p := paceHeap(func(k string) string { return c.env[k] }, heapFloor)
			percent, limit := gcPercent(), debug.SetMemoryLimit(-1)
			wantLimit := startLimit(heapFloor, liveHeap())
			p.stop()
			p.stop() // a second stop changes nothing
			if c.paced {
				if percent != percentBefore || limit != wantLimit {
					t.Errorf("paced: GOGC %d, limit %d; want GOGC %d and a limit of %d", percent, limit, percentBefore, wantLimit)
				}
			} else if percent != percentBefore || limit != limitBefore {
				t.Errorf("with the user's setting: GOGC %d, limit %d; want %d and %d", percent, limit, percentBefore, limitBefore)
			}
			if limit, percent := debug.SetMemoryLimit(-1), gcPercent(); limit != limitBefore || percent != percentBefore {
				t.Errorf("after: limit %d, GOGC %d; want them restored to %d and %d", limit, percent, limitBefore, percentBefore)
			}
		})
	}
}

// TestPacerFollowsLive checks that the limit moves after collections: it
// rises to twice what is live when that passes 7/10 of it, so that the
// collector never runs without end against a limit the live heap alone
// fills.
func TestPacerFollowsLive(t *testing.T) {
	const floor = 4 << 20
	var live [][]byte
	grow := func(mib int) {
		for range mib * 4 {
			live = append(live, make([]byte, 256<<10))
		}
	}
	await := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			runtime.GC()
			if ok() {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: not after 10 s (GOGC %d, limit %d)", what, gcPercent(), debug.SetMemoryLimit(-1))
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	runtime.GC() // what is live now, not what an earlier test left
	p := paceHeap(func(string) string { return "" }, floor)
	defer p.stop()
	if got, want := debug.SetMemoryLimit(-1), startLimit(floor, liveHeap()); got != want {
		t.Fatalf("limit %d at the start; want %d", got, want)
	}
	grow(32)
	await("a limit over 32 MiB × 10/7 with 32 MiB live", func() bool {
		limit := debug.SetMemoryLimit(-1)
		return limit >= (32<<20)/7*10 && limit < math.MaxInt64
	})
	runtime.KeepAlive(live)
}

// TestPacerReading checks that the history's read may grow the heap to
// historyFloor, GOGC over the default while it runs, and that GOGC is the
// default again after it.
func TestPacerReading(t *testing.T) {
	runtime.GC()
	before := gcPercent()
	p := paceHeap(func(string) string { return "" }, heapFloor)
	defer p.stop()
	var during int
	read := p.reading(func(config.Config) *history.Log {
		during = gcPercent()
		return nil
	})
	read(config.Config{})
	if during <= before {
		t.Errorf("GOGC %d while reading history; want over %d", during, before)
	}
	if got := gcPercent(); got != before {
		t.Errorf("GOGC %d after reading history; want %d again", got, before)
	}
	if p.reading(nil) != nil {
		t.Error("reading(nil) is not nil: a command without history would read one")
	}
}
