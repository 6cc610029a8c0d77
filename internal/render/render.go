// Package render owns turning the checked model into the site's files:
// HTML pages through html/template, the alignment map as SVG, and the
// JSON, XML and asset files beside them. It does no I/O of its own: it
// reads templates and theme through fs.FS and hands bytes to the caller.
package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/bearing-dev/bearing/internal/config"
	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/history"
	"github.com/bearing-dev/bearing/internal/markdown"
	"github.com/bearing-dev/bearing/internal/model"
)

// Renderer holds the parsed templates and theme. It is immutable once
// built and safe for concurrent use; build one per template change.
type Renderer struct {
	tpl   *template.Template
	theme map[string][]byte // theme files by path
	// themeURL maps a theme file to its URL path below the base, with a
	// content hash so browsers never keep a stale stylesheet.
	themeURL map[string]string
	// bufs holds render buffers for reuse: a page is executed into one and
	// copied out at its exact size, so that ten thousand pages do not each
	// grow a buffer from nothing.
	bufs sync.Pool
}

// maxPooledBuffer is the largest buffer kept for reuse; a rare huge page
// (the matrix of a large playbook) should not pin its memory.
const maxPooledBuffer = 4 << 20

func (r *Renderer) getBuf() *bytes.Buffer {
	if b, ok := r.bufs.Get().(*bytes.Buffer); ok {
		return b
	}
	return bytes.NewBuffer(make([]byte, 0, 32<<10))
}

func (r *Renderer) putBuf(b *bytes.Buffer) {
	if b.Cap() <= maxPooledBuffer {
		b.Reset()
		r.bufs.Put(b)
	}
}

// pageTemplates are the templates a page can be rendered with.
var pageTemplates = []string{"home.html", "node.html", "list.html", "page.html", "stages.html", "matrix.html", "health.html", "search.html", "404.html",
	"owners.html", "owner.html", "brief.html", "pages.html", "drift.html"}

// New parses every template once (missingkey=error) and reads the theme.
// The file lists name what to read from each file system, so that layered
// file systems (a playbook's files over the defaults) need not list
// directories.
func New(templates fs.FS, templateFiles []string, theme fs.FS, themeFiles []string) (*Renderer, error) {
	r := &Renderer{theme: map[string][]byte{}, themeURL: map[string]string{}}
	r.tpl = template.New("").Option("missingkey=error").Funcs(funcs())
	for _, name := range templateFiles {
		if path.Ext(name) != ".html" {
			continue
		}
		b, err := fs.ReadFile(templates, name)
		if err != nil {
			return nil, fmt.Errorf("reading templates: %w", err)
		}
		if _, err := r.tpl.New(path.Base(name)).Parse(string(b)); err != nil {
			return nil, fmt.Errorf("parsing templates/%s: %w", name, err)
		}
	}
	for _, name := range pageTemplates {
		if r.tpl.Lookup(name) == nil {
			return nil, fmt.Errorf("parsing templates: %s is missing", name)
		}
	}
	for _, f := range themeFiles {
		b, err := fs.ReadFile(theme, f)
		if err != nil {
			return nil, fmt.Errorf("reading theme: %w", err)
		}
		r.theme[f] = b
		sum := sha256.Sum256(b)
		r.themeURL[f] = "theme/" + f + "?v=" + hex.EncodeToString(sum[:4])
	}
	return r, nil
}

// Input is everything one site render needs.
type Input struct {
	Graph  *model.Graph
	Config config.Config
	// Diags are the checked playbook's diagnostics (warnings, for /health/).
	Diags []diag.Diagnostic
	// BaseURL overrides the configuration's base_url when not empty.
	BaseURL string
	// Drafts includes draft nodes in the site.
	Drafts bool
	// RelativeURLs makes every link relative and explicit, as the
	// configuration's relative_urls does: see relativize.
	RelativeURLs bool
	Today        time.Time
	// MD renders bodies; it must be the engine that parsed them.
	MD *markdown.Engine
	// Assets are content/'s other files, by path below the output root.
	Assets []File
	// History is the playbook's git history, for the drift page,
	// history.json and the History sections; nil without one, when
	// HistoryNote says why in one sentence with how to get it.
	History     *history.Log
	HistoryNote string
}

