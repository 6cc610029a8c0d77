package render

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/history"
	"github.com/bearing-dev/bearing/internal/model"
)

// CommitRef names a commit on a page: its short id, date and subject
// (untrusted text, escaped by the template like any value), linked to
// repo_url/commit/ID when bearing.yaml sets repo_url.
type CommitRef struct {
	ID, Short, Date, Subject, Author, URL string
}

// HistoryEvent is one event of a node's History section.
type HistoryEvent struct {
	Date   string
	Kind   string
	Text   string
	Commit CommitRef
}

// HistoryView is a node page's History section: its events, newest
// first, and for a direction its assumption ledger.
type HistoryView struct {
	Events []HistoryEvent
	// Earlier counts the events older than those listed.
	Earlier int
	Ledger  []LedgerRow
}

// LedgerRow is one assumption of a direction with its dated changes of
// status, oldest first.
type LedgerRow struct {
	Claim, Status string
	Changes       []LedgerChange
}

// LedgerChange is one change of an assumption's status.
type LedgerChange struct {
	Date, From, To string
	Commit         CommitRef
}

// historyIndex is what one render knows of the history: the events of
// each node now shown, followed across renames, and each signal's
// readings from git.
type historyIndex struct {
	log *history.Log
	// byNode holds the indexes of each node's events, by its id now.
	byNode map[string][]int
	// final maps every id a node had to its id at the last commit.
	final map[string]string
	// readings are each signal's current values over the commits, by
	// its id now, one a day, consecutive repeats dropped.
	readings map[string][]document.Reading
}

func newHistoryIndex(l *history.Log) *historyIndex {
	if l == nil {
		return nil
	}
	x := &historyIndex{log: l, byNode: l.ByNode(), final: map[string]string{}}
	next := map[string]string{}
	for _, e := range l.Events {
		if e.Kind == history.Renamed && e.Field == "" && e.From != e.To {
			next[e.From] = e.To
			delete(next, e.To)
		}
	}
	x.final = next
	// A reading is the signal's under the id it has now.
	x.readings = map[string][]document.Reading{}
	gathered := map[string][]history.Reading{}
	for _, r := range l.Readings {
		id := x.now(r.Node)
		gathered[id] = append(gathered[id], r)
	}
	for id, rs := range gathered {
		var out []document.Reading
		for _, r := range rs {
			c := l.Commits[r.Commit]
			d := c.Date.Truncate(24 * time.Hour)
			rd := document.Reading{Date: d, Value: r.Value, Note: "commit " + c.Short()}
			if n := len(out); n > 0 && out[n-1].Date.Equal(d) {
				out[n-1] = rd // the day's last value stands for the day
			} else {
				out = append(out, rd)
			}
			if n := len(out); n > 1 && out[n-2].Value == out[n-1].Value {
				out = out[:n-1]
			}
		}
		x.readings[id] = out
	}
	return x
}

// now returns the id a node that once had id has at the last commit.
func (x *historyIndex) now(id string) string {
	for range len(x.final) + 1 { // a cycle of renames ends somewhere
		n, ok := x.final[id]
		if !ok {
			break
		}
		id = n
	}
	return id
}

// signalFront returns the frontmatter a signal's figures are drawn from:
// its own, or, when it records no readings (neither history nor data)
// and git has its current values, a copy with those as its readings.
// fromGit says which.
func (ru *run) signalFront(n *model.Node) (f *document.Front, fromGit bool) {
	f = n.Front
	if n.Kind != document.Signal || ru.hist == nil || len(f.History) > 0 || f.Data != "" {
		return f, false
	}
	rs := ru.hist.readings[n.ID]
	if len(rs) == 0 {
		return f, false
	}
	g := *f
	g.History = rs
	return &g, true
}

// commitRef is a commit as a page names it.
func (ru *run) commitRef(c history.Commit) CommitRef {
	cr := CommitRef{ID: c.ID, Short: c.Short(), Date: c.Date.Format(time.DateOnly), Subject: c.Subject, Author: c.Author}
	if base := ru.in.Config.RepoURL; base != "" && c.ID != "" {
		cr.URL = strings.TrimSuffix(base, "/") + "/commit/" + url.PathEscape(c.ID)
	}
	return cr
}

