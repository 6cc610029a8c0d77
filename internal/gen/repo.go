package gen

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// HistoryStep is the time between two commits of a generated history: a
// few hours, so that 1,000 commits span about a year.
const HistoryStep = 8 * time.Hour

// History describes a generated repository: the playbook of Files files
// (Generate's) committed first, then Commits-1 commits on top of it, each
// touching 1 to 3 files.
type History struct {
	Files, Commits int
	// Seed picks the edits; the same Files, Commits and Seed always give
	// the same commits, ids included.
	Seed uint64
}

// WriteStream writes the history as a git fast-import stream onto
// refs/heads/main: the commits, with fixed authors and dates (the last
// commit a day before Today, each HistoryStep after the one before), and
// the files of each inline. The edits are the ones a team makes: a stage
// advanced, a status changed, an assumption's status changed, a signal's
// target moved or its current value updated, a direction's positioning
// rewritten, a body extended; now and then an initiative moved to
// another folder (its id unchanged), one added or one removed.
func (h History) WriteStream(w io.Writer) error {
	if h.Commits < 1 {
		return fmt.Errorf("gen: %d commits is too few; a history needs at least 1", h.Commits)
	}
	files, err := Generate(h.Files)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	r := newRepoState(files, rand.New(rand.NewPCG(h.Seed, uint64(h.Files)<<32|uint64(h.Commits))))
	today, _ := time.Parse(time.DateOnly, Today)
	first := today.Add(-24*time.Hour - time.Duration(h.Commits-1)*HistoryStep).Add(9 * time.Hour)
	for c := range h.Commits {
		var msg string
		var touched []string
		if c == 0 {
			msg = "Write down the strategy"
			touched = r.paths
		} else {
			r.now = first.Add(time.Duration(c) * HistoryStep)
			msg, touched = r.edit()
		}
		who := owners[r.rng.IntN(len(owners))]
		email := strings.ToLower(strings.NewReplacer(" ", ".", "'", "").Replace(who)) + "@example.org"
		when := first.Add(time.Duration(c) * HistoryStep).Unix()
		fmt.Fprintf(bw, "commit refs/heads/main\nmark :%d\nauthor %s <%s> %d +0000\ncommitter %s <%s> %d +0000\n",
			c+1, who, email, when, who, email, when)
		data(bw, msg)
		if c > 0 {
			fmt.Fprintf(bw, "from :%d\n", c)
		}
		for _, p := range touched {
			text, ok := r.files[p]
			if !ok {
				fmt.Fprintf(bw, "D %s\n", p)
				continue
			}
			fmt.Fprintf(bw, "M 100644 inline %s\n", p)
			data(bw, string(text))
		}
		bw.WriteString("\n")
	}
	return bw.Flush()
}

// data writes one fast-import data block.
func data(w *bufio.Writer, s string) {
	fmt.Fprintf(w, "data %d\n%s\n", len(s), s)
}

