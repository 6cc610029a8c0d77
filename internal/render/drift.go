package render

import (
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/history"
)

// DriftView is /drift/: the playbook over its git history, as charts of
// the series with their data as tables, and the strategic events newest
// first, by commit.
type DriftView struct {
	// Note says, without history, why there is none and how to get it.
	Note string
	// From and To are the dates of the first and last commit read;
	// Commits how many there are, Since the history_since date if set.
	From, To, Since string
	Commits         int
	Charts          []DriftChart
	// Changes are the commits with strategic events, newest first, the
	// newest maxDriftCommits of Changed.
	Changes []DriftCommit
	Changed int
}

// DriftChart is one chart of the drift page, with its data as a table
// for screen readers and for reading exact figures.
type DriftChart struct {
	ID, Title, Hint string
	SVG             template.HTML
	Table           DataTable
}

// DataTable is a chart's text alternative: a row for each commit that
// changed what the chart shows.
type DataTable struct {
	Caption string
	Head    []string
	Rows    [][]string
}

// DriftCommit is a commit and the strategic events it made.
type DriftCommit struct {
	Commit CommitRef
	Events []DriftEvent
}

// DriftEvent is one strategic event: what changed, of which node.
type DriftEvent struct {
	// Node links the node when it is still shown; else its title or id
	// as text.
	Node Ref
	Kind string
	// Severity is a finding's, "error" or "warning"; Fixed says it was
	// fixed rather than introduced.
	Severity string
	Fixed    bool
	Text     string
}

// maxDriftCommits bounds the commits the drift page lists; history.json
// has them all.
const maxDriftCommits = 200

// noHistoryNote is what the drift page says when the render has no
// history and the build gave no reason.
const noHistoryNote = "There is no git history in this build (the playbook is not in a git repository with commits, git is not installed, the clone is shallow, or --no-history was given): commit the playbook to git and build it from a full clone (with actions/checkout, set fetch-depth: 0)."

func (ru *run) driftPage() *Page {
	v := &DriftView{}
	p := &Page{Site: ru.site, Title: "Drift", URL: ru.pageURL("drift/"), Section: "drift", Template: "drift.html", Drift: v,
		Description: "How the strategy moved over its git history."}
	if ru.hist == nil {
		v.Note = ru.in.HistoryNote
		if v.Note == "" {
			v.Note = noHistoryNote
		}
		return p
	}
	l := ru.hist.log
	v.Commits = len(l.Commits)
	if !l.Since.IsZero() {
		v.Since = l.Since.Format(time.DateOnly)
	}
	if len(l.Commits) == 0 {
		v.Note = "The git history holds no commit that changed the playbook yet: commit content/ or bearing.yaml and build again."
		return p
	}
	v.From, v.To = l.Commits[0].Date.Format(time.DateOnly), l.Commits[len(l.Commits)-1].Date.Format(time.DateOnly)
	v.Charts = ru.driftCharts(l)
	// Strategic events by commit, newest first.
	last, at := "", -1
	for i := len(l.Events) - 1; i >= 0; i-- {
		e := l.Events[i]
		if !strategic(e) {
			continue
		}
		if c := l.CommitOf(e); c.ID != last {
			last, at = c.ID, -1
			v.Changed++
			if len(v.Changes) < maxDriftCommits {
				v.Changes = append(v.Changes, DriftCommit{Commit: ru.commitRef(c)})
				at = len(v.Changes) - 1
			}
		}
		if at >= 0 {
			v.Changes[at].Events = append(v.Changes[at].Events, DriftEvent{Node: ru.eventNode(e), Kind: string(e.Kind), Severity: e.Severity,
				Fixed: e.Kind == history.FindingKind && e.To == "", Text: eventText(e)})
		}
	}
	// Within a commit, the events read in the order they were found.
	for i := range v.Changes {
		slices.Reverse(v.Changes[i].Events)
	}
	return p
}

