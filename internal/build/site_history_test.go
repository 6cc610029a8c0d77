package build_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bearing-dev/bearing/internal/build"
	"github.com/bearing-dev/bearing/internal/config"
	"github.com/bearing-dev/bearing/internal/history"
	"github.com/bearing-dev/bearing/internal/markdown"
	"github.com/bearing-dev/bearing/internal/testtool"
)

// exampleStep is one commit of the example's fixture history: the day,
// the message, and the edits (file, old text, new text) that turn the
// example as it is into the playbook of that day.
type exampleStep struct {
	day, msg string
	edits    [][3]string
}

// exampleSteps are the example's history, oldest first: the network
// direction starts in validate with its assumptions untested and is
// advanced; the onboarding kit starts unmapped; the portal's signal, which
// records no readings, has its current value edited four times. The
// subject of one commit is hostile, for the escaping.
var exampleSteps = []exampleStep{
	{"2026-01-12", "Start the playbook", [][3]string{
		{"content/directions/carrier-network.md", "stage: execute", "stage: validate"},
		{"content/directions/carrier-network.md", "    status: validated", "    status: untested"},
		{"content/initiatives/carrier-onboarding-kit.md", "advances: [carrier-network]\n", ""},
		{"content/signals/shipper-portal-adoption.md", "baseline: 0\n", "baseline: 0\ncurrent: 2\n"},
	}},
	{"2026-03-02", "Validate the network bet <script>alert(1)</script>", [][3]string{
		{"content/directions/carrier-network.md", "stage: execute", "stage: validate"},
		{"content/directions/carrier-network.md", "    status: validated\n    evidence: 412", "    status: untested\n    evidence: 412"},
		{"content/directions/carrier-network.md", "    status: validated\n    evidence: 18 of", "    status: testing\n    evidence: 18 of"},
		{"content/initiatives/carrier-onboarding-kit.md", "advances: [carrier-network]\n", ""},
		{"content/signals/shipper-portal-adoption.md", "baseline: 0\n", "baseline: 0\ncurrent: 5\n"},
	}},
	{"2026-05-18", "Advance the network to execute; map the onboarding kit", [][3]string{
		{"content/signals/shipper-portal-adoption.md", "baseline: 0\n", "baseline: 0\ncurrent: 9\n"},
	}},
	{"2026-10-05", "Portal adoption reading", [][3]string{
		{"content/signals/shipper-portal-adoption.md", "baseline: 0\n", "baseline: 0\ncurrent: 14\n"},
	}},
}

