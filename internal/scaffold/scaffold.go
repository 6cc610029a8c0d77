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
	"regexp"
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

// datePrefix matches an id that starts with a date or a period of a year:
// 2026-11-26, 2026-11, 2027-q1, 2027-h2, 2027-w05.
var datePrefix = regexp.MustCompile(`^\d{4}-(\d{2}(-\d{2})?|q[1-4]|h[12]|w\d{1,2})(-|$)`)

// Title turns an id into a title: "carrier-network" becomes "Carrier
// network". A date at the start is kept as written, since its hyphens are
// part of it: "2027-q1" stays "2027-q1", "2026-11-26-offsite" becomes
// "2026-11-26 offsite".
func Title(id string) string {
	date := ""
	if m := datePrefix.FindString(id); m != "" {
		date = strings.TrimSuffix(m, "-")
		id = id[len(m):]
	}
	t := strings.ReplaceAll(id, "-", " ")
	switch {
	case date != "" && t != "":
		return date + " " + t
	case date != "":
		return date
	case t == "":
		return t
	}
	return strings.ToUpper(t[:1]) + t[1:]
}
