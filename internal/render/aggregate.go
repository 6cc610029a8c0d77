package render

import (
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
)

// overviewLimit is the number of map nodes above which the home page shows
// an overview of directions and counts instead of the full map: beyond it
// the full map is a hairball, and each direction page has its sub-map.
const overviewLimit = 60

func (ru *run) homePage() *Page {
	hv := &HomeView{Summary: ru.in.Config.Description}
	title := ru.in.Config.Title
	if h := ru.in.Graph.Home; h != nil {
		hv.Prose = ru.mustBody(h)
		hv.ProseTitled = opensWithH1(hv.Prose)
		if h.Front.Title != "" {
			title = h.Front.Title
		}
		if h.Front.Summary != "" {
			hv.Summary = h.Front.Summary
		}
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
		g := newMapGraph(mapNodes)
		hv.Map = ru.drawMap("Alignment map: directions, the initiatives that advance them, and the signals that measure them", g, nil)
		if list, err := ru.mapList(g); err == nil {
			hv.MapList = list
		}
	}
	hv.Counts = ru.counts()
	for _, d := range dirs {
		hv.Rows = append(hv.Rows, ru.leaderRow(d))
	}
	return &Page{Site: ru.site, Title: title, URL: ru.base, Section: "home", Template: "home.html",
		Description: hv.Summary, Home: hv}
}

// opensWithH1 reports whether rendered Markdown starts with a level-one
// heading, in which case the page shows no title of its own.
func opensWithH1(h template.HTML) bool {
	return strings.HasPrefix(strings.TrimSpace(string(h)), "<h1")
}

// counts are the home page's figures: how many of each kind, with a note
// on what matters most about them, and the findings.
func (ru *run) counts() []Count {
	var (
		n                                = map[document.Kind]int{}
		byStage                          = map[string]int{}
		activeInis, onTarget, withTarget int
		lastReview                       time.Time
	)
	for _, v := range ru.visible {
		n[v.Kind]++
		switch v.Kind {
		case document.Direction:
			byStage[v.Front.Stage]++
		case document.Initiative:
			if v.Active() {
				activeInis++
			}
		case document.Signal:
			if v.Front.Target != nil && v.Front.Current != nil {
				withTarget++
				if ru.figureOf(v).OnTrack {
					onTarget++
				}
			}
		case document.Review:
			if v.Front.Date.After(lastReview) {
				lastReview = v.Front.Date
			}
		}
	}
	var stages []string
	for _, st := range document.Stages() {
		if byStage[st] > 0 {
			stages = append(stages, fmt.Sprintf("%d %s", byStage[st], st))
		}
	}
	var out []Count
	add := func(k document.Kind, note string) {
		out = append(out, Count{Label: kindTitle(k), N: n[k], URL: ru.pageURL(k.Folder() + "/"), Note: note})
	}
	add(document.Direction, strings.Join(stages, " · "))
	add(document.Initiative, fmt.Sprintf("%d active", activeInis))
	add(document.Signal, fmt.Sprintf("%d of %d on target", onTarget, withTarget))
	if lastReview.IsZero() {
		add(document.Review, "none yet")
	} else {
		add(document.Review, "last "+lastReview.Format("2 Jan 2006"))
	}
	f := Count{Label: "Findings", N: len(ru.in.Diags), URL: ru.pageURL("health/"), Note: "every rule passes"}
	if f.N > 0 {
		f.Bad, f.Note = true, "where the strategy drifts"
	}
	return append(out, f)
}

func (ru *run) leaderRow(d *model.Node) LeaderRow {
	row := LeaderRow{Dir: ru.ref(d), Owner: ru.ownerRef(d), ForWhom: d.Front.ForWhom, SinceReview: -1}
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
			row.Signals = append(row.Signals, ru.figureOf(s))
		}
	}
	for _, a := range d.Front.MustBeTrue {
		row.Assumptions++
		if a.Status == "validated" {
			row.Validated++
		}
	}
	if row.Assumptions > 0 {
		row.ValidatedPct = 100 * row.Validated / row.Assumptions
	}
	var last time.Time
	for _, r := range d.Sources("reviews") {
		if r.Front.Date.After(last) {
			last = r.Front.Date
		}
	}
	if !last.IsZero() {
		row.SinceReview = int(ru.in.Today.Sub(last).Hours() / 24)
		row.LastReview = last.Format("2 Jan 2006")
	}
	row.Findings += len(ru.diagsOf[d.Path])
	return row
}

func figure(r Ref, f *document.Front) SignalFigure {
	state, _ := model.SignalProgress(f)
	sf := SignalFigure{Ref: r, Unit: f.Unit, Current: number(f.Current), Target: number(f.Target),
		HasCurrent: f.Current != nil, HasTarget: f.Target != nil,
		State: string(state), StateText: progressText(state), Spark: sparkline(f, state)}
	if f.Current != nil && f.Target != nil {
		sf.OnTrack = state == model.Achieved
		// A signal going the wrong way has made no progress: its bar would
		// read as "not started", so it has none.
		sf.Progress, sf.HasProgress = progress(f)
		sf.HasProgress = sf.HasProgress && state != model.Worse
	}
	return sf
}

// progress is how far a signal has come from its baseline to its target,
// in whole percent from 0 to 100. Without a baseline an upward signal is
// measured from zero; a downward one cannot be measured.
func progress(f *document.Front) (int, bool) {
	cur, tgt := *f.Current, *f.Target
	from := 0.0
	switch {
	case f.Baseline != nil:
		from = *f.Baseline
	case f.Better == "down":
		return 0, false
	}
	span := tgt - from
	if span == 0 {
		return 100, true
	}
	p := (cur - from) / span
	return int(math.Round(100 * max(0, min(1, p)))), true
}