// nodeHistory is a node's History section; nil without history.
func (ru *run) nodeHistory(n *model.Node) *HistoryView {
	if ru.hist == nil {
		return nil
	}
	l := ru.hist.log
	hv := &HistoryView{}
	idx := ru.hist.byNode[n.ID]
	for i := len(idx) - 1; i >= 0; i-- {
		if len(hv.Events) == maxNodeEvents {
			hv.Earlier = i + 1
			break
		}
		e := l.Events[idx[i]]
		c := l.CommitOf(e)
		hv.Events = append(hv.Events, HistoryEvent{Date: c.Date.Format(time.DateOnly), Kind: string(e.Kind), Text: eventText(e), Commit: ru.commitRef(c)})
	}
	if n.Kind == document.Direction {
		// The commit that created the direction, if the history has it:
		// the status a claim had then is the first change's From.
		created := -1
		for _, i := range idx {
			if l.Events[i].Kind == history.Created {
				created = i
			}
		}
		for _, a := range n.Front.MustBeTrue {
			row := LedgerRow{Claim: a.Claim, Status: a.Status}
			first := a.Status
			for _, i := range idx {
				if e := l.Events[i]; e.Kind == history.Assumption && e.Field == a.Claim && i > created {
					first = e.From
					break
				}
			}
			if created >= 0 && first != "" {
				c := l.CommitOf(l.Events[created])
				row.Changes = append(row.Changes, LedgerChange{Date: c.Date.Format(time.DateOnly), To: first, Commit: ru.commitRef(c)})
			}
			for _, i := range idx {
				e := l.Events[i]
				if e.Kind != history.Assumption || e.Field != a.Claim {
					continue
				}
				c := l.CommitOf(e)
				row.Changes = append(row.Changes, LedgerChange{Date: c.Date.Format(time.DateOnly), From: e.From, To: e.To, Commit: ru.commitRef(c)})
			}
			hv.Ledger = append(hv.Ledger, row)
		}
	}
	return hv
}

// maxNodeEvents bounds the events a node page lists: the newest are what
// a reader of the page wants, and history.json has them all.
const maxNodeEvents = 50

// eventText says an event in words, without its node.
func eventText(e history.Event) string {
	arrow := func(a, b string) string {
		if a == "" {
			a = "none"
		}
		if b == "" {
			b = "none"
		}
		return a + " → " + b
	}
	switch e.Kind {
	case history.Created:
		return "created"
	case history.Removed:
		return "removed"
	case history.Renamed:
		if e.Field == "path" {
			return "moved from " + e.From + " to " + e.To
		}
		return "renamed from " + e.From + " to " + e.To
	case history.Stage:
		return "stage " + arrow(e.From, e.To)
	case history.Status:
		return "status " + arrow(e.From, e.To)
	case history.Assumption:
		switch {
		case e.From == "":
			return fmt.Sprintf("assumption added: “%s” (%s)", e.Field, e.To)
		case e.To == "":
			return fmt.Sprintf("assumption dropped: “%s”", e.Field)
		}
		return fmt.Sprintf("assumption “%s”: %s", e.Field, arrow(e.From, e.To))
	case history.Target, history.Baseline:
		s := string(e.Kind) + " " + arrow(e.From, e.To)
		if e.Eased() {
			s += " (eased)"
		}
		return s
	case history.Positioning:
		if e.Field == "non_goals" {
			if e.To == "" {
				return "non-goal removed: " + e.From
			}
			return "non-goal added: " + e.To
		}
		return strings.ReplaceAll(e.Field, "_", " ") + " rewritten"
	case history.Due:
		return "due " + arrow(e.From, e.To)
	case history.Decision:
		return "decision for " + e.Field + ": " + arrow(e.From, e.To)
	case history.FindingKind:
		if e.To != "" {
			return fmt.Sprintf("%s introduced: %s [%s]", e.Severity, e.To, e.Field)
		}
		return fmt.Sprintf("%s fixed: %s [%s]", e.Severity, e.From, e.Field)
	case history.Edited:
		if e.Field == "" {
			return "body edited"
		}
		return "edited " + e.Field
	}
	return string(e.Kind)
}

// strategic reports whether the drift page lists an event: the changes
// DESIGN.md names (a node created, removed or renamed; a stage or status
// changed; an assumption's status; a target or baseline moved; a
// direction's positioning rewritten; a finding introduced or fixed), not
// edits, due dates or decisions, which the node's own page lists.
func strategic(e history.Event) bool {
	switch e.Kind {
	case history.Edited, history.Due, history.Decision:
		return false
	}
	return true
}
