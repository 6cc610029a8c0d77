package render

import (
	"html/template"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
)

// Chart geometry, in SVG user units.
const (
	chartW, chartH = 640, 260
	chartLeft      = 56 // room for the value labels
	chartRight     = 16
	chartTop       = 16
	chartBottom    = 36 // room for the date labels
	sparkW, sparkH = 96, 24
)

// chartScale maps dates and values to SVG coordinates.
type chartScale struct {
	t0, t1 time.Time
	v0, v1 float64
	x0, x1 float64
	y0, y1 float64 // y0 is the bottom
}

func (s chartScale) x(t time.Time) float64 {
	span := s.t1.Sub(s.t0).Hours()
	if span <= 0 {
		return (s.x0 + s.x1) / 2
	}
	return s.x0 + (s.x1-s.x0)*t.Sub(s.t0).Hours()/span
}

func (s chartScale) y(v float64) float64 {
	if s.v1 == s.v0 {
		return (s.y0 + s.y1) / 2
	}
	return s.y0 - (s.y0-s.y1)*(v-s.v0)/(s.v1-s.v0)
}

// coord writes a coordinate with one decimal: enough on any screen, and
// the same bytes for the same input.
func coord(x float64) string { return string(appendRounded(nil, x, 10)) }

// appendRounded appends x rounded to 1/scale, scale 10 or 100, as
// strconv.AppendFloat(b, math.Round(x*scale)/scale, 'f', -1, 64) does,
// without its search for the shortest digits: the charts write a few
// such numbers per reading. Below 1e15/scale a rounded value's shortest
// digits are its own (the doubles there are closer than 1/(2*scale)), so
// they are written from the integer; ±0, NaN, ±Inf and what is larger go
// through strconv.
func appendRounded(b []byte, x float64, scale int64) []byte {
	t := math.Round(x * float64(scale))
	if !(math.Abs(t) < 1e15) || t == 0 {
		return strconv.AppendFloat(b, t/float64(scale), 'f', -1, 64)
	}
	n := int64(t)
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	b = strconv.AppendInt(b, n/scale, 10)
	frac := n % scale
	if frac == 0 {
		return b
	}
	b = append(b, '.')
	for d := scale / 10; d > 0 && frac > 0; d /= 10 {
		b = append(b, byte('0'+frac/d))
		frac %= d
	}
	return b
}

// appendDateOnly appends t in time.DateOnly's layout, as t.AppendFormat
// does, without reading the layout: every reading's date is written in
// it. Years outside 0 to 9999 go through AppendFormat.
func appendDateOnly(b []byte, t time.Time) []byte {
	y, m, d := t.Date()
	if y < 0 || y > 9999 {
		return t.AppendFormat(b, time.DateOnly)
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(m)/10), byte('0'+int(m)%10), '-', byte('0'+d/10), byte('0'+d%10))
}

// polyline is the path data of a line through the readings.
func (w *svgWriter) polyline(s chartScale, rs []document.Reading) *svgWriter {
	for i, r := range rs {
		if i == 0 {
			w.put("M")
		} else {
			w.put("L")
		}
		w.coord(s.x(r.Date)).put(" ").coord(s.y(r.Value))
	}
	return w
}

// coord writes a coordinate as coord does.
func (w *svgWriter) coord(x float64) *svgWriter {
	var b [32]byte
	w.b.Write(appendRounded(b[:0], x, 10))
	return w
}

// fig writes a figure as num does.
func (w *svgWriter) fig(x float64) *svgWriter {
	var b [32]byte
	w.b.Write(appendRounded(b[:0], x, 100))
	return w
}

// date writes a date in a layout.
func (w *svgWriter) date(t time.Time, layout string) *svgWriter {
	var b [32]byte
	if layout == time.DateOnly {
		w.b.Write(appendDateOnly(b[:0], t))
		return w
	}
	w.b.Write(t.AppendFormat(b[:0], layout))
	return w
}

