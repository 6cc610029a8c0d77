package render

import (
	"cmp"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
)

// OutcomeView is Outcome = Direction × Speed: each direction placed by
// how validated it is and how fast it goes.
type OutcomeView struct {
	Plot template.HTML
	Rows []OutcomeRow
	// Corner counts the directions in the fast-and-unvalidated corner.
	Corner int
}

// OutcomeRow is one direction's figures.
type OutcomeRow struct {
	Ref Ref
	// Confidence is (validated − invalidated) / assumptions, −1 to 1;
	// Speed is the stage, validate ⅓, execute ⅔, scale 1; Outcome their
	// product.
	Confidence, Speed, Outcome string
	Active                     int
	// Corner marks a direction going fast on assumptions not validated.
	Corner bool
}

// confidence is a direction's (validated − invalidated) / assumptions.
func confidence(f *document.Front) float64 {
	if len(f.MustBeTrue) == 0 {
		return 0
	}
	score := 0
	for _, a := range f.MustBeTrue {
		switch a.Status {
		case "validated":
			score++
		case "invalidated":
			score--
		}
	}
	return float64(score) / float64(len(f.MustBeTrue))
}

// speed is a direction's stage as a share: validate ⅓, execute ⅔, scale 1.
func speed(f *document.Front) float64 {
	return float64(model.StageIndex(f.Stage)+1) / float64(len(document.Stages()))
}

// inCorner reports the fast-and-unvalidated corner, "accelerated
// irrelevance": past validate on a direction more doubted than proven.
func inCorner(conf, sp float64) bool { return sp > 0.5 && conf <= 0 }

// Outcome plot geometry, in SVG user units.
const (
	outW, outH           = 640, 420
	outLeft, outRight    = 64, 24
	outTop, outBottom    = 24, 56
	outMinR, outMaxR     = 7.0, 22.0
	outLabelChars        = 30
	outCornerLabelIndent = 8
)

