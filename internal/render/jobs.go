package render

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
)

func (ru *run) newSite() *Site {
	c := ru.in.Config
	s := &Site{Title: c.Title, Description: c.Description, Lang: c.Language, Base: ru.base,
		CSS: ru.pageURL(ru.r.themeURL["style.css"]), JS: ru.pageURL(ru.r.themeURL["search.js"]),
		frags: &fragments{r: ru.r, nodes: make(map[*model.Node]*nodeRef, len(ru.in.Graph.Nodes))}}
	s.Nav = []NavLink{{"Map", ru.base, "home"}}
	for _, k := range navKinds() {
		s.Nav = append(s.Nav, NavLink{kindTitle(k), ru.pageURL(k.Folder() + "/"), k.Folder()})
	}
	s.Nav = append(s.Nav,
		NavLink{"Owners", ru.pageURL("owners/"), "owners"},
		NavLink{"Roadmap", ru.pageURL("roadmap/"), "roadmap"},
		NavLink{"Outcome", ru.pageURL("outcome/"), "outcome"},
		NavLink{"Stages", ru.pageURL("stages/"), "stages"},
		NavLink{"Matrix", ru.pageURL("matrix/"), "matrix"},
		NavLink{"Health", ru.pageURL("health/"), "health"},
		NavLink{"Drift", ru.pageURL("drift/"), "drift"},
		NavLink{"Brief", ru.pageURL("brief/"), "brief"},
	)
	if ru.hasPlainPages() {
		s.Nav = append(s.Nav, NavLink{"Pages", ru.pageURL("pages/"), "pages"})
	}
	s.Nav = append(s.Nav, NavLink{"Search", ru.pageURL("search/"), "search"})
	s.Relative = ru.rel
	return s
}

func kindTitle(k document.Kind) string { return k.Info().Title }

// navKinds are the kinds the navigation lists, in the kind table's order.
func navKinds() []document.Kind { return document.NodeKinds() }

// listKinds are the kinds with a list page: every kind with a folder, as
// the kind table lists them.
func listKinds() []document.Kind { return document.NodeKinds() }

// A PageType is one kind of output file: the home page, a node's page,
// the search index. Like go/analysis's Analyzer it is a value: its name,
// what each of its files shows (Shows) and which files it makes and how
// (files). The full build and the serve planner both read Shows, so they
// cannot disagree about what a page depends on. A new page type is one
// entry in pageTypes and a template.
type PageType struct {
	// Name names the type in error messages and tests.
	Name string
	// Shows is what each file of the type shows; files fill in Node.
	Shows Shows
	// files lists the type's files in one site render.
	files func(ru *run) []file
}

// file is one output file of a page type.
type file struct {
	path string
	node *model.Node
	// src names what the file comes from, for error messages; "" means
	// the site's own.
	src string
	// render makes the file (see Job.render); index, when set instead,
	// makes it as an index of per-node entries.
	render func(buf *bytes.Buffer) ([]byte, error)
	index  func() *Index
	// copies is the playbook file the output copies, for Shows.File.
	copies string
}

// nodeShows declares what every page of a node shows: its frontmatter,
// body, findings and history; the titles, states and findings of the nodes two
// steps out (the neighbour lists, and the sub-map, which reaches from a
// direction through its initiatives to their signals); and who links to
// it (backlinks, one step).
func nodeShows() Shows {
	return Shows{Own: Front | Body | Findings | History, Near: []Reach{{Steps: 2, Parts: Front | Findings}, {Steps: 1, Parts: Links}}}
}

