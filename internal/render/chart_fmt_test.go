package render

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/gen"
	"github.com/bearing-dev/bearing/internal/markdown"
	"github.com/bearing-dev/bearing/internal/model"
)

// TestChartsAsWithFmt checks that the chart and the sparkline are, byte
// for byte, what they were when drawn with fmt (signalChartFmt and
// sparklineFmt, below): on every signal of a generated playbook, and on
// signals with text to escape, a trend, a target date before the last
// reading and readings from git.
func TestChartsAsWithFmt(t *testing.T) {
	fronts := generatedSignals(t, 400)
	history := "history:\n  - {date: 2026-01-01, value: 10.04, note: \"<b>start</b> & 'so' \\\"on\\\"\"}\n  - {date: 2026-02-01, value: 12}\n  - {date: 2026-03-01, value: -14.5}\n"
	for _, fields := range []string{
		"baseline: 10\ntarget: 20\ntarget_date: 2026-07-01\nunit: \"<%>\"\n" + history,
		"baseline: 10\ntarget: 20\ntarget_date: 2026-02-01\n" + history,
		"target: 20\n" + history,
		"history:\n  - {date: 2026-01-01, value: 5}\n  - {date: 2026-02-01, value: 5}\n",
		"history:\n  - {date: 2026-01-01, value: 0}\n",
	} {
		fronts = append(fronts, signalFront(t, fields))
	}
	if len(fronts) < 100 {
		t.Fatalf("only %d signals", len(fronts))
	}
	for i, f := range fronts {
		p, trend := model.SignalProgress(f)
		for _, fromGit := range []bool{false, true} {
			if got, want := signalChart("A <signal> & co", f, trend, fromGit), signalChartFmt("A <signal> & co", f, trend, fromGit); got != want {
				t.Fatalf("signal %d, from git %v: chart\n%s\nwith fmt\n%s", i, fromGit, got, want)
			}
		}
		if got, want := sparkline(f, p), sparklineFmt(f, p); got != want {
			t.Fatalf("signal %d: sparkline\n%s\nwith fmt\n%s", i, got, want)
		}
	}
}

// polyline is the path data of a line through the readings, built in
// one buffer: a sparkline shows on many pages of a large playbook.
func polylineFmt(s chartScale, rs []document.Reading) string {
	b := make([]byte, 0, 16*len(rs))
	for i, r := range rs {
		if i == 0 {
			b = append(b, 'M')
		} else {
			b = append(b, 'L')
		}
		b = strconv.AppendFloat(b, math.Round(s.x(r.Date)*10)/10, 'f', -1, 64)
		b = append(b, ' ')
		b = strconv.AppendFloat(b, math.Round(s.y(r.Value)*10)/10, 'f', -1, 64)
	}
	return string(b)
}

// signalChart draws a signal's readings as an SVG line chart: the points,
// each with a title, the line through them, the baseline and target as
// labelled lines, the target date, and the trend the progress is judged
// by, dashed. It returns "" for a signal without readings. fromGit says
// the readings are the signal's current values taken from git, which the
// description says.
func signalChartFmt(title string, f *document.Front, trend *model.Trend, fromGit bool) template.HTML {
	rs := f.History
	if len(rs) == 0 {
		return ""
	}
	s, pad := signalScale(f, trend)

	unit := ""
	if f.Unit != "" {
		unit = " " + f.Unit
	}
	var b strings.Builder
	esc := template.HTMLEscapeString
	latest := rs[len(rs)-1]
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">`,
		chartW, chartH, chartW, chartH)
	fmt.Fprintf(&b, `<title id="chart-title">%s: readings over time</title>`, esc(title))
	source := ""
	if fromGit {
		source = ", taken from git: the value of current at each commit that changed it,"
	}
	desc := fmt.Sprintf("%d readings%s from %s (%s%s) to %s (%s%s).", len(rs), source, rs[0].Date.Format(time.DateOnly), num(rs[0].Value), unit,
		latest.Date.Format(time.DateOnly), num(latest.Value), unit)
	if f.Target != nil {
		desc += fmt.Sprintf(" The target is %s%s", num(*f.Target), unit)
		if !f.TargetDate.IsZero() {
			desc += " by " + f.TargetDate.Format(time.DateOnly)
		}
		desc += "."
	}
	if trend != nil {
		desc += fmt.Sprintf(" The trend of the latest readings reaches %s%s by then.", num(trend.At), unit)
	}
	fmt.Fprintf(&b, `<desc id="chart-desc">%s</desc>`, esc(desc))

	// Axes and their labels: the lowest and highest value, the first and
	// last date.
	fmt.Fprintf(&b, `<path class="axis" d="M%s %sH%s"/>`, coord(s.x0), coord(s.y0), coord(s.x1))
	for _, v := range []float64{s.v0 + pad, s.v1 - pad} {
		fmt.Fprintf(&b, `<text class="tick" x="%s" y="%s" text-anchor="end">%s</text>`, coord(s.x0-6), coord(s.y(v)+4), esc(num(v)))
	}
	fmt.Fprintf(&b, `<text class="tick" x="%s" y="%s">%s</text>`, coord(s.x0), coord(s.y0+18), rs[0].Date.Format("Jan 2006"))
	if f.TargetDate.IsZero() || !f.TargetDate.Equal(s.t1) {
		fmt.Fprintf(&b, `<text class="tick" x="%s" y="%s" text-anchor="end">%s</text>`, coord(s.x1), coord(s.y0+18), s.t1.Format("Jan 2006"))
	}

	// Baseline, target and target date.
	level := func(class, label string, v *float64) {
		if v == nil {
			return
		}
		y := coord(s.y(*v))
		fmt.Fprintf(&b, `<path class="%s" d="M%s %sH%s"/><text class="%s-label" x="%s" y="%s" text-anchor="end">%s %s</text>`,
			class, coord(s.x0), y, coord(s.x1), class, coord(s.x1), coord(s.y(*v)-4), label, esc(num(*v)))
	}
	level("baseline", "baseline", f.Baseline)
	level("target", "target", f.Target)
	if !f.TargetDate.IsZero() {
		x := coord(s.x(f.TargetDate))
		fmt.Fprintf(&b, `<path class="target-date" d="M%s %sV%s"/><text class="target-label" x="%s" y="%s" text-anchor="end">%s</text>`,
			x, coord(s.y1), coord(s.y0), x, coord(s.y0+18), "due "+f.TargetDate.Format("2 Jan 2006"))
	}

	// The trend, then the readings over it.
	if trend != nil {
		fmt.Fprintf(&b, `<path class="projection" d="M%s %sL%s %s"/>`, coord(s.x(trend.From)), coord(s.y(trend.Start)), coord(s.x(trend.To)), coord(s.y(trend.At)))
	}
	b.WriteString(`<path class="line" d="`)
	b.WriteString(polylineFmt(s, rs))
	b.WriteString(`"/>`)
	for _, r := range rs {
		label := r.Date.Format(time.DateOnly) + ": " + num(r.Value) + unit
		if r.Note != "" {
			label += " (" + r.Note + ")"
		}
		fmt.Fprintf(&b, `<circle class="point" cx="%s" cy="%s" r="3.5"><title>%s</title></circle>`, coord(s.x(r.Date)), coord(s.y(r.Value)), esc(label))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text in it is escaped above
}

