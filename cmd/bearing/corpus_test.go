package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/document"
)

// The bad-input corpus. testdata/script/parse_bad_inputs.txtar and
// parse_symlink_loop.txtar hold the first bad inputs (malformed and
// unterminated frontmatter in YAML and TOML, tabs, duplicate keys, list
// and scalar frontmatter, empty files, Latin-1, a binary, BOM and CRLF, an
// alias bomb, symlink loops); this corpus adds the rest without repeating
// them. testdata/corpus/playbook holds the bad files that are plain text,
// and corpusGenerated adds those a repository should not hold — invalid
// UTF-8, NUL bytes, megabytes of generated input, symbolic links, a folder
// named like a Markdown file, an unreadable file. One
// `bearing check` runs over all of them beside valid files, as a separate
// process with a deadline and a memory ceiling, and its diagnostics must
// equal testdata/corpus/want.txt (go test -run TestBadInputCorpus -update
// rewrites it).

const (
	// corpusDeadline bounds the whole check of the corpus, about 50 MB in
	// 50 Markdown files; it takes about 3s on a 2-core machine with a
	// fuzzer running beside it.
	corpusDeadline = 60 * time.Second
	// corpusMaxRSS bounds the check's memory; it peaks at about 900 MB,
	// two thirds of it goldmark's syntax tree of the valid 10 MB file.
	corpusMaxRSS = 1536 << 20
)

// corpusFile is a generated file of the corpus.
type corpusFile struct {
	path string // below the playbook root
	data func() []byte
	why  string
}

func repeat(s string, n int) string { return strings.Repeat(s, n) }

// lines joins f(i) for i in [0, n).
func lines(n int, f func(i int) string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(f(i))
	}
	return b.String()
}

func text(s string) func() []byte { return func() []byte { return []byte(s) } }

