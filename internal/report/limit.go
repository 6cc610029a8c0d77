package report

import (
	"fmt"

	"github.com/bearing-dev/bearing/internal/diag"
)

// MaxPerGroup is how many findings of one rule in one file are written;
// the rest are counted in one line. A file of 100,000 unknown fields
// would otherwise print 100,000 lines that all say the same thing.
const MaxPerGroup = 20

// Omission stands for the findings of one rule in one file left out
// after the first MaxPerGroup.
type Omission struct {
	File, Rule string
	// Severity is the most severe of the findings left out.
	Severity diag.Severity
	Count    int
	// First and Last are the positions of the first and the last finding
	// left out.
	First, Last diag.Pos
}

// Message says what was left out, in one sentence.
func (o Omission) Message() string {
	return fmt.Sprintf("%d more %s findings in this file are not shown, the last on line %d", o.Count, o.Rule, o.Last.Line)
}

// String is the omission as a text line, shaped like a diagnostic.
func (o Omission) String() string {
	return fmt.Sprintf("%s: %s: %s [%s]", o.First, o.Severity, o.Message(), o.Rule)
}

// entry is one line of output: a finding, or the count of those left out
// of its group, placed after the group's last finding shown.
type entry struct {
	d    *diag.Diagnostic
	more *Omission
}

// limit keeps the first MaxPerGroup findings of each rule in each file of
// sorted ds, in order, and one omission per group that had more.
func limit(ds []diag.Diagnostic) []entry {
	type group struct {
		shown int
		// last is the index in out of the group's last finding shown;
		// its omission goes right after it.
		last int
		more *Omission
	}
	type key struct{ file, rule string }
	groups := map[key]*group{}
	out := make([]entry, 0, len(ds))
	for i := range ds {
		d := &ds[i]
		k := key{d.Pos.File, d.Rule}
		g := groups[k]
		if g == nil {
			g = &group{}
			groups[k] = g
		}
		if g.shown < MaxPerGroup {
			g.shown++
			out = append(out, entry{d: d})
			g.last = len(out) - 1
			continue
		}
		if g.more == nil {
			g.more = &Omission{File: d.Pos.File, Rule: d.Rule, Severity: d.Severity, First: d.Pos}
		}
		g.more.Count++
		g.more.Last = d.Pos
		g.more.Severity = max(g.more.Severity, d.Severity)
	}
	// Each omission goes after its group's last finding shown; no two
	// groups share that finding, so one slot per finding is enough.
	after := make([]*Omission, len(out))
	n := 0
	for _, g := range groups {
		if g.more != nil {
			after[g.last] = g.more
			n++
		}
	}
	if n == 0 {
		return out
	}
	res := make([]entry, 0, len(out)+n)
	for i, e := range out {
		res = append(res, e)
		if after[i] != nil {
			res = append(res, entry{more: after[i]})
		}
	}
	return res
}
