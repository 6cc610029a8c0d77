package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/bearing-dev/bearing/internal/build"
	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/report"
	"github.com/bearing-dev/bearing/internal/server"
	"github.com/bearing-dev/bearing/internal/watch"
)

func runServe(ctx context.Context, args []string, env *Env) error {
	fs := newFlagSet("serve", "serve [flags]", env)
	var cf checkFlags
	cf.register(fs, false)
	addr := fs.String("addr", "127.0.0.1:1717", "`address` to listen on; 127.0.0.1:0 picks a free port")
	drafts := fs.Bool("drafts", false, "include drafts in the site")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	day, err := today(cf.now, env.Getenv)
	if err != nil {
		return err
	}
	if info, err := os.Stat(cf.root); err != nil || !info.IsDir() {
		return usageError("--root %s: not a directory", cf.root)
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

	session := build.NewSession(os.DirFS(cf.root), build.Options{FS: os.DirFS(cf.root), Today: day},
		build.SiteOptions{BaseURL: "/", Drafts: *drafts})
	hub := server.NewHub()
	srv := server.New(hub)
	buildID := fmt.Sprintf("%x", time.Now().UnixNano())
	seq := 0
	apply := func(changed []string) {
		start := time.Now()
		var u *build.Update
		var err error
		if changed == nil {
			u, err = session.Full(ctx)
		} else {
			u, err = session.Apply(ctx, changed)
		}
		if err != nil {
			fmt.Fprintf(env.Stderr, "rebuild failed: %v\n", err)
			return
		}
		_ = report.Write(env.Stderr, "text", u.Result.Diags, report.Summary{})
		seq++
		id := fmt.Sprintf("%s-%d", buildID, seq)
		what := "everything"
		if changed != nil {
			what = strings.Join(changed, ", ")
		}
		if u.Failed() {
			errs := diagsJSON(u.Result.Diags)
			srv.SetState(fmt.Sprintf(`{"build":%q,"errors":%s}`, id, errs))
			hub.Broadcast(server.Event{Name: "errors", Data: fmt.Sprintf(`{"errors":%s}`, errs)})
			fmt.Fprintf(env.Stderr, "%s: %s; keeping the last good site (%s)\n", what, plural(u.Result.Errors(), "error"), since(start))
			return
		}
		srv.SetSite(u.Files)
		srv.SetState(fmt.Sprintf(`{"build":%q,"errors":[]}`, id))
		ev := "reload"
		if u.CSSOnly() {
			ev = "css"
		}
		hub.Broadcast(server.Event{Name: ev, Data: fmt.Sprintf(`{"build":%q}`, id)})
		fmt.Fprintf(env.Stderr, "%s: rebuilt %d files, removed %d, in %s\n", what, len(u.Written), len(u.Removed), since(start))
	}
	apply(nil)

	w, err := watch.New(cf.root, watch.Options{})
	if err != nil {
		return &ExitError{Code: ExitUsage, Err: fmt.Errorf("watching %s: %w", cf.root, err)}
	}
	defer w.Close()

	httpSrv := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ErrorLog: nil}
	serveErr := make(chan error, 1)
	go func() { serveErr <- httpSrv.Serve(ln) }()
	fmt.Fprintf(env.Stdout, "serving %s at http://%s/ (Ctrl-C to stop)\n", cf.root, ln.Addr())

	for {
		select {
		case <-ctx.Done():
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
			apply(b.Paths)
		case err := <-w.Errors():
			fmt.Fprintf(env.Stderr, "watch: %v\n", err)
		}
	}
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

