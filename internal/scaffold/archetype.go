package scaffold

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"unicode"

	"github.com/bearing-dev/bearing/internal/document"
)

// ArchetypeDir is the folder of a playbook's own archetypes:
// archetypes/KIND.md replaces the built-in archetype of KIND.
const ArchetypeDir = "archetypes"

// Vars are what an archetype may use, as Go text/template fields:
// {{.ID}}, {{.Title}}, {{.Kind}} and {{.Today}}.
type Vars struct {
	// ID is the new node's id, such as "carrier-network".
	ID string
	// Title is made from the id: "Carrier network".
	Title string
	// Kind is the node's kind, such as "initiative".
	Kind string
	// Today is the date as YYYY-MM-DD.
	Today string
}

// Expand executes an archetype, built in or a playbook's own, with v.
// name is what errors call the archetype, such as archetypes/signal.md.
func Expand(name string, archetype []byte, v Vars) ([]byte, error) {
	t, err := template.New(name).Option("missingkey=error").Parse(string(archetype))
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// bodies are the archetypes' Markdown below the frontmatter.
var bodies = map[document.Kind]string{
	document.Direction:  "## The bet\n\nTODO: the story of this direction: the context, the bet, and what would make us change course.\n",
	document.Initiative: "## The work\n\nTODO: what will be built or done, and how we will know it advanced the direction.\n",
	document.Signal:     "## How it is measured\n\nTODO: where the number comes from, and what a change in it would mean.\n",
	document.Review:     "## What we learned\n\nTODO: what the evidence showed, and why each decision was taken.\n",
	document.Page:       "TODO: write this page in Markdown.\n",
}

// Archetype returns the built-in archetype of a kind, a text/template for
// Expand. Every field of the kind is present, with a comment saying what
// it means and what it takes. Required fields hold TODO text to replace,
// except required references, which are left empty so that check names
// them until real ids are filled in; optional fields are left empty, which
// check reads as absent. The node starts as a draft, left out of the site
// until the TODOs are gone and draft is set to false.
func Archetype(k document.Kind) []byte {
	var b strings.Builder
	b.WriteString("---\n")
	comment(&b, "", k.Info().Description+" Every field is listed with what it takes. Replace each TODO, fill in or delete the empty fields, then set draft to false.")
	for _, f := range writingOrder(k) {
		b.WriteByte('\n')
		comment(&b, "", f.Doc+" "+takes(f, k))
		b.WriteString(f.Name + ":" + value(f, k) + "\n")
	}
	b.WriteString("---\n\n")
	b.WriteString(bodies[k])
	return []byte(b.String())
}

// writingOrder lists a kind's fields in the order a writer fills them in:
// the title, then what the kind is about (its required fields, then its
// other fields, as the field table orders them), then its status with the
// stage beside it, the fields every kind has, draft, and last id and
// kind, which default from the file's name and folder. A field the table
// gains finds its place without an edit here.
func writingOrder(k document.Kind) []document.Field {
	rank := func(f document.Field) int {
		switch f.Name {
		case "title":
			return 0
		case "status":
			return 3
		case "stage":
			return 4
		case "draft":
			return 6
		case "id", "kind":
			return 7
		}
		switch {
		case f.Kinds == nil:
			return 5 // owner, tags, summary: every kind has them
		case mustHave(f, k):
			return 1
		}
		return 2
	}
	fields := slices.Clone(document.FieldsOf(k))
	slices.SortStableFunc(fields, func(a, b document.Field) int { return cmp.Compare(rank(a), rank(b)) })
	return fields
}

// takes says what values a field takes.
func takes(f document.Field, k document.Kind) string {
	var s string
	switch f.Type {
	case document.String:
		if f.Name != "id" {
			s = "Text."
		}
	case document.Strings:
		s = "A list of text, such as [a, b]."
	case document.Refs:
		var kinds []string
		for _, rk := range f.RefKinds {
			kinds = append(kinds, string(rk))
		}
		s = fmt.Sprintf("A list of %s ids, such as [%s-id].", strings.Join(kinds, " or "), f.RefKinds[0])
	case document.Bool:
		s = "Either true or false."
	case document.Int:
		s = "A whole number."
	case document.Number:
		s = "A number."
	case document.Date:
		s = "A date, YYYY-MM-DD."
	case document.Enum:
		values, def := f.Values, f.Default
		if f.Name == "status" {
			values, def = document.StatusValues(k)
		}
		if values == nil {
			s = "Free text: " + k.Article() + " has no fixed set of statuses."
			break
		}
		s = "One of " + strings.Join(values, ", ")
		if def != "" {
			s += " (empty means " + def + ")"
		}
		s += "."
	case document.Assumptions:
		s = "A list; status is one of " + strings.Join(document.AssumptionStatuses(), ", ") + "."
	case document.NonGoals:
		s = "A list; an initiative carrying one of a non-goal's tags fails the check."
	case document.Decisions:
		s = "A map, such as {direction-id: " + document.DecisionValues()[0] + "}."
	}
	if mustHave(f, k) {
		if f.Type == document.String || f.Type == document.Date {
			s += " Required."
		} else {
			s += " Required: at least one."
		}
	}
	return strings.TrimSpace(s)
}

// mustHave reports whether check rejects a node of kind k without the
// field: a required field, or an initiative's advances (align/unmapped).
func mustHave(f document.Field, k document.Kind) bool {
	return f.Required || (k == document.Initiative && f.Name == "advances")
}

// value is what follows "name:" in the archetype, starting with a space
// or a newline; "" leaves the field empty.
func value(f document.Field, k document.Kind) string {
	switch f.Name {
	case "kind":
		return " " + string(k)
	case "title":
		return " {{.Title}}"
	case "draft":
		return " true"
	case "date":
		return " {{.Today}}"
	}
	switch f.Type {
	case document.Strings, document.Refs:
		if f.Required && f.Type == document.Strings {
			return "\n  - " + todo(f.Doc)
		}
		return " []"
	case document.Assumptions:
		return "\n  - claim: " + todo("Something that must be true for this direction to win.") + "\n    status: untested\n    evidence:"
	case document.NonGoals:
		return "\n  - statement: " + todo("Something we will not do.") + "\n    tags: []"
	case document.Decisions:
		return " {}"
	}
	if f.Required {
		return " " + todo(f.Doc)
	}
	return ""
}

// todo turns a field's doc sentence into placeholder text: "What problem
// we solve." becomes "TODO: what problem we solve.", quoted for YAML.
func todo(doc string) string {
	r := []rune(doc)
	r[0] = unicode.ToLower(r[0])
	return strconv.Quote("TODO: " + string(r))
}

// comment writes text as YAML comment lines of at most 78 columns.
func comment(b *strings.Builder, indent, text string) {
	line := indent + "#"
	for _, w := range strings.Fields(text) {
		if len(line)+1+len(w) > 78 && len(line) > len(indent)+1 {
			b.WriteString(line + "\n")
			line = indent + "#"
		}
		line += " " + w
	}
	b.WriteString(line + "\n")
}