// eventNode is the node an event is about, linked when it is still
// shown under the id it has now.
func (ru *run) eventNode(e history.Event) Ref {
	if n := ru.in.Graph.ByID[ru.hist.now(e.Node)]; n != nil && ru.shown[n] {
		r := ru.ref(n)
		r.Status = "" // the event says what changed; the status now would read as part of it
		return r
	}
	r := Ref{Title: e.Path, frags: ru.site.frags}
	switch {
	case e.Kind == history.Removed && e.From != "":
		r.Title = e.From
	case e.Node != "":
		r.Title = e.Node
	}
	return r
}

// driftCharts draws the series.
func (ru *run) driftCharts(l *history.Log) []DriftChart {
	dates := make([]time.Time, len(l.Series))
	for i, p := range l.Series {
		dates[i] = l.Commits[p.Commit].Date
	}
	end := ru.in.Today
	var out []DriftChart
	commitCell := func(i int) []string {
		c := l.Commits[l.Series[i].Commit]
		return []string{c.Date.Format(time.DateOnly), c.Short()}
	}
	// changes lists the points whose values differ from the point
	// before: the table of a step chart loses nothing by leaving out the
	// others.
	changes := func(key func(history.Point) string) []int {
		var idx []int
		last := ""
		for i, p := range l.Series {
			if k := key(p); i == 0 || k != last {
				idx = append(idx, i)
				last = k
			}
		}
		return idx
	}

	if slices.ContainsFunc(l.Series, func(p history.Point) bool { return p.Judged }) {
		errs, warns := make([]float64, len(l.Series)), make([]float64, len(l.Series))
		for i, p := range l.Series {
			errs[i], warns[i] = float64(p.Errors), float64(p.Warnings)
		}
		c := DriftChart{ID: "findings", Title: "Errors and warnings",
			Hint:  "What bearing check found at each commit, judged on the commit's day with today's bearing.yaml; the rules that need history are not counted.",
			Table: DataTable{Caption: "Errors and warnings at each commit that changed them", Head: []string{"Date", "Commit", "Errors", "Warnings", "By rule"}}}
		c.SVG = lineChart(c.ID, c.Title, dates, end, []chartLine{{"Errors", "series-bad", errs}, {"Warnings", "series-warn", warns}}, false)
		for _, i := range changes(func(p history.Point) string { return fmt.Sprint(p.Errors, p.Warnings, p.Rules) }) {
			p := l.Series[i]
			var rules []string
			for _, r := range p.Rules {
				rules = append(rules, fmt.Sprintf("%s %d", r.Rule, r.Errors+r.Warnings))
			}
			c.Table.Rows = append(c.Table.Rows, append(commitCell(i), strconv.Itoa(p.Errors), strconv.Itoa(p.Warnings), strings.Join(rules, ", ")))
		}
		out = append(out, c)
	}

	dirs := ru.seriesDirections(l)
	if len(dirs) > 0 {
		c := DriftChart{ID: "active", Title: "Active initiatives per direction",
			Hint:  "Each direction's active initiatives at each commit, one lane per direction on one scale, the number now at its end; a gap is a time the direction did not exist.",
			Table: DataTable{Caption: "Active initiatives per direction at each commit that changed them", Head: []string{"Date", "Commit", "Direction", "Active"}}}
		names := make([]string, len(dirs))
		active, stages := make([][]float64, len(dirs)), make([][]float64, len(dirs))
		for k, d := range dirs {
			names[k] = d.title
			active[k], stages[k] = make([]float64, len(l.Series)), make([]float64, len(l.Series))
			for i, p := range l.Series {
				active[k][i], stages[k][i] = math.NaN(), math.NaN()
				if dp, ok := pointOf(p, d.id); ok {
					active[k][i] = float64(dp.Active)
					stages[k][i] = float64(max(0, slices.Index(document.Stages(), dp.Stage)))
				}
			}
		}
		c.SVG = laneChart(c.ID, c.Title, dates, end, names, active, nil)
		s := DriftChart{ID: "stages", Title: "Each direction's stage",
			Hint:  "Each direction's stage at each commit, one lane per direction: validate, execute and scale from the bottom of the lane up, the stage now at its end.",
			Table: DataTable{Caption: "Each direction's stage at each commit that changed it", Head: []string{"Date", "Commit", "Direction", "Stage"}}}
		s.SVG = laneChart(s.ID, s.Title, dates, end, names, stages, document.Stages())
		for _, d := range dirs {
			var lastActive, lastStage string
			for i, p := range l.Series {
				dp, ok := pointOf(p, d.id)
				active, stage := "–", "–"
				if ok {
					active, stage = strconv.Itoa(dp.Active), dp.Stage
				}
				if i == 0 || active != lastActive {
					if ok || i > 0 {
						c.Table.Rows = append(c.Table.Rows, append(commitCell(i), d.title, active))
					}
					lastActive = active
				}
				if i == 0 || stage != lastStage {
					if ok || i > 0 {
						s.Table.Rows = append(s.Table.Rows, append(commitCell(i), d.title, stage))
					}
					lastStage = stage
				}
			}
		}
		byDate := func(rows [][]string) {
			slices.SortStableFunc(rows, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
		}
		byDate(c.Table.Rows)
		byDate(s.Table.Rows)
		out = append(out, c, s)
	}

	share := func(id, title, hint, caption, what string, num, den func(history.Point) int) {
		vals := make([]float64, len(l.Series))
		any := false
		for i, p := range l.Series {
			vals[i] = math.NaN()
			if d := den(p); d > 0 {
				vals[i], any = 100*float64(num(p))/float64(d), true
			}
		}
		if !any {
			return
		}
		c := DriftChart{ID: id, Title: title, Hint: hint, Table: DataTable{Caption: caption, Head: []string{"Date", "Commit", what, "Share"}}}
		c.SVG = lineChart(id, title, dates, end, []chartLine{{title, "series-main", vals}}, true)
		for _, i := range changes(func(p history.Point) string { return fmt.Sprint(num(p), den(p)) }) {
			p := l.Series[i]
			pct := "–"
			if den(p) > 0 {
				pct = strconv.Itoa(int(math.Round(100*float64(num(p))/float64(den(p))))) + "%"
			}
			c.Table.Rows = append(c.Table.Rows, append(commitCell(i), fmt.Sprintf("%d of %d", num(p), den(p)), pct))
		}
		out = append(out, c)
	}
	share("unmapped", "Unmapped share", "The share of the initiatives not finished that advance no direction.",
		"Unmapped initiatives at each commit that changed them", "Unmapped",
		func(p history.Point) int { return p.Unmapped }, func(p history.Point) int { return p.Initiatives })
	share("validated", "Assumptions validated", "The share of the must_be_true claims of the directions not retired that are validated.",
		"Assumptions validated at each commit that changed them", "Validated",
		func(p history.Point) int { return p.Validated }, func(p history.Point) int { return p.Assumptions })
	return out
}

// seriesDirection is a direction that appears in the series: its id, the
// title it has now (or its id, if it is gone) and its lane's order.
type seriesDirection struct {
	id, title string
}

// seriesDirections lists the directions of the series, in the order of
// the site's directions, those gone last by id.
func (ru *run) seriesDirections(l *history.Log) []seriesDirection {
	seen := map[string]bool{}
	var ids []string
	for _, p := range l.Series {
		for _, d := range p.Directions {
			if !seen[d.ID] {
				seen[d.ID] = true
				ids = append(ids, d.ID)
			}
		}
	}
	var out []seriesDirection
	for _, n := range ru.visible {
		if n.Kind == document.Direction && seen[n.ID] {
			out = append(out, seriesDirection{n.ID, n.Title()})
			delete(seen, n.ID)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		if seen[id] {
			out = append(out, seriesDirection{id, id})
		}
	}
	return out
}

// pointOf returns a direction's figures at a point.
func pointOf(p history.Point, id string) (history.DirectionPoint, bool) {
	i, ok := slices.BinarySearchFunc(p.Directions, id, func(d history.DirectionPoint, id string) int { return strings.Compare(d.ID, id) })
	if !ok {
		return history.DirectionPoint{}, false
	}
	return p.Directions[i], true
}

// chartLine is one line of a line chart: a value per point, NaN where
// there is none.
type chartLine struct {
	Name, Class string
	Values      []float64
}

// timeScale returns the scale of a chart over dates to end (today, when
// it is later than the last commit: the last values hold until then).
func timeScale(dates []time.Time, end time.Time, x0, x1, y0, y1 float64) chartScale {
	t1 := dates[len(dates)-1]
	if end.After(t1) {
		t1 = end
	}
	return chartScale{t0: dates[0], t1: t1, x0: x0, x1: x1, y0: y0, y1: y1}
}

// stepPath is the path data of a step line through values at dates: a
// value holds until the next commit's. NaN breaks the line.
func stepPath(s chartScale, dates []time.Time, vals []float64, y func(float64) float64) string {
	var b strings.Builder
	open := false
	for i, v := range vals {
		if math.IsNaN(v) {
			open = false
			continue
		}
		x := s.x(dates[i])
		if !open {
			fmt.Fprintf(&b, "M%s %s", coord(x), coord(y(v)))
			open = true
		} else {
			fmt.Fprintf(&b, "H%sV%s", coord(x), coord(y(v)))
		}
		// A value holds to the next commit's, the last to the chart's
		// end (today); a line that ends at its own point gets a short
		// stroke, to be seen.
		switch {
		case i+1 == len(vals):
			fmt.Fprintf(&b, "H%s", coord(math.Max(s.x1, x+4)))
		case math.IsNaN(vals[i+1]):
			fmt.Fprintf(&b, "H%s", coord(math.Max(s.x(dates[i+1]), x+4)))
		}
	}
	return b.String()
}

// chartFrame writes a chart's opening: the svg element, its title and
// description, the time axis with its first and last dates.
func chartFrame(b *strings.Builder, id, title, desc string, h int, s chartScale) {
	esc := template.HTMLEscapeString
	fmt.Fprintf(b, `<svg class="chart drift-chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-title %s-desc" xmlns="http://www.w3.org/2000/svg">`,
		chartW, h, chartW, h, id, id)
	fmt.Fprintf(b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, esc(title), id, esc(desc))
	fmt.Fprintf(b, `<path class="axis" d="M%s %sH%s"/>`, coord(s.x0), coord(s.y0), coord(s.x1))
	fmt.Fprintf(b, `<text class="tick" x="%s" y="%s">%s</text>`, coord(s.x0), coord(s.y0+18), s.t0.Format("2 Jan 2006"))
	if !s.t1.Equal(s.t0) {
		fmt.Fprintf(b, `<text class="tick" x="%s" y="%s" text-anchor="end">%s</text>`, coord(s.x1), coord(s.y0+18), s.t1.Format("2 Jan 2006"))
	}
}

// lineChart draws lines over time as steps, with a legend; percent puts
// the values on a 0–100% scale.
func lineChart(id, title string, dates []time.Time, end time.Time, lines []chartLine, percent bool) template.HTML {
	s := timeScale(dates, end, chartLeft, chartW-chartRight, chartH-chartBottom, chartTop+18)
	s.v0, s.v1 = 0, 1
	for _, ln := range lines {
		for _, v := range ln.Values {
			if !math.IsNaN(v) {
				s.v1 = math.Max(s.v1, v)
			}
		}
	}
	if percent {
		// A share reads against the next ten percent up, not always
		// against 100%: 8% unmapped is a line, not a hairline.
		s.v1 = math.Min(100, math.Max(10, math.Ceil(s.v1/10)*10))
	}
	label := func(v float64) string {
		if percent {
			return num(v) + "%"
		}
		return num(v)
	}
	var desc strings.Builder
	fmt.Fprintf(&desc, "%d commits from %s to %s.", len(dates), dates[0].Format(time.DateOnly), dates[len(dates)-1].Format(time.DateOnly))
	for _, ln := range lines {
		first, last := math.NaN(), math.NaN()
		for _, v := range ln.Values {
			if !math.IsNaN(v) {
				if math.IsNaN(first) {
					first = v
				}
				last = v
			}
		}
		if !math.IsNaN(first) {
			fmt.Fprintf(&desc, " %s: from %s to %s.", ln.Name, label(first), label(last))
		}
	}
	var b strings.Builder
	chartFrame(&b, id, title, desc.String(), chartH, s)
	for _, v := range []float64{s.v0, s.v1} {
		fmt.Fprintf(&b, `<text class="tick" x="%s" y="%s" text-anchor="end">%s</text>`, coord(s.x0-6), coord(s.y(v)+4), label(v))
		if v != s.v0 {
			fmt.Fprintf(&b, `<path class="grid" d="M%s %sH%s"/>`, coord(s.x0), coord(s.y(v)), coord(s.x1))
		}
	}
	x := s.x0
	for _, ln := range lines {
		if len(lines) > 1 {
			fmt.Fprintf(&b, `<path class="%s" d="M%s %sh18"/><text class="legend-label" x="%s" y="%s">%s</text>`,
				ln.Class, coord(x), coord(chartTop+4), coord(x+24), coord(chartTop+8), template.HTMLEscapeString(ln.Name))
			x += 24 + 8*float64(len(ln.Name)) + 16
		}
		fmt.Fprintf(&b, `<path class="%s" d="%s"/>`, ln.Class, stepPath(s, dates, ln.Values, s.y))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text in it is escaped above
}

// Lane chart geometry: a lane per direction, its title on the left.
const (
	laneH, laneGap, laneLeft, laneRight = 34, 10, 168, 64
)

// laneChart draws a step line per direction in a lane of its own, over
// time: vals[k] are the values of names[k], NaN where the direction did
// not exist. levels, when set, names the values 0, 1, 2... (the stages);
// else the lanes share a scale from 0 to the largest value.
func laneChart(id, title string, dates []time.Time, end time.Time, names []string, vals [][]float64, levels []string) template.HTML {
	h := chartTop + len(names)*(laneH+laneGap) + chartBottom
	s := timeScale(dates, end, laneLeft, chartW-laneRight, float64(h-chartBottom), chartTop)
	hi := 1.0
	if levels != nil {
		hi = float64(len(levels) - 1)
	} else {
		for _, vs := range vals {
			for _, v := range vs {
				if !math.IsNaN(v) {
					hi = math.Max(hi, v)
				}
			}
		}
	}
	label := func(v float64) string {
		if levels != nil {
			return levels[int(v)]
		}
		return num(v)
	}
	var desc strings.Builder
	fmt.Fprintf(&desc, "%d commits from %s to %s, a lane per direction.", len(dates), dates[0].Format(time.DateOnly), dates[len(dates)-1].Format(time.DateOnly))
	for k, name := range names {
		var seen []string
		for _, v := range vals[k] {
			if !math.IsNaN(v) && (len(seen) == 0 || seen[len(seen)-1] != label(v)) {
				seen = append(seen, label(v))
			}
		}
		if len(seen) > 0 {
			fmt.Fprintf(&desc, " %s: %s.", name, strings.Join(seen, " → "))
		}
	}
	var b strings.Builder
	chartFrame(&b, id, title, desc.String(), h, s)
	esc := template.HTMLEscapeString
	for k, name := range names {
		y0 := float64(chartTop + k*(laneH+laneGap) + laneH)
		y := func(v float64) float64 { return y0 - (laneH-4)*v/hi }
		fmt.Fprintf(&b, `<path class="lane" d="M%s %sH%s"/>`, coord(s.x0), coord(y0), coord(s.x1))
		fmt.Fprintf(&b, `<text class="lane-label" x="%s" y="%s">%s</text>`, coord(8), coord(y0-laneH/2+4), esc(clipText(name, 24)))
		if levels != nil {
			for i := 1; i < len(levels); i++ {
				fmt.Fprintf(&b, `<path class="grid" d="M%s %sH%s"/>`, coord(s.x0), coord(y(float64(i))), coord(s.x1))
			}
		}
		fmt.Fprintf(&b, `<path class="series-main" d="%s"/>`, stepPath(s, dates, vals[k], y))
		// The value now, at the lane's end.
		if v := vals[k][len(vals[k])-1]; !math.IsNaN(v) {
			fmt.Fprintf(&b, `<text class="tick" x="%s" y="%s">%s</text>`, coord(s.x1+6), coord(y(v)+4), esc(label(v)))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text in it is escaped above
}
