package render

import (
	"fmt"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
)

// BenchmarkReadingsOutput draws what a signal's readings add to the
// site, for each signal of a generated 2,000-file playbook (500 signals
// of 24 readings): the signal page's chart and readings table, and the
// sparkline of the lists.
//
//	go test ./internal/render -run '^$' -bench BenchmarkReadingsOutput -benchmem
func BenchmarkReadingsOutput(b *testing.B) {
	fronts := generatedSignals(b, 2000)
	type progress struct {
		p     model.Progress
		trend *model.Trend
	}
	ps := make([]progress, len(fronts))
	for i, f := range fronts {
		ps[i].p, ps[i].trend = model.SignalProgress(f)
	}
	cases := []struct {
		name string
		draw func(i int, f *document.Front) int
	}{
		{"chart", func(i int, f *document.Front) int { return len(signalChart("A signal", f, ps[i].trend, false)) }},
		{"table", func(i int, f *document.Front) int { return len(readingRows(readingTable(f.History))) }},
		{"sparkline", func(i int, f *document.Front) int { return len(sparkline(f, ps[i].p)) }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			size := 0
			for b.Loop() {
				size = 0
				for i, f := range fronts {
					size += c.draw(i, f)
				}
			}
			b.ReportMetric(float64(size)/float64(len(fronts)), "B-out/signal")
		})
	}
}

// BenchmarkAlignmentJSON writes the alignment graph of about the size of
// a generated 10,000-file playbook's: 10,000 nodes, 2,259 of them
// signals with 24 readings each, and 30,000 edges.
//
//	go test ./internal/render -run '^$' -bench BenchmarkAlignmentJSON -benchmem
func BenchmarkAlignmentJSON(b *testing.B) {
	g := graphJSON{}
	day := time.Date(2025, 1, 31, 0, 0, 0, 0, time.UTC)
	base, target := 40.0, 60.0
	for i := range 10000 {
		n := nodeJSON{ID: fmt.Sprintf("node-%d", i), Kind: "initiative", Title: fmt.Sprintf("Node number %d", i), Status: "active", Stage: "execute",
			URL: fmt.Sprintf("/initiatives/node-%d/", i), Tags: []string{"mobile", "growth"}, Fields: map[string]any{"owner": "Ines Duarte", "effort": 3}}
		if i%4 == 0 && i/4 < 2259 {
			n.Kind, n.Unit, n.Baseline, n.Target, n.Progress = "signal", "%", &base, &target, "on-track"
			for r := range 24 {
				n.Readings = append(n.Readings, document.Reading{Date: day.AddDate(0, r, 0), Value: 40 + float64(r) + float64(r%10)/10})
			}
		}
		g.Nodes = append(g.Nodes, n)
	}
	for i := range 30000 {
		g.Edges = append(g.Edges, edgeJSON{From: g.Nodes[i%10000].ID, To: g.Nodes[(i*7)%10000].ID, Field: "advances"})
	}
	b.ReportAllocs()
	var size int
	for b.Loop() {
		out, err := g.marshal()
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	}
	b.ReportMetric(float64(size)/(1<<20), "MiB-out")
}