// pageTypes lists the site's page types. The views of the whole
// playbook come first, largest first, since each grows with the whole
// playbook; then node pages, content assets and the theme.
func pageTypes() []PageType {
	whole := Shows{All: Front | Findings}
	one := func(p string, build func(ru *run) *Page) func(ru *run) []file {
		return func(ru *run) []file { return []file{ru.page(p, nil, func() *Page { return build(ru) })} }
	}
	data := func(p string, f func(ru *run) ([]byte, error)) func(ru *run) []file {
		return func(ru *run) []file {
			return []file{{path: p, render: func(*bytes.Buffer) ([]byte, error) { return f(ru) }}}
		}
	}
	return []PageType{
		// The home page shows every node and the home node's prose.
		{Name: "home", Shows: Shows{Own: Front | Body, All: Front | Findings}, files: func(ru *run) []file {
			return []file{ru.page("index.html", ru.in.Graph.Home, ru.homePage)}
		}},
		{Name: "matrix", Shows: whole, files: one("matrix/index.html", (*run).matrixPage)},
		{Name: "stages", Shows: whole, files: one("stages/index.html", (*run).stagesPage)},
		{Name: "roadmap", Shows: whole, files: one("roadmap/index.html", (*run).roadmapPage)},
		{Name: "outcome", Shows: whole, files: one("outcome/index.html", (*run).outcomePage)},
		// The brief and the owners' pages show every node's frontmatter
		// (an owner's page lists whatever names them as owner) and findings.
		{Name: "brief", Shows: whole, files: one("brief/index.html", (*run).briefPage)},
		{Name: "owners", Shows: whole, files: func(ru *run) []file {
			fs := []file{ru.page("owners/index.html", nil, ru.ownersPage)}
			for _, s := range ru.owners.names {
				fs = append(fs, ru.page("owners/"+s+"/index.html", nil, func() *Page { return ru.ownerPage(s) }))
			}
			return fs
		}},
		// The pages' list shows the plain pages' titles and weights, and
		// which pages exist: Front of every node.
		{Name: "pages", Shows: Shows{All: Front}, files: func(ru *run) []file {
			if !ru.hasPlainPages() {
				return nil
			}
			return []file{ru.page("pages/index.html", nil, ru.pagesPage)}
		}},
		{Name: "list", Shows: whole, files: func(ru *run) []file {
			var fs []file
			for _, k := range listKinds() {
				fs = append(fs, ru.page(k.Folder()+"/index.html", nil, func() *Page { return ru.listPage(k) }))
			}
			return fs
		}},
		// The index shows every node's frontmatter (its text fields) and
		// body, and the titles of the nodes its bodies link to; a change
		// of bodies alone changes only those nodes' entries. With
		// relative URLs it is also a script, which a page opened from
		// disk can load where it may not fetch.
		{Name: "search-index", Shows: Shows{All: Front | Body, Patch: Body}, files: func(ru *run) []file {
			fs := []file{{path: "search-index.json", index: ru.searchIndex}}
			if ru.rel {
				fs = append(fs, file{path: "search-index.js", index: ru.searchScript})
			}
			return fs
		}},
		{Name: "alignment", Shows: Shows{All: Front}, files: data("alignment.json", (*run).alignmentJSON)},
		{Name: "sitemap", Shows: Shows{All: Front}, files: data("sitemap.xml", (*run).sitemap)},
		{Name: "health", Shows: whole, files: one("health/index.html", (*run).healthPage)},
		// The drift page and history.json show the history, and the
		// titles of the nodes its events name.
		{Name: "drift", Shows: Shows{All: Front | History}, files: one("drift/index.html", (*run).driftPage)},
		{Name: "history", Shows: Shows{All: History}, files: data("history.json", (*run).historyJSON)},
		{Name: "search", files: one("search/index.html", func(ru *run) *Page {
			return &Page{Site: ru.site, Title: "Search", URL: ru.pageURL("search/"), Section: "search", Template: "search.html"}
		})},
		{Name: "404", files: one("404.html", func(ru *run) *Page {
			return &Page{Site: ru.site, Title: "Page not found", URL: ru.pageURL("404.html"), Section: "", Template: "404.html"}
		})},
		{Name: "node", Shows: nodeShows(), files: func(ru *run) []file {
			var fs []file
			for _, n := range ru.visible {
				if n != ru.in.Graph.Home {
					if n.Kind == document.Page {
						fs = append(fs, ru.page(PagePath(n), n, func() *Page { return ru.plainPage(n) }))
					} else {
						fs = append(fs, ru.page(PagePath(n), n, func() *Page { return ru.nodePage(n) }))
					}
				}
			}
			return fs
		}},
		{Name: "asset", files: func(ru *run) []file {
			fs := make([]file, 0, len(ru.in.Assets))
			for _, f := range ru.in.Assets {
				fs = append(fs, file{path: f.Path, src: "content/" + f.Path, copies: "content/" + f.Path,
					render: func(*bytes.Buffer) ([]byte, error) { return f.Data, nil }})
			}
			return fs
		}},
		{Name: "theme", files: func(ru *run) []file {
			names := slices.Sorted(maps.Keys(ru.r.theme))
			fs := make([]file, 0, len(names))
			for _, name := range names {
				b := ru.r.theme[name]
				fs = append(fs, file{path: "theme/" + name, src: "the theme's " + name,
					render: func(*bytes.Buffer) ([]byte, error) { return b, nil }})
			}
			return fs
		}},
	}
}

