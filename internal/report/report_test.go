package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/bearing-dev/bearing/internal/diag"
)

// sample is a sorted set of diagnostics with the awkward characters each
// format must escape.
func sample() []diag.Diagnostic {
	dup := diag.New(diag.Pos{File: "content/notes/a,b:c 50%.md", Line: 3, Col: 1}, diag.IDDuplicate, "id %q is already used by content/d.md", "d")
	dup.Related = []diag.Pos{{File: "content/d.md", Line: 2, Col: 5}}
	return []diag.Diagnostic{
		diag.New(diag.Pos{File: "content/d.md", Line: 9, Col: 1}, diag.RecalOverdue, "next_review 2026-01-01 passed 10 days ago"),
		diag.New(diag.Pos{File: "content/d.md", Line: 11, Col: 5}, diag.LinkBroken, "broken link [[x]]: 100%% gone\r\nreally"),
		dup,
	}
}

func write(t *testing.T, format string, ds []diag.Diagnostic) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, format, ds, Summary{Files: 7, Version: "9.9.9"}); err != nil {
		t.Fatalf("Write(%s): %v", format, err)
	}
	return b.String()
}

func TestText(t *testing.T) {
	got := write(t, "text", sample()[:1])
	want := "content/d.md:9:1: warning: next_review 2026-01-01 passed 10 days ago [recal/overdue]\n"
	if got != want {
		t.Errorf("got %q; want %q", got, want)
	}
	if got := write(t, "text", nil); got != "" {
		t.Errorf("no diagnostics: got %q; want nothing", got)
	}
}

func TestGitHub(t *testing.T) {
	got := write(t, "github", sample())
	want := "::warning file=content/d.md,line=9,col=1,title=recal/overdue::next_review 2026-01-01 passed 10 days ago\n" +
		"::error file=content/d.md,line=11,col=5,title=link/broken::broken link [[x]]: 100%25 gone%0D%0Areally\n" +
		"::error file=content/notes/a%2Cb%3Ac 50%25.md,line=3,col=1,title=id/duplicate::id \"d\" is already used by content/d.md\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestJSON(t *testing.T) {
	var r struct {
		Version     int
		Diagnostics []struct {
			File, Severity, Rule, Message string
			Line, Column                  int
			Related                       []struct {
				File         string
				Line, Column int
			}
		}
		Counts struct{ Files, Errors, Warnings int }
	}
	out := write(t, "json", sample())
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if r.Version != 1 || len(r.Diagnostics) != 3 || r.Counts.Files != 7 || r.Counts.Errors != 2 || r.Counts.Warnings != 1 {
		t.Errorf("got version %d, %d diagnostics, counts %+v; want 1, 3, {7 2 1}", r.Version, len(r.Diagnostics), r.Counts)
	}
	d := r.Diagnostics[2]
	if d.File != "content/notes/a,b:c 50%.md" || d.Line != 3 || d.Column != 1 || d.Severity != "error" || d.Rule != "id/duplicate" ||
		len(d.Related) != 1 || d.Related[0].File != "content/d.md" || d.Related[0].Line != 2 || d.Related[0].Column != 5 {
		t.Errorf("got %+v", d)
	}
	if r.Diagnostics[1].Message != "broken link [[x]]: 100% gone\r\nreally" {
		t.Errorf("message: got %q", r.Diagnostics[1].Message)
	}
	if strings.Contains(out, `"related": null`) || strings.Count(out, `"related"`) != 1 {
		t.Errorf("related is omitted when empty; got\n%s", out)
	}
	empty := write(t, "json", nil)
	if !strings.Contains(empty, `"diagnostics": []`) {
		t.Errorf("no diagnostics: got %s; want an empty list, not null", empty)
	}
}

