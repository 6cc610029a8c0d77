package history

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bearing-dev/bearing/internal/document"
)

// EventKind names what changed about a node between two snapshots. The
// values are stable: history.json and bearing diff --format json carry them.
type EventKind string

// Event kinds.
const (
	Created     EventKind = "created"
	Removed     EventKind = "removed"
	Renamed     EventKind = "renamed" // a new path, or a new id for the same file
	Stage       EventKind = "stage"
	Status      EventKind = "status"
	Assumption  EventKind = "assumption" // an assumption's status changed, or one added or dropped
	Target      EventKind = "target"
	Baseline    EventKind = "baseline"
	Positioning EventKind = "positioning" // problem, for_whom, why_we_win or a non-goal rewritten
	Due         EventKind = "due"
	Decision    EventKind = "decision" // a review's decision for a direction set or changed
	Edited      EventKind = "edited"   // any other field, or the body
	// FindingKind is a finding introduced (To holds its message) or fixed
	// (From holds it), matched by rule (Field) and node: Options.Judge
	// says what a snapshot's findings are.
	FindingKind EventKind = "finding"
)

// Event is one change to one node between two snapshots.
type Event struct {
	// Commit indexes Log.Commits; -1 when the newer side is not a commit
	// (bearing diff against the working tree).
	Commit int `json:"-"`
	Kind   EventKind
	// Node is the node's id (the new one for a rename), Path its file.
	Node     string
	NodeKind document.Kind
	Path     string
	// Field names what changed: the field, the assumption's claim for
	// Assumption, the direction for Decision, the fields for Edited.
	Field string
	// From and To are the values before and after, as text; "" for none.
	From, To string
	// Old and New are the numbers of a target or baseline change; nil
	// where there was none.
	Old, New *float64 `json:",omitempty"`
	// Baseline and Better are the signal's, after the change: whether a
	// target moved toward the baseline is judged against them.
	Baseline *float64 `json:",omitempty"`
	Better   string   `json:",omitempty"`
	// Severity is a finding's, "error" or "warning"; "" for other kinds.
	Severity string `json:",omitempty"`
}

// Eased reports whether a target change moved the target toward the
// signal's baseline (or against its better direction when it has no
// baseline): the goalpost moved rather than the result.
func (e Event) Eased() bool {
	if e.Kind != Target || e.Old == nil || e.New == nil {
		return false
	}
	return Easier(*e.New, *e.Old, e.Baseline, e.Better)
}

// Easier reports whether target a asks less than target b of a signal
// with the given baseline and better direction. Without either it cannot
// tell and says no.
func Easier(a, b float64, baseline *float64, better string) bool {
	if baseline != nil {
		return math.Abs(a-*baseline) < math.Abs(b-*baseline)
	}
	switch better {
	case "up":
		return a < b
	case "down":
		return a > b
	}
	return false
}

// Advanced reports whether a stage change moved forward.
func (e Event) Advanced() bool {
	return e.Kind == Stage && stageRank(e.To) > stageRank(e.From)
}

// Slipped reports whether a due date moved later (or was dropped).
func (e Event) Slipped() bool {
	return e.Kind == Due && e.From != "" && (e.To == "" || e.To > e.From)
}

// stageRank orders the stages; an unknown stage ranks with validate.
func stageRank(s string) int {
	return max(0, slices.Index([]string{"validate", "execute", "scale"}, s))
}

// positioningFields are a direction's thesis: rewriting one is drift.
var positioningFields = [...]string{"problem", "for_whom", "why_we_win"}

// IsThesis reports whether an event rewrote problem, for_whom or
// why_we_win, the fields drift/churn counts.
func (e Event) IsThesis() bool {
	return e.Kind == Positioning && slices.Contains(positioningFields[:], e.Field)
}

