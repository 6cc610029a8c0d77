package cli

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for _, c := range []struct {
		in, want, err string
	}{
		{"2026-11-26", "2026-11-26", ""},
		{"2028-02-29", "2028-02-29", ""},
		{"2026-12-31", "2026-12-31", ""},
		{"2026-13-01", "", "month 13 is out of range (01 to 12)"},
		{"2026-00-01", "", "month 00 is out of range (01 to 12)"},
		{"2026-02-30", "", "day 30 is out of range (February 2026 has 28 days)"},
		{"2026-02-29", "", "day 29 is out of range (February 2026 has 28 days)"},
		{"2026-04-31", "", "day 31 is out of range (April 2026 has 30 days)"},
		{"2026-01-00", "", "day 00 is out of range (January 2026 has 31 days)"},
		{"tomorrow", "", "want a date as YYYY-MM-DD"},
		{"2026-1-1", "", "want a date as YYYY-MM-DD"},
		{"26-11-2026", "", "want a date as YYYY-MM-DD"},
		{"2026-11-26T00:00:00Z", "", "want a date as YYYY-MM-DD"},
	} {
		t.Run(c.in, func(t *testing.T) {
			got, err := parseDate(c.in)
			switch {
			case c.err != "" && (err == nil || err.Error() != c.err):
				t.Errorf("parseDate(%q) = %v, %v; want the error %q", c.in, got, err, c.err)
			case c.err == "" && (err != nil || got.Format(time.DateOnly) != c.want):
				t.Errorf("parseDate(%q) = %v, %v; want %s", c.in, got, err, c.want)
			}
		})
	}
}
