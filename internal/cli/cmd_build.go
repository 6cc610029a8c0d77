package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bearing-dev/bearing/internal/build"
	"github.com/bearing-dev/bearing/internal/config"
	"github.com/bearing-dev/bearing/internal/publish"
	"github.com/bearing-dev/bearing/internal/report"
)

func runBuild(ctx context.Context, args []string, env *Env) error {
	fs := newFlagSet("build", "build [flags]", env)
	var cf checkFlags
	cf.register(fs, true)
	out := fs.String("out", "", "output `dir`ectory (default public/ in the playbook root)")
	baseURL := fs.String("base-url", "", "the `URL` the site is published at, such as https://example.org/strategy/ (default bearing.yaml's base_url, else /)")
	drafts := fs.Bool("drafts", false, "include drafts in the site")
	noHistory := registerNoHistory(fs)
	relative := fs.Bool("relative-urls", false, "make every link relative and name index.html, so the site also works opened from disk (as relative_urls: true in bearing.yaml)")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if *baseURL != "" {
		if err := config.CheckBaseURL(*baseURL); err != nil {
			return usageError("--base-url: %v", err)
		}
	}
	if *out == "" {
		*out = filepath.Join(cf.root, "public")
	}
	if err := publish.Guard(*out, cf.root); err != nil {
		return usageError("%v", err)
	}
	cf.history, cf.historyNote = historyReader(ctx, cf.root, *noHistory, false, env)
	day, err := today(cf.now, env.Getenv)
	if err != nil {
		return err
	}
	start := time.Now()
	root, closer, err := openPlaybook(cf.root)
	if err != nil {
		return err
	}
	defer closer.Close()
	heap := paceHeap(env.Getenv, heapFloor)
	defer heap.stop()
	cf.history = heap.reading(cf.history)
	res, err := checkFS(ctx, root, cf, day, true)
	if err != nil {
		return err
	}
	if err := report.Write(env.Stderr, "text", res.Diags, report.Summary{}); err != nil {
		return err
	}
	if res.Errors() > 0 {
		fmt.Fprintf(env.Stderr, "build failed: %s; %s left as it was\n", plural(res.Errors(), "error"), dirName(*out))
		return errInvalid
	}
	r, err := build.NewRenderer(root)
	if err != nil {
		return &ExitError{Code: ExitUsage, Err: err}
	}
	tx, err := publish.Begin(*out)
	if err != nil {
		return &ExitError{Code: ExitUsage, Err: err}
	}
	var pages atomic.Int64
	err = build.Render(ctx, root, res, r, build.SiteOptions{BaseURL: *baseURL, Drafts: *drafts, RelativeURLs: *relative, Consume: true}, func(p string, data []byte) error {
		if filepath.Ext(p) == ".html" {
			pages.Add(1)
		}
		return tx.Write(p, data)
	})
	if err == nil {
		err = tx.Commit()
	} else {
		tx.Abort()
	}
	if err != nil {
		return &ExitError{Code: ExitUsage, Err: err}
	}
	fmt.Fprintf(env.Stderr, "built %s from %s into %s in %s\n", plural(int(pages.Load()), "page"), plural(len(res.Docs), "file"), dirName(*out), since(start))
	return nil
}

// dirName shows a directory as the user named it, with a trailing
// separator that says it is a folder: public/, ../site/.
func dirName(dir string) string {
	if strings.HasSuffix(dir, string(filepath.Separator)) {
		return dir
	}
	return dir + string(filepath.Separator)
}
