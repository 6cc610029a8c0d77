package render

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
)

// fieldLabels are the reading labels of fields on node pages.
var fieldLabels = map[string]string{
	"problem": "Problem", "for_whom": "For whom", "why_we_win": "Why we win",
	"alternatives": "Alternatives", "must_be_true": "What must be true", "non_goals": "What we will not do",
	"advances": "Advances", "rationale": "Rationale", "signals": "Signals", "depends_on": "Depends on",
	"measures": "Measures", "reviews": "Reviews", "decisions": "Decisions", "eliminated": "Eliminated",
	"cadence": "Cadence", "source": "Source",
}

func label(field string) string {
	if l, ok := fieldLabels[field]; ok {
		return l
	}
	return field
}

func (ru *run) nodePage(n *model.Node) *Page {
	f := n.Front
	v := &NodeView{Kind: string(n.Kind), KindLabel: strings.ToUpper(string(n.Kind)[:1]) + string(n.Kind)[1:], ID: n.ID,
		Summary: f.Summary, Body: ru.mustBody(n), Findings: ru.findings(n), Source: n.Path, Draft: f.Draft}
	v.Status, v.Stage = f.Status, f.Stage
	text := func(field, value string) {
		if value != "" {
			v.Rows = append(v.Rows, Row{Label: label(field), Text: value})
		}
	}
	refs := func(field string, bad func(*model.Node) (bool, string)) {
		var rs []Ref
		for _, t := range n.Targets(field) {
			if !ru.shown[t] {
				continue
			}
			r := ru.ref(t)
			if bad != nil {
				r.Bad, r.Note = bad(t)
			}
			rs = append(rs, r)
		}
		if len(rs) > 0 {
			v.Rows = append(v.Rows, Row{Label: label(field), Refs: rs})
		}
	}
	switch n.Kind {
	case document.Direction:
		text("problem", f.Problem)
		text("for_whom", f.ForWhom)
		text("why_we_win", f.WhyWeWin)
		var alts []Item
		for _, a := range f.Alternatives {
			alts = append(alts, Item{Text: a.Value})
		}
		v.Rows = append(v.Rows, Row{Label: label("alternatives"), Items: alts})
		var mbt []Item
		for _, a := range f.MustBeTrue {
			mbt = append(mbt, Item{Text: a.Claim, Badge: a.Status, Note: a.Evidence})
		}
		v.Rows = append(v.Rows, Row{Label: label("must_be_true"), Items: mbt})
		var ngs []Item
		for _, g := range f.NonGoals {
			ngs = append(ngs, Item{Text: g.Statement, Tags: g.Tags})
		}
		v.Rows = append(v.Rows, Row{Label: label("non_goals"), Items: ngs})
	case document.Initiative:
		refs("advances", func(d *model.Node) (bool, string) {
			if model.Ahead(n, d) {
				return true, fmt.Sprintf("stage %s is ahead of this direction's %s", f.Stage, d.Front.Stage)
			}
			if tag, _, ok := model.NonGoalTag(n, d); ok {
				return true, fmt.Sprintf("tag %q is a non-goal here", tag.Value)
			}
			return false, ""
		})
		text("rationale", f.Rationale)
		refs("signals", nil)
		refs("depends_on", nil)
		if !f.Start.IsZero() || !f.Due.IsZero() {
			v.Rows = append(v.Rows, Row{Label: "Timeline", Text: timeline(f.Start, f.Due)})
		}
	case document.Signal:
		refs("measures", nil)
		v.Rows = append(v.Rows, Row{Label: "Figures", Items: signalFigures(f)})
		if fig := figure(Ref{}, f); fig.HasProgress {
			v.Figure = &fig
		}
		text("cadence", f.Cadence)
		text("source", f.Source)
	case document.Review:
		if !f.Date.IsZero() {
			v.Rows = append(v.Rows, Row{Label: "Date", Text: f.Date.Format("2 January 2006")})
		}
		refs("reviews", nil)
		var ds []Item
		for _, d := range f.Decisions {
			it := Item{Text: d.Direction, Badge: d.Decision}
			if t := ru.in.Graph.ByID[d.Direction]; t != nil && ru.shown[t] {
				// The decision is the badge; the direction's own status
				// beside it would read as a second decision.
				r := ru.ref(t)
				r.Status = ""
				it.Ref, it.Text = &r, t.Title()
			}
			ds = append(ds, it)
		}
		if len(ds) > 0 {
			v.Rows = append(v.Rows, Row{Label: label("decisions"), Items: ds})
		}
		refs("eliminated", nil)
	}
	if f.Owner != "" {
		v.Rows = append(v.Rows, Row{Label: "Owner", Text: f.Owner})
	}
	if len(f.Tags) > 0 {
		v.Rows = append(v.Rows, Row{Label: "Tags", Text: strings.Join(f.TagValues(), ", ")})
	}
	if !f.NextReview.IsZero() {
		due := f.NextReview.Format("2 January 2006")
		if days := int(ru.in.Today.Sub(f.NextReview).Hours() / 24); days > 0 {
			due += fmt.Sprintf(" · overdue by %d days", days)
		}
		v.Rows = append(v.Rows, Row{Label: "Next review", Text: due})
	}
	v.Neighbours = ru.neighbours(n)
	v.Backlinks = ru.mentions(n, v.Rows, v.Neighbours)
	v.Map = ru.drawMap("Alignment map around "+n.Title(), neighbourhood(n, func(m *model.Node) bool { return ru.shown[m] }), n)
	return &Page{Site: ru.site, Title: n.Title(), URL: ru.url(n), Section: n.Kind.Folder(), Template: "node.html",
		Description: f.Summary, Node: v}
}

