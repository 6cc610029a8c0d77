// Package cli owns the command line: flags, the wiring of the pipeline's
// packages into commands (build's rendered files into publish's output
// directory for bearing build; watch's batches into build's session and
// the session's sites into server for bearing serve), and the mapping of
// outcomes to exit codes, which main only applies. It may import every
// package under internal/; nothing imports it but main.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
)

// Version is the tool's version, reported by `bearing version` and SARIF.
const Version = "0.1.0"

// Exit codes.
const (
	ExitOK      = 0
	ExitInvalid = 1 // the playbook has errors
	ExitUsage   = 2 // usage or I/O failure
)

// ExitError carries an exit code; its message, if any, is printed by main.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return "" // the diagnostics already said it
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// ExitCode maps Run's error to a process exit code.
func ExitCode(err error) int {
	var ee *ExitError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ee):
		return ee.Code
	default:
		return ExitUsage
	}
}

// errInvalid reports that the playbook has errors; the diagnostics were
// already printed, so it has no message of its own.
var errInvalid = &ExitError{Code: ExitInvalid}

func usageError(format string, args ...any) error {
	return &ExitError{Code: ExitUsage, Err: fmt.Errorf(format, args...)}
}

// command is one subcommand.
type command struct {
	// summary is the command's line in the list of commands; doc says
	// what it does, in full sentences, at the head of its -h.
	name, summary, doc string
	run                func(ctx context.Context, args []string, env *Env) error
}

// Env is what a command may touch besides its arguments.
type Env struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

func commands() []command {
	return []command{
		{"init", "create a playbook: bearing.yaml, an example, a GitHub Pages workflow",
			"Creates a playbook in DIR (default .): bearing.yaml with every option explained, " +
				"an example that passes `bearing check`, .gitignore, and .github/workflows/bearing.yml, " +
				"which checks pull requests and publishes main to GitHub Pages. A directory that " +
				"holds bearing.yaml or content/ is refused unless --force. Other files already " +
				"there are kept; .gitignore gets the lines it lacks.", runInit},
		{"new", "add a direction, initiative, signal, review or page from its archetype",
			"Writes content/KINDs/ID.md (content/ID.md for a page) from the kind's archetype. " +
				"The built-in one lists every field with what it takes. A playbook's own " +
				"archetypes/KIND.md replaces it: a Go text/template that may use {{.ID}}, " +
				"{{.Title}} (made from the id), {{.Kind}} and {{.Today}} (YYYY-MM-DD). " +
				"KIND is one of " + kindList() + ".", runNew},
		{"check", "validate the playbook; --format text|json|github|sarif",
			"Validates the playbook against every rule and writes nothing. Findings go to " +
				"stdout, one line each (path:line:col: severity: message [rule-id]) or in the " +
				"--format asked for, and a summary to stderr. Exits 0 when there is no error " +
				"(warnings are allowed unless --strict), 1 when the playbook has errors, 2 on a " +
				"usage or I/O failure.", runCheck},
		{"build", "validate and render the site into public/",
			"Validates the playbook and, only if it has no error, renders the site into " +
				"public/ (or --out) for any static host. The new site replaces the old one " +
				"only once it is complete: a failed build leaves the previous one as it was.", runBuild},
		{"serve", "preview the site with live reload on http://127.0.0.1:1717/",
			"Builds the site in memory and serves it on http://127.0.0.1:1717/ (or --addr), " +
				"drafts included with --drafts. Every saved edit rebuilds what it touches and " +
				"reloads the open pages; the errors of a broken edit are shown over the page " +
				"until it is fixed.", runServe},
		{"graph", "print the alignment graph; --format dot|mermaid|json",
			"Prints the alignment graph, every node and every reference between them, as " +
				"Graphviz DOT (render it with `dot -Tsvg`), a Mermaid flowchart, or JSON in the " +
				"shape of the site's alignment.json. In DOT and Mermaid, the nodes and references " +
				"an error is about are drawn red.", runGraph},
		{"diff", "what a change does to the strategy; bearing diff [BASE [HEAD]]",
			"Compares the playbook at BASE (a git revision, default HEAD) with HEAD (a revision, " +
				"default the working tree) and prints each change, strategic, watch or info, then the " +
				"findings introduced and fixed. --format markdown fits a pull-request comment; " +
				"--fail-on strategic|watch exits 1 when there are such changes.", runDiff},
		{"schema", "print the JSON Schema of the frontmatter, for editors",
			"Prints the JSON Schema (draft 2020-12) of the frontmatter, for editors. A file that " +
				"sets kind is checked against its kind; one that does not (its kind comes from its " +
				"folder) against the fields of every kind. For exact checks, map each folder to the " +
				"schema --kind prints.", runSchema},
		{"version", "print the version", "Prints the version of bearing (also bearing --version or -v).", runVersion},
	}
}

// Run runs the command line args (without the program name).
func Run(ctx context.Context, args []string, env *Env) error {
	if len(args) == 0 {
		// A bare bearing is a usage mistake, as in go and git: the list of
		// commands, and a failing status for a script that forgot one.
		usage(env.Stderr)
		return &ExitError{Code: ExitUsage}
	}
	if isHelp(args[0]) {
		// bearing help COMMAND is COMMAND -h; help about help is the list.
		if len(args) > 1 && !isHelp(args[1]) {
			return Run(ctx, []string{args[1], "-h"}, env)
		}
		usage(env.Stdout)
		return nil
	}
	switch args[0] {
	case "-v", "-version", "--version":
		args = append([]string{"version"}, args[1:]...)
	}
	for _, c := range commands() {
		if c.name == args[0] {
			err := c.run(ctx, args[1:], env)
			if errors.Is(err, flag.ErrHelp) {
				return nil
			}
			return err
		}
	}
	return unknownCommand(args[0])
}

// isHelp reports whether an argument asks for help.
func isHelp(arg string) bool {
	return slices.Contains([]string{"help", "-h", "-help", "--help"}, arg)
}

func runVersion(_ context.Context, args []string, env *Env) error {
	fs := newFlagSet("version", "version", env)
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	_, err := fmt.Fprintln(env.Stdout, "bearing", Version)
	return err
}
