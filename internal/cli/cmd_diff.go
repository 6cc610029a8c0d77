package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"time"

	"github.com/bearing-dev/bearing/internal/build"
	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/history"
)

// Change classes of bearing diff, most serious first.
const (
	classStrategic = "strategic"
	classWatch     = "watch"
	classInfo      = "info"
)

// diffChange is one classified change of bearing diff.
type diffChange struct {
	Class   string `json:"class"`
	Summary string `json:"summary"`
	history.Event
}

// diffFinding is a finding introduced or fixed, for --format json.
type diffFinding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Node     string `json:"node,omitempty"`
	Message  string `json:"message"`
}

// diffReport is what bearing diff found.
type diffReport struct {
	Base       string        `json:"base"`
	Head       string        `json:"head"`
	Changes    []diffChange  `json:"changes"`
	Introduced []diffFinding `json:"introduced"`
	Fixed      []diffFinding `json:"fixed"`
}

func runDiff(ctx context.Context, args []string, env *Env) error {
	fs := newFlagSet("diff", "diff [flags] [BASE [HEAD]]", env)
	var cf checkFlags
	cf.register(fs, false)
	format := fs.String("format", "text", "output `format`: text, markdown or json")
	failOn := fs.String("fail-on", "", "exit 1 when there are changes of this `class` or a more serious one: strategic or watch")
	if err := parseFlags(fs, args, 2); err != nil {
		return err
	}
	switch *format {
	case "text", "markdown", "json":
	default:
		return usageError("--format %q: want text, markdown or json", *format)
	}
	switch *failOn {
	case "", classStrategic, classWatch:
	default:
		return usageError("--fail-on %q: want strategic or watch", *failOn)
	}
	if err := playbookDir(cf.root); err != nil {
		return err
	}
	day, err := today(cf.now, env.Getenv)
	if err != nil {
		return err
	}
	// Paced like a check: two sides parsed, and the same garbage.
	defer paceHeap(env.Getenv, heapFloor).stop()
	base, head := "HEAD", ""
	if fs.NArg() > 0 {
		base = fs.Arg(0)
	}
	if fs.NArg() > 1 {
		head = fs.Arg(1)
	}
	// HEAD's revision is read from git while BASE's is checked.
	type read struct {
		r   *history.Revision
		err error
	}
	headRead := make(chan read, 1)
	if head != "" {
		go func() {
			r, err := history.ReadRevision(ctx, cf.root, head)
			headRead <- read{r, err}
		}()
	}
	old, err := revisionSide(ctx, cf.root, base, day, nil)
	if err != nil {
		return err
	}
	var now *side
	if head == "" {
		fsys, closer, err := openPlaybook(cf.root)
		if err != nil {
			return err
		}
		defer closer.Close()
		res, err := build.CheckReusing(ctx, build.Options{FS: fsys, Today: day, Strict: cf.strict, LinksOnly: true}, old.res, changedFrom(old.fs, fsys))
		if err != nil {
			return &ExitError{Code: ExitUsage, Err: err}
		}
		now = &side{name: "working tree", fs: fsys, res: res}
	} else {
		hr := <-headRead
		if now, err = checkRevision(ctx, head, hr.r, hr.err, day, old); err != nil {
			return err
		}
	}
	rep := compareSides(old, now)
	var buf bytes.Buffer
	switch *format {
	case "json":
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		err = enc.Encode(rep)
	case "markdown":
		writeDiffMarkdown(&buf, rep)
	default:
		writeDiffText(&buf, rep)
	}
	if err != nil {
		return &ExitError{Code: ExitUsage, Err: err}
	}
	if _, err := env.Stdout.Write(buf.Bytes()); err != nil {
		return &ExitError{Code: ExitUsage, Err: err}
	}
	for _, c := range rep.Changes {
		if c.Class == classStrategic && *failOn != "" || c.Class == classWatch && *failOn == classWatch {
			return errInvalid
		}
	}
	return nil
}

// side is one side of a diff: a revision or the working tree, checked.
type side struct {
	name string
	fs   fs.FS
	res  *build.Result
}

// revisionSide checks the playbook as revision rev holds it, reusing the
// parses of the files it shares with the other side, when there is one.
func revisionSide(ctx context.Context, dir, rev string, day time.Time, other *side) (*side, error) {
	r, err := history.ReadRevision(ctx, dir, rev)
	return checkRevision(ctx, rev, r, err, day, other)
}

