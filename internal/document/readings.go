package document

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bearing-dev/bearing/internal/diag"
	"go.yaml.in/yaml/v3"
)

// cadences are the named cadences and their length in days.
func cadences() []struct {
	name string
	days int
} {
	return []struct {
		name string
		days int
	}{{"daily", 1}, {"weekly", 7}, {"biweekly", 14}, {"monthly", 30}, {"quarterly", 91}, {"yearly", 365}}
}

// CadenceNames lists the named cadences, shortest first.
func CadenceNames() []string {
	var out []string
	for _, c := range cadences() {
		out = append(out, c.name)
	}
	return out
}

// CadenceDays returns how many days a cadence stands for: a named one, or
// a count of days, weeks or months (10d, 2w, 6m; a month is 30 days). ok
// is false for anything else.
func CadenceDays(s string) (days int, ok bool) {
	for _, c := range cadences() {
		if s == c.name {
			return c.days, true
		}
	}
	if len(s) < 2 {
		return 0, false
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n <= 0 || n > 10000 || s[0] == '+' {
		return 0, false
	}
	switch s[len(s)-1] {
	case 'd':
		return n, true
	case 'w':
		return 7 * n, true
	case 'm':
		return 30 * n, true
	}
	return 0, false
}

// cadence decodes a cadence, suggesting the closest named one.
func (d *decoder) cadence(f Field, v *yaml.Node) string {
	s, ok := d.str(f, v)
	if !ok {
		return ""
	}
	if _, ok := CadenceDays(s); !ok {
		names := CadenceNames()
		d.report(v, diag.SchemaValue, "cadence %q is not one of %s, nor a count of days, weeks or months such as 10d, 2w or 6m%s",
			s, strings.Join(names, ", "), didYouMean(s, names))
		return ""
	}
	return s
}

// readings decodes a signal's history: a list of {date, value, note}.
func (d *decoder) readings(f Field, v *yaml.Node) []Reading {
	items := d.seq(f, v)
	out := make([]Reading, 0, len(items))
	// One set of handlers for every item, not a map of closures each: a
	// signal may have thousands of readings.
	var (
		r                  Reading
		hasDate, hasValue  bool
		dateF, valF, noteF = Field{Name: "date"}, Field{Name: "value"}, Field{Name: "note"}
	)
	keys := map[string]func(*yaml.Node){
		"date": func(n *yaml.Node) {
			r.Date = d.date(dateF, n)
			hasDate = !r.Date.IsZero()
		},
		"value": func(n *yaml.Node) {
			if x := d.number(valF, n); x != nil {
				r.Value, hasValue = *x, true
			}
		},
		"note": func(n *yaml.Node) { r.Note, _ = d.str(noteF, n) },
	}
	for _, c := range items {
		if c.Kind != yaml.MappingNode {
			d.report(c, diag.SchemaValue, "each item of %s must be {date, value, note}, not %s", f.Name, describe(c))
			continue
		}
		r, hasDate, hasValue = Reading{Pos: d.pos(c)}, false, false
		before := len(d.diags)
		d.mapping(f, c, keys)
		if len(d.diags) > before {
			continue // already reported: one mistake, one finding
		}
		if !hasDate || !hasValue {
			missing := "date"
			if hasDate {
				missing = "value"
			}
			if !hasDate && !hasValue {
				missing = "date and value"
			}
			d.report(c, diag.SchemaRequired, "a reading in %s has no %s", f.Name, missing)
			continue
		}
		out = append(out, r)
	}
	return out
}

// maxReadingsFile bounds the size of a data file: a million rows of
// readings is some 30 MB, more than any signal has.
const maxReadingsFile = MaxFileSize

// ParseReadings reads a signal's data file, a CSV with a header naming
// date and value (and optionally note) columns in any order. Each
// problem is a diagnostic at the file's own line and column; rows with a
// problem are left out.
func ParseReadings(file string, data []byte) ([]Reading, []diag.Diagnostic) {
	var ds []diag.Diagnostic
	at := func(line, col int, rule, format string, args ...any) {
		ds = append(ds, diag.New(diag.Pos{File: file, Line: line, Col: col}, rule, format, args...))
	}
	if len(data) > maxReadingsFile {
		at(1, 1, diag.SchemaValue, "data file is %d bytes, over the %d MiB limit", len(data), maxReadingsFile>>20)
		return nil, ds
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1 // rows of the wrong width are reported below, with their line
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			at(1, 1, diag.SchemaValue, "data file is empty; it needs a header line date,value")
		} else {
			at(csvLine(err), 1, diag.SchemaValue, "data file is not valid CSV: %s", csvMessage(err))
		}
		return nil, ds
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, need := range []string{"date", "value"} {
		if _, ok := col[need]; !ok {
			at(1, 1, diag.SchemaValue, "the header %q has no %s column; it must name date and value (and may name note)", strings.Join(header, ","), need)
		}
	}
	if len(ds) > 0 {
		return nil, ds
	}
	iDate, iValue := col["date"], col["value"]
	iNote, hasNote := col["note"]
	var out []Reading
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			at(csvLine(err), 1, diag.SchemaValue, "data file is not valid CSV: %s", csvMessage(err))
			break // encoding/csv cannot go on past a broken quote
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if iDate >= len(rec) || iValue >= len(rec) {
			at(line, 1, diag.SchemaValue, "row has %d columns; the header names %d", len(rec), len(header))
			continue
		}
		reading := Reading{Pos: diag.Pos{File: file, Line: line, Col: 1}}
		ds0 := len(ds)
		ds1 := func(i int, format string, args ...any) {
			l, c := r.FieldPos(i)
			at(l, c, diag.SchemaValue, format, args...)
		}
		s := strings.TrimSpace(rec[iDate])
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			reading.Date = t
		} else {
			ds1(iDate, "date %q is not a date; write YYYY-MM-DD", s)
		}
		v := strings.TrimSpace(rec[iValue])
		if x, err := strconv.ParseFloat(v, 64); err == nil && !isInfOrNaN(x) {
			reading.Value = x
		} else {
			ds1(iValue, "value %q is not a number", v)
		}
		if hasNote && iNote < len(rec) {
			reading.Note = strings.TrimSpace(rec[iNote])
		}
		if len(ds) == ds0 {
			out = append(out, reading)
		}
	}
	return out, ds
}

