package cli

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/config"
	"github.com/bearing-dev/bearing/internal/history"
	"github.com/bearing-dev/bearing/internal/testtool"
)

// TestLiveHistory: serve's history arrives after the first call, and
// again when the configuration changes what a read finds (history_since
// here), without waiting for HEAD to move; a call with the same
// configuration reads nothing new.
func TestLiveHistory(t *testing.T) {
	dir := t.TempDir()
	r := testtool.GitRepo(t, dir)
	for i, day := range []string{"2026-01-05", "2026-02-01"} {
		if err := os.MkdirAll(filepath.Join(dir, "content", "directions"), 0o755); err != nil {
			t.Fatal(err)
		}
		text := "---\ntitle: D\nproblem: p" + string(rune('0'+i)) + "\nfor_whom: f\nwhy_we_win: w\nalternatives: [a]\nmust_be_true: [c]\nnon_goals: [n]\n---\n"
		if err := os.WriteFile(filepath.Join(dir, "content", "directions", "d.md"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		r.CommitAll(day, "edit")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cache := t.TempDir()
	h := newLiveHistory(ctx, dir, false, &Env{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(k string) string {
		if k == "XDG_CACHE_HOME" {
			return cache
		}
		return ""
	}})
	arrive := func() *history.Log {
		t.Helper()
		select {
		case <-h.Arrived():
		case <-time.After(30 * time.Second):
			t.Fatal("no history arrived within 30s")
		}
		h.mu.Lock()
		defer h.mu.Unlock()
		return h.log
	}
	c := config.Default()
	if l := h.get(c); l != nil {
		t.Errorf("the first call returned a history; want nil, the read started")
	}
	if l := arrive(); len(l.Commits) != 2 {
		t.Errorf("first history: %d commits; want 2", len(l.Commits))
	}
	if l := h.get(c); l == nil || len(l.Commits) != 2 {
		t.Errorf("get after the arrival: %v; want the 2-commit history", l)
	}
	c.HistorySince = time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC)
	h.get(c)
	if l := arrive(); len(l.Commits) != 1 {
		t.Errorf("with history_since 2026-01-20: %d commits; want 1", len(l.Commits))
	}
	if newLiveHistory(ctx, dir, true, nil).fn() != nil {
		t.Error("--no-history gives a History function; want nil")
	}
}