// checkRevision checks revision rev as r holds it (err: reading it
// failed), reusing the parses of the files it shares with other, when
// there is one.
func checkRevision(ctx context.Context, rev string, r *history.Revision, err error, day time.Time, other *side) (*side, error) {
	if err != nil {
		return nil, usageError("%s: %v", rev, err)
	}
	o := build.Options{FS: r.FS, Today: day, LinksOnly: true}
	var res *build.Result
	if other != nil {
		res, err = build.CheckReusing(ctx, o, other.res, changedFrom(other.fs, r.FS))
	} else {
		res, err = build.Check(ctx, o)
	}
	if err != nil {
		return nil, &ExitError{Code: ExitUsage, Err: fmt.Errorf("checking %s: %w", rev, err)}
	}
	return &side{name: rev + " (" + r.Commit.Short() + ")", fs: r.FS, res: res}, nil
}

// changedFrom lists the files of old that now does not hold byte for
// byte: the ones a check of now must parse again (with those old lacks).
func changedFrom(old, now fs.FS) []string {
	var changed []string
	fs.WalkDir(old, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		x, errX := fs.ReadFile(old, p)
		y, errY := fs.ReadFile(now, p)
		if errX != nil || errY != nil || !bytes.Equal(x, y) {
			changed = append(changed, p)
		}
		return nil
	})
	return changed
}

// compareSides classifies the changes from old to now and the findings
// introduced and fixed, matched by rule, node and message, not by line.
func compareSides(old, now *side) diffReport {
	edited := func(a, b string) bool {
		x, errX := fs.ReadFile(old.fs, a)
		y, errY := fs.ReadFile(now.fs, b)
		return errX != nil || errY != nil || !bytes.Equal(x, y)
	}
	rep := diffReport{Base: old.name, Head: now.name, Changes: []diffChange{}, Introduced: []diffFinding{}, Fixed: []diffFinding{}}
	for _, e := range history.Compare(old.res.Docs, now.res.Docs, nil, edited) {
		rep.Changes = append(rep.Changes, diffChange{Class: classify(e), Summary: summary(e), Event: e})
	}
	// Most serious first, in the order Compare found them within a class.
	var sorted []diffChange
	for _, class := range []string{classStrategic, classWatch, classInfo} {
		for _, c := range rep.Changes {
			if c.Class == class {
				sorted = append(sorted, c)
			}
		}
	}
	rep.Changes = append(rep.Changes[:0], sorted...)
	rep.Introduced = unmatched(now.res, old.res)
	rep.Fixed = unmatched(old.res, now.res)
	return rep
}

// unmatched returns the findings of a that b does not have.
func unmatched(a, b *build.Result) []diffFinding {
	key := func(r *build.Result, d diag.Diagnostic) string {
		return d.Rule + "\x00" + nodeAt(r, d.Pos.File) + "\x00" + d.Message
	}
	have := map[string]int{}
	for _, d := range b.Diags {
		have[key(b, d)]++
	}
	out := []diffFinding{}
	for _, d := range a.Diags {
		if k := key(a, d); have[k] > 0 {
			have[k]--
			continue
		}
		out = append(out, diffFinding{File: d.Pos.File, Line: d.Pos.Line, Col: d.Pos.Col, Severity: d.Severity.String(),
			Rule: d.Rule, Node: nodeAt(a, d.Pos.File), Message: d.Message})
	}
	return out
}

// nodeAt returns the id of the node in file p, or p when none is.
func nodeAt(r *build.Result, p string) string {
	for _, d := range r.Docs {
		if d.Path == p && d.ID != "" {
			return d.ID
		}
	}
	return p
}

// classify says how much a change matters, as DESIGN.md's bearing diff
// does: strategic (a direction added, retired or removed, its positioning
// rewritten, a non-goal removed, an assumption invalidated, its stage
// advanced), watch (a target eased, a due date slipped, an initiative
// added, killed or advanced, a review deciding kill or pivot), else info.
func classify(e history.Event) string {
	dir, ini := e.NodeKind == document.Direction, e.NodeKind == document.Initiative
	switch {
	case dir && (e.Kind == history.Created || e.Kind == history.Removed),
		dir && e.Kind == history.Status && e.To == "retired",
		dir && e.Kind == history.Positioning && (e.Field != "non_goals" || e.To == ""),
		e.Kind == history.Assumption && e.To == "invalidated",
		dir && e.Advanced():
		return classStrategic
	case e.Eased(), e.Slipped(),
		ini && (e.Kind == history.Created || e.Advanced() || e.Kind == history.Status && e.To == "killed"),
		e.Kind == history.Decision && (e.To == "kill" || e.To == "pivot"):
		return classWatch
	}
	return classInfo
}

