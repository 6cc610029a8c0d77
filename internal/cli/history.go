package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"sync"

	"github.com/bearing-dev/bearing/internal/build"
	"github.com/bearing-dev/bearing/internal/config"
	"github.com/bearing-dev/bearing/internal/history"
	"github.com/bearing-dev/bearing/internal/markdown"
)

// noHistoryUsage is the help of --no-history on check, build and serve.
const noHistoryUsage = "do not read the git history: the rules that need it (recal/not-carried-out for pivots, feedback/goalpost, drift/churn) say nothing"

// historyFunc reads a playbook's history given its configuration, as
// build.Options.History does.
type historyFunc = func(config.Config) *history.Log

// registerNoHistory adds --no-history to a command's flags.
func registerNoHistory(fs *flag.FlagSet) *bool { return fs.Bool("no-history", false, noHistoryUsage) }

// historyReader returns the build.Options.History and HistoryNote of a
// command: it reads the history of the playbook at dir once, on its first
// call, through the cache (historyCache), and says in one line on stderr
// when there is none and why; the note says it for the drift page. off
// (--no-history) reads nothing and leaves the cache alone. keepHead keeps
// the read's parses of HEAD's files for a check of links only to take
// (history.Log.TakeHead).
func historyReader(ctx context.Context, dir string, off, keepHead bool, env *Env) (historyFunc, func() string) {
	if off {
		return nil, func() string { return noHistoryNote }
	}
	var once sync.Once
	var log *history.Log
	var err error
	return func(c config.Config) *history.Log {
			once.Do(func() { log, err = readHistory(ctx, dir, c, keepHead, env) })
			return log
		}, func() string {
			return missingNote(err)
		}
}

// noHistoryNote is the drift page's sentence under --no-history.
const noHistoryNote = "There is no history to show: this site was built with --no-history; build it without to see how the strategy moved."

// missingNote says in one sentence, for the drift page, why a read of
// the history failed and how to get one.
func missingNote(err error) string {
	var u *history.Unavailable
	switch {
	case err == nil:
		return ""
	case errors.As(err, &u) && u.Fix != "":
		return "There is no history to show: " + u.Reason + "; " + u.Fix + "."
	case errors.As(err, &u):
		return "There is no history to show: " + u.Reason + "."
	}
	return fmt.Sprintf("The history could not be read (%v); build again to read it.", err)
}

// historyOptions are the options of a read of the playbook at dir
// configured by c.
func historyOptions(dir string, c config.Config) history.Options {
	return history.Options{
		Dir: dir, Since: c.HistorySince,
		MD:    markdown.New(markdown.Options{UnsafeHTML: c.UnsafeHTML, LinksOnly: true}),
		Judge: build.Judge(c),
	}
}

// readHistory reads the history, or says in one line why there is none
// and returns why.
func readHistory(ctx context.Context, dir string, c config.Config, keepHead bool, env *Env) (*history.Log, error) {
	stderr := env.Stderr
	o := historyOptions(dir, c)
	o.KeepHead = keepHead
	l, _, err := history.ReadCached(ctx, o, historyCache(env.Getenv, c))
	if err != nil {
		var u *history.Unavailable
		if errors.As(err, &u) {
			fmt.Fprintln(stderr, u.Error())
		} else if ctx.Err() == nil {
			fmt.Fprintf(stderr, "history left out: %v\n", err)
		}
		return nil, err
	}
	return l, nil
}
