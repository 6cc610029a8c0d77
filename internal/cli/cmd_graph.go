package cli

import (
	"context"
	"slices"

	"github.com/bearing-dev/bearing/internal/model"
	"github.com/bearing-dev/bearing/internal/render"
)

func runGraph(ctx context.Context, args []string, env *Env) error {
	fs := newFlagSet("graph", "graph [flags]", env)
	var cf checkFlags
	cf.register(fs, false)
	format := fs.String("format", "dot", "output `format`: dot, mermaid or json")
	if err := parseFlags(fs, args, 0); err != nil {
		return err
	}
	if !slices.Contains(render.GraphFormats(), *format) {
		return usageError("--format %q: want dot, mermaid or json", *format)
	}
	day, err := today(cf.now, env.Getenv)
	if err != nil {
		return err
	}
	res, err := check(ctx, cf, day, false)
	if err != nil {
		return err
	}
	out, err := render.ExportGraph(res.Graph, res.Diags, *format, func(n *model.Node) string { return "/" + n.URL })
	if err != nil {
		return usageError("%v", err)
	}
	_, err = env.Stdout.Write(out)
	return err
}