// summary says a change in words.
func summary(e history.Event) string {
	node := fmt.Sprintf("%s %s", e.NodeKind, e.Node)
	q := func(s string) string {
		if s == "" {
			return "none"
		}
		return fmt.Sprintf("%q", s)
	}
	switch e.Kind {
	case history.Created:
		return fmt.Sprintf("%s added (%s)", node, e.Path)
	case history.Removed:
		return fmt.Sprintf("%s removed (%s)", node, e.Path)
	case history.Renamed:
		if e.Field == "path" {
			return fmt.Sprintf("%s moved from %s to %s", node, e.From, e.To)
		}
		return fmt.Sprintf("%s renamed from %s", node, e.From)
	case history.Positioning:
		if e.Field == "non_goals" {
			if e.To == "" {
				return fmt.Sprintf("%s: non-goal removed: %q", node, e.From)
			}
			return fmt.Sprintf("%s: non-goal added: %q", node, e.To)
		}
		return fmt.Sprintf("%s: %s rewritten: %s → %s", node, e.Field, q(e.From), q(e.To))
	case history.Assumption:
		return fmt.Sprintf("%s: assumption %q %s → %s", node, e.Field, q(e.From), q(e.To))
	case history.Decision:
		return fmt.Sprintf("%s decides %s for %s (was %s)", node, e.To, e.Field, q(e.From))
	case history.Edited:
		if e.Field == "" {
			return node + ": body edited"
		}
		return fmt.Sprintf("%s: %s edited", node, e.Field)
	}
	s := fmt.Sprintf("%s: %s %s → %s", node, e.Field, q(e.From), q(e.To))
	if e.Eased() {
		s += " (eased)"
	}
	if e.Slipped() {
		s += " (slipped)"
	}
	return s
}

// counts says how many changes of each class and findings there are.
func counts(r diffReport) string {
	n := map[string]int{}
	for _, c := range r.Changes {
		n[c.Class]++
	}
	return fmt.Sprintf("%d strategic, %d watch, %d info; findings: %d introduced, %d fixed",
		n[classStrategic], n[classWatch], n[classInfo], len(r.Introduced), len(r.Fixed))
}

func writeDiffText(w io.Writer, r diffReport) {
	fmt.Fprintf(w, "%s → %s: %s\n", r.Base, r.Head, counts(r))
	for _, class := range []string{classStrategic, classWatch, classInfo} {
		for _, c := range r.Changes {
			if c.Class == class {
				fmt.Fprintf(w, "%s: %s\n", class, c.Summary)
			}
		}
	}
	for _, f := range r.Introduced {
		fmt.Fprintf(w, "introduced: %s:%d:%d: %s: %s [%s]\n", f.File, f.Line, f.Col, f.Severity, f.Message, f.Rule)
	}
	for _, f := range r.Fixed {
		fmt.Fprintf(w, "fixed: %s: %s [%s]\n", f.Node, f.Message, f.Rule)
	}
}

// writeDiffMarkdown writes the report for a pull-request comment or
// $GITHUB_STEP_SUMMARY: counts first, the details folded. Every value from
// the playbook is escaped, so that a title cannot inject markup.
func writeDiffMarkdown(w io.Writer, r diffReport) {
	fmt.Fprintf(w, "### Strategy diff: %s → %s\n\n%s\n", mdEscape(r.Base), mdEscape(r.Head), mdEscape(counts(r)))
	for _, class := range []string{classStrategic, classWatch, classInfo} {
		var lines []string
		for _, c := range r.Changes {
			if c.Class == class {
				lines = append(lines, "- "+mdEscape(c.Summary))
			}
		}
		if len(lines) > 0 {
			fmt.Fprintf(w, "\n<details%s><summary>%s (%d)</summary>\n\n%s\n\n</details>\n", openIf(class == classStrategic), class, len(lines), strings.Join(lines, "\n"))
		}
	}
	for _, part := range []struct {
		name string
		fs   []diffFinding
	}{{"findings introduced", r.Introduced}, {"findings fixed", r.Fixed}} {
		if len(part.fs) == 0 {
			continue
		}
		var lines []string
		for _, f := range part.fs {
			lines = append(lines, fmt.Sprintf("- %s `%s`: %s", f.Severity, f.Rule, mdEscape(f.Node+": "+f.Message)))
		}
		fmt.Fprintf(w, "\n<details><summary>%s (%d)</summary>\n\n%s\n\n</details>\n", part.name, len(part.fs), strings.Join(lines, "\n"))
	}
}

// openIf opens the strategic details: those are what a reviewer must see.
func openIf(open bool) string {
	if open {
		return " open"
	}
	return ""
}

// mdEscape escapes text for Markdown and the HTML GitHub allows in it:
// the characters of markup are escaped, those of HTML written as entities.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '\n' || r == '\r':
			b.WriteByte(' ')
		case strings.ContainsRune("\\`*_[]|!~", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
