package cli

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"

	"github.com/bearing-dev/bearing/internal/config"
	"github.com/bearing-dev/bearing/internal/history"
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
// the end of a 10k parse, against 133 MiB when collected at GOGC=25): it
// saved collections (15 against 62 now) and cost the memory, a peak of
// 338-356 MB at 10k files with readings against 242-249 MB now.
//
// Should what is live pass 7/10 of the limit, the limit becomes twice
// that, so that it never becomes one that what is live alone fills and
// the collector never runs without end.
//
// The settings are the process's: two checks or builds run at once in
// one process must not both pace it (a test that runs them so sets GOGC
// in their env).
type pacer struct {
	mu          sync.Mutex
	off         bool  // the user's settings, or stopped
	floor       int64 // while reading history, see reading; else 0
	prevLimit   int64
	prevPercent int
}

// historyFloor is the heap the read of the git history may always grow
// to. The read makes much garbage (every past version of a file parsed,
// then dropped) and keeps little: at the default GOGC a small playbook's
// read collects every few megabytes, 1.3 times the CPU of a read under
// a floor (3.0-3.4 s against 2.3-2.7 s on 300 files and 1,000 commits),
// and under the 230 MiB limit alone it would grow to that of garbage,
// four times a small playbook's whole check. 16 MiB costs no more CPU
// than 48 did (2.4-2.7 s against 2.3-2.8 s of CPU, 3 runs each) and keeps
// the cold check's peak at 39-40 MiB instead of 77, under twice the 21 MiB
// of a check without history, as issue 15 asks (bench/history.sh).
const historyFloor = 16 << 20

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
	p.prevPercent = debug.SetGCPercent(100)
	debug.SetGCPercent(p.prevPercent)
	p.arm()
	return p
}

// reading returns f, the reading of the history, paced while it runs so
// that the heap may grow to historyFloor (see there).
func (p *pacer) reading(f historyFunc) historyFunc {
	if f == nil {
		return nil
	}
	return func(c config.Config) *history.Log {
		p.setFloor(historyFloor)
		defer p.setFloor(0)
		return f(c)
	}
}

// setFloor lets the heap grow to the larger of floor and twice what is
// live before each collection, or, with floor 0, restores GOGC.
func (p *pacer) setFloor(floor int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.off {
		return
	}
	p.floor = floor
	if floor == 0 {
		debug.SetGCPercent(p.prevPercent)
		return
	}
	debug.SetGCPercent(growingPercent(floor, liveHeap()))
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
	debug.SetGCPercent(p.prevPercent)
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
	if p.floor > 0 {
		debug.SetGCPercent(growingPercent(p.floor, liveHeap()))
	}
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

// growingPercent is the GOGC that lets the heap grow to the larger of
// floor and twice live before the next collection. Go never collects a
// heap under 4 MiB × GOGC/100, so GOGC stays at most what puts that at
// floor.
func growingPercent(floor int64, live uint64) int {
	most := max(100, uint64(floor)/(4<<20)*100)
	switch {
	case live >= uint64(floor)/2:
		return 100
	case live <= uint64(floor)/(most/100+1):
		return int(most)
	}
	return int((uint64(floor) - live) * 100 / live)
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
