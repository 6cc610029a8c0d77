package document_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/markdown"
)

var md = markdown.New(markdown.Options{})

// parse parses src as content/notes/x.md.
func parse(src string) *document.Document {
	return document.Parse(md, "content/notes/x.md", "notes/x.md", []byte(src))
}

// diagStrings formats a document's diagnostics one per element.
func diagStrings(d *document.Document) []string {
	ds := slices.Clone(d.Diags)
	diag.Sort(ds)
	out := make([]string, len(ds))
	for i, dg := range ds {
		out[i] = dg.String()
	}
	return out
}

// TestFrontmatterPositions checks that a field's key position is the line
// and column in the file, whatever precedes the frontmatter: blank lines,
// a byte-order mark, CRLF line endings, or TOML instead of YAML.
func TestFrontmatterPositions(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		field string
		open  diag.Pos // position of the opening delimiter
		want  diag.Pos // position of the field's key
	}{
		{"yaml", "---\ntitle: T\nowner: me\n---\n", "owner",
			diag.Pos{Line: 1, Col: 1}, diag.Pos{Line: 3, Col: 1}},
		{"leading blank lines", "\n\n---\ntitle: T\nowner: me\n---\n", "owner",
			diag.Pos{Line: 3, Col: 1}, diag.Pos{Line: 5, Col: 1}},
		{"leading whitespace-only lines", " \t\n---\ntitle: T\n---\n", "title",
			diag.Pos{Line: 2, Col: 1}, diag.Pos{Line: 3, Col: 1}},
		{"byte-order mark", "\ufeff---\ntitle: T\nowner: me\n---\n", "owner",
			diag.Pos{Line: 1, Col: 1}, diag.Pos{Line: 3, Col: 1}},
		{"CRLF", "---\r\ntitle: T\r\n\r\nowner: me\r\n---\r\n", "owner",
			diag.Pos{Line: 1, Col: 1}, diag.Pos{Line: 4, Col: 1}},
		{"BOM and CRLF after blank lines", "\ufeff\r\n\r\n---\r\ntitle: T\r\nowner: me\r\n---\r\nbody\r\n", "owner",
			diag.Pos{Line: 3, Col: 1}, diag.Pos{Line: 5, Col: 1}},
		{"comments and blank lines inside", "---\n# a comment\n\ntitle: T\n\n  # indented\nowner: me\n---\n", "owner",
			diag.Pos{Line: 1, Col: 1}, diag.Pos{Line: 7, Col: 1}},
		{"block scalar before", "---\ntitle: T\nsummary: |\n  one\n  two\n\n  four\nowner: me\n---\n", "owner",
			diag.Pos{Line: 1, Col: 1}, diag.Pos{Line: 8, Col: 1}},
		{"flow map", "---\n{title: T, owner: me}\n---\n", "owner",
			diag.Pos{Line: 1, Col: 1}, diag.Pos{Line: 2, Col: 12}},
		{"toml", "+++\ntitle = \"T\"\n\nowner = \"me\"\n+++\n", "owner",
			diag.Pos{Line: 1, Col: 1}, diag.Pos{Line: 4, Col: 1}},
		{"toml after blank lines with CRLF", "\r\n+++\r\ntitle = \"T\"\r\nowner = \"me\"\r\n+++\r\n", "owner",
			diag.Pos{Line: 2, Col: 1}, diag.Pos{Line: 4, Col: 1}},
		{"toml indented key", "+++\ntitle = \"T\"\n  owner = \"me\"\n+++\n", "owner",
			diag.Pos{Line: 1, Col: 1}, diag.Pos{Line: 3, Col: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := parse(tt.src)
			if len(d.Diags) != 0 {
				t.Fatalf("got diagnostics %q; want none", diagStrings(d))
			}
			tt.open.File, tt.want.File = d.Path, d.Path
			if got := d.Front.Pos; got != tt.open {
				t.Errorf("Front.Pos: got %v; want %v", got, tt.open)
			}
			if got := d.Front.At(tt.field); got != tt.want {
				t.Errorf("At(%q): got %v; want %v", tt.field, got, tt.want)
			}
			if got := d.Front.At("weight"); got != tt.open {
				t.Errorf("At of an absent field: got %v; want the opening line %v", got, tt.open)
			}
			if d.Front.Title != "T" {
				t.Errorf("title: got %q; want %q (no stray CR or BOM)", d.Front.Title, "T")
			}
		})
	}
}

