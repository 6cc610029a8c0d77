package document

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/yamlerr"
	"go.yaml.in/yaml/v3"
)

// maxAliasDepth bounds how many aliases are followed for one value. The
// decoder never walks more than three levels deep, so together with this
// bound an alias bomb costs time linear in the file size.
const maxAliasDepth = 4

// parseFront parses raw frontmatter into a YAML node tree, converting TOML
// into the same shape so both formats share one decoder.
// A history written one plain reading a line is read from its lines
// (liftHistory), and returned apart; nil otherwise.
func parseFront(sp parts, file string) (*yaml.Node, *historyLines, *diag.Diagnostic) {
	if sp.format == "toml" {
		if h, blanked, ok := liftTOMLHistory(sp.raw); ok {
			lifted := sp
			lifted.raw = blanked
			if root, d := tomlToNode(lifted, file); d == nil && root != nil && h.foundTOML(root) {
				return root, &h, nil
			}
		}
		root, d := tomlToNode(sp, file)
		return root, nil, d
	}
	if h, blanked, ok := liftHistory(sp.raw); ok {
		var doc yaml.Node
		if yaml.Unmarshal(blanked, &doc) == nil && doc.Kind != 0 && len(doc.Content) > 0 &&
			doc.Content[0].Kind == yaml.MappingNode && h.found(doc.Content[0]) {
			return doc.Content[0], &h, nil
		}
		// Else YAML reads it all as written, and reports what it finds.
	}
	root, d := parseYAML(sp, file)
	return root, nil, d
}

// parseYAML parses YAML frontmatter into a node tree.
func parseYAML(sp parts, file string) (*yaml.Node, *diag.Diagnostic) {
	var doc yaml.Node
	if err := yaml.Unmarshal(sp.raw, &doc); err != nil {
		line := sp.openLine
		n, msg := yamlerr.Line(err)
		if n > 0 {
			line = sp.contentLine + n - 1
		}
		if strings.Contains(msg, "cannot start any token") && hasTabIndent(sp.raw) {
			msg += " (YAML does not allow tabs for indentation; use spaces)"
		}
		d := diag.New(diag.Pos{File: file, Line: line, Col: 1}, diag.ParseFrontmatter, "invalid YAML frontmatter: %s", msg)
		return nil, &d
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil // empty frontmatter: no fields
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return nil, nil
	}
	if root.Kind != yaml.MappingNode {
		pos := diag.Pos{File: file, Line: sp.contentLine + root.Line - 1, Col: root.Column}
		d := diag.New(pos, diag.ParseFrontmatter, "frontmatter must be a map of fields (key: value), not %s", describe(root))
		return nil, &d
	}
	return root, nil
}

func hasTabIndent(raw []byte) bool {
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(strings.TrimLeft(line, " "), "\t") {
			return true
		}
	}
	return false
}

// decoder turns the frontmatter's node tree into a Front.
type decoder struct {
	file       string
	lineOffset int
	front      *Front
	diags      []diag.Diagnostic
	// toml is set for TOML frontmatter, whose text is always quoted.
	toml bool
	// unknownAt holds where each unknown field was first set, to report
	// a repeat; nil until the first unknown field.
	unknownAt map[string]diag.Pos
	// lines is the history read from its lines, nil if none was.
	lines *historyLines
}

func (d *decoder) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: d.file, Line: d.lineOffset + n.Line, Col: n.Column}
}

func (d *decoder) report(n *yaml.Node, rule, format string, args ...any) {
	d.diags = append(d.diags, diag.New(d.pos(n), rule, format, args...))
}

// resolve follows aliases, at most maxAliasDepth of them.
// The value returned for an alias is a shallow copy placed where the alias
// is used, so a problem with it is reported there, not at the anchor.
func (d *decoder) resolve(n *yaml.Node) *yaml.Node {
	use := n
	for i := 0; n != nil && n.Kind == yaml.AliasNode; i++ {
		if i == maxAliasDepth {
			d.report(n, diag.ParseFrontmatter, "too many nested aliases")
			return nil
		}
		n = n.Alias
	}
	if n != nil && n != use {
		c := *n
		c.Line, c.Column = use.Line, use.Column
		n = &c
	}
	return n
}

