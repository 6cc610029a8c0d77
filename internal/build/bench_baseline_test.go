package build_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// BenchmarkBaseline is the speed reference of BenchmarkBuild: the least a
// Markdown site generator must do — read every file, split off the
// frontmatter, render the body with goldmark, hand one page per file to
// the output — on every core, with nothing else. Bearing's figures are
// stated as ratios to it, measured in the same run:
//
//	go test ./internal/build -run '^$' -bench 'Benchmark(Baseline|Build)/gen' -benchmem -count 6 | tee /tmp/b.txt
func BenchmarkBaseline(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("gen-%dk", n/1000), func(b *testing.B) {
			root := genFS(b, n)
			var paths []string
			_ = fs.WalkDir(root, "content", func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
					paths = append(paths, p)
				}
				return err
			})
			md := goldmark.New(goldmark.WithExtensions(extension.GFM))
			b.ResetTimer()
			for b.Loop() {
				next := make(chan string)
				var wg sync.WaitGroup
				for range runtime.GOMAXPROCS(0) {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for p := range next {
							data, err := fs.ReadFile(root, p)
							if err != nil {
								b.Error(err)
								continue
							}
							body := data
							if bytes.HasPrefix(data, []byte("---\n")) {
								if i := bytes.Index(data[4:], []byte("\n---\n")); i >= 0 {
									body = data[4+i+5:]
								}
							}
							var buf bytes.Buffer
							buf.WriteString("<!DOCTYPE html><html><body>")
							if err := md.Convert(body, &buf); err != nil {
								b.Error(err)
							}
							buf.WriteString("</body></html>")
						}
					}()
				}
				for _, p := range paths {
					next <- p
				}
				close(next)
				wg.Wait()
			}
		})
	}
}
