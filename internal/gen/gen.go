// Package gen owns the synthetic playbooks that tests and benchmarks run
// on: a deterministic generator of valid strategy playbooks of any size.
// A generated playbook has bearing.yaml and content/ with realistic
// proportions of kinds, realistic frontmatter and bodies (headings,
// paragraphs, lists, a table, code spans, [[id]] and relative .md links),
// and passes every rule of `bearing check --now` Today with no error and no
// warning. History makes a playbook repository with history: the
// playbook as a first commit, then commits that edit it as a team does,
// written by one git fast-import (the only git gen runs, to write a
// repository, never to read one).
//
// Of the pipeline it imports only document, for the names it shares with
// it (Slug, so that the ids and heading anchors it links to are the ones
// the pipeline computes, and the stages). It
// must import no later stage: their tests and benchmarks use it, which an
// import would make a cycle, and what it writes is to be checked by the
// code under test (validate, render) rather than agreed with it.
package gen

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Today is the date, as YYYY-MM-DD, at which every generated playbook is
// clean: every next_review lies after it and every review date before it.
const Today = "2026-11-26"

// MinFiles is the smallest number of Markdown files Generate accepts: one
// direction, one initiative, one signal and the home page.
const MinFiles = 4

// ConfigFile is the name of the configuration file Generate writes.
const ConfigFile = "bearing.yaml"

// MaxActive is the max_active that generated bearing.yaml files set; no
// direction carries more active initiatives than that.
const MaxActive = 7

// File is one generated file: a slash-separated path relative to the
// playbook root and its contents.
type File struct {
	Path string
	Data []byte
}

// Counts are how many nodes of each kind a playbook of n files holds.
type Counts struct {
	Directions, Initiatives, Signals, Reviews, Pages int
}

// CountsFor returns the mix of kinds for n files: about 5% directions,
// 60% initiatives, 25% signals, 5% reviews and the rest plain pages
// (the home page among them).
func CountsFor(n int) Counts {
	c := Counts{
		Directions: max(1, n/20),
		Reviews:    n / 20,
		Signals:    max(1, n/4),
	}
	c.Initiatives = max(c.Directions, n*3/5)
	c.Pages = n - c.Directions - c.Initiatives - c.Signals - c.Reviews
	for c.Pages < 1 && c.Initiatives > c.Directions {
		c.Initiatives--
		c.Pages++
	}
	return c
}

// DefaultReadings is how many readings each generated signal has unless
// told otherwise: two years of monthly ones.
const DefaultReadings = 24

// Options are the choices of a generated playbook beyond its size.
type Options struct {
	// Readings is how many readings each signal's history has; 0 writes
	// no history field. Whatever it is, the rest of the playbook is the
	// same, byte for byte, so that the cost of readings can be measured
	// against the same playbook without them.
	Readings int
}

// Generate returns a playbook of n Markdown files under content/ plus
// bearing.yaml, sorted by path, with DefaultReadings readings per
// signal. The same n always gives byte-identical files.
func Generate(n int) ([]File, error) {
	return GenerateWith(n, Options{Readings: DefaultReadings})
}

// GenerateWith is Generate with options. The same n and options always
// give byte-identical files.
func GenerateWith(n int, o Options) ([]File, error) {
	if n < MinFiles {
		return nil, fmt.Errorf("gen: %d files is too few; a valid playbook needs at least %d", n, MinFiles)
	}
	if o.Readings < 0 {
		return nil, fmt.Errorf("gen: %d readings per signal; want 0 or more", o.Readings)
	}
	p := plan(n, rand.New(rand.NewPCG(uint64(n), 0xbea1)))
	p.readingsPerSignal = o.Readings
	files := []File{{Path: ConfigFile, Data: p.config()}}
	for _, nd := range p.all {
		files = append(files, File{Path: "content/" + nd.path, Data: p.render(nd)})
	}
	sortFiles(files)
	return files, nil
}

// Write generates a playbook of n files into dir; see WriteFiles.
func Write(dir string, n int) error {
	return WriteWith(dir, n, Options{Readings: DefaultReadings})
}

// WriteWith generates a playbook of n files with options into dir; see
// WriteFiles.
func WriteWith(dir string, n int, o Options) error {
	files, err := GenerateWith(n, o)
	if err != nil {
		return err
	}
	return WriteFiles(dir, files)
}

// WriteFiles writes generated files into dir, creating it if needed. It
// refuses to write over an existing content/ folder, so that a stale
// playbook of another size can never mix with the new one.
func WriteFiles(dir string, files []File) error {
	if _, err := os.Stat(filepath.Join(dir, "content")); err == nil {
		return fmt.Errorf("gen: %s already holds a content folder; use an empty directory", dir)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	made := map[string]bool{}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if d := filepath.Dir(p); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
			made[d] = true
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func sortFiles(files []File) {
	// Paths are unique, so an unstable sort is deterministic.
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
}

// config is bearing.yaml.
func (p *playbook) config() []byte {
	var b bytes.Buffer
	b.WriteString("# Generated by internal/gen: a synthetic playbook for tests and benchmarks.\n")
	fmt.Fprintf(&b, "title: Fieldline strategy (%d files)\n", len(p.all))
	b.WriteString("description: A synthetic strategy playbook of a field-service software company.\n")
	b.WriteString("language: en\n")
	fmt.Fprintf(&b, "max_active: %d\n", MaxActive)
	return b.Bytes()
}
