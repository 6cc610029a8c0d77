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
	for _, d := range ds {
		_, err := fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,title=%s::%s\n",
			d.Severity, escapeProperty(d.Pos.File), d.Pos.Line, d.Pos.Col,
			escapeProperty(d.Rule), escapeData(d.Message))
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