// sparkline draws a signal's readings as a small line, for tables and
// lists; "" for a signal with fewer than two readings.
func sparklineFmt(f *document.Front, progress model.Progress) template.HTML {
	rs := f.History
	if len(rs) < 2 {
		return ""
	}
	s := chartScale{t0: rs[0].Date, t1: rs[len(rs)-1].Date, x0: 1, x1: sparkW - 1, y0: sparkH - 2, y1: 2}
	s.v0, s.v1 = rs[0].Value, rs[0].Value
	for _, r := range rs {
		s.v0, s.v1 = math.Min(s.v0, r.Value), math.Max(s.v1, r.Value)
	}
	var b strings.Builder
	label := fmt.Sprintf("%d readings, from %s to %s: %s", len(rs), num(rs[0].Value), num(rs[len(rs)-1].Value), progressText(progress))
	fmt.Fprintf(&b, `<svg class="spark progress-%s" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg"><path d="`,
		progress, sparkW, sparkH, sparkW, sparkH, template.HTMLEscapeString(label))
	b.WriteString(polylineFmt(s, rs))
	last := rs[len(rs)-1]
	fmt.Fprintf(&b, `"/><circle cx="%s" cy="%s" r="2"/></svg>`, coord(s.x(last.Date)), coord(s.y(last.Value)))
	return template.HTML(b.String())
}

// TestReadingTable checks the rows of the readings table: latest first,
// each date and value as Format and num write them.
func TestReadingTable(t *testing.T) {
	f := signalFront(t, "history:\n  - {date: 2026-01-01, value: 10.004, note: a}\n  - {date: 2026-02-01, value: -12.5}\n  - {date: 2026-03-01, value: 1400000}\n")
	var want []ReadingRow
	for i := len(f.History) - 1; i >= 0; i-- {
		r := f.History[i]
		want = append(want, ReadingRow{Date: r.Date.Format("2 Jan 2006"), Value: num(r.Value), Note: r.Note})
	}
	got := readingTable(f.History)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %q; want %q", got, want)
	}
	if got := readingTable(nil); got != nil {
		t.Errorf("no readings: got %q; want none", got)
	}
}

// generatedSignals returns the frontmatter of every signal of a playbook
// of n generated files.
func generatedSignals(tb testing.TB, n int) []*document.Front {
	tb.Helper()
	files, err := gen.Generate(n)
	if err != nil {
		tb.Fatal(err)
	}
	md := markdown.New(markdown.Options{LinksOnly: true})
	var fronts []*document.Front
	for _, f := range files {
		if strings.HasPrefix(f.Path, "content/signals/") {
			fronts = append(fronts, document.Parse(md, f.Path, strings.TrimPrefix(f.Path, "content/"), f.Data).Front)
		}
	}
	return fronts
}
