package cli

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// heapFloor is the heap a check or build may always use: a 10,000-file
// playbook's whole build peaks under 250 MiB with it.
const heapFloor = 230 << 20

// boundHeap paces the garbage collector for one check or build, until
// the returned function restores the previous settings.
//
// The heap may grow to a memory limit before it is collected: the floor,
// raised to twice what is live whenever a collection finds more than
// seven tenths of it live. Go's default pacing collects at twice what is
// live from the start, so parsing a playbook, whose live heap grows from
// nothing to its whole size, collected forty-odd times at 10k files, most
// of them to free a few megabytes; and rendering, which keeps the parsed
// playbook and makes a page at a time, let the heap reach 310 MiB with
// 140 MiB in use. Under the floor, collections wait until they are worth
// it, and a 10k-file build (140 MiB live at most) stays under 250 MiB. A
// larger playbook gets at least 3/7 of what is live to allocate between
// collections, so the limit never becomes one that what is live alone
// would fill and the collector never runs without end.
//
// A GOMEMLIMIT or GOGC set by the user wins: then nothing is changed. The
// settings are the process's: two checks or builds run at once in one
// process must not both bound it (a test that runs them so sets GOGC in
// their env).
func boundHeap(getenv func(string) string, floor int64) (restore func()) {
	if getenv("GOMEMLIMIT") != "" || getenv("GOGC") != "" {
		return func() {}
	}
	p := &pacer{floor: floor}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.prevLimit = debug.SetMemoryLimit(p.next(floor))
	p.prevPercent = debug.SetGCPercent(-1)
	p.arm()
	return p.stop
}

// pacer keeps the memory limit: see boundHeap.
type pacer struct {
	floor int64

	mu          sync.Mutex
	stopped     bool
	prevLimit   int64
	prevPercent int
}

// gcToken is allocated only to be collected: its cleanup runs after the
// collection that freed it. It is larger than the tiny allocator's
// 16 bytes, whose objects may never be freed alone.
type gcToken [32]byte

// arm runs p.collected after the next collection.
func (p *pacer) arm() {
	runtime.AddCleanup(new(gcToken), (*pacer).collected, p)
}

func (p *pacer) collected() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	debug.SetMemoryLimit(p.next(debug.SetMemoryLimit(-1)))
	p.arm()
}

// next is the memory limit to follow limit, for what is live now.
func (p *pacer) next(limit int64) int64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return max(limit, p.floor)
	}
	return nextLimit(max(limit, p.floor), s[0].Value.Uint64())
}

// nextLimit is limit, or twice live once live passes 7/10 of limit.
func nextLimit(limit int64, live uint64) int64 {
	switch {
	case live >= math.MaxInt64/2:
		return math.MaxInt64
	case int64(live) > limit/10*7:
		return 2 * int64(live)
	}
	return limit
}

func (p *pacer) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return
	}
	p.stopped = true
	debug.SetGCPercent(p.prevPercent)
	debug.SetMemoryLimit(p.prevLimit)
}
