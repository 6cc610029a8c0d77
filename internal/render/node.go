package render

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bearing-dev/bearing/internal/config"
	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
)

func (ru *run) nodePage(n *model.Node) *Page {
	f := n.Front
	v := &NodeView{Kind: string(n.Kind), KindLabel: strings.ToUpper(string(n.Kind)[:1]) + string(n.Kind)[1:], ID: n.ID,
		Summary: f.Summary, Body: ru.mustBody(n), Findings: ru.findings(n), Source: n.Path, Draft: f.Draft}
	v.Status, v.Stage = f.Status, f.Stage
	v.FindingsSeverity = worstSeverity(v.Findings)
	v.EditURL = editURL(ru.in.Config.EditURL, n.Path)
	for fd := range document.Fields(n.Kind) {
		if fd.Label == "" {
			continue // shown elsewhere on the page, or not at all
		}
		if lay := layoutOf(fd.Name); lay != nil {
			v.Rows = append(v.Rows, lay(ru, n, fd)...)
			continue
		}
		v.Rows = append(v.Rows, ru.fieldRows(n, fd)...)
	}
	for _, sig := range n.Sources("measures") {
		if ru.shown[sig] {
			v.Signals = append(v.Signals, ru.figureOf(sig))
		}
	}
	if n.Kind == document.Signal {
		if fig := ru.figureOf(n); fig.HasCurrent && fig.HasTarget {
			v.Figure = &fig
		}
		sf, fromGit := ru.signalFront(n)
		_, trend := model.SignalProgress(sf)
		v.Chart, v.ReadingsFromGit = signalChart(n.Title(), sf, trend, fromGit), fromGit
		v.Readings = readingTable(sf.History)
		v.ReadingRows = readingRows(v.Readings)
	}
	v.History = ru.nodeHistory(n)
	if o := ru.ownerRef(n); o.Title != "" {
		v.Rows = append(v.Rows, Row{Label: "Owner", Refs: []Ref{o}})
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
	near := neighbourhood(n, func(m *model.Node) bool { return ru.shown[m] })
	g := newMapGraph(near)
	v.Map = ru.drawMap("Alignment map around "+n.Title(), g, n)
	if list, err := ru.mapList(g); err == nil { // err: a Ref without fragments, not in a run
		v.MapList = list
	}
	return &Page{Site: ru.site, Title: n.Title(), URL: ru.url(n), Section: n.Kind.Folder(), Template: "node.html",
		Description: f.Summary, Node: v}
}

// worstSeverity is the severity the findings box is coloured by: "error"
// when any finding is an error, else "warning"; "" without findings.
func worstSeverity(fs []Finding) string {
	worst := ""
	for _, f := range fs {
		if f.Severity == diag.Error.String() {
			return f.Severity
		}
		worst = f.Severity
	}
	return worst
}

// editURL is where the file at p (relative to the playbook root) is
// edited: pattern, bearing.yaml's edit_url, with {path} replaced by p,
// each segment escaped; "" when pattern is.
func editURL(pattern, p string) string {
	if pattern == "" {
		return ""
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.ReplaceAll(pattern, config.EditPath, strings.Join(segs, "/"))
}

// fieldRows lays out a field by its type: text, a list, references, a
// number or a date. A field whose value is empty shows nothing.
func (ru *run) fieldRows(n *model.Node, fd document.Field) []Row {
	row := Row{Label: fd.Label}
	switch x := fd.Get(n.Front).(type) {
	case string:
		row.Text = x
	case int:
		if n.Front.Has(fd.Name) {
			row.Text = strconv.Itoa(x)
		}
	case *float64:
		row.Text = number(x)
	case time.Time:
		if !x.IsZero() {
			row.Text = x.Format("2 January 2006")
		}
	case []document.Item:
		if fd.RefKinds != nil {
			row.Refs = ru.targetRefs(n, fd.Name, nil)
			break
		}
		for _, it := range x {
			row.Items = append(row.Items, Item{Text: it.Value})
		}
	}
	if row.Text == "" && row.Refs == nil && row.Items == nil {
		return nil
	}
	return []Row{row}
}

// targetRefs are the shown nodes a node's field names, each marked bad
// (with a note) where bad says so.
func (ru *run) targetRefs(n *model.Node, field string, bad func(*model.Node) (bool, string)) []Ref {
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
	return rs
}

// fieldLayout lays out a field whose page shows more than its type says.
type fieldLayout func(ru *run, n *model.Node, fd document.Field) []Row

// layoutOf returns the layout of a field that has one of its own; every
// other field with a label is laid out by fieldRows.
func layoutOf(field string) fieldLayout {
	switch field {
	case "alternatives":
		return alternativesRows
	case "must_be_true":
		return assumptionRows
	case "non_goals":
		return nonGoalRows
	case "advances":
		return advancesRows
	case "start": // with due: the timeline
		return timelineRows
	case "unit": // with baseline, target, current and better: the figures
		return figureRows
	case "decisions":
		return decisionRows
	}
	return nil
}

func alternativesRows(ru *run, n *model.Node, fd document.Field) []Row {
	var items []Item
	for _, a := range n.Front.Alternatives {
		items = append(items, Item{Text: a.Value})
	}
	return []Row{{Label: fd.Label, Items: items}}
}

func assumptionRows(ru *run, n *model.Node, fd document.Field) []Row {
	var items []Item
	for _, a := range n.Front.MustBeTrue {
		items = append(items, Item{Text: a.Claim, Badge: a.Status, Note: a.Evidence})
	}
	return []Row{{Label: fd.Label, Items: items}}
}

func nonGoalRows(ru *run, n *model.Node, fd document.Field) []Row {
	var items []Item
	for _, g := range n.Front.NonGoals {
		items = append(items, Item{Text: g.Statement, Tags: g.Tags})
	}
	return []Row{{Label: fd.Label, Items: items}}
}

func advancesRows(ru *run, n *model.Node, fd document.Field) []Row {
	rs := ru.targetRefs(n, fd.Name, func(d *model.Node) (bool, string) {
		if model.Ahead(n, d) {
			return true, fmt.Sprintf("stage %s is ahead of this direction's %s", n.Front.Stage, d.Front.Stage)
		}
		if tag, _, ok := model.NonGoalTag(n, d); ok {
			return true, fmt.Sprintf("tag %q is a non-goal here", tag.Value)
		}
		return false, ""
	})
	if rs == nil {
		return nil
	}
	return []Row{{Label: fd.Label, Refs: rs}}
}

func timelineRows(ru *run, n *model.Node, fd document.Field) []Row {
	if f := n.Front; !f.Start.IsZero() || !f.Due.IsZero() {
		return []Row{{Label: fd.Label, Text: timeline(f.Start, f.Due)}}
	}
	return nil
}

func figureRows(ru *run, n *model.Node, fd document.Field) []Row {
	return []Row{{Label: fd.Label, Items: signalFigures(n.Front)}}
}

func decisionRows(ru *run, n *model.Node, fd document.Field) []Row {
	var ds []Item
	for _, d := range n.Front.Decisions {
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
	if ds == nil {
		return nil
	}
	return []Row{{Label: fd.Label, Items: ds}}
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

// neighbours groups the nodes that reference n, by field, each group
// named by its field's Incoming label, in schema order.
func (ru *run) neighbours(n *model.Node) []Group {
	var out []Group
	for fd := range document.AllFields() {
		if fd.Incoming == "" || !slices.Contains(fd.RefKinds, n.Kind) {
			continue
		}
		if rs := ru.refs(n.Sources(fd.Name)); len(rs) > 0 {
			out = append(out, Group{Label: fd.Incoming, Refs: rs})
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
