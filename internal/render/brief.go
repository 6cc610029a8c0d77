package render

import (
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
)

// BriefView is the board brief: the whole strategy on one printable page.
type BriefView struct {
	// Date is the day the brief is as of.
	Date       string
	Directions []BriefDirection
	Counts     []Count
}

// BriefDirection is one direction as the brief lays it out.
type BriefDirection struct {
	// ID is the direction's id, for the section's anchor.
	ID                         string
	Ref                        Ref
	Owner                      Ref
	Stage, Status              string
	Problem, ForWhom, WhyWeWin string
	Alternatives, NonGoals     []string
	Assumptions                []Item
	Validated                  int
	Initiatives                []BriefInitiative
	Signals                    []SignalFigure
	Findings                   int
}

// BriefInitiative is a line of work as the brief and an owner's page list
// it: its stage, status and owner.
type BriefInitiative struct {
	Ref           Ref
	Stage, Status string
	Owner         Ref
	// Advances are the directions an initiative advances, on an owner's
	// page; Due says when it is due.
	Advances []Ref
	Due      string
}

func (ru *run) briefPage() *Page {
	bv := &BriefView{Date: ru.in.Today.Format("2 January 2006"), Counts: ru.counts()}
	for _, d := range ru.visible {
		if d.Kind != document.Direction {
			continue
		}
		f := d.Front
		bd := BriefDirection{ID: d.ID, Ref: ru.ref(d), Owner: ru.ownerRef(d), Stage: f.Stage, Status: f.Status,
			Problem: f.Problem, ForWhom: f.ForWhom, WhyWeWin: f.WhyWeWin, Findings: len(ru.diagsOf[d.Path])}
		for _, a := range f.Alternatives {
			bd.Alternatives = append(bd.Alternatives, a.Value)
		}
		for _, g := range f.NonGoals {
			bd.NonGoals = append(bd.NonGoals, g.Statement)
		}
		for _, a := range f.MustBeTrue {
			bd.Assumptions = append(bd.Assumptions, Item{Text: a.Claim, Badge: a.Status})
			if a.Status == "validated" {
				bd.Validated++
			}
		}
		for _, ini := range d.Sources("advances") {
			if ru.shown[ini] {
				bd.Initiatives = append(bd.Initiatives, ru.briefInitiative(ini))
			}
		}
		for _, s := range d.Sources("measures") {
			if ru.shown[s] {
				bd.Signals = append(bd.Signals, ru.figureOf(s))
			}
		}
		bv.Directions = append(bv.Directions, bd)
	}
	return &Page{Site: ru.site, Title: "Board brief", URL: ru.pageURL("brief/"), Section: "brief", Template: "brief.html",
		Description: "The whole strategy on one page, to print for a board pack.", Brief: bv}
}

func (ru *run) briefInitiative(n *model.Node) BriefInitiative {
	r := ru.ref(n)
	r.Status = "" // the brief gives status a column of its own
	return BriefInitiative{Ref: r, Stage: n.Front.Stage, Status: n.Front.Status, Owner: ru.ownerRef(n)}
}
