package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/bearing-dev/bearing/internal/diag"
)

const (
	// usageWidth is the column at which help text is wrapped.
	usageWidth = 80
	// maxFlagWidth is the widest "--name VALUE" that has its help text
	// beside it.
	maxFlagWidth = 24
)

// usage prints the list of commands.
func usage(w io.Writer) {
	fmt.Fprint(w, "Bearing turns a strategy playbook of Markdown files into a checked, linked alignment-map site.\n\nUsage: bearing COMMAND [flags]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nRun `bearing COMMAND -h` for what a command does and its flags.\n")
}

// unknownCommand is the one-line error for a command that does not exist,
// with the closest command's name when it looks like a typo of one.
func unknownCommand(name string) error {
	if strings.HasPrefix(name, "-") {
		return usageError("unknown flag %s: flags come after the command, as in bearing check --strict (bearing help lists the commands)", name)
	}
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	if s := diag.Suggest(name, names); s != "" {
		return usageError("unknown command %q; did you mean %q?", name, s)
	}
	return usageError("unknown command %q (bearing help lists the commands)", name)
}

// newFlagSet returns a flag set that reports errors instead of exiting.
// synopsis follows "Usage: bearing"; the command's description, from the
// command table, follows it in -h.
func newFlagSet(name, synopsis string, env *Env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// parseFlags words the errors itself, on one line.
	fs.SetOutput(io.Discard)
	fs.Usage = func() { commandUsage(env.Stderr, fs, synopsis) }
	return fs
}

// commandUsage prints a command's -h: its synopsis, what it does, and its
// flags.
func commandUsage(w io.Writer, fs *flag.FlagSet, synopsis string) {
	fmt.Fprintf(w, "Usage: bearing %s\n", synopsis)
	for _, c := range commands() {
		if c.name == fs.Name() && c.doc != "" {
			fmt.Fprintf(w, "\n%s\n", wrap(c.doc, "", usageWidth))
		}
	}
	printFlags(w, fs)
}

// printFlags lists a flag set's flags as the README writes them, --name
// VALUE, with their help text in a column beside them, wrapped.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	type row struct{ left, help string }
	var rows []row
	width := 0
	fs.VisitAll(func(f *flag.Flag) {
		value, help := flag.UnquoteUsage(f)
		left := "--" + f.Name
		if value != "" && !isBoolFlag(f) {
			left += " " + strings.ToUpper(value)
		}
		if def := defaultText(f); def != "" {
			help += " (default " + def + ")"
		}
		rows = append(rows, row{left, help})
		// A flag whose name and value would push the help text of every
		// flag far right gets its own on the lines below instead.
		if n := utf8.RuneCountInString(left); n <= maxFlagWidth {
			width = max(width, n)
		}
	})
	if len(rows) == 0 {
		return
	}
	indent := strings.Repeat(" ", 2+width+2)
	fmt.Fprint(w, "\nFlags:\n")
	for _, r := range rows {
		n := utf8.RuneCountInString(r.left)
		if n > width {
			fmt.Fprintf(w, "  %s\n%s%s\n", r.left, indent, wrap(r.help, indent, usageWidth)[len(indent):])
			continue
		}
		line := "  " + r.left + strings.Repeat(" ", width-n+2)
		fmt.Fprintf(w, "%s%s\n", line, wrap(r.help, indent, usageWidth)[len(indent):])
	}
}

// isBoolFlag reports whether a flag takes no value (--strict).
func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// defaultText is a flag's default as help shows it: quoted for text, ""
// when the default is the zero value, which needs no mention.
func defaultText(f *flag.Flag) string {
	switch f.DefValue {
	case "", "false", "0":
		return ""
	}
	if g, ok := f.Value.(flag.Getter); ok {
		if _, isString := g.Get().(string); isString {
			return fmt.Sprintf("%q", f.DefValue)
		}
	}
	return f.DefValue
}

// wrap breaks text at spaces into lines of at most width columns, each
// starting with indent, the first one included.
func wrap(text, indent string, width int) string {
	var b strings.Builder
	line := indent
	for _, word := range strings.Fields(text) {
		if line != indent && utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) > width {
			b.WriteString(line + "\n")
			line = indent
		}
		if line != indent {
			line += " "
		}
		line += word
	}
	b.WriteString(line)
	return b.String()
}

// goFlag matches a flag as the flag package names it in errors, -name.
var goFlag = regexp.MustCompile(`(^|[ :])-([a-z][a-z0-9-]*)`)

// flagError turns a parse error of the flag package into one line that
// names the flag as the README does (--name), with the closest flag when
// it is a typo of one.
func flagError(fs *flag.FlagSet, err error) error {
	var name string
	if _, after, ok := strings.Cut(err.Error(), "flag provided but not defined: -"); ok {
		name = strings.TrimPrefix(after, "-")
	}
	if name == "" {
		return usageError("%s: %s (bearing %s -h lists its flags)", fs.Name(), goFlag.ReplaceAllString(err.Error(), "$1--$2"), fs.Name())
	}
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if s := diag.Suggest(name, names); s != "" {
		return usageError("%s: unknown flag --%s; did you mean --%s?", fs.Name(), name, s)
	}
	return usageError("%s: unknown flag --%s (bearing %s -h lists its flags)", fs.Name(), name, fs.Name())
}

// parse parses args with fs. The flag package prints the whole usage on
// any error; here only -h prints it, and an error is one line.
func parse(fs *flag.FlagSet, args []string) error {
	show := fs.Usage
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.Usage = show
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		show()
		return err
	}
	return flagError(fs, err)
}

// parseFlags parses flags and rejects stray arguments.
func parseFlags(fs *flag.FlagSet, args []string, maxArgs int) error {
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > maxArgs {
		return usageError("%s: unexpected argument %q (bearing %s -h shows how it is used)", fs.Name(), fs.Arg(maxArgs), fs.Name())
	}
	return nil
}
