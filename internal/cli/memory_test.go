package cli

import (
	"runtime/debug"
	"testing"
)

func TestCapHeap(t *testing.T) {
	cases := []struct {
		name   string
		env    map[string]string
		capped bool
	}{
		{"default", nil, true},
		{"GOMEMLIMIT set", map[string]string{"GOMEMLIMIT": "1GiB"}, false},
		{"GOGC set", map[string]string{"GOGC": "200"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := debug.SetMemoryLimit(-1)
			restore := capHeap(func(k string) string { return c.env[k] })
			during := debug.SetMemoryLimit(-1)
			restore()
			after := debug.SetMemoryLimit(-1)
			if c.capped && (during < heapFloor || during == before) {
				t.Errorf("limit while rendering = %d; want at least %d", during, heapFloor)
			}
			if !c.capped && during != before {
				t.Errorf("limit while rendering = %d; want it left at %d", during, before)
			}
			if after != before {
				t.Errorf("limit after = %d; want it restored to %d", after, before)
			}
		})
	}
}
