package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/markdown"
	"github.com/bearing-dev/bearing/internal/scaffold"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// compile compiles a generated schema with a real JSON Schema library,
// which also checks it against the draft 2020-12 meta-schema. Formats are
// asserted, as the YAML language server does for date and date-time.
func compile(t *testing.T, name string, data []byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s is not JSON: %v", name, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(name, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(name)
	if err != nil {
		t.Fatalf("compiling %s: %v", name, err)
	}
	return s
}

// schemas compiles the schema of every kind ("all") and of each kind.
func schemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	out := map[string]*jsonschema.Schema{"all": compile(t, "all.json", All())}
	for _, k := range document.Kinds() {
		out[string(k)] = compile(t, string(k)+".json", Of(k))
	}
	return out
}

// frontmatter decodes a content file's frontmatter into the JSON value an
// editor's YAML language server sees: YAML 1.2, where a date is a string.
func frontmatter(t *testing.T, name string, data []byte) any {
	t.Helper()
	text := string(data)
	var raw any
	switch {
	case strings.HasPrefix(text, "---\n"):
		end := strings.Index(text[4:], "\n---")
		if end < 0 {
			t.Fatalf("%s: unterminated frontmatter", name)
		}
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(text[4:4+end+1]), &n); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		raw = yamlValue(t, &n)
	case strings.HasPrefix(text, "+++\n"):
		end := strings.Index(text[4:], "\n+++")
		if end < 0 {
			t.Fatalf("%s: unterminated frontmatter", name)
		}
		var m map[string]any
		if _, err := toml.Decode(text[4:4+end+1], &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		raw = m
	default:
		raw = map[string]any{}
	}
	// Through JSON, as an editor would see it: dates become strings.
	js, err := json.Marshal(dates(raw))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// yamlValue converts a YAML node as YAML 1.2's core schema reads it.
func yamlValue(t *testing.T, n *yaml.Node) any {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return map[string]any{}
		}
		return yamlValue(t, n.Content[0])
	case yaml.AliasNode:
		return yamlValue(t, n.Alias)
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = yamlValue(t, n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		s := []any{}
		for _, c := range n.Content {
			s = append(s, yamlValue(t, c))
		}
		return s
	}
	if n.Tag == "!!timestamp" {
		return n.Value // YAML 1.2 has no timestamps: a date is text
	}
	var v any
	if err := n.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func dates(v any) any {
	switch v := v.(type) {
	case time.Time:
		if v.Hour() == 0 && v.Minute() == 0 && v.Second() == 0 && v.Nanosecond() == 0 {
			return v.Format(time.DateOnly)
		}
		return v.Format(time.RFC3339)
	case map[string]any:
		for k, e := range v {
			v[k] = dates(e)
		}
	case []any:
		for i, e := range v {
			v[i] = dates(e)
		}
	case []map[string]any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = dates(e)
		}
		return out
	}
	return v
}

// kindOf is the kind a file has: its kind field, else its folder, which is
// what a per-folder editor setting maps to a per-kind schema.
func kindOf(contentPath string, fm any) string {
	if m, ok := fm.(map[string]any); ok {
		if k, ok := m["kind"].(string); ok {
			return k
		}
	}
	top, _, ok := strings.Cut(contentPath, "/")
	for _, k := range document.Kinds() {
		if ok && k != document.Page && top == k.Folder() {
			return string(k)
		}
	}
	return string(document.Page)
}

