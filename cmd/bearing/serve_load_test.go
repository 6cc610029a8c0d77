package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/cli"
)

// The load test: 50 live-reload clients stay connected to `bearing serve`
// while 600 edits land on the example playbook in ten seconds, a third of
// them saved the way many editors do — written to a temporary file
// beside the target, then renamed over it. The server must stay up with
// bounded memory, tell every client, leave no goroutine behind, and end up
// serving exactly what a fresh `bearing build` of the final files writes.

const (
	loadClients  = 50
	loadEdits    = 600
	loadDuration = 10 * time.Second
	// loadMaxRSS bounds the server's resident memory during the load; it
	// stays near 40 MB for the example playbook.
	loadMaxRSS = 256 << 20
)

// sseClient is one live-reload client: a plain streaming GET of the
// event stream that counts the reload events it reads.
type sseClient struct {
	reloads atomic.Int64
	hello   chan struct{}
	done    chan struct{}
	err     error // why the stream ended, once done is closed
}

func connectSSE(ctx context.Context, hc *http.Client, base string) *sseClient {
	c := &sseClient{hello: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		req, err := http.NewRequestWithContext(ctx, "GET", base+"_bearing/events", nil)
		if err != nil {
			c.err = err
			return
		}
		res, err := hc.Do(req)
		if err != nil {
			c.err = err
			return
		}
		defer res.Body.Close()
		r := bufio.NewReader(res.Body)
		greeted := false
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				c.err = err
				return
			}
			switch strings.TrimSpace(line) {
			case "event: hello":
				if !greeted {
					greeted = true
					close(c.hello)
				}
			case "event: reload":
				c.reloads.Add(1)
			}
		}
	}()
	return c
}

// loadStats is what one load run measured.
type loadStats struct {
	edits, renames     int
	editTime           time.Duration
	minEvents, maxEvts int64
	maxRSS             int64
	settle             time.Duration
}

