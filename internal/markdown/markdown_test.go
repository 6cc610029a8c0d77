package markdown_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bearing-dev/bearing/internal/markdown"
)

// linksOf formats a body's links as kind:dest[|label]@offset.
func linksOf(src string) []string {
	d := markdown.New(markdown.Options{}).Parse([]byte(src))
	var out []string
	for _, l := range d.Links {
		kind := "md"
		switch {
		case l.Wiki:
			kind = "wiki"
		case l.Image:
			kind = "img"
		}
		s := kind + ":" + l.Dest
		if l.Label != "" {
			s += "|" + l.Label
		}
		out = append(out, fmt.Sprintf("%s@%d", s, l.Offset))
	}
	return out
}

func TestLinks(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"wiki", "[[growth]]", []string{"wiki:growth@0"}},
		{"wiki with text", "see [[growth|our growth bet]].", []string{"wiki:growth|our growth bet@4"}},
		{"wiki with fragment", "[[growth#why-we-win]]", []string{"wiki:growth#why-we-win@0"}},
		{"wiki with fragment and text", "[[growth#why|Why]]", []string{"wiki:growth#why|Why@0"}},
		{"wiki trimmed", "[[ growth | text ]]", []string{"wiki:growth|text@0"}},
		{"two wikis on a line", "[[a]] and [[b]]", []string{"wiki:a@0", "wiki:b@10"}},
		{"wiki on a later line", "one\ntwo [[a]]", []string{"wiki:a@8"}},
		{"markdown link", "a [text](other.md#h \"title\")", []string{"md:other.md#h@2"}},
		{"image", "![alt](img.png)", []string{"img:img.png@0"}},
		{"reference link", "[x][r]\n\n[r]: r.md", []string{"md:r.md@0"}},
		{"link inside emphasis", "*a [x](y.md)*", []string{"md:y.md@3"}},
		{"wiki in a heading", "# Title [[a]]", []string{"wiki:a@8"}},
		{"wiki in a list", "- [[a]]\n- [[b|B]]", []string{"wiki:a@2", "wiki:b|B@10"}},
		{"wiki in a table", "| a |\n|---|\n| [[t]] |", []string{"wiki:t@14"}},
		{"code span", "`[[a]]` and `[b](c.md)`", nil},
		{"code span between links", "[[a]] `[[b]]` [[c]]", []string{"wiki:a@0", "wiki:c@14"}},
		{"fenced code", "```\n[[a]]\n[b](c.md)\n```", nil},
		{"indented code", "    [[a]]", nil},
		{"raw html", "<a href=\"x.md\">[[a]]</a>", []string{"wiki:a@15"}},
		{"empty wiki", "[[]] [[ ]] [[|x]]", nil},
		{"unclosed wiki", "[[a] and [[b", nil},
		{"nested brackets", "[[a[b]]]", nil},
		{"wiki across lines", "[[a\nb]]", nil},
		{"single bracket", "[a] [b]", nil},
		{"escaped", `\[\[a]]`, nil},
		{"autolink is not a link to check", "<https://example.org>", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := linksOf(tt.src)
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("got %q; want %q", got, tt.want)
			}
		})
	}
}

func TestHeadings(t *testing.T) {
	d := markdown.New(markdown.Options{}).Parse([]byte("# Why We Win\n\n## Why We Win\n\nSetext\n---\n"))
	want := []string{"why-we-win", "why-we-win-1", "setext"}
	if strings.Join(d.Headings, " ") != strings.Join(want, " ") {
		t.Errorf("got %q; want %q", d.Headings, want)
	}
	if !d.HasHeading("setext") || d.HasHeading("Setext") {
		t.Errorf("HasHeading: got %v, %v; want true, false", d.HasHeading("setext"), d.HasHeading("Setext"))
	}
}