// TestItemPositions checks the positions of list items and nested
// values, which references and assumptions are reported at.
func TestItemPositions(t *testing.T) {
	src := "\n---\ntitle: D\nkind: direction\nalternatives: [a,  b]\nmust_be_true:\n  - plain claim\n  - claim: mapped\n    status: validated\nnon_goals:\n    - {statement: s, tags: [x]}\n---\n"
	d := parse(src)
	f := d.Front
	check := func(what string, got diag.Pos, line, col int) {
		t.Helper()
		want := diag.Pos{File: d.Path, Line: line, Col: col}
		if got != want {
			t.Errorf("%s: got %v; want %v", what, got, want)
		}
	}
	if len(f.Alternatives) != 2 || len(f.MustBeTrue) != 2 || len(f.NonGoals) != 1 {
		t.Fatalf("got %d alternatives, %d assumptions, %d non-goals; want 2, 2, 1 (diags %q)",
			len(f.Alternatives), len(f.MustBeTrue), len(f.NonGoals), diagStrings(d))
	}
	check("alternatives[0]", f.Alternatives[0].Pos, 5, 16)
	check("alternatives[1]", f.Alternatives[1].Pos, 5, 20)
	check("must_be_true[0]", f.MustBeTrue[0].Pos, 7, 5)
	check("must_be_true[1]", f.MustBeTrue[1].Pos, 8, 5)
	check("non_goals[0]", f.NonGoals[0].Pos, 11, 7)
	if got := f.MustBeTrue[1].Status; got != "validated" {
		t.Errorf("status of must_be_true[1]: got %q; want validated", got)
	}
	if got := f.MustBeTrue[0].Status; got != "untested" {
		t.Errorf("status of a plain claim: got %q; want untested", got)
	}
}

// TestBodyPositions checks Document.LinkPos for links: the body's byte
// offsets become file lines (frontmatter counted) and byte columns.
func TestBodyPositions(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // "dest@line:col" for each link in order
	}{
		{"no frontmatter", "[a](a.md) and [[b]]\n",
			[]string{"a.md@1:1", "b@1:15"}},
		{"after yaml", "---\ntitle: T\n---\nText [a](a.md).\n\n  Indented [[b|B]] here.\n",
			[]string{"a.md@4:6", "b@6:12"}},
		{"after blank lines and toml", "\n\n+++\ntitle = \"T\"\n+++\n\n- item [[c#h]]\n",
			[]string{"c#h@7:8"}},
		{"CRLF", "---\r\ntitle: T\r\n---\r\nline\r\n[x](y.md) [[z]]\r\n",
			[]string{"y.md@5:1", "z@5:11"}},
		{"BOM without frontmatter", "\ufeff[[a]]\n[[b]]\n",
			[]string{"a@1:1", "b@2:1"}},
		{"second line of a paragraph", "---\ntitle: T\n---\nfirst line\nsecond [[a]] and ![img](p.png)\n",
			[]string{"a@5:8", "p.png@5:18"}},
		{"blockquote and list", "---\ntitle: T\n---\n> quoted [[a]]\n>\n> > deeper [b](b.md)\n\n1. one\n   [[c]]\n",
			[]string{"a@4:10", "b.md@6:12", "c@9:4"}},
		{"table cell", "---\ntitle: T\n---\n| a | b |\n|---|---|\n| x | [[t]] |\n",
			[]string{"t@6:7"}},
		{"multibyte text before", "---\ntitle: T\n---\nÉté — [[a]]\n",
			[]string{"a@4:11"}},
		{"reference link", "---\ntitle: T\n---\nSee [the doc][ref].\n\n[ref]: doc.md\n",
			[]string{"doc.md@4:5"}},
		{"code is not a link", "---\ntitle: T\n---\n`[[a]]` [b](b.md)\n\n    [[c]]\n\n```\n[[d]]\n```\n",
			[]string{"b.md@4:9"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := parse(tt.src)
			if !d.Usable() {
				t.Fatalf("unusable: %q", diagStrings(d))
			}
			var got []string
			for _, l := range d.Body.Links {
				p := d.LinkPos(l)
				if p.File != d.Path {
					t.Errorf("LinkPos file: got %q; want %q", p.File, d.Path)
				}
				got = append(got, fmt.Sprintf("%s@%d:%d", l.Dest, p.Line, p.Col))
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("got %q; want %q", got, tt.want)
			}
		})
	}
}

