package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/bearing-dev/bearing/internal/build"
	"github.com/bearing-dev/bearing/internal/config"
	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/report"
	"github.com/bearing-dev/bearing/internal/server"
	"github.com/bearing-dev/bearing/internal/source"
	"github.com/bearing-dev/bearing/internal/watch"
)

func runServe(ctx context.Context, args []string, env *Env) error {
	fs := newFlagSet("serve", "serve [flags]", env)
	var cf checkFlags
	cf.register(fs, false)
	addr := fs.String("addr", "127.0.0.1:1717", "`address` to listen on; 127.0.0.1:0 picks a free port")
	drafts := fs.Bool("drafts", false, "include drafts in the site")
	noHistory := registerNoHistory(fs)
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	day, err := today(cf.now, env.Getenv)
	if err != nil {
		return err
	}
	if err := playbookDir(cf.root); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return usageError("cannot listen on %s: the port is in use (another bearing serve?); choose another with --addr", *addr)
		}
		return usageError("cannot listen on %s: %v", *addr, err)
	}
	defer ln.Close()
	if host, _, _ := net.SplitHostPort(ln.Addr().String()); !net.ParseIP(host).IsLoopback() {
		fmt.Fprintf(env.Stderr, "warning: serving on %s, reachable from other machines; the preview is meant for loopback\n", host)
	}

	// The watch starts before the first build, so that an edit made while
	// it runs is not lost: it waits in the next batch.
	w, err := watch.New(cf.root, watched())
	if err != nil {
		return &ExitError{Code: ExitUsage, Err: fmt.Errorf("watching %s: %w", cf.root, err)}
	}
	defer w.Close()

	root, closer, err := openPlaybook(cf.root)
	if err != nil {
		return err
	}
	defer closer.Close()
	// History is read in the background, and again when HEAD moves: each
	// new one arrives on hist.Arrived and the site is rebuilt with it.
	hist := newLiveHistory(ctx, cf.root, *noHistory, env)
	session := build.NewSession(build.Options{FS: root, Today: day, History: hist.fn(), HistoryNote: hist.note()},
		build.SiteOptions{BaseURL: "/", Drafts: *drafts})
	hub := server.NewHub()
	srv := server.New(hub)
	p := &preview{env: env, session: session, srv: srv, buildID: fmt.Sprintf("%x", time.Now().UnixNano()),
		rendered: make(chan func(), 1)}
	p.apply(ctx, nil)

	// Requests live in ctx, so that one held for a page still rendering
	// ends at Ctrl-C instead of holding up the shutdown.
	httpSrv := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	serveErr := make(chan error, 1)
	go func() { serveErr <- httpSrv.Serve(ln) }()
	dir, err := filepath.Abs(cf.root)
	if err != nil {
		dir = cf.root
	}
	fmt.Fprintf(env.Stdout, "serving the playbook in %s at http://%s/ (Ctrl-C to stop)\n", dir, ln.Addr())

	for {
		select {
		case <-ctx.Done():
			// Closing the hub ends the live-reload streams, so that
			// Shutdown finds every connection idle.
			hub.Close()
			shutdownCtx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			_ = httpSrv.Shutdown(shutdownCtx)
			fmt.Fprintln(env.Stderr, "stopped")
			return nil
		case err := <-serveErr:
			hub.Close()
			return &ExitError{Code: ExitUsage, Err: err}
		case b := <-w.Batches():
			if b.Overflow {
				p.apply(ctx, nil) // events were lost: anything may have changed
			} else {
				p.apply(ctx, b.Paths)
			}
		case report := <-p.rendered:
			report()
		case <-hist.Arrived():
			p.applyHistory(ctx) // the pages that show history, and the rules that read it
		case err := <-w.Errors():
			fmt.Fprintf(env.Stderr, "watch: %v\n", err)
		}
	}
}

// watched is what bearing serve watches under the playbook root: the
// configuration and the trees that a build or bearing new reads.
func watched() watch.Options {
	return watch.Options{
		Files: []string{config.File},
		Dirs:  []string{source.ContentDir, "templates", "theme", "archetypes"},
	}
}

// preview is the state of a running bearing serve between rebuilds.
type preview struct {
	env     *Env
	session *build.Session
	srv     *server.Server
	buildID string
	seq     int
	// failed is true while the playbook has errors (or the last rebuild
	// failed): the next good build must reload the pages to remove their
	// overlays, and says that the errors are fixed.
	failed bool
	// shown is the site the server shows.
	shown shownSite
	// printed is the diagnostics last printed, so that an unchanged list
	// of warnings is not printed again on every save.
	printed string
	// rendered carries, from the server's goroutine to the loop, what to
	// say (and do) once the pages a rebuild left pending are rendered.
	rendered chan func()
}

