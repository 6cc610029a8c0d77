package render

import (
	"bytes"
	"encoding/json"
	"testing"
)

// The data files are written a record at a time; they must be what
// encoding/json makes of the whole, byte for byte.
func TestDataFilesMatchEncodingJSON(t *testing.T) {
	odd := "<script>&\"quotes\"\u2028\u2029 \\ tab\t nul\x00 é 😀 \xff"
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
