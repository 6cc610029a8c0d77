// Package schema owns the JSON Schema (draft 2020-12) of the frontmatter,
// generated from document.Schema() so that editors complete and check the
// same fields, types and values that `bearing check` does. It does no I/O
// and imports only document.
//
// The schema accepts what check accepts, so an editor never flags a file
// that check passes: a text field also takes a number or true/false (YAML
// reads `title: 2027` as a number; check reads it as text), a list field
// also takes a single value (a list of one), and an optional field may be
// left empty (null), as the archetypes of `bearing new` leave them. The
// converse does not hold: references to other nodes, links and the
// cross-file rules are only checked by check.
//
// A file's kind comes from its `kind` field, else from its folder, which a
// JSON Schema cannot see. The schema of every kind (All) therefore checks a
// file with a `kind` field against that kind and a file without one
// against every field of every kind; the schema of one kind (Of) is for an
// editor setting that maps each folder to its kind.
package schema

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/bearing-dev/bearing/internal/document"
)

// Dialect is the JSON Schema version of the generated schemas.
const Dialect = "https://json-schema.org/draft/2020-12/schema"

// idPattern is what document.ValidID accepts.
const idPattern = "^[a-z0-9][a-z0-9-]*$"

// anyKind names the $defs entry for a file whose kind the schema cannot
// tell: every field of every kind.
const anyKind = "any"

// All returns the schema of the frontmatter of every kind, as indented JSON.
func All() []byte {
	defs := object{}
	var branches []any
	for _, k := range document.Kinds() {
		defs = append(defs, member{string(k), kindSchema(k)})
		branches = append(branches, object{
			{"if", object{{"properties", object{{"kind", object{{"const", string(k)}}}}}, {"required", []any{"kind"}}}},
			{"then", object{{"$ref", "#/$defs/" + string(k)}}},
		})
	}
	defs = append(defs, member{anyKind, kindSchema("")})
	branches = append(branches, object{
		{"if", object{{"not", object{{"required", []any{"kind"}}}}}},
		{"then", object{{"$ref", "#/$defs/" + anyKind}}},
	})
	s := object{
		{"$schema", Dialect},
		{"title", "Bearing frontmatter"},
		{"description", "The frontmatter of a file in a Bearing playbook. A file that sets kind is checked against that kind; " +
			"one that does not is checked against the fields of every kind, since its kind comes from its folder. " +
			"For exact checks without a kind field, map each folder to the schema of `bearing schema --kind KIND`."},
		{"type", "object"},
		{"properties", object{{"kind", kindField(kindsDoc(), "")}}},
		{"allOf", branches},
		{"$defs", defs},
	}
	return encode(s)
}

// Of returns the schema of one kind's frontmatter, as indented JSON.
func Of(k document.Kind) []byte {
	if !slices.Contains(document.Kinds(), k) {
		panic(fmt.Sprintf("schema: unknown kind %q", k)) // the caller validates user input
	}
	s := object{{"$schema", Dialect}}
	return encode(append(s, kindSchema(k)...))
}

// kindSchema is the object schema of one kind; "" means any kind.
func kindSchema(k document.Kind) object {
	fields := document.Schema()
	title, desc := "Bearing frontmatter of any kind", "Every field of every kind; the kind-specific required fields and statuses are not checked."
	if k != "" {
		fields = document.FieldsOf(k)
		title = fmt.Sprintf("Bearing %s frontmatter", k)
		desc = "The frontmatter of " + k.Article()
		if f := k.Folder(); f != "" {
			desc += fmt.Sprintf(" (content/%s/, or kind: %s)", f, k)
		}
		desc += "."
	}
	props := object{}
	var required []any
	for _, f := range fields {
		req := mustHave(f, k)
		if k == "" {
			req = f.Required && f.Kinds == nil // a field every kind requires
		}
		if req {
			required = append(required, f.Name)
		}
		props = append(props, member{f.Name, fieldSchema(f, k, req)})
	}
	return object{
		{"title", title},
		{"description", desc},
		{"type", "object"},
		{"properties", props},
		{"required", required},
		{"additionalProperties", false},
	}
}

// mustHave reports whether a field of kind k must be present and not empty.
// A missing `advances` is an error too, reported as align/unmapped rather
// than schema/required, so the schema requires it as well.
func mustHave(f document.Field, k document.Kind) bool {
	return f.Required || (k == document.Initiative && f.Name == "advances")
}

