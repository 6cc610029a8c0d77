package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"sync"

	"github.com/bearing-dev/bearing"
	"github.com/bearing-dev/bearing/internal/render"
	"github.com/bearing-dev/bearing/internal/source"
)

// SiteOptions configure rendering a checked playbook.
type SiteOptions struct {
	// BaseURL overrides bearing.yaml's base_url when not empty.
	BaseURL string
	// Drafts includes draft nodes.
	Drafts bool
	// RelativeURLs makes every link relative, as bearing.yaml's
	// relative_urls does.
	RelativeURLs bool
	// Consume makes Render the last use of the checked playbook: each
	// node's compiled body is released once its page is rendered, and
	// the views of the whole playbook wait until half the node pages are,
	// so that they are built beside half the bodies instead of all of
	// them. A consumed Result cannot be rendered again.
	Consume bool
}

// NewRenderer parses the playbook's templates and theme, each layered file
// by file over the embedded defaults.
func NewRenderer(root fs.FS) (*render.Renderer, error) {
	tpl := source.Layer{Upper: subFS(root, "templates"), Lower: bearing.Templates()}
	theme := source.Layer{Upper: subFS(root, "theme"), Lower: bearing.Theme()}
	tplFiles, err := tpl.Files()
	if err != nil {
		return nil, fmt.Errorf("listing templates: %w", err)
	}
	themeFiles, err := theme.Files()
	if err != nil {
		return nil, fmt.Errorf("listing theme: %w", err)
	}
	return render.New(tpl, tplFiles, theme, themeFiles)
}

func subFS(root fs.FS, dir string) fs.FS {
	s, err := fs.Sub(root, dir)
	if err != nil {
		return nil
	}
	return s
}

// Render renders every file of the site of a checked playbook and hands
// each to emit, from several goroutines at once. It reads content assets
// through root. data is valid only during the call: each goroutine
// renders every page into one buffer, so a build that writes each file
// and forgets it never copies a page.
func Render(ctx context.Context, root fs.FS, res *Result, r *render.Renderer, o SiteOptions, emit func(path string, data []byte) error) error {
	jobs, err := Jobs(root, res, r, o)
	if err != nil {
		return err
	}
	return runJobs(ctx, jobs, true, o.Consume, emit)
}

// Jobs lists the render jobs of a checked playbook's site.
func Jobs(root fs.FS, res *Result, r *render.Renderer, o SiteOptions) ([]render.Job, error) {
	assets := make([]render.File, 0, len(res.Tree.Assets))
	for _, a := range res.Tree.Assets {
		b, err := fs.ReadFile(root, a)
		if err != nil {
			return nil, fmt.Errorf("reading asset: %w", err)
		}
		assets = append(assets, render.File{Path: source.ContentPath(a), Data: b})
	}
	return r.Jobs(render.Input{
		Graph: res.Graph, Config: res.Config, Diags: res.Diags,
		BaseURL: o.BaseURL, Drafts: o.Drafts, RelativeURLs: o.RelativeURLs, Today: res.Today, MD: res.MD, Assets: assets,
		History: res.History, HistoryNote: res.HistoryNote,
	})
}

// RunJobs renders jobs on every core, handing each result, the caller's
// to keep, to emit.
func RunJobs(ctx context.Context, jobs []render.Job, emit func(path string, data []byte) error) error {
	return runJobs(ctx, jobs, false, false, emit)
}

// runJobs is RunJobs; with borrow, data is valid only during emit; with
// consume, as SiteOptions.Consume says.
func runJobs(ctx context.Context, jobs []render.Job, borrow, consume bool, emit func(path string, data []byte) error) error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	do := func(j render.Job, buf *bytes.Buffer) {
		var data []byte
		var err error
		if borrow {
			data, err = j.RenderTo(buf)
		} else {
			data, err = j.Render()
		}
		if err == nil {
			err = emit(j.Path, data)
		}
		if err != nil {
			mu.Lock()
			errs = append(errs, err)
			mu.Unlock()
		}
	}
	// One goroutine renders the views of the whole playbook (home, lists,
	// matrix, data files), one at a time, and joins the others on the
	// node pages before and after: two at once would hold two views of
	// the whole playbook in memory, and there are node pages enough to
	// keep the other cores busy meanwhile. It starts on them at once, or,
	// consuming, once half the node pages are handed out; once every
	// node page is, and so every body released, any goroutine may take
	// one.
	whole := make(chan render.Job, len(jobs))
	var nodes []render.Job
	for _, j := range jobs {
		if j.Whole() {
			whole <- j
		} else {
			nodes = append(nodes, j)
		}
	}
	close(whole)
	half := make(chan struct{})
	if !consume || len(nodes) < 2 {
		close(half)
	}
	render1 := func(j render.Job, buf *bytes.Buffer) {
		if ctx.Err() != nil {
			return
		}
		do(j, buf)
		if consume && j.Node != nil && j.Node.Body != nil {
			j.Node.Body.Release()
		}
	}
	next := make(chan render.Job)
	for w := range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			views := func() {
				for j := range whole {
					render1(j, &buf)
				}
			}
			if w == 0 {
			nodes:
				for {
					select {
					case <-half:
						break nodes
					default:
					}
					select {
					case <-half:
						break nodes
					case j, ok := <-next:
						if !ok {
							break nodes
						}
						render1(j, &buf)
					}
				}
				views()
			}
			for j := range next {
				render1(j, &buf)
			}
			if consume {
				views()
			}
		}()
	}
	for i, j := range nodes {
		if ctx.Err() != nil {
			break
		}
		if i == len(nodes)/2 && consume {
			close(half)
		}
		next <- j
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return errors.Join(errs...)
}
