package document

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bearing-dev/bearing/internal/diag"
)

// checkFields applies the schema of a kind to one file: unknown fields,
// required fields, and statuses. Cross-file rules live in validate.
func checkFields(f *Front, k Kind) []diag.Diagnostic {
	var out []diag.Diagnostic
	own := FieldsOf(k)
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
	if f.Stage == "" && (k == Direction || k == Initiative) {
		f.Stage = "validate"
	}
	if f.Better == "" && k == Signal {
		f.Better = "up"
	}
	for _, fd := range own {
		if fd.Required && !f.invalid[fd.Name] && empty(f, fd.Name) {
			what := "missing"
			if f.Has(fd.Name) {
				what = "empty"
			}
			out = append(out, diag.New(f.At(fd.Name), diag.SchemaRequired, "required field %q is %s", fd.Name, what))
		}
	}
	return out
}

// empty reports whether a field holds no usable value.
func empty(f *Front, name string) bool {
	switch name {
	case "title":
		return f.Title == ""
	case "problem":
		return f.Problem == ""
	case "for_whom":
		return f.ForWhom == ""
	case "why_we_win":
		return f.WhyWeWin == ""
	case "alternatives":
		return len(f.Alternatives) == 0
	case "must_be_true":
		return len(f.MustBeTrue) == 0
	case "non_goals":
		return len(f.NonGoals) == 0
	case "measures":
		return len(f.Measures) == 0
	case "date":
		return f.Date.IsZero()
	case "reviews":
		return len(f.Reviews) == 0
	}
	return !f.Has(name)
}

// unknownField reports a field the kind does not have: the kinds that do
// have it, or the closest field the kind has.
func unknownField(f *Front, key fieldKey, k Kind, names []string) diag.Diagnostic {
	msg := fmt.Sprintf("unknown field %q for %s", key.name, k.Article())
	if fd, ok := Lookup(key.name); ok {
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
