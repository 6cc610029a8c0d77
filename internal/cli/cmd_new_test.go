package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// newPlaybook inits a playbook in a fresh directory.
func newPlaybook(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if _, errOut, code := invoke(t, "init", dir); code != 0 {
		t.Fatalf("init: exit %d, %s", code, errOut)
	}
	return dir
}

func TestNewEveryKind(t *testing.T) {
	dir := newPlaybook(t)
	for kind, file := range map[string]string{
		"direction":  "content/directions/growth.md",
		"initiative": "content/initiatives/faster-onboarding.md",
		"signal":     "content/signals/churn.md",
		"review":     "content/reviews/2027-q1.md",
		"page":       "content/principles.md",
	} {
		id := strings.TrimSuffix(filepath.Base(file), ".md")
		out, errOut, code := invoke(t, "new", kind, id, "--root", dir)
		if code != 0 {
			t.Fatalf("new %s %s: exit %d, %s", kind, id, code, errOut)
		}
		if !strings.Contains(out, filepath.Join(dir, file)) || !strings.Contains(out, "draft") {
			t.Errorf("new %s: output %q", kind, out)
		}
		data, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), "\nkind: "+kind+"\n") {
			t.Errorf("%s does not say its kind", file)
		}
	}
	// Placeholders kept: every file parses; check names the empty required
	// references (and the rule warnings an unfinished node earns), and
	// passes: a draft's findings are warnings.
	out, _, code := invoke(t, "check", "--root", dir)
	if code != ExitOK {
		t.Errorf("check: exit %d; want 0, the new files being drafts", code)
	}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.Contains(l, ": warning: ") || strings.Contains(l, "[parse/") || strings.Contains(l, "[schema/unknown-field]") || strings.Contains(l, "[schema/value]") {
			t.Errorf("unexpected finding: %s", l)
		}
	}
	for _, want := range []string{"faster-onboarding.md:", "[align/unmapped]", "churn.md:", `"measures" is empty`, "2027-q1.md:", `"reviews" is empty`} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
}

func TestNewRefuses(t *testing.T) {
	dir := newPlaybook(t)
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"bad id", []string{"new", "initiative", "Faster_Onboarding"}, `invalid id "Faster_Onboarding"`},
		{"bad id hint", []string{"new", "initiative", "Faster Onboarding"}, `did you mean "faster-onboarding"?`},
		{"leading hyphen", []string{"new", "initiative", "-x"}, ""},
		{"unknown kind", []string{"new", "initiatve", "x"}, `unknown kind "initiatve": want direction, initiative, signal, review, page; did you mean "initiative"?`},
		{"plural kind", []string{"new", "signals", "x"}, `did you mean "signal"?`},
		{"existing file", []string{"new", "initiative", "guided-setup"}, "content/initiatives/guided-setup.md already exists"},
		{"id of another node", []string{"new", "page", "self-serve"}, `id "self-serve" is already used by content/directions/self-serve.md`},
		{"home page id", []string{"new", "page", "home"}, `already used by content/_index.md`},
		{"missing id", []string{"new", "initiative"}, "needs 2 arguments"},
		{"extra argument", []string{"new", "initiative", "x", "y"}, `unexpected argument "y"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := append(c.args, "--root", dir)
			if c.name == "leading hyphen" {
				args = append([]string{"new", "--root", dir, "--"}, c.args[1:]...)
				c.want = `invalid id "-x"`
			}
			_, errOut, code := invoke(t, args...)
			if code != ExitUsage || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d, %q; want 2 and %q", code, errOut, c.want)
			}
		})
	}
	if _, errOut, code := invoke(t, "new", "page", "x", "--root", t.TempDir()); code != ExitUsage || !strings.Contains(errOut, "bearing init") {
		t.Errorf("outside a playbook: exit %d, %q", code, errOut)
	}
}

func TestNewOwnArchetype(t *testing.T) {
	dir := newPlaybook(t)
	arch := filepath.Join(dir, "archetypes", "initiative.md")
	write := func(s string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(arch), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(arch, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("---\ntitle: {{.Title}}\nadvances: [self-serve]\nstatus: proposed\nstart: {{.Today}}\n---\n\nWhy {{.ID}}, of kind {{.Kind}}?\n")
	out, errOut, code := invoke(t, "new", "initiative", "card-payments", "--root", dir)
	if code != 0 {
		t.Fatalf("exit %d, %s", code, errOut)
	}
	if strings.Contains(out, "draft") {
		t.Errorf("a playbook's own archetype got the built-in's advice: %q", out)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "content", "initiatives", "card-payments.md"))
	want := "---\ntitle: Card payments\nadvances: [self-serve]\nstatus: proposed\nstart: 2026-11-26\n---\n\nWhy card-payments, of kind initiative?\n"
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if out, errOut, code := invoke(t, "check", "--root", dir, "--now", "2026-11-26"); code != 0 {
		t.Errorf("check: exit %d\n%s%s", code, out, errOut)
	}

	for _, c := range []struct{ archetype, want string }{
		{"{{.Name}}", "archetypes/initiative.md"},
		{"---\ntitle: [\n---\n", "archetypes/initiative.md does not give valid frontmatter: line 3: invalid YAML"},
		{"---\ntitle: x\nid: fixed\n---\n", `gives an initiative with id "fixed", not an initiative with id "other"`},
		{"---\ntitle: x\nkind: page\n---\n", `gives a page with id "other"`},
	} {
		write(c.archetype)
		_, errOut, code := invoke(t, "new", "initiative", "other", "--root", dir)
		if code != ExitUsage || !strings.Contains(errOut, c.want) {
			t.Errorf("archetype %q: exit %d, %q; want 2 and %q", c.archetype, code, errOut, c.want)
		}
		if _, err := os.Stat(filepath.Join(dir, "content", "initiatives", "other.md")); err == nil {
			t.Fatalf("archetype %q: the file was written", c.archetype)
		}
	}
}