// TestExamplePlaybook validates every file of the repository's example
// playbook against the schema of every kind and against its own kind's.
func TestExamplePlaybook(t *testing.T) {
	ss := schemas(t)
	root := os.DirFS("../../content")
	n := 0
	err := fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".md" {
			return err
		}
		data, err := fs.ReadFile(root, p)
		if err != nil {
			return err
		}
		n++
		fm := frontmatter(t, p, data)
		kind := kindOf(p, fm)
		for _, which := range []string{"all", kind} {
			if err := ss[which].Validate(fm); err != nil {
				t.Errorf("content/%s against the %s schema: %v", p, which, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Fatalf("validated %d files of the example playbook; want it all", n)
	}
}

// TestStarterPlaybook validates the playbook `bearing init` writes.
func TestStarterPlaybook(t *testing.T) {
	ss := schemas(t)
	files, err := scaffold.Playbook(scaffold.Options{Today: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		p, ok := strings.CutPrefix(f.Path, "content/")
		if !ok {
			continue
		}
		fm := frontmatter(t, f.Path, f.Data)
		for _, which := range []string{"all", kindOf(p, fm)} {
			if err := ss[which].Validate(fm); err != nil {
				t.Errorf("%s against the %s schema: %v", f.Path, which, err)
			}
		}
	}
}

// A case is a frontmatter and what the schemas and check say of it.
type schemaCase struct {
	name, kind, yaml string
	// valid is whether the kind's schema (and the schema of every kind,
	// which infers the kind from the kind field or knows every field)
	// accepts it.
	valid bool
	// allValid overrides valid for the schema of every kind.
	allValid *bool
	// rule is what check reports; "" means no error.
	rule string
}

// inAll marks a case the schema of every kind accepts because only the
// file's folder tells its kind.
var inAll = func() *bool { b := true; return &b }()

const direction = `title: D
problem: p
for_whom: f
why_we_win: w
alternatives: [a]
must_be_true: [m]
non_goals: [n]
`

var cases = []schemaCase{
	{name: "minimal initiative", kind: "initiative", yaml: "title: I\nadvances: [d]\n", valid: true},
	{name: "minimal direction", kind: "direction", yaml: direction, valid: true},
	{name: "misspelled field", kind: "initiative", yaml: "title: I\nadvances: [d]\nadvancse: [d]\n", rule: diag.SchemaUnknownField},
	{name: "misspelled field with kind", kind: "initiative", yaml: "kind: initiative\ntitle: I\nadvancse: [d]\n", rule: diag.SchemaUnknownField},
	{name: "another kind's field", kind: "direction", yaml: direction + "advances: [x]\n", allValid: inAll, rule: diag.SchemaUnknownField},
	{name: "wrong status", kind: "initiative", yaml: "title: I\nadvances: [d]\nstatus: finished\n", allValid: inAll, rule: diag.SchemaValue},
	{name: "another kind's status", kind: "initiative", yaml: "kind: initiative\ntitle: I\nadvances: [d]\nstatus: retired\n", rule: diag.SchemaValue},
	{name: "wrong stage", kind: "direction", yaml: direction + "stage: fast\n", rule: diag.SchemaValue},
	{name: "wrong kind", kind: "page", yaml: "title: P\nkind: initiatve\n", rule: diag.SchemaValue},
	{name: "wrong assumption status", kind: "direction", yaml: strings.Replace(direction, "[m]", "[{claim: m, status: maybe}]", 1), rule: diag.SchemaValue},
	{name: "misspelled assumption key", kind: "direction", yaml: strings.Replace(direction, "[m]", "[{claim: m, evidnce: e}]", 1), rule: diag.SchemaUnknownField},
	{name: "wrong decision", kind: "review", yaml: "title: R\ndate: 2026-01-02\nreviews: [d]\ndecisions: {d: stop}\n", rule: diag.SchemaValue},
	{name: "not a date", kind: "initiative", yaml: "title: I\nadvances: [d]\nstart: soon\n", rule: diag.SchemaValue},
	{name: "not a real date", kind: "initiative", yaml: "title: I\nadvances: [d]\nstart: 2026-02-30\n", rule: diag.SchemaValue},
	{name: "date-time", kind: "initiative", yaml: "title: I\nadvances: [d]\nstart: 2026-02-03T10:00:00Z\n", valid: true},
	{name: "bad id", kind: "page", yaml: "title: P\nid: Bad_ID\n", rule: diag.SchemaValue},
	{name: "number id", kind: "page", yaml: "title: P\nid: 2026\n", valid: true},
	{name: "not a bool", kind: "page", yaml: "title: P\ndraft: yes\n", rule: diag.SchemaValue},
	{name: "not a whole number", kind: "page", yaml: "title: P\nweight: 1.5\n", rule: diag.SchemaValue},
	{name: "not a number", kind: "signal", yaml: "title: S\nmeasures: [d]\ntarget: high\n", rule: diag.SchemaValue},
	{name: "title is a list", kind: "page", yaml: "title: [a]\n", rule: diag.SchemaValue},
	{name: "number title", kind: "page", yaml: "title: 2027\n", valid: true},
	{name: "missing title", kind: "page", yaml: "summary: s\n", rule: diag.SchemaRequired},
	{name: "empty title", kind: "page", yaml: "title: ' '\n", rule: diag.SchemaRequired},
	{name: "missing problem", kind: "direction", yaml: strings.Replace(direction, "problem: p\n", "", 1), allValid: inAll, rule: diag.SchemaRequired},
	{name: "no advances", kind: "initiative", yaml: "title: I\nadvances: []\n", allValid: inAll, rule: diag.AlignUnmapped},
	{name: "single value for a list", kind: "initiative", yaml: "title: I\nadvances: d\ntags: t\n", valid: true},
	{name: "empty optional fields", kind: "initiative", yaml: "title: I\nadvances: [d]\nowner:\nstatus:\nstart:\nweight:\nsignals:\ndraft:\n", valid: true},
	{name: "empty tag", kind: "page", yaml: "title: P\ntags: ['']\n", valid: true},
	{name: "tags a map", kind: "page", yaml: "title: P\ntags: {a: b}\n", rule: diag.SchemaValue},
}

// TestCases shows what the schemas accept and reject, and that check
// agrees: every file a schema rejects check rejects too, and a file the
// kind's schema accepts passes check's own field checks.
func TestCases(t *testing.T) {
	ss := schemas(t)
	md := markdown.New(markdown.Options{})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := "---\n" + c.yaml + "---\n"
			fm := frontmatter(t, c.name, []byte(src))
			allValid := c.valid
			if c.allValid != nil {
				allValid = *c.allValid
			}
			for which, want := range map[string]bool{c.kind: c.valid, "all": allValid} {
				err := ss[which].Validate(fm)
				if got := err == nil; got != want {
					t.Errorf("%s schema: valid = %v; want %v (%v)", which, got, want, err)
				}
			}
			folder := document.Kind(c.kind).Folder()
			contentPath := path.Join(folder, "x.md")
			doc := document.Parse(md, "content/"+contentPath, contentPath, []byte(src))
			var rules []string
			for _, d := range doc.Diags {
				rules = append(rules, d.Rule)
			}
			if c.rule == diag.AlignUnmapped {
				return // a rule over the graph, not of one file
			}
			if c.rule == "" && len(rules) > 0 {
				t.Errorf("check reports %v; want nothing", doc.Diags)
			}
			if c.rule != "" && !strings.Contains(fmt.Sprint(rules), c.rule) {
				t.Errorf("check reports %v; want %s", doc.Diags, c.rule)
			}
		})
	}
}

