// Command genplaybook writes a synthetic, valid strategy playbook for
// benchmarks and scripts:
//
//	go run ./internal/gen/cmd/genplaybook -n 10000 -o /tmp/pb10k
//	go run ./internal/gen/cmd/genplaybook -n 300 -commits 1000 -o /tmp/pb300h
//
// With -commits, it writes a git repository instead (git must be
// installed): the playbook as its first commit, then commits touching 1 to
// 3 files each (gen.History), checked out on main; -seed picks the edits.
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
	commits := flag.Int("commits", 0, "write a git repository with this many `commits` (0: files only)")
	seed := flag.Uint64("seed", 1, "`seed` of the history's edits, with -commits")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "Usage: genplaybook -n FILES [-commits N [-seed S]] -o DIR\n\nWrites a deterministic, valid playbook (clean as of %s).\n\n", gen.Today)
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	write := func() error { return gen.Write(*out, *n) }
	if *commits > 0 {
		write = func() error { return gen.History{Files: *n, Commits: *commits, Seed: *seed}.WriteRepo(*out) }
	}
	if err := write(); err != nil {
		fmt.Fprintln(os.Stderr, "genplaybook:", err)
		os.Exit(1)
	}
}
