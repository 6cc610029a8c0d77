package scaffold

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/bearing-dev/bearing/internal/build"
	"github.com/bearing-dev/bearing/internal/config"
	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/markdown"
	"go.yaml.in/yaml/v3"
)

var day = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

func playbookFS(t *testing.T, o Options) fstest.MapFS {
	t.Helper()
	files, err := Playbook(o)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range files {
		if _, dup := fsys[f.Path]; dup {
			t.Fatalf("%s written twice", f.Path)
		}
		fsys[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

func check(t *testing.T, fsys fstest.MapFS, today time.Time) []diag.Diagnostic {
	t.Helper()
	res, err := build.Check(context.Background(), build.Options{FS: fsys, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	return res.Diags
}

// TestPlaybookChecksClean: the example passes every rule with no warning
// from the day it is made until its next review, then warns that the
// review is due, as it should.
func TestPlaybookChecksClean(t *testing.T) {
	fsys := playbookFS(t, Options{Title: "Acme strategy", Today: day})
	for _, p := range []string{"bearing.yaml", ".gitignore", ".github/workflows/bearing.yml", "content/_index.md",
		"content/directions/self-serve.md", "content/initiatives/guided-setup.md", "content/initiatives/usage-pricing.md",
		"content/signals/time-to-first-value.md", "content/reviews/kickoff-review.md"} {
		if _, ok := fsys[p]; !ok {
			t.Errorf("no %s", p)
		}
	}
	for _, d := range []int{0, 91} {
		if ds := check(t, fsys, day.AddDate(0, 0, d)); len(ds) > 0 {
			t.Errorf("day %d: check reports %v; want nothing", d, ds)
		}
	}
	// A quarter on, the reviews are overdue, and so is the work that was
	// due by then.
	ds := check(t, fsys, day.AddDate(0, 0, 92))
	if len(ds) == 0 || slices.ContainsFunc(ds, func(d diag.Diagnostic) bool { return d.Rule != diag.RecalOverdue && d.Rule != diag.SpeedOverdue }) {
		t.Errorf("after the next review date: %v; want only %s and %s", ds, diag.RecalOverdue, diag.SpeedOverdue)
	}
	res, err := build.Check(context.Background(), build.Options{FS: fsys, Today: day})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[document.Kind]int{}
	for _, d := range res.Docs {
		kinds[d.Kind]++
	}
	want := map[document.Kind]int{document.Direction: 1, document.Initiative: 2, document.Signal: 1, document.Review: 1, document.Page: 1}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("%d %ss; want %d", kinds[k], k, n)
		}
	}
}

// TestConfigFile: bearing.yaml names every option, parses clean, and each
// commented-out example is itself a valid option when uncommented.
func TestConfigFile(t *testing.T) {
	data := configFile("Acme strategy")
	c, ds := config.Parse(data)
	if len(ds) > 0 {
		t.Fatalf("bearing.yaml: %v", ds)
	}
	if c.Title != "Acme strategy" {
		t.Errorf("title = %q; want Acme strategy", c.Title)
	}
	text := string(data)
	for _, o := range config.Options() {
		if !strings.Contains(text, "\n"+o[0]+":") && !strings.Contains(text, "\n# "+o[0]+":") {
			t.Errorf("bearing.yaml lacks option %s", o[0])
		}
	}
	var uncommented []string
	for _, l := range strings.Split(text, "\n") {
		if s, ok := strings.CutPrefix(l, "# "); ok && (strings.HasPrefix(s, "  ") || slices.ContainsFunc(config.Options(), func(o [2]string) bool {
			return strings.HasPrefix(s, o[0]+":")
		})) {
			l = s
		}
		uncommented = append(uncommented, l)
	}
	if _, ds := config.Parse([]byte(strings.Join(uncommented, "\n"))); len(ds) > 0 {
		t.Errorf("bearing.yaml with every option uncommented: %v\n%s", ds, strings.Join(uncommented, "\n"))
	}
	if got := configFile("2026: plans"); !strings.Contains(string(got), "title: \"2026: plans\"\n") {
		t.Errorf("a title YAML would misread is not quoted:\n%s", got)
	}
}

// TestWorkflow pins what the GitHub workflow must do: check pull requests
// with annotations; on a pull request, write bearing diff's Markdown to the
// job summary and post or update one comment with it; on main build with
// Pages' address and deploy with the official actions; every checkout with
// the whole history; write permissions only where they are used.
func TestWorkflow(t *testing.T) {
	fsys := playbookFS(t, Options{Today: day})
	data := fsys[".github/workflows/bearing.yml"].Data
	var wf struct {
		On   map[string]any `yaml:"on"`
		Jobs map[string]struct {
			If          string            `yaml:"if"`
			Needs       any               `yaml:"needs"`
			Permissions map[string]string `yaml:"permissions"`
			Steps       []struct {
				ID   string            `yaml:"id"`
				If   string            `yaml:"if"`
				Uses string            `yaml:"uses"`
				Run  string            `yaml:"run"`
				Env  map[string]string `yaml:"env"`
				With map[string]any    `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
		Permissions map[string]string `yaml:"permissions"`
	}
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatal(err)
	}
	if _, ok := wf.On["pull_request"]; !ok {
		t.Error("not run on pull_request")
	}
	if push, _ := wf.On["push"].(map[string]any); push == nil || !slices.Equal(toStrings(push["branches"]), []string{"main"}) {
		t.Errorf("push trigger = %v; want branches [main]", wf.On["push"])
	}
	var uses, runs []string
	for _, j := range wf.Jobs {
		for _, s := range j.Steps {
			if s.Uses != "" {
				uses = append(uses, s.Uses)
			}
			runs = append(runs, s.Run)
		}
	}
	for _, u := range []string{"actions/checkout@v4", "actions/setup-go@v5", "actions/configure-pages@v5", "actions/upload-pages-artifact@v3", "actions/deploy-pages@v4"} {
		if !slices.Contains(uses, u) {
			t.Errorf("does not use %s", u)
		}
	}
	all := strings.Join(runs, "\n")
	for _, r := range []string{"go install github.com/bearing-dev/bearing/cmd/bearing@latest", "bearing check --format github", "bearing build --base-url"} {
		if !strings.Contains(all, r) {
			t.Errorf("never runs %q", r)
		}
	}
	check, build, deploy := wf.Jobs["check"], wf.Jobs["build"], wf.Jobs["deploy"]
	if check.If != "" {
		t.Errorf("check job runs only if %s; want always", check.If)
	}
	if !strings.Contains(build.If, "refs/heads/main") || !strings.Contains(build.If, "pull_request") {
		t.Errorf("build job if = %q; want pushes to main only", build.If)
	}
	if deploy.Permissions["pages"] != "write" || deploy.Permissions["id-token"] != "write" {
		t.Errorf("deploy permissions = %v; want pages: write, id-token: write", deploy.Permissions)
	}
	found := false
	for _, s := range build.Steps {
		if strings.HasPrefix(s.Run, "bearing build") {
			found = s.Env["BASE_URL"] == "${{ steps.pages.outputs.base_url }}" && strings.Contains(s.Run, "BASE_URL")
		}
	}
	if !found {
		t.Error("the build step does not take --base-url from steps.pages.outputs.base_url")
	}

	// History: every checkout fetches all of it (the rules that need it,
	// the drift page, bearing diff's base), and a shallow one would leave
	// it out.
	for name, j := range wf.Jobs {
		for _, s := range j.Steps {
			if strings.HasPrefix(s.Uses, "actions/checkout@") && fmt.Sprint(s.With["fetch-depth"]) != "0" {
				t.Errorf("job %s checks out with fetch-depth %v; want 0", name, s.With["fetch-depth"])
			}
		}
	}
	// Write permissions only where they are used: the workflow reads, the
	// diff job comments, deploy publishes.
	if !maps.Equal(wf.Permissions, map[string]string{"contents": "read"}) {
		t.Errorf("workflow permissions %v; want contents: read", wf.Permissions)
	}
	for name, j := range wf.Jobs {
		for p, v := range j.Permissions {
			if v == "write" && !(name == "diff" && p == "pull-requests") && !(name == "deploy" && (p == "pages" || p == "id-token")) {
				t.Errorf("job %s may write %s", name, p)
			}
		}
	}

	// The pull request's diff: in the summary and in one comment, found
	// again by its marker on the next push; the base's revision reaches
	// the shell through the environment, never pasted into the script.
	diff, ok := wf.Jobs["diff"]
	if !ok {
		t.Fatal("no diff job")
	}
	if diff.If != "github.event_name == 'pull_request'" || diff.Permissions["pull-requests"] != "write" {
		t.Errorf("diff job: if %q, permissions %v; want pull requests only, pull-requests: write", diff.If, diff.Permissions)
	}
	var run, script string
	for _, s := range diff.Steps {
		if strings.Contains(s.Run, "bearing diff") {
			run = s.Run
			if s.Env["BASE"] != "${{ github.event.pull_request.base.sha }}" {
				t.Errorf("the diff step's BASE is %q; want the pull request's base", s.Env["BASE"])
			}
		}
		if strings.HasPrefix(s.Uses, "actions/github-script@") {
			script, _ = s.With["script"].(string)
			if !strings.Contains(s.If, "github.event.pull_request.head.repo.full_name == github.repository") {
				t.Errorf("the comment step runs if %q; want only for branches of this repository (a fork's token cannot comment)", s.If)
			}
		}
	}
	for _, want := range []string{`bearing diff --format markdown "$BASE"`, `>> "$GITHUB_STEP_SUMMARY"`, "<!-- bearing-diff -->"} {
		if !strings.Contains(run, want) {
			t.Errorf("the diff step does not hold %q:\n%s", want, run)
		}
	}
	if strings.Contains(run, "${{") {
		t.Errorf("the diff step pastes an expression into the shell:\n%s", run)
	}
	for _, want := range []string{"<!-- bearing-diff -->", "listComments", "updateComment", "createComment", "startsWith(marker)"} {
		if !strings.Contains(script, want) {
			t.Errorf("the comment script does not hold %q:\n%s", want, script)
		}
	}
}

func toStrings(v any) []string {
	l, _ := v.([]any)
	var out []string
	for _, e := range l {
		s, _ := e.(string)
		out = append(out, s)
	}
	return out
}

// TestArchetypes: every kind's archetype lists every field of the kind with
// a comment, parses, and names the kind and id it was made for. With its
// placeholders kept, check reports only what the placeholders leave
// undone: empty required references.
func TestArchetypes(t *testing.T) {
	md := markdown.New(markdown.Options{})
	for _, k := range document.Kinds() {
		t.Run(string(k), func(t *testing.T) {
			out, err := Expand(string(k), Archetype(k), Vars{ID: "new-node", Title: Title("new-node"), Kind: string(k), Today: "2026-11-26"})
			if err != nil {
				t.Fatal(err)
			}
			rel := Path(k, "new-node")
			doc := document.Parse(md, rel, strings.TrimPrefix(rel, "content/"), out)
			for _, d := range doc.Diags {
				if d.Rule != diag.SchemaRequired { // the empty required references
					t.Errorf("%v in\n%s", d, out)
				}
			}
			if doc.Kind != k || doc.ID != "new-node" || doc.Front.Title != "New node" || !doc.Front.Draft {
				t.Errorf("kind %s, id %q, title %q, draft %v; want %s, new-node, New node, a draft", doc.Kind, doc.ID, doc.Front.Title, doc.Front.Draft, k)
			}
			lines := strings.Split(string(out), "\n")
			for _, f := range document.FieldsOf(k) {
				i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, f.Name+":") })
				if i < 1 || !strings.HasPrefix(lines[i-1], "#") {
					t.Errorf("field %s is missing or has no comment above it", f.Name)
				}
			}

			fsys := playbookFS(t, Options{Today: day})
			fsys[rel] = &fstest.MapFile{Data: out}
			for _, d := range check(t, fsys, day) {
				if d.Severity != diag.Error {
					continue
				}
				if d.Pos.File != rel || (d.Rule != diag.SchemaRequired && d.Rule != diag.AlignUnmapped) {
					t.Errorf("unexpected error: %v", d)
				}
			}
		})
	}
}

// TestArchetypeOrder: an archetype lists its fields in the order a writer
// fills them in: the title first, then what the kind is about (required
// fields before the others), the status with the stage right after it,
// the fields every kind has, draft, and id and kind last. Every field says
// what it takes: a status without a fixed set of values says so.
func TestArchetypeOrder(t *testing.T) {
	for _, c := range []struct {
		kind document.Kind
		want []string
	}{
		{document.Direction, []string{"title", "problem", "for_whom", "why_we_win", "alternatives", "must_be_true", "non_goals", "status", "stage", "owner", "draft", "id", "kind"}},
		{document.Initiative, []string{"title", "advances", "rationale", "signals", "status", "stage", "owner", "draft", "id", "kind"}},
		{document.Signal, []string{"title", "measures", "unit", "baseline", "target", "status", "owner", "draft", "id", "kind"}},
		{document.Review, []string{"title", "date", "reviews", "decisions", "eliminated", "status", "owner", "draft", "id", "kind"}},
		{document.Page, []string{"title", "status", "owner", "summary", "draft", "id", "kind"}},
	} {
		t.Run(string(c.kind), func(t *testing.T) {
			lines := strings.Split(string(Archetype(c.kind)), "\n")
			at := func(name string) int {
				return slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, name+":") })
			}
			for i := 1; i < len(c.want); i++ {
				if a, b := at(c.want[i-1]), at(c.want[i]); a < 0 || b < 0 || a > b {
					t.Errorf("%s is at line %d and %s at line %d; want %s before %s", c.want[i-1], a+1, c.want[i], b+1, c.want[i-1], c.want[i])
				}
			}
			if s, st := at("status"), at("stage"); st >= 0 && st != s+nextField(lines[s+1:]) {
				t.Errorf("stage is at line %d, status at %d; want stage right after status", st+1, s+1)
			}
			doc := commentAbove(lines, at("status"))
			values, _ := document.StatusValues(c.kind)
			want := "Free text: " + c.kind.Article() + " has no fixed set of statuses."
			if values != nil {
				want = "One of " + strings.Join(values, ", ")
			}
			if !strings.Contains(doc, want) {
				t.Errorf("status is documented as %q; want it to say %q", doc, want)
			}
		})
	}
}

// commentAbove returns the comment lines above line i, joined by spaces
// without their "#".
func commentAbove(lines []string, i int) string {
	var words []string
	for j := i - 1; j >= 0 && strings.HasPrefix(lines[j], "#"); j-- {
		words = append([]string{strings.TrimSpace(strings.TrimPrefix(lines[j], "#"))}, words...)
	}
	return strings.Join(words, " ")
}

// nextField returns how many lines after a field's line the next field
// starts: past the field's own list items, a blank line and comments.
func nextField(after []string) int {
	for i, l := range after {
		if l != "" && !strings.HasPrefix(l, "#") && !strings.HasPrefix(l, " ") {
			return i + 1
		}
	}
	return len(after) + 1
}

func TestExpand(t *testing.T) {
	out, err := Expand("mine", []byte("---\ntitle: {{.Title}} ({{.Kind}} {{.ID}}, {{.Today}})\n---\n"), Vars{ID: "a-b", Title: "A b", Kind: "signal", Today: "2026-01-02"})
	if err != nil || string(out) != "---\ntitle: A b (signal a-b, 2026-01-02)\n---\n" {
		t.Errorf("Expand = %q, %v", out, err)
	}
	if _, err := Expand("mine", []byte("{{.Name}}"), Vars{}); err == nil || !strings.Contains(err.Error(), "mine") {
		t.Errorf("unknown field: err = %v; want an error naming the archetype", err)
	}
	if _, err := Expand("mine", []byte("{{.ID"), Vars{}); err == nil {
		t.Error("malformed template: no error")
	}
}

func TestTitleAndPath(t *testing.T) {
	for _, c := range []struct{ id, want string }{
		{"carrier-network", "Carrier network"},
		{"q3", "Q3"},
		{"q1-2027", "Q1 2027"},
		{"2026-plan", "2026 plan"},
		// A date at the start keeps its hyphens: they are part of it.
		{"2027-q1", "2027-q1"},
		{"2027-h2-review", "2027-h2 review"},
		{"2027-w05", "2027-w05"},
		{"2026-11", "2026-11"},
		{"2026-11-26", "2026-11-26"},
		{"2026-11-26-board-offsite", "2026-11-26 board offsite"},
		{"2026", "2026"},
	} {
		t.Run(c.id, func(t *testing.T) {
			if got := Title(c.id); got != c.want {
				t.Errorf("Title(%q) = %q; want %q", c.id, got, c.want)
			}
		})
	}
	if got := Path(document.Initiative, "x"); got != "content/initiatives/x.md" {
		t.Errorf("Path(initiative) = %q", got)
	}
	if got := Path(document.Page, "about"); got != "content/about.md" {
		t.Errorf("Path(page) = %q", got)
	}
}

func TestMergeGitignore(t *testing.T) {
	add := []byte("# comment\n/public/\n")
	got, changed := MergeGitignore([]byte("node_modules/"), add)
	if !changed || !strings.HasPrefix(string(got), "node_modules/\n") || !strings.HasSuffix(string(got), "\n/public/\n") {
		t.Errorf("MergeGitignore = %q, %v", got, changed)
	}
	if _, changed := MergeGitignore(got, add); changed {
		t.Error("merging twice changed the file again")
	}
}
