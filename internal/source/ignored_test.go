package source_test

import (
	"testing"

	"github.com/bearing-dev/bearing/internal/source"
)

func TestIgnored(t *testing.T) {
	cases := []struct {
		name string
		want bool
	}{
		{"growth.md", false},
		{"logo.png", false},
		{"sedan.md", false},
		{"sed123", false},       // too short for sed's template
		{"sedA1b2C3.md", false}, // an extension: a real file
		{"sedA1b2C3", true},     // sed -i's temporary file
		{"sed-a1b2c", false},
		{".growth.md.swp", true},
		{"4913", true},
		{"growth.md~", true},
		{"#growth.md#", true},
		{"x.tmp", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := source.Ignored(c.name); got != c.want {
				t.Errorf("Ignored(%q) = %v; want %v", c.name, got, c.want)
			}
		})
	}
}
