package render

import (
	"fmt"
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
	"github.com/bearing-dev/bearing/internal/validate"
)

// overviewLimit is the number of map nodes above which the home page shows
// an overview of directions and counts instead of the full map: beyond it
// the full map is a hairball, and each direction page has its sub-map.
const overviewLimit = 60

func (ru *run) homePage() *Page {
	hv := &HomeView{}
	if h := ru.in.Graph.Home; h != nil {
		hv.Prose = ru.mustBody(h)
	}
	var mapNodes, dirs []*model.Node
	for _, n := range ru.visible {
		if columnOf(n) >= 0 {
			mapNodes = append(mapNodes, n)
		}
		if n.Kind == document.Direction {
			dirs = append(dirs, n)
		}
	}
	if len(mapNodes) > overviewLimit {
		hv.Overview = true
		hv.Map = ru.drawOverview(dirs)
	} else {
		hv.Map = ru.drawMap("Alignment map: directions, the initiatives that advance them, and the signals that measure them", mapNodes, nil)
	}
	for _, k := range []document.Kind{document.Direction, document.Initiative, document.Signal, document.Review} {
		c := 0
		for _, n := range ru.visible {
			if n.Kind == k {
				c++
			}
		}
		hv.Counts = append(hv.Counts, Count{Label: kindTitle(k), N: c, URL: ru.pageURL(k.Folder() + "/")})
	}
	for _, d := range dirs {
		hv.Rows = append(hv.Rows, ru.leaderRow(d))
	}
	title := ru.in.Config.Title
	if h := ru.in.Graph.Home; h != nil && h.Front.Title != "" {
		title = h.Front.Title
	}
	return &Page{Site: ru.site, Title: title, URL: ru.base, Section: "home", Template: "home.html",
		Description: ru.in.Config.Description, Home: hv}
}

func (ru *run) leaderRow(d *model.Node) LeaderRow {
	row := LeaderRow{Dir: ru.ref(d), ForWhom: d.Front.ForWhom, SinceReview: -1}
	byStatus := map[string]int{}
	inis := d.Sources("advances")
	for _, ini := range inis {
		if ru.shown[ini] {
			byStatus[ini.Front.Status]++
		}
		row.Findings += len(ru.diagsOf[ini.Path])
	}
	values, _ := document.StatusValues(document.Initiative)
	for _, s := range values {
		if byStatus[s] > 0 {
			row.Initiatives = append(row.Initiatives, Count{Label: s, N: byStatus[s]})
		}
	}
	for _, s := range d.Sources("measures") {
		if ru.shown[s] {
			row.Signals = append(row.Signals, figure(ru.ref(s), s.Front))
		}
	}
	for _, a := range d.Front.MustBeTrue {
		row.Assumptions++
		if a.Status == "validated" {
			row.Validated++
		}
	}
	var last time.Time
	for _, r := range d.Sources("reviews") {
		if r.Front.Date.After(last) {
			last = r.Front.Date
		}
	}
	if !last.IsZero() {
		row.SinceReview = int(ru.in.Today.Sub(last).Hours() / 24)
	}
	row.Findings += len(ru.diagsOf[d.Path])
	return row
}

func figure(r Ref, f *document.Front) SignalFigure {
	sf := SignalFigure{Ref: r, Unit: f.Unit, Current: number(f.Current), Target: number(f.Target),
		HasCurrent: f.Current != nil, HasTarget: f.Target != nil}
	if f.Current != nil && f.Target != nil {
		if f.Better == "down" {
			sf.OnTrack = *f.Current <= *f.Target
		} else {
			sf.OnTrack = *f.Current >= *f.Target
		}
	}
	return sf
}

