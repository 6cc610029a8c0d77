package validate_test

import (
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/markdown"
	"github.com/bearing-dev/bearing/internal/model"
	"github.com/bearing-dev/bearing/internal/source"
	"github.com/bearing-dev/bearing/internal/validate"
)

// thesis is a direction's frontmatter without its assumptions and
// non-goals.
const thesis = "---\ntitle: D\nproblem: p\nfor_whom: f\nwhy_we_win: w\nalternatives: [a]\n"

// versions is a playbook whose files each have several versions, the
// first the starting one, that keep the file's id and kind: between them,
// every rule finds something and stops finding it, on the file edited or
// on its neighbours (a direction retired under its initiatives, a heading
// removed under a link, a signal moved to another direction...).
var versions = map[string][]string{
	"directions/d.md": {
		thesis + "must_be_true: [m]\nnon_goals:\n  - statement: no ads\n    tags: [ads]\n---\n",
		direction + "stage: execute\n---\n",
		direction + "status: retired\n---\n",
		thesis + "non_goals: [n]\nstage: scale\nmust_be_true: [{claim: m, status: invalidated}]\n---\n",
		direction + "next_review: 2026-01-01\n---\n",
		direction + "status: proposed\n---\n",
	},
	"directions/e.md": {
		direction + "---\n\n## Plan\n\nSee [[i1]].\n",
		direction + "---\n\n## Other\n\nNo links.\n",
		thesis + "non_goals: [n]\nstage: execute\nmust_be_true: [{claim: m, status: validated}]\n---\n\n## Plan\n",
	},
	"initiatives/i1.md": {
		"---\ntitle: I1\nadvances: [d]\ntags: [x]\nsignals: [s1]\n---\n",
		"---\ntitle: I1\nadvances: [e]\ntags: [x]\n---\n",
		"---\ntitle: I1\nadvances: []\n---\n",
		"---\ntitle: I1\nadvances: [nope]\n---\n",
		"---\ntitle: I1\nadvances: [s1]\n---\n",
		"---\ntitle: I1\nadvances: [d]\ntags: [ads]\n---\n",
		"---\ntitle: I1\nadvances: [d, e]\nstage: execute\n---\n",
		"---\ntitle: I1\nadvances: [d]\ndue: 2026-01-01\n---\n",
		"---\ntitle: I1\nadvances: [d]\nstatus: done\n---\n",
		"---\ntitle: I1\nadvances: [d]\ndepends_on: [i2]\n---\n",
		"---\ntitle: Renamed I1\nadvances: [d]\nstatus: paused\n---\n",
	},
	"initiatives/i2.md": {
		"---\ntitle: I2\nadvances: [d]\n---\n\nAfter [[e#plan]].\n",
		"---\ntitle: I2\nadvances: [d]\ndepends_on: [i1]\n---\n\nAfter [[e#gone]].\n",
		"---\ntitle: I2\nadvances: [e]\nstatus: killed\n---\n",
		"---\ntitle: I2\nadvances: [d]\n---\n\nSee [[i9]].\n",
	},
	"initiatives/i3.md": {
		"---\ntitle: I3\nadvances: [d]\n---\n",
		"---\ntitle: I3\nadvances: [d]\nstatus: paused\n---\n",
		"---\ntitle: I3\nadvances: [e]\nsignals: [s1]\n---\n",
	},
	"reviews/r.md": {
		"---\ntitle: R\ndate: 2026-09-30\nreviews: [d]\ndecisions:\n  d: kill\neliminated: [i3]\n---\n",
		"---\ntitle: R\ndate: 2026-09-30\nreviews: [d]\ndecisions:\n  d: scale\neliminated: [i1]\n---\n",
		"---\ntitle: R\ndate: 2026-11-20\nreviews: [e]\ndecisions:\n  e: kill\n---\n",
	},
	"signals/s1.md": {
		"---\ntitle: S1\nmeasures: [d]\nbaseline: 1\ntarget: 100\ncadence: monthly\nhistory:\n  - {date: 2026-11-01, value: 5}\n---\n",
		"---\ntitle: S1\nmeasures: [e]\nbaseline: 1\ntarget: 100\ncurrent: 5\n---\n",
		"---\ntitle: S1\nmeasures: [d]\nbaseline: 1\n---\n",
		"---\ntitle: S1\nmeasures: [d]\nbaseline: 1\ntarget: 100\ncadence: weekly\nhistory:\n  - {date: 2026-01-01, value: 5}\n---\n",
		"---\ntitle: S1\nmeasures: [i1]\nbaseline: 10\ntarget: 5\nbetter: down\ncurrent: 14\n---\n",
	},
	// Not edited: a second file with e's id, for id/duplicate.
	"pages/twin.md": {"---\ntitle: Twin\nid: e\n---\n"},
}

