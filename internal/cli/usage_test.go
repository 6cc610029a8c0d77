package cli

import (
	"bytes"
	"flag"
	"strings"
	"testing"
)

// TestPrintFlags: flags are listed as --name VALUE, their help in one
// column, wrapped at 80 columns, defaults shown only when they say
// something.
func TestPrintFlags(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.String("format", "text", "output `format`: text or json")
	fs.Bool("strict", false, "treat warnings as errors")
	fs.String("now", "", "judge dates as of this `date` (YYYY-MM-DD); default SOURCE_DATE_EPOCH, else the clock of the machine it runs on")
	fs.Int("jobs", 0, "how many to run at once")
	fs.String("a-very-long-flag-name", "", "its help goes below")
	var b bytes.Buffer
	printFlags(&b, fs)
	want := `
Flags:
  --a-very-long-flag-name STRING
                   its help goes below
  --format FORMAT  output format: text or json (default "text")
  --jobs INT       how many to run at once
  --now DATE       judge dates as of this date (YYYY-MM-DD); default
                   SOURCE_DATE_EPOCH, else the clock of the machine it runs on
  --strict         treat warnings as errors
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	var none bytes.Buffer
	printFlags(&none, flag.NewFlagSet("y", flag.ContinueOnError))
	if none.Len() != 0 {
		t.Errorf("a command without flags got %q; want nothing", none.String())
	}
}

// TestCommandHelp: every command's -h has a description under its
// synopsis, and no flag written the Go way.
func TestCommandHelp(t *testing.T) {
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := invoke(t, c.name, "-h")
			if code != 0 || out != "" {
				t.Fatalf("exit %d, stdout %q; want 0 and help on stderr", code, out)
			}
			parts := strings.SplitN(errOut, "\n\n", 3)
			if len(parts) < 2 || !strings.HasPrefix(parts[0], "Usage: bearing "+c.name) || !strings.HasSuffix(strings.TrimSpace(parts[1]), ".") {
				t.Errorf("want the synopsis, then a description in sentences; got\n%s", errOut)
			}
			for _, l := range strings.Split(errOut, "\n") {
				if strings.HasPrefix(strings.TrimSpace(l), "-") && !strings.HasPrefix(strings.TrimSpace(l), "--") {
					t.Errorf("a flag shown the Go way: %q", l)
				}
				if len([]rune(l)) > usageWidth {
					t.Errorf("a line of %d columns: %q", len([]rune(l)), l)
				}
			}
		})
	}
}

func TestUnknownCommand(t *testing.T) {
	for _, c := range []struct{ args, want string }{
		{"chek", "bearing: unknown command \"chek\"; did you mean \"check\"?\n"},
		{"biuld", "bearing: unknown command \"biuld\"; did you mean \"build\"?\n"},
		{"frobnicate", "bearing: unknown command \"frobnicate\" (bearing help lists the commands)\n"},
		{"--strict check", "bearing: unknown flag --strict: flags come after the command, as in bearing check --strict (bearing help lists the commands)\n"},
		{"help chek", "bearing: unknown command \"chek\"; did you mean \"check\"?\n"},
		{"check --stirct", "bearing: check: unknown flag --stirct; did you mean --strict?\n"},
		{"graph extra", "bearing: graph: unexpected argument \"extra\" (bearing graph -h shows how it is used)\n"},
	} {
		t.Run(c.args, func(t *testing.T) {
			out, errOut, code := invoke(t, strings.Fields(c.args)...)
			if code != ExitUsage || out != "" || errOut != c.want {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2, nothing, %q", code, out, errOut, c.want)
			}
		})
	}
}

func TestVersionAndBareBearing(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}, {"-v"}} {
		if out, errOut, code := invoke(t, args...); code != 0 || out != "bearing "+Version+"\n" || errOut != "" {
			t.Errorf("%v: exit %d, %q, %q; want the version", args, code, out, errOut)
		}
	}
	// Help about help is the list of commands, not a loop.
	for _, args := range [][]string{{"help"}, {"help", "help"}, {"-h", "--help"}} {
		if out, errOut, code := invoke(t, args...); code != 0 || !strings.Contains(out, "Commands:") || errOut != "" {
			t.Errorf("%v: exit %d, %q, %q; want the commands", args, code, out, errOut)
		}
	}
	out, errOut, code := invoke(t)
	if code != ExitUsage || out != "" || !strings.Contains(errOut, "Commands:") {
		t.Errorf("bearing alone: exit %d, stdout %q, stderr %q; want 2 and the commands on stderr", code, out, errOut)
	}
}