// page is the file of a page built by build, about n (nil for none).
func (ru *run) page(p string, n *model.Node, build func() *Page) file {
	f := file{path: p, node: n, render: func(buf *bytes.Buffer) ([]byte, error) {
		if err := ru.execute(buf, build()); err != nil || !ru.rel {
			return nil, err
		}
		return relativize(buf.Bytes(), p), nil // nil: buf holds the page as it is
	}}
	if n != nil && n != ru.in.Graph.Home {
		f.src = n.Path
	}
	return f
}

// jobs lists every output file, in the order of pageTypes.
func (ru *run) jobs() []Job {
	var js []Job
	for _, t := range pageTypes() {
		for _, f := range t.files(ru) {
			sh := t.Shows
			sh.Node, sh.File = f.node, f.copies
			src := f.src
			if src == "" {
				src = "the site's own " + f.path
			}
			j := Job{Path: f.path, Node: f.node, Type: t.Name, shows: sh, src: src, r: ru.r, render: f.render}
			if f.index != nil {
				j.render, j.index = nil, f.index
			}
			if t.Name == "home" || sh.Node == nil {
				j.Node = nil
			}
			js = append(js, j)
		}
	}
	return js
}

// PagePath is the file of a node's page in the site (the home node's
// page is the site's index.html, an aggregate).
func PagePath(n *model.Node) string { return path.Join(n.URL, "index.html") }

// ref returns a node's reference: a link when the node is shown, its
// title alone when it is not (a draft).
func (ru *run) ref(n *model.Node) Ref {
	if e := ru.site.frags.nodes[n]; e != nil {
		return e.ref
	}
	return ru.newRef(n)
}

func (ru *run) newRef(n *model.Node) Ref {
	r := Ref{Title: n.Title(), Kind: string(n.Kind), Status: n.Front.Status, Stage: n.Front.Stage, frags: ru.site.frags, node: n}
	if ru.shown[n] {
		r.URL = ru.url(n)
	}
	return r
}

func (ru *run) refs(ns []*model.Node) []Ref {
	if len(ns) == 0 {
		return nil
	}
	out := make([]Ref, 0, len(ns))
	for _, n := range ns {
		if ru.shown[n] {
			out = append(out, ru.ref(n))
		}
	}
	return out
}

func (ru *run) findings(n *model.Node) []Finding {
	var out []Finding
	for _, d := range ru.diagsOf[n.Path] {
		out = append(out, Finding{Severity: d.Severity.String(), Rule: d.Rule, Message: d.Message,
			Where: fmt.Sprintf("%s:%d:%d", d.Pos.File, d.Pos.Line, d.Pos.Col)})
	}
	return out
}

func (ru *run) plainPage(n *model.Node) *Page {
	body := ru.mustBody(n)
	return &Page{Site: ru.site, Title: n.Title(), URL: ru.url(n), Template: "page.html", Description: n.Front.Summary,
		Plain: &PlainView{Summary: n.Front.Summary, Body: body, Titled: opensWithH1(body), Backlinks: ru.refs(ru.backs[n]),
			Source: n.Path, EditURL: editURL(ru.in.Config.EditURL, n.Path)}}
}

// mustBody renders a body; a render error becomes visible text, since
// goldmark's renderer only fails on a failing writer, which a buffer is not.
func (ru *run) mustBody(n *model.Node) (h template.HTML) {
	b, err := ru.body(n)
	if err != nil {
		return template.HTML("<p>" + template.HTMLEscapeString(err.Error()) + "</p>")
	}
	return b
}

func (ru *run) listPage(k document.Kind) *Page {
	lv := &ListView{Intro: k.Info().Description}
	var nodes []*model.Node
	for _, n := range ru.visible {
		if n.Kind == k {
			nodes = append(nodes, n)
		}
	}
	if k == document.Review { // newest first
		slices.SortStableFunc(nodes, func(a, b *model.Node) int { return b.Front.Date.Compare(a.Front.Date) })
	}
	for _, n := range nodes {
		if k == document.Signal {
			fig := ru.figureOf(n)
			lv.Scorecard = append(lv.Scorecard, ScoreRow{SignalFigure: fig, Owner: ru.ownerRef(n)})
			lv.Tally[progressRank(fig.State)]++
		}
		e := ListEntry{Ref: ru.ref(n), Summary: n.Front.Summary, Owner: ru.ownerRef(n)}
		var meta []string
		if k == document.Initiative {
			for _, d := range n.Targets("advances") {
				meta = append(meta, "→ "+d.Title())
			}
		}
		if k == document.Review && !n.Front.Date.IsZero() {
			meta = append(meta, n.Front.Date.Format("2 January 2006"))
		}
		e.Meta = strings.Join(meta, " · ")
		lv.Items = append(lv.Items, e)
	}
	if k == document.Initiative {
		ru.workList(lv, nodes)
	}
	order := progressOrder()
	for i, n := range lv.Tally {
		if n > 0 {
			lv.Counts = append(lv.Counts, ProgressCount{State: string(order[i]), Text: progressText(order[i]), N: n})
		}
	}
	return &Page{Site: ru.site, Title: kindTitle(k), URL: ru.pageURL(k.Folder() + "/"), Section: k.Folder(), Template: "list.html", List: lv}
}

