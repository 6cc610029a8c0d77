package cli

import (
	"strconv"
	"time"
)

// today decides the date rules judge against: --now, else
// SOURCE_DATE_EPOCH, else the local clock.
func today(now string, getenv func(string) string) (time.Time, error) {
	if now != "" {
		t, err := time.Parse(time.DateOnly, now)
		if err != nil {
			return time.Time{}, usageError("--now %q: want a date as YYYY-MM-DD", now)
		}
		return t, nil
	}
	if s := getenv("SOURCE_DATE_EPOCH"); s != "" {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, usageError("SOURCE_DATE_EPOCH %q: want seconds since 1970", s)
		}
		y, m, d := time.Unix(sec, 0).UTC().Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
	}
	y, m, d := time.Now().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
}

// checkFlags are the flags check, build and serve share.
type checkFlags struct {
	root, now string
	strict    bool
}

func (c *checkFlags) register(fs interface {
	StringVar(*string, string, string, string)
	BoolVar(*bool, string, bool, string)
}, strict bool) {
	fs.StringVar(&c.root, "root", ".", "the playbook's root `dir`ectory (holding bearing.yaml and content/)")
	fs.StringVar(&c.now, "now", "", "judge dates as of this `date` (YYYY-MM-DD); default SOURCE_DATE_EPOCH, else today")
	if strict {
		fs.BoolVar(&c.strict, "strict", false, "treat warnings as errors")
	}
}