func timeline(start, due time.Time) string {
	const layout = "2 Jan 2006"
	switch {
	case start.IsZero():
		return "due " + due.Format(layout)
	case due.IsZero():
		return "from " + start.Format(layout)
	}
	return start.Format(layout) + " → " + due.Format(layout)
}

func number(x *float64) string {
	if x == nil {
		return ""
	}
	return strconv.FormatFloat(*x, 'f', -1, 64)
}

func signalFigures(f *document.Front) []Item {
	var out []Item
	add := func(label string, x *float64) {
		if x != nil {
			out = append(out, Item{Text: label, Badge: strings.TrimSpace(number(x) + " " + f.Unit)})
		}
	}
	add("Baseline", f.Baseline)
	add("Current", f.Current)
	add("Target", f.Target)
	if f.Better == "down" {
		out = append(out, Item{Text: "Better", Badge: "lower"})
	} else {
		out = append(out, Item{Text: "Better", Badge: "higher"})
	}
	return out
}

// neighbours groups what links to and from a node, by field.
func (ru *run) neighbours(n *model.Node) []Group {
	incoming := map[document.Kind][]struct{ field, label string }{
		document.Direction:  {{"advances", "Advanced by"}, {"measures", "Measured by"}, {"reviews", "Reviewed in"}},
		document.Initiative: {{"depends_on", "Needed by"}, {"measures", "Measured by"}, {"eliminated", "Eliminated in"}},
		document.Signal:     {{"signals", "Watched by"}},
	}
	var out []Group
	for _, in := range incoming[n.Kind] {
		if rs := ru.refs(n.Sources(in.field)); len(rs) > 0 {
			out = append(out, Group{Label: in.label, Refs: rs})
		}
	}
	return out
}

// mentions are the pages whose bodies link to n, less those the page
// already lists in its fields or neighbour groups: one page, one place.
func (ru *run) mentions(n *model.Node, rows []Row, groups []Group) []Ref {
	seen := map[string]bool{}
	for _, row := range rows {
		for _, r := range row.Refs {
			seen[r.URL] = true
		}
		for _, it := range row.Items {
			if it.Ref != nil {
				seen[it.Ref.URL] = true
			}
		}
	}
	for _, g := range groups {
		for _, r := range g.Refs {
			seen[r.URL] = true
		}
	}
	var out []Ref
	for _, r := range ru.refs(ru.backs[n]) {
		if !seen[r.URL] {
			out = append(out, r)
		}
	}
	return out
}