// File is one output file: a slash path below the output root and bytes.
type File struct {
	Path string
	Data []byte
}

// Job renders one output file. Jobs are independent and may run in
// parallel; Shows says what a job's file shows, for incremental rebuilds.
type Job struct {
	Path string
	// Node is the node whose page this is, or nil for the home page,
	// aggregate pages and assets.
	Node *model.Node
	// Type is the name of the job's page type.
	Type string
	// render writes the file into buf, or returns bytes of its own (data
	// files, assets), which buf then does not hold.
	render func(buf *bytes.Buffer) ([]byte, error)
	// index, set instead of render, makes the file as an index.
	index func() *Index
	// src names what the file comes from, for error messages.
	src   string
	r     *Renderer
	shows Shows
}

// Shows returns what the job's file shows.
func (j Job) Shows() Shows { return j.shows }

// Whole reports whether the job renders a view of the whole playbook (the
// home page, lists, matrix, data files): slower and with more in memory
// at once than any node's page.
func (j Job) Whole() bool { return j.shows.All != 0 }

// Index makes the file of a job whose Shows has Patch set as an index of
// per-node entries, which a later rebuild can patch; nil for another job.
func (j Job) Index() *Index {
	if j.index == nil {
		return nil
	}
	return j.index()
}

// Render runs the job and returns the file, the caller's to keep.
func (j Job) Render() ([]byte, error) {
	if j.index != nil {
		return j.index().Bytes(), nil
	}
	buf := j.r.getBuf()
	defer j.r.putBuf(buf)
	own, err := j.render(buf)
	if err != nil || own != nil {
		return own, err
	}
	return bytes.Clone(buf.Bytes()), nil
}

// RenderTo runs the job with buf as its scratch space and returns the
// file, which may be buf's bytes: valid until buf is used again. A
// caller that writes each file out and forgets it saves a copy per page.
func (j Job) RenderTo(buf *bytes.Buffer) ([]byte, error) {
	if j.index != nil {
		return j.index().Bytes(), nil
	}
	buf.Reset()
	own, err := j.render(buf)
	if err != nil || own != nil {
		return own, err
	}
	return buf.Bytes(), nil
}

// run is the state of one site render: derived indexes built once and
// shared by all pages.
type run struct {
	r    *Renderer
	in   Input
	site *Site
	base string // base path, with leading and trailing slash
	abs  string // absolute base URL, or "" when only a path is known
	// rel says every page's links are made relative (relativize): pages
	// are rendered with the base path "/" and rewritten.
	rel     bool
	visible []*model.Node
	shown   map[*model.Node]bool
	badNode map[*model.Node]bool
	byFile  map[string]*model.Node
	diagsOf map[string][]diag.Diagnostic
	backs   map[*model.Node][]*model.Node
	// figs holds each signal's figures once drawn: a signal shows on the
	// home page, the scorecard and the pages of what it measures.
	figs *figureCache
	// owners indexes the shown nodes by owner, for the owners' pages and
	// the links to them.
	owners *owners
	// hist indexes the history; nil without one.
	hist *historyIndex
}

// Jobs returns every file of the site, the largest first.
func (r *Renderer) Jobs(in Input) ([]Job, error) {
	ru, err := r.newRun(in)
	if err != nil {
		return nil, err
	}
	js := ru.jobs()
	// A content file whose page lands where the site puts one of its own
	// (content/health.md, content/theme/style.css) would overwrite it, and
	// which one won would depend on timing.
	made := make(map[string]string, len(js))
	for _, j := range js {
		if other, dup := made[j.Path]; dup {
			return nil, fmt.Errorf("%s and %s both make %s; rename %[2]s", other, j.src, j.Path)
		}
		made[j.Path] = j.src
	}
	return js, nil
}

