package document

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bearing-dev/bearing/internal/diag"
)

// checkFields applies the schema of a kind to one file: unknown fields,
// required fields, and statuses. Cross-file rules live in validate.
func checkFields(f *Front, k Kind) []diag.Diagnostic {
	var out []diag.Diagnostic
	own := kindFields[k]
	names := make([]string, len(own))
	for i, fd := range own {
		names[i] = fd.Name
	}
	for _, key := range f.keys {
		if !slices.Contains(names, key.name) {
			out = append(out, unknownField(f, key, k, names))
		}
	}
	for _, key := range f.unknown {
		out = append(out, unknownField(f, key, k, names))
	}
	if values, def := StatusValues(k); values != nil {
		switch {
		case f.Status == "":
			f.Status = def
		case !slices.Contains(values, f.Status):
			out = append(out, diag.New(f.At("status"), diag.SchemaValue, "status %q is not one of %s for %s%s",
				f.Status, strings.Join(values, ", "), k.Article(), didYouMean(f.Status, values)))
			f.Status = def
		}
	}
	for _, fd := range own {
		if p, ok := fd.at(f).(*string); ok && fd.Default != "" && *p == "" {
			*p = fd.Default // an absent enum holds its default
		}
	}
	for _, fd := range own {
		if fd.Name == "title" && k == Page && f.Format == "" {
			continue // a page without frontmatter is titled by its heading or name
		}
		if fd.Required && !f.invalid[fd.Name] && empty(f, fd) {
			what := "missing"
			if f.Has(fd.Name) {
				what = "empty"
			}
			out = append(out, diag.New(f.At(fd.Name), diag.SchemaRequired, "required field %q is %s", fd.Name, what))
		}
	}
	if !f.Draft {
		out = append(out, placeholders(f, own)...)
	}
	if k == Signal && f.Data == "" {
		out = append(out, settleReadings(f)...) // else once the data file is read
	}
	if !f.Start.IsZero() && !f.Due.IsZero() && f.Start.After(f.Due) {
		out = append(out, diag.New(f.At("start"), diag.SchemaValue, "start %s is after due %s",
			f.Start.Format(time.DateOnly), f.Due.Format(time.DateOnly)))
	}
	return out
}

// placeholders reports schema/placeholder for each required text of a
// published node that still reads TODO, as bearing new writes it: such a
// file passed every other check and would publish "TODO" as strategy.
func placeholders(f *Front, own []Field) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, fd := range own {
		if !fd.Required {
			continue
		}
		for _, t := range texts(f, fd) {
			if strings.HasPrefix(t.Value, "TODO") {
				pos := t.Pos
				if pos.Line == 0 {
					pos = f.At(fd.Name)
				}
				out = append(out, diag.New(pos, diag.SchemaPlaceholder, "%s still reads %q: write it, or set draft: true until it is written", fd.Name, clip(t.Value, 60)))
			}
		}
	}
	return out
}

// texts returns the text a field holds, each with its position when it
// is a list item; a field without text returns nothing.
func texts(f *Front, fd Field) []Item {
	switch v := fd.Get(f).(type) {
	case string:
		return []Item{{Value: v}}
	case []Item:
		return v
	case []Assumption:
		out := make([]Item, len(v))
		for i, a := range v {
			out[i] = Item{Value: a.Claim, Pos: a.Pos}
		}
		return out
	case []NonGoal:
		out := make([]Item, len(v))
		for i, g := range v {
			out[i] = Item{Value: g.Statement, Pos: g.Pos}
		}
		return out
	}
	return nil
}

// clip shortens s to at most n runes, marking the cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// empty reports whether a field holds no usable value.
func empty(f *Front, fd Field) bool {
	switch v := fd.Get(f).(type) {
	case string:
		return v == ""
	case []Item:
		return len(v) == 0
	case []Assumption:
		return len(v) == 0
	case []NonGoal:
		return len(v) == 0
	case []Decision:
		return len(v) == 0
	case []Reading:
		return len(v) == 0
	case time.Time:
		return v.IsZero()
	case *float64:
		return v == nil
	}
	return !f.Has(fd.Name) // bool and int: only absence is empty
}

// unknownField reports a field the kind does not have: the kinds that do
// have it, or the closest field the kind has.
func unknownField(f *Front, key fieldKey, k Kind, names []string) diag.Diagnostic {
	msg := fmt.Sprintf("unknown field %q for %s", key.name, k.Article())
	if fd, ok := lookup(key.name); ok {
		kinds := make([]string, len(fd.Kinds))
		for i, ok := range fd.Kinds {
			kinds[i] = string(ok) + "s"
		}
		msg += fmt.Sprintf(" (only %s have it)", strings.Join(kinds, " and "))
	} else {
		msg += didYouMean(key.name, names)
	}
	pos := diag.Pos{File: f.Pos.File, Line: int(key.line), Col: int(key.col)}
	return diag.New(pos, diag.SchemaUnknownField, "%s", msg)
}