func TestSafeURL(t *testing.T) {
	tests := []struct {
		url  string
		safe bool
	}{
		{"https://example.org/", true},
		{"http://example.org/a?b#c", true},
		{"HTTPS://EXAMPLE.ORG", true},
		{"mailto:a@example.org", true},
		{"tel:+123", true},
		{"other.md", true},
		{"../up/other.md#h", true},
		{"/site/root/", true},
		{"#fragment", true},
		{"?q=javascript:x", true},
		{"path/javascript:x", true},
		{"", true},
		{"javascript:alert(1)", false},
		{"JaVaScRiPt:alert(1)", false},
		{"  javascript:alert(1)", false},
		{"\x00javascript:alert(1)", false},
		{"\x01\x1fjavascript:alert(1)", false},
		{"java\tscript:alert(1)", false},
		{"java\nscript:alert(1)", false},
		{"java\r\nscript:alert(1)", false},
		{"jav\tas\ncri\rpt:alert(1)", false},
		{"vbscript:msgbox(1)", false},
		{"VBScript:msgbox(1)", false},
		{"data:text/html,<script>alert(1)</script>", false},
		{"DATA:image/png;base64,xx", false},
		{"file:///etc/passwd", false},
		{"blob:https://example.org/x", false},
		{"&#106;avascript:alert(1)", false},
		{"&#x6A;avascript:alert(1)", false},
		{"javascript&#58;alert(1)", false},
		{"javascript&colon;alert(1)", false},
		{"java&Tab;script:alert(1)", false},
		{"javascript\\:alert(1)", false},
		{"javascript&#58alert(1)", true}, // no semicolon: no reference, and the renderer writes &amp;
		{"https&#58;//example.org/", true},
		{"a.md?x=&amp;y", true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.url), func(t *testing.T) {
			if got := markdown.SafeURL(tt.url); got != tt.safe {
				t.Errorf("SafeURL(%q): got %v; want %v", tt.url, got, tt.safe)
			}
		})
	}
}

func TestHasScheme(t *testing.T) {
	tests := map[string]bool{
		"https://x": true, "mailto:a": true, "a+b-c.d:x": true, "C:/path": true,
		"x.md": false, "/a:b": false, "1abc:x": false, ":x": false, "a/b:c": false, "#a:b": false,
	}
	for u, want := range tests {
		if got := markdown.HasScheme(u); got != want {
			t.Errorf("HasScheme(%q): got %v; want %v", u, got, want)
		}
	}
}

// render renders src, resolving every link to its own destination and
// every wiki link to /ID/.
func render(t *testing.T, opts markdown.Options, src string) string {
	t.Helper()
	e := markdown.New(opts)
	d := e.Parse([]byte(src))
	var b bytes.Buffer
	err := e.Render(&b, d, func(_ int, l *markdown.Link) markdown.Target {
		if l.Wiki {
			return markdown.Target{URL: "/" + l.Dest + "/", Title: "Title of " + l.Dest}
		}
		return markdown.Target{URL: l.Dest}
	})
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return b.String()
}

func TestRenderEscapesRawHTML(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // substrings that must appear
		never     []string // substrings that must not
	}{
		{"inline", "a <script>alert(1)</script> b", []string{"&lt;script&gt;alert(1)&lt;/script&gt;"}, []string{"<script"}},
		{"block", "<div onclick=\"x()\">\nhi\n</div>\n", []string{"&lt;div onclick=&quot;x()&quot;&gt;"}, []string{"<div"}},
		{"img onerror", "<img src=x onerror=alert(1)>", []string{"&lt;img src=x onerror=alert(1)&gt;"}, []string{"<img"}},
		{"comment", "<!-- secret -->", []string{"&lt;!-- secret --&gt;"}, []string{"<!--"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(t, markdown.Options{}, tt.src)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("got %q; want it to contain %q", got, w)
				}
			}
			for _, n := range tt.never {
				if strings.Contains(got, n) {
					t.Errorf("got %q; want no %q", got, n)
				}
			}
		})
	}
	t.Run("unsafe passes it through", func(t *testing.T) {
		got := render(t, markdown.Options{UnsafeHTML: true}, "a <b>bold</b>\n\n<div>x</div>\n")
		for _, w := range []string{"<b>bold</b>", "<div>x</div>"} {
			if !strings.Contains(got, w) {
				t.Errorf("got %q; want it to contain %q", got, w)
			}
		}
	})
}