// WriteRepo makes a git repository in dir holding the history, with main
// checked out. It runs git (init, one fast-import for every commit,
// reset to fill the work tree) with the hooks off and the GIT_* variables
// of the environment removed; dir must not hold a repository yet.
func (h History) WriteRepo(dir string) error {
	if _, err := os.Stat(dir + "/.git"); err == nil {
		return fmt.Errorf("gen: %s already holds a git repository; use an empty directory", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := runGit(dir, nil, "init", "-q", "-b", "main"); err != nil {
		return err
	}
	var stream bytes.Buffer
	if err := h.WriteStream(&stream); err != nil {
		return err
	}
	if err := runGit(dir, &stream, "fast-import", "--quiet"); err != nil {
		return err
	}
	return runGit(dir, nil, "reset", "-q", "--hard", "main")
}

// runGit runs one git command in dir, its output kept for the error.
func runGit(dir string, stdin io.Reader, args ...string) error {
	cmd := exec.Command("git", append([]string{"-c", "core.hooksPath=/dev/null"}, args...)...)
	cmd.Dir = dir
	cmd.Stdin = stdin
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("git %s: %v\n%s", args[0], err, out)
	}
	return nil
}

// repoState is the work tree of a generated history between commits.
type repoState struct {
	rng *rand.Rand
	// p lends its sentence maker, driven by rng.
	p     *playbook
	files map[string][]byte
	// paths are the files' paths, sorted, so that picks are deterministic.
	paths []string
	// added are the initiatives the history added, which it may remove
	// again: nothing else refers to them.
	added []string
	next  int
	// now is the date of the commit being made.
	now time.Time
}

func newRepoState(files []File, rng *rand.Rand) *repoState {
	r := &repoState{rng: rng, p: &playbook{rng: rng}, files: map[string][]byte{}}
	for _, f := range files {
		r.files[f.Path] = f.Data
		r.paths = append(r.paths, f.Path)
	}
	return r
}

// edit makes one commit's edits and returns its message and the paths it
// touched (a path no longer in files was removed).
func (r *repoState) edit() (string, []string) {
	n := 1 + r.rng.IntN(3)
	var msgs, touched []string
	for range n {
		msg, ps := r.one(touched)
		if msg == "" {
			continue
		}
		msgs = append(msgs, msg)
		touched = append(touched, ps...)
	}
	if len(msgs) == 0 {
		msg, ps := r.body(r.pick("content/", touched))
		msgs, touched = []string{msg}, ps
	}
	return strings.Join(msgs, "; "), touched
}

// one makes one edit to a file not in busy, or returns "" when the edit
// it drew finds nothing to do.
func (r *repoState) one(busy []string) (string, []string) {
	switch x := r.rng.IntN(100); {
	case x < 18:
		return r.stage(r.pick("content/initiatives/", busy))
	case x < 30:
		return r.status(r.pick("content/initiatives/", busy))
	case x < 40:
		return r.assumption(r.pick("content/directions/", busy))
	case x < 50:
		return r.target(r.pick("content/signals/", busy))
	case x < 65:
		return r.current(r.pick("content/signals/", busy))
	case x < 72:
		return r.positioning(r.pick("content/directions/", busy))
	case x < 75:
		return r.rename(r.pick("content/initiatives/", busy), busy)
	case x < 78:
		return r.add()
	case x < 80:
		return r.remove(busy)
	}
	return r.body(r.pick("content/", busy))
}

// pick returns a file under prefix with YAML frontmatter, not in busy, or
// "" when a few draws find none.
func (r *repoState) pick(prefix string, busy []string) string {
	lo, _ := slices.BinarySearch(r.paths, prefix)
	hi, _ := slices.BinarySearch(r.paths, prefix+"\xff")
	if lo == hi {
		return ""
	}
	for range 8 {
		p := r.paths[lo+r.rng.IntN(hi-lo)]
		if !slices.Contains(busy, p) && bytes.HasPrefix(r.files[p], []byte("---\n")) {
			return p
		}
	}
	return ""
}

// stage advances an initiative one stage, never past its direction's
// (speed may not run ahead of the direction); now and then it advances a
// direction instead.
func (r *repoState) stage(p string) (string, []string) {
	if p == "" {
		return "", nil
	}
	if r.rng.IntN(8) == 0 {
		if d := r.pick("content/directions/", []string{p}); d != "" {
			p = d
		}
	}
	v, ok := r.field(p, "stage")
	if !ok {
		v = stageNames[0]
	}
	i := slices.Index(stageNames, v)
	if i < 0 || i == len(stageNames)-1 {
		return "", nil
	}
	if strings.HasPrefix(p, "content/initiatives/") {
		d := r.advanced(p)
		ds, ok := r.field(d, "stage")
		if !ok {
			ds = stageNames[0]
		}
		if d == "" || slices.Index(stageNames, ds) <= i {
			return "", nil
		}
	}
	r.setField(p, "stage", stageNames[i+1])
	return fmt.Sprintf("Advance %s to %s", idOf(p), stageNames[i+1]), []string{p}
}

// advanced returns the path of the first direction an initiative
// advances, or "".
func (r *repoState) advanced(p string) string {
	lines := strings.SplitAfter(string(r.files[p]), "\n")
	for i, l := range lines[:r.frontEnd(lines)] {
		if l == "advances:\n" && i+1 < len(lines) {
			if id, ok := strings.CutPrefix(strings.TrimSpace(lines[i+1]), "- "); ok {
				d := "content/directions/" + id + ".md"
				if _, ok := r.files[d]; ok {
					return d
				}
			}
		}
	}
	return ""
}

var stageNames = []string{"validate", "execute", "scale"}

// status moves an initiative to another status: paused and back most
// often, now and then done.
func (r *repoState) status(p string) (string, []string) {
	if p == "" {
		return "", nil
	}
	v, ok := r.field(p, "status")
	if !ok {
		v = "active"
	}
	to := "active"
	switch v {
	case "active":
		to = []string{"paused", "paused", "done", "proposed"}[r.rng.IntN(4)]
	case "done", "killed":
		return "", nil
	}
	r.setField(p, "status", to)
	return fmt.Sprintf("Set %s %s", idOf(p), to), []string{p}
}

// assumption changes the status of one of a direction's claims that has
// one.
func (r *repoState) assumption(p string) (string, []string) {
	if p == "" {
		return "", nil
	}
	lines := strings.SplitAfter(string(r.files[p]), "\n")
	var at []int
	for i, l := range lines[:r.frontEnd(lines)] {
		if strings.HasPrefix(l, "    status: ") {
			at = append(at, i)
		}
	}
	if len(at) == 0 {
		return "", nil
	}
	i := at[r.rng.IntN(len(at))]
	from := strings.TrimSpace(strings.TrimPrefix(lines[i], "    status: "))
	to := []string{"testing", "validated", "invalidated"}[r.rng.IntN(3)]
	if to == from {
		to = "testing"
		if from == "testing" {
			to = "validated"
		}
	}
	lines[i] = "    status: " + to + "\n"
	r.files[p] = []byte(strings.Join(lines, ""))
	return fmt.Sprintf("Mark an assumption of %s %s", idOf(p), to), []string{p}
}

// target moves a signal's target by 5 to 15 percent either way.
func (r *repoState) target(p string) (string, []string) {
	v, ok := r.field(p, "target")
	f, err := strconv.ParseFloat(v, 64)
	if !ok || err != nil {
		return "", nil
	}
	to := round1(f * (1 + (float64(r.rng.IntN(20))-9.5)/100))
	if to == f {
		to += 0.1 // every commit changes something
	}
	r.setField(p, "target", strconv.FormatFloat(to, 'f', -1, 64))
	return fmt.Sprintf("Move the target of %s", idOf(p)), []string{p}
}

// current records a new reading of a signal, a small step from its
// current value: a line of its history and its current value, which
// must agree.
func (r *repoState) current(p string) (string, []string) {
	v, ok := r.field(p, "current")
	f, err := strconv.ParseFloat(v, 64)
	if !ok || err != nil {
		return "", nil
	}
	to := round1(f * (1 + (float64(r.rng.IntN(6))-2.5)/100))
	if to == f {
		to += 0.1 // every commit changes something
	}
	value := strconv.FormatFloat(to, 'f', -1, 64)
	r.setField(p, "current", value)
	lines := strings.SplitAfter(string(r.files[p]), "\n")
	end := r.frontEnd(lines)
	for i, l := range lines[:end] {
		if l != "history:\n" {
			continue
		}
		j := i + 1
		for j < end && strings.HasPrefix(lines[j], "  - {date: ") {
			j++
		}
		// A reading on the day of the commit; when the last one is as new
		// (generated readings run up to Today), a correction of it.
		day := r.now.Format(time.DateOnly)
		if last := lines[j-1]; j > i+1 && last >= "  - {date: "+day {
			lines[j-1] = last[:len("  - {date: 2006-01-02")] + ", value: " + value + "}\n"
		} else {
			lines = slices.Insert(lines, j, fmt.Sprintf("  - {date: %s, value: %s}\n", day, value))
		}
		r.files[p] = []byte(strings.Join(lines, ""))
		break
	}
	return fmt.Sprintf("Update %s", idOf(p)), []string{p}
}

func round1(f float64) float64 { return float64(int64(f*10+0.5)) / 10 }

// positioning rewrites a direction's problem, for_whom or why_we_win.
func (r *repoState) positioning(p string) (string, []string) {
	if p == "" {
		return "", nil
	}
	key := []string{"problem", "for_whom", "why_we_win"}[r.rng.IntN(3)]
	lines := strings.SplitAfter(string(r.files[p]), "\n")
	end := r.frontEnd(lines)
	for i := 0; i < end; i++ {
		if !strings.HasPrefix(lines[i], key+":") {
			continue
		}
		j := i + 1
		for j < end && strings.HasPrefix(lines[j], "  ") {
			j++
		}
		text := r.p.sentenceText() + " " + r.p.sentenceText()
		repl := []string{key + ": >\n"}
		for _, l := range wrapText(text, 70) {
			repl = append(repl, "  "+l+"\n")
		}
		lines = slices.Concat(lines[:i], repl, lines[j:])
		r.files[p] = []byte(strings.Join(lines, ""))
		return fmt.Sprintf("Rewrite the %s of %s", key, idOf(p)), []string{p}
	}
	return "", nil
}

// wrapText cuts text into lines of at most width bytes, at spaces.
func wrapText(text string, width int) []string {
	var out []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > width {
			out = append(out, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return append(out, line)
}

// body adds a paragraph to a file's body.
func (r *repoState) body(p string) (string, []string) {
	if p == "" {
		p = r.paths[r.rng.IntN(len(r.paths))]
	}
	text := strings.Join(wrapText(r.p.sentenceText()+" "+r.p.sentenceText(), 76), "\n")
	r.files[p] = append(bytes.TrimRight(r.files[p], "\n"), []byte("\n\n"+text+"\n")...)
	return fmt.Sprintf("Add a note to %s", idOf(p)), []string{p}
}

// rename moves an initiative into a folder named after the year, keeping
// its id (the file's name). Only one that no file links to by its path is
// moved, so that no link breaks; its own relative links get one more ../.
func (r *repoState) rename(p string, busy []string) (string, []string) {
	if p == "" || strings.Count(p, "/") != 2 {
		return "", nil
	}
	base := path.Base(p)
	for _, q := range r.paths {
		if q != p && bytes.Contains(r.files[q], []byte("/"+base)) {
			return "", nil
		}
	}
	to := path.Join(path.Dir(p), "2026", base)
	if _, ok := r.files[to]; ok || slices.Contains(busy, to) {
		return "", nil
	}
	moved := bytes.ReplaceAll(r.files[p], []byte("](../"), []byte("](../../"))
	r.files[to] = bytes.ReplaceAll(moved, []byte("](./"), []byte("](../"))
	r.drop(p)
	r.insert(to)
	if i := slices.Index(r.added, p); i >= 0 {
		r.added[i] = to
	}
	return fmt.Sprintf("Move %s to 2026/", idOf(p)), []string{p, to}
}

// add writes a new proposed initiative advancing a direction.
func (r *repoState) add() (string, []string) {
	d := r.pick("content/directions/", nil)
	if d == "" {
		return "", nil
	}
	r.next++
	slug := strings.NewReplacer(" ", "-", "'", "").Replace
	id := fmt.Sprintf("%s-%s-%d", slug(strings.ToLower(verbs[r.rng.IntN(len(verbs))])), slug(products[r.rng.IntN(len(products))]), r.next)
	p := "content/initiatives/" + id + ".md"
	if _, ok := r.files[p]; ok {
		return "", nil
	}
	r.files[p] = fmt.Appendf(nil, "---\ntitle: %s\nowner: %s\nstatus: proposed\nstage: validate\nadvances:\n  - %s\nrationale: %s\n---\n\n%s This work advances [[%s]].\n",
		capitalize(strings.ReplaceAll(id, "-", " ")), owners[r.rng.IntN(len(owners))], idOf(d), r.p.sentenceText(), r.p.sentenceText(), idOf(d))
	r.insert(p)
	r.added = append(r.added, p)
	return "Propose " + id, []string{p}
}

// remove deletes an initiative the history added.
func (r *repoState) remove(busy []string) (string, []string) {
	if len(r.added) == 0 {
		return "", nil
	}
	i := r.rng.IntN(len(r.added))
	p := r.added[i]
	if slices.Contains(busy, p) {
		return "", nil
	}
	r.added = slices.Delete(r.added, i, i+1)
	r.drop(p)
	return "Drop " + idOf(p), []string{p}
}

func (r *repoState) insert(p string) {
	i, _ := slices.BinarySearch(r.paths, p)
	r.paths = slices.Insert(r.paths, i, p)
}

func (r *repoState) drop(p string) {
	delete(r.files, p)
	if i, ok := slices.BinarySearch(r.paths, p); ok {
		r.paths = slices.Delete(r.paths, i, i+1)
	}
}

// frontEnd returns the index of the line closing the YAML frontmatter of
// lines, or 0 when there is none.
func (r *repoState) frontEnd(lines []string) int {
	if len(lines) == 0 || lines[0] != "---\n" {
		return 0
	}
	for i := 1; i < len(lines); i++ {
		if lines[i] == "---\n" {
			return i
		}
	}
	return 0
}

// field returns the value of a top-level frontmatter field of the file.
func (r *repoState) field(p, key string) (string, bool) {
	if p == "" {
		return "", false
	}
	lines := strings.SplitAfter(string(r.files[p]), "\n")
	for _, l := range lines[:r.frontEnd(lines)] {
		if v, ok := strings.CutPrefix(l, key+": "); ok {
			return strings.TrimSpace(v), true
		}
	}
	return "", false
}

// setField sets a top-level frontmatter field of the file, adding it
// before the closing line when it is missing.
func (r *repoState) setField(p, key, value string) {
	lines := strings.SplitAfter(string(r.files[p]), "\n")
	end := r.frontEnd(lines)
	for i, l := range lines[:end] {
		if strings.HasPrefix(l, key+": ") {
			lines[i] = key + ": " + value + "\n"
			r.files[p] = []byte(strings.Join(lines, ""))
			return
		}
	}
	lines = slices.Insert(lines, end, key+": "+value+"\n")
	r.files[p] = []byte(strings.Join(lines, ""))
}

// idOf returns the id of the node at p: its file name without .md.
func idOf(p string) string { return strings.TrimSuffix(path.Base(p), path.Ext(p)) }
