package history

import (
	"cmp"
	"reflect"
	"slices"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/markdown"
	"github.com/bearing-dev/bearing/internal/model"
)

// Point is the playbook's figures at one commit: one of Log.Series. It is
// plain data, the same for the same commit and judge.
type Point struct {
	// Commit indexes Log.Commits.
	Commit int
	// Judged says the findings were counted: Options.Judge was set.
	Judged bool
	// Errors and Warnings count the findings at the commit; Rules splits
	// them by rule, in rule order.
	Errors, Warnings int
	Rules            []RuleCount `json:",omitempty"`
	// Initiatives counts the initiatives not finished (done, killed),
	// Unmapped those of them that advance no direction: the unmapped
	// share is Unmapped / Initiatives.
	Initiatives, Unmapped int
	// Assumptions counts the must_be_true claims of the directions not
	// retired, Validated those of them validated: the validated share is
	// Validated / Assumptions.
	Assumptions, Validated int
	// Directions are the directions at the commit, in id order.
	Directions []DirectionPoint `json:",omitempty"`
}

// RuleCount is how many findings of one rule a snapshot has.
type RuleCount struct {
	Rule             string
	Errors, Warnings int
}

// DirectionPoint is one direction at one commit.
type DirectionPoint struct {
	ID     string
	Stage  string `json:",omitempty"`
	Status string `json:",omitempty"`
	// Active counts the active initiatives that advance it.
	Active int
}

// Finding is one diagnostic of a snapshot as a judge (Options.Judge)
// reports it: history counts them and matches them from commit to commit
// by rule and node, never by line, which any edit above them moves.
type Finding struct {
	Rule string
	// Error says the finding is an error, else a warning.
	Error bool
	// Node is the id of the node whose file the finding is in; "" for a
	// file that is not a node. Path is the file.
	Node, Path string
	Message    string
}

// Reading is a signal's current value at a commit that set or changed
// it: its readings as git recorded them, for a signal whose file keeps
// none of its own.
type Reading struct {
	// Commit indexes Log.Commits; its date is the reading's.
	Commit int
	// Node is the signal's id at that commit (Log.Aliases follows it
	// across renames).
	Node  string
	Value float64
}

// point computes the figures of a snapshot's graph.
func point(idx int, g *model.Graph) Point {
	p := Point{Commit: idx}
	for _, n := range g.OfKind(document.Initiative) {
		if n.Finished() {
			continue
		}
		p.Initiatives++
		if len(n.Targets("advances")) == 0 {
			p.Unmapped++
		}
	}
	for _, d := range g.OfKind(document.Direction) {
		dp := DirectionPoint{ID: d.ID, Stage: d.Front.Stage, Status: d.Front.Status}
		for _, n := range d.Sources("advances") {
			if n.Kind == document.Initiative && n.Active() {
				dp.Active++
			}
		}
		p.Directions = append(p.Directions, dp)
		if d.Front.Status == "retired" {
			continue
		}
		for _, a := range d.Front.MustBeTrue {
			p.Assumptions++
			if a.Status == "validated" {
				p.Validated++
			}
		}
	}
	slices.SortFunc(p.Directions, func(a, b DirectionPoint) int { return cmp.Compare(a.ID, b.ID) })
	return p
}

// count adds findings to a point's counts.
func (p *Point) count(fs []Finding) {
	p.Judged = true
	by := map[string]*RuleCount{}
	for _, f := range fs {
		rc := by[f.Rule]
		if rc == nil {
			rc = &RuleCount{Rule: f.Rule}
			by[f.Rule] = rc
		}
		if f.Error {
			p.Errors++
			rc.Errors++
		} else {
			p.Warnings++
			rc.Warnings++
		}
	}
	for _, rc := range by {
		p.Rules = append(p.Rules, *rc)
	}
	slices.SortFunc(p.Rules, func(a, b RuleCount) int { return cmp.Compare(a.Rule, b.Rule) })
}

// findingKey matches findings between snapshots: the rule and the node
// (or the file, for one that is not a node).
type findingKey struct{ rule, node, path string }

func keyOf(f Finding) findingKey {
	if f.Node != "" {
		return findingKey{rule: f.Rule, node: f.Node}
	}
	return findingKey{rule: f.Rule, path: f.Path}
}

