package document_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
)

// signal parses a signal's frontmatter lines.
func signal(lines string) *document.Document {
	src := "---\ntitle: S\nmeasures: [d]\n" + lines + "---\n"
	return document.Parse(md, "content/signals/s.md", "signals/s.md", []byte(src))
}

func trimmed(d *document.Document) []string {
	got := diagStrings(d)
	for i := range got {
		got[i] = strings.TrimPrefix(got[i], d.Path+":")
	}
	return got
}

// TestHistory checks a signal's history: readings sorted by date, the
// latest as current, and each problem at its place.
func TestHistory(t *testing.T) {
	tests := []struct {
		name, lines string
		current     string // "" for none
		dates       int
		want        []string
	}{
		{"sorted, latest is current", "history:\n  - {date: 2026-03-01, value: 14}\n  - {date: 2026-01-01, value: 12, note: start}\n", "14", 2, nil},
		{"current agrees", "current: 14\nhistory:\n  - {date: 2026-03-01, value: 14}\n", "14", 1, nil},
		{"current disagrees", "current: 15\nhistory:\n  - {date: 2026-03-01, value: 14}\n", "15", 1,
			[]string{"4:1: error: current is 15, but the latest reading (2026-03-01, at content/signals/s.md:6:5) is 14: with readings, current is the latest; remove it or make them agree [schema/value]"}},
		{"a date twice", "history:\n  - {date: 2026-03-01, value: 14}\n  - {date: 2026-03-01, value: 15}\n", "14", 1,
			[]string{"6:5: error: a second reading for 2026-03-01 (the first is at content/signals/s.md:5:5) [schema/value]"}},
		{"no value", "history:\n  - {date: 2026-03-01}\n", "", 0,
			[]string{"5:5: error: a reading in history has no value [schema/required]"}},
		{"bad date", "history:\n  - {date: 2026-02-30, value: 1}\n", "", 0,
			[]string{"5:12: error: date \"2026-02-30\" is not a real date [schema/value]"}},
		{"not a map", "history: [3]\n", "", 0,
			[]string{"4:11: error: each item of history must be {date, value, note}, not the number 3 [schema/value]"}},
		{"unknown key", "history:\n  - {date: 2026-03-01, value: 1, vlaue: 2}\n", "", 0,
			[]string{"5:34: error: unknown key \"vlaue\" in an item of history (it takes date, note, value); did you mean \"value\"? [schema/unknown-field]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := signal("baseline: 1\ntarget: 2\n" + tt.lines)
			// The two lines above shift every position by two.
			var want []string
			for _, w := range tt.want {
				var l, c int
				var rest string
				fmt.Sscanf(w, "%d:%d:", &l, &c)
				rest = w[strings.Index(w, ": ")+2:]
				rest = strings.ReplaceAll(rest, "s.md:5:5", "s.md:7:5")
				rest = strings.ReplaceAll(rest, "s.md:6:5", "s.md:8:5")
				want = append(want, fmt.Sprintf("%d:%d: %s", l+2, c, rest))
			}
			if got := trimmed(d); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if len(d.Front.History) != tt.dates {
				t.Errorf("got %d readings; want %d", len(d.Front.History), tt.dates)
			}
			got := ""
			if d.Front.Current != nil {
				got = fmt.Sprint(*d.Front.Current)
			}
			if got != tt.current {
				t.Errorf("got current %q; want %q", got, tt.current)
			}
			for i := 1; i < len(d.Front.History); i++ {
				if !d.Front.History[i-1].Date.Before(d.Front.History[i].Date) {
					t.Errorf("readings not in date order: %v", d.Front.History)
				}
			}
		})
	}
}

