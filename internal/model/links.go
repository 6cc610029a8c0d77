package model

import (
	"fmt"
	"net/url"
	"path"
	"runtime"
	"strings"
	"sync"

	"github.com/bearing-dev/bearing/internal/markdown"
	"github.com/bearing-dev/bearing/internal/source"
)

// resolveLinks finds where each link of a node's body points. It only
// reads the graph, so nodes may be resolved at once. A node's targets are
// made in one block: a playbook has some twenty links per body.
func (g *Graph) resolveLinks(n *Node) []*LinkTarget {
	if len(n.Body.Links) == 0 {
		return nil
	}
	ts := make([]LinkTarget, len(n.Body.Links))
	out := make([]*LinkTarget, len(n.Body.Links))
	for i, l := range n.Body.Links {
		out[i] = &ts[i]
		g.resolveLink(&ts[i], n, l)
	}
	return out
}

// resolveAllLinks resolves every node's links, on every core.
func (g *Graph) resolveAllLinks() {
	workers := min(runtime.GOMAXPROCS(0), len(g.Nodes)/256+1)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(g.Nodes); i += workers {
				g.Nodes[i].Links = g.resolveLinks(g.Nodes[i])
			}
		})
	}
	wg.Wait()
}

// resolveLink fills t with where l, a link in from's body, points.
func (g *Graph) resolveLink(t *LinkTarget, from *Node, l *markdown.Link) {
	*t = LinkTarget{Link: l}
	if l.Wiki {
		id, frag, _ := strings.Cut(l.Dest, "#")
		t.Fragment = frag
		if t.Node = g.ByID[strings.TrimSpace(id)]; t.Node == nil {
			if t.Unread = g.isUnread(strings.TrimSpace(id)); !t.Unread {
				t.Broken = fmt.Sprintf("no node has the id %q", id)
			}
			return
		}
		g.checkFragment(t)
		return
	}
	dest := markdown.Destination(l.Dest)
	if dest == "" || markdown.HasScheme(dest) || strings.HasPrefix(dest, "/") || strings.HasPrefix(dest, "//") {
		t.External = true
		return
	}
	rawPath, frag, _ := strings.Cut(dest, "#")
	rawPath, _, _ = strings.Cut(rawPath, "?")
	t.Fragment = frag
	if rawPath == "" { // #heading in the same page
		t.Node = from
		g.checkFragment(t)
		return
	}
	p, err := url.PathUnescape(rawPath)
	if err != nil {
		p = rawPath
	}
	target := path.Join(path.Dir(source.ContentPath(from.Path)), p)
	if strings.HasPrefix(target, "../") || target == ".." {
		t.Broken = fmt.Sprintf("%q points outside content/", dest)
		return
	}
	if source.IsMarkdown(target) {
		if g.unreadable[target] {
			t.Unread = true // the file exists but is broken; its own diagnostic says so
			return
		}
		if t.Node = g.byPath[target]; t.Node == nil {
			t.Broken = fmt.Sprintf("no file content/%s", target)
			return
		}
		g.checkFragment(t)
		return
	}
	if g.assets[target] {
		t.Asset = target
		return
	}
	// A link to a folder or page URL written by hand: accept it if some
	// page lives there, else report it.
	for _, cand := range []string{target + ".md", target + "/index.md", target + "/_index.md"} {
		if nd := g.byPath[strings.TrimPrefix(cand, "./")]; nd != nil {
			t.Node, t.Fallback = nd, true
			g.checkFragment(t)
			return
		}
	}
	t.Broken = fmt.Sprintf("no file content/%s", target)
}

func (g *Graph) checkFragment(t *LinkTarget) {
	if t.Fragment != "" && !t.Node.Body.HasHeading(t.Fragment) {
		t.Broken = fmt.Sprintf("%s has no heading #%s", t.Node.Path, t.Fragment)
	}
}
