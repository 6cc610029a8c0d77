package report

import (
	"encoding/json"
	"io"

	"github.com/bearing-dev/bearing/internal/diag"
)

// jsonReport is the documented JSON shape of `bearing check --format json`.
// Fields are only ever added, never renamed or removed; version changes if
// that promise is ever broken.
type jsonReport struct {
	Version     int              `json:"version"`
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
	Counts      jsonCounts       `json:"counts"`
}

type jsonDiagnostic struct {
	File     string         `json:"file"`
	Line     int            `json:"line"`
	Column   int            `json:"column"`
	Severity string         `json:"severity"`
	Rule     string         `json:"rule"`
	Message  string         `json:"message"`
	Related  []jsonLocation `json:"related,omitempty"`
}

type jsonLocation struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

type jsonCounts struct {
	Files    int `json:"files"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
}

func writeJSON(w io.Writer, ds []diag.Diagnostic, s Summary) error {
	r := jsonReport{Version: 1, Diagnostics: []jsonDiagnostic{}}
	for _, d := range ds {
		jd := jsonDiagnostic{File: d.Pos.File, Line: d.Pos.Line, Column: d.Pos.Col,
			Severity: d.Severity.String(), Rule: d.Rule, Message: d.Message}
		for _, p := range d.Related {
			jd.Related = append(jd.Related, jsonLocation{p.File, p.Line, p.Col})
		}
		r.Diagnostics = append(r.Diagnostics, jd)
	}
	r.Counts.Files = s.Files
	r.Counts.Errors, r.Counts.Warnings = diag.Count(ds)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
