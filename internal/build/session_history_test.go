package build

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/config"
	"github.com/bearing-dev/bearing/internal/history"
	"github.com/bearing-dev/bearing/internal/markdown"
	"github.com/bearing-dev/bearing/internal/testtool"
)

// TestHistoryArrives runs a session as serve does: its first build has
// no history (the read is still going on), then the history arrives and
// Session.History renders what shows it. Each site must equal a full
// build with the same history, byte for byte, after the arrival and after
// an edit of a signal that takes its readings from git.
func TestHistoryArrives(t *testing.T) {
	today := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	testtool.CopyPlaybook(t, filepath.Join("testdata", "example"), dir)
	repo := testtool.GitRepo(t, dir)
	network := filepath.Join(dir, "content", "directions", "carrier-network.md")
	portal := filepath.Join(dir, "content", "signals", "shipper-portal-adoption.md")
	final, err := os.ReadFile(network)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := os.ReadFile(portal)
	if err != nil {
		t.Fatal(err)
	}
	write := func(p, text string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(network, strings.Replace(strings.ReplaceAll(string(final), "status: validated", "status: untested"), "stage: execute", "stage: validate", 1))
	write(portal, strings.Replace(string(sig), "baseline: 0\n", "baseline: 0\ncurrent: 3\n", 1))
	repo.CommitAll("2026-02-01", "start")
	write(network, string(final))
	write(portal, strings.Replace(string(sig), "baseline: 0\n", "baseline: 0\ncurrent: 8\n", 1))
	repo.CommitAll("2026-06-01", "advance")

	var arrived atomic.Bool
	var once sync.Once
	var log *history.Log
	read := func(c config.Config) *history.Log {
		once.Do(func() {
			l, err := history.Read(context.Background(), history.Options{Dir: dir, MD: markdown.New(markdown.Options{LinksOnly: true}), Judge: Judge(c)})
			if err != nil {
				t.Error(err)
			}
			log = l
		})
		return log
	}
	background := func(c config.Config) *history.Log {
		if !arrived.Load() {
			return nil
		}
		return read(c)
	}
	ctx := context.Background()
	root := os.DirFS(dir)
	full := func() map[string][]byte {
		t.Helper()
		res, err := Check(ctx, Options{FS: root, Today: today, History: read})
		if err != nil {
			t.Fatal(err)
		}
		r, err := NewRenderer(root)
		if err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		var mu sync.Mutex
		if err := Render(ctx, root, res, r, SiteOptions{}, func(p string, data []byte) error {
			mu.Lock()
			defer mu.Unlock()
			files[p] = bytes.Clone(data)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return files
	}

	var note atomic.Value
	note.Store("Still being read.")
	s := NewSession(Options{FS: root, Today: today, History: background, HistoryNote: func() string { return note.Load().(string) }}, SiteOptions{})
	u, err := s.Full(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d := string(u.Files["drift/index.html"]); strings.Contains(d, "<svg") || !strings.Contains(d, "Still being read.") {
		t.Fatalf("the first build's drift page: want the note and no chart before the history arrives")
	}
	if u, err = s.History(ctx); err != nil || len(u.Written) != 0 {
		t.Fatalf("History before the read ends: got %v written, %v; want nothing", u.Written, err)
	}
	// A new note (a read that failed says why) renders the drift page.
	note.Store("Not a repository.")
	if u, err = s.History(ctx); err != nil {
		t.Fatal(err)
	}
	if u, err = u.Wait(ctx); err != nil || !strings.Contains(string(u.Files["drift/index.html"]), "Not a repository.") {
		t.Fatalf("after the note changed: got %v, drift page without the new note", err)
	}

	arrived.Store(true)
	if u, err = s.History(ctx); err != nil {
		t.Fatal(err)
	}
	if u, err = u.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	want := full()
	compareSites(t, "after the history arrived", u.Files, want)
	for _, p := range []string{"drift/index.html", "history.json", "directions/carrier-network/index.html", "signals/shipper-portal-adoption/index.html", "index.html"} {
		if !containsPath(u.Written, p) {
			t.Errorf("after the history arrived: %s not rewritten", p)
		}
	}
	if again, err := s.History(ctx); err != nil || len(again.Written) != 0 {
		t.Errorf("History with the same history: got %v written, %v; want nothing", again.Written, err)
	}

	// An edit of the signal's body after: the site still equals a full
	// build with the history.
	write(portal, strings.Replace(string(sig), "## Definition", "## What it counts", 1))
	if u, err = s.Apply(ctx, []string{"content/signals/shipper-portal-adoption.md"}); err != nil {
		t.Fatal(err)
	}
	if u, err = u.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	compareSites(t, "after an edit", u.Files, full())
}

func containsPath(list []string, p string) bool {
	for _, x := range list {
		if x == p {
			return true
		}
	}
	return false
}
