package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/bearing-dev/bearing/internal/config"
	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/scaffold"
	"github.com/bearing-dev/bearing/internal/source"
)

func runNew(ctx context.Context, args []string, env *Env) error {
	fset := newFlagSet("new", "new KIND ID [--root DIR]", env)
	root := fset.String("root", ".", rootUsage)
	pos, err := parseArgs(fset, args, 2, 2)
	if err != nil {
		return err
	}
	kind, err := parseKind(pos[0])
	if err != nil {
		return err
	}
	id := pos[1]
	if !document.ValidID(id) {
		hint := ""
		if s := document.Slug(id); s != "" {
			hint = fmt.Sprintf("; did you mean %q?", s)
		}
		return usageError("invalid id %q: use lower-case letters, digits and hyphens, not starting with a hyphen%s", id, hint)
	}
	if err := playbookDir(*root); err != nil {
		return err
	}
	rel := scaffold.Path(kind, id)
	file := filepath.Join(*root, filepath.FromSlash(rel))
	if _, err := os.Lstat(file); err == nil {
		return usageError("%s already exists", rel)
	}
	day, err := today("", env.Getenv)
	if err != nil {
		return err
	}
	res, err := check(ctx, checkFlags{root: *root}, day, false)
	if err != nil {
		return err
	}
	for _, d := range res.Docs {
		if d.Usable() && d.ID == id {
			return usageError("id %q is already used by %s", id, d.Path)
		}
	}

	name, archetype := "the built-in "+string(kind)+" archetype", scaffold.Archetype(kind)
	own := path.Join(scaffold.ArchetypeDir, string(kind)+".md")
	switch data, err := os.ReadFile(filepath.Join(*root, filepath.FromSlash(own))); {
	case err == nil:
		name, archetype = own, data
	case !errors.Is(err, fs.ErrNotExist):
		return &ExitError{Code: ExitUsage, Err: err}
	}
	out, err := scaffold.Expand(name, archetype, scaffold.Vars{
		ID: id, Title: scaffold.Title(id), Kind: string(kind), Today: day.Format(time.DateOnly),
	})
	if err != nil {
		return usageError("%s: %v", name, err)
	}
	// The file must be a node of the kind and id asked for: an archetype
	// that breaks the frontmatter, or sets another kind or id, would leave
	// a file that check rejects or that shadows another node.
	doc := document.Parse(res.MD, rel, strings.TrimPrefix(rel, source.ContentDir+"/"), out)
	for _, d := range doc.Diags {
		if d.Rule == diag.ParseFrontmatter {
			return usageError("%s does not give valid frontmatter: line %d: %s", name, d.Pos.Line, d.Message)
		}
	}
	if doc.Kind != kind || doc.ID != id {
		return usageError("%s gives %s with id %q, not %s with id %q; fix its kind or id field", name, doc.Kind.Article(), doc.ID, kind.Article(), id)
	}

	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return &ExitError{Code: ExitUsage, Err: err}
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return usageError("%s already exists", rel)
		}
		return &ExitError{Code: ExitUsage, Err: err}
	}
	if _, err := f.Write(out); err != nil {
		f.Close()
		return &ExitError{Code: ExitUsage, Err: err}
	}
	if err := f.Close(); err != nil {
		return &ExitError{Code: ExitUsage, Err: err}
	}
	fmt.Fprintf(env.Stdout, "created %s\n", filepath.Join(*root, filepath.FromSlash(rel)))
	if name != own {
		fmt.Fprintln(env.Stdout, "It is a draft: replace its TODOs, fill in or delete the empty fields, then set draft: false.")
	}
	return nil
}

// isPlaybook reports whether dir holds bearing.yaml or content/.
func isPlaybook(dir string) bool {
	for _, p := range []string{config.File, source.ContentDir} {
		if _, err := os.Stat(filepath.Join(dir, p)); err == nil {
			return true
		}
	}
	return false
}
