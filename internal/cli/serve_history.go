package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bearing-dev/bearing/internal/report"
)

// applyHistory renders what shows the history once a read of it arrives
// (the first, or one after HEAD moved): the drift page, the History
// sections, signals' readings from git and the findings of the rules
// that need it, found by build.Session.History from the pages'
// declarations rather than by rendering everything again, and swaps the
// pages in, as apply does for an edit.
func (p *preview) applyHistory(ctx context.Context) {
	start := time.Now()
	u, err := p.session.History(ctx)
	if err != nil {
		if ctx.Err() == nil {
			fmt.Fprintf(p.env.Stderr, "history: rebuild failed: %v; %s\n", err, p.shown.keeping())
		}
		return
	}
	// The rules that read history may find more, or less.
	var diags strings.Builder
	_ = report.Write(&diags, "text", u.Result.Diags, report.Summary{})
	if diags.String() != p.printed {
		fmt.Fprint(p.env.Stderr, diags.String())
		p.printed = diags.String()
	}
	if u.Failed() || (len(u.Written) == 0 && len(u.Removed) == 0 && len(u.Pending) == 0) {
		return // the next good build shows it; or nothing shows it
	}
	p.seq++
	p.srv.PublishPending(u.Files, fmt.Sprintf("%s-%d", p.buildID, p.seq), false, p.pending(ctx, u, start))
	how := "pages reloaded"
	if len(u.Pending) > 0 {
		how += fmt.Sprintf("; %s still to render", countFiles(u.Pending))
	}
	what := "history read"
	if u.Result.History == nil {
		what = "no history" // the drift page says why
	}
	fmt.Fprintf(p.env.Stderr, "%s: %s; %s\n", what, rebuilt(u, start), how)
}
