package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/bearing-dev/bearing/internal/build"
	"github.com/bearing-dev/bearing/internal/config"
	"github.com/bearing-dev/bearing/internal/report"
	"github.com/bearing-dev/bearing/internal/source"
)

func runCheck(ctx context.Context, args []string, env *Env) error {
	fs := newFlagSet("check", "check [flags]", env)
	var cf checkFlags
	cf.register(fs, true)
	format := fs.String("format", "text", "output `format`: text, json, github or sarif")
	noHistory := registerNoHistory(fs)
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	cf.history, cf.historyNote = historyReader(ctx, cf.root, *noHistory, true, env)
	if !report.ValidFormat(*format) {
		return usageError("--format %q: want text, json, github or sarif", *format)
	}
	day, err := today(cf.now, env.Getenv)
	if err != nil {
		return err
	}
	start := time.Now()
	heap := paceHeap(env.Getenv, heapFloor)
	defer heap.stop()
	cf.history = heap.reading(cf.history)
	res, err := check(ctx, cf, day, false)
	if err != nil {
		return err
	}
	if err := report.Write(env.Stdout, *format, res.Diags, report.Summary{Files: len(res.Docs), Version: Version}); err != nil {
		return &ExitError{Code: ExitUsage, Err: err}
	}
	errs, warns := res.Errors(), len(res.Diags)-res.Errors()
	fmt.Fprintf(env.Stderr, "checked %s in %s: %s, %s\n", plural(len(res.Docs), "file"), since(start), plural(errs, "error"), plural(warns, "warning"))
	if errs > 0 {
		return errInvalid
	}
	return nil
}

// openPlaybook opens the playbook root as a file system confined to it:
// a symbolic link under content/ that points outside the playbook fails
// to read (and is reported) instead of publishing, say, /etc/passwd from a
// hostile pull request. The caller closes it when done.
func openPlaybook(dir string) (fs.FS, io.Closer, error) {
	if err := playbookDir(dir); err != nil {
		return nil, nil, err
	}
	root, err := source.OpenRoot(dir)
	if err != nil {
		return nil, nil, usageError("--root %s: %v", dir, err)
	}
	return root, root, nil
}

// playbookDir checks that dir is a playbook's root: a directory holding
// bearing.yaml or content/. Elsewhere, check would find nothing wrong in
// no files and build would publish an empty site; neither is what a user
// in the wrong folder wants to hear.
func playbookDir(dir string) error {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return usageError("--root %s: does not exist", dir)
	case err != nil:
		return usageError("--root %s: %v", dir, errors.Unwrap(err))
	case !info.IsDir():
		return usageError("--root %s: not a directory", dir)
	case isPlaybook(dir):
		return nil
	case filepath.Clean(dir) == ".":
		return usageError("no playbook here: no %s/ or %s (bearing init makes one)", source.ContentDir, config.File)
	}
	return usageError("no playbook in %s: no %s/ or %s (bearing init %s makes one)", dir, source.ContentDir, config.File, shellQuote(dir))
}

// check runs the pipeline up to validation on the playbook at cf.root.
// Unless render is set, bodies are parsed for links only.
func check(ctx context.Context, cf checkFlags, day time.Time, render bool) (*build.Result, error) {
	fsys, closer, err := openPlaybook(cf.root)
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	return checkFS(ctx, fsys, cf, day, render)
}

// checkFS is check on an already opened playbook.
func checkFS(ctx context.Context, fsys fs.FS, cf checkFlags, day time.Time, render bool) (*build.Result, error) {
	res, err := build.Check(ctx, build.Options{FS: fsys, Today: day, Strict: cf.strict, LinksOnly: !render, History: cf.history, HistoryNote: cf.historyNote})
	if err != nil {
		return nil, &ExitError{Code: ExitUsage, Err: err}
	}
	return res, nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// since formats elapsed time for summaries: 143ms, 1.2s.
func since(t time.Time) string {
	d := time.Since(t)
	if d < time.Second {
		return fmt.Sprintf("%dms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1fs", d.Seconds())
}
