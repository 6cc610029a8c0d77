// Command bearing checks a strategy playbook and renders it as a site.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/bearing-dev/bearing/internal/cli"
)

// stopGrace is how long work may take to wind down after SIGINT or
// SIGTERM before the process exits without it. A parse inside goldmark
// cannot be interrupted, and CI runners expect a cancelled job to end
// within seconds; the publisher swaps the output directory in with one
// atomic rename, so exiting at any point leaves public/ as it was.
const stopGrace = 800 * time.Millisecond

func main() {
	os.Exit(run())
}

func run() int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	result := make(chan error, 1)
	go func() {
		result <- cli.Run(ctx, os.Args[1:], &cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv})
	}()
	var err error
	select {
	case err = <-result:
	case sig := <-sigs:
		cancel()
		select {
		case err = <-result:
			if err != nil {
				// The work was cut short: say so, as a shell does for a
				// process the signal killed, rather than as a usage error.
				fmt.Fprintf(os.Stderr, "bearing: stopped by %v\n", sig)
				return signalCode(sig)
			}
		case <-time.After(stopGrace):
			fmt.Fprintf(os.Stderr, "bearing: stopped by %v without waiting for the work in progress\n", sig)
			return signalCode(sig)
		case <-sigs:
			fmt.Fprintf(os.Stderr, "bearing: stopped by a second %v\n", sig)
			return signalCode(sig)
		}
	}
	if err != nil && err.Error() != "" {
		fmt.Fprintln(os.Stderr, "bearing:", err)
	}
	return cli.ExitCode(err)
}

// signalCode is the exit code of a process ended by sig: 128 plus its
// number, 130 for SIGINT and 143 for SIGTERM.
func signalCode(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 130
}