func TestSARIF(t *testing.T) {
	type location struct {
		ID               int `json:"id"`
		PhysicalLocation struct {
			ArtifactLocation struct {
				URI       string `json:"uri"`
				URIBaseID string `json:"uriBaseId"`
			} `json:"artifactLocation"`
			Region struct {
				StartLine   int `json:"startLine"`
				StartColumn int `json:"startColumn"`
			} `json:"region"`
		} `json:"physicalLocation"`
	}
	var log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name, Version string
					Rules         []struct {
						ID               string `json:"id"`
						ShortDescription struct{ Text string }
						DefaultConfig    struct{ Level string } `json:"defaultConfiguration"`
					}
				}
			}
			Results []struct {
				RuleID           string `json:"ruleId"`
				RuleIndex        int    `json:"ruleIndex"`
				Level            string `json:"level"`
				Message          struct{ Text string }
				Locations        []location `json:"locations"`
				RelatedLocations []location `json:"relatedLocations"`
			}
		}
	}
	out := write(t, "sarif", sample())
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif-2.1.0") || len(log.Runs) != 1 {
		t.Fatalf("got version %q, schema %q, %d runs; want 2.1.0, the 2.1.0 schema, 1 run", log.Version, log.Schema, len(log.Runs))
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "bearing" || run.Tool.Driver.Version != "9.9.9" {
		t.Errorf("driver: got %q %q; want bearing 9.9.9", run.Tool.Driver.Name, run.Tool.Driver.Version)
	}
	if len(run.Tool.Driver.Rules) != len(diag.Rules()) {
		t.Errorf("got %d rules; want every rule (%d)", len(run.Tool.Driver.Rules), len(diag.Rules()))
	}
	for i, r := range run.Tool.Driver.Rules {
		info, ok := diag.Lookup(r.ID)
		if !ok || r.ShortDescription.Text != info.Description || r.DefaultConfig.Level != info.Default.String() {
			t.Errorf("rule %d: got %+v; want %+v", i, r, info)
		}
	}
	if len(run.Results) != 3 {
		t.Fatalf("got %d results; want 3", len(run.Results))
	}
	wantLevels := []string{"warning", "error", "error"}
	for i, res := range run.Results {
		if res.RuleIndex < 0 || res.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %d: ruleIndex %d does not point at rule %s", i, res.RuleIndex, res.RuleID)
		}
		if res.Level != wantLevels[i] {
			t.Errorf("result %d: got level %q; want %q", i, res.Level, wantLevels[i])
		}
		if len(res.Locations) != 1 || res.Locations[0].PhysicalLocation.ArtifactLocation.URIBaseID != "%SRCROOT%" {
			t.Errorf("result %d: got locations %+v; want one relative to %%SRCROOT%%", i, res.Locations)
		}
	}
	loc := run.Results[2].Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "content/notes/a,b:c%2050%25.md" || loc.Region.StartLine != 3 || loc.Region.StartColumn != 1 {
		t.Errorf("got location %+v; want the escaped URI content/notes/a,b:c%%2050%%25.md at 3:1", loc)
	}
	rel := run.Results[2].RelatedLocations
	if len(rel) != 1 || rel[0].ID != 1 || rel[0].PhysicalLocation.ArtifactLocation.URI != "content/d.md" || rel[0].PhysicalLocation.Region.StartLine != 2 {
		t.Errorf("got related %+v; want content/d.md:2:5 with id 1", rel)
	}
	if strings.Contains(write(t, "sarif", nil), `"results": null`) {
		t.Errorf("no diagnostics: results must be an empty list, not null")
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, "xml", sample(), Summary{}); err == nil {
		t.Errorf("Write(xml): got no error; want one")
	}
	for _, f := range Formats() {
		if !ValidFormat(f) {
			t.Errorf("ValidFormat(%q): got false; want true", f)
		}
	}
	if ValidFormat("xml") || ValidFormat("") {
		t.Errorf("ValidFormat accepts an unknown format")
	}
}

