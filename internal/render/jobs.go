package render

import (
	"bytes"
	"fmt"
	"html/template"
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
	for _, k := range []document.Kind{document.Direction, document.Initiative, document.Signal, document.Review} {
		s.Nav = append(s.Nav, NavLink{kindTitle(k), ru.pageURL(k.Folder() + "/"), k.Folder()})
	}
	s.Nav = append(s.Nav,
		NavLink{"Stages", ru.pageURL("stages/"), "stages"},
		NavLink{"Matrix", ru.pageURL("matrix/"), "matrix"},
		NavLink{"Health", ru.pageURL("health/"), "health"},
		NavLink{"Search", ru.pageURL("search/"), "search"},
	)
	return s
}

func kindTitle(k document.Kind) string {
	return strings.ToUpper(k.Folder()[:1]) + k.Folder()[1:]
}

// jobs lists every output file: aggregate pages and data files first,
// largest first, since each grows with the whole playbook (they are the
// jobs marked Whole); then node pages, content assets and the theme.
func (ru *run) jobs() []Job {
	var js []Job
	page := func(p string, n *model.Node, build func() *Page) {
		src := "the site's own " + p
		if n != nil {
			src = n.Path
		}
		js = append(js, Job{Path: p, Node: n, src: src, r: ru.r, whole: n == nil,
			render: func(buf *bytes.Buffer) ([]byte, error) { return nil, ru.execute(buf, build()) }})
	}
	data := func(p string, f func() ([]byte, error)) {
		js = append(js, Job{Path: p, src: "the site's own " + p, r: ru.r, whole: true,
			render: func(*bytes.Buffer) ([]byte, error) { return f() }})
	}
	page("index.html", nil, ru.homePage) // aggregate: shows every node
	page("matrix/index.html", nil, ru.matrixPage)
	page("stages/index.html", nil, ru.stagesPage)
	for _, k := range []document.Kind{document.Initiative, document.Signal, document.Direction, document.Review} {
		page(k.Folder()+"/index.html", nil, func() *Page { return ru.listPage(k) })
	}
	data("search-index.json", ru.searchIndex)
	data("alignment.json", ru.alignmentJSON)
	data("sitemap.xml", ru.sitemap)
	page("health/index.html", nil, ru.healthPage)
	page("search/index.html", nil, func() *Page {
		return &Page{Site: ru.site, Title: "Search", URL: ru.pageURL("search/"), Section: "search", Template: "search.html"}
	})
	page("404.html", nil, func() *Page {
		return &Page{Site: ru.site, Title: "Page not found", URL: ru.pageURL("404.html"), Section: "", Template: "404.html"}
	})
	for _, n := range ru.visible {
		if n == ru.in.Graph.Home {
			continue
		}
		p := PagePath(n)
		if n.Kind == document.Page {
			page(p, n, func() *Page { return ru.plainPage(n) })
		} else {
			page(p, n, func() *Page { return ru.nodePage(n) })
		}
	}
	for _, f := range ru.in.Assets {
		js = append(js, Job{Path: f.Path, src: "content/" + f.Path, r: ru.r, render: func(*bytes.Buffer) ([]byte, error) { return f.Data, nil }})
	}
	names := make([]string, 0, len(ru.r.theme))
	for name := range ru.r.theme {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		b := ru.r.theme[name]
		js = append(js, Job{Path: "theme/" + name, src: "the theme's " + name, r: ru.r,
			render: func(*bytes.Buffer) ([]byte, error) { return b, nil }})
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
		Plain: &PlainView{Summary: n.Front.Summary, Body: body, Titled: opensWithH1(body), Backlinks: ru.refs(ru.backs[n])}}
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
	intros := map[document.Kind]string{
		document.Direction:  "A direction is a coherent positioning logic: the problem, for whom, why we win, what must be true, and what we will not do.",
		document.Initiative: "An initiative is a unit of work. Every one must advance a direction; its stage may not run ahead of the direction's.",
		document.Signal:     "A signal is a metric tied to the strategy: the feedback loop that shows whether direction and work are paying off.",
		document.Review:     "A review is a recalibration: what was decided for each direction, and which work was cut.",
	}
	lv := &ListView{Intro: intros[k]}
	for _, n := range ru.visible {
		if n.Kind != k {
			continue
		}
		e := ListEntry{Ref: ru.ref(n), Summary: n.Front.Summary}
		var meta []string
		if n.Front.Owner != "" {
			meta = append(meta, n.Front.Owner)
		}
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
	return &Page{Site: ru.site, Title: kindTitle(k), URL: ru.pageURL(k.Folder() + "/"), Section: k.Folder(), Template: "list.html", List: lv}
}