// historyExample copies the example into a fixture repository with the
// history of exampleSteps and returns its folder; the work tree holds
// the last commit.
func historyExample(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	testtool.CopyPlaybook(t, filepath.Join("testdata", "example"), dir)
	repo := testtool.GitRepo(t, dir)
	final := map[string]string{}
	for _, s := range exampleSteps {
		for _, e := range s.edits {
			if _, ok := final[e[0]]; !ok {
				b, err := os.ReadFile(filepath.Join(dir, e[0]))
				if err != nil {
					t.Fatal(err)
				}
				final[e[0]] = string(b)
			}
		}
	}
	for _, s := range exampleSteps {
		files := map[string]string{}
		for p, text := range final {
			files[p] = text
		}
		for _, e := range s.edits {
			if !strings.Contains(files[e[0]], e[1]) {
				t.Fatalf("%s: %q is not in %s", s.day, e[1], e[0])
			}
			files[e[0]] = strings.ReplaceAll(files[e[0]], e[1], e[2])
		}
		for p, text := range files {
			if err := os.WriteFile(filepath.Join(dir, p), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		repo.CommitAll(s.day, s.msg)
	}
	return dir
}

// readHistory reads a fixture's history as bearing build does.
func readHistory(t testing.TB, dir string, c config.Config) *history.Log {
	t.Helper()
	l, err := history.Read(context.Background(), history.Options{Dir: dir, MD: markdown.New(markdown.Options{LinksOnly: true}), Judge: build.Judge(c)})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// renderHistorySite renders the example with its fixture history, with
// repo_url set so that commits link.
func renderHistorySite(t testing.TB) map[string][]byte {
	t.Helper()
	dir := historyExample(t)
	yaml := filepath.Join(dir, "bearing.yaml")
	b, err := os.ReadFile(yaml)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(yaml, append(b, "repo_url: https://git.example.org/tidewater/strategy\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	root := os.DirFS(dir)
	return renderSiteWith(t, root, build.Options{FS: root, Today: today,
		History: func(c config.Config) *history.Log { return readHistory(t, dir, c) }}, build.SiteOptions{})
}

// TestDriftSite builds the example with its fixture history and checks
// what the drift page, history.json and the History sections show.
func TestDriftSite(t *testing.T) {
	files := renderHistorySite(t)
	drift := string(files["drift/index.html"])
	for _, want := range []string{
		`<h2 id="findings-heading">Errors and warnings</h2>`,
		`<h2 id="active-heading">Active initiatives per direction</h2>`,
		`<h2 id="stages-heading">Each direction&#39;s stage</h2>`,
		`<h2 id="unmapped-heading">Unmapped share</h2>`,
		`<h2 id="validated-heading">Assumptions validated</h2>`,
		`stage validate → execute`,
		`Validate the network bet &lt;script&gt;alert(1)&lt;/script&gt;`,
		`href="https://git.example.org/tidewater/strategy/commit/`,
		`error fixed: initiative &#34;carrier-onboarding-kit&#34; advances no direction`,
	} {
		if !strings.Contains(drift, want) {
			t.Errorf("drift/index.html lacks %q", want)
		}
	}
	if strings.Contains(drift, "<script>alert") {
		t.Errorf("drift/index.html carries a commit subject unescaped")
	}
	// Newest first: the last commit's events come before the first's.
	_, events, _ := strings.Cut(drift, `id="events-heading"`)
	if a, b := strings.Index(events, "2026-05-18"), strings.Index(events, "2026-01-12"); a < 0 || b < 0 || a > b {
		t.Errorf("events: 2026-05-18 at %d, 2026-01-12 at %d; want newest first", a, b)
	}
	dir := string(files["directions/carrier-network/index.html"])
	for _, want := range []string{`<h2 id="history-heading">History</h2>`, `<h3>Assumption ledger</h3>`, `untested → validated`} {
		if !strings.Contains(dir, want) {
			t.Errorf("directions/carrier-network/index.html lacks %q", want)
		}
	}
	sig := string(files["signals/shipper-portal-adoption/index.html"])
	for _, want := range []string{`Readings taken from git`, `taken from git: the value of current`, `<td>14</td>`} {
		if !strings.Contains(sig, want) {
			t.Errorf("signals/shipper-portal-adoption/index.html lacks %q", want)
		}
	}
	hj := string(files["history.json"])
	for _, want := range []string{`"available": true`, `"kind":"stage"`, `"readings": [`, `"node":"shipper-portal-adoption","value":14`} {
		if !strings.Contains(hj, want) {
			t.Errorf("history.json lacks %q", want)
		}
	}
	if !strings.Contains(string(files["alignment.json"]), `"readings_from": "git"`) {
		t.Errorf("alignment.json does not mark the portal's readings as taken from git")
	}
	// Deterministic: the same history renders the same bytes.
	again := renderHistorySite(t)
	for _, p := range []string{"drift/index.html", "history.json", "directions/carrier-network/index.html"} {
		if d := testtool.FirstDiff(again[p], files[p]); d != "" {
			t.Errorf("%s differs between two builds: %s", p, d)
		}
	}
}

// TestDriftWithoutHistory checks the drift page of a build without
// history says why in one sentence, and node pages have no History.
func TestDriftWithoutHistory(t *testing.T) {
	files := renderSite(t, example(), build.SiteOptions{})
	drift := string(files["drift/index.html"])
	if !strings.Contains(drift, "There is no git history in this build") || strings.Contains(drift, "<svg") {
		t.Errorf("drift/index.html without history: want the one sentence and no chart; got\n%s", drift)
	}
	if strings.Contains(string(files["directions/carrier-network/index.html"]), "history-heading") {
		t.Errorf("a node page without history has a History section")
	}
	if !strings.Contains(string(files["history.json"]), `"available": false`) {
		t.Errorf("history.json without history: want available false")
	}
}
