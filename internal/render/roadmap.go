package render

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
)

// RoadmapView is the initiatives on a time axis, grouped by direction.
type RoadmapView struct {
	// Axis is the month scale drawn above each group, and Width the
	// width, in pixels, of every track.
	Axis   template.HTML
	Width  int
	Groups []RoadmapGroup
	// Today is the date the bars are judged against; Overdue counts the
	// active initiatives past their due date.
	Today   string
	Overdue int
}

// RoadmapGroup is one direction's initiatives.
type RoadmapGroup struct {
	Direction   Ref
	Rows        []RoadmapRow
	Unscheduled []Ref
}

// RoadmapRow is one initiative on the time axis.
type RoadmapRow struct {
	Ref Ref
	// Bar is the initiative's span from start to due, with today's line.
	Bar template.HTML
	// When says the span in words; After lists what it depends on.
	When    string
	After   []Ref
	Overdue bool
}

// roadmapMonth is the width of one month on the time axis, in pixels.
const roadmapMonth = 56

// roadmapSpan is the months the axis covers: from the month of the
// earliest start (or due) to the month after the latest due (or start),
// and today either way.
func roadmapSpan(inis []*model.Node, today time.Time) (from, to time.Time) {
	from, to = today, today
	for _, n := range inis {
		for _, t := range []time.Time{n.Front.Start, n.Front.Due} {
			if t.IsZero() {
				continue
			}
			if t.Before(from) {
				from = t
			}
			if t.After(to) {
				to = t
			}
		}
	}
	from = time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
	to = time.Date(to.Year(), to.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	return from, to
}

func (ru *run) roadmapPage() *Page {
	today := ru.in.Today
	var inis []*model.Node
	for _, n := range ru.visible {
		if n.Kind == document.Initiative {
			inis = append(inis, n)
		}
	}
	from, to := roadmapSpan(inis, today)
	months := (to.Year()-from.Year())*12 + int(to.Month()-from.Month())
	width := months * roadmapMonth
	xOf := func(t time.Time) float64 {
		return float64(width) * t.Sub(from).Hours() / to.Sub(from).Hours()
	}
	rv := &RoadmapView{Width: width, Today: today.Format("2 January 2006"), Axis: roadmapAxis(from, months, xOf(today))}
	for _, dir := range ru.visible {
		if dir.Kind != document.Direction {
			continue
		}
		g := RoadmapGroup{Direction: ru.ref(dir)}
		for _, ini := range dir.Sources("advances") {
			if !ru.shown[ini] {
				continue
			}
			f := ini.Front
			if f.Start.IsZero() && f.Due.IsZero() {
				g.Unscheduled = append(g.Unscheduled, ru.ref(ini))
				continue
			}
			row := RoadmapRow{Ref: ru.ref(ini), When: timeline(f.Start, f.Due),
				Overdue: ini.Active() && !f.Due.IsZero() && f.Due.Before(today)}
			if row.Overdue {
				row.When += " · overdue"
				rv.Overdue++
			}
			row.After = ru.refs(ini.Targets("depends_on"))
			row.Bar = roadmapBar(ini, row, width, xOf, xOf(today))
			g.Rows = append(g.Rows, row)
		}
		if len(g.Rows)+len(g.Unscheduled) > 0 {
			rv.Groups = append(rv.Groups, g)
		}
	}
	return &Page{Site: ru.site, Title: "Roadmap", URL: ru.pageURL("roadmap/"), Section: "roadmap", Template: "roadmap.html", Roadmap: rv,
		Description: "The initiatives on a time axis from start to due, grouped by the direction they advance."}
}

// roadmapAxis draws the month labels and today's mark.
func roadmapAxis(from time.Time, months int, today float64) template.HTML {
	var b strings.Builder
	w := months * roadmapMonth
	fmt.Fprintf(&b, `<svg class="road-axis" viewBox="0 0 %d 24" width="%d" height="24" aria-hidden="true" xmlns="http://www.w3.org/2000/svg">`, w, w)
	for i := range months {
		m := from.AddDate(0, i, 0)
		label := m.Format("Jan")
		if m.Month() == time.January || i == 0 {
			label = m.Format("Jan 2006")
		}
		fmt.Fprintf(&b, `<path class="month" d="M%d 0V24"/><text x="%d" y="16">%s</text>`, i*roadmapMonth, i*roadmapMonth+4, label)
	}
	fmt.Fprintf(&b, `<path class="today" d="M%s 0V24"/></svg>`, coord(today))
	return template.HTML(b.String())
}

// roadmapBar draws one initiative's span, coloured by status and
// outlined by stage as on the map, with today's line across its track.
// An open end (no start, or no due) fades out over one month.
func roadmapBar(n *model.Node, row RoadmapRow, width int, xOf func(time.Time) float64, today float64) template.HTML {
	f := n.Front
	x0, x1 := 0.0, 0.0
	switch {
	case f.Start.IsZero():
		x1 = xOf(f.Due)
		x0 = x1 - roadmapMonth
	case f.Due.IsZero():
		x0 = xOf(f.Start)
		x1 = x0 + roadmapMonth
	default:
		x0, x1 = xOf(f.Start), xOf(f.Due)
	}
	x1 = max(x1, x0+4)
	class := "bar status-" + cssToken(f.Status) + " stage-" + cssToken(f.Stage)
	if row.Overdue {
		class += " overdue"
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="road-track" viewBox="0 0 %d 28" width="%d" height="28" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`,
		width, width, template.HTMLEscapeString(n.Title()+": "+row.When+", "+f.Status+", stage "+f.Stage))
	fmt.Fprintf(&b, `<rect class="%s" x="%s" y="5" width="%s" height="18" rx="4"/>`, class, coord(x0), coord(x1-x0))
	fmt.Fprintf(&b, `<path class="today" d="M%s 0V28"/></svg>`, coord(today))
	return template.HTML(b.String())
}