// corpusGenerated lists the generated bad (and valid) files.
func corpusGenerated() []corpusFile {
	return []corpusFile{
		{"content/gen/surrogate.md", text("---\ntitle: x\xed\xa0\x80\n---\n"), "an encoded UTF-16 surrogate, invalid in UTF-8"},
		{"content/gen/overlong.md", text("---\ntitle: ok\n---\nan overlong slash \xc0\xaf\n"), "an overlong encoding in the body"},
		{"content/gen/nul-in-body.md", text("---\ntitle: ok\n---\nbefore\x00after\n"), "one NUL in an otherwise valid file"},
		{"content/gen/only-bom.md", text("\ufeff"), "nothing but a byte-order mark"},
		{"content/gen/cr-only.md", text("---\rtitle: old Mac line ends\r---\r"), "CR-only line ends: no frontmatter delimiter line"},
		{"content/gen/UPPER.MD", text("---\ntitle: An upper-case extension\n---\n"), "valid: .MD is Markdown too"},
		{"content/gen/Dup Id.md", text("---\ntitle: One of two\n---\n"), "slugs to dup-id"},
		{"content/gen/dup-id.md", text("---\ntitle: Two of two\n---\n"), "is dup-id"},
		{"content/gen/___.md", text("---\ntitle: No id in this name\n---\n"), "a file name that gives no id"},
		{"content/gen/large-10mb.md", func() []byte {
			var b bytes.Buffer
			b.WriteString("---\ntitle: Ten megabytes\n---\n")
			for i := 0; b.Len() < 10<<20; i++ {
				fmt.Fprintf(&b, "## Section %d\n\nProse with a [[d]] link, `code`, *emphasis* and a [relative](../initiatives/i.md) link.\n\n", i)
			}
			return b.Bytes()
		}, "valid: 10 MB"},
		{"content/gen/over-limit.md", func() []byte {
			b := bytes.Repeat([]byte("a"), document.MaxFileSize+1)
			copy(b, "---\ntitle: Too big\n---\n")
			return b
		}, "one byte over the file size limit"},
		{"content/gen/long-title.md", text("---\ntitle: " + repeat("x", 1<<20) + "\n---\n"), "valid: a 1 MB title"},
		{"content/gen/quotes-20000.md", text("---\ntitle: Deep quotes\n---\nfine\n\n" + repeat(">", 20000) + " deep\n"), "20,000 nested block quotes"},
		{"content/gen/quotes-spaced.md", text("---\ntitle: Deep spaced quotes\n---\n" + repeat("> ", 20000) + "deep\n"), "20,000 nested block quotes, spaced"},
		{"content/gen/list-markers.md", text("---\ntitle: Deep list\n---\n" + repeat("- ", 40000) + "x\n"), "40,000 nested list markers on one line"},
		{"content/gen/list-indented.md", text("---\ntitle: Deep indented list\n---\n" + lines(2000, func(i int) string { return repeat("  ", i) + "- x\n" })), "2,000 list items, each nested by indentation"},
		{"content/gen/ordered-indented.md", text("---\ntitle: Deep ordered list\n---\n" + lines(1000, func(i int) string { return repeat("   ", i) + "1. x\n" })), "1,000 ordered items, each nested by indentation"},
		{"content/gen/keys-100000.md", text("---\ntitle: Many keys\n" + lines(100000, func(i int) string { return fmt.Sprintf("k%d: v\n", i) }) + "---\n"), "100,000 keys"},
		{"content/gen/yaml-flow-nest.md", text("---\ntitle: Deep flow\ntags: " + repeat("[", 100000) + repeat("]", 100000) + "\n---\n"), "100,000 nested flow sequences"},
		{"content/gen/yaml-flow-map-nest.md", text("---\ntitle: Deep flow maps\ntags: " + repeat("{a: ", 50000) + "b" + repeat("}", 50000) + "\n---\n"), "50,000 nested flow maps"},
		{"content/gen/yaml-block-nest.md", text("---\ntitle: Deep blocks\ntags:\n" + lines(3000, func(i int) string { return repeat("  ", i+1) + "-\n" }) + "---\n"), "3,000 nested block sequences"},
		{"content/gen/toml-array-nest.md", text("+++\ntitle = \"Deep TOML\"\ntags = " + repeat("[", 100000) + repeat("]", 100000) + "\n+++\n"), "100,000 nested TOML arrays"},
		{"content/gen/toml-table-nest.md", text("+++\ntitle = \"Deep TOML tables\"\nx = " + repeat("{a = ", 20000) + "1" + repeat("}", 20000) + "\n+++\n"), "20,000 nested TOML inline tables"},
		{"content/gen/reference-bomb.md", text("---\ntitle: Reference bomb\n---\n[x]: /" + repeat("x", 100000) + "\n" + repeat("\n[x]", 200) + "\n"), "200 references to one 100 KB destination"},
		{"content/gen/wiki-brackets.md", text("---\ntitle: Brackets\n---\n" + repeat("[[", 200000) + "\n"), "valid: 200,000 unclosed [["},
	}
}

