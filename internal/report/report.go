// Package report owns the output formats of diagnostics: text for people,
// JSON for tools, GitHub Actions workflow commands, and SARIF for code
// scanning. It writes to the io.Writer it is given and nothing else, and
// imports only diag.
package report

import (
	"fmt"
	"io"
	"slices"

	"github.com/bearing-dev/bearing/internal/diag"
)

// Formats lists the names Write accepts.
func Formats() []string { return []string{"text", "json", "github", "sarif"} }

// Summary is what a run reports besides the diagnostics.
type Summary struct {
	Files int
	// Version is the tool version named in SARIF output.
	Version string
}

// Write writes sorted diagnostics in the named format: in each file, the
// first MaxPerGroup findings of a rule, then one line (or, in JSON and
// SARIF, one record) counting the rest. Counts cover every finding.
func Write(w io.Writer, format string, ds []diag.Diagnostic, s Summary) error {
	switch format {
	case "text":
		return writeText(w, ds)
	case "json":
		return writeJSON(w, ds, s)
	case "github":
		return writeGitHub(w, ds)
	case "sarif":
		return writeSARIF(w, ds, s)
	}
	return fmt.Errorf("unknown format %q (want one of %v)", format, Formats())
}

// ValidFormat reports whether Write knows a format.
func ValidFormat(f string) bool { return slices.Contains(Formats(), f) }

func writeText(w io.Writer, ds []diag.Diagnostic) error {
	for _, e := range limit(ds) {
		line := ""
		if e.d != nil {
			line = e.d.String()
		} else {
			line = e.more.String()
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	return nil
}
