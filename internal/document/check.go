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
	all := Schema()
	keys := f.Fields()
	slices.Sort(keys)
	for _, key := range keys {
		if slices.Contains(names, key) {
			continue
		}
		msg := fmt.Sprintf("unknown field %q for a %s", key, k)
		if i := slices.IndexFunc(all, func(fd Field) bool { return fd.Name == key }); i >= 0 {
			var kinds []string
			for _, ok := range all[i].Kinds {
				kinds = append(kinds, string(ok)+"s")
			}
			msg += fmt.Sprintf(" (only %s have it)", strings.Join(kinds, " and "))
		} else {
			msg += didYouMean(key, names)
		}
		out = append(out, diag.New(f.At(key), diag.SchemaUnknownField, "%s", msg))
	}
	if values, def := StatusValues(k); values != nil {
		switch {
		case f.Status == "":
			f.Status = def
		case !slices.Contains(values, f.Status):
			out = append(out, diag.New(f.At("status"), diag.SchemaValue, "status %q is not one of %s for a %s%s",
				f.Status, strings.Join(values, ", "), k, didYouMean(f.Status, values)))
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
