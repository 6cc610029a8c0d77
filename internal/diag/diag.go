// Package diag owns positions and diagnostics: where a problem is, how bad
// it is and which rule found it. It imports only the standard library so
// every pipeline stage can report problems in the same shape.
package diag

import (
	"cmp"
	"fmt"
	"slices"
)

// Severity says whether a diagnostic rejects the build.
type Severity int

// Severities, from least to most serious. Off silences a rule.
const (
	Off Severity = iota
	Warning
	Error
)

// String returns the lower-case name used in output and configuration.
func (s Severity) String() string {
	switch s {
	case Warning:
		return "warning"
	case Error:
		return "error"
	default:
		return "off"
	}
}

// ParseSeverity reads "error", "warning" or "off".
func ParseSeverity(s string) (Severity, bool) {
	switch s {
	case "error":
		return Error, true
	case "warning":
		return Warning, true
	case "off":
		return Off, true
	}
	return Off, false
}

// Pos is a place in a file: a slash-separated path relative to the playbook
// root and a 1-based line and column. Column counts bytes, as compilers do.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats the position as path:line:col.
func (p Pos) String() string {
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Diagnostic is one problem found in a playbook.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	Rule     string
	Message  string
	// Related lists other places involved, such as the first definition
	// of a duplicated id.
	Related []Pos
}

// String formats the diagnostic as path:line:col: severity: message [rule].
func (d Diagnostic) String() string {
	return fmt.Sprintf("%s: %s: %s [%s]", d.Pos, d.Severity, d.Message, d.Rule)
}

// New returns an error-severity diagnostic; the rule's configured severity
// is applied later by Apply.
func New(pos Pos, rule, format string, args ...any) Diagnostic {
	return Diagnostic{Pos: pos, Severity: Default(rule), Rule: rule, Message: fmt.Sprintf(format, args...)}
}

// Sort orders diagnostics by path, line, column, rule and message, so that
// output is stable whatever order the stages ran in.
func Sort(ds []Diagnostic) {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// Count returns the number of errors and warnings.
func Count(ds []Diagnostic) (errors, warnings int) {
	for _, d := range ds {
		switch d.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		}
	}
	return errors, warnings
}
