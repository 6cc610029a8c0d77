package testtool

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Repo is a fixture git repository in a test's folder, never this
// repository: commits get a fixed identity and the dates they are given,
// and no user or system configuration is read.
type Repo struct {
	t   testing.TB
	Dir string
	env []string
}

// GitRepo makes dir a new repository (git init), or skips t when git is
// missing.
func GitRepo(t testing.TB, dir string) *Repo {
	t.Helper()
	Path(t, "git", "apt-get install git")
	r := &Repo{t: t, Dir: dir}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_") {
			r.env = append(r.env, kv)
		}
	}
	r.env = append(r.env, "HOME="+dir, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
		"GIT_AUTHOR_NAME=Ada", "GIT_AUTHOR_EMAIL=ada@example.org",
		"GIT_COMMITTER_NAME=Ada", "GIT_COMMITTER_EMAIL=ada@example.org")
	r.Git("init", "-q", "-b", "main")
	return r
}

// Git runs a git command in the repository, with extra environment
// variables, and returns its output; a failure fails t.
func (r *Repo) Git(args ...string) string {
	r.t.Helper()
	return r.GitEnv(nil, args...)
}

// GitEnv is Git with extra environment variables.
func (r *Repo) GitEnv(env []string, args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.Dir
	cmd.Env = append(r.env, env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// CommitAll commits every file of the work tree at noon UTC on day
// (YYYY-MM-DD) with the message.
func (r *Repo) CommitAll(day, msg string) {
	r.t.Helper()
	r.Git("add", "-A")
	date := day + "T12:00:00Z"
	r.GitEnv([]string{"GIT_AUTHOR_DATE=" + date, "GIT_COMMITTER_DATE=" + date}, "commit", "-q", "--allow-empty", "-m", msg)
}
