// Package bearing holds the default templates and theme, embedded in the
// binary; the pipeline lives under internal/ and the command under
// cmd/bearing.
package bearing

import (
	"embed"
	"io/fs"
)

//go:embed templates
var templates embed.FS

//go:embed theme
var theme embed.FS

// Templates returns the default html/template files.
func Templates() fs.FS { return sub(templates, "templates") }

// Theme returns the default static assets.
func Theme() fs.FS { return sub(theme, "theme") }

func sub(f embed.FS, dir string) fs.FS {
	s, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // the directory is embedded above; this cannot fail
	}
	return s
}
