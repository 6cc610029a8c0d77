package render

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
)

// owners indexes the shown nodes by their owner field: who holds what.
// Owners are named as the playbook writes them; two spellings that slug
// alike (Maya Chen, maya chen) are one owner, shown by the first
// spelling in name order.
type owners struct {
	names []string                 // in order, case-insensitively
	slug  map[string]string        // owner field value → slug
	nodes map[string][]*model.Node // slug → the shown nodes they own, in site order
	name  map[string]string        // slug → the name shown
}

func (ru *run) newOwners() *owners {
	o := &owners{slug: map[string]string{}, nodes: map[string][]*model.Node{}, name: map[string]string{}}
	var raw []string
	for _, n := range ru.visible {
		if v := strings.TrimSpace(n.Front.Owner); v != "" && n != ru.in.Graph.Home {
			if _, ok := o.slug[v]; !ok {
				o.slug[v] = ""
				raw = append(raw, v)
			}
		}
	}
	slices.SortFunc(raw, func(a, b string) int {
		if c := strings.Compare(strings.ToLower(a), strings.ToLower(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	for _, v := range raw {
		s := ownerSlug(v)
		if _, ok := o.name[s]; !ok {
			o.name[s] = v
			o.names = append(o.names, s)
		}
		o.slug[v] = s
	}
	for _, n := range ru.visible {
		if s := o.slug[strings.TrimSpace(n.Front.Owner)]; s != "" && n != ru.in.Graph.Home {
			o.nodes[s] = append(o.nodes[s], n)
		}
	}
	return o
}

// ownerSlug is an owner's part of the URL: lower-case letters and digits
// (any script's: Tomás stays tomás), with runs of anything else turned
// into one hyphen.
func ownerSlug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "owner"
	}
	return b.String()
}

// ownerRef is a link to the page of n's owner; the zero Ref without one.
func (ru *run) ownerRef(n *model.Node) Ref {
	v := strings.TrimSpace(n.Front.Owner)
	if v == "" {
		return Ref{}
	}
	s := ru.owners.slug[v]
	if s == "" { // a draft's owner, when drafts are left out: no page
		return Ref{Title: v, Kind: "owner", frags: ru.site.frags}
	}
	return Ref{Title: v, URL: ru.pageURL("owners/" + s + "/"), Kind: "owner", frags: ru.site.frags}
}

// OwnersView lists every owner with what they hold.
type OwnersView struct {
	Owners []OwnerLine
}

// OwnerLine is one owner in the owners' list.
type OwnerLine struct {
	Owner                                    Ref
	Directions, Initiatives, Signals, Others int
	// Due counts the owner's reviews due, Overdue those past their date.
	Due, Overdue int
	Findings     int
	// Holds names the directions the owner holds, for the list.
	Holds []Ref
}

// OwnerView is one owner's page: what they owe.
type OwnerView struct {
	Directions  []BriefInitiative
	Initiatives []BriefInitiative
	Signals     []SignalFigure
	Others      []Ref
	Due         []DueItem
	Findings    []HealthItem
}

// DueItem is a review a node is due, from its next_review.
type DueItem struct {
	Ref     Ref
	Date    string
	Overdue int // days past the date; 0 when not yet due
}

func (ru *run) ownersPage() *Page {
	ov := &OwnersView{}
	for _, s := range ru.owners.names {
		line := OwnerLine{Owner: Ref{Title: ru.owners.name[s], URL: ru.pageURL("owners/" + s + "/"), Kind: "owner", frags: ru.site.frags}}
		for _, n := range ru.owners.nodes[s] {
			switch n.Kind {
			case document.Direction:
				line.Directions++
				line.Holds = append(line.Holds, ru.ref(n))
			case document.Initiative:
				line.Initiatives++
			case document.Signal:
				line.Signals++
			default:
				line.Others++
			}
			if !n.Front.NextReview.IsZero() {
				line.Due++
				if ru.in.Today.After(n.Front.NextReview) {
					line.Overdue++
				}
			}
			line.Findings += len(ru.diagsOf[n.Path])
		}
		ov.Owners = append(ov.Owners, line)
	}
	return &Page{Site: ru.site, Title: "Owners", URL: ru.pageURL("owners/"), Section: "owners", Template: "owners.html", Owners: ov}
}

func (ru *run) ownerPage(s string) *Page {
	v := &OwnerView{}
	for _, n := range ru.owners.nodes[s] {
		switch n.Kind {
		case document.Direction, document.Initiative:
			bi := BriefInitiative{Ref: ru.ref(n), Stage: n.Front.Stage, Status: n.Front.Status}
			if n.Kind == document.Direction {
				v.Directions = append(v.Directions, bi)
			} else {
				for _, d := range n.Targets("advances") {
					if ru.shown[d] {
						bi.Advances = append(bi.Advances, ru.ref(d))
					}
				}
				bi.Due = dueText(n.Front.Due, ru.in.Today, n.Active())
				v.Initiatives = append(v.Initiatives, bi)
			}
		case document.Signal:
			v.Signals = append(v.Signals, ru.figureOf(n))
		default:
			v.Others = append(v.Others, ru.ref(n))
		}
		if f := n.Front.NextReview; !f.IsZero() {
			d := DueItem{Ref: ru.ref(n), Date: f.Format("2 January 2006")}
			if ru.in.Today.After(f) {
				d.Overdue = max(1, int(ru.in.Today.Sub(f).Hours()/24))
			}
			v.Due = append(v.Due, d)
		}
		for _, d := range ru.diagsOf[n.Path] {
			r := ru.ref(n)
			v.Findings = append(v.Findings, HealthItem{Page: &r, Where: fmt.Sprintf("%s:%d:%d", d.Pos.File, d.Pos.Line, d.Pos.Col),
				Message: d.Message, Rule: d.Rule, Severity: d.Severity.String()})
		}
	}
	slices.SortStableFunc(v.Due, func(a, b DueItem) int { return b.Overdue - a.Overdue })
	name := ru.owners.name[s]
	return &Page{Site: ru.site, Title: name, URL: ru.pageURL("owners/" + s + "/"), Section: "owners", Template: "owner.html",
		Description: "What " + name + " holds in the strategy: directions, initiatives, signals, reviews due and findings.", Owner: v}
}

// dueText says when work is due, and how late it is when it is active.
func dueText(due, today time.Time, active bool) string {
	if due.IsZero() {
		return ""
	}
	s := "due " + due.Format("2 Jan 2006")
	if active && today.After(due) {
		s += fmt.Sprintf(" · %d days late", int(today.Sub(due).Hours()/24))
	}
	return s
}