// shownSite says which site a running bearing serve shows.
type shownSite int

const (
	// noSite: no build has published a site yet.
	noSite shownSite = iota
	// goodSite: the last build without errors.
	goodSite
	// asIsSite: the site of a playbook with errors as it would build,
	// shown because no build has been good yet.
	asIsSite
)

// keeping says, for the terminal, what stays up when a rebuild fails.
func (k shownSite) keeping() string {
	switch k {
	case goodSite:
		return "keeping the last good site"
	case asIsSite:
		return "keeping the site as it last built, with its errors"
	}
	return "no site to show yet"
}

// pending describes to the server the pages u left to render, which it
// swaps in itself once they are done. The loop is then told (rendered)
// how it went: when they failed to render, it rebuilds everything, as
// the session does next anyway; the server holds the requests for them
// until that rebuild publishes a site, or shows its failure over the
// old pages.
func (p *preview) pending(ctx context.Context, u *build.Update, start time.Time) server.Pending {
	var final *build.Update
	return server.Pending{
		Paths: u.Pending,
		Wait: func() (map[string][]byte, error) {
			var err error
			if final, err = u.Wait(ctx); err != nil {
				return nil, err
			}
			return final.Files, nil
		},
		Done: func(err error) {
			report := func() {
				if err == nil {
					fmt.Fprintf(p.env.Stderr, "rendered the %s still pending, %d changed; every page current %s after the change\n", countFiles(u.Pending), len(final.Written)-len(u.Written), since(start))
					return
				}
				if ctx.Err() != nil {
					return // interrupted: shutting down
				}
				fmt.Fprintf(p.env.Stderr, "rendering the %s still pending failed: %v; rebuilding everything\n", countFiles(u.Pending), err)
				p.apply(ctx, nil)
			}
			select {
			case p.rendered <- report:
			case <-ctx.Done():
			}
		},
	}
}

// apply rebuilds after changed (everything when nil), swaps the new site
// in, and only then tells the browsers. Pages the rebuild left pending
// are the server's to wait for (pending); it holds requests for them.
func (p *preview) apply(ctx context.Context, changed []string) {
	first := changed == nil && p.shown == noSite
	start := time.Now()
	var u *build.Update
	var err error
	if changed == nil {
		u, err = p.session.Full(ctx)
	} else {
		u, err = p.session.Apply(ctx, changed)
	}
	what := "everything"
	if err != nil {
		if ctx.Err() != nil {
			return // interrupted: shutting down
		}
		if changed != nil {
			what = describe(p.session.Named(changed))
		}
		fmt.Fprintf(p.env.Stderr, "%s: rebuild failed: %v; %s\n", what, err, p.shown.keeping())
		msg, _ := json.Marshal(err.Error())
		p.showErrors(server.Problems{Heading: "the rebuild failed; " + p.shown.overlay(),
			Diagnostics: fmt.Sprintf(`[{"file":"","line":0,"column":0,"rule":"","message":%s}]`, msg)})
		return
	}
	if changed != nil {
		if len(u.Changed) == 0 && len(u.Written) == 0 && len(u.Removed) == 0 && len(u.Pending) == 0 {
			return // temporary files that came and went: nothing to say
		}
		what = describe(u.Changed)
	}
	var diags strings.Builder
	_ = report.Write(&diags, "text", u.Result.Diags, report.Summary{})
	if diags.String() != p.printed || u.Failed() {
		fmt.Fprint(p.env.Stderr, diags.String())
		p.printed = diags.String()
	}
	errs, warns := diag.Count(u.Result.Diags)
	if u.Failed() && u.AsIs {
		problems := server.Problems{
			Heading:     fmt.Sprintf("the playbook has %s; showing the site as it would build.", plural(errs, "error")),
			Diagnostics: diagsJSON(u.Result.Diags)}
		if p.shown == asIsSite && len(u.Written) == 0 && len(u.Removed) == 0 {
			// The same pages: no reload, only the overlay's new words.
			p.showErrors(problems)
		} else {
			p.seq++
			p.srv.PublishWithProblems(u.Files, fmt.Sprintf("%s-%d", p.buildID, p.seq), problems)
		}
		p.failed, p.shown = true, asIsSite
		if first {
			fmt.Fprintf(p.env.Stderr, "the playbook has %s; showing the site as it would build: %s from %s in %s\n",
				plural(errs, "error"), plural(pageCount(u.Files), "page"), plural(len(u.Result.Docs), "file"), since(start))
			return
		}
		fmt.Fprintf(p.env.Stderr, "%s: the playbook has %s; showing the site as it would build: %s\n", what, plural(errs, "error"), rebuilt(u, start))
		return
	}
	if u.Failed() {
		// The session keeps a good site under an edit with errors only
		// when it has one.
		p.showErrors(server.Problems{
			Heading:     fmt.Sprintf("the playbook has %s; showing the last good build.", plural(errs, "error")),
			Diagnostics: diagsJSON(u.Result.Diags)})
		fmt.Fprintf(p.env.Stderr, "%s: %s; keeping the last good site (%s)\n", what, plural(errs, "error"), since(start))
		return
	}
	fixed := p.failed
	if len(u.Written) == 0 && len(u.Removed) == 0 && len(u.Pending) == 0 && !fixed && changed != nil {
		fmt.Fprintf(p.env.Stderr, "%s: no page changed (%s)\n", what, since(start))
		return
	}
	p.failed, p.shown = false, goodSite
	p.seq++
	p.srv.PublishPending(u.Files, fmt.Sprintf("%s-%d", p.buildID, p.seq), u.CSSOnly(), p.pending(ctx, u, start))
	if first {
		fmt.Fprintf(p.env.Stderr, "built %s from %s in %s\n", plural(pageCount(u.Files), "page"), plural(len(u.Result.Docs), "file"), since(start))
		return
	}
	how := "pages reloaded"
	if u.CSSOnly() {
		how = "stylesheets swapped"
	}
	if len(u.Pending) > 0 {
		how += fmt.Sprintf("; %s still to render", countFiles(u.Pending))
	}
	if fixed {
		// Said once: the next good build finds p.failed false.
		what += ": fixed: 0 errors"
		if warns > 0 {
			what += ", " + plural(warns, "warning")
		}
		what += ";"
	} else {
		what += ":"
	}
	fmt.Fprintf(p.env.Stderr, "%s %s; %s\n", what, rebuilt(u, start), how)
}