func (r *Renderer) newRun(in Input) (*run, error) {
	baseURL := in.Config.BaseURL
	if in.BaseURL != "" {
		baseURL = in.BaseURL
	}
	u, err := url.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("base URL %q: %w", baseURL, err)
	}
	base := path.Clean("/"+u.Path) + "/"
	base = strings.ReplaceAll(base, "//", "/")
	ru := &run{r: r, in: in, base: base, figs: &figureCache{m: map[*model.Node]SignalFigure{}},
		shown: map[*model.Node]bool{}, badNode: map[*model.Node]bool{},
		byFile: map[string]*model.Node{}, diagsOf: map[string][]diag.Diagnostic{},
		backs: map[*model.Node][]*model.Node{}}
	if u.Scheme != "" && u.Host != "" {
		ru.abs = u.Scheme + "://" + u.Host + base
	}
	if in.RelativeURLs || in.Config.RelativeURLs {
		// Pages are drawn rooted at "/" and each is then rewritten
		// relative to its own place, which works under any base path
		// and from disk; the sitemap keeps its absolute URLs.
		ru.rel, ru.base = true, "/"
	}
	for _, n := range in.Graph.Nodes {
		ru.byFile[n.Path] = n
		if !n.Front.Draft || in.Drafts {
			ru.visible = append(ru.visible, n)
			ru.shown[n] = true
		}
	}
	for _, d := range in.Diags {
		ru.diagsOf[d.Pos.File] = append(ru.diagsOf[d.Pos.File], d)
		if n := ru.byFile[d.Pos.File]; n != nil {
			ru.badNode[n] = true
		}
	}
	for _, n := range ru.visible {
		seen := map[*model.Node]bool{}
		for _, t := range n.Links {
			if t.Node != nil && t.Node != n && !seen[t.Node] {
				seen[t.Node] = true
				ru.backs[t.Node] = append(ru.backs[t.Node], n)
			}
		}
	}
	ru.owners = ru.newOwners()
	ru.hist = newHistoryIndex(in.History)
	ru.site = ru.newSite()
	for _, n := range in.Graph.Nodes {
		ru.site.frags.nodes[n] = &nodeRef{ref: ru.newRef(n)}
	}
	return ru, nil
}

// url returns a node's URL path, with the base path.
// A shown node's URL is made once, with its reference.
func (ru *run) url(n *model.Node) string {
	if e := ru.site.frags.nodes[n]; e != nil && e.ref.URL != "" {
		return e.ref.URL
	}
	return ru.base + n.URL
}

// pageURL returns a site path with the base path.
func (ru *run) pageURL(p string) string { return ru.base + p }

// dataURL is a node's URL as the data files give it: its path with the
// base path, or with relative URLs its file relative to the site's root
// (directions/x/index.html), which a script resolves against the data
// file's own URL.
func (ru *run) dataURL(n *model.Node) string {
	if ru.rel {
		return explicit(n.URL)
	}
	return ru.url(n)
}

// execute renders a page template into buf.
func (ru *run) execute(buf *bytes.Buffer, p *Page) error {
	if err := ru.r.tpl.ExecuteTemplate(buf, p.Template, p); err != nil {
		return fmt.Errorf("rendering %s: %w", p.URL, err)
	}
	return nil
}

// body renders a node's Markdown body with its links resolved to URLs.
func (ru *run) body(n *model.Node) (template.HTML, error) {
	buf := ru.r.getBuf()
	defer ru.r.putBuf(buf)
	err := ru.in.MD.Render(buf, n.Body, func(i int, l *markdown.Link) markdown.Target {
		var t *model.LinkTarget
		if i < len(n.Links) && n.Links[i].Link == l { // the model resolves a body's links in order
			t = n.Links[i]
		}
		switch {
		case t == nil || t.External:
			return markdown.Target{URL: l.Dest}
		case t.Broken != "" || t.Unread:
			return markdown.Target{} // text only: there is no page to link to
		case t.Asset != "":
			return markdown.Target{URL: ru.pageURL(t.Asset)}
		case t.Node != nil:
			if !ru.shown[t.Node] {
				return markdown.Target{Title: t.Node.Title()} // a draft: text only
			}
			u := ru.url(t.Node)
			if t.Fragment != "" {
				u += "#" + t.Fragment
			}
			return markdown.Target{URL: u, Title: t.Node.Title()}
		}
		return markdown.Target{URL: l.Dest}
	})
	if err != nil {
		return "", fmt.Errorf("rendering %s: %w", n.Path, err)
	}
	// The Markdown renderer escapes everything it does not produce itself,
	// and raw HTML only passes when unsafe_html is set.
	return template.HTML(buf.String()), nil
}