// writeCorpus copies the committed corpus and adds the generated files,
// the symbolic links, the folder named x.md and, when not root, an
// unreadable file. It reports whether the unreadable file is there.
func writeCorpus(t *testing.T, dir string) (unreadable bool) {
	t.Helper()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "corpus", "playbook"))); err != nil {
		t.Fatal(err)
	}
	for _, f := range corpusGenerated() {
		p := filepath.Join(dir, filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.data(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	gen := filepath.Join(dir, "content", "gen")
	for link, target := range map[string]string{
		filepath.Join(gen, "up"):          "..",                  // a folder loop
		filepath.Join(gen, "ping.md"):     "pong.md",             // two links to each other
		filepath.Join(gen, "pong.md"):     "ping.md",             //
		filepath.Join(gen, "dangling.md"): "missing.md",          // to nothing
		filepath.Join(gen, "linked.md"):   "../valid/checked.md", // a valid file, linked
	} {
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
	}
	// A folder named like a Markdown file is a folder: its files count.
	inside := filepath.Join(gen, "folder.md", "inside.md")
	if err := os.MkdirAll(filepath.Dir(inside), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(inside, []byte("---\ntitle: Inside a folder named folder.md\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() != 0 { // root reads anything
		p := filepath.Join(gen, "unreadable.md")
		if err := os.WriteFile(p, []byte("---\ntitle: locked\n---\n"), 0o000); err != nil {
			t.Fatal(err)
		}
		return true
	}
	return false
}

// bounded is the outcome of a command run under a deadline and a memory
// ceiling.
type bounded struct {
	stdout, stderr string
	code           int
	elapsed        time.Duration
	maxRSS         int64 // bytes
	killed         string
}

// runBounded runs a command, killing it when it outlives timeout or its
// resident memory passes maxRSS (read from /proc every 20ms).
func runBounded(t *testing.T, timeout time.Duration, maxRSS int64, name string, args ...string) bounded {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var res bounded
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	var err error
wait:
	for {
		select {
		case err = <-done:
			break wait
		case <-tick.C:
			if rss := vmRSS(cmd.Process.Pid); rss > maxRSS {
				res.killed = fmt.Sprintf("resident memory %d MB over the %d MB ceiling", rss>>20, maxRSS>>20)
				_ = cmd.Process.Kill()
			}
		}
	}
	res.elapsed = time.Since(start)
	if ctx.Err() != nil && res.killed == "" {
		res.killed = fmt.Sprintf("still running after %v", timeout)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		res.maxRSS = ru.Maxrss << 10 // KiB on Linux
	}
	res.stdout, res.stderr = stdout.String(), stderr.String()
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		res.code = ee.ExitCode()
	default:
		t.Fatalf("%s: %v", name, err)
	}
	return res
}

// vmRSS returns a process's resident memory in bytes, 0 when unknown.
func vmRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// TestBadInputCorpus checks that every bad input gets its diagnostic at
// its file, line and rule — no panic, no stack trace, within a deadline
// and a memory ceiling — and that the valid files beside them are still
// checked.
func TestBadInputCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and checks about 45 MB; skipped in -short mode")
	}
	bin, err := exec.LookPath("bearing") // this test binary, installed by TestMain
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	unreadable := writeCorpus(t, dir)
	// Every .md that is not a folder is checked, links included (folder
	// links are not followed, and have no .md name here).
	files := 0
	_ = filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.EqualFold(filepath.Ext(p), ".md") {
			files++
		}
		return nil
	})

	// The corpus is no git repository; its history is not what is tested.
	res := runBounded(t, corpusDeadline, corpusMaxRSS, bin, "check", "--root", dir, "--now", "2026-11-26", "--no-history")
	t.Logf("bearing check of the corpus (%d Markdown files): exit %d in %v, at most %d MB resident",
		files, res.code, res.elapsed.Round(time.Millisecond), res.maxRSS>>20)
	if res.killed != "" {
		t.Fatalf("bearing check killed: %s\nstderr: %.2000s", res.killed, res.stderr)
	}
	if res.code != 1 {
		t.Errorf("exit code %d; want 1 (the playbook has errors)\nstderr: %.2000s", res.code, res.stderr)
	}
	if strings.Contains(res.stderr, "panic") || strings.Contains(res.stderr, "goroutine ") {
		t.Fatalf("stderr holds a stack trace:\n%.4000s", res.stderr)
	}
	if want := fmt.Sprintf("checked %d files in ", files); !strings.HasPrefix(res.stderr, want) {
		t.Errorf("stderr %q; want the summary %q...: every file checked", res.stderr, want)
	}

	got := res.stdout
	const locked = "content/gen/unreadable.md:1:1: error: cannot read file: permission denied [parse/frontmatter]\n"
	if unreadable {
		if !strings.Contains(got, locked) {
			t.Errorf("no diagnostic for the unreadable file; want %q", locked)
		}
		got = strings.Replace(got, locked, "", 1)
	}
	// The report writes the first 20 findings of a rule in a file and
	// counts the rest: the file of 100,000 keys prints 21 lines.
	golden := filepath.Join("testdata", "corpus", "want.txt")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("diagnostics differ from %s (go test -run TestBadInputCorpus -update rewrites it):\n%s", golden, lineDiff(string(want), got))
	}
}