func (d *decoder) decodeRoot(root *yaml.Node) {
	if root == nil {
		return
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.report(k, diag.ParseFrontmatter, "field names must be plain words, not %s", describe(k))
			continue
		}
		name := k.Value
		f, known := lookup(name)
		if prev, dup := d.seen(name, known, d.pos(k)); dup {
			d.diags = append(d.diags, diag.Diagnostic{
				Pos: d.pos(k), Severity: diag.Error, Rule: diag.ParseFrontmatter,
				Message: fmt.Sprintf("duplicate field %q (first set on line %d)", name, prev.Line),
				Related: []diag.Pos{prev},
			})
			continue
		}
		if !known {
			d.front.setUnknown(name, d.pos(k))
			continue // reported by checkFields, which knows the kind
		}
		d.front.setKey(name, d.pos(k))
		if v = d.resolve(v); v == nil {
			continue
		}
		if d.lines != nil && k == d.lines.key {
			d.liftedReadings(f)
			continue
		}
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			continue // empty: as if absent, except for the required check
		}
		before := len(d.diags)
		d.decodeField(f, k, v)
		if len(d.diags) > before {
			// Already reported: the required check must not add that
			// a wrongly typed field is also "empty".
			if d.front.invalid == nil {
				d.front.invalid = map[string]bool{}
			}
			d.front.invalid[name] = true
		}
	}
}

// seen reports whether a field was already set in this file, and where.
// Known fields are few and looked up in the Front; unknown ones, of which
// a file may hold any number, in a map made for the first of them.
func (d *decoder) seen(name string, known bool, at diag.Pos) (diag.Pos, bool) {
	if known {
		return d.front.At(name), d.front.Has(name)
	}
	if prev, ok := d.unknownAt[name]; ok {
		return prev, true
	}
	if d.unknownAt == nil {
		d.unknownAt = map[string]diag.Pos{}
	}
	d.unknownAt[name] = at
	return diag.Pos{}, false
}

// decodeField decodes a field's value by its type into the place its row
// names in the Front.
func (d *decoder) decodeField(f Field, k, v *yaml.Node) {
	switch p := f.at(d.front).(type) {
	case *string:
		switch f.Type {
		case ID:
			*p = d.id(f, v)
		case Enum:
			*p, _ = d.enum(f, v, f.Values)
		case Cadence:
			*p = d.cadence(f, v)
		default:
			*p, _ = d.str(f, v)
		}
	case *[]Item:
		*p = d.items(f, v)
	case *bool:
		*p = d.bool(f, v)
	case *int:
		*p = d.int(f, v)
	case **float64:
		*p = d.number(f, v)
	case *time.Time:
		*p = d.date(f, v)
	case *[]Assumption:
		*p = d.assumptions(f, v)
	case *[]NonGoal:
		*p = d.nonGoals(f, v)
	case *[]Decision:
		*p = d.decisions(f, v)
	case *[]Reading:
		*p = d.readings(f, v)
	}
}

// id decodes a node id, suggesting the slug of a value that is not one.
func (d *decoder) id(f Field, v *yaml.Node) string {
	s, ok := d.str(f, v)
	if !ok {
		return ""
	}
	if !ValidID(s) {
		hint := ""
		if slug := Slug(s); slug != "" {
			hint = fmt.Sprintf("; did you mean %q?", slug)
		}
		d.report(v, diag.SchemaValue, "id %q is not valid: use lower-case letters, digits and hyphens%s", s, hint)
		return ""
	}
	return s
}

// str accepts any non-null YAML scalar: `title: 2027` is the string
// "2027", since YAML writers quote nothing. TOML text is always quoted, so
// a TOML number or boolean where text belongs is a mistake.
func (d *decoder) str(f Field, v *yaml.Node) (string, bool) {
	if v.Kind != yaml.ScalarNode || !d.textual(v) {
		d.report(v, diag.SchemaValue, "%s must be text, not %s", f.Name, describe(v))
		return "", false
	}
	return strings.TrimSpace(v.Value), true
}

// textual reports whether a scalar may be read as text: any YAML scalar,
// only a string in TOML.
func (d *decoder) textual(v *yaml.Node) bool {
	return !d.toml || v.Tag == "!!str"
}

