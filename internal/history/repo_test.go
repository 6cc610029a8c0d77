package history

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/testtool"
)

// testRepo is a fixture repository made in a test's temporary folder,
// never this repository: commits with fixed dates and identity.
type testRepo struct {
	t   testing.TB
	dir string
	env []string
}

// newTestRepo makes an empty repository, or skips t when git is missing.
func newTestRepo(t testing.TB) *testRepo {
	t.Helper()
	testtool.Path(t, "git", "apt-get install git")
	r := &testRepo{t: t, dir: t.TempDir()}
	r.env = append(cleanEnv(os.Environ()),
		"HOME="+r.dir, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
		"GIT_AUTHOR_NAME=Ada", "GIT_AUTHOR_EMAIL=ada@example.org",
		"GIT_COMMITTER_NAME=Ada", "GIT_COMMITTER_EMAIL=ada@example.org")
	r.git("init", "-q", "-b", "main")
	return r
}

// git runs a git command in the repository and returns its output.
func (r *testRepo) git(args ...string) string {
	r.t.Helper()
	return r.gitEnv(nil, args...)
}

func (r *testRepo) gitEnv(env []string, args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.dir
	cmd.Env = append(r.env, env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// commit writes files (an empty text removes the file) and commits them
// all on the given day with the message.
func (r *testRepo) commit(day, msg string, files map[string]string) {
	r.t.Helper()
	for p, text := range files {
		full := filepath.Join(r.dir, filepath.FromSlash(p))
		if text == "" {
			if err := os.Remove(full); err != nil {
				r.t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
	r.git("add", "-A")
	date := day + "T12:00:00Z"
	r.gitEnv([]string{"GIT_AUTHOR_DATE=" + date, "GIT_COMMITTER_DATE=" + date}, "commit", "-q", "--allow-empty", "-m", msg)
}

// move renames a file with git mv (committed by the next commit).
func (r *testRepo) move(from, to string) {
	r.t.Helper()
	if err := os.MkdirAll(filepath.Dir(filepath.Join(r.dir, to)), 0o755); err != nil {
		r.t.Fatal(err)
	}
	r.git("mv", from, to)
}

// day parses a YYYY-MM-DD date for expectations.
func day(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
