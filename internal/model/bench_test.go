package model_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/gen"
	"github.com/bearing-dev/bearing/internal/markdown"
	"github.com/bearing-dev/bearing/internal/model"
	"github.com/bearing-dev/bearing/internal/source"
)

// BenchmarkBuild assembles the graph of generated playbooks from parsed
// documents: nodes, references, backlinks and every body link resolved.
//
//	go test ./internal/model -run '^$' -bench BenchmarkBuild -benchmem
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("gen-%dk", n/1000), func(b *testing.B) {
			files, err := gen.Generate(n)
			if err != nil {
				b.Fatal(err)
			}
			md := markdown.New(markdown.Options{LinksOnly: true})
			var docs []*document.Document
			for _, f := range files {
				if strings.HasSuffix(f.Path, ".md") {
					docs = append(docs, document.Parse(md, f.Path, source.ContentPath(f.Path), f.Data))
				}
			}
			links := 0
			for _, d := range docs {
				links += len(d.Body.Links)
			}
			if links == 0 {
				b.Fatal("generated playbook has no body links")
			}
			b.ReportAllocs()
			for b.Loop() {
				g := model.Build(docs, nil)
				if len(g.Nodes) != len(docs) {
					b.Fatalf("%d nodes from %d documents", len(g.Nodes), len(docs))
				}
			}
		})
	}
}
