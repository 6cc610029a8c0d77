package render

import (
	"slices"
	"testing"

	"github.com/bearing-dev/bearing/internal/document"
)

func TestWrapLabel(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Instant tender", []string{"Instant tender"}},
		{"   ", nil},
		{"Hours-of-service aware planning", []string{"Hours-of-service aware planning"}},
		{"A trusted network of carriers your team already works with", []string{"A trusted network of carriers", "your team already works with"}},
		{"The dispatch cockpit for mid-size carriers that run forty to two hundred and fifty trucks", []string{"The dispatch cockpit for mid-size", "carriers that run forty to two…"}},
		{"Supercalifragilisticexpialidocious-and-then-some-more-letters", []string{"Supercalifragilisticexpialidocio…"}},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got := wrapLabel(tc.in, 33, 2)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q; want %q", got, tc.want)
			}
			for _, l := range got {
				if n := len([]rune(l)); n > 33 {
					t.Errorf("got a line of %d runes (%q); want at most 33", n, l)
				}
			}
		})
	}
}

func TestProgress(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	for _, tc := range []struct {
		name                      string
		baseline, current, target *float64
		better                    string
		want                      int
		ok                        bool
	}{
		{"up from baseline", f(10), f(15), f(20), "up", 50, true},
		{"up without baseline", nil, f(25), f(100), "", 25, true},
		{"down from baseline", f(47), f(18), f(5), "down", 69, true},
		{"down without baseline", nil, f(18), f(5), "down", 0, false},
		{"past the target", f(0), f(150), f(100), "up", 100, true},
		{"went backwards", f(10), f(5), f(20), "up", 0, true},
		{"target is baseline", f(3), f(3), f(3), "up", 100, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fr := &document.Front{Baseline: tc.baseline, Current: tc.current, Target: tc.target, Better: tc.better}
			got, ok := progress(fr)
			if got != tc.want || ok != tc.ok {
				t.Errorf("got %d, %v; want %d, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}
