package cli

import (
	"math"
	"runtime/debug"
	"runtime/metrics"
)

// heapFloor is the heap a build may always use: its whole peak for a
// 10,000-file playbook stays under 250 MiB.
const heapFloor = 230 << 20

// capHeap bounds the heap while a checked playbook renders, and returns
// the function that lifts the bound again.
//
// Rendering keeps the parsed playbook (live) and makes a page at a time;
// Go's default pacing lets the heap grow to twice what is live before it
// collects, so a 10k-file build peaked at 310 MiB with 140 MiB in use.
// The cap is the larger of heapFloor and twice what the parsed playbook
// holds: at the floor it costs a few more collections, and for a larger
// playbook it is the default pacing, never a cap the playbook alone
// would fill. A GOMEMLIMIT or GOGC set by the user wins.
func capHeap(getenv func(string) string) (restore func()) {
	if getenv("GOMEMLIMIT") != "" || getenv("GOGC") != "" {
		return func() {}
	}
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	limit := int64(heapFloor)
	if s[0].Value.Kind() == metrics.KindUint64 {
		if live := s[0].Value.Uint64(); live < math.MaxInt64/2 {
			limit = max(limit, 2*int64(live))
		}
	}
	prev := debug.SetMemoryLimit(limit)
	return func() { debug.SetMemoryLimit(prev) }
}