// overlay says, on the overlay, which site is shown when a rebuild fails.
func (k shownSite) overlay() string {
	switch k {
	case goodSite:
		return "showing the last good build."
	case asIsSite:
		return "showing the site as it last built."
	}
	return "there is no site to show yet."
}

// isPage reports whether a file of the site is a page.
func isPage(p string) bool { return path.Ext(p) == ".html" }

// pageCount returns the number of pages of a site.
func pageCount(files map[string][]byte) int {
	n := 0
	for p := range files {
		if isPage(p) {
			n++
		}
	}
	return n
}

// countFiles says how many pages and other files paths name: "3 pages",
// "3 pages and 1 other file", "2 files".
func countFiles(paths []string) string {
	pages := 0
	for _, p := range paths {
		if isPage(p) {
			pages++
		}
	}
	switch other := len(paths) - pages; {
	case other == 0:
		return plural(pages, "page")
	case pages == 0:
		return plural(other, "file")
	default:
		return plural(pages, "page") + " and " + plural(other, "other file")
	}
}

// rebuilt says what a rebuild changed, counting pages as pages and other
// files as files: "3 of 19 pages and 1 other file rebuilt, 1 page
// removed, in 5ms".
func rebuilt(u *build.Update, start time.Time) string {
	pages := 0
	for _, p := range u.Written {
		if isPage(p) {
			pages++
		}
	}
	s := fmt.Sprintf("%d of %s", pages, plural(pageCount(u.Files), "page"))
	if other := len(u.Written) - pages; other > 0 {
		s += " and " + plural(other, "other file")
	}
	s += " rebuilt"
	if len(u.Removed) > 0 {
		s += ", " + countFiles(u.Removed) + " removed,"
	}
	return s + " in " + since(start)
}

// showErrors puts the overlay on every open page and on pages opened
// until a good build lands.
func (p *preview) showErrors(problems server.Problems) {
	p.failed = true
	p.srv.Fail(problems)
}

// describe names the changed paths for the rebuild line, briefly.
func describe(changed []string) string {
	switch {
	case len(changed) == 0:
		// Only temporary files changed, yet the rebuild did something.
		return "the playbook"
	case len(changed) <= 3:
		return strings.Join(changed, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(changed[:2], ", "), len(changed)-2)
}

func diagsJSON(ds []diag.Diagnostic) string {
	type d struct {
		File    string `json:"file"`
		Line    int    `json:"line"`
		Column  int    `json:"column"`
		Rule    string `json:"rule"`
		Message string `json:"message"`
	}
	out := []d{}
	for _, x := range ds {
		if x.Severity == diag.Error {
			out = append(out, d{x.Pos.File, x.Pos.Line, x.Pos.Col, x.Rule, x.Message})
		}
	}
	b, _ := json.Marshal(out)
	return string(b)
}
