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
	// Omitted counts, per rule and file, the findings left out of
	// Diagnostics after the first MaxPerGroup.
	Omitted []jsonOmission `json:"omitted,omitempty"`
	Counts  jsonCounts     `json:"counts"`
}

type jsonOmission struct {
	File     string `json:"file"`
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Count    int    `json:"count"`
	// FirstLine and LastLine are the lines of the first and the last
	// finding left out.
	FirstLine int `json:"first_line"`
	LastLine  int `json:"last_line"`
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
	for _, e := range limit(ds) {
		if o := e.more; o != nil {
			r.Omitted = append(r.Omitted, o.record())
			continue
		}
		d := e.d
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

// record is the omission as JSON and SARIF carry it.
func (o *Omission) record() jsonOmission {
	return jsonOmission{File: o.File, Rule: o.Rule, Severity: o.Severity.String(),
		Count: o.Count, FirstLine: o.First.Line, LastLine: o.Last.Line}
}
