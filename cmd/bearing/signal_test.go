package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/markdown"
)

// stopBound is how long bearing may take to exit after SIGTERM. It stops
// within stopGrace (0.8 s) by design; the bound leaves room for a loaded
// machine.
const stopBound = 5 * time.Second

// slowPlaybook writes a playbook that takes goldmark several seconds to
// parse: many pages, each an unclosed-link body just under the step
// limit, so every file is accepted and each parse runs for a tenth of a
// second or more without a chance to stop.
func slowPlaybook(t *testing.T, files int) string {
	t.Helper()
	n := 4000
	for markdown.Overrun([]byte(strings.Repeat("[a](b", n))) != nil {
		n -= 100
	}
	body := []byte("---\ntitle: Slow\n---\n" + strings.Repeat("[a](b", n) + "\n")
	dir := t.TempDir()
	content := filepath.Join(dir, "content")
	if err := os.MkdirAll(content, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range files {
		if err := os.WriteFile(filepath.Join(content, "slow-"+strconv.Itoa(i)+".md"), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestSignalStopsParse starts the real binary on a playbook whose parse
// takes seconds, sends SIGTERM (and SIGINT) while goldmark parses, and
// requires an exit within stopBound with 128 plus the signal's number,
// nothing on stdout, no summary claiming the check or build passed, and
// public/ as it was.
func TestSignalStopsParse(t *testing.T) {
	bin := buildBearing(t)
	dir := slowPlaybook(t, 120)
	public := filepath.Join(dir, "public")
	if err := os.MkdirAll(public, 0o755); err != nil {
		t.Fatal(err)
	}
	marker := filepath.Join(public, "index.html")
	for _, f := range []string{marker, filepath.Join(public, "sitemap.xml")} {
		if err := os.WriteFile(f, []byte("the previous build\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		cmd  string
		sig  syscall.Signal
		code int
	}{
		{"check", syscall.SIGTERM, 143},
		{"build", syscall.SIGTERM, 143},
		{"check", syscall.SIGINT, 130},
	} {
		t.Run(tc.cmd+" "+tc.sig.String(), func(t *testing.T) {
			cmd := exec.Command(bin, tc.cmd, "--root", dir)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			// A sleep, not a wait: that goldmark is parsing is seen from
			// nowhere outside the process, and the playbook takes several
			// seconds of it, so a second in the signal lands mid-parse; a
			// process that finished before fails the test instead of
			// passing it for the wrong reason.
			select {
			case err := <-done:
				t.Fatalf("finished before the signal (%v): the playbook is not slow enough\n%s", err, stderr.String())
			case <-time.After(time.Second):
			}
			sent := time.Now()
			if err := cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			var err error
			select {
			case err = <-done:
			case <-time.After(stopBound):
				_ = cmd.Process.Kill()
				<-done
				t.Fatalf("still running %v after %v", stopBound, tc.sig)
			}
			took := time.Since(sent)
			t.Logf("exited %v after %v: %s", took.Round(time.Millisecond), tc.sig, strings.TrimSpace(stderr.String()))
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != tc.code {
				t.Errorf("got %v; want exit code %d", err, tc.code)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout %q; want nothing", stdout.String())
			}
			if s := stderr.String(); strings.Contains(s, "checked") || strings.Contains(s, "built") || !strings.Contains(s, "stopped by") {
				t.Errorf("stderr %q; want it to say it was stopped, and no summary", s)
			}
			if got, err := os.ReadFile(marker); err != nil || string(got) != "the previous build\n" {
				t.Errorf("public/index.html: got %q, %v; want the previous build", got, err)
			}
		})
	}
}
