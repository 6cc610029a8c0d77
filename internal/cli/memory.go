package cli

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// heapFloor is the memory a check or build may always use: a
// 10,000-file playbook's whole build peaks under 250 MiB with it.
const heapFloor = 230 << 20

// pacer bounds the memory of one check or build: from its start, a
// memory limit of the larger of heapFloor and twice what is live, which
// it moves after every collection. A GOMEMLIMIT or GOGC set by the user
// wins: then pacer changes nothing.
//
// GOGC stays the default. Go's default pacing alone lets a 10k-file
// build reach 400 MiB, twice a live heap that its fragments make some
// 1.4 times what it holds; the limit makes the collector run more often
// as the heap nears it instead. Letting the heap grow further while the
// playbook is parsed, as this pacer once did to save collections, left
// more of it in part-used spans (165-177 MiB of spans for 115 MiB live at
// the end of a 10k parse, against 133 MiB when collected at GOGC=25), and
// then cost more collections than it saved.
//
// Should what is live pass 7/10 of the limit, the limit becomes twice
// that, so that it never becomes one that what is live alone fills and
// the collector never runs without end.
//
// The settings are the process's: two checks or builds run at once in
// one process must not both pace it (a test that runs them so sets GOGC
// in their env).
type pacer struct {
	mu        sync.Mutex
	off       bool // the user's settings, or stopped
	prevLimit int64
}

// paceHeap starts pacing with a limit of at least floor; stop ends it.
func paceHeap(getenv func(string) string, floor int64) *pacer {
	p := &pacer{}
	if getenv("GOMEMLIMIT") != "" || getenv("GOGC") != "" {
		p.off = true
		return p
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.prevLimit = debug.SetMemoryLimit(startLimit(floor, liveHeap()))
	p.arm()
	return p
}

// stop restores the limit pacing began with.
func (p *pacer) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.off {
		return
	}
	p.off = true
	debug.SetMemoryLimit(p.prevLimit)
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
	if p.off {
		return
	}
	debug.SetMemoryLimit(heldLimit(debug.SetMemoryLimit(-1), liveHeap()))
	p.arm()
}

// liveHeap is what the last collection found live.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// startLimit is the larger of floor and twice live.
func startLimit(floor int64, live uint64) int64 {
	if live >= math.MaxInt64/2 {
		return math.MaxInt64
	}
	return max(floor, 2*int64(live))
}

// heldLimit is limit, or twice live once live passes 7/10 of limit.
func heldLimit(limit int64, live uint64) int64 {
	switch {
	case live >= math.MaxInt64/2:
		return math.MaxInt64
	case int64(live) > limit/10*7:
		return 2 * int64(live)
	}
	return limit
}
