package render

import (
	"cmp"
	"slices"
	"strings"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
)

// plainPages are the shown plain pages but the home page's prose, in
// sections by their top folder under content/ (the pages at its top
// first, as "Pages"), each ordered by weight, then title.
func (ru *run) plainPages() []Group {
	at := map[string][]*model.Node{}
	var folders []string
	for _, n := range ru.visible {
		if n.Kind != document.Page || n == ru.in.Graph.Home {
			continue
		}
		folder := ""
		if rest, ok := strings.CutPrefix(n.Path, "content/"); ok {
			if i := strings.IndexByte(rest, '/'); i >= 0 {
				folder = rest[:i]
			}
		}
		if _, ok := at[folder]; !ok {
			folders = append(folders, folder)
		}
		at[folder] = append(at[folder], n)
	}
	slices.Sort(folders) // "" first
	var out []Group
	for _, f := range folders {
		ns := at[f]
		slices.SortStableFunc(ns, func(a, b *model.Node) int {
			return cmp.Or(cmp.Compare(a.Front.Weight, b.Front.Weight), strings.Compare(strings.ToLower(a.Title()), strings.ToLower(b.Title())))
		})
		label := "Pages"
		if f != "" {
			label = strings.ToUpper(f[:1]) + strings.ReplaceAll(f[1:], "-", " ")
		}
		out = append(out, Group{Label: label, Refs: ru.refs(ns)})
	}
	return out
}

func (ru *run) pagesPage() *Page {
	return &Page{Site: ru.site, Title: "Pages", URL: ru.pageURL("pages/"), Section: "pages", Template: "pages.html",
		Description: "The playbook's other pages: its story, principles and ways of working.", Pages: &PagesView{Sections: ru.plainPages()}}
}

// hasPlainPages reports whether the site has a plain page to list.
func (ru *run) hasPlainPages() bool {
	for _, n := range ru.visible {
		if n.Kind == document.Page && n != ru.in.Graph.Home {
			return true
		}
	}
	return false
}