// text writes text escaped as template.HTMLEscapeString does.
func (w *svgWriter) text(s string) *svgWriter {
	if strings.ContainsAny(s, "\x00\"'&<>") {
		s = template.HTMLEscapeString(s)
	}
	return w.put(s)
}

// signalScale is the scale of a signal's chart, which has readings: from
// the first reading to the last or the target date, and over every
// reading, the baseline, the target and the trend, with pad of room
// above and below.
func signalScale(f *document.Front, trend *model.Trend) (s chartScale, pad float64) {
	rs := f.History
	s = chartScale{t0: rs[0].Date, t1: rs[len(rs)-1].Date, x0: chartLeft, x1: chartW - chartRight, y0: chartH - chartBottom, y1: chartTop}
	s.v0, s.v1 = rs[0].Value, rs[0].Value
	widen := func(v float64) { s.v0, s.v1 = math.Min(s.v0, v), math.Max(s.v1, v) }
	for _, r := range rs {
		widen(r.Value)
	}
	for _, p := range []*float64{f.Baseline, f.Target} {
		if p != nil {
			widen(*p)
		}
	}
	if !f.TargetDate.IsZero() && f.TargetDate.After(s.t1) {
		s.t1 = f.TargetDate
	}
	if trend != nil {
		widen(trend.Start)
		widen(trend.At)
	}
	pad = (s.v1 - s.v0) * 0.08
	if pad == 0 {
		pad = math.Max(1, math.Abs(s.v0)*0.1)
	}
	s.v0, s.v1 = s.v0-pad, s.v1+pad
	return s, pad
}