// fieldSchema is the schema of one field's value in kind k ("" for any).
func fieldSchema(f document.Field, k document.Kind, required bool) object {
	var s object
	switch f.Type {
	case document.String:
		s = text(required)
	case document.ID:
		s = id(required)
	case document.Strings:
		s = list(scalar(), required)
	case document.Refs:
		s = list(id(true), required)
	case document.Bool:
		s = typed("boolean", required)
	case document.Int:
		s = typed("integer", required)
		if f.Max > 0 {
			s = append(s, member{"minimum", f.Min}, member{"maximum", f.Max})
		}
	case document.Number:
		s = typed("number", required)
	case document.Date:
		s = date(required)
	case document.Enum:
		values, def := f.Values, f.Default
		switch {
		case f.Name == "kind":
			return kindField(f.Doc, k)
		case f.Name == "status":
			values, def = document.StatusValues(k)
		}
		if values == nil {
			s = text(required)
		} else {
			s = enum(values, def, required)
		}
	case document.Assumptions:
		s = list(oneOf(text(true), record(object{
			{"claim", describe(text(true), "What must be true.")},
			{"status", describe(enum(document.AssumptionStatuses(), "untested", false), "How far the claim is tested.")},
			{"evidence", describe(text(false), "What shows the status.")},
		}, "claim")), required)
	case document.NonGoals:
		s = list(oneOf(text(true), record(object{
			{"statement", describe(text(true), "What we will not do.")},
			{"tags", describe(list(scalar(), false), "Tags an initiative must not carry (align/non-goal).")},
		}, "statement")), required)
	case document.Cadence:
		s = oneOf(enum(document.CadenceNames(), "", required),
			object{{"type", "string"}, {"pattern", "^[1-9][0-9]*[dwm]$"}})
	case document.Path:
		s = text(required)
	case document.Readings:
		s = list(record(object{
			{"date", describe(date(true), "The day of the reading.")},
			{"value", describe(typed("number", true), "The value read.")},
			{"note", describe(text(false), "What explains the value, if anything.")},
		}, "date", "value"), required)
	case document.Decisions:
		s = object{
			{"type", types("object", required)},
			{"propertyNames", object{{"pattern", idPattern}}},
			{"additionalProperties", object{{"enum", anys(document.DecisionValues())}}},
		}
	default:
		panic(fmt.Sprintf("schema: field %s has a type without a JSON Schema", f.Name))
	}
	return describe(s, f.Doc)
}

// kindField is the schema of the kind field: one kind's constant, or any
// kind when k is "".
func kindField(doc string, k document.Kind) object {
	if k != "" {
		return object{{"description", doc}, {"const", string(k)}}
	}
	var kinds []string
	for _, k := range document.Kinds() {
		kinds = append(kinds, string(k))
	}
	return object{{"description", doc}, {"enum", anys(kinds)}}
}

func kindsDoc() string {
	for _, f := range document.Schema() {
		if f.Name == "kind" {
			return f.Doc
		}
	}
	panic("schema: document.Schema has no kind field")
}

// types is a JSON type, or it and null when the value may be left empty.
func types(t string, required bool) any {
	if required {
		return t
	}
	return []any{t, "null"}
}

func typed(t string, required bool) object { return object{{"type", types(t, required)}} }

// text is a scalar that check reads as text. A required one must hold
// more than white space.
func text(required bool) object {
	ts := []any{"string", "number", "boolean"}
	if !required {
		return object{{"type", append(ts, "null")}}
	}
	return object{{"type", ts}, {"pattern", `\S`}}
}

// scalar is an item of a list of text: any value but null, a list or a map.
func scalar() object { return object{{"type", []any{"string", "number", "boolean"}}} }

// id is a node id; YAML reads an all-digit id as a number.
func id(required bool) object {
	ts := []any{"string", "integer"}
	if !required {
		ts = append(ts, "null")
	}
	return object{{"type", ts}, {"pattern", idPattern}, {"minimum", 0}}
}

// date is YYYY-MM-DD; check also takes an RFC 3339 date-time and keeps
// its date.
func date(required bool) object {
	alts := []any{
		object{{"type", "string"}, {"format", "date"}},
		object{{"type", "string"}, {"format", "date-time"}},
	}
	if !required {
		alts = append(alts, object{{"type", "null"}})
	}
	return object{{"anyOf", alts}}
}

func enum(values []string, def string, required bool) object {
	vs := anys(values)
	if !required {
		vs = append(vs, nil)
	}
	s := object{{"enum", vs}}
	if def != "" {
		s = append(s, member{"default", def})
	}
	return s
}

// list is a list of items, or a single item standing for a list of one.
func list(item object, required bool) object {
	arr := object{{"type", "array"}, {"items", item}}
	if required {
		arr = append(arr, member{"minItems", 1})
	}
	alts := []any{item, arr}
	if !required {
		alts = append(alts, object{{"type", "null"}})
	}
	return object{{"anyOf", alts}}
}

func oneOf(alts ...object) object {
	as := make([]any, len(alts))
	for i, a := range alts {
		as[i] = a
	}
	return object{{"anyOf", as}}
}

// record is a map with the given keys, of which those named are required.
func record(props object, required ...string) object {
	return object{
		{"type", "object"},
		{"properties", props},
		{"required", anys(required)},
		{"additionalProperties", false},
	}
}

// describe puts a description first in a schema.
func describe(s object, doc string) object {
	return append(object{{"description", doc}}, s...)
}

// anys converts strings for an enum.
func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func encode(s object) []byte {
	var b bytes.Buffer
	write(&b, s, "")
	b.WriteByte('\n')
	return b.Bytes()
}
