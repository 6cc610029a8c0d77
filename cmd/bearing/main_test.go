package main

import (
	"errors"
	"flag"
	"os"
	"os/exec"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the golden files that scripts cmp stdout against")

// TestMain lets scripts run the real command: `exec bearing ...` runs this
// test binary as bearing, through the same run function main uses.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"bearing": func() { os.Exit(run()) },
	})
}

// TestScripts runs every testdata/script/*.txtar as a subtest. Each script
// is a small playbook and the bearing commands a user would run on it.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"writebytes": writeBytes,
			"exitcode":   exitCode,
		},
	})
}

// writeBytes implements `writebytes FILE QUOTED`: it writes the Go string
// literal QUOTED, unquoted, to FILE. Scripts use it for bytes a txtar file
// should not hold: NUL, invalid UTF-8, a byte-order mark, CR.
func writeBytes(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! writebytes")
	}
	if len(args) != 2 {
		ts.Fatalf("usage: writebytes FILE QUOTED")
	}
	data, err := strconv.Unquote(args[1])
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(data), 0o666))
}

// exitCode implements `exitcode N PROGRAM [ARGS...]`: it runs PROGRAM like
// exec does, keeping its stdout and stderr for the next assertions, and
// fails unless it exits with status N. `! exec` only tells 0 from non-zero;
// the design promises 1 for a broken playbook and 2 for a usage error.
func exitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! exitcode")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: exitcode N PROGRAM [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("%s: %v", args[1], err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d; want %d", args[1], got, want)
	}
}