// lineDiff lists the lines only in want (-) and only in got (+).
func lineDiff(want, got string) string {
	count := map[string]int{}
	for _, l := range strings.Split(got, "\n") {
		count[l]++
	}
	var b strings.Builder
	for _, l := range strings.Split(want, "\n") {
		if count[l] > 0 {
			count[l]--
			continue
		}
		fmt.Fprintf(&b, "- %s\n", l)
	}
	for _, l := range strings.Split(got, "\n") {
		if count[l] > 0 {
			count[l]--
			fmt.Fprintf(&b, "+ %s\n", l)
		}
	}
	return b.String()
}

// TestBadInputSpecialFiles puts files under content/ that are not regular
// files beside a valid playbook: named pipes, as Markdown and as an asset,
// and links to /dev/zero. Reading a pipe blocks for ever (and Ctrl-C
// cannot stop it); reading /dev/zero never ends and fills memory. check
// and build must skip or report them, and finish.
func TestBadInputSpecialFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("runs bearing under a deadline; skipped in -short mode")
	}
	bin, err := exec.LookPath("bearing") // this test binary, installed by TestMain
	if err != nil {
		t.Fatal(err)
	}
	valid := func(t *testing.T) string {
		dir := t.TempDir()
		if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "corpus", "playbook"))); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"content/bad", "content/valid/checked.md"} {
			if err := os.RemoveAll(filepath.Join(dir, p)); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	run := func(t *testing.T, dir string) []bounded {
		var out []bounded
		for _, cmd := range []string{"check", "build"} {
			res := runBounded(t, 20*time.Second, 512<<20, bin, cmd, "--root", dir, "--now", "2026-11-26")
			t.Logf("bearing %s: exit %d in %v, at most %d MB resident", cmd, res.code, res.elapsed.Round(time.Millisecond), res.maxRSS>>20)
			if res.killed != "" {
				t.Fatalf("bearing %s killed: %s; want special files skipped or reported\nstderr: %.2000s", cmd, res.killed, res.stderr)
			}
			if strings.Contains(res.stderr, "panic") || strings.Contains(res.stderr, "goroutine ") {
				t.Fatalf("bearing %s: stderr holds a stack trace:\n%.4000s", cmd, res.stderr)
			}
			out = append(out, res)
		}
		return out
	}

	t.Run("named pipes", func(t *testing.T) {
		dir := valid(t)
		for _, name := range []string{"pipe.md", "pipe.png"} {
			if err := syscall.Mkfifo(filepath.Join(dir, "content", "valid", name), 0o644); err != nil {
				t.Skipf("cannot make a named pipe: %v", err)
			}
		}
		for _, res := range run(t, dir) {
			if res.code != 0 {
				t.Errorf("exit %d\n%s%s; want 0: a pipe is not content", res.code, res.stdout, res.stderr)
			}
		}
		if _, err := os.Lstat(filepath.Join(dir, "public", "valid", "pipe.png")); err == nil {
			t.Errorf("public/valid/pipe.png was published; want pipes left out")
		}
	})

	t.Run("links to /dev/zero", func(t *testing.T) {
		if _, err := os.Stat("/dev/zero"); err != nil {
			t.Skip("no /dev/zero")
		}
		dir := valid(t)
		for _, name := range []string{"zero.md", "zero.png"} {
			if err := os.Symlink("/dev/zero", filepath.Join(dir, "content", "valid", name)); err != nil {
				t.Fatal(err)
			}
		}
		res := run(t, dir)
		if !strings.Contains(res[0].stdout, "content/valid/zero.md:1:1: error: cannot read file") || res[0].code != 1 {
			t.Errorf("check: exit %d\n%s%s; want exit 1 and the link reported", res[0].code, res[0].stdout, res[0].stderr)
		}
		if res[1].code == 0 {
			t.Errorf("build: exit 0; want the link to /dev/zero refused")
		}
	})
}
