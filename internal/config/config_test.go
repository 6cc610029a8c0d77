package config

import (
	"strings"
	"testing"

	"github.com/bearing-dev/bearing/internal/diag"
)

func diagStrings(ds []diag.Diagnostic) string {
	var out []string
	for _, d := range ds {
		out = append(out, d.String())
	}
	return strings.Join(out, "\n")
}

func TestDefault(t *testing.T) {
	for _, src := range []string{"", "# only a comment\n", "~\n", "---\n"} {
		c, ds := Parse([]byte(src))
		if len(ds) != 0 {
			t.Errorf("Parse(%q): got %s; want no diagnostics", src, diagStrings(ds))
		}
		d := Default()
		if c.Title != d.Title || c.BaseURL != "/" || c.Language != "en" || c.MaxActive != DefaultMaxActive || c.UnsafeHTML || len(c.Rules) != 0 {
			t.Errorf("Parse(%q): got %+v; want the defaults %+v", src, c, d)
		}
	}
}

func TestParse(t *testing.T) {
	src := `title: Acme strategy
description: How Acme wins.
base_url: https://example.org/strategy/
language: fr
unsafe_html: true
relative_urls: true
edit_url: https://github.com/acme/strategy/edit/main/{path}
max_active: 3
rules:
  feedback/no-signal: error
  focus/idle: off
  speed/ahead: warning
`
	c, ds := Parse([]byte(src))
	if len(ds) != 0 {
		t.Fatalf("got %s; want no diagnostics", diagStrings(ds))
	}
	if c.Title != "Acme strategy" || c.Description != "How Acme wins." || c.BaseURL != "https://example.org/strategy/" ||
		c.Language != "fr" || !c.UnsafeHTML || !c.RelativeURLs || c.MaxActive != 3 ||
		c.EditURL != "https://github.com/acme/strategy/edit/main/{path}" {
		t.Errorf("got %+v", c)
	}
	want := map[string]diag.Severity{"feedback/no-signal": diag.Error, "focus/idle": diag.Off, "speed/ahead": diag.Warning}
	if len(c.Rules) != len(want) {
		t.Errorf("got rules %v; want %v", c.Rules, want)
	}
	for id, sev := range want {
		if c.Rules[id] != sev {
			t.Errorf("rule %s: got %v; want %v", id, c.Rules[id], sev)
		}
	}
}

