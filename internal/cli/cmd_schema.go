package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/schema"
)

func runSchema(_ context.Context, args []string, env *Env) error {
	fs := newFlagSet("schema", "schema [--kind KIND]", env)
	kind := fs.String("kind", "", "print only this `kind`'s schema: "+kindList()+" (for an editor setting that maps a folder to its kind)")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	out := schema.All()
	if *kind != "" {
		k, err := parseKind(*kind)
		if err != nil {
			return err
		}
		out = schema.Of(k)
	}
	if _, err := env.Stdout.Write(out); err != nil {
		return &ExitError{Code: ExitUsage, Err: err}
	}
	return nil
}

// parseKind accepts a kind's name, suggesting the closest one otherwise.
func parseKind(s string) (document.Kind, error) {
	var names []string
	for _, k := range document.Kinds() {
		names = append(names, string(k))
	}
	if slices.Contains(names, s) {
		return document.Kind(s), nil
	}
	hint := ""
	if m := diag.Suggest(s, names); m != "" {
		hint = fmt.Sprintf("; did you mean %q?", m)
	}
	return "", usageError("unknown kind %q: want %s%s", s, kindList(), hint)
}

func kindList() string {
	var names []string
	for _, k := range document.Kinds() {
		names = append(names, string(k))
	}
	return strings.Join(names, ", ")
}
