package model

import (
	"cmp"
	"strings"
	"testing"
)

// foldCases are pairs compareFold must order as their lowercase forms.
var foldCases = [][2]string{
	{"", ""}, {"", "a"}, {"a", ""}, {"a", "A"}, {"Apple", "apple pie"}, {"Zebra", "apple"},
	{"É", "e"}, {"É", "é"}, {"ß", "SS"}, {"İstanbul", "istanbul"}, {"Σ", "σ"}, {"ǅ", "ǆ"},
	{"a\xffb", "a\xfeb"}, {"\xff", "\uFFFD"}, {"Ünïcode ✓", "ünïcode ✗"}, {"Fish & chips <1>", "fish & Chips <2>"},
}

func TestCompareFold(t *testing.T) {
	for _, c := range foldCases {
		t.Run(c[0]+"|"+c[1], func(t *testing.T) {
			if got, want := compareFold(c[0], c[1]), cmp.Compare(strings.ToLower(c[0]), strings.ToLower(c[1])); got != want {
				t.Errorf("compareFold(%q, %q) = %d; want %d", c[0], c[1], got, want)
			}
		})
	}
}

// FuzzCompareFold checks compareFold against strings.ToLower on
// arbitrary pairs, invalid UTF-8 included.
func FuzzCompareFold(f *testing.F) {
	for _, c := range foldCases {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if got, want := compareFold(a, b), cmp.Compare(strings.ToLower(a), strings.ToLower(b)); got != want {
			t.Errorf("compareFold(%q, %q) = %d; want %d", a, b, got, want)
		}
	})
}
