package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// invoke runs the command line in-process, as main would.
func invoke(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
		if k == "SOURCE_DATE_EPOCH" {
			return "1795651200" // 2026-11-26
		}
		return ""
	}}
	err := Run(context.Background(), args, env)
	if err != nil && err.Error() != "" {
		errb.WriteString("bearing: " + err.Error() + "\n")
	}
	return out.String(), errb.String(), ExitCode(err)
}

func TestInitThenCheckAndBuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "acme-strategy")
	out, errOut, code := invoke(t, "init", dir)
	if code != 0 {
		t.Fatalf("init: exit %d, %s", code, errOut)
	}
	for _, want := range []string{"created  bearing.yaml", "created  .github/workflows/bearing.yml", "created  content/directions/self-serve.md", "cd " + dir + " && bearing serve"} {
		if !strings.Contains(out, want) {
			t.Errorf("init output lacks %q:\n%s", want, out)
		}
	}
	cfg, err := os.ReadFile(filepath.Join(dir, "bearing.yaml"))
	if err != nil || !strings.Contains(string(cfg), "title: Acme strategy\n") {
		t.Errorf("bearing.yaml is not titled after the folder: %s %v", cfg, err)
	}
	out, errOut, code = invoke(t, "check", "--root", dir)
	if code != 0 || out != "" || !strings.Contains(errOut, "0 errors, 0 warnings") {
		t.Errorf("check: exit %d\n%s%s", code, out, errOut)
	}
	if _, errOut, code = invoke(t, "build", "--root", dir); code != 0 {
		t.Errorf("build: exit %d, %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "index.html")); err != nil {
		t.Error(err)
	}
}

func TestInitRefusesAPlaybook(t *testing.T) {
	for _, existing := range []string{"bearing.yaml", "content"} {
		t.Run(existing, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, existing)
			if existing == "content" {
				if err := os.Mkdir(p, 0o755); err != nil {
					t.Fatal(err)
				}
			} else if err := os.WriteFile(p, []byte("title: Mine\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			_, errOut, code := invoke(t, "init", dir)
			if code != ExitUsage || !strings.Contains(errOut, "already holds a playbook ("+existing+" exists)") || !strings.Contains(errOut, "--force") {
				t.Errorf("exit %d, %q; want 2 and a message naming %s and --force", code, errOut, existing)
			}
			if _, err := os.Stat(filepath.Join(dir, ".gitignore")); err == nil {
				t.Error("a refused init wrote files")
			}
			out, errOut, code := invoke(t, "init", "--force", dir)
			if code != 0 {
				t.Fatalf("init --force: exit %d, %s", code, errOut)
			}
			if existing == "bearing.yaml" && !strings.Contains(out, "updated  bearing.yaml") {
				t.Errorf("init --force did not report replacing bearing.yaml:\n%s", out)
			}
		})
	}
}

// TestInitKeepsWhatIsThere: in a repository that is not a playbook yet,
// init adds to .gitignore and keeps a workflow of the same name.
func TestInitKeepsWhatIsThere(t *testing.T) {
	dir := t.TempDir()
	wf := filepath.Join(dir, ".github", "workflows", "bearing.yml")
	if err := os.MkdirAll(filepath.Dir(wf), 0o755); err != nil {
		t.Fatal(err)
	}
	for p, data := range map[string]string{wf: "mine\n", filepath.Join(dir, ".gitignore"): "*.log\n"} {
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Flags may follow the directory.
	out, errOut, code := invoke(t, "init", dir)
	if code != 0 {
		t.Fatalf("exit %d, %s", code, errOut)
	}
	if got, _ := os.ReadFile(wf); string(got) != "mine\n" {
		t.Errorf("workflow replaced: %q", got)
	}
	if !strings.Contains(out, "kept     .github/workflows/bearing.yml") || !strings.Contains(out, "updated  .gitignore") {
		t.Errorf("output:\n%s", out)
	}
	gi, _ := os.ReadFile(filepath.Join(dir, ".gitignore"))
	if !strings.HasPrefix(string(gi), "*.log\n") || !strings.Contains(string(gi), "/public/") {
		t.Errorf(".gitignore = %q", gi)
	}
}

func TestInitUsage(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"init", file}, {"init", "a", "b"}, {"init", "--bogus"}} {
		if _, errOut, code := invoke(t, args...); code != ExitUsage {
			t.Errorf("%v: exit %d; want 2 (%s)", args, code, errOut)
		}
	}
	// Flags after the directory are flags, not a second directory.
	if _, errOut, code := invoke(t, "init", filepath.Join(dir, "p"), "--force"); code != 0 {
		t.Errorf("init DIR --force: exit %d, %s", code, errOut)
	}
	if out, _, code := invoke(t, "init", "-h"); code != 0 || out != "" {
		t.Errorf("init -h: exit %d, stdout %q", code, out)
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{"plans": "plans", "my plans": "'my plans'", "it's": `'it'\''s'`} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s; want %s", in, got, want)
		}
	}
}
