package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bearing-dev/bearing/internal/testtool"
)

// TestServeFollowsHead: bearing serve reads the history in the background
// and again when HEAD moves. On a fixture repository of the example, a
// commit that eases a signal's target arrives as a history of one more
// commit, and the rebuild with it finds the eased target
// (feedback/goalpost, a rule that needs history); the read of the new
// HEAD goes through the cache, and the first read is kept there.
func TestServeFollowsHead(t *testing.T) {
	bin := buildBearing(t)
	dir := examplePlaybook(t)
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache) // the serve process inherits it
	r := testtool.GitRepo(t, dir)
	r.CommitAll("2026-11-20", "start")
	srv := startServe(t, bin, dir)
	srv.logSince(t, 0, regexp.MustCompile(`^history: 1 commit up to [0-9a-f]{7}, read in `))
	if m, _ := filepath.Glob(filepath.Join(cache, "bearing", "history", "*", "*.gob")); len(m) != 1 {
		t.Errorf("cache files %v; want the one history read", m)
	}

	n := len(srv.stderr.String())
	file := filepath.Join(dir, "content", "signals", "claim-dispute-rate.md")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	eased := strings.Replace(string(data), "\ntarget: 5\n", "\ntarget: 8\n", 1)
	if eased == string(data) {
		t.Fatal("claim-dispute-rate.md has no target: 5 line to ease")
	}
	writeFile(t, file, eased)
	r.CommitAll("2026-11-21", "ease the dispute target")
	head := strings.TrimSpace(r.Git("rev-parse", "--short=7", "HEAD"))
	srv.logSince(t, n, regexp.MustCompile(`^history: 2 commits up to `+head+`, read in `))
	srv.logSince(t, n, regexp.MustCompile(`claim-dispute-rate\.md:.*target eased from 5 to 8.*\[feedback/goalpost\]`))
}
