// Package cli owns the command line: flags, wiring of the pipeline, and
// the mapping of outcomes to exit codes. Nothing imports it but main.
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
	name, summary string
	run           func(ctx context.Context, args []string, env *Env) error
}

// Env is what a command may touch besides its arguments.
type Env struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

func commands() []command {
	return []command{
		{"init", "create a playbook: bearing.yaml, an example, a GitHub Pages workflow", runInit},
		{"new", "add a direction, initiative, signal, review or page from its archetype", runNew},
		{"check", "validate the playbook; --format text|json|github|sarif", runCheck},
		{"build", "validate and render the site into public/", runBuild},
		{"serve", "preview the site with live reload on http://127.0.0.1:1717/", runServe},
		{"graph", "print the alignment graph; --format dot|mermaid|json", runGraph},
		{"schema", "print the JSON Schema of the frontmatter, for editors", runSchema},
		{"version", "print the version", func(_ context.Context, _ []string, env *Env) error {
			_, err := fmt.Fprintln(env.Stdout, "bearing", Version)
			return err
		}},
	}
}

// Run runs the command line args (without the program name).
func Run(ctx context.Context, args []string, env *Env) error {
	if len(args) == 0 || slices.Contains([]string{"help", "-h", "-help", "--help"}, args[0]) {
		if len(args) > 1 {
			return Run(ctx, []string{args[1], "-h"}, env)
		}
		usage(env.Stdout)
		return nil
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
	usage(env.Stderr)
	return usageError("unknown command %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprint(w, "Bearing turns a strategy playbook of Markdown files into a checked, linked alignment-map site.\n\nUsage: bearing COMMAND [flags]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nRun `bearing COMMAND -h` for a command's flags.\n")
}

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet(name, synopsis string, env *Env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: bearing %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses flags and rejects stray arguments.
func parseFlags(fs *flag.FlagSet, args []string, maxArgs int) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &ExitError{Code: ExitUsage}
	}
	if fs.NArg() > maxArgs {
		fs.Usage()
		return usageError("unexpected argument %q", fs.Arg(maxArgs))
	}
	return nil
}
