package model

import (
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/bearing-dev/bearing/internal/markdown"
	"github.com/bearing-dev/bearing/internal/source"
)

// resolveLinks finds where each link of a node's body points.
func (g *Graph) resolveLinks(n *Node) []*LinkTarget {
	var out []*LinkTarget
	for _, l := range n.Body.Links {
		out = append(out, g.resolveLink(n, l))
	}
	return out
}

func (g *Graph) resolveLink(from *Node, l *markdown.Link) *LinkTarget {
	t := &LinkTarget{Link: l}
	if l.Wiki {
		id, frag, _ := strings.Cut(l.Dest, "#")
		t.Fragment = frag
		if t.Node = g.ByID[strings.TrimSpace(id)]; t.Node == nil {
			t.Broken = fmt.Sprintf("no node has the id %q", id)
			return t
		}
		g.checkFragment(t)
		return t
	}
	dest := markdown.Destination(l.Dest)
	if dest == "" || markdown.HasScheme(dest) || strings.HasPrefix(dest, "/") || strings.HasPrefix(dest, "//") {
		t.External = true
		return t
	}
	rawPath, frag, _ := strings.Cut(dest, "#")
	rawPath, _, _ = strings.Cut(rawPath, "?")
	t.Fragment = frag
	if rawPath == "" { // #heading in the same page
		t.Node = from
		g.checkFragment(t)
		return t
	}
	p, err := url.PathUnescape(rawPath)
	if err != nil {
		p = rawPath
	}
	target := path.Join(path.Dir(source.ContentPath(from.Path)), p)
	if strings.HasPrefix(target, "../") || target == ".." {
		t.Broken = fmt.Sprintf("%q points outside content/", dest)
		return t
	}
	if source.IsMarkdown(target) {
		if g.unreadable[target] {
			return t // the file exists but is broken; its own diagnostic says so
		}
		if t.Node = g.byPath[target]; t.Node == nil {
			t.Broken = fmt.Sprintf("no file content/%s", target)
			return t
		}
		g.checkFragment(t)
		return t
	}
	if g.assets[target] {
		t.Asset = target
		return t
	}
	// A link to a folder or page URL written by hand: accept it if some
	// page lives there, else report it.
	for _, cand := range []string{target + ".md", target + "/index.md", target + "/_index.md"} {
		if nd := g.byPath[strings.TrimPrefix(cand, "./")]; nd != nil {
			t.Node = nd
			g.checkFragment(t)
			return t
		}
	}
	t.Broken = fmt.Sprintf("no file content/%s", target)
	return t
}

func (g *Graph) checkFragment(t *LinkTarget) {
	if t.Fragment != "" && !t.Node.Body.HasHeading(t.Fragment) {
		t.Broken = fmt.Sprintf("%s has no heading #%s", t.Node.Path, t.Fragment)
	}
}