// Compare returns the events that turn the nodes of old into those of new.
// Nodes are matched by id; renames pairs old paths with new ones that git
// saw as one file moved, so that a file whose id changed with its name is
// a rename, not a removal and a creation. edited reports whether a file's
// contents changed between its old and new path; nil means any file may
// have. Events come in the order of new's paths, removals last.
func Compare(old, new []*document.Document, renames map[string]string, edited func(oldPath, newPath string) bool) []Event {
	oldByID := map[string]*document.Document{}
	for _, d := range old {
		if usable(d) {
			if _, dup := oldByID[d.ID]; !dup {
				oldByID[d.ID] = d
			}
		}
	}
	newByID := map[string]*document.Document{}
	for _, d := range new {
		if usable(d) {
			if _, dup := newByID[d.ID]; !dup {
				newByID[d.ID] = d
			}
		}
	}
	// A renamed file whose id changed with its name is the same node.
	oldByPath := map[string]*document.Document{}
	for _, d := range old {
		if usable(d) && oldByID[d.ID] == d {
			oldByPath[d.Path] = d
		}
	}
	pair := map[*document.Document]*document.Document{} // new -> old
	matched := map[*document.Document]bool{}
	for _, d := range new {
		if !usable(d) || newByID[d.ID] != d {
			continue
		}
		if o := oldByID[d.ID]; o != nil {
			pair[d], matched[o] = o, true
		}
	}
	for op, np := range renames {
		o := oldByPath[op]
		if o == nil || matched[o] || newByID[o.ID] != nil {
			continue
		}
		for _, d := range new {
			if d.Path == np && usable(d) && newByID[d.ID] == d && pair[d] == nil && oldByID[d.ID] == nil {
				pair[d], matched[o] = o, true
			}
		}
	}

	var out []Event
	for _, d := range new {
		if !usable(d) || newByID[d.ID] != d {
			continue
		}
		o := pair[d]
		if o == nil {
			out = append(out, created(d)...)
			continue
		}
		out = append(out, changes(o, d, edited)...)
	}
	var gone []*document.Document
	for _, d := range old {
		if usable(d) && oldByID[d.ID] == d && !matched[d] {
			gone = append(gone, d)
		}
	}
	slices.SortFunc(gone, func(a, b *document.Document) int { return cmp.Compare(a.Path, b.Path) })
	for _, d := range gone {
		out = append(out, Event{Commit: -1, Kind: Removed, Node: d.ID, NodeKind: d.Kind, Path: d.Path, From: d.Front.Title})
	}
	return out
}

// usable reports whether a document stands for a node.
func usable(d *document.Document) bool { return d != nil && d.Usable() && d.ID != "" }

// created returns the events of a new node: its creation, and for a
// review the decisions it records.
func created(d *document.Document) []Event {
	out := []Event{{Commit: -1, Kind: Created, Node: d.ID, NodeKind: d.Kind, Path: d.Path, To: d.Front.Title}}
	for _, dec := range d.Front.Decisions {
		out = append(out, Event{Commit: -1, Kind: Decision, Node: d.ID, NodeKind: d.Kind, Path: d.Path, Field: dec.Direction, To: dec.Decision})
	}
	return out
}

// changes returns the events between two versions of one node.
func changes(o, d *document.Document, edited func(string, string) bool) []Event {
	var out []Event
	ev := func(k EventKind, field, from, to string) *Event {
		out = append(out, Event{Commit: -1, Kind: k, Node: d.ID, NodeKind: d.Kind, Path: d.Path, Field: field, From: from, To: to})
		return &out[len(out)-1]
	}
	if o.ID != d.ID || o.Path != d.Path {
		e := ev(Renamed, "", o.ID, d.ID)
		if o.ID == d.ID {
			e.Field, e.From, e.To = "path", o.Path, d.Path
		}
	}
	of, nf := o.Front, d.Front
	other := []string{}
	for fd := range document.Fields(d.Kind) {
		if fd.Name == "id" {
			continue
		}
		va, vb := fd.Get(of), fd.Get(nf)
		if sameValue(va, vb) {
			continue // most fields of most edits: no text to make
		}
		a, b := text(va), text(vb)
		if a == b {
			continue
		}
		switch fd.Name {
		case "stage":
			ev(Stage, "stage", a, b)
		case "status":
			ev(Status, "status", a, b)
		case "problem", "for_whom", "why_we_win":
			ev(Positioning, fd.Name, a, b)
		case "non_goals":
			for _, s := range missing(of.NonGoals, nf.NonGoals) {
				ev(Positioning, "non_goals", s, "")
			}
			for _, s := range missing(nf.NonGoals, of.NonGoals) {
				ev(Positioning, "non_goals", "", s)
			}
		case "must_be_true":
			out = append(out, assumptions(d, of.MustBeTrue, nf.MustBeTrue)...)
		case "target", "baseline":
			k := Target
			if fd.Name == "baseline" {
				k = Baseline
			}
			e := ev(k, fd.Name, a, b)
			e.Old, e.New = number(fd.Get(of)), number(fd.Get(nf))
			e.Baseline, e.Better = nf.Baseline, nf.Better
		case "due":
			ev(Due, "due", a, b)
		case "decisions":
			was := map[string]string{}
			for _, x := range of.Decisions {
				was[x.Direction] = x.Decision
			}
			for _, x := range nf.Decisions {
				if was[x.Direction] != x.Decision {
					ev(Decision, x.Direction, was[x.Direction], x.Decision)
				}
			}
		default:
			other = append(other, fd.Name)
		}
	}
	// A pure rename says all in its one event; a file whose only change
	// is its body is edited.
	if len(other) > 0 || (len(out) == 0 && (edited == nil || edited(o.Path, d.Path))) {
		ev(Edited, strings.Join(other, ", "), "", "")
	}
	return out
}

