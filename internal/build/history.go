package build

import (
	"slices"
	"time"

	"github.com/bearing-dev/bearing/internal/config"
	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/history"
	"github.com/bearing-dev/bearing/internal/model"
	"github.com/bearing-dev/bearing/internal/validate"
)

// Judge returns the history.Options.Judge of a playbook configured by c:
// it checks a past snapshot as bearing check --now would have on the
// commit's day (the documents' own findings and every rule's, with c's
// severities), so that the series count errors and warnings by rule and
// the events say which findings a commit introduced or fixed. history
// calls it for every commit that can change what it finds, which is
// every commit but a body edited on the day of the last one judged (see
// history.Options.Judge): the rules over a 300-file graph take a quarter
// of a millisecond, and BenchmarkHistory reads 1,000 commits judged in
// about the time it reads them unjudged. Two things are left out: the
// rules that need history themselves (recal/not-carried-out for pivots,
// feedback/goalpost, drift/churn), which would need the history up to
// each commit, and the snapshot's own bearing.yaml: every commit is
// judged by today's configuration.
//
// A judge patches: it keeps the findings of the snapshot it judged last,
// and when the next is the same graph patched in place (history's walker
// replaces, adds and removes the nodes of the files a commit changes),
// the rules find again only around those files (validate.Around and
// Findings.Again), and the dated ones on the whole graph on another day. It finds what validate.Run would
// (TestJudgePatches). It is not safe for concurrent use.
func Judge(c config.Config) func(*history.Snapshot) []history.Finding {
	var last judgement
	return func(s *history.Snapshot) []history.Finding {
		o := validate.Options{Today: s.Commit.Date.Truncate(24 * time.Hour), MaxActive: c.MaxActive,
			FollowThroughDays: c.FollowThroughDays}
		found := last.again(s, o)
		last = judgement{graph: s.Graph, docs: slices.Clone(s.Docs), found: found}
		n := 0
		for _, d := range s.Docs {
			n += len(d.Diags)
		}
		ds := make([]diag.Diagnostic, 0, n+found.Len())
		drafts := map[string]bool{}
		for _, d := range s.Docs {
			ds = append(ds, d.Diags...)
			if d.Front.Draft {
				drafts[d.Path] = true
			}
		}
		ds = found.AppendTo(ds)
		ds = diag.Policy{Overrides: c.Rules, Drafts: drafts}.Apply(ds)
		diag.Sort(ds)
		out := make([]history.Finding, 0, len(ds))
		for _, d := range ds {
			f := history.Finding{Rule: d.Rule, Error: d.Severity == diag.Error, Path: d.Pos.File, Message: d.Message}
			if n := s.Graph.File(d.Pos.File); n != nil {
				f.Node = n.ID // a usable file's id, a duplicate's too
			}
			out = append(out, f)
		}
		return out
	}
}

// judgement is the snapshot a judge judged last: its graph, documents and
// the rules' findings.
type judgement struct {
	graph *model.Graph
	docs  []*document.Document
	found *validate.Findings
}

// again returns the rules' findings of s: found again around the files
// that changed since j, when s's graph is j's patched in place (each
// changed file's node, if it has one, the node of its document), else
// found anew. Both lists of documents are in path order.
func (j judgement) again(s *history.Snapshot, o validate.Options) *validate.Findings {
	if j.graph == nil || j.graph != s.Graph {
		return validate.Run(s.Graph, o)
	}
	var r validate.Reach
	node := func(d *document.Document) *model.Node {
		if n := s.Graph.File(d.Path); n != nil && n.Document == d {
			return n
		}
		return nil
	}
	olds, news := j.docs, s.Docs
	for len(olds) > 0 || len(news) > 0 {
		var od, d *document.Document
		switch {
		case len(news) == 0 || len(olds) > 0 && olds[0].Path < news[0].Path:
			od, olds = olds[0], olds[1:]
		case len(olds) == 0 || news[0].Path < olds[0].Path:
			d, news = news[0], news[1:]
		default:
			od, d, olds, news = olds[0], news[0], olds[1:], news[1:]
		}
		if od == d {
			continue
		}
		var n *model.Node
		switch {
		case od != nil && !od.Usable(), d != nil && !d.Usable():
			return validate.Run(s.Graph, o) // a file that is no node
		case d != nil:
			if n = node(d); n == nil || od != nil && (od.ID != d.ID || od.Kind != d.Kind) {
				return validate.Run(s.Graph, o)
			}
		}
		r.Merge(validate.Around(s.Graph, n, od))
	}
	return j.found.Again(s.Graph, o, r)
}