func TestParseInvalid(t *testing.T) {
	tests := []struct {
		name, src string
		want      string
	}{
		{"unknown option", "titel: x\n", `bearing.yaml:1:1: error: unknown option "titel"; did you mean "title"? [config/invalid]`},
		{"unknown option, no suggestion", "theme: dark\n", `bearing.yaml:1:1: error: unknown option "theme" [config/invalid]`},
		{"max_active zero", "max_active: 0\n", `bearing.yaml:1:13: error: max_active must be a whole number of at least 1 [config/invalid]`},
		{"max_active text", "max_active: many\n", `bearing.yaml:1:13: error: max_active must be a whole number of at least 1 [config/invalid]`},
		{"max_active list", "max_active: [1]\n", `bearing.yaml:1:13: error: max_active must be a whole number of at least 1 [config/invalid]`},
		{"unsafe_html string", "unsafe_html: \"true\"\n", `bearing.yaml:1:14: error: unsafe_html must be true or false [config/invalid]`},
		{"relative_urls string", "relative_urls: yes please\n", `bearing.yaml:1:16: error: relative_urls must be true or false [config/invalid]`},
		{"edit_url without {path}", "edit_url: https://github.com/o/r/edit/main/\n", `bearing.yaml:1:11: error: edit_url: "https://github.com/o/r/edit/main/" must contain {path}, which stands for the page's file [config/invalid]`},
		{"edit_url relative", "edit_url: /edit/{path}\n", `bearing.yaml:1:11: error: edit_url: "/edit/{path}" must be an absolute URL starting with http:// or https:// [config/invalid]`},
		{"edit_url scheme", "edit_url: javascript:alert(1)//{path}\n", `bearing.yaml:1:11: error: edit_url: "javascript:alert(1)//{path}" must be an absolute URL starting with http:// or https:// [config/invalid]`},
		{"edit_url no host", "edit_url: https:///{path}\n", `bearing.yaml:1:11: error: edit_url: "https:///{path}" must be an absolute URL starting with http:// or https:// [config/invalid]`},
		{"edit_url list", "edit_url: [a]\n", `bearing.yaml:1:11: error: edit_url must be text [config/invalid]`},
		{"repo_url relative", "repo_url: /org/repo\n", `bearing.yaml:1:11: error: repo_url: "/org/repo" must be an absolute URL starting with http:// or https://, without a query or fragment [config/invalid]`},
		{"repo_url scheme", "repo_url: javascript:alert(1)\n", `bearing.yaml:1:11: error: repo_url: "javascript:alert(1)" must be an absolute URL starting with http:// or https://, without a query or fragment [config/invalid]`},
		{"edit_url misspelt", "edit_uri: https://x/{path}\n", `bearing.yaml:1:1: error: unknown option "edit_uri"; did you mean "edit_url"? [config/invalid]`},
		{"title list", "title: [a]\n", `bearing.yaml:1:8: error: title must be text [config/invalid]`},
		{"base_url", "base_url: example.org\n", `bearing.yaml:1:11: error: base_url: "example.org" must start with http://, https:// or / [config/invalid]`},
		{"duplicate", "title: a\ntitle: b\n", `bearing.yaml:2:1: error: duplicate option "title" [config/invalid]`},
		{"rules not a map", "rules: [a]\n", `bearing.yaml:1:8: error: rules must be a map of rule id to error, warning or off [config/invalid]`},
		{"unknown rule", "rules:\n  focus/idel: off\n", `bearing.yaml:2:3: error: unknown rule "focus/idel"; did you mean "focus/idle"? [config/invalid]`},
		{"bad severity", "rules:\n  focus/idle: never\n", `bearing.yaml:2:15: error: rule focus/idle: severity must be error, warning or off [config/invalid]`},
		{"parse/frontmatter off", "rules:\n  parse/frontmatter: off\n", `bearing.yaml:2:22: error: rule parse/frontmatter is always an error: it cannot be made a warning or switched off [config/invalid]`},
		{"config/invalid warning", "rules:\n  config/invalid: warning\n", `bearing.yaml:2:19: error: rule config/invalid is always an error: it cannot be made a warning or switched off [config/invalid]`},
		{"not a map", "- a\n", `bearing.yaml:1:1: error: bearing.yaml must be a map of options [config/invalid]`},
		{"scanner error", "title: a\nrules: b: c\n", `bearing.yaml:2:1: error: invalid YAML: mapping values are not allowed in this context [config/invalid]`},
		{"parser error after the first line", "title: a\nrules:\n  x: [a\nmax_active: 2\n", `bearing.yaml:3:1: error: invalid YAML: did not find expected ',' or ']' [config/invalid]`},
		{"parser error on line 4", "a: 1\nb: 2\nc: 3\n- d\n", `bearing.yaml:4:1: error: invalid YAML: did not find expected key [config/invalid]`},
		{"tab", "rules:\n\tfocus/idle: off\n", `bearing.yaml:2:1: error: invalid YAML: found character that cannot start any token [config/invalid]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ds := Parse([]byte(tt.src))
			if got := diagStrings(ds); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			if c.MaxActive < 1 || c.Rules == nil {
				t.Errorf("got config %+v; want defaults kept for what could not be read", c)
			}
		})
	}
}

// TestParseKeepsGoodOptions checks that one bad option does not discard
// the others.
func TestParseKeepsGoodOptions(t *testing.T) {
	c, ds := Parse([]byte("max_active: 2\nunsafe_html: maybe\nrules:\n  nope/x: off\n  recal/overdue: error\n"))
	if len(ds) != 2 {
		t.Errorf("got %s; want two diagnostics", diagStrings(ds))
	}
	if c.MaxActive != 2 || c.Rules["recal/overdue"] != diag.Error {
		t.Errorf("got max_active %d, rules %v; want 2 and recal/overdue: error", c.MaxActive, c.Rules)
	}
}

func TestCheckBaseURL(t *testing.T) {
	for u, ok := range map[string]bool{
		"/": true, "/strategy/": true, "https://example.org/": true, "http://localhost:1717/": true,
		"example.org": false, "": false, "ftp://x/": false, "javascript:alert(1)": false,
	} {
		if err := CheckBaseURL(u); (err == nil) != ok {
			t.Errorf("CheckBaseURL(%q): got %v; want ok=%v", u, err, ok)
		}
	}
}

// TestParseHistoryOptions checks history_since and follow_through_days:
// their defaults, good values, and bad ones reported at the value, and a
// misspelling answered with a did-you-mean.
func TestParseHistoryOptions(t *testing.T) {
	c, ds := Parse([]byte("history_since: 2025-06-01\nfollow_through_days: 45\n"))
	if len(ds) != 0 || c.HistorySince.Format("2006-01-02") != "2025-06-01" || c.FollowThroughDays != 45 {
		t.Errorf("got %v, %d, %s; want 2025-06-01, 45, no diagnostics", c.HistorySince, c.FollowThroughDays, diagStrings(ds))
	}
	if d := Default(); !d.HistorySince.IsZero() || d.FollowThroughDays != DefaultFollowThroughDays {
		t.Errorf("default: got %v, %d; want zero, %d", d.HistorySince, d.FollowThroughDays, DefaultFollowThroughDays)
	}
	for _, tc := range []struct{ name, in, want string }{
		{"since not a date", "history_since: last year\n", `bearing.yaml:1:16: error: history_since must be a date, YYYY-MM-DD [config/invalid]`},
		{"days negative", "follow_through_days: -1\n", `bearing.yaml:1:22: error: follow_through_days must be a whole number of days, 0 or more [config/invalid]`},
		{"days text", "follow_through_days: soon\n", `bearing.yaml:1:22: error: follow_through_days must be a whole number of days, 0 or more [config/invalid]`},
		{"misspelt", "history_snce: 2025-01-01\n", `bearing.yaml:1:1: error: unknown option "history_snce"; did you mean "history_since"? [config/invalid]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, ds := Parse([]byte(tc.in))
			if got := diagStrings(ds); got != tc.want {
				t.Errorf("got %s; want %s", got, tc.want)
			}
			if d := Default(); c.FollowThroughDays != d.FollowThroughDays || !c.HistorySince.IsZero() {
				t.Errorf("got %+v; want the defaults kept", c)
			}
		})
	}
}