// TestCadence checks the typed cadence: named ones, counts of days, weeks
// and months, and free text refused with a did-you-mean.
func TestCadence(t *testing.T) {
	tests := []struct {
		cadence string
		days    int
		want    []string
	}{
		{"daily", 1, nil}, {"weekly", 7, nil}, {"biweekly", 14, nil}, {"monthly", 30, nil},
		{"quarterly", 91, nil}, {"yearly", 365, nil}, {"10d", 10, nil}, {"2w", 14, nil}, {"6m", 180, nil},
		{"Monthly", 0, []string{`4:10: error: cadence "Monthly" is not one of daily, weekly, biweekly, monthly, quarterly, yearly, nor a count of days, weeks or months such as 10d, 2w or 6m; did you mean "monthly"? [schema/value]`}},
		{"every sprint", 0, []string{`4:10: error: cadence "every sprint" is not one of daily, weekly, biweekly, monthly, quarterly, yearly, nor a count of days, weeks or months such as 10d, 2w or 6m [schema/value]`}},
		{"0d", 0, []string{`4:10: error: cadence "0d" is not one of daily, weekly, biweekly, monthly, quarterly, yearly, nor a count of days, weeks or months such as 10d, 2w or 6m [schema/value]`}},
	}
	for _, tt := range tests {
		t.Run(tt.cadence, func(t *testing.T) {
			d := signal("cadence: " + tt.cadence + "\n")
			var got []string
			for _, s := range trimmed(d) {
				if strings.Contains(s, "cadence") {
					got = append(got, s)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got %q; want %q", got, tt.want)
			}
			if days, _ := document.CadenceDays(d.Front.Cadence); days != tt.days {
				t.Errorf("got %d days; want %d", days, tt.days)
			}
		})
	}
}

// TestParseReadings checks the data file: every problem at the CSV's own
// line and column, never a crash, the good rows kept.
func TestParseReadings(t *testing.T) {
	tests := []struct {
		name, csv string
		rows      int
		want      []string
	}{
		{"good", "date,value,note\n2026-01-01,12,start\n2026-02-01,13.5,\n", 2, nil},
		{"columns in any order, no note", "value,date\n12,2026-01-01\n", 1, nil},
		{"BOM and CRLF", "\ufeffdate,value\r\n2026-01-01,12\r\n", 1, nil},
		{"blank lines", "date,value\n\n2026-01-01,12\n\n", 1, nil},
		{"bad date", "date,value\n2026-13-01,12\n", 0, []string{`2:1: error: date "2026-13-01" is not a date; write YYYY-MM-DD [schema/value]`}},
		{"not a number", "date,value\n2026-01-01,twelve\n", 0, []string{`2:12: error: value "twelve" is not a number [schema/value]`}},
		{"infinite", "date,value\n2026-01-01,1e400\n", 0, []string{`2:12: error: value "1e400" is not a number [schema/value]`}},
		{"missing column", "date\n2026-01-01\n", 0, []string{`1:1: error: the header "date" has no value column; it must name date and value (and may name note) [schema/value]`}},
		{"short row", "date,value\n2026-01-01\n2026-01-02,3\n", 1, []string{`2:1: error: row has 1 columns; the header names 2 [schema/value]`}},
		{"empty", "", 0, []string{`1:1: error: data file is empty; it needs a header line date,value [schema/value]`}},
		{"broken quote", "date,value\n2026-01-01,\"12\n", 0, []string{`2:1: error: data file is not valid CSV: extraneous or missing " in quoted-field [schema/value]`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, ds := document.ParseReadings("content/signals/s.csv", []byte(tt.csv))
			diag.Sort(ds)
			var got []string
			for _, d := range ds {
				got = append(got, strings.TrimPrefix(d.String(), "content/signals/s.csv:"))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if len(rows) != tt.rows {
				t.Errorf("got %d rows; want %d", len(rows), tt.rows)
			}
		})
	}
}

// TestAddReadings checks that a data file's rows join the history: a date
// in both is reported at the later place, and current is the latest.
func TestAddReadings(t *testing.T) {
	d := signal("data: s.csv\nhistory:\n  - {date: 2026-01-01, value: 10}\n")
	if d.Front.Current != nil {
		t.Fatalf("current set before the data file is read")
	}
	if p, ok := d.DataPath(); p != "content/signals/s.csv" || !ok {
		t.Errorf("DataPath() = %q, %v; want content/signals/s.csv, true", p, ok)
	}
	d.AddReadings(document.ParseReadings("content/signals/s.csv", []byte("date,value\n2026-02-01,11\n2026-01-01,9\n")))
	if got := trimmed(d); len(got) != 1 || !strings.Contains(got[0], "a second reading for 2026-01-01") {
		t.Errorf("got %q; want the second 2026-01-01 reported", got)
	}
	if len(d.Front.History) != 2 || *d.Front.Current != 11 {
		t.Errorf("got %d readings, current %v; want 2 and 11", len(d.Front.History), *d.Front.Current)
	}
	for _, tt := range []struct{ data, path string }{{"../../x.csv", "x.csv"}, {"/etc/passwd", "/etc/passwd"}} {
		d := signal("data: " + tt.data + "\n")
		if _, ok := d.DataPath(); ok {
			t.Errorf("data %q: DataPath() ok; want it refused as outside content/", tt.data)
		}
	}
}

// BenchmarkParseReadings parses a data file of 100,000 rows.
func BenchmarkParseReadings(b *testing.B) {
	var s strings.Builder
	s.WriteString("date,value,note\n")
	for i := range 100_000 {
		day := 1 + i%28
		fmt.Fprintf(&s, "%04d-%02d-%02d,%d.5,reading %d\n", 1800+i/336, 1+(i/28)%12, day, i, i)
	}
	data := []byte(s.String())
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		rows, ds := document.ParseReadings("content/signals/s.csv", data)
		if len(rows) != 100_000 || len(ds) != 0 {
			b.Fatalf("got %d rows, %d diagnostics", len(rows), len(ds))
		}
	}
}