// enum decodes one of values; nil values let any text through, for a
// set the kind decides (status).
func (d *decoder) enum(f Field, v *yaml.Node, values []string) (string, bool) {
	s, ok := d.str(f, v)
	if !ok {
		return "", false
	}
	if values != nil && !slices.Contains(values, s) {
		d.report(v, diag.SchemaValue, "%s %q is not one of %s%s", f.Name, s, strings.Join(values, ", "), didYouMean(s, values))
		return "", false
	}
	return s, true
}

func (d *decoder) bool(f Field, v *yaml.Node) bool {
	if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
		d.report(v, diag.SchemaValue, "%s must be true or false, not %s", f.Name, describe(v))
		return false
	}
	return v.Value == "true" || v.Value == "True" || v.Value == "TRUE"
}

func (d *decoder) int(f Field, v *yaml.Node) int {
	n, err := strconv.Atoi(v.Value)
	if v.Kind != yaml.ScalarNode || v.Tag != "!!int" || err != nil {
		d.report(v, diag.SchemaValue, "%s must be a whole number, not %s", f.Name, describe(v))
		return 0
	}
	if f.Max > 0 && (n < f.Min || n > f.Max) {
		d.report(v, diag.SchemaValue, "%s %d is out of range: it goes from %d to %d", f.Name, n, f.Min, f.Max)
		return 0
	}
	return n
}

func (d *decoder) number(f Field, v *yaml.Node) *float64 {
	if v.Kind == yaml.ScalarNode && (v.Tag == "!!int" || v.Tag == "!!float") {
		if x, err := strconv.ParseFloat(strings.ReplaceAll(v.Value, "_", ""), 64); err == nil {
			return &x
		}
	}
	d.report(v, diag.SchemaValue, "%s must be a number, not %s", f.Name, describe(v))
	return nil
}

func (d *decoder) date(f Field, v *yaml.Node) time.Time {
	if v.Kind != yaml.ScalarNode {
		d.report(v, diag.SchemaValue, "%s must be a date (YYYY-MM-DD), not %s", f.Name, describe(v))
		return time.Time{}
	}
	s := strings.TrimSpace(v.Value)
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		y, m, day := t.Date()
		return time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
	}
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		d.report(v, diag.SchemaValue, "%s %q is not a real date", f.Name, s)
	} else {
		d.report(v, diag.SchemaValue, "%s %q is not a date; write YYYY-MM-DD", f.Name, s)
	}
	return time.Time{}
}

// seq returns the items of a list; a single scalar counts as a list of one.
func (d *decoder) seq(f Field, v *yaml.Node) []*yaml.Node {
	switch v.Kind {
	case yaml.SequenceNode:
		out := make([]*yaml.Node, 0, len(v.Content))
		for _, c := range v.Content {
			if c = d.resolve(c); c != nil {
				out = append(out, c)
			}
		}
		return out
	case yaml.ScalarNode:
		return []*yaml.Node{v}
	}
	d.report(v, diag.SchemaValue, "%s must be a list, not %s", f.Name, describe(v))
	return nil
}

func (d *decoder) items(f Field, v *yaml.Node) []Item {
	var out []Item
	for _, c := range d.seq(f, v) {
		if c.Kind != yaml.ScalarNode || c.Tag == "!!null" || !d.textual(c) {
			d.report(c, diag.SchemaValue, "each item of %s must be text, not %s", f.Name, describe(c))
			continue
		}
		out = append(out, Item{Value: strings.TrimSpace(c.Value), Pos: d.pos(c)})
	}
	return out
}

func (d *decoder) assumptions(f Field, v *yaml.Node) []Assumption {
	var out []Assumption
	for _, c := range d.seq(f, v) {
		a := Assumption{Status: "untested", Pos: d.pos(c)}
		switch c.Kind {
		case yaml.ScalarNode:
			a.Claim, _ = d.str(f, c)
		case yaml.MappingNode:
			d.mapping(f, c, map[string]func(*yaml.Node){
				"claim":    func(n *yaml.Node) { a.Claim, _ = d.str(Field{Name: "claim"}, n) },
				"status":   func(n *yaml.Node) { a.Status, _ = d.enum(Field{Name: "status"}, n, AssumptionStatuses()) },
				"evidence": func(n *yaml.Node) { a.Evidence, _ = d.str(Field{Name: "evidence"}, n) },
			})
			if a.Status == "" {
				a.Status = "untested"
			}
		default:
			d.report(c, diag.SchemaValue, "each item of %s must be a claim or {claim, status, evidence}, not %s", f.Name, describe(c))
			continue
		}
		if a.Claim == "" {
			d.report(c, diag.SchemaRequired, "an assumption in %s has no claim", f.Name)
			continue
		}
		out = append(out, a)
	}
	return out
}

