package report

import (
	"encoding/json"
	"io"
	"net/url"

	"github.com/bearing-dev/bearing/internal/diag"
)

// SARIF 2.1.0, the subset GitHub code scanning reads.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
	// Properties is SARIF's property bag; it carries the findings left
	// out of Results after the first MaxPerGroup of a rule in a file.
	Properties *sarifProperties `json:"properties,omitempty"`
}

type sarifProperties struct {
	Omitted []jsonOmission `json:"omitted"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Version        string      `json:"version,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string       `json:"id"`
	Name                 string       `json:"name"`
	ShortDescription     sarifMessage `json:"shortDescription"`
	FullDescription      sarifMessage `json:"fullDescription"`
	DefaultConfiguration struct {
		Level string `json:"level"`
	} `json:"defaultConfiguration"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID           string          `json:"ruleId"`
	RuleIndex        int             `json:"ruleIndex"`
	Level            string          `json:"level"`
	Message          sarifMessage    `json:"message"`
	Locations        []sarifLocation `json:"locations"`
	RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
}

type sarifLocation struct {
	ID               *int          `json:"id,omitempty"`
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId"`
	} `json:"artifactLocation"`
	Region struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
	} `json:"region"`
}

func sarifLevel(s diag.Severity) string {
	if s == diag.Warning {
		return "warning"
	}
	return "error"
}

func physical(p diag.Pos) sarifPhysical {
	var ph sarifPhysical
	// A SARIF uri is a URI reference: a file named "50% plan.md" must be
	// written "50%25%20plan.md" or code scanning cannot resolve it.
	ph.ArtifactLocation.URI = (&url.URL{Path: p.File}).EscapedPath()
	ph.ArtifactLocation.URIBaseID = "%SRCROOT%"
	ph.Region.StartLine = max(p.Line, 1)
	ph.Region.StartColumn = max(p.Col, 1)
	return ph
}

func writeSARIF(w io.Writer, ds []diag.Diagnostic, s Summary) error {
	driver := sarifDriver{Name: "bearing", InformationURI: "https://github.com/bearing-dev/bearing", Version: s.Version}
	index := map[string]int{}
	for i, r := range diag.Rules() {
		sr := sarifRule{ID: r.ID, Name: r.ID, ShortDescription: sarifMessage{r.Description}, FullDescription: sarifMessage{r.Description}}
		sr.DefaultConfiguration.Level = sarifLevel(r.Default)
		driver.Rules = append(driver.Rules, sr)
		index[r.ID] = i
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: []sarifResult{}}
	for _, e := range limit(ds) {
		if o := e.more; o != nil {
			if run.Properties == nil {
				run.Properties = &sarifProperties{}
			}
			run.Properties.Omitted = append(run.Properties.Omitted, o.record())
			continue
		}
		d := e.d
		res := sarifResult{RuleID: d.Rule, RuleIndex: index[d.Rule], Level: sarifLevel(d.Severity),
			Message: sarifMessage{d.Message}, Locations: []sarifLocation{{PhysicalLocation: physical(d.Pos)}}}
		for i, p := range d.Related {
			id := i + 1
			res.RelatedLocations = append(res.RelatedLocations, sarifLocation{ID: &id, PhysicalLocation: physical(p)})
		}
		run.Results = append(run.Results, res)
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}
