package document_test

import (
	"io"
	"strings"
	"testing"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/markdown"
)

// fuzzSeeds are the bad inputs of issue 2 and a few valid files.
var fuzzSeeds = []string{
	// Valid.
	"---\ntitle: T\n---\nBody [[a]] [b](b.md#h).\n",
	"\ufeff---\r\ntitle: BOM\r\nowner: me\r\n---\r\n# H\r\n[[x|y]]\r\n",
	"+++\ntitle = \"TOML\"\ntags = [\"a\", \"b\"]\nnext_review = 2026-01-02\n[extra]\nk = 1\n+++\nbody\n",
	"---\nkind: direction\ntitle: D\nproblem: p\nfor_whom: f\nwhy_we_win: w\nalternatives: [a]\nmust_be_true:\n  - m\n  - {claim: c, status: validated, evidence: e}\nnon_goals:\n  - n\n  - {statement: s, tags: [x]}\nstage: execute\n---\n",
	"---\nkind: initiative\ntitle: I\nadvances: [d]\nsignals: s\ndepends_on: [j]\nstart: 2026-01-01\ndue: 2026-02-01T00:00:00Z\n---\n",
	"---\nkind: signal\ntitle: S\nmeasures: [d]\nbaseline: 1_000\ntarget: 1e3\ncurrent: -0.5\nbetter: down\n---\n",
	"---\nkind: review\ntitle: R\ndate: 2026-09-30\nreviews: [d]\ndecisions: {d: continue}\neliminated: [i]\n---\n",
	"No frontmatter at all, `[[code]]` and <https://example.org>.\n",
	"",
	// Malformed and unterminated.
	"---\ntitle: [unclosed\n---\n",
	"---\ntitle: x\n",
	"\n\n+++\ntitle = 'x'\n",
	"+++\ntitle = = 1\n+++\n",
	"---\ntitle: x\ntags:\n\t- a\n---\n",
	"---\ntitle: a\ntitle: b\n---\n",
	"---\n- a\n- b\n---\n",
	"---\njust a scalar\n---\n",
	"---\ntags: {a: b}\nadvances: {x: y}\nmust_be_true: {a: b}\n---\n",
	"---\ntitle: x\nnext_review: 2026-02-30\nstart: soon\n---\n",
	"---\ntitle: caf\xe9\n---\n",
	"\x7fELF\x02\x01\x01\x00\x00",
	"---\ntitle: x\n---\n\xff\xfe",
	"---\n? [a]\n: b\n---\n",
	"---\ntitle: *nope\n---\n",
	"---\ntitle: &a x\nsummary: *a\ntags: [*a, *a]\n---\n",
	aliasBomb(9, 9),
	"---\nmust_be_true: [{clam: x}, {claim: y, status: maybe}, [a]]\nnon_goals: [{tags: x}]\ndecisions: [a]\n---\n",
	"---\ndecisions: {d: stop, d: kill, [x]: y}\n---\n",
	"---\nid: Bad_ID\nkind: nope\ndraft: yes\nweight: 1.5\n---\n",
	"---\r\ntitle: x\r\n---",
	"---",
	"+++",
	"---\n---\n---\n",
	strings.Repeat(">", 200) + " deep [[a]]\n",
	strings.Repeat("- ", 100) + "[x](y)\n",
	"[[]] [[|x]] [[a|]] [[ a ]] [[a]b]] [[a\nb]] [[" + strings.Repeat("x", 100) + "]]\n",
	"[x](javascript:alert(1)) ![y](data:text/html,x) <script>alert(1)</script>\n",
}

// FuzzParse checks that Parse never panics and that every diagnostic is
// placed in the file it was given, at a line and column of at least 1,
// with a known rule. A usable document must also render.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	md := markdown.New(markdown.Options{})
	folders := []string{"directions", "initiatives", "signals", "reviews", "notes"}
	f.Fuzz(func(t *testing.T, data []byte) {
		folder := folders[len(data)%len(folders)]
		path := "content/" + folder + "/f.md"
		d := document.Parse(md, path, folder+"/f.md", data)
		if d == nil || d.Front == nil {
			t.Fatalf("Parse returned %v; want a document with a Front", d)
		}
		if d.Path != path {
			t.Errorf("Path: got %q; want %q", d.Path, path)
		}
		for _, dg := range d.Diags {
			if dg.Pos.File != path || dg.Pos.Line < 1 || dg.Pos.Col < 1 {
				t.Errorf("diagnostic %q: got position %v; want %s at line >= 1 and column >= 1", dg, dg.Pos, path)
			}
			for _, r := range dg.Related {
				if r.File == "" || r.Line < 1 || r.Col < 1 {
					t.Errorf("diagnostic %q: related position %v; want a file, line >= 1, column >= 1", dg, r)
				}
			}
			if _, ok := diag.Lookup(dg.Rule); !ok {
				t.Errorf("diagnostic %q: unknown rule %q", dg, dg.Rule)
			}
			if dg.Severity == diag.Off || dg.Message == "" {
				t.Errorf("diagnostic %q: got severity %v and message %q; want a severity and a message", dg, dg.Severity, dg.Message)
			}
		}
		if !d.Usable() {
			return
		}
		lines := strings.Count(string(data), "\n") + 1
		for _, l := range d.Body.Links {
			p := d.LinkPos(l)
			if p.File != path || p.Line < 1 || p.Col < 1 || p.Line > lines {
				t.Errorf("link %q: got position %v; want %s, line 1..%d, column >= 1", l.Dest, p, path, lines)
			}
		}
		resolve := func(_ int, l *markdown.Link) markdown.Target { return markdown.Target{URL: l.Dest, Title: "t"} }
		if err := md.Render(io.Discard, d.Body, resolve); err != nil {
			t.Errorf("Render: %v", err)
		}
		_ = d.Body.PlainText(100)
	})
}

// FuzzParseReadings checks that a signal's data file never crashes the
// parser, that every problem is positioned in the file, and that every
// row kept has a date and a finite value.
func FuzzParseReadings(f *testing.F) {
	for _, s := range []string{
		"date,value,note\n2026-01-01,12,start\n2026-02-01,13.5,\n",
		"value,date\n12,2026-01-01\n",
		"\ufeffdate,value\r\n2026-01-01,12\r\n",
		"date,value\n2026-13-01,x\n",
		"date\n2026-01-01\n",
		"date,value\n2026-01-01,\"12\n",
		"",
		"date,value\n2026-01-01\n\n,\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		rows, ds := document.ParseReadings("content/signals/s.csv", []byte(src))
		lines := strings.Count(src, "\n") + 1
		for _, d := range ds {
			if d.Pos.File != "content/signals/s.csv" || d.Pos.Line < 1 || d.Pos.Line > lines || d.Pos.Col < 1 {
				t.Fatalf("diagnostic at %v outside the file of %d lines: %s", d.Pos, lines, d.Message)
			}
		}
		for _, r := range rows {
			if r.Date.IsZero() || r.Value != r.Value || r.Value > 1e308 || r.Value < -1e308 {
				t.Fatalf("row kept without a date or a finite value: %+v", r)
			}
		}
	})
}