// signalChart draws a signal's readings as an SVG line chart: the points,
// each with a title, the line through them, the baseline and target as
// labelled lines, the target date, and the trend the progress is judged
// by, dashed. It returns "" for a signal without readings. fromGit says
// the readings are the signal's current values taken from git, which the
// description says. It is written without fmt: a chart has a point per
// reading, and a playbook thousands of signals.
func signalChart(title string, f *document.Front, trend *model.Trend, fromGit bool) template.HTML {
	rs := f.History
	if len(rs) == 0 {
		return ""
	}
	s, pad := signalScale(f, trend)

	unit := ""
	if f.Unit != "" {
		unit = " " + f.Unit
	}
	var w svgWriter
	w.b.Grow(1500 + len(rs)*(130+len(unit)))
	latest := rs[len(rs)-1]
	w.put(`<svg class="chart" viewBox="0 0 `).num(chartW).put(" ").num(chartH).put(`" width="`).num(chartW).put(`" height="`).num(chartH).
		put(`" role="img" aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">`)
	w.put(`<title id="chart-title">`).text(title).put(`: readings over time</title>`)
	w.put(`<desc id="chart-desc">`).num(len(rs)).put(" readings")
	if fromGit {
		w.put(", taken from git: the value of current at each commit that changed it,")
	}
	w.put(" from ").date(rs[0].Date, time.DateOnly).put(" (").fig(rs[0].Value).text(unit).put(") to ").
		date(latest.Date, time.DateOnly).put(" (").fig(latest.Value).text(unit).put(").")
	if f.Target != nil {
		w.put(" The target is ").fig(*f.Target).text(unit)
		if !f.TargetDate.IsZero() {
			w.put(" by ").date(f.TargetDate, time.DateOnly)
		}
		w.put(".")
	}
	if trend != nil {
		w.put(" The trend of the latest readings reaches ").fig(trend.At).text(unit).put(" by then.")
	}
	w.put(`</desc>`)

	// Axes and their labels: the lowest and highest value, the first and
	// last date.
	w.put(`<path class="axis" d="M`).coord(s.x0).put(" ").coord(s.y0).put("H").coord(s.x1).put(`"/>`)
	for _, v := range []float64{s.v0 + pad, s.v1 - pad} {
		w.put(`<text class="tick" x="`).coord(s.x0 - 6).put(`" y="`).coord(s.y(v) + 4).put(`" text-anchor="end">`).fig(v).put(`</text>`)
	}
	w.put(`<text class="tick" x="`).coord(s.x0).put(`" y="`).coord(s.y0+18).put(`">`).date(rs[0].Date, "Jan 2006").put(`</text>`)
	if f.TargetDate.IsZero() || !f.TargetDate.Equal(s.t1) {
		w.put(`<text class="tick" x="`).coord(s.x1).put(`" y="`).coord(s.y0+18).put(`" text-anchor="end">`).date(s.t1, "Jan 2006").put(`</text>`)
	}

	// Baseline, target and target date.
	level := func(class, label string, v *float64) {
		if v == nil {
			return
		}
		w.put(`<path class="`).put(class).put(`" d="M`).coord(s.x0).put(" ").coord(s.y(*v)).put("H").coord(s.x1).
			put(`"/><text class="`).put(class).put(`-label" x="`).coord(s.x1).put(`" y="`).coord(s.y(*v) - 4).
			put(`" text-anchor="end">`).put(label).put(" ").fig(*v).put(`</text>`)
	}
	level("baseline", "baseline", f.Baseline)
	level("target", "target", f.Target)
	if !f.TargetDate.IsZero() {
		x := s.x(f.TargetDate)
		w.put(`<path class="target-date" d="M`).coord(x).put(" ").coord(s.y1).put("V").coord(s.y0).
			put(`"/><text class="target-label" x="`).coord(x).put(`" y="`).coord(s.y0+18).put(`" text-anchor="end">due `).
			date(f.TargetDate, "2 Jan 2006").put(`</text>`)
	}

	// The trend, then the readings over it.
	if trend != nil {
		w.put(`<path class="projection" d="M`).coord(s.x(trend.From)).put(" ").coord(s.y(trend.Start)).
			put("L").coord(s.x(trend.To)).put(" ").coord(s.y(trend.At)).put(`"/>`)
	}
	w.put(`<path class="line" d="`).polyline(s, rs).put(`"/>`)
	for _, r := range rs {
		w.put(`<circle class="point" cx="`).coord(s.x(r.Date)).put(`" cy="`).coord(s.y(r.Value)).put(`" r="3.5"><title>`).
			date(r.Date, time.DateOnly).put(": ").fig(r.Value).text(unit)
		if r.Note != "" {
			w.put(" (").text(r.Note).put(")")
		}
		w.put(`</title></circle>`)
	}
	w.put(`</svg>`)
	return template.HTML(w.b.String()) // every text in it is escaped above
}

// sparkline draws a signal's readings as a small line, for tables and
// lists; "" for a signal with fewer than two readings.
func sparkline(f *document.Front, progress model.Progress) template.HTML {
	rs := f.History
	if len(rs) < 2 {
		return ""
	}
	s := chartScale{t0: rs[0].Date, t1: rs[len(rs)-1].Date, x0: 1, x1: sparkW - 1, y0: sparkH - 2, y1: 2}
	s.v0, s.v1 = rs[0].Value, rs[0].Value
	for _, r := range rs {
		s.v0, s.v1 = math.Min(s.v0, r.Value), math.Max(s.v1, r.Value)
	}
	var w svgWriter
	w.b.Grow(400 + len(rs)*12)
	last := rs[len(rs)-1]
	w.put(`<svg class="spark progress-`).put(string(progress)).put(`" viewBox="0 0 `).num(sparkW).put(" ").num(sparkH).
		put(`" width="`).num(sparkW).put(`" height="`).num(sparkH).put(`" role="img" aria-label="`).
		num(len(rs)).put(" readings, from ").fig(rs[0].Value).put(" to ").fig(last.Value).put(": ").put(progressText(progress)).
		put(`" xmlns="http://www.w3.org/2000/svg"><path d="`).polyline(s, rs).
		put(`"/><circle cx="`).coord(s.x(last.Date)).put(`" cy="`).coord(s.y(last.Value)).put(`" r="2"/></svg>`)
	return template.HTML(w.b.String())
}

