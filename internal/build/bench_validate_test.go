package build_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/build"
	"github.com/bearing-dev/bearing/internal/gen"
	"github.com/bearing-dev/bearing/internal/validate"
)

// BenchmarkValidate measures the rules alone (validate.Run) over the graph
// of a generated 10,000-file playbook, checked once, untimed: the part of
// a check, of a frontmatter edit in serve and of judging each past
// snapshot that is the rules'. Run it with
//
//	go test ./internal/build -run='^$' -bench=BenchmarkValidate -benchmem
func BenchmarkValidate(b *testing.B) {
	today, err := time.Parse(time.DateOnly, gen.Today)
	if err != nil {
		b.Fatal(err)
	}
	files, err := gen.Generate(10000)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if err := gen.WriteFiles(dir, files); err != nil {
		b.Fatal(err)
	}
	res, err := build.Check(context.Background(), build.Options{FS: os.DirFS(dir), Today: today, LinksOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	o := validate.Options{Today: today, MaxActive: res.Config.MaxActive, FollowThroughDays: res.Config.FollowThroughDays}
	b.ReportAllocs()
	for b.Loop() {
		if ds := validate.Run(res.Graph, o).List(); len(ds) != 0 {
			b.Fatalf("%d diagnostics on a clean playbook; want none", len(ds))
		}
	}
}
