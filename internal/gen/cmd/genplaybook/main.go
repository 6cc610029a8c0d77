// Command genplaybook writes a synthetic, valid strategy playbook for
// benchmarks and scripts:
//
//	go run ./internal/gen/cmd/genplaybook -n 10000 -o /tmp/pb10k
//
// The same -n always writes byte-identical files. The output directory
// must not already hold a content/ folder. The playbook is clean when
// checked as of gen.Today (`bearing check --now 2026-11-26`).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/bearing-dev/bearing/internal/gen"
)

func main() {
	n := flag.Int("n", 1000, "number of Markdown `files` under content/")
	out := flag.String("o", "", "output `dir`ectory (created if missing)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "Usage: genplaybook -n FILES -o DIR\n\nWrites a deterministic, valid playbook (clean as of %s).\n\n", gen.Today)
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := gen.Write(*out, *n); err != nil {
		fmt.Fprintln(os.Stderr, "genplaybook:", err)
		os.Exit(1)
	}
}
