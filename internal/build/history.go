package build

import (
	"time"

	"github.com/bearing-dev/bearing/internal/config"
	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/history"
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
func Judge(c config.Config) func(*history.Snapshot) []history.Finding {
	return func(s *history.Snapshot) []history.Finding {
		var ds []diag.Diagnostic
		ids := make(map[string]string, len(s.Docs))
		drafts := map[string]bool{}
		for _, d := range s.Docs {
			ds = append(ds, d.Diags...)
			if d.Usable() {
				ids[d.Path] = d.ID
			}
			if d.Front.Draft {
				drafts[d.Path] = true
			}
		}
		ds = append(ds, validate.Run(s.Graph, validate.Options{Today: s.Commit.Date.Truncate(24 * time.Hour), MaxActive: c.MaxActive,
			FollowThroughDays: c.FollowThroughDays}).List()...)
		ds = diag.Policy{Overrides: c.Rules, Drafts: drafts}.Apply(ds)
		diag.Sort(ds)
		out := make([]history.Finding, 0, len(ds))
		for _, d := range ds {
			out = append(out, history.Finding{Rule: d.Rule, Error: d.Severity == diag.Error,
				Node: ids[d.Pos.File], Path: d.Pos.File, Message: d.Message})
		}
		return out
	}
}
