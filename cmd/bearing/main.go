// Command bearing checks a strategy playbook and renders it as a site.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/bearing-dev/bearing/internal/cli"
)

func main() {
	os.Exit(run())
}

func run() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := cli.Run(ctx, os.Args[1:], &cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv})
	if err != nil && err.Error() != "" {
		fmt.Fprintln(os.Stderr, "bearing:", err)
	}
	return cli.ExitCode(err)
}
