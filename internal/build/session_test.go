package build

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"github.com/bearing-dev/bearing/internal/testtool"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/gen"
	"github.com/bearing-dev/bearing/internal/model"
)

// genToday is the date generated playbooks are clean as of.
func genToday(tb testing.TB) time.Time {
	tb.Helper()
	d, err := time.Parse(time.DateOnly, gen.Today)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// BenchmarkRebuildOneFile measures the dev server's incremental path on a
// generated 10,000-file playbook: one initiative is edited on disk and
// Session.Apply rebuilds the in-memory site. "body" edits the text at the
// top of the body (the common case while writing); "title" edits the
// frontmatter, which changes neighbours and aggregate pages. Generating
// the playbook and the first full build are not timed.
//
// Apply returns once the edited page is servable, possibly with aggregate
// pages pending in the background (Update.Pending); each edit waits for
// them before the next. ms-page-median is the median time until Apply
// returned, ms-site-median until every page was current; ns/op counts
// both. Run it with
//
//	go test ./internal/build -run='^$' -bench=BenchmarkRebuildOneFile/body -benchtime=200x
//	go test ./internal/build -run='^$' -bench=BenchmarkRebuildOneFile/title -benchtime=20x
func BenchmarkRebuildOneFile(b *testing.B) {
	dir := b.TempDir()
	if err := gen.Write(dir, 10000); err != nil {
		b.Fatal(err)
	}
	root := os.DirFS(dir)
	s := NewSession(Options{FS: root, Today: genToday(b)}, SiteOptions{BaseURL: "/"})
	ctx := context.Background()
	u, err := s.Full(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if u.Failed() {
		b.Fatalf("full build: got %d errors; want 0", u.Result.Errors())
	}
	entries, err := os.ReadDir(filepath.Join(dir, "content", "initiatives"))
	if err != nil || len(entries) == 0 {
		b.Fatalf("no initiatives: %v", err)
	}
	rel := "content/initiatives/" + entries[len(entries)/2].Name()
	abs := filepath.Join(dir, filepath.FromSlash(rel))
	orig, err := os.ReadFile(abs)
	if err != nil {
		b.Fatal(err)
	}
	bodyAt := bytes.Index(orig[3:], []byte("\n---\n")) + 3 + len("\n---\n")
	if !bytes.HasPrefix(orig, []byte("---\n")) || bodyAt < 8 {
		b.Fatalf("%s has no YAML frontmatter", rel)
	}
	page := strings.TrimSuffix(strings.TrimPrefix(rel, "content/"), ".md") + "/index.html"
	edits := []struct {
		name string
		edit func(i int) (data []byte, marker string)
	}{
		{"body", func(i int) ([]byte, string) {
			marker := fmt.Sprintf("Edited paragraph number %d.", i)
			return slices.Concat(orig[:bodyAt], []byte("\n"+marker+"\n"), orig[bodyAt:]), marker
		}},
		{"title", func(i int) ([]byte, string) {
			marker := fmt.Sprintf("Retitled initiative %d", i)
			at := bytes.Index(orig, []byte("\ntitle:")) + 1
			eol := at + bytes.IndexByte(orig[at:], '\n')
			return slices.Concat(orig[:at], []byte("title: "+marker), orig[eol:]), marker
		}},
	}
	for _, e := range edits {
		b.Run(e.name, func(b *testing.B) {
			var ready, site []time.Duration
			i := 0
			for b.Loop() {
				i++
				b.StopTimer()
				data, marker := e.edit(i)
				if err := os.WriteFile(abs, data, 0o644); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				start := time.Now()
				u, err := s.Apply(ctx, []string{rel})
				ready = append(ready, time.Since(start))
				if err != nil {
					b.Fatal(err)
				}
				if _, err := u.Wait(ctx); err != nil {
					b.Fatal(err)
				}
				site = append(site, time.Since(start))
				if u.Failed() {
					b.Fatalf("apply: got %d errors; want 0: %v", u.Result.Errors(), u.Result.Diags[:min(3, len(u.Result.Diags))])
				}
				if !bytes.Contains(u.Files[page], []byte(marker)) {
					b.Fatalf("%s does not show the edit %q", page, marker)
				}
			}
			for _, m := range []struct {
				unit  string
				times []time.Duration
			}{{"ms-page-median", ready}, {"ms-site-median", site}} {
				slices.Sort(m.times)
				b.ReportMetric(float64(m.times[len(m.times)/2].Microseconds())/1000, m.unit)
			}
		})
	}
	// "reject" times an edit that names no direction (align/unmapped is
	// not involved: the reference is unknown) until Apply reports the
	// errors (ms-median), and putting the file back until Apply returns
	// the edited page (ms-fix-median); the background rendering after the
	// fix is not timed.
	b.Run("reject", func(b *testing.B) {
		var times, fixes []time.Duration
		i := 0
		for b.Loop() {
			i++
			b.StopTimer()
			front := strings.Split(string(orig[len("---\n"):bodyAt-len("\n---\n")]), "\n")
			front = setKey(front, "advances", fmt.Sprintf("[no-such-direction-%d]", i))
			bad := []byte("---\n" + strings.Join(front, "\n") + string(orig[bodyAt-len("\n---\n"):]))
			if err := os.WriteFile(abs, bad, 0o644); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			start := time.Now()
			u, err := s.Apply(ctx, []string{rel})
			times = append(times, time.Since(start))
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			if !u.Failed() {
				b.Fatal("apply: got no errors; want ref/unknown")
			}
			if err := os.WriteFile(abs, orig, 0o644); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			start = time.Now()
			u, err = s.Apply(ctx, []string{rel})
			fixes = append(fixes, time.Since(start))
			b.StopTimer()
			if err == nil {
				_, err = u.Wait(ctx)
			}
			if err != nil || u.Failed() {
				b.Fatalf("putting the file back: %v", err)
			}
			b.StartTimer()
		}
		slices.Sort(times)
		slices.Sort(fixes)
		b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-median")
		b.ReportMetric(float64(fixes[len(fixes)/2].Microseconds())/1000, "ms-fix-median")
	})
}

var (
	editSeed   = flag.Uint64("edit.seed", 0, "run TestIncrementalEqualsFull with this seed only")
	editRounds = flag.Int("edit.rounds", 300, "rounds of edits for -edit.seed")
)

// TestIncrementalEqualsFull edits playbooks at random — titles, statuses,
// stages, references, links, headings, bodies, drafts, weights, assets,
// new files in new folders, deletions, renames of files and folders,
// broken frontmatter fixed later — and after every Session.Apply compares
// the session's site with a fresh full build, byte for byte.
//
// A failure names the seed and the rounds that led to it; replay one seed
// at length with
//
//	go test ./internal/build -run TestIncrementalEqualsFull -edit.seed=N -edit.rounds=1000
func TestIncrementalEqualsFull(t *testing.T) {
	type testCase struct {
		name   string
		seed   uint64
		source string // "example" or "gen"
		site   SiteOptions
		rounds int
	}
	cases := []testCase{
		{"example", 1, "example", SiteOptions{BaseURL: "/"}, 120},
		{"example-drafts-subpath", 2, "example", SiteOptions{BaseURL: "https://example.org/strategy/", Drafts: true}, 120},
		{"example-seed3", 3, "example", SiteOptions{BaseURL: "/"}, 120},
		{"generated", 4, "gen", SiteOptions{BaseURL: "/"}, 50},
	}
	if *editSeed != 0 {
		cases = []testCase{
			{"example", *editSeed, "example", SiteOptions{BaseURL: "/"}, *editRounds},
			{"generated", *editSeed, "gen", SiteOptions{BaseURL: "/", Drafts: *editSeed%2 == 0}, *editRounds},
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			rounds := c.rounds
			if testing.Short() {
				rounds /= 4
			}
			t.Logf("seed %d, %d rounds", c.seed, rounds)
			dir := t.TempDir()
			switch c.source {
			case "example":
				testtool.CopyPlaybook(t, filepath.Join("..", ".."), dir)
			case "gen":
				if err := gen.Write(dir, 120); err != nil {
					t.Fatal(err)
				}
			}
			e := &editor{t: t, dir: dir, seed: c.seed, rng: rand.New(rand.NewPCG(c.seed, 0x5e55))}
			runEdits(t, e, c.site, rounds)
		})
	}
}

func runEdits(t *testing.T, e *editor, so SiteOptions, rounds int) {
	ctx := context.Background()
	root := os.DirFS(e.dir)
	today := genToday(t)
	s := NewSession(Options{FS: root, Today: today}, so)
	u, err := s.Full(ctx)
	if err != nil {
		t.Fatal(err)
	}
	res, want := fullSite(t, e.dir, today, so)
	if u.Failed() || res.Errors() > 0 {
		t.Fatalf("the starting playbook has errors: session %d, full %d", u.Result.Errors(), res.Errors())
	}
	compareSites(t, "start", u.Files, want)
	if len(s.good.indexes) == 0 {
		t.Error("the session kept no index to patch: no page type declares Shows.Patch")
	}
	e.res = res
	snapshot := e.snapshot()
	prev := u.Files
	// last is the last update, which may have pages pending: every other
	// round waits for them before the next edit, the others leave the
	// next Apply to wait.
	last := u
	failing, pending := 0, 0
	var history []string
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("seed %d: %s\nafter these rounds:\n  %s", e.seed, fmt.Sprintf(format, args...), strings.Join(history, "\n  "))
	}
	for round := range rounds {
		var changed []string
		var what string
		switch {
		case failing > 0 && len(e.broken) > 0 && e.rng.IntN(10) < 6:
			what, changed = "fix broken frontmatter", e.fixBroken()
		case failing > 0 && (failing >= 3 || e.rng.IntN(10) < 7):
			what, changed = "revert to the last good playbook", e.restore(snapshot)
		default:
			for k := 1 + e.rng.IntN(3); k > 0 || len(changed) == 0; k-- {
				w, ch := e.randomEdit()
				if len(ch) > 0 {
					what += w + "; "
					changed = append(changed, ch...)
				}
			}
		}
		history = append(history, fmt.Sprintf("%d: %s %v", round, what, changed))
		waited := e.rng.IntN(2) == 0
		if waited {
			if _, err := last.Wait(ctx); err != nil {
				fail("round %d: waiting for the last round's pending pages: %v", round, err)
			}
		}
		u, err := s.Apply(ctx, changed)
		if err != nil {
			fail("round %d: Apply: %v", round, err)
		}
		if !waited && last.ready() != nil {
			select {
			case <-last.ready():
			default:
				fail("round %d: Apply returned with the last round's pages still pending", round)
			}
		}
		last = u
		res, want := fullSite(t, e.dir, today, so)
		if got, wantErr := u.Failed(), res.Errors() > 0; got != wantErr {
			fail("round %d: session failed = %v; full build failed = %v (%v)", round, got, wantErr, u.Result.Diags)
		}
		if !sameDiags(u.Result.Diags, res.Diags) {
			fail("round %d: the session's diagnostics differ from a full build's:\n  got  %v\n  want %v", round, u.Result.Diags, res.Diags)
		}
		if res.Errors() > 0 {
			failing++
			history[len(history)-1] += fmt.Sprintf(" -> %d errors", res.Errors())
			if !sameFiles(u.Files, prev) {
				fail("round %d: a rejected edit changed the served site", round)
			}
			continue
		}
		if css := strings.HasPrefix(what, "theme css; ") && len(changed) == 2; u.CSSOnly() != css && css {
			fail("round %d: a stylesheet-only change: CSSOnly() = false; want true", round)
		}
		if u.CSSOnly() && slices.ContainsFunc(u.Written, func(p string) bool {
			return !strings.HasSuffix(p, ".css") && !sameButCSSVersions(prev[p], u.Files[p])
		}) {
			fail("round %d: CSSOnly() = true, but pages changed: %v", round, u.Written)
		}
		failing = 0
		e.res = res
		e.broken = nil
		snapshot = e.snapshot()
		// Before the pending pages are done, every other page must be
		// current: a server serves them at once.
		if !slices.IsSorted(u.Pending) {
			fail("round %d: Pending is not sorted: %v", round, u.Pending)
		}
		current := maps.Clone(u.Files)
		for _, p := range u.Pending {
			if _, ok := want[p]; !ok {
				fail("round %d: %s is pending but a full build has no such file", round, p)
			}
			current[p] = want[p]
		}
		if d := firstDifference(current, want); d != "" {
			fail("round %d: before the pending pages %v are done, the incremental site differs from a full build: %s", round, u.Pending, d)
		}
		if len(u.Pending) > 0 {
			pending++
			if u.CSSOnly() {
				fail("round %d: CSSOnly() = true with pages pending", round)
			}
		}
		fg := u
		if u, err = u.Wait(ctx); err != nil {
			fail("round %d: waiting for the pending pages: %v", round, err)
		}
		if len(u.Pending) > 0 || len(fg.Written) > len(u.Written) || !slices.Equal(fg.Removed, u.Removed) {
			fail("round %d: the waited-for update is not the first one completed: pending %v, written %d then %d", round, u.Pending, len(fg.Written), len(u.Written))
		}
		if d := firstDifference(u.Files, want); d != "" {
			fail("round %d: incremental site differs from a full build: %s", round, d)
		}
		for _, p := range unionKeys(prev, u.Files) {
			old, had := prev[p]
			cur, has := u.Files[p]
			switch {
			case had && !has && !slices.Contains(u.Removed, p):
				fail("round %d: %s disappeared but is not in Removed", round, p)
			case has && (!had || !bytes.Equal(old, cur)) && !slices.Contains(u.Written, p):
				fail("round %d: %s changed but is not in Written", round, p)
			}
		}
		prev = u.Files
	}
	if rounds >= 50 && pending == 0 {
		t.Errorf("seed %d: no update left pages pending: the background path went untested", e.seed)
	}
	if got, want := s.Files(), prev; !sameFiles(got, want) {
		t.Errorf("Files() after the last round: %s", firstDifference(got, want))
	}
}