// drawOverview draws the large-playbook map: one box per direction with
// its counts, each linking to the direction's page and sub-map.
func (ru *run) drawOverview(dirs []*model.Node) template.HTML {
	var b strings.Builder
	const w, h, gap, perRow = mapNodeW, 78, 16, 4
	rows := (len(dirs) + perRow - 1) / perRow
	cols := min(len(dirs), perRow)
	width, height := cols*(w+gap)+gap, rows*(h+gap)+gap
	fmt.Fprintf(&b, `<svg class="map overview" viewBox="0 0 %d %d" width="%d" height="%d" role="group" aria-label="Overview: each direction with its initiatives and signals" xmlns="http://www.w3.org/2000/svg">`, width, height, width, height)
	for i, d := range dirs {
		x, y := gap+(i%perRow)*(w+gap), gap+(i/perRow)*(h+gap)
		var inis, active, sigs int
		for _, n := range d.Sources("advances") {
			if ru.shown[n] {
				inis++
				if n.Active() {
					active++
				}
			}
		}
		for _, n := range d.Sources("measures") {
			if ru.shown[n] {
				sigs++
			}
		}
		class := "node status-" + cssToken(d.Front.Status) + " stage-" + cssToken(d.Front.Stage)
		if ru.badNode[d] {
			class += " node-bad"
		}
		counts := fmt.Sprintf("%d initiatives, %d active · %d signals", inis, active, sigs)
		fmt.Fprintf(&b, `<a href="%s" class="%s"><title>%s (direction, %s, stage %s): %s</title><rect x="%d" y="%d" width="%d" height="%d" rx="6"/>`,
			template.HTMLEscapeString(ru.url(d)), class, template.HTMLEscapeString(d.Title()),
			template.HTMLEscapeString(d.Front.Status), template.HTMLEscapeString(d.Front.Stage), counts, x, y, w, h)
		for k, l := range wrapLabel(d.Title(), mapLineChars, 2) {
			fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`, x+12, y+22+k*16, template.HTMLEscapeString(l))
		}
		fmt.Fprintf(&b, `<text class="sub" x="%d" y="%d">%s</text></a>`, x+12, y+h-12, counts)
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
					if model.Ahead(n, d) {
						r.Bad, r.Note = true, fmt.Sprintf("ahead of %s (%s)", d.Title(), d.Front.Stage)
						sv.Ahead++
						lane.Ahead++
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

// matrixColumns is the most directions one table of the matrix shows.
const matrixColumns = 8

func (ru *run) matrixPage() *Page {
	var dirs, inis []*model.Node
	col := map[*model.Node]int{}
	for _, n := range ru.visible {
		switch n.Kind {
		case document.Direction:
			col[n] = len(dirs)
			dirs = append(dirs, n)
		case document.Initiative:
			inis = append(inis, n)
		}
	}
	signals := make([]int, len(dirs))
	for i, d := range dirs {
		for _, s := range d.Sources("measures") {
			if ru.shown[s] {
				signals[i]++
			}
		}
	}
	// advances[i] lists the columns initiative i advances, in order.
	advances := make([][]int, len(inis))
	for i, n := range inis {
		for _, d := range n.Targets("advances") {
			if c, ok := col[d]; ok {
				advances[i] = append(advances[i], c)
			}
		}
		slices.Sort(advances[i])
	}
	mv := &MatrixView{}
	blocks := (len(dirs) + matrixColumns - 1) / matrixColumns
	for b := range max(blocks, 1) {
		lo, hi := b*matrixColumns, min((b+1)*matrixColumns, len(dirs))
		blk := MatrixBlock{Coverage: make([]Coverage, hi-lo)}
		if blocks > 1 {
			blk.Caption = fmt.Sprintf("Directions %d to %d of %d", lo+1, hi, len(dirs))
		}
		for _, d := range dirs[lo:hi] {
			blk.Directions = append(blk.Directions, ru.ref(d))
		}
		for c := lo; c < hi; c++ {
			blk.Coverage[c-lo].Signals = signals[c]
		}
		for i, n := range inis {
			in := slices.IndexFunc(advances[i], func(c int) bool { return c >= lo && c < hi }) >= 0
			if !in && blocks > 1 {
				continue
			}
			row := MatrixRow{Initiative: ru.ref(n), Cells: make([]Cell, hi-lo)}
			for _, c := range advances[i] {
				if c < lo || c >= hi {
					continue
				}
				d, cell := dirs[c], &row.Cells[c-lo]
				cell.On, cell.Bad = true, model.Violates(n, d)
				cell.Label = "advances " + d.Title()
				cov := &blk.Coverage[c-lo]
				cov.Total++
				if n.Active() {
					cov.Active++
				}
				if cell.Bad {
					cell.Label += " (breaks a rule)"
					cov.Bad++
				}
			}
			blk.Rows = append(blk.Rows, row)
		}
		mv.Blocks = append(mv.Blocks, blk)
	}
	return &Page{Site: ru.site, Title: "Matrix", URL: ru.pageURL("matrix/"), Section: "matrix", Template: "matrix.html", Matrix: mv}
}

func (ru *run) healthPage() *Page {
	hv := &HealthView{}
	for _, rule := range diag.Rules() {
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
