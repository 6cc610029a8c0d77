package config

import (
	"testing"

	"github.com/bearing-dev/bearing/internal/diag"
)

// FuzzParse feeds arbitrary bytes to the bearing.yaml parser: it must
// never panic, every diagnostic must name bearing.yaml at a real line,
// and the result must keep sane defaults.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"title: T\nmax_active: 3\nrules:\n  feedback/no-signal: error\n",
		"rules: {focus/idle: off, parse/frontmatter: off}",
		"max_active: -1\nunsafe_html: yes\nbase_url: ftp://x",
		"- a\n- b", "title: [", "a: &a [*a, *a]\nb: *a", "\t title: x", "",
		"rules:\n  nope/rule: error\n  feedback/no-signal: loud",
		"title: a\ntitle: b",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, ds := Parse(data)
		for _, d := range ds {
			if d.Pos.File != File || d.Pos.Line < 1 || d.Pos.Col < 1 || d.Rule != diag.ConfigInvalid {
				t.Fatalf("bad diagnostic %v", d)
			}
		}
		if c.MaxActive < 1 || c.Language == "" || c.Rules == nil {
			t.Fatalf("lost defaults: %+v", c)
		}
		for rule, sev := range c.Rules {
			if _, ok := diag.Lookup(rule); !ok || (sev == diag.Off && rule == diag.ParseFrontmatter) {
				t.Fatalf("accepted rule %q at %v", rule, sev)
			}
		}
	})
}