// TestArchetypes checks that a file fresh from `bearing new` is what the
// kind's schema describes once its required references are filled in,
// and that the editor flags them while they are empty.
func TestArchetypes(t *testing.T) {
	ss := schemas(t)
	for _, k := range document.Kinds() {
		out, err := scaffold.Expand(string(k), scaffold.Archetype(k), scaffold.Vars{ID: "x", Title: "X", Kind: string(k), Today: "2026-11-26"})
		if err != nil {
			t.Fatal(err)
		}
		fm := frontmatter(t, string(k), out)
		m := fm.(map[string]any)
		empty := false
		for _, f := range []string{"advances", "measures", "reviews"} {
			if l, ok := m[f].([]any); ok && len(l) == 0 {
				empty = true
				m[f] = []any{"some-id"}
			}
		}
		if err := ss[string(k)].Validate(fm); err != nil {
			t.Errorf("%s archetype, references filled in: %v", k, err)
		}
		if err := ss["all"].Validate(fm); err != nil {
			t.Errorf("%s archetype against the schema of every kind: %v", k, err)
		}
		if !empty {
			continue
		}
		fm = frontmatter(t, string(k), out)
		if err := ss[string(k)].Validate(fm); err == nil {
			t.Errorf("%s archetype with empty required references: valid; want the editor to flag them", k)
		}
	}
}

// TestDeterministic guards the byte-identical output editors and diffs rely on.
func TestDeterministic(t *testing.T) {
	if a, b := All(), All(); !bytes.Equal(a, b) {
		t.Fatal("All differs between two calls")
	}
	var v map[string]any
	if err := json.Unmarshal(All(), &v); err != nil {
		t.Fatal(err)
	}
	if v["$schema"] != Dialect {
		t.Errorf("$schema = %v; want %s", v["$schema"], Dialect)
	}
	if !bytes.HasPrefix(All(), []byte("{\n  \"$schema\": ")) {
		t.Error("$schema is not the first key")
	}
	defs := v["$defs"].(map[string]any)
	for _, k := range document.Kinds() {
		def := defs[string(k)].(map[string]any)
		if def["additionalProperties"] != false {
			t.Errorf("%s: additionalProperties = %v; want false", k, def["additionalProperties"])
		}
		props := def["properties"].(map[string]any)
		for _, f := range document.FieldsOf(k) {
			p, ok := props[f.Name].(map[string]any)
			if !ok || p["description"] != f.Doc {
				t.Errorf("%s.%s: description %v; want %q", k, f.Name, p["description"], f.Doc)
			}
		}
	}
}