// findingEvents returns the findings introduced and fixed between two
// judged snapshots, matched by rule and node: where a node has more
// findings of a rule than before, the new ones (by message, else the
// last) are introduced; where fewer, the old ones missing are fixed.
// Events come in rule, node order, introduced before fixed.
func findingEvents(old, cur []Finding) []Event {
	if slices.Equal(old, cur) {
		return nil // most commits: no need to match
	}
	group := func(fs []Finding) map[findingKey][]Finding {
		m := map[findingKey][]Finding{}
		for _, f := range fs {
			m[keyOf(f)] = append(m[keyOf(f)], f)
		}
		return m
	}
	was, is := group(old), group(cur)
	keys := make([]findingKey, 0, len(is)+len(was))
	for k := range is {
		keys = append(keys, k)
	}
	for k := range was {
		if _, ok := is[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b findingKey) int {
		return cmp.Or(cmp.Compare(a.rule, b.rule), cmp.Compare(a.node, b.node), cmp.Compare(a.path, b.path))
	})
	var out []Event
	for _, k := range keys {
		a, b := was[k], is[k]
		switch {
		case len(b) > len(a):
			for _, f := range unmatched(b, a, len(b)-len(a)) {
				out = append(out, findingEvent(f, "", f.Message))
			}
		case len(a) > len(b):
			for _, f := range unmatched(a, b, len(a)-len(b)) {
				out = append(out, findingEvent(f, f.Message, ""))
			}
		}
	}
	return out
}

// unmatched returns n findings of a, those whose messages b lacks first,
// then the last of a.
func unmatched(a, b []Finding, n int) []Finding {
	left := map[string]int{}
	for _, f := range b {
		left[f.Message]++
	}
	var out, rest []Finding
	for _, f := range a {
		if left[f.Message] > 0 {
			left[f.Message]--
			rest = append(rest, f)
		} else {
			out = append(out, f)
		}
	}
	for i := len(rest) - 1; len(out) < n && i >= 0; i-- {
		out = append(out, rest[i])
	}
	return out[:n]
}

func findingEvent(f Finding, from, to string) Event {
	sev := "warning"
	if f.Error {
		sev = "error"
	}
	return Event{Commit: -1, Kind: FindingKind, Node: f.Node, Path: f.Path, Field: f.Rule, From: from, To: to, Severity: sev}
}

// Aliases returns the ids a node had along the history, id among them:
// every id it was renamed from, followed back.
func (l *Log) Aliases(id string) map[string]bool {
	ids := map[string]bool{id: true}
	for i := len(l.Events) - 1; i >= 0; i-- {
		if e := l.Events[i]; e.Kind == Renamed && e.Field == "" && ids[e.To] {
			ids[e.From] = true
		}
	}
	return ids
}

// ByNode indexes the events by node, followed across renames: for each
// id a node had, the indexes in l.Events of its events, oldest first, an
// id it was renamed to taking over those of the id it had before. One
// pass over the events, for a page per node.
func (l *Log) ByNode() map[string][]int {
	out := map[string][]int{}
	for i, e := range l.Events {
		if e.Node == "" {
			continue
		}
		if e.Kind == Renamed && e.Field == "" && e.From != e.To {
			out[e.To] = append(slices.Clip(out[e.From]), out[e.To]...)
			slices.Sort(out[e.To])
			delete(out, e.From)
		}
		out[e.Node] = append(out[e.Node], i)
	}
	return out
}

// versions returns the documents that the files a commit changes hold
// before it, by path.
func (s *stepper) versions(chs []change) map[string]*document.Document {
	out := make(map[string]*document.Document, len(chs))
	for _, ch := range chs {
		if f, ok := s.files[ch.Path]; ok {
			out[ch.Path] = f.doc
		}
	}
	return out
}

// sameFindings reports whether a commit's changes, applied, leave what a
// judge finds as it was: each edits a file in place, and an edited
// Markdown file keeps its id, kind, frontmatter, file diagnostics, body
// links, headings and title, which is all of a body the rules read.
func (s *stepper) sameFindings(chs []change, was map[string]*document.Document) bool {
	for _, ch := range chs {
		if !isContent(ch.Path) && !isContent(ch.OldPath) {
			continue
		}
		if ch.Status != 'M' {
			return false
		}
		old, f := was[ch.Path], s.files[ch.Path]
		if old == nil && f.doc == nil {
			continue // an asset edited in place: links to it still resolve
		}
		if old == nil || f.doc == nil || !sameJudged(old, f.doc) {
			return false
		}
	}
	return true
}

// sameJudged reports whether two versions of a file give the rules the
// same to judge.
func sameJudged(a, b *document.Document) bool {
	if !usable(a) || !usable(b) || a.ID != b.ID || a.Kind != b.Kind || !reflect.DeepEqual(a.Front, b.Front) ||
		a.Body.Title != b.Body.Title || !slices.Equal(a.Body.Headings, b.Body.Headings) {
		return false
	}
	if !slices.EqualFunc(a.Diags, b.Diags, func(x, y diag.Diagnostic) bool { return x.String() == y.String() }) {
		return false
	}
	return slices.EqualFunc(a.Body.Links, b.Body.Links, func(x, y *markdown.Link) bool {
		return x.Dest == y.Dest && x.Wiki == y.Wiki && x.Image == y.Image
	})
}