// progressOrder ranks the progress a signal can show, worst first, for
// the scorecard's counts.
func progressOrder() [7]model.Progress {
	return [7]model.Progress{model.Worse, model.OffTrack, model.AtRisk, model.OnTrack, model.Achieved, model.Moving, model.NoData}
}

// progressRank is a progress's place in progressOrder.
func progressRank(state string) int {
	order := progressOrder()
	for i, p := range order {
		if string(p) == state {
			return i
		}
	}
	return len(order) - 1
}

// progressText says a progress in words, for labels and badges.
func progressText(p model.Progress) string {
	switch p {
	case model.Achieved:
		return "target achieved"
	case model.Worse:
		return "getting worse"
	case model.OffTrack:
		return "off track"
	case model.AtRisk:
		return "at risk"
	case model.OnTrack:
		return "on track"
	case model.Moving:
		return "moving"
	}
	return "no data yet"
}

// num writes a figure with at most two decimals.
func num(x float64) string { return string(appendRounded(nil, x, 100)) }

// figureCache keeps the signals' figures of one run; pages render in
// parallel, so it is locked.
type figureCache struct {
	mu sync.Mutex
	m  map[*model.Node]SignalFigure
}

// figureOf returns a signal's figures, with a link to it, drawn once per
// run.
func (ru *run) figureOf(sig *model.Node) SignalFigure {
	ru.figs.mu.Lock()
	fig, ok := ru.figs.m[sig]
	ru.figs.mu.Unlock()
	if ok {
		return fig
	}
	f, _ := ru.signalFront(sig)
	fig = figure(ru.ref(sig), f)
	ru.figs.mu.Lock()
	ru.figs.m[sig] = fig
	ru.figs.mu.Unlock()
	return fig
}

// textEscaper escapes text as html/template does between tags: as
// template.HTMLEscapeString does, and '+' too. A Replacer is read-only
// once made, and safe to share.
var textEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// readingTable returns the rows of the table of a signal's readings,
// latest first. Their dates and values are cut from one string: a
// signal may have thousands of readings, and a playbook thousands of
// signals.
func readingTable(rs []document.Reading) []ReadingRow {
	if len(rs) == 0 {
		return nil
	}
	b := make([]byte, 0, 16*len(rs))
	ends := make([]int, 0, 2*len(rs))
	for i := len(rs) - 1; i >= 0; i-- {
		b = rs[i].Date.AppendFormat(b, "2 Jan 2006")
		ends = append(ends, len(b))
		b = appendRounded(b, rs[i].Value, 100) // as num writes it
		ends = append(ends, len(b))
	}
	text := string(b)
	rows := make([]ReadingRow, len(rs))
	start := 0
	for i := range rows {
		r := rs[len(rs)-1-i]
		date, value := ends[2*i], ends[2*i+1]
		rows[i] = ReadingRow{Date: text[start:date], Value: text[date:value], Note: r.Note}
		start = value
	}
	return rows
}

// readingRows draws the rows of the table of a signal's readings: one
// <tr> of date, value and note each, the bytes html/template would make
// of them.
func readingRows(rows []ReadingRow) template.HTML {
	var b strings.Builder
	size := 0
	for _, r := range rows {
		size += 36 + len(r.Date) + len(r.Value) + len(r.Note)
	}
	b.Grow(size + size/8) // room for a few escapes
	for _, r := range rows {
		b.WriteString("<tr><td>")
		textEscaper.WriteString(&b, r.Date)
		b.WriteString("</td><td>")
		textEscaper.WriteString(&b, r.Value)
		b.WriteString("</td><td>")
		textEscaper.WriteString(&b, r.Note)
		b.WriteString("</td></tr>")
	}
	return template.HTML(b.String())
}
