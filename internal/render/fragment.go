package render

import (
	"errors"
	"fmt"
	"html/template"
	"sync"

	"github.com/bearing-dev/bearing/internal/model"
)

// fragments memoizes, for one site render, the small templates a site
// repeats on many pages: "ref", a link to a node with its badges, and
// "nav", the main navigation of one section. Each distinct fragment is
// executed once and its HTML reused, instead of being executed again at
// every use: a 10,000-page playbook repeats references and navigation
// hundreds of thousands of times, and html/template calls its escapers
// through reflection for every value it prints.
//
// The fragments still come from the templates, so a playbook that
// overrides "ref" or "nav" in its templates/base.html sees its own.
type fragments struct {
	r *Renderer
	// nodes holds each node's reference as ref(n) makes it, the one most
	// pages show; it is filled before rendering starts and only read
	// after, so pages find it without locks or hashing a Ref.
	nodes map[*model.Node]*nodeRef
	refs  sync.Map // any other Ref → template.HTML
	navs  sync.Map // section → template.HTML
}

// nodeRef is a node's plain reference and, once drawn, its HTML and its
// label in maps.
type nodeRef struct {
	ref  Ref
	once sync.Once
	html template.HTML
	err  error

	labelOnce sync.Once
	label     *nodeLabel
}

// navData is what the "nav" template sees: the site and the section of
// the page, nothing page-specific, since its output is shared by every
// page of the section.
type navData struct {
	Site    *Site
	Section string
}

var errNoFragments = errors.New("this reference was not made by the renderer, so it cannot be drawn")

// ref returns the "ref" template's HTML for r.
func (f *fragments) ref(r Ref) (template.HTML, error) {
	if e := f.nodes[r.node]; e != nil && e.ref == r {
		e.once.Do(func() { e.html, e.err = f.execute("ref", r) })
		return e.html, e.err
	}
	if h, ok := f.refs.Load(r); ok {
		return h.(template.HTML), nil
	}
	h, err := f.execute("ref", r)
	if err != nil {
		return "", err
	}
	f.refs.Store(r, h)
	return h, nil
}

// nav returns the "nav" template's HTML for a section.
func (f *fragments) nav(s *Site, section string) (template.HTML, error) {
	if h, ok := f.navs.Load(section); ok {
		return h.(template.HTML), nil
	}
	h, err := f.execute("nav", navData{Site: s, Section: section})
	if err != nil {
		return "", err
	}
	f.navs.Store(section, h)
	return h, nil
}

func (f *fragments) execute(name string, data any) (template.HTML, error) {
	buf := f.r.getBuf()
	defer f.r.putBuf(buf)
	if err := f.r.tpl.ExecuteTemplate(buf, name, data); err != nil {
		return "", fmt.Errorf("template %q: %w", name, err)
	}
	// html/template escaped everything the fragment prints, in the text
	// context where pages insert it.
	return template.HTML(buf.String()), nil
}

// HTML is the reference as the "ref" template draws it.
func (r Ref) HTML() (template.HTML, error) {
	if r.frags == nil {
		return "", errNoFragments
	}
	return r.frags.ref(r)
}

// Nav is the main navigation as the "nav" template draws it for the
// page's section.
func (p *Page) Nav() (template.HTML, error) {
	if p.Site == nil || p.Site.frags == nil {
		return "", errNoFragments
	}
	return p.Site.frags.nav(p.Site, p.Section)
}