// parseVersion parses version v of the file at p.
func parseVersion(t *testing.T, md *markdown.Engine, p string, v int) *document.Document {
	t.Helper()
	d := document.Parse(md, source.ContentDir+"/"+p, p, []byte(versions[p][v]))
	if len(d.Diags) != 0 {
		t.Fatalf("%s version %d: %v", p, v, d.Diags)
	}
	return d
}

// sorted returns findings as sorted lines with their rules.
func sorted(ds []diag.Diagnostic) []string {
	diag.Sort(ds)
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.String()
	}
	return out
}

// TestAgain edits the versions playbook 3,000 times at random, one file
// at a time as serve patches its graph and history its snapshots: a new
// version of a file, one time in five its removal or its return; one
// time in four on another day, as history judges commits. After each
// edit, finding again around it must give what the rules find on the
// whole graph: each local rule finds only on the nodes it visits and
// looks no farther than Around says.
func TestAgain(t *testing.T) {
	md := markdown.New(markdown.Options{})
	paths := slices.Sorted(maps.Keys(versions))
	have := map[string]*document.Document{}
	docs := func() []*document.Document {
		var out []*document.Document
		for _, p := range paths {
			if d := have[p]; d != nil {
				out = append(out, d)
			}
		}
		return out
	}
	for _, p := range paths {
		have[p] = parseVersion(t, md, p, 0)
	}
	g := model.Build(docs(), nil)
	o := validate.Options{Today: today, MaxActive: 2, FollowThroughDays: 30}
	f := validate.Run(g, o)
	seen := map[string]bool{}
	added, removed := 0, 0
	rng := rand.New(rand.NewPCG(1, 2))
	for step := range 3000 {
		p := paths[rng.IntN(len(paths))]
		v := rng.IntN(len(versions[p]))
		old := have[p]
		n := g.File(source.ContentDir + "/" + p)
		var r validate.Reach
		ok := false
		switch {
		case old == nil:
			have[p] = parseVersion(t, md, p, v)
			if ok = g.Add(have[p]); ok {
				r, added = validate.Around(g, g.File(have[p].Path), nil), added+1
			}
		case rng.IntN(5) == 0:
			delete(have, p)
			if ok = n != nil && g.Remove(n); ok {
				r, removed = validate.Around(g, nil, old), removed+1
			}
		default:
			have[p] = parseVersion(t, md, p, v)
			if ok = n != nil && g.Replace(n, have[p]); ok {
				r = validate.Around(g, n, old)
			}
		}
		if rng.IntN(4) == 0 { // another day: the dated rules judge every node again
			o.Today = today.AddDate(0, 0, rng.IntN(60)-30)
		}
		if !ok { // a duplicate id: only a build decides which file is the node
			g = model.Build(docs(), nil)
			f = validate.Run(g, o)
			continue
		}
		f = f.Again(g, o, r)
		got, want := sorted(f.List()), sorted(validate.Run(g, o).List())
		if !slices.Equal(got, want) {
			t.Fatalf("step %d, %s version %d: found again\n%s\nwant\n%s", step, p, v, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		for _, d := range f.List() {
			seen[d.Rule] = true
		}
	}
	if added < 100 || removed < 100 {
		t.Errorf("%d files added and %d removed in place; want 100 of each at least", added, removed)
	}
	// The playbook exercises the rules it claims to.
	for _, rule := range []string{diag.IDDuplicate, diag.RefUnknown, diag.RefKind, diag.LinkBroken, diag.AlignUnmapped,
		diag.AlignRetired, diag.AlignNonGoal, diag.SpeedAhead, diag.SpeedUnvalidated, diag.SpeedOverdue, diag.DepsCycle,
		diag.RecalEliminated, diag.RecalOverdue, diag.FeedbackNoSignal, diag.FeedbackIncomplete, diag.FeedbackStale,
		diag.FeedbackOffTrack, diag.FocusFragmented, diag.FocusIdle, diag.RecalNotCarried} {
		if !seen[rule] {
			t.Errorf("no edit made %s find anything", rule)
		}
	}
}

// TestAgainUnchanged finds again around every node of an unedited graph
// with findings: nothing changes, so a local finding outside the files
// of the nodes its rule visited would be kept twice or lost.
func TestAgainUnchanged(t *testing.T) {
	md := markdown.New(markdown.Options{})
	for v := range 3 {
		var docs []*document.Document
		for _, p := range slices.Sorted(maps.Keys(versions)) {
			docs = append(docs, parseVersion(t, md, p, min(v, len(versions[p])-1)))
		}
		g := model.Build(docs, nil)
		o := validate.Options{Today: today, MaxActive: 1, FollowThroughDays: 30}
		f := validate.Run(g, o)
		want := sorted(f.List())
		if len(want) == 0 {
			t.Fatalf("versions %d find nothing", v)
		}
		for _, n := range g.Nodes {
			if got := sorted(f.Again(g, o, validate.Reach{Nodes: map[*model.Node]bool{n: true}}).List()); !slices.Equal(got, want) {
				t.Errorf("versions %d, around %s alone: found again\n%s\nwant\n%s", v, n.Path, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		}
	}
}