func isInfOrNaN(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) }

// csvLine returns the line of a csv.ParseError, 1 without one.
func csvLine(err error) int {
	var pe *csv.ParseError
	if errors.As(err, &pe) && pe.Line > 0 {
		return pe.Line
	}
	return 1
}

// csvMessage returns a csv.ParseError's reason without its position,
// which the diagnostic already carries.
func csvMessage(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// AddReadings joins the readings of a signal's data file to its history
// and settles the readings as settleReadings does. diags are the data
// file's own problems, already positioned in it.
func (d *Document) AddReadings(rows []Reading, diags []diag.Diagnostic) {
	d.Diags = append(d.Diags, diags...)
	d.Front.History = append(d.Front.History, rows...)
	d.Diags = append(d.Diags, settleReadings(d.Front)...)
}

// settleReadings sorts a signal's readings by date, reports a date read
// twice (at the later place), and makes the latest reading the current
// value, reporting a current that says otherwise.
func settleReadings(f *Front) []diag.Diagnostic {
	if len(f.History) == 0 {
		return nil
	}
	var ds []diag.Diagnostic
	slices.SortStableFunc(f.History, func(a, b Reading) int {
		return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.Pos.File, b.Pos.File), cmp.Compare(a.Pos.Line, b.Pos.Line))
	})
	kept := f.History[:1]
	for _, r := range f.History[1:] {
		if prev := kept[len(kept)-1]; r.Date.Equal(prev.Date) {
			ds = append(ds, diag.New(r.Pos, diag.SchemaValue, "a second reading for %s (the first is at %s)", r.Date.Format(time.DateOnly), prev.Pos))
			continue
		}
		kept = append(kept, r)
	}
	f.History = kept
	latest := kept[len(kept)-1]
	switch {
	case f.Current == nil:
		v := latest.Value
		f.Current = &v
	case *f.Current != latest.Value:
		ds = append(ds, diag.New(f.At("current"), diag.SchemaValue,
			"current is %s, but the latest reading (%s, at %s) is %s: with readings, current is the latest; remove it or make them agree",
			strconv.FormatFloat(*f.Current, 'f', -1, 64), latest.Date.Format(time.DateOnly), latest.Pos, strconv.FormatFloat(latest.Value, 'f', -1, 64)))
	}
	return ds
}

// DataPath returns the playbook path of a signal's data file: its data
// field relative to the signal's own file. ok is false when the path
// leaves content/.
func (d *Document) DataPath() (p string, ok bool) {
	if d.Front.Data == "" {
		return "", false
	}
	dir := d.Path[:strings.LastIndexByte(d.Path, '/')+1]
	joined := path.Clean(dir + d.Front.Data)
	if !strings.HasPrefix(joined, "content/") || strings.HasPrefix(d.Front.Data, "/") {
		return joined, false
	}
	return joined, true
}

// MissingData reports, at the data field, a data file that cannot be
// read (missing, or outside content/), and settles the history alone.
func (d *Document) MissingData(why string) {
	d.Diags = append(d.Diags, diag.New(d.Front.At("data"), diag.SchemaValue, "data %q: %s", d.Front.Data, why))
	d.Diags = append(d.Diags, settleReadings(d.Front)...)
}