func (ru *run) outcomePage() *Page {
	ov := &OutcomeView{}
	var dirs []*model.Node
	for _, n := range ru.visible {
		if n.Kind == document.Direction && !n.Finished() {
			dirs = append(dirs, n)
		}
	}
	maxActive := 1
	for _, d := range dirs {
		maxActive = max(maxActive, activeAdvancing(d))
	}
	// The dots keep clear of the plot's edges: confidence −1 and 1 sit
	// one large dot in from the axes' ends.
	x := func(c float64) float64 { return outLeft + outMaxR + (c+1)/2*(outW-outLeft-outRight-2*outMaxR) }
	y := func(s float64) float64 { return outH - outBottom - s*(outH-outTop-outBottom) }

	var b strings.Builder
	esc := template.HTMLEscapeString
	fmt.Fprintf(&b, `<svg class="outcome" viewBox="0 0 %d %d" width="%d" height="%d" role="group" aria-labelledby="outcome-title" aria-describedby="outcome-desc" xmlns="http://www.w3.org/2000/svg">`, outW, outH, outW, outH)
	b.WriteString(`<title id="outcome-title">Outcome = Direction × Speed</title>`)
	fmt.Fprintf(&b, `<desc id="outcome-desc">Each of %d directions placed by direction confidence, from −1 (assumptions invalidated) to 1 (all validated), and speed, its stage. The table below gives the same figures.</desc>`, len(dirs))
	// The corner: speed past validate, confidence at or below zero.
	fmt.Fprintf(&b, `<rect class="corner" x="%s" y="%s" width="%s" height="%s"/>`,
		coord(x(-1)), coord(y(1)+0), coord(x(0)-x(-1)), coord(y(0.5)-y(1)))
	fmt.Fprintf(&b, `<text class="corner-label" x="%s" y="%s">accelerated irrelevance</text>`, coord(x(-1)+outCornerLabelIndent), coord(y(1)+16))
	fmt.Fprintf(&b, `<text class="corner-note" x="%s" y="%s">fast on an unvalidated direction</text>`, coord(x(-1)+outCornerLabelIndent), coord(y(1)+32))
	// Axes: confidence across, speed up.
	fmt.Fprintf(&b, `<path class="axis" d="M%s %sH%sM%s %sV%s"/>`, coord(x(-1)), coord(y(0)), coord(x(1)), coord(x(0)), coord(y(0)), coord(y(1)))
	for _, c := range []float64{-1, 0, 1} {
		fmt.Fprintf(&b, `<text class="tick" x="%s" y="%s" text-anchor="middle">%s</text>`, coord(x(c)), coord(y(0)+18), num(c))
	}
	fmt.Fprintf(&b, `<text class="axis-label" x="%s" y="%s" text-anchor="middle">direction confidence: (validated − invalidated) / assumptions</text>`, coord(x(0)), coord(outH-12))
	for i, st := range document.Stages() {
		s := float64(i+1) / float64(len(document.Stages()))
		fmt.Fprintf(&b, `<path class="grid" d="M%s %sH%s"/><text class="tick" x="%s" y="%s" text-anchor="end">%s</text>`,
			coord(x(-1)), coord(y(s)), coord(x(1)), coord(x(-1)-8), coord(y(s)+4), st)
	}
	// Directions at the same place are spread along the speed line.
	type spot struct {
		n          *model.Node
		conf, sp   float64
		active     int
		dx, radius float64
	}
	var spots []spot
	for _, d := range dirs {
		c, s, a := confidence(d.Front), speed(d.Front), activeAdvancing(d)
		spots = append(spots, spot{n: d, conf: c, sp: s, active: a,
			radius: outMinR + (outMaxR-outMinR)*math.Sqrt(float64(a)/float64(maxActive))})
		r := ru.ref(d)
		row := OutcomeRow{Ref: r, Confidence: signed(c), Speed: num(s), Outcome: signed(c * s), Active: a, Corner: inCorner(c, s)}
		if row.Corner {
			ov.Corner++
		}
		ov.Rows = append(ov.Rows, row)
	}
	seen := map[[2]float64]int{}
	for i := range spots {
		k := [2]float64{spots[i].conf, spots[i].sp}
		spots[i].dx = float64(seen[k]) * 2 * outMaxR
		seen[k]++
	}
	// Labels go above their dot, or below when the dot before it on the
	// same row is near enough for the two to collide; centred, and kept
	// inside the plot.
	lastAbove := map[float64]float64{} // row → x of the last label above it
	for _, s := range spots {
		cx, cy := x(s.conf)+s.dx, y(s.sp)
		ly := cy - s.radius - 6
		if prev, ok := lastAbove[s.sp]; ok && math.Abs(prev-cx) < outLabelChars*7 || ly < 14 {
			ly = cy + s.radius + 16
			delete(lastAbove, s.sp)
		} else {
			lastAbove[s.sp] = cx
		}
		anchor, lx := "middle", cx
		switch {
		case cx+outLabelChars*3.5 > outW-outRight:
			anchor, lx = "end", cx+s.radius
		case cx-outLabelChars*3.5 < outLeft:
			anchor, lx = "start", cx-s.radius
		}
		class := "dot"
		if inCorner(s.conf, s.sp) {
			class += " dot-corner"
		}
		label := s.n.Title()
		if r := []rune(label); len(r) > outLabelChars {
			label = string(r[:outLabelChars-1]) + "…"
		}
		fmt.Fprintf(&b, `<a href="%s" class="%s"><title>%s: confidence %s, %s, %d active initiatives</title><circle cx="%s" cy="%s" r="%s"/><text x="%s" y="%s" text-anchor="%s">%s</text></a>`,
			esc(ru.url(s.n)), class, esc(s.n.Title()), signed(s.conf), s.n.Front.Stage, s.active,
			coord(cx), coord(cy), coord(s.radius), coord(lx), coord(ly), anchor, esc(label))
	}
	b.WriteString(`</svg>`)
	ov.Plot = template.HTML(b.String()) // every text in it is escaped above
	slices.SortStableFunc(ov.Rows, func(a, b OutcomeRow) int { return cmp.Compare(a.Ref.Title, b.Ref.Title) })
	return &Page{Site: ru.site, Title: "Outcome", URL: ru.pageURL("outcome/"), Section: "outcome", Template: "outcome.html", Outcome: ov,
		Description: "Outcome = Direction × Speed: each direction placed by how validated it is and how fast it goes."}
}

// activeAdvancing counts the active initiatives advancing a direction.
func activeAdvancing(dir *model.Node) int {
	n := 0
	for _, ini := range dir.Sources("advances") {
		if ini.Active() {
			n++
		}
	}
	return n
}

// signed writes a figure with its sign, two decimals at most: "+0.5".
func signed(x float64) string {
	if x > 0 {
		return "+" + num(x)
	}
	return strings.Replace(num(x), "-", "−", 1)
}