// many returns sorted findings: n unknown fields on lines 2..n+1 of a.md,
// a duplicate on line 5 of a.md between them, and one in b.md.
func many(n int) []diag.Diagnostic {
	var ds []diag.Diagnostic
	for i := range n {
		ds = append(ds, diag.New(diag.Pos{File: "content/a.md", Line: 2 + i, Col: 1}, diag.SchemaUnknownField, "unknown field %q for a page", fmt.Sprint("k", i)))
	}
	ds = append(ds, diag.New(diag.Pos{File: "content/a.md", Line: 5, Col: 1}, diag.ParseFrontmatter, "duplicate field"))
	ds = append(ds, diag.New(diag.Pos{File: "content/b.md", Line: 1, Col: 1}, diag.SchemaUnknownField, "unknown field \"x\" for a page"))
	diag.Sort(ds)
	return ds
}

// TestLimitPerGroup checks that every format writes the first
// MaxPerGroup findings of a rule in a file and counts the rest, leaving
// other rules and files whole, and that counts cover every finding.
func TestLimitPerGroup(t *testing.T) {
	tests := []struct {
		n        int
		shown    int // findings written
		omission string
	}{
		{MaxPerGroup, MaxPerGroup + 2, ""},
		{MaxPerGroup + 1, MaxPerGroup + 2, "content/a.md:22:1: error: 1 more schema/unknown-field findings in this file are not shown, the last on line 22 [schema/unknown-field]"},
		{100_000, MaxPerGroup + 2, "content/a.md:22:1: error: 99980 more schema/unknown-field findings in this file are not shown, the last on line 100001 [schema/unknown-field]"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.n), func(t *testing.T) {
			ds := many(tt.n)
			text := strings.Split(strings.TrimSuffix(write(t, "text", ds), "\n"), "\n")
			want := tt.shown
			if tt.omission != "" {
				want++
			}
			if len(text) != want {
				t.Fatalf("text: got %d lines; want %d", len(text), want)
			}
			if tt.omission != "" {
				// The count follows the group's last finding shown (line 21),
				// before the next file.
				if got := text[len(text)-2]; got != tt.omission {
					t.Errorf("text: got %q before the last line; want %q", got, tt.omission)
				}
				if !strings.Contains(text[len(text)-3], "k19") {
					t.Errorf("text: got %q before the count; want the 20th finding", text[len(text)-3])
				}
			}
			if got := strings.Count(write(t, "github", ds), "\n"); got != want {
				t.Errorf("github: got %d commands; want %d", got, want)
			}

			var r struct {
				Diagnostics []json.RawMessage
				Omitted     []struct{ Count int }
				Counts      struct{ Errors int }
			}
			if err := json.Unmarshal([]byte(write(t, "json", ds)), &r); err != nil {
				t.Fatal(err)
			}
			if len(r.Diagnostics) != tt.shown || r.Counts.Errors != tt.n+2 {
				t.Errorf("json: got %d diagnostics, %d errors counted; want %d and %d", len(r.Diagnostics), r.Counts.Errors, tt.shown, tt.n+2)
			}
			if omitted := tt.omission != ""; omitted != (len(r.Omitted) == 1) || omitted && r.Omitted[0].Count != tt.n-MaxPerGroup {
				t.Errorf("json: got omitted %+v; want one record of %d when any is left out", r.Omitted, tt.n-MaxPerGroup)
			}

			var s struct {
				Runs []struct {
					Results    []json.RawMessage
					Properties struct {
						Omitted []struct{ Count int }
					}
				}
			}
			if err := json.Unmarshal([]byte(write(t, "sarif", ds)), &s); err != nil {
				t.Fatal(err)
			}
			if got := len(s.Runs[0].Results); got != tt.shown {
				t.Errorf("sarif: got %d results; want %d", got, tt.shown)
			}
			if omitted := tt.omission != ""; omitted != (len(s.Runs[0].Properties.Omitted) == 1) {
				t.Errorf("sarif: got omitted %+v; want a record only when findings are left out", s.Runs[0].Properties.Omitted)
			}
		})
	}
}