func TestRenderDropsScriptURLs(t *testing.T) {
	tests := []struct {
		name, src string
		want      string
	}{
		{"javascript link", "[x](javascript:alert(1))", "<p><span class=\"broken-link\">x</span></p>\n"},
		{"mixed case", "[x](JaVaScRiPt:alert(1))", "<p><span class=\"broken-link\">x</span></p>\n"},
		{"entity-encoded", "[x](&#106;avascript:alert(1))", "<p><span class=\"broken-link\">x</span></p>\n"},
		{"data image", "![alt](data:image/svg+xml,x)", "<p>alt</p>\n"},
		{"vbscript autolink", "<vbscript:msgbox(1)>", "<p>vbscript:msgbox(1)</p>\n"},
		{"numeric reference in the scheme", "[x](javascript&#58;alert(1))", "<p><span class=\"broken-link\">x</span></p>\n"},
		{"named reference", "[x](&NewLine;javascript:alert(1))", "<p><span class=\"broken-link\">x</span></p>\n"},
		{"entity-encoded image", "![alt](&#x64;ata:image/svg+xml,x)", "<p>alt</p>\n"},
		{"wiki resolved", "[[a]]", "<p><a class=\"wikilink\" href=\"/a/\">Title of a</a></p>\n"},
		{"safe link kept", "[x](https://example.org/?a=1&b=2 \"t\")", "<p><a href=\"https://example.org/?a=1&amp;b=2\" title=\"t\">x</a></p>\n"},
		{"wiki", "[[growth]] [[growth|our bet]]", "<p><a class=\"wikilink\" href=\"/growth/\">Title of growth</a> <a class=\"wikilink\" href=\"/growth/\">our bet</a></p>\n"},
		{"wiki text escaped", "[[g|<b>]]", "<p><a class=\"wikilink\" href=\"/g/\">&lt;b&gt;</a></p>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := render(t, markdown.Options{}, tt.src); got != tt.want {
				t.Errorf("got %q; want %q", got, tt.want)
			}
		})
	}
}

func TestRenderBrokenWiki(t *testing.T) {
	e := markdown.New(markdown.Options{})
	d := e.Parse([]byte("[[nope|the text]] [[bare]]"))
	var b bytes.Buffer
	if err := e.Render(&b, d, func(int, *markdown.Link) markdown.Target { return markdown.Target{} }); err != nil {
		t.Fatal(err)
	}
	want := "<p><span class=\"broken-link\">the text</span> <span class=\"broken-link\">bare</span></p>\n"
	if got := b.String(); got != want {
		t.Errorf("got %q; want %q", got, want)
	}
}

func TestPlainText(t *testing.T) {
	d := markdown.New(markdown.Options{}).Parse([]byte("# Title\n\nSome *text* with [[a|a label]] and [[b]].\n\n```\ncode\n```\n\nÉté été été"))
	// A heading is set off from the text under it; a wiki link shows its
	// label, or its id (PlainTextTitled: its node's title).
	full := "Title — Some text with a label and b. Été été été"
	if got := d.PlainText(0); got != full {
		t.Errorf("PlainText(0): got %q; want %q", got, full)
	}
	titled := d.PlainTextTitled(0, func(i int) string { return map[string]string{"b": "The B node"}[d.Links[i].Dest] })
	if want := "Title — Some text with a label and The B node. Été été été"; titled != want {
		t.Errorf("PlainTextTitled(0): got %q; want %q", titled, want)
	}
	if got, want := d.PlainTextTitled(36, func(int) string { return "The B node" }), "Title — Some text with a label and"; got != want {
		t.Errorf("PlainTextTitled(36): got %q; want %q (a link cut off keeps its id, here none of it)", got, want)
	}
	if got := d.PlainText(5); got != "Title" {
		t.Errorf("PlainText(5): got %q; want %q", got, "Title")
	}
	// A limit inside a multi-byte letter cuts before it, never through it.
	for limit := 30; limit <= 42; limit++ {
		got := d.PlainText(limit)
		if len(got) > limit || !utf8.ValidString(got) || !strings.HasPrefix(full, got) || len(got) < limit-4 {
			t.Errorf("PlainText(%d): got %q; want a valid prefix of %q of at most %d bytes", limit, got, full, limit)
		}
	}
}

// A long body keeps only the start of its text, cut between letters, and
// what it keeps is enough for the search index's 600 bytes.
func TestPlainTextKeepsTheStart(t *testing.T) {
	for shift := range 4 {
		words := strings.Repeat("x", shift) + strings.Repeat(" Été ünïcödé", 200)
		d := markdown.New(markdown.Options{}).Parse([]byte(words))
		full := strings.Join(strings.Fields(words), " ")
		got := d.PlainText(0)
		if !utf8.ValidString(got) || !strings.HasPrefix(full, got) || len(got) < 700 || len(got) > 1024 {
			t.Errorf("shift %d: PlainText(0) kept %d bytes (valid UTF-8: %v, a prefix: %v); want a prefix of 700 to 1024 bytes",
				shift, len(got), utf8.ValidString(got), strings.HasPrefix(full, got))
		}
		if want := d.PlainText(600); !strings.HasPrefix(got, want) || len(want) < 596 {
			t.Errorf("shift %d: PlainText(600) = %d bytes; want about 600, a prefix of the kept text", shift, len(want))
		}
	}
}
