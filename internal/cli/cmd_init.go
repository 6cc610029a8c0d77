package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/bearing-dev/bearing/internal/config"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/scaffold"
	"github.com/bearing-dev/bearing/internal/source"
)

func runInit(_ context.Context, args []string, env *Env) error {
	fset := newFlagSet("init", "init [--force] [DIR]", env)
	force := fset.Bool("force", false, "write into a directory that already holds a playbook, replacing the files init writes")
	pos, err := parseArgs(fset, args, 0, 1)
	if err != nil {
		return err
	}
	dir := "."
	if len(pos) == 1 {
		dir = pos[0]
	}
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		return usageError("%s: not a directory", dir)
	}
	if !*force {
		for _, p := range []string{config.File, source.ContentDir} {
			if _, err := os.Lstat(filepath.Join(dir, p)); err == nil {
				return usageError("%s already holds a playbook (%s exists); --force writes the starter files over it", dir, p)
			}
		}
	}
	day, err := today("", env.Getenv)
	if err != nil {
		return err
	}
	files, err := scaffold.Playbook(scaffold.Options{Title: playbookTitle(dir), Today: day})
	if err != nil {
		return &ExitError{Code: ExitUsage, Err: err}
	}
	fmt.Fprintf(env.Stdout, "Created a playbook in %s:\n", dir)
	for _, f := range files {
		what, err := writeStarter(dir, f, *force)
		if err != nil {
			return &ExitError{Code: ExitUsage, Err: err}
		}
		fmt.Fprintf(env.Stdout, "  %-8s %s\n", what, f.Path)
	}
	next := "bearing serve"
	if dir != "." {
		next = "cd " + shellQuote(dir) + " && " + next
	}
	fmt.Fprintln(env.Stdout, "\nNext:")
	steps := [][2]string{
		{next, "preview the site at http://127.0.0.1:1717/"},
		{"bearing new initiative ID", "add work; the file explains every field"},
		{"bearing check", "validate, as CI does on every pull request"},
	}
	// The commands' column is as wide as the longest, which the folder's
	// name decides: the explanations line up whatever it is.
	width := 0
	for _, l := range steps {
		width = max(width, utf8.RuneCountInString(l[0]))
	}
	for _, l := range steps {
		fmt.Fprintf(env.Stdout, "  %s%s   %s\n", l[0], strings.Repeat(" ", width-utf8.RuneCountInString(l[0])), l[1])
	}
	fmt.Fprint(env.Stdout, "\nTo publish, push to GitHub and set Settings > Pages > Source to \"GitHub Actions\":\n"+
		".github/workflows/bearing.yml checks every pull request, comments what it does to the strategy, and deploys every push to main.\n")
	return nil
}

// writeStarter writes one starter file and says what it did. Without
// force an existing file is kept; .gitignore is merged, never replaced.
func writeStarter(dir string, f scaffold.File, force bool) (string, error) {
	p := filepath.Join(dir, filepath.FromSlash(f.Path))
	old, err := os.ReadFile(p)
	exists := err == nil
	switch {
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return "", err
	case exists && f.Path == ".gitignore":
		merged, changed := scaffold.MergeGitignore(old, f.Data)
		if !changed {
			return "kept", nil
		}
		f.Data = merged
	case exists && !force:
		return "kept", nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(p, f.Data, 0o644); err != nil {
		return "", err
	}
	if exists {
		return "updated", nil
	}
	return "created", nil
}

// playbookTitle names a playbook after its directory: "acme-strategy"
// becomes "Acme strategy"; "" lets the scaffold use the default.
func playbookTitle(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	return scaffold.Title(document.Slug(filepath.Base(abs)))
}

var shellSafe = regexp.MustCompile(`^[A-Za-z0-9_./@%+=:,-]+$`)

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if shellSafe.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// parseArgs parses flags that may come before, between or after between
// minArgs and maxArgs positional arguments ("new initiative x --root p").
func parseArgs(fset *flag.FlagSet, args []string, minArgs, maxArgs int) ([]string, error) {
	var pos []string
	for {
		if err := parse(fset, args); err != nil {
			return nil, err
		}
		rest := fset.Args()
		if len(rest) == 0 {
			break
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			pos = append(pos, rest...) // everything after -- is positional
			break
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
	switch {
	case len(pos) > maxArgs:
		return nil, usageError("%s: unexpected argument %q (bearing %s -h shows how it is used)", fset.Name(), pos[maxArgs], fset.Name())
	case len(pos) < minArgs:
		return nil, usageError("%s needs %d arguments, got %d (bearing %s -h shows how it is used)", fset.Name(), minArgs, len(pos), fset.Name())
	}
	return pos, nil
}