// workList groups the initiatives under each direction they advance, in
// the order of the directions' own list, with the filters of the list's
// script. Within a group, the work in hand comes first: by status in the
// kind's order of statuses, active first, then by due date, then title.
func (ru *run) workList(lv *ListView, inis []*model.Node) {
	if len(inis) == 0 {
		return
	}
	statuses, _ := document.StatusValues(document.Initiative)
	rank := func(n *model.Node) int {
		if n.Active() {
			return -1
		}
		return slices.Index(statuses, n.Front.Status)
	}
	slices.SortStableFunc(inis, func(a, b *model.Node) int {
		if c := cmp.Compare(rank(a), rank(b)); c != 0 {
			return c
		}
		if a.Front.Due.IsZero() != b.Front.Due.IsZero() {
			return cmp.Compare(boolInt(a.Front.Due.IsZero()), boolInt(b.Front.Due.IsZero()))
		}
		if c := a.Front.Due.Compare(b.Front.Due); c != 0 {
			return c
		}
		return cmp.Compare(a.Title(), b.Title())
	})
	groups := map[*model.Node]*WorkGroup{}
	var (
		none  WorkGroup
		order []*model.Node
	)
	for _, d := range ru.visible {
		if d.Kind == document.Direction {
			groups[d] = &WorkGroup{Dir: ru.ref(d), ID: "dir-" + d.ID}
			order = append(order, d)
		}
	}
	owners := map[string]bool{}
	for _, n := range inis {
		var dirs []*model.Node
		for _, d := range n.Targets("advances") {
			if ru.shown[d] && groups[d] != nil && !slices.Contains(dirs, d) {
				dirs = append(dirs, d)
			}
		}
		row := WorkRow{ID: n.ID, Summary: n.Front.Summary, Stage: n.Front.Stage, Status: n.Front.Status,
			Owner: ru.ownerRef(n), Effort: n.Front.Effort}
		row.Ref = ru.ref(n)
		row.Ref.Status = ""
		if due := n.Front.Due; !due.IsZero() {
			row.Due = due.Format("2 Jan 2006")
			row.Overdue = n.Active() && due.Before(ru.in.Today)
		}
		if row.Owner.Title != "" {
			owners[row.Owner.Title] = true
		}
		if len(dirs) == 0 {
			none.Rows = append(none.Rows, row)
			continue
		}
		for _, d := range dirs {
			r := row
			for _, o := range dirs {
				if o != d {
					ref := ru.ref(o)
					ref.Status = ""
					r.Also = append(r.Also, ref)
				}
			}
			groups[d].Rows = append(groups[d].Rows, r)
		}
	}
	for _, d := range order {
		lv.Work = append(lv.Work, *groups[d])
	}
	if len(none.Rows) > 0 {
		none.ID = "dir-none"
		lv.Work = append(lv.Work, none)
	}
	var stages, sts []string
	for _, st := range document.Stages() {
		if slices.ContainsFunc(inis, func(n *model.Node) bool { return n.Front.Stage == st }) {
			stages = append(stages, st)
		}
	}
	for _, st := range statuses {
		if slices.ContainsFunc(inis, func(n *model.Node) bool { return n.Front.Status == st }) {
			sts = append(sts, st)
		}
	}
	lv.Filters = []Filter{{Name: "status", Label: "Status", Options: sts}, {Name: "stage", Label: "Stage", Options: stages}}
	if len(owners) > 0 {
		lv.Filters = append(lv.Filters, Filter{Name: "owner", Label: "Owner", Options: slices.Sorted(maps.Keys(owners))})
	}
	lv.Script = ru.pageURL(ru.r.themeURL["filter.js"])
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
