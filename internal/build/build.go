// Package build owns one run of the pipeline — load, parse, model,
// validate, and for a site render — shared by check, build and serve so
// they can never disagree about a playbook, and the serve session that
// reruns it incrementally. It renders into memory and hands each file to
// its caller: writing the output directory (publish) or serving it
// (server) is the caller's, and build imports neither, nor watch or cli.
package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/bearing-dev/bearing/internal/config"
	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/history"
	"github.com/bearing-dev/bearing/internal/markdown"
	"github.com/bearing-dev/bearing/internal/model"
	"github.com/bearing-dev/bearing/internal/source"
	"github.com/bearing-dev/bearing/internal/validate"
)

// Options configure a check.
type Options struct {
	// FS is the playbook root: bearing.yaml and content/ live in it.
	FS fs.FS
	// Today is the date rules judge against.
	Today time.Time
	// Strict turns warnings into errors.
	Strict bool
	// LinksOnly parses bodies only for their links and headings: enough to
	// check, faster, but the result cannot be rendered.
	LinksOnly bool
	// History, when set, returns the playbook's git history, given the
	// check's configuration (history_since); the rules that need history
	// read it. It returns nil when there is none. A session calls it on
	// every check: it should read git once.
	History func(config.Config) *history.Log
	// HistoryNote, when set, says in one sentence why History returned
	// nil (or that there is no History) and how to get a history: the
	// drift page shows it. Without it the page names every reason.
	HistoryNote func() string
	// changed lists the paths that changed since the result a session's
	// incremental check reuses; Check reuses nothing and ignores it.
	changed []string
}

// Result is a checked playbook.
type Result struct {
	Config config.Config
	Tree   source.Tree
	Docs   []*document.Document
	Graph  *model.Graph
	// Diags are sorted, with the configured severities.
	Diags []diag.Diagnostic
	// Today is the date the rules judged against.
	Today time.Time
	// MD is the Markdown engine that parsed the bodies; rendering must use
	// the same one.
	MD *markdown.Engine
	// History is the history the rules read; nil without one, when
	// HistoryNote may say why.
	History     *history.Log
	HistoryNote string
	// configDiags are the configuration's diagnostics as it reported them,
	// before the configured severities: a session rediagnosing a patched
	// playbook starts from them.
	configDiags []diag.Diagnostic
	// findings are the rules' findings as validate made them, before the
	// configured severities: a session patching the graph asks validate
	// to find again only what its edit can change.
	findings *validate.Findings
}

// Errors returns the number of error diagnostics.
func (r *Result) Errors() int {
	e, _ := diag.Count(r.Diags)
	return e
}

// Check loads, parses, models and validates a playbook. The error is for
// I/O failures only; problems in the playbook are diagnostics.
func Check(ctx context.Context, o Options) (*Result, error) {
	return check(ctx, o, nil)
}

// check is Check reusing the parsed documents of reuse, which the caller
// guarantees are unchanged and were parsed by reuse.MD.
func check(ctx context.Context, o Options, reuse *Result) (*Result, error) {
	r := &Result{Today: o.Today}
	var ds []diag.Diagnostic
	cfgData, err := fs.ReadFile(o.FS, config.File)
	switch {
	case err == nil:
		r.Config, ds = config.Parse(cfgData)
	case errors.Is(err, fs.ErrNotExist):
		r.Config = config.Default()
	default:
		return nil, fmt.Errorf("reading %s: %w", config.File, err)
	}
	r.Tree, err = source.Walk(o.FS)
	if err != nil {
		return nil, err
	}
	r.MD = markdown.New(markdown.Options{UnsafeHTML: r.Config.UnsafeHTML, LinksOnly: o.LinksOnly})
	var known map[string]*document.Document
	if reuse != nil && reuse.Config.UnsafeHTML == r.Config.UnsafeHTML {
		r.MD = reuse.MD
		known = make(map[string]*document.Document, len(reuse.Docs))
		for _, d := range reuse.Docs {
			known[d.Path] = d
		}
		changed := make(map[string]bool, len(o.changed))
		for _, p := range o.changed {
			changed[p] = true
			delete(known, p)
		}
		for p, d := range known {
			if dp, _ := d.DataPath(); dp != "" && changed[dp] {
				delete(known, p) // its data file changed: read the signal again
			}
		}
	}
	var head map[string]history.HeadFile
	if o.History != nil {
		r.History = o.History(r.Config)
	}
	if r.History != nil {
		// The read of the history parsed HEAD's files for links only.
		if head = r.History.TakeHead(); !o.LinksOnly {
			head = nil
		}
	}
	if r.History == nil && o.HistoryNote != nil {
		r.HistoryNote = o.HistoryNote()
	}
	r.Docs, err = parseAll(ctx, o.FS, r.MD, r.Tree.Markdown, known, head)
	if err != nil {
		return nil, err
	}
	r.Graph = model.Build(r.Docs, r.Tree.Assets)
	r.configDiags = ds
	r.Diags = diagnose(r, r.Docs, r.Graph, o)
	return r, nil
}

