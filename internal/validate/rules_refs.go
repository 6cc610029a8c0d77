package validate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
)

// duplicates reports id/duplicate at the later file, naming the earlier.
func duplicates(s scope, _ Options) []diag.Diagnostic {
	g := s.g
	var out []diag.Diagnostic
	for _, n := range g.Duplicates {
		first := g.ByID[n.ID]
		d := diag.New(n.Front.At("id"), diag.IDDuplicate, "id %q is already used by %s", n.ID, first.Path)
		d.Related = []diag.Pos{first.Front.At("id")}
		out = append(out, d)
	}
	return out
}

// references reports ref/unknown and ref/kind at the list item.
func references(s scope, _ Options) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, r := range s.refs {
		want := kindList(r.Kinds)
		switch {
		case r.Unread:
			// The file that holds the id could not be read; its own
			// diagnostic is the only one.
		case r.To == nil:
			out = append(out, diag.New(r.Item.Pos, diag.RefUnknown, "%s names %q, which is no %s%s",
				r.Field, r.Item.Value, want, suggestID(s.g, r.Item.Value, r.Kinds)))
		case !slices.Contains(r.Kinds, r.To.Kind):
			out = append(out, diag.New(r.Item.Pos, diag.RefKind, "%s names %q, which is %s, not %s",
				r.Field, r.Item.Value, r.To.Kind.Article(), document.Article(want)))
		}
	}
	return out
}

// suggestID proposes the closest id among nodes of the wanted kinds.
func suggestID(g *model.Graph, id string, kinds []document.Kind) string {
	var cands []string
	for _, n := range g.Nodes {
		if slices.Contains(kinds, n.Kind) {
			cands = append(cands, n.ID)
		}
	}
	if s := diag.Suggest(id, cands); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return ""
}

func kindList(ks []document.Kind) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, " or ")
}

// links reports link/broken at the link in the body.
func links(s scope, _ Options) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, n := range s.nodes {
		for _, t := range n.Links {
			if t.Broken == "" {
				continue
			}
			hint := ""
			if t.Link.Wiki && t.Node == nil {
				id, _, _ := strings.Cut(t.Link.Dest, "#")
				if sug := diag.Suggest(id, s.g.IDs()); sug != "" {
					hint = fmt.Sprintf("; did you mean %q?", sug)
				}
			}
			out = append(out, diag.New(n.LinkPos(t.Link), diag.LinkBroken, "broken link %s: %s%s", linkText(t), t.Broken, hint))
		}
	}
	return out
}

func linkText(t *model.LinkTarget) string {
	if t.Link.Wiki {
		return "[[" + t.Link.Dest + "]]"
	}
	return fmt.Sprintf("(%s)", t.Link.Dest)
}
