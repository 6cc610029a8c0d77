// Command genplaybook writes a synthetic, valid strategy playbook for
// benchmarks and scripts:
//
//	go run ./internal/gen/cmd/genplaybook -n 10000 -o /tmp/pb10k
//	go run ./internal/gen/cmd/genplaybook -n 10000 -readings 0 -o /tmp/pb10k0
//	go run ./internal/gen/cmd/genplaybook -n 300 -commits 1000 -o /tmp/pb300h
//
// -readings sets how many readings each signal's history has (24 unless
// told; 0 writes none); the rest of the playbook is the same whatever it
// is, so that a build with readings can be compared with one without.
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
	readings := flag.Int("readings", gen.DefaultReadings, "`number` of readings in each signal's history (0: no history field; the rest of the playbook is the same for any number); files only, not with -commits")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "Usage: genplaybook -n FILES [-readings R | -commits N [-seed S]] -o DIR\n\nWrites a deterministic, valid playbook (clean as of %s).\n\n", gen.Today)
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	write := func() error { return gen.WriteWith(*out, *n, gen.Options{Readings: *readings}) }
	if *commits > 0 {
		if *readings != gen.DefaultReadings {
			fmt.Fprintln(os.Stderr, "genplaybook: -readings is for files only, not with -commits")
			os.Exit(2)
		}
		write = func() error { return gen.History{Files: *n, Commits: *commits, Seed: *seed}.WriteRepo(*out) }
	}
	if err := write(); err != nil {
		fmt.Fprintln(os.Stderr, "genplaybook:", err)
		os.Exit(1)
	}
}
