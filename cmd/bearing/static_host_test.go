package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/cli"
	"github.com/bearing-dev/bearing/internal/testtool"
)

// TestStaticHost publishes the example playbook under a sub-path of a real
// nginx and crawls it with a real link checker: no broken link, and no
// link that leaves /strategy/ (the crawler follows same-host links outside
// it too, so an escape would show as a checked URL).
func TestStaticHost(t *testing.T) {
	nginx := testtool.Path(t, "nginx", "apt-get install nginx-light")
	checker := testtool.Path(t, "linkchecker", "apt-get install linkchecker")

	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil { // nginx workers must read it
		t.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	port := testtool.FreePort(t)
	base := fmt.Sprintf("http://127.0.0.1:%d/strategy/", port)
	var stderr bytes.Buffer
	err := cli.Run(context.Background(), []string{"build", "--root", "../..", "--out", out, "--base-url", base, "--now", "2026-11-26"},
		&cli.Env{Stdout: io.Discard, Stderr: &stderr, Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatalf("build: %v\n%s", err, stderr.String())
	}

	conf := filepath.Join(dir, "nginx.conf")
	user := ""
	if os.Geteuid() == 0 {
		user = "user root root;"
	}
	if err := os.WriteFile(conf, []byte(fmt.Sprintf(`%s
daemon off;
worker_processes 1;
pid %[2]s/nginx.pid;
error_log %[2]s/error.log;
events {}
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log %[2]s/access.log;
  client_body_temp_path %[2]s/tmp-body;
  proxy_temp_path %[2]s/tmp-proxy;
  fastcgi_temp_path %[2]s/tmp-fastcgi;
  uwsgi_temp_path %[2]s/tmp-uwsgi;
  scgi_temp_path %[2]s/tmp-scgi;
  server {
    listen 127.0.0.1:%[3]d;
    location /strategy/ {
      alias %[4]s/;
      error_page 404 /strategy/404.html;
    }
  }
}
`, user, dir, port, out)), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := exec.Command(nginx, "-c", conf, "-p", dir)
	srv.Stderr = &stderr
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Process.Kill(); _ = srv.Wait() })
	waitFor(t, base)

	// The sub-path root answers, and a page outside the site is nginx's 404.
	if code := status(t, base+"directions/dispatch-cockpit/"); code != 200 {
		t.Fatalf("GET a direction page: got %d; want 200", code)
	}
	if code := status(t, base+"no-such-page/"); code != 404 {
		t.Errorf("GET a missing page: got %d; want 404", code)
	}

	// CSV goes to stdout: run as root, linkchecker drops to nobody, who
	// cannot write into the test's directory.
	cmd := exec.Command(checker, "--no-status", "--threads", "4", "--timeout", "20", "--verbose", "--output", "csv", base)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	var csvOut, logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &csvOut, &logs
	err = cmd.Run() // exits 1 when it finds broken links; the rows say which
	rows := readCSV(t, csvOut.Bytes())
	if len(rows) < 40 {
		t.Fatalf("linkchecker checked %d URLs; want the whole site (err %v)\n%s", len(rows), err, logs.String())
	}
	prefix := fmt.Sprintf("http://127.0.0.1:%d", port)
	for _, r := range rows {
		u, parent, valid := r["url"], r["parentname"], r["valid"]
		if valid != "True" {
			t.Errorf("broken link %s (on %s): %s", u, parent, r["result"])
		}
		if strings.HasPrefix(u, prefix) && !strings.HasPrefix(u, base) {
			t.Errorf("link escapes /strategy/: %s (on %s)", u, parent)
		}
	}
	t.Logf("linkchecker checked %d URLs under %s", len(rows), base)
}

func waitFor(t *testing.T, u string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(u); err == nil {
			resp.Body.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s did not answer within 10s", u)
}

func status(t *testing.T, u string) int {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// readCSV reads linkchecker's CSV output: comment lines start with #, the
// first record names the columns, fields are separated by ';'.
func readCSV(t *testing.T, data []byte) []map[string]string {
	t.Helper()
	var lines []string
	for _, l := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	r := csv.NewReader(strings.NewReader(strings.Join(lines, "\n")))
	r.Comma = ';'
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("parsing linkchecker CSV: %v", err)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, k := range recs[0] {
			if i < len(rec) {
				m[k] = rec[i]
			}
		}
		out = append(out, m)
	}
	return out
}
