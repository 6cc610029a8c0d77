package validate

import (
	"fmt"
	"time"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
)

// eliminatedActive reports recal/eliminated-active at the eliminated item.
func eliminatedActive(s scope, _ Options) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, r := range s.refs {
		if r.Field == "eliminated" && r.To != nil && r.To.Kind == document.Initiative && r.To.Active() {
			out = append(out, diag.New(r.Item.Pos, diag.RecalEliminated,
				"review eliminated %q, but it is still active; set its status to killed or done", r.To.ID))
		}
	}
	return out
}

// overdue reports recal/overdue for live nodes whose next_review passed.
func overdue(s scope, o Options) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, n := range s.nodes {
		nr := n.Front.NextReview
		if nr.IsZero() || !nr.Before(o.Today) || n.Finished() {
			continue
		}
		out = append(out, diag.New(n.Front.At("next_review"), diag.RecalOverdue,
			"next_review %s passed %s ago", nr.Format(time.DateOnly), days(o.Today.Sub(nr))))
	}
	return out
}

// days says a duration in whole days: "1 day", "12 days".
func days(d time.Duration) string {
	if n := int(d / (24 * time.Hour)); n != 1 {
		return fmt.Sprintf("%d days", n)
	}
	return "1 day"
}