// assumptions returns the events of a direction's must_be_true: a status
// changed, a claim added or dropped. Claims are matched by their text.
func assumptions(d *document.Document, old, new []document.Assumption) []Event {
	var out []Event
	was := map[string]string{}
	for _, a := range old {
		was[a.Claim] = a.Status
	}
	is := map[string]bool{}
	for _, a := range new {
		is[a.Claim] = true
		if s, ok := was[a.Claim]; !ok || s != a.Status {
			out = append(out, Event{Commit: -1, Kind: Assumption, Node: d.ID, NodeKind: d.Kind, Path: d.Path, Field: a.Claim, From: s, To: a.Status})
		}
	}
	for _, a := range old {
		if !is[a.Claim] {
			out = append(out, Event{Commit: -1, Kind: Assumption, Node: d.ID, NodeKind: d.Kind, Path: d.Path, Field: a.Claim, From: a.Status})
		}
	}
	return out
}

// missing returns the statements of a that b lacks.
func missing(a, b []document.NonGoal) []string {
	var out []string
	for _, x := range a {
		if !slices.ContainsFunc(b, func(y document.NonGoal) bool { return y.Statement == x.Statement }) {
			out = append(out, x.Statement)
		}
	}
	return out
}

// number returns a numeric field's value.
func number(v any) *float64 {
	f, _ := v.(*float64)
	return f
}

// sameValue reports whether two values of one field are the same in a
// way that makes their text the same; false says nothing, the texts then
// decide. A signal's readings, two dozen or more, are compared so at
// every edit of the signal instead of written out twice.
func sameValue(a, b any) bool {
	switch a := a.(type) {
	case string:
		b, ok := b.(string)
		return ok && a == b
	case bool:
		b, ok := b.(bool)
		return ok && a == b
	case int:
		b, ok := b.(int)
		return ok && a == b
	case []document.Item:
		b, ok := b.([]document.Item)
		return ok && slices.EqualFunc(a, b, func(x, y document.Item) bool { return x.Value == y.Value })
	case []document.Assumption:
		b, ok := b.([]document.Assumption)
		return ok && slices.EqualFunc(a, b, func(x, y document.Assumption) bool {
			return x.Claim == y.Claim && x.Status == y.Status && x.Evidence == y.Evidence
		})
	case []document.NonGoal:
		b, ok := b.([]document.NonGoal)
		return ok && slices.EqualFunc(a, b, func(x, y document.NonGoal) bool {
			return x.Statement == y.Statement && slices.Equal(x.Tags, y.Tags)
		})
	case []document.Decision:
		b, ok := b.([]document.Decision)
		return ok && slices.EqualFunc(a, b, func(x, y document.Decision) bool {
			return x.Direction == y.Direction && x.Decision == y.Decision
		})
	case []document.Reading:
		b, ok := b.([]document.Reading)
		return ok && slices.EqualFunc(a, b, func(x, y document.Reading) bool {
			return x.Date == y.Date && math.Float64bits(x.Value) == math.Float64bits(y.Value) && x.Note == y.Note
		})
	}
	return false
}

// text writes a field's value without positions, so that two versions of
// a file compare equal when only lines moved.
func text(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case int:
		if v == 0 {
			return ""
		}
		return strconv.Itoa(v)
	case *float64:
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'g', -1, 64)
	case time.Time:
		if v.IsZero() {
			return ""
		}
		return v.Format(time.DateOnly)
	case []document.Item:
		s := make([]string, len(v))
		for i, it := range v {
			s[i] = it.Value
		}
		return strings.Join(s, "\x00")
	case []document.Assumption:
		var b strings.Builder
		for _, a := range v {
			fmt.Fprintf(&b, "%s\x00%s\x00%s\x01", a.Claim, a.Status, a.Evidence)
		}
		return b.String()
	case []document.NonGoal:
		var b strings.Builder
		for _, n := range v {
			fmt.Fprintf(&b, "%s\x00%s\x01", n.Statement, strings.Join(n.Tags, "\x00"))
		}
		return b.String()
	case []document.Decision:
		var b strings.Builder
		for _, x := range v {
			fmt.Fprintf(&b, "%s\x00%s\x01", x.Direction, x.Decision)
		}
		return b.String()
	case []document.Reading:
		var b strings.Builder
		for _, r := range v {
			fmt.Fprintf(&b, "%s\x00%g\x00%s\x01", r.Date.Format(time.DateOnly), r.Value, r.Note)
		}
		return b.String()
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}
