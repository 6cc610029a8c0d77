package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/bearing-dev/bearing/internal/diag"
)

// writeGitHub writes GitHub Actions workflow commands, which annotate the
// pull request's files.
func writeGitHub(w io.Writer, ds []diag.Diagnostic) error {
	for _, e := range limit(ds) {
		var sev diag.Severity
		var pos diag.Pos
		var rule, msg string
		if d := e.d; d != nil {
			sev, pos, rule, msg = d.Severity, d.Pos, d.Rule, d.Message
		} else {
			sev, pos, rule, msg = e.more.Severity, e.more.First, e.more.Rule, e.more.Message()
		}
		_, err := fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,title=%s::%s\n",
			sev, escapeProperty(pos.File), pos.Line, pos.Col, escapeProperty(rule), escapeData(msg))
		if err != nil {
			return err
		}
	}
	return nil
}

// escapeData escapes a command's message as the Actions runner expects.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a command's property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