// drawOverview draws the large-playbook map: one box per direction with
// its counts, each linking to the direction's page and sub-map.
func (ru *run) drawOverview(dirs []*model.Node) template.HTML {
	var b strings.Builder
	const w, h, gap, perRow = 260, 64, 16, 4
	rows := (len(dirs) + perRow - 1) / perRow
	cols := min(len(dirs), perRow)
	width, height := cols*(w+gap)+gap, rows*(h+gap)+gap
	fmt.Fprintf(&b, `<svg class="map overview" viewBox="0 0 %d %d" width="%d" height="%d" role="group" aria-label="Overview: each direction with its initiatives and signals" xmlns="http://www.w3.org/2000/svg">`, width, height, width, height)
	for i, d := range dirs {
		x, y := gap+(i%perRow)*(w+gap), gap+(i/perRow)*(h+gap)
		inis, sigs := len(d.Sources("advances")), len(d.Sources("measures"))
		class := "node status-" + cssToken(d.Front.Status) + " stage-" + cssToken(d.Front.Stage)
		if ru.badNode[d] {
			class += " node-bad"
		}
		fmt.Fprintf(&b, `<a href="%s" class="%s"><title>%s (direction, %s, stage %s): %d initiatives, %d signals</title><rect x="%d" y="%d" width="%d" height="%d" rx="6"/><text x="%d" y="%d">%s</text><text class="sub" x="%d" y="%d">%d initiatives · %d signals</text></a>`,
			template.HTMLEscapeString(ru.url(d)), class, template.HTMLEscapeString(d.Title()), d.Front.Status, d.Front.Stage, inis, sigs,
			x, y, w, h, x+12, y+26, template.HTMLEscapeString(truncate(d.Title(), 32)), x+12, y+48, inis, sigs)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func (ru *run) stagesPage() *Page {
	blurbs := map[string]string{
		"validate": "Test the direction cheaply: is the problem real, for these people, and do we win?",
		"execute":  "The direction holds: build it properly and deliver.",
		"scale":    "It works: pour fuel on it.",
	}
	sv := &StagesView{}
	for _, st := range document.Stages() {
		lane := Lane{Name: st, Blurb: blurbs[st]}
		for _, n := range ru.visible {
			if n.Front.Stage != st {
				continue
			}
			r := ru.ref(n)
			switch n.Kind {
			case document.Direction:
				lane.Directions = append(lane.Directions, r)
			case document.Initiative:
				for _, d := range n.Targets("advances") {
					if validate.Ahead(n, d) {
						r.Bad, r.Note = true, fmt.Sprintf("ahead of %s (%s)", d.Title(), d.Front.Stage)
						sv.Ahead++
						break
					}
				}
				lane.Initiatives = append(lane.Initiatives, r)
			}
		}
		sv.Lanes = append(sv.Lanes, lane)
	}
	return &Page{Site: ru.site, Title: "Stages", URL: ru.pageURL("stages/"), Section: "stages", Template: "stages.html", Stages: sv}
}

func (ru *run) matrixPage() *Page {
	mv := &MatrixView{}
	var dirs []*model.Node
	for _, n := range ru.visible {
		if n.Kind == document.Direction {
			dirs = append(dirs, n)
			mv.Directions = append(mv.Directions, ru.ref(n))
		}
	}
	cov := make([]Coverage, len(dirs))
	for i, d := range dirs {
		for _, s := range d.Sources("measures") {
			if ru.shown[s] {
				cov[i].Signals++
			}
		}
	}
	for _, n := range ru.visible {
		if n.Kind != document.Initiative {
			continue
		}
		row := MatrixRow{Initiative: ru.ref(n)}
		adv := n.Targets("advances")
		for i, d := range dirs {
			c := Cell{}
			if slices.Contains(adv, d) {
				c.On, c.Bad = true, validate.Violates(n, d)
				c.Label = "advances " + d.Title()
				if c.Bad {
					c.Label += " (breaks a rule)"
				}
				cov[i].Total++
				if n.Active() {
					cov[i].Active++
				}
			}
			row.Cells = append(row.Cells, c)
		}
		mv.Rows = append(mv.Rows, row)
	}
	mv.Coverage = cov
	return &Page{Site: ru.site, Title: "Matrix", URL: ru.pageURL("matrix/"), Section: "matrix", Template: "matrix.html", Matrix: mv}
}

func (ru *run) healthPage() *Page {
	hv := &HealthView{}
	for _, rule := range diag.Rules {
		g := HealthGroup{Rule: rule.ID, Description: rule.Description}
		for _, d := range ru.in.Diags {
			if d.Rule != rule.ID {
				continue
			}
			g.Severity = d.Severity.String()
			it := HealthItem{Where: fmt.Sprintf("%s:%d:%d", d.Pos.File, d.Pos.Line, d.Pos.Col), Message: d.Message}
			if n := ru.byFile[d.Pos.File]; n != nil && ru.shown[n] {
				r := ru.ref(n)
				it.Page = &r
			}
			g.Items = append(g.Items, it)
		}
		if len(g.Items) > 0 {
			hv.Groups = append(hv.Groups, g)
			hv.Total += len(g.Items)
		}
	}
	return &Page{Site: ru.site, Title: "Health", URL: ru.pageURL("health/"), Section: "health", Template: "health.html", Health: hv}
}
