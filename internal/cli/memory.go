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

// heapFloor is the memory a build may always use while it renders, and
// parseFloor the heap it may always grow to while it parses: a
// 10,000-file playbook's whole build peaks under 250 MiB with them.
const (
	heapFloor  = 230 << 20
	parseFloor = 180 << 20
)

// historyFloor is the heap the read of the git history may always grow
// to. The read makes much garbage (every past version of a file parsed,
// then dropped) and keeps little: under parseFloor its heap would grow to
// 180 MiB of garbage, four times a small playbook's whole check.
const historyFloor = 48 << 20

// pacer paces the garbage collector for one check or build, moving its
// settings after every collection. A GOMEMLIMIT or GOGC set by the user
// wins: then pacer changes nothing.
//
// While a playbook is parsed, its live heap grows from nothing to its
// whole size. Go's default pacing (GOGC=100) collects whenever the heap
// doubles what is live, which at 10k files meant forty-odd collections,
// most to free a few megabytes. The heap may grow to the larger of
// parseFloor and twice what is live: GOGC is raised so that collections
// wait until they are worth it, and above the floor it is the default.
//
// While it renders (see hold), what is live is the parsed playbook and a
// page or two per core. GOGC is the default again, under a memory limit
// of the larger of heapFloor and twice what is live: the default pacing
// alone would let a 10k-file build reach 310 MiB with 140 MiB in use.
// Should what is live pass 7/10 of the limit, the limit becomes twice
// that, so that it never becomes one that what is live alone fills and
// the collector never runs without end.
//
// The settings are the process's: two checks or builds run at once in
// one process must not both pace it (a test that runs them so sets GOGC
// in their env).
type pacer struct {
	parseFloor, heapFloor int64

	mu          sync.Mutex
	off         bool // the user's settings, or stopped
	holding     bool
	prevLimit   int64
	prevPercent int
}

// paceHeap starts pacing; stop ends it.
func paceHeap(getenv func(string) string, parseFloor, heapFloor int64) *pacer {
	p := &pacer{parseFloor: parseFloor, heapFloor: heapFloor}
	if getenv("GOMEMLIMIT") != "" || getenv("GOGC") != "" {
		p.off = true
		return p
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.prevLimit = debug.SetMemoryLimit(-1)
	p.prevPercent = debug.SetGCPercent(growingPercent(parseFloor, liveHeap()))
	p.arm()
	return p
}

// reading returns f, the reading of the history, paced with historyFloor
// instead of the parse's floor while it runs.
func (p *pacer) reading(f historyFunc) historyFunc {
	if f == nil {
		return nil
	}
	return func(c config.Config) *history.Log {
		p.setFloor(historyFloor)
		defer p.setFloor(parseFloor)
		return f(c)
	}
}

// setFloor sets the floor of the pacing while parsing.
func (p *pacer) setFloor(floor int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.off || p.holding {
		return
	}
	p.parseFloor = floor
	debug.SetGCPercent(growingPercent(floor, liveHeap()))
}

// hold switches to the pacing for rendering: the playbook is parsed.
func (p *pacer) hold() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.off {
		return
	}
	p.holding = true
	debug.SetGCPercent(p.prevPercent)
	debug.SetMemoryLimit(renderLimit(p.heapFloor, liveHeap()))
}

// stop restores the settings pacing began with.
func (p *pacer) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.off {
		return
	}
	p.off = true
	debug.SetGCPercent(p.prevPercent)
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
	if p.holding {
		debug.SetMemoryLimit(heldLimit(debug.SetMemoryLimit(-1), liveHeap()))
	} else {
		debug.SetGCPercent(growingPercent(p.parseFloor, liveHeap()))
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

// renderLimit is the larger of floor and twice live.
func renderLimit(floor int64, live uint64) int64 {
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