// diagnose lists the diagnostics of docs and their graph g as a check
// reports them: the configuration's of r, the documents', the rules', with
// r's configured severities, sorted. It keeps the rules' findings in r
// for an incremental check.
func diagnose(r *Result, docs []*document.Document, g *model.Graph, o Options) []diag.Diagnostic {
	r.findings = validate.Run(g, rulesOptions(r, o))
	return judged(r, docs, o)
}

// rulesOptions are the rules' options for a check of r with o.
func rulesOptions(r *Result, o Options) validate.Options {
	return validate.Options{Today: o.Today, MaxActive: r.Config.MaxActive,
		FollowThroughDays: r.Config.FollowThroughDays, History: r.History}
}

// judged lists the diagnostics of docs with the rules' findings r holds,
// as diagnose does.
func judged(r *Result, docs []*document.Document, o Options) []diag.Diagnostic {
	ds := slices.Clone(r.configDiags)
	drafts := map[string]bool{}
	for _, d := range docs {
		ds = append(ds, d.Diags...)
		if d.Front.Draft {
			drafts[d.Path] = true
		}
	}
	ds = append(ds, r.findings.List()...)
	ds = diag.Policy{Overrides: r.Config.Rules, Strict: o.Strict, Drafts: drafts}.Apply(ds)
	diag.Sort(ds)
	return ds
}

// parseAll reads and parses files on every core, keeping path order.
// Known documents are reused instead of parsed again. When ctx ends it
// returns at once: a file already in goldmark's hands cannot be
// interrupted, so its worker finishes it unwatched and takes no other,
// and the caller, which is stopping, does not wait for it.
// A file in head with the same bytes takes head's parse.
func parseAll(ctx context.Context, fsys fs.FS, md *markdown.Engine, paths []string, known map[string]*document.Document, head map[string]history.HeadFile) ([]*document.Document, error) {
	docs := make([]*document.Document, len(paths))
	errs := make([]error, len(paths))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := source.NewReader(fsys, document.MaxFileSize)
			defer f.Close()
			for i := range next {
				if ctx.Err() == nil {
					docs[i], errs[i] = parseFileIn(fsys, f, md, paths[i], head[paths[i]])
				}
			}
		}()
	}
	done := make(chan struct{})
	go func() {
		defer close(next)
		for i, p := range paths {
			if d := known[p]; d != nil {
				docs[i] = d
				continue
			}
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return docs, errors.Join(errs...)
}

// parseFile reads one file. A file that cannot be read is a diagnostic on
// that file, not a failed run: a broken symlink must not hide the rest.
func parseFile(fsys fs.FS, md *markdown.Engine, p string) (*document.Document, error) {
	f := source.NewReader(fsys, document.MaxFileSize)
	defer f.Close()
	return parseFileIn(fsys, f, md, p, history.HeadFile{})
}

// parseFileIn is parseFile reading through a worker's Reader of fsys,
// taking same's parse if same was parsed from the same bytes.
func parseFileIn(fsys fs.FS, f *source.Reader, md *markdown.Engine, p string, same history.HeadFile) (*document.Document, error) {
	data, size, err := f.Read(p)
	if size > document.MaxFileSize {
		// Parse reports the size; reading a huge file only to say so would
		// cost the memory the limit is there to save.
		return document.TooLarge(p, size), nil
	}
	if err != nil {
		d := &document.Document{Path: p, Front: &document.Front{}}
		d.Diags = []diag.Diagnostic{diag.New(diag.Pos{File: p, Line: 1, Col: 1}, diag.ParseFrontmatter, "cannot read file: %v", source.Unreadable(fsys, p, err))}
		return d, nil
	}
	if same.Doc != nil && same.Doc.Front.Data == "" && bytes.Equal(same.Data, data) {
		return same.Doc, nil // a signal with a data file is read with it, below
	}
	d := document.Parse(md, p, source.ContentPath(p), data)
	readData(fsys, f, d)
	return d, nil
}

// readData joins a signal's data file, if it has one, to its readings: the
// file is part of the signal, so a check that reuses the signal's parse
// must also know the file did not change (check forgets a signal whose
// data file changed).
func readData(fsys fs.FS, f *source.Reader, d *document.Document) {
	if d.Kind != document.Signal || d.Front.Data == "" || !d.Usable() {
		return
	}
	p, inside := d.DataPath()
	if !inside {
		d.MissingData("the file must be inside content/, beside the signal or below it")
		return
	}
	data, size, err := f.Read(p)
	switch {
	case size > document.MaxFileSize:
		d.MissingData(fmt.Sprintf("the file is %d bytes, over the %d MiB limit", size, document.MaxFileSize>>20))
	case err != nil:
		d.MissingData(fmt.Sprintf("cannot read %s: %v", p, source.Unreadable(fsys, p, err)))
	default:
		d.AddReadings(document.ParseReadings(p, data))
	}
}

// withSignals adds to changed the signals whose data file is among the
// changed paths: a data file is part of its signal, so an edit of the
// one is an edit of the other, and every page that shows the signal's
// readings follows.
func withSignals(docs []*document.Document, changed []string) []string {
	in := make(map[string]bool, len(changed))
	for _, p := range changed {
		in[p] = true
	}
	for _, d := range docs {
		if dp, _ := d.DataPath(); dp != "" && in[dp] && !in[d.Path] {
			changed = append(changed, d.Path)
			in[d.Path] = true
		}
	}
	return changed
}
