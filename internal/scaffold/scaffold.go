// Package scaffold owns the files that `bearing init` and `bearing new`
// write: a starter playbook (bearing.yaml, an example, .gitignore and a
// GitHub Pages workflow) and each kind's archetype. It returns paths and
// bytes and does no I/O: the cli decides where they go and whether an
// existing file may be replaced. Archetypes are generated from
// document.Schema(), so a new field appears in them without an edit here.
// It imports document, config and source for their names and never the
// later stages of the pipeline.
package scaffold

import (
	"path"
	"strings"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/source"
)

// File is one file to write.
type File struct {
	// Path is slash-separated and relative to the playbook root.
	Path string
	Data []byte
}

// Path is where `bearing new` puts a node: content/<kind>s/<id>.md, or
// content/<id>.md for a page.
func Path(k document.Kind, id string) string {
	return path.Join(source.ContentDir, k.Folder(), id+".md")
}

// Title turns an id into a title: "carrier-network" becomes "Carrier network".
func Title(id string) string {
	t := strings.ReplaceAll(id, "-", " ")
	if t == "" {
		return t
	}
	return strings.ToUpper(t[:1]) + t[1:]
}
