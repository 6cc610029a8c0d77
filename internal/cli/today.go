package cli

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// today decides the date rules judge against: --now, else
// SOURCE_DATE_EPOCH, else the local clock.
func today(now string, getenv func(string) string) (time.Time, error) {
	if now != "" {
		t, err := parseDate(now)
		if err != nil {
			return time.Time{}, usageError("--now %q: %v", now, err)
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

// datePattern is the shape of a date, YYYY-MM-DD.
var datePattern = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)

// parseDate parses a date as YYYY-MM-DD. Its error says which part is
// wrong: a month or day out of range is a different mistake from a date
// in another format.
func parseDate(s string) (time.Time, error) {
	m := datePattern.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, errors.New("want a date as YYYY-MM-DD")
	}
	year, _ := strconv.Atoi(m[1])
	month, _ := strconv.Atoi(m[2])
	day, _ := strconv.Atoi(m[3])
	if month < 1 || month > 12 {
		return time.Time{}, fmt.Errorf("month %s is out of range (01 to 12)", m[2])
	}
	// The day after the month's last is day 1 of the next month; day 0 of
	// the next month is the last day of this one.
	last := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if day < 1 || day > last {
		return time.Time{}, fmt.Errorf("day %s is out of range (%s %d has %d days)", m[3], time.Month(month), year, last)
	}
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC), nil
}

// rootUsage is the help of --root, which every command on a playbook has.
const rootUsage = "the playbook's root `dir`ectory, which holds bearing.yaml or content/"

// checkFlags are the flags check, build and serve share.
type checkFlags struct {
	root, now string
	strict    bool
	// history reads the git history for the rules that need it; nil
	// reads none.
	history historyFunc
	// historyNote says why history returned nil, for the drift page.
	historyNote func() string
}

func (c *checkFlags) register(fs interface {
	StringVar(*string, string, string, string)
	BoolVar(*bool, string, bool, string)
}, strict bool) {
	fs.StringVar(&c.root, "root", ".", rootUsage)
	fs.StringVar(&c.now, "now", "", "judge dates as of this `date` (YYYY-MM-DD); default SOURCE_DATE_EPOCH, else today")
	if strict {
		fs.BoolVar(&c.strict, "strict", false, "treat warnings as errors")
	}
}