func (d *decoder) nonGoals(f Field, v *yaml.Node) []NonGoal {
	var out []NonGoal
	for _, c := range d.seq(f, v) {
		g := NonGoal{Pos: d.pos(c)}
		switch c.Kind {
		case yaml.ScalarNode:
			g.Statement, _ = d.str(f, c)
		case yaml.MappingNode:
			d.mapping(f, c, map[string]func(*yaml.Node){
				"statement": func(n *yaml.Node) { g.Statement, _ = d.str(Field{Name: "statement"}, n) },
				"tags": func(n *yaml.Node) {
					for _, t := range d.items(Field{Name: "tags"}, n) {
						g.Tags = append(g.Tags, t.Value)
					}
				},
			})
		default:
			d.report(c, diag.SchemaValue, "each item of %s must be a statement or {statement, tags}, not %s", f.Name, describe(c))
			continue
		}
		if g.Statement == "" {
			d.report(c, diag.SchemaRequired, "a non-goal in %s has no statement", f.Name)
			continue
		}
		out = append(out, g)
	}
	return out
}

func (d *decoder) decisions(f Field, v *yaml.Node) []Decision {
	if v.Kind != yaml.MappingNode {
		d.report(v, diag.SchemaValue, "%s must be a map of direction id to %s, not %s", f.Name, strings.Join(DecisionValues(), "|"), describe(v))
		return nil
	}
	var out []Decision
	seen := map[string]bool{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], d.resolve(v.Content[i+1])
		if val == nil {
			continue
		}
		if k.Kind != yaml.ScalarNode {
			d.report(k, diag.SchemaValue, "a key of %s must be a direction id", f.Name)
			continue
		}
		if seen[k.Value] {
			d.report(k, diag.ParseFrontmatter, "duplicate key %q in %s", k.Value, f.Name)
			continue
		}
		seen[k.Value] = true
		dec, ok := d.enum(Field{Name: "decision for " + k.Value}, val, DecisionValues())
		if ok {
			out = append(out, Decision{Direction: k.Value, Decision: dec, Pos: d.pos(k)})
		}
	}
	return out
}

// mapping decodes a nested map with the given setters, reporting unknown
// and duplicate keys.
//
// It runs for every item of a list (every reading of a signal), so it
// allocates nothing on the way: the keys seen are only keys of set, a
// handful, kept in a small array, and the names a message lists are
// sorted only for a message.
func (d *decoder) mapping(f Field, m *yaml.Node, set map[string]func(*yaml.Node)) {
	var seenBuf [8]string
	seen := seenBuf[:0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], d.resolve(m.Content[i+1])
		if v == nil {
			continue
		}
		fn, ok := set[k.Value]
		switch {
		case k.Kind != yaml.ScalarNode || !ok:
			names := slices.Sorted(maps.Keys(set))
			d.report(k, diag.SchemaUnknownField, "unknown key %q in an item of %s (it takes %s)%s", k.Value, f.Name, strings.Join(names, ", "), didYouMean(k.Value, names))
		case slices.Contains(seen, k.Value):
			d.report(k, diag.ParseFrontmatter, "duplicate key %q", k.Value)
		case v.Kind == yaml.ScalarNode && v.Tag == "!!null":
			seen = append(seen, k.Value)
		default:
			seen = append(seen, k.Value)
			fn(v)
		}
	}
}

func didYouMean(s string, candidates []string) string {
	if m := diag.Suggest(s, candidates); m != "" {
		return fmt.Sprintf("; did you mean %q?", m)
	}
	return ""
}

// describe names a node's type for messages: "a list", "a map", "the number 3".
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a map"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		v := n.Value
		if len(v) > 40 {
			v = v[:40] + "…"
		}
		switch n.Tag {
		case "!!int", "!!float":
			return "the number " + v
		case "!!bool":
			return v
		case "!!null":
			return "an empty value"
		}
		return fmt.Sprintf("%q", v)
	}
	return "an empty value"
}
