// Command baseline is the speed reference of bench/compare.sh: the least a
// Markdown site generator must do. It reads every .md file under
// DIR/content, splits off the frontmatter, renders the body with goldmark,
// and writes one page per file, on every core. No model, no checks, no
// templates: Bearing's build is measured as a ratio to it.
//
// With -parse it is the least a check must do instead: read every file,
// parse its YAML frontmatter into nodes with positions and parse its body
// with goldmark (Bearing's extensions, no rendering), writing nothing.
// A check must parse every body completely to find its links, exactly as
// the build does, so this bounds from below what `bearing check` can cost.
// It gets the heap budget `bearing check` has (the heap may grow to
// 180 MiB before it is collected), since collecting a small heap often
// would cost it a quarter of its time and make it no floor.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"go.yaml.in/yaml/v3"
)

func main() {
	root := flag.String("root", ".", "playbook root")
	out := flag.String("out", "", "output directory")
	parseOnly := flag.Bool("parse", false, "parse frontmatter and bodies only, write nothing")
	flag.Parse()
	if err := run(*root, *out, *parseOnly); err != nil {
		fmt.Fprintln(os.Stderr, "baseline:", err)
		os.Exit(1)
	}
}

func run(root, out string, parseOnly bool) error {
	var paths []string
	err := filepath.WalkDir(filepath.Join(root, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		return err
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	if parseOnly {
		debug.SetGCPercent(4500) // 4 MiB × 45: Go's smallest heap is then 180 MiB
		md = goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote),
			goldmark.WithParserOptions(parser.WithAutoHeadingID()))
	}
	next := make(chan string)
	errs := make(chan error, len(paths))
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for p := range next {
				data, err := os.ReadFile(p)
				if err != nil {
					errs <- err
					continue
				}
				front, body := []byte(nil), data
				if bytes.HasPrefix(data, []byte("---\n")) {
					if i := bytes.Index(data[4:], []byte("\n---\n")); i >= 0 {
						front, body = data[4:4+i+1], data[4+i+5:]
					}
				}
				if parseOnly {
					var doc yaml.Node
					if err := yaml.Unmarshal(front, &doc); err != nil {
						errs <- fmt.Errorf("%s: %w", p, err)
					}
					md.Parser().Parse(text.NewReader(body))
					continue
				}
				buf.Reset()
				buf.WriteString("<!DOCTYPE html><html><body>")
				if err := md.Convert(body, &buf); err != nil {
					errs <- err
					continue
				}
				buf.WriteString("</body></html>")
				rel, _ := filepath.Rel(filepath.Join(root, "content"), p)
				dst := filepath.Join(out, strings.TrimSuffix(rel, ".md"), "index.html")
				if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
					errs <- err
					continue
				}
				if err := os.WriteFile(dst, buf.Bytes(), 0o644); err != nil {
					errs <- err
				}
			}
		}()
	}
	for _, p := range paths {
		next <- p
	}
	close(next)
	wg.Wait()
	close(errs)
	return <-errs
}
