package render

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/document"
)

// The data files are written a record at a time; they must be what
// encoding/json makes of the whole, byte for byte.
func TestDataFilesMatchEncodingJSON(t *testing.T) {
	odd := "<script>&\"quotes\"\u2028\u2029 \\ tab\t nul\x00 é 😀 \xff"
	one := 1.0
	jan31 := time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name   string
		search []searchEntry
		graph  graphJSON
	}{
		{"empty", []searchEntry{}, graphJSON{Nodes: []nodeJSON{}, Edges: []edgeJSON{}}},
		{"one", []searchEntry{{URL: "/a/", Title: "A", Kind: "direction", Text: "text"}},
			graphJSON{Nodes: []nodeJSON{{ID: "a", Kind: "direction", Title: "A", URL: "/a/"}}, Edges: []edgeJSON{}}},
		{"escapes", []searchEntry{
			{URL: "/x/?q=" + odd, Title: odd, Kind: "initiative", Summary: odd, Tags: []string{odd, ""}, Text: odd},
			{URL: "/y/", Title: "", Kind: "page"},
		}, graphJSON{
			Nodes: []nodeJSON{{ID: "x", Kind: "initiative", Title: odd, Status: "active", Stage: "scale", URL: "/x/", Tags: []string{odd}}, {ID: "y", Kind: "signal", URL: "/y/"}},
			Edges: []edgeJSON{{From: "x", To: "y", Field: "signals"}, {From: "y", To: "x", Field: odd}},
		}},
		{"nodes without edges", nil, graphJSON{Nodes: []nodeJSON{{ID: "a"}, {ID: "b"}}, Edges: []edgeJSON{}}},
		{"readings", nil, graphJSON{
			Nodes: []nodeJSON{
				{ID: "s", Kind: "signal", Title: "S", URL: "/s/", Unit: "%", Baseline: &one, Target: &one, Progress: "moving", Readings: readingsJSON{
					{Date: jan31, Value: 12.5}, {Date: jan31, Value: math.Copysign(0, -1), Note: odd}, {Date: jan31, Value: -2.5e-12},
					{Date: jan31, Value: 1e21, Note: "plain"}, {Date: jan31, Value: 0.1 + 0.2}}},
				{ID: "t", Kind: "signal", URL: "/t/"},
				{ID: "g", Kind: "signal", URL: "/g/", Readings: readingsJSON{{Date: jan31, Value: 3}}, ReadingsFrom: "git"},
				{ID: "u", Kind: "signal", URL: "/u/", Fields: map[string]any{"cadence": "monthly"}, Readings: readingsJSON{{Date: jan31, Value: 4}}},
			},
			Edges: []edgeJSON{{From: "s", To: "t", Field: "measures"}},
		}},
		{"readings last", nil, graphJSON{Nodes: []nodeJSON{{ID: "s", Readings: readingsJSON{{Date: jan31, Value: 1}, {Date: jan31, Value: 2}}}}, Edges: []edgeJSON{}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.search != nil {
				want, err := json.Marshal(c.search)
				if err != nil {
					t.Fatal(err)
				}
				got, err := marshalArray(c.search, 10)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("search index:\ngot  %s\nwant %s", got, want)
				}
			}
			want, err := json.MarshalIndent(c.graph, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.graph.marshal()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("graph:\ngot  %s\nwant %s", got, want)
			}
		})
	}
}

// readingJSON is a reading as encoding/json writes the struct alignment
// records were made of before readingsJSON wrote them itself.
type readingJSON struct {
	Date  string  `json:"date"`
	Value float64 `json:"value"`
	Note  string  `json:"note,omitempty"`
}

// TestReadingsJSON checks that readingsJSON writes what encoding/json
// makes of the same readings as structs, through an indenting encoder as
// alignment.json is written.
func TestReadingsJSON(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	odd := "<script>&\"quotes\"\u2028\u2029 \\ tab\t nul\x00 é 😀 \xff"
	cases := []struct {
		name string
		rs   []document.Reading
	}{
		{"none", nil},
		{"one", []document.Reading{{Date: day("2026-01-31"), Value: 12.5}}},
		{"values", []document.Reading{
			{Date: day("0001-01-01"), Value: 0}, {Date: day("2026-01-02"), Value: math.Copysign(0, -1)},
			{Date: day("2026-01-03"), Value: -3}, {Date: day("2026-01-04"), Value: 1e-7},
			{Date: day("2026-01-05"), Value: 1e21}, {Date: day("2026-01-06"), Value: 123456789.125},
			{Date: day("2026-01-07"), Value: 0.1 + 0.2}, {Date: day("2026-01-08"), Value: -2.5e-12},
			{Date: day("9999-12-31"), Value: math.MaxFloat64},
		}},
		{"notes", []document.Reading{{Date: day("2026-01-31"), Value: 1, Note: odd}, {Date: day("2026-02-28"), Value: 2, Note: "plain"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var structs []readingJSON
			for _, r := range c.rs {
				structs = append(structs, readingJSON{Date: r.Date.Format(time.DateOnly), Value: r.Value, Note: r.Note})
			}
			encode := func(v any) string {
				var b bytes.Buffer
				enc := json.NewEncoder(&b)
				enc.SetIndent("    ", "  ")
				if err := enc.Encode(v); err != nil {
					t.Fatal(err)
				}
				return b.String()
			}
			type withStructs struct {
				Readings []readingJSON `json:"readings,omitempty"`
			}
			type withOwn struct {
				Readings readingsJSON `json:"readings,omitempty"`
			}
			if got, want := encode(withOwn{c.rs}), encode(withStructs{structs}); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
	if _, err := (readingsJSON{{Value: math.NaN()}}).MarshalJSON(); err == nil {
		t.Error("NaN: got no error")
	}
}