// fullSite checks and renders a playbook from scratch.
func fullSite(t *testing.T, dir string, today time.Time, so SiteOptions) (*Result, map[string][]byte) {
	t.Helper()
	ctx := context.Background()
	root := os.DirFS(dir)
	res, err := Check(ctx, Options{FS: root, Today: today})
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	files := map[string][]byte{}
	if res.Errors() > 0 {
		return res, files
	}
	r, err := NewRenderer(root)
	if err != nil {
		t.Fatalf("templates: %v", err)
	}
	var mu sync.Mutex
	err = Render(ctx, root, res, r, so, func(p string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		files[p] = bytes.Clone(data) // data is only lent to emit
		return nil
	})
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	return res, files
}

func unionKeys(a, b map[string][]byte) []string {
	var out []string
	for p := range a {
		out = append(out, p)
	}
	for p := range b {
		if _, ok := a[p]; !ok {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

func sameFiles(a, b map[string][]byte) bool { return firstDifference(a, b) == "" }

// firstDifference describes the first path (in order) where two sites
// differ, with the first differing line; "" when they are equal.
func firstDifference(got, want map[string][]byte) string {
	for _, p := range unionKeys(got, want) {
		g, inGot := got[p]
		w, inWant := want[p]
		switch {
		case !inGot:
			return fmt.Sprintf("%s: missing; want it", p)
		case !inWant:
			return fmt.Sprintf("%s: present; want it gone", p)
		case !bytes.Equal(g, w):
			return p + " " + testtool.FirstDiff(g, w)
		}
	}
	return ""
}

func compareSites(t *testing.T, when string, got, want map[string][]byte) {
	t.Helper()
	if d := firstDifference(got, want); d != "" {
		t.Fatalf("%s: %s", when, d)
	}
}

// editor makes random edits to a playbook on disk.
type editor struct {
	t    *testing.T
	dir  string
	seed uint64
	rng  *rand.Rand
	seq  int
	res  *Result // the last good full build, to pick ids from
	// broken holds the original text of files whose frontmatter an edit
	// broke, for a later fix.
	broken map[string]string
}

func (e *editor) abs(rel string) string { return filepath.Join(e.dir, filepath.FromSlash(rel)) }

func (e *editor) read(rel string) string {
	b, err := os.ReadFile(e.abs(rel))
	if err != nil {
		e.t.Fatal(err)
	}
	return string(b)
}

func (e *editor) write(rel, data string) {
	if err := os.MkdirAll(filepath.Dir(e.abs(rel)), 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(e.abs(rel), []byte(data), 0o644); err != nil {
		e.t.Fatal(err)
	}
}

// files lists every file of the playbook, sorted.
func (e *editor) files() []string {
	var out []string
	err := filepath.WalkDir(e.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(e.dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

func (e *editor) markdown() []string {
	return slices.DeleteFunc(e.files(), func(p string) bool { return path.Ext(p) != ".md" || !strings.HasPrefix(p, "content/") })
}

// snapshot returns the text of every file of the playbook.
func (e *editor) snapshot() map[string]string {
	m := map[string]string{}
	for _, p := range e.files() {
		m[p] = e.read(p)
	}
	return m
}

// restore puts the playbook back as it was in snap and returns the paths
// it touched.
func (e *editor) restore(snap map[string]string) []string {
	var changed []string
	for _, p := range e.files() {
		if _, ok := snap[p]; !ok {
			if err := os.Remove(e.abs(p)); err != nil {
				e.t.Fatal(err)
			}
			changed = append(changed, p)
		}
	}
	for p, data := range snap {
		b, err := os.ReadFile(e.abs(p))
		if err == nil && string(b) == data {
			continue
		}
		e.write(p, data)
		changed = append(changed, p)
	}
	slices.Sort(changed)
	e.broken = nil
	return changed
}

func (e *editor) fixBroken() []string {
	var changed []string
	for p, data := range e.broken {
		if _, err := os.Stat(e.abs(p)); err != nil {
			continue // deleted or renamed since
		}
		e.write(p, data)
		changed = append(changed, p)
	}
	e.broken = nil
	slices.Sort(changed)
	return changed
}

func (e *editor) pick(list []string) string { return list[e.rng.IntN(len(list))] }

// yamlFile picks a Markdown file with YAML frontmatter, optionally of a
// kind ("" for any), and returns its path and node.
func (e *editor) yamlFile(kinds ...document.Kind) (string, *model.Node) {
	var cands []*model.Node
	for _, n := range e.res.Graph.Nodes {
		if (len(kinds) == 0 || slices.Contains(kinds, n.Kind)) && n.Front.Format == "yaml" {
			if _, err := os.Stat(e.abs(n.Path)); err == nil {
				cands = append(cands, n)
			}
		}
	}
	if len(cands) == 0 {
		return "", nil
	}
	n := cands[e.rng.IntN(len(cands))]
	return n.Path, n
}

func (e *editor) ids(kind document.Kind) []string {
	var out []string
	for _, n := range e.res.Graph.OfKind(kind) {
		out = append(out, n.ID)
	}
	return out
}

// editFront rewrites the YAML frontmatter's lines of a file.
func (e *editor) editFront(rel string, f func([]string) []string) bool {
	s := e.read(rel)
	if !strings.HasPrefix(s, "---\n") {
		return false
	}
	end := strings.Index(s[4:], "\n---\n")
	if end < 0 {
		return false
	}
	lines := f(strings.Split(s[4:4+end], "\n"))
	e.write(rel, "---\n"+strings.Join(lines, "\n")+s[4+end:])
	return true
}

// setKey sets a top-level key to a YAML value, replacing the old value
// with its continuation lines; an empty value removes the key.
func setKey(lines []string, key, value string) []string {
	var out []string
	done := false
	for i := 0; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], key+":") {
			j := i + 1
			for j < len(lines) && (strings.HasPrefix(lines[j], " ") || strings.HasPrefix(lines[j], "-")) {
				j++
			}
			if value != "" {
				out = append(out, key+": "+value)
			}
			done, i = true, j-1
			continue
		}
		out = append(out, lines[i])
	}
	if !done && value != "" {
		out = append(out, key+": "+value)
	}
	return out
}

// listKey reads a list of plain scalars, in flow or block style.
func listKey(lines []string, key string) []string {
	var out []string
	for i, l := range lines {
		v, ok := strings.CutPrefix(l, key+":")
		if !ok {
			continue
		}
		if v = strings.TrimSpace(v); strings.HasPrefix(v, "[") {
			for _, it := range strings.Split(strings.Trim(v, "[]"), ",") {
				if it = strings.Trim(strings.TrimSpace(it), `"'`); it != "" {
					out = append(out, it)
				}
			}
			return out
		}
		for _, b := range lines[i+1:] {
			it, ok := strings.CutPrefix(strings.TrimSpace(b), "- ")
			if !ok {
				break
			}
			out = append(out, strings.Trim(strings.TrimSpace(it), `"'`))
		}
	}
	return out
}

func flow(items []string) string { return "[" + strings.Join(items, ", ") + "]" }

// body returns the index where a file's body starts.
func bodyStart(s string) int {
	for _, delim := range []string{"---", "+++"} {
		if strings.HasPrefix(s, delim+"\n") {
			if end := strings.Index(s[4:], "\n"+delim+"\n"); end >= 0 {
				return 4 + end + len(delim) + 2
			}
		}
	}
	return 0
}

// relLink returns a relative link from one content file to another.
func relLink(from, to string) string {
	fromDir := strings.Split(path.Dir(from), "/")
	toParts := strings.Split(to, "/")
	i := 0
	for i < len(fromDir) && i < len(toParts)-1 && fromDir[i] == toParts[i] {
		i++
	}
	return strings.Repeat("../", len(fromDir)-i) + strings.Join(toParts[i:], "/")
}

// randomEdit makes one edit and returns what it did and the changed paths
// (none when it found nothing to edit).
func (e *editor) randomEdit() (string, []string) {
	e.seq++
	seq := e.seq
	switch op := e.rng.IntN(28); op {
	case 0, 1: // retitle, sometimes with characters that need escaping
		p, _ := e.yamlFile()
		if p == "" {
			break
		}
		title := e.pick([]string{"Plain %d", "Fish & chips <%d>", `Quotes "%d" and 'x'`, "Ünïcode %d ✓"})
		e.editFront(p, func(l []string) []string { return setKey(l, "title", fmt.Sprintf("%q", fmt.Sprintf(title, seq))) })
		return "retitle " + p, []string{p}
	case 2: // status
		p, n := e.yamlFile(document.Direction, document.Initiative)
		if p == "" {
			break
		}
		vals, _ := document.StatusValues(n.Kind)
		v := e.pick(vals)
		e.editFront(p, func(l []string) []string { return setKey(l, "status", v) })
		return "status " + v + " " + p, []string{p}
	case 3: // stage
		p, _ := e.yamlFile(document.Direction, document.Initiative)
		if p == "" {
			break
		}
		v := e.pick(document.Stages())
		e.editFront(p, func(l []string) []string { return setKey(l, "stage", v) })
		return "stage " + v + " " + p, []string{p}
	case 4, 5: // add or remove a reference
		p, _ := e.yamlFile(document.Initiative)
		if p == "" {
			break
		}
		field, kind := "advances", document.Direction
		if e.rng.IntN(2) == 0 {
			field, kind = "signals", document.Signal
		}
		ids := e.ids(kind)
		e.editFront(p, func(l []string) []string {
			items := listKey(l, field)
			if len(items) > 0 && (e.rng.IntN(2) == 0 || len(items) >= len(ids)) {
				items = slices.Delete(items, 0, 1)
			} else {
				items = append(items, e.pick(ids))
				slices.Sort(items)
				items = slices.Compact(items)
			}
			if len(items) == 0 {
				return setKey(l, field, "")
			}
			return setKey(l, field, flow(items))
		})
		return "refs " + field + " " + p, []string{p}
	case 6, 7: // a wiki link, sometimes to a heading
		ps := e.markdown()
		p := e.pick(ps)
		ns := e.res.Graph.Nodes
		n := ns[e.rng.IntN(len(ns))]
		link := "[[" + n.ID + "]]"
		switch e.rng.IntN(3) {
		case 0:
			link = "[[" + n.ID + "|see this " + fmt.Sprint(seq) + "]]"
		case 1:
			if len(n.Body.Headings) > 0 {
				link = "[[" + n.ID + "#" + e.pick(n.Body.Headings) + "]]"
			}
		}
		e.write(p, e.read(p)+"\nAlso read "+link+".\n")
		return "wiki link " + p, []string{p}
	case 8: // a relative link
		ps := e.markdown()
		from, to := e.pick(ps), e.pick(ps)
		e.write(from, e.read(from)+fmt.Sprintf("\nSee [the other page %d](%s).\n", seq, relLink(from, to)))
		return "relative link " + from, []string{from}
	case 9, 10, 11: // body text at the top (the fast path), or a heading
		p := e.pick(e.markdown())
		s := e.read(p)
		i := bodyStart(s)
		ins := fmt.Sprintf("\nA new first paragraph, edit %d.\n", seq)
		if op == 11 {
			ins = fmt.Sprintf("\n## New heading %d\n\nText.\n", seq)
		}
		e.write(p, s[:i]+ins+s[i:])
		return "body " + p, []string{p}
	case 12: // delete
		p := e.pick(e.markdown())
		if err := os.Remove(e.abs(p)); err != nil {
			e.t.Fatal(err)
		}
		return "delete " + p, []string{p}
	case 13: // a new file in a new folder
		var p, data string
		if e.rng.IntN(2) == 0 {
			p = fmt.Sprintf("content/notes-%d/deep/page-%d.md", seq, seq)
			ns := e.res.Graph.Nodes
			data = fmt.Sprintf("---\ntitle: Note %d\n---\n\nSee [[%s]].\n", seq, ns[e.rng.IntN(len(ns))].ID)
		} else {
			p = fmt.Sprintf("content/initiatives/new-%d/new-initiative-%d.md", seq, seq)
			data = fmt.Sprintf("---\ntitle: New initiative %d\nstatus: proposed\nadvances: [%s]\n---\n\nNew work.\n", seq, e.pick(e.ids(document.Direction)))
		}
		e.write(p, data)
		return "new " + p, []string{path.Dir(p), p}
	case 14: // break the frontmatter, to be fixed later
		p := e.pick(e.markdown())
		s := e.read(p)
		if e.broken == nil {
			e.broken = map[string]string{}
		}
		if _, ok := e.broken[p]; !ok {
			e.broken[p] = s
		}
		switch e.rng.IntN(3) {
		case 0:
			s = strings.Replace(s, "\n---\n", "\n", 1) // unterminated
		case 1:
			s = strings.Replace(s, "\n", "\ntitle: [unclosed\n", 1)
		default:
			s = strings.Replace(s, "\n", "\ntitel: typo\n", 1)
		}
		e.write(p, s)
		return "break " + p, []string{p}
	case 15: // rename a file
		p := e.pick(e.markdown())
		q := path.Join(path.Dir(p), fmt.Sprintf("renamed-%d.md", seq))
		if err := os.Rename(e.abs(p), e.abs(q)); err != nil {
			e.t.Fatal(err)
		}
		return "rename " + p, []string{p, q}
	case 16: // rename a folder: only the folders are reported
		var dirs []string
		for _, p := range e.markdown() {
			if d := path.Dir(p); d != "content" && !slices.Contains(dirs, d) {
				dirs = append(dirs, d)
			}
		}
		if len(dirs) == 0 {
			break
		}
		d := e.pick(dirs)
		q := path.Join(path.Dir(d), fmt.Sprintf("%s-%d", path.Base(d), seq))
		if err := os.Rename(e.abs(d), e.abs(q)); err != nil {
			e.t.Fatal(err)
		}
		return "rename folder " + d, []string{d, q}
	case 17: // draft or weight
		p, _ := e.yamlFile()
		if p == "" {
			break
		}
		key, v := "draft", e.pick([]string{"true", "false", ""})
		if e.rng.IntN(2) == 0 {
			key, v = "weight", fmt.Sprint(e.rng.IntN(5)-2)
		}
		e.editFront(p, func(l []string) []string { return setKey(l, key, v) })
		return key + " " + p, []string{p}
	case 18: // a signal's figures
		p, _ := e.yamlFile(document.Signal)
		if p == "" {
			break
		}
		v := fmt.Sprint(e.rng.IntN(100))
		e.editFront(p, func(l []string) []string { return setKey(l, e.pick([]string{"current", "target"}), v) })
		return "figure " + p, []string{p}
	case 19: // an asset, linked from a page
		a := fmt.Sprintf("content/files-%d/note-%d.txt", seq%3, seq%5)
		e.write(a, fmt.Sprintf("asset %d\n", seq))
		p := e.pick(e.markdown())
		e.write(p, e.read(p)+fmt.Sprintf("\nThe [file](%s).\n", relLink(p, a)))
		return "asset " + a, []string{a, p}
	case 20: // a playbook stylesheet over the default one
		css, err := os.ReadFile(filepath.Join("..", "..", "theme", "style.css"))
		if err != nil {
			e.t.Fatal(err)
		}
		e.write("theme/style.css", string(css)+fmt.Sprintf("\nbody { outline: %dpx solid red; }\n", seq))
		return "theme css", []string{"theme", "theme/style.css"}
	case 21: // a template over the default one, or its removal
		const p = "templates/base.html"
		if _, err := os.Stat(e.abs(p)); err == nil && e.rng.IntN(2) == 0 {
			if err := os.Remove(e.abs(p)); err != nil {
				e.t.Fatal(err)
			}
			return "template removed", []string{p}
		}
		tpl, err := os.ReadFile(filepath.Join("..", "..", p))
		if err != nil {
			e.t.Fatal(err)
		}
		e.write(p, strings.Replace(string(tpl), "</footer>", fmt.Sprintf("<p>Template edit %d</p></footer>", seq), 1))
		return "template", []string{"templates", p}
	case 23: // a whole folder deleted: only the folder is reported
		var dirs []string
		for _, p := range e.markdown() {
			if d := path.Dir(p); d != "content" && !slices.Contains(dirs, d) {
				dirs = append(dirs, d)
			}
		}
		if len(dirs) == 0 {
			break
		}
		d := e.pick(dirs)
		if err := os.RemoveAll(e.abs(d)); err != nil {
			e.t.Fatal(err)
		}
		return "delete folder " + d, []string{d}
	case 24: // sed -i: the file, and a temporary file gone by now
		p := e.pick(e.markdown())
		s := e.read(p)
		i := bodyStart(s)
		e.write(p, s[:i]+fmt.Sprintf("\nEdited in place %d.\n", seq)+s[i:])
		return "sed " + p, []string{p, path.Join(path.Dir(p), fmt.Sprintf("sed%06d", seq))}
	case 25: // a reference to no node: an error in the frontmatter only, to be fixed later
		p, _ := e.yamlFile(document.Initiative, document.Signal)
		if p == "" {
			break
		}
		if e.broken == nil {
			e.broken = map[string]string{}
		}
		if _, ok := e.broken[p]; !ok {
			e.broken[p] = e.read(p)
		}
		field := "advances"
		if strings.HasPrefix(p, "content/signals/") {
			field = "measures"
		}
		e.editFront(p, func(l []string) []string {
			return setKey(l, field, flow(append(listKey(l, field), fmt.Sprintf("no-such-node-%d", seq))))
		})
		return "unknown ref " + p, []string{p}
	case 26, 27: // a signal's data file: a reading's value or note, never the latest
		var csvs []string
		for _, f := range e.files() {
			if strings.HasSuffix(f, ".csv") {
				csvs = append(csvs, f)
			}
		}
		if len(csvs) == 0 {
			break
		}
		p := e.pick(csvs)
		rows := strings.Split(strings.TrimSuffix(e.read(p), "\n"), "\n")
		if len(rows) < 3 {
			break
		}
		i := 1 + e.rng.IntN(len(rows)-2) // not the header, not the latest
		cols := strings.Split(rows[i], ",")
		if op == 26 {
			cols[1] = fmt.Sprint(e.rng.IntN(500))
		} else if len(cols) > 2 {
			cols[2] = fmt.Sprintf("note %d", seq)
		}
		rows[i] = strings.Join(cols, ",")
		e.write(p, strings.Join(rows, "\n")+"\n")
		return "reading " + p, []string{p}
	case 22: // the configuration
		if _, err := os.Stat(e.abs("bearing.yaml")); err != nil {
			break
		}
		b := e.read("bearing.yaml")
		lines := setKey(strings.Split(b, "\n"), "title", fmt.Sprintf("%q", fmt.Sprintf("Strategy %d", seq)))
		e.write("bearing.yaml", strings.Join(lines, "\n"))
		return "config", []string{"bearing.yaml"}
	}
	return "", nil
}

func TestSameButCSSVersions(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{`<link href="/theme/style.css?v=ab12">x`, `<link href="/theme/style.css?v=ab12">x`, true},
		{`<link href="/theme/style.css?v=ab12">x`, `<link href="/theme/style.css?v=ff00ee">x`, true},
		{`<link href="/a.css?v=1"><link href="/b.css?v=2">x`, `<link href="/a.css?v=3"><link href="/b.css?v=4">x`, true},
		{`<link href="/theme/style.css?v=ab12">x`, `<link href="/theme/style.css?v=ab13">y`, false},
		{`<link href="/theme/style.css?v=ab12">x`, `<link href="/theme/other.css?v=ab12">x`, false},
		{`<script src="/theme/search.js?v=ab12">`, `<script src="/theme/search.js?v=ab13">`, false},
		{`<p>a</p>`, `<p>b</p>`, false},
		{`abc`, `abcd`, false},
		{``, ``, true},
	}
	for _, c := range cases {
		if got := sameButCSSVersions([]byte(c.a), []byte(c.b)); got != c.want {
			t.Errorf("sameButCSSVersions(%q, %q): got %v; want %v", c.a, c.b, got, c.want)
		}
	}
}