// TestBadInput checks that each kind of bad input gives one clear
// diagnostic at the right place.
func TestBadInput(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"unterminated yaml", "---\ntitle: x\nbody",
			[]string{"1:1: error: frontmatter opened with --- on line 1 is never closed; add a closing --- line [parse/frontmatter]"}},
		{"unterminated toml after blank line", "\n+++\ntitle = 'x'\n",
			[]string{"2:1: error: frontmatter opened with +++ on line 2 is never closed; add a closing +++ line [parse/frontmatter]"}},
		{"malformed flow sequence", "---\ntitle: x\nsummary: [a\nowner: b\n---\n",
			[]string{"3:1: error: invalid YAML frontmatter: did not find expected ',' or ']' [parse/frontmatter]"}},
		{"flow sequence never closed", "---\n[a\n---\n",
			[]string{"3:1: error: invalid YAML frontmatter: did not find expected ',' or ']' [parse/frontmatter]"}},
		{"block sequence after a map", "---\ntitle: x\nowner: y\n- z\n---\n",
			[]string{"4:1: error: invalid YAML frontmatter: did not find expected key [parse/frontmatter]"}},
		{"mapping value in the wrong place", "---\ntitle: x\nowner: a: b\n---\n",
			[]string{"3:1: error: invalid YAML frontmatter: mapping values are not allowed in this context [parse/frontmatter]"}},
		{"unclosed quote", "---\ntitle: x\nowner: \"me\n---\n",
			[]string{"3:1: error: invalid YAML frontmatter: found unexpected end of stream [parse/frontmatter]"}},
		{"tab indentation", "---\ntitle: x\ntags:\n\t- a\n---\n",
			[]string{"4:1: error: invalid YAML frontmatter: found character that cannot start any token (YAML does not allow tabs for indentation; use spaces) [parse/frontmatter]"}},
		{"unknown anchor", "---\ntitle: *nope\n---\n",
			[]string{"1:1: error: invalid YAML frontmatter: unknown anchor 'nope' referenced [parse/frontmatter]"}},
		{"duplicate key", "---\ntitle: a\nowner: o\ntitle: b\n---\n",
			[]string{"4:1: error: duplicate field \"title\" (first set on line 2) [parse/frontmatter]"}},
		{"list", "---\n- a\n---\n",
			[]string{"2:1: error: frontmatter must be a map of fields (key: value), not a list [parse/frontmatter]"}},
		{"scalar", "\n---\n  42\n---\n",
			[]string{"3:3: error: frontmatter must be a map of fields (key: value), not the number 42 [parse/frontmatter]"}},
		{"map where a list is expected", "---\ntitle: x\ntags:\n  a: b\n---\n",
			[]string{"4:3: error: tags must be a list, not a map [schema/value]"}},
		{"list where text is expected", "---\ntitle: [a]\n---\n",
			[]string{"2:8: error: title must be text, not a list [schema/value]"}},
		{"impossible date", "---\ntitle: x\nnext_review: 2026-02-29\n---\n",
			[]string{"3:14: error: next_review \"2026-02-29\" is not a real date [schema/value]"}},
		{"not a date", "---\ntitle: x\nnext_review: next week\n---\n",
			[]string{"3:14: error: next_review \"next week\" is not a date; write YYYY-MM-DD [schema/value]"}},
		{"toml syntax", "+++\ntitle = 'x'\nowner = \n+++\n",
			[]string{"3:1: error: invalid TOML frontmatter: expected value but found '\\n' instead [parse/frontmatter]"}},
		{"non-UTF-8 in the body", "---\ntitle: x\n---\nok\nab\xc3(\n",
			[]string{"5:3: error: file is not valid UTF-8; save it as UTF-8 [parse/frontmatter]"}},
		{"latin-1 in the frontmatter", "---\ntitle: caf\xe9\n---\n",
			[]string{"2:11: error: file is not valid UTF-8; save it as UTF-8 [parse/frontmatter]"}},
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
			[]string{"1:1: error: file contains NUL bytes: it looks binary, not Markdown [parse/frontmatter]"}},
		{"empty frontmatter", "---\n---\n",
			[]string{"1:1: error: required field \"title\" is missing [schema/required]"}},
		{"null frontmatter", "---\n~\n---\n",
			[]string{"1:1: error: required field \"title\" is missing [schema/required]"}},
		{"complex key", "---\ntitle: x\n? [a]\n: b\n---\n",
			[]string{"3:3: error: field names must be plain words, not a list [parse/frontmatter]"}},
		{"unknown field of an initiative", "---\nkind: initiative\ntitle: x\nadvances: [d]\nstatsu: active\n---\n",
			[]string{"5:1: error: unknown field \"statsu\" for an initiative; did you mean \"status\"? [schema/unknown-field]"}},
		{"unknown field repeated", "---\ntitle: x\nk: 1\nk: 2\n---\n",
			[]string{"3:1: error: unknown field \"k\" for a page [schema/unknown-field]", "4:1: error: duplicate field \"k\" (first set on line 3) [parse/frontmatter]"}},
		{"status of an initiative", "---\nkind: initiative\ntitle: x\nadvances: [d]\nstatus: on\n---\n",
			[]string{"5:1: error: status \"on\" is not one of proposed, active, paused, done, killed for an initiative [schema/value]"}},
		{"alias used where text is expected", "---\ntitle: &t [a, b]\nsummary: *t\n---\n",
			[]string{"2:8: error: title must be text, not a list [schema/value]", "3:10: error: summary must be text, not a list [schema/value]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := parse(tt.src)
			got := diagStrings(d)
			for i := range got {
				got[i] = strings.TrimPrefix(got[i], d.Path+":")
			}
			if len(got) < len(tt.want) || strings.Join(got[:len(tt.want)], "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant (first lines)\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestValidWithBOMAndCRLF checks that a valid file saved by a Windows
// editor passes and its values carry no stray bytes.
func TestValidWithBOMAndCRLF(t *testing.T) {
	src := "\ufeff---\r\nid: growth\r\nkind: direction\r\ntitle: Growth\r\nproblem: p\r\nfor_whom: f\r\nwhy_we_win: w\r\nalternatives:\r\n  - a\r\nmust_be_true: [m]\r\nnon_goals: [n]\r\n---\r\n# Heading\r\n\r\nText [[x]].\r\n"
	d := document.Parse(md, "content/directions/g.md", "directions/g.md", []byte(src))
	if len(d.Diags) != 0 {
		t.Fatalf("got diagnostics %q; want none", diagStrings(d))
	}
	if d.ID != "growth" || d.Kind != document.Direction {
		t.Errorf("got id %q kind %q; want growth direction", d.ID, d.Kind)
	}
	if got := d.Front.Alternatives[0].Value; got != "a" {
		t.Errorf("alternatives[0]: got %q; want %q", got, "a")
	}
	if !d.Body.HasHeading("heading") {
		t.Errorf("got headings %q; want heading", d.Body.Headings)
	}
}

// TestIdentify checks kind and id defaults from the path.
func TestIdentify(t *testing.T) {
	tests := []struct {
		contentPath, src string
		kind             document.Kind
		id               string
	}{
		{"directions/Growth Plan.md", "---\ntitle: T\n---\n", document.Direction, "growth-plan"},
		{"initiatives/q3/Launch_2!.md", "---\ntitle: T\n---\n", document.Initiative, "launch-2"},
		{"signals/x.md", "---\ntitle: T\nid: nps\n---\n", document.Signal, "nps"},
		{"reviews/2026-q3.md", "---\ntitle: T\n---\n", document.Review, "2026-q3"},
		{"notes/idea.md", "---\ntitle: T\nkind: initiative\n---\n", document.Initiative, "idea"},
		{"directions/x.md", "---\ntitle: T\nkind: page\n---\n", document.Page, "x"},
		{"_index.md", "---\ntitle: T\n---\n", document.Page, "home"},
		{"guide/index.md", "---\ntitle: T\n---\n", document.Page, "guide"},
		{"directions.md", "---\ntitle: T\n---\n", document.Page, "directions"},
	}
	for _, tt := range tests {
		t.Run(tt.contentPath, func(t *testing.T) {
			d := document.Parse(md, "content/"+tt.contentPath, tt.contentPath, []byte(tt.src))
			if d.Kind != tt.kind || d.ID != tt.id {
				t.Errorf("got %s %q; want %s %q", d.Kind, d.ID, tt.kind, tt.id)
			}
		})
	}
}

// TestSlugAndValidID checks the id rules.
func TestSlugAndValidID(t *testing.T) {
	slugs := map[string]string{
		"Growth Plan": "growth-plan", "--a--b--": "a-b", "ÉTÉ 2026": "t-2026", "___": "", "a1": "a1",
	}
	for in, want := range slugs {
		if got := document.Slug(in); got != want {
			t.Errorf("Slug(%q): got %q; want %q", in, got, want)
		}
	}
	valid := map[string]bool{
		"a": true, "a-b": true, "0x": true, "-a": false, "A": false, "a_b": false, "": false, "a-": true, "é": false,
	}
	for in, want := range valid {
		if got := document.ValidID(in); got != want {
			t.Errorf("ValidID(%q): got %v; want %v", in, got, want)
		}
	}
}

// aliasBomb returns frontmatter with levels of anchors, each a list of
// width aliases to the previous one, and tags naming the last: expanded,
// width^levels strings.
func aliasBomb(levels, width int) string {
	var b strings.Builder
	b.WriteString("---\ntitle: bomb\na0: &a0 [\"lol\"]\n")
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [", i, i)
		for j := range width {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	fmt.Fprintf(&b, "tags: *a%d\nsummary: *a%d\n---\n", levels, levels)
	return b.String()
}

// TestPageTitle checks where a page's title comes from: its frontmatter;
// without frontmatter, its first level-1 heading, else its file name.
// Frontmatter without a title is still an error.
func TestPageTitle(t *testing.T) {
	tests := []struct {
		name, src, want string
		diags           []string
	}{
		{"frontmatter", "---\ntitle: Ours\n---\n# Heading\n", "Ours", nil},
		{"first level-1 heading", "Intro.\n\n## Sub\n\n# Our *principles*\n\n# Second\n", "Our principles", nil},
		{"file name", "No heading here.\n", "x", nil},
		{"empty file", "", "x", nil},
		{"frontmatter without a title", "---\nowner: me\n---\n# Heading\n", "",
			[]string{"content/notes/x.md:1:1: error: required field \"title\" is missing [schema/required]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := parse(tt.src)
			if d.Front.Title != tt.want {
				t.Errorf("got title %q; want %q", d.Front.Title, tt.want)
			}
			if got := diagStrings(d); strings.Join(got, "\n") != strings.Join(tt.diags, "\n") {
				t.Errorf("got diagnostics %q; want %q", got, tt.diags)
			}
		})
	}
}

// TestPlaceholder checks schema/placeholder: required text of a published
// node that still reads TODO, in every required text field and list item,
// and nothing for a draft or for optional fields.
func TestPlaceholder(t *testing.T) {
	const dir = "kind: direction\ntitle: D\nproblem: \"TODO: what problem we solve.\"\nfor_whom: f\nwhy_we_win: TODO\n" +
		"alternatives:\n  - \"TODO: what users would pick instead.\"\nmust_be_true:\n  - claim: \"TODO: a claim\"\nnon_goals:\n  - statement: \"TODO: a non-goal\"\nowner: TODO\n"
	tests := []struct {
		name, src string
		want      []string
	}{
		{"published", "---\n" + dir + "---\n", []string{
			`4:1: error: problem still reads "TODO: what problem we solve.": write it, or set draft: true until it is written [schema/placeholder]`,
			`6:1: error: why_we_win still reads "TODO": write it, or set draft: true until it is written [schema/placeholder]`,
			`8:5: error: alternatives still reads "TODO: what users would pick instead.": write it, or set draft: true until it is written [schema/placeholder]`,
			`10:5: error: must_be_true still reads "TODO: a claim": write it, or set draft: true until it is written [schema/placeholder]`,
			`12:5: error: non_goals still reads "TODO: a non-goal": write it, or set draft: true until it is written [schema/placeholder]`,
		}},
		{"draft", "---\n" + dir + "draft: true\n---\n", nil},
		{"lower-case todo is prose", "---\nkind: direction\ntitle: D\nproblem: todo lists lose loads\nfor_whom: f\nwhy_we_win: w\nalternatives: [a]\nmust_be_true: [m]\nnon_goals: [n]\n---\nTODO: the body may say TODO.\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := document.Parse(md, "content/directions/d.md", "directions/d.md", []byte(tt.src))
			got := diagStrings(d)
			for i := range got {
				got[i] = strings.TrimPrefix(got[i], d.Path+":")
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestStartAfterDue checks that start after due is schema/value at start.
func TestStartAfterDue(t *testing.T) {
	tests := []struct {
		start, due string
		want       []string
	}{
		{"2027-01-10", "2026-12-20", []string{"content/initiatives/i.md:4:1: error: start 2027-01-10 is after due 2026-12-20 [schema/value]"}},
		{"2026-12-20", "2026-12-20", nil},
		{"2026-12-01", "2026-12-20", nil},
	}
	for _, tt := range tests {
		t.Run(tt.start+"/"+tt.due, func(t *testing.T) {
			src := "---\ntitle: I\nadvances: [d]\nstart: " + tt.start + "\ndue: " + tt.due + "\n---\n"
			d := document.Parse(md, "content/initiatives/i.md", "initiatives/i.md", []byte(src))
			if got := diagStrings(d); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got %q; want %q", got, tt.want)
			}
		})
	}
}

// TestTOMLTypes checks that TOML, whose text is always quoted, gets the
// type checks YAML gets: a number or boolean where text belongs is
// schema/value, while YAML's unquoted scalars are text.
func TestTOMLTypes(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"toml number as text", "+++\ntitle = \"D\"\nowner = 3\ntags = [\"a\", 2]\n+++\n", []string{
			"3:1: error: owner must be text, not the number 3 [schema/value]",
			"4:1: error: each item of tags must be text, not the number 2 [schema/value]",
		}},
		{"toml boolean as text", "+++\ntitle = true\n+++\n", []string{
			"2:1: error: title must be text, not true [schema/value]",
		}},
		{"yaml unquoted number is text", "---\ntitle: 2027\nowner: 3\n---\n", nil},
		// Table headers and dotted keys are found on their lines, and two
		// keys on one line come by name, never in the map's order.
		{"toml table headers", "+++\ntitle = \"T\"\n[zeta]\na = 1\n[[alpha]]\nb = 2\n+++\n", []string{
			"3:1: error: unknown field \"zeta\" for a page [schema/unknown-field]",
			"5:1: error: unknown field \"alpha\" for a page [schema/unknown-field]",
		}},
		{"toml dotted key", "+++\ntitle = \"T\"\nextra.a = 1\n+++\n", []string{
			"3:1: error: unknown field \"extra\" for a page [schema/unknown-field]",
		}},
		{"toml keys the scan misses", "+++\ntitle = \"T\"\n\"z z\" = 1\n\"a b\" = 2\n+++\n", []string{
			"2:1: error: unknown field \"a b\" for a page [schema/unknown-field]",
			"2:1: error: unknown field \"z z\" for a page [schema/unknown-field]",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := parse(tt.src)
			got := diagStrings(d)
			for i := range got {
				got[i] = strings.TrimPrefix(got[i], d.Path+":")
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestEffort checks the effort field, added as one row of the field
// table: a whole number from 1 to 5, on initiatives only.
func TestEffort(t *testing.T) {
	tests := []struct {
		name, path, effort string
		want               int
		diags              []string
	}{
		{"in range", "initiatives/i.md", "3", 3, nil},
		{"the bounds", "initiatives/i.md", "5", 5, nil},
		{"out of range", "initiatives/i.md", "7", 0, []string{"4:9: error: effort 7 is out of range: it goes from 1 to 5 [schema/value]"}},
		{"zero", "initiatives/i.md", "0", 0, []string{"4:9: error: effort 0 is out of range: it goes from 1 to 5 [schema/value]"}},
		{"not a number", "initiatives/i.md", "big", 0, []string{"4:9: error: effort must be a whole number, not \"big\" [schema/value]"}},
		{"on a direction, decoded but reported", "directions/d.md", "3", 3, []string{"4:1: error: unknown field \"effort\" for a direction (only initiatives have it) [schema/unknown-field]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "---\ntitle: X\nadvances: [d]\neffort: " + tt.effort + "\n---\n"
			d := document.Parse(md, "content/"+tt.path, tt.path, []byte(src))
			if d.Front.Effort != tt.want {
				t.Errorf("got effort %d; want %d", d.Front.Effort, tt.want)
			}
			var got []string
			for _, s := range diagStrings(d) {
				if strings.Contains(s, "effort") {
					got = append(got, strings.TrimPrefix(s, d.Path+":"))
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.diags, "\n") {
				t.Errorf("got %q; want %q", got, tt.diags)
			}
		})
	}
}

// TestTableCopies checks that the field table's exported accessors hand
// out copies: changing what one caller got changes no one else's table.
func TestTableCopies(t *testing.T) {
	f, _ := document.Lookup("advances")
	f.RefKinds[0] = document.Signal
	for _, fd := range document.FieldsOf(document.Initiative) {
		if fd.Name == "advances" {
			fd.RefKinds[0] = document.Review
		}
	}
	s := document.Schema()
	for i := range s {
		if s[i].Name == "advances" {
			s[i].RefKinds[0] = document.Page
		}
	}
	if got, _ := document.Lookup("advances"); got.RefKinds[0] != document.Direction {
		t.Errorf("advances names %s after callers changed their copies; want direction", got.RefKinds[0])
	}
}