// runLoad connects the clients, makes the edits, waits until the server
// serves what a fresh build of the final files writes, and checks that
// every client heard a reload. rss, when not nil, samples the server's
// resident memory. The clients are disconnected before it returns.
func runLoad(t *testing.T, bin, base, dir string, hc *http.Client, rss func() int64) loadStats {
	t.Helper()
	var st loadStats
	ctx, disconnect := context.WithCancel(context.Background())
	defer disconnect()
	clients := make([]*sseClient, loadClients)
	for i := range clients {
		clients[i] = connectSSE(ctx, hc, base)
	}
	for i, c := range clients {
		select {
		case <-c.hello:
		case <-c.done:
			t.Fatalf("client %d: the event stream ended before its hello: %v", i, c.err)
		case <-time.After(15 * time.Second):
			t.Fatalf("client %d: no hello within 15s", i)
		}
	}

	// Sample memory until the load is over and the site has settled.
	stopSampling := make(chan struct{})
	sampled := make(chan int64, 1)
	go func() {
		var top int64
		tick := time.NewTicker(25 * time.Millisecond)
		defer tick.Stop()
		for {
			if rss != nil {
				top = max(top, rss())
			}
			select {
			case <-stopSampling:
				sampled <- top
				return
			case <-tick.C:
			}
		}
	}()

	var files []string
	err := filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".md" {
			files = append(files, p)
		}
		return err
	})
	if err != nil || len(files) == 0 {
		t.Fatalf("no content files (%v)", err)
	}
	orig := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		orig[f] = b
	}
	rng := rand.New(rand.NewPCG(7, uint64(len(files))))
	start := time.Now()
	for i := range loadEdits {
		// The only sleep that waits for nothing: it spreads the edits
		// evenly over loadDuration, which is the load being measured.
		time.Sleep(time.Until(start.Add(loadDuration * time.Duration(i) / loadEdits)))
		f := files[rng.IntN(len(files))]
		data := append(bytes.Clone(orig[f]), fmt.Sprintf("\nLoad edit %d lands here.\n", i)...)
		if i%3 == 2 {
			// A rename-over save: a hidden temporary file in the same
			// folder, renamed onto the target.
			tmp := filepath.Join(filepath.Dir(f), fmt.Sprintf(".%s.%d.tmp", filepath.Base(f), i))
			if err := os.WriteFile(tmp, data, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(tmp, f); err != nil {
				t.Fatal(err)
			}
			st.renames++
		} else if err := os.WriteFile(f, data, 0o644); err != nil {
			t.Fatal(err)
		}
		st.edits++
	}
	st.editTime = time.Since(start)

	// The final files, built afresh.
	public := filepath.Join(t.TempDir(), "public")
	if out, err := exec.Command(bin, "build", "--root", dir, "--out", public, "--now", "2026-11-26").CombinedOutput(); err != nil {
		t.Fatalf("bearing build of the final files: %v\n%s", err, out)
	}
	built := map[string][]byte{}
	err = filepath.WalkDir(public, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(public, p)
		built[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"sitemap.xml", "search-index.json", "alignment.json", "404.html", "index.html"} {
		if built[want] == nil {
			t.Fatalf("the fresh build has no %s", want)
		}
	}

	// Wait until the server serves exactly that: the last rebuild lands
	// some time after the last edit (debounce, rebuild).
	var diffs []string
	deadline := time.Now().Add(30 * time.Second)
	for {
		diffs = compareServed(t, hc, base, built)
		if len(diffs) == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	st.settle = time.Since(start) - st.editTime
	close(stopSampling)
	st.maxRSS = <-sampled
	if len(diffs) > 0 {
		t.Errorf("30s after the last edit the served site still differs from a fresh build of the final files in %d files:\n%s",
			len(diffs), strings.Join(diffs[:min(len(diffs), 20)], "\n"))
	}

	// Every client heard at least one reload, and none was dropped.
	st.minEvents = -1
	for i, c := range clients {
		select {
		case <-c.done:
			t.Errorf("client %d: the event stream ended during the load: %v", i, c.err)
		default:
		}
		n := c.reloads.Load()
		if n == 0 {
			t.Errorf("client %d received no reload event", i)
		}
		if st.minEvents < 0 || n < st.minEvents {
			st.minEvents = n
		}
		st.maxEvts = max(st.maxEvts, n)
	}
	disconnect()
	for i, c := range clients {
		select {
		case <-c.done:
		case <-time.After(10 * time.Second):
			t.Errorf("client %d still connected 10s after its request was cancelled", i)
		}
	}
	return st
}

// injected matches the one element serving adds to an HTML page.
var injected = regexp.MustCompile(`<script src="/_bearing/reload\.js\?build=[^"]*" defer></script>`)

// compareServed fetches every file of a fresh build from the server and
// lists those that differ; an HTML page must differ by exactly the one
// injected script element.
func compareServed(t *testing.T, hc *http.Client, base string, built map[string][]byte) []string {
	t.Helper()
	var diffs []string
	names := make([]string, 0, len(built))
	for name := range built {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		u := base + name
		if name == "404.html" {
			u = base + "no/such/page/"
		} else if dir, ok := strings.CutSuffix(name, "index.html"); ok {
			u = base + dir
		}
		res, err := hc.Get(u)
		if err != nil {
			t.Fatalf("GET %s: %v (is the server still up?)", u, err)
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			t.Fatalf("GET %s: %v", u, err)
		}
		if want := map[bool]int{true: 404, false: 200}[name == "404.html"]; res.StatusCode != want {
			diffs = append(diffs, fmt.Sprintf("%s: status %d; want %d", name, res.StatusCode, want))
			continue
		}
		if strings.HasSuffix(name, ".html") {
			if n := len(injected.FindAll(body, -1)); n != 1 {
				diffs = append(diffs, fmt.Sprintf("%s: %d live-reload script elements; want 1", name, n))
				continue
			}
			body = injected.ReplaceAll(body, nil)
		}
		if !bytes.Equal(body, built[name]) {
			i := 0
			for i < len(body) && i < len(built[name]) && body[i] == built[name][i] {
				i++
			}
			diffs = append(diffs, fmt.Sprintf("%s: served %d bytes, built %d; first difference at byte %d: served %.60q, built %.60q",
				name, len(body), len(built[name]), i, body[i:], built[name][min(i, len(built[name])):]))
		}
	}
	return diffs
}

// TestServeLoad runs the load against the built command, where the
// process's own resident memory is measured.
func TestServeLoad(t *testing.T) {
	bin := buildBearing(t)
	dir := examplePlaybook(t)
	srv := startServe(t, bin, dir)
	pid := srv.cmd.Process.Pid
	before := vmRSS(pid)
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
	defer hc.CloseIdleConnections()
	st := runLoad(t, bin, srv.url, dir, hc, func() int64 { return vmRSS(pid) })
	after := vmRSS(pid)
	t.Logf("%d edits (%d rename-over saves) in %v, %d clients; reload events per client: min %d, max %d; "+
		"site equal to a fresh build %v after the last edit; server RSS %d MB before, at most %d MB during, %d MB after",
		st.edits, st.renames, st.editTime.Round(time.Millisecond), loadClients, st.minEvents, st.maxEvts,
		st.settle.Round(time.Millisecond), before>>20, st.maxRSS>>20, after>>20)
	if st.maxRSS > loadMaxRSS {
		t.Errorf("server resident memory reached %d MB; want at most %d MB", st.maxRSS>>20, loadMaxRSS>>20)
	}
	select {
	case <-srv.done:
		t.Fatalf("bearing serve exited during the load: %v\n%s", srv.err, srv.stderr.String())
	default:
	}
	if s := srv.stderr.String(); strings.Contains(s, "panic") || strings.Contains(s, "goroutine ") {
		t.Errorf("bearing serve's stderr holds a stack trace:\n%.4000s", s)
	}
}

// TestServeLoadGoroutines runs the same load against `bearing serve` run
// in this process through cli.Run, where goroutines can be counted: after
// the clients disconnect the count returns to what the idle server had,
// and after the server stops, to what there was before it started.
func TestServeLoadGoroutines(t *testing.T) {
	if testing.Short() {
		t.Skip("a ten-second load; skipped in -short mode")
	}
	bin, err := exec.LookPath("bearing") // this test binary, installed by TestMain, for the fresh build
	if err != nil {
		t.Fatal(err)
	}
	dir := examplePlaybook(t)
	// The clients' transport keeps no idle connection, whose goroutines
	// would be counted as the server's.
	tr := &http.Transport{DisableKeepAlives: true}
	hc := &http.Client{Transport: tr}

	baseline := settledGoroutines()
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	ran := make(chan error, 1)
	go func() {
		ran <- cli.Run(ctx, []string{"serve", "--root", dir, "--addr", "127.0.0.1:0", "--now", "2026-11-26"},
			&cli.Env{Stdout: stdout, Stderr: stderr, Getenv: func(string) string { return "" }})
	}()
	var base string
	for deadline := time.Now().Add(60 * time.Second); base == ""; {
		if m := servingLine.FindStringSubmatch(strings.TrimSpace(stdout.String())); m != nil {
			base = m[1]
			break
		}
		select {
		case err := <-ran:
			t.Fatalf("serve ended before serving: %v\n%s", err, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve printed no URL within 60s\n%s", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	idle := settledGoroutines()

	st := runLoad(t, bin, base, dir, hc, nil)
	tr.CloseIdleConnections()
	loaded, ok := waitGoroutines(idle)
	if !ok {
		t.Errorf("goroutines: %d with the server idle before the load, %d ten seconds after the %d clients disconnected; want no more\n%s",
			idle, loaded, loadClients, goroutineDump())
	}

	stop()
	select {
	case err := <-ran:
		if err != nil {
			t.Errorf("serve returned %v after its context ended; want nil", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("serve still running 15s after its context ended\n%s", goroutineDump())
	}
	after, ok := waitGoroutines(baseline)
	if !ok {
		t.Errorf("goroutines: %d before serve started, %d ten seconds after it stopped; want no more\n%s", baseline, after, goroutineDump())
	}
	t.Logf("%d edits (%d rename-over saves) in %v, %d clients; reload events per client: min %d, max %d; goroutines: %d before serve, %d idle serving, %d after the clients left, %d after serve stopped",
		st.edits, st.renames, st.editTime.Round(time.Millisecond), loadClients, st.minEvents, st.maxEvts, baseline, idle, loaded, after)
}

// settledGoroutines counts goroutines once the count stops moving.
func settledGoroutines() int {
	n := runtime.NumGoroutine()
	for range 20 {
		time.Sleep(50 * time.Millisecond)
		m := runtime.NumGoroutine()
		if m == n {
			return n
		}
		n = m
	}
	return n
}

// waitGoroutines waits up to ten seconds for the count to fall to want.
func waitGoroutines(want int) (int, bool) {
	deadline := time.Now().Add(10 * time.Second)
	for {
		n := runtime.NumGoroutine()
		if n <= want {
			return n, true
		}
		if time.Now().After(deadline) {
			return n, false
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func goroutineDump() string {
	buf := make([]byte, 1<<20)
	return string(buf[:runtime.Stack(buf, true)])
}
