package markdown

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// plainWriter must keep what strings.Fields and a join keep, up to
// plainKeep bytes cut between runes, however the text arrives in pieces
// (goldmark's text segments end between runes: Markdown's syntax is ASCII).
func FuzzPlainWriter(f *testing.F) {
	for _, s := range []string{
		"", " ", "a", "  two   words  ", "tab\tnew\nline\r\n", "nbsp\u00a0and\u0085nel",
		"\xff invalid \xc3", "été " + strings.Repeat("ü", 500), strings.Repeat("word ", 300),
		strings.Repeat(" ", 900) + "late",
	} {
		f.Add(s, uint8(7))
	}
	f.Fuzz(func(t *testing.T, s string, cut uint8) {
		var w plainWriter
		for i, piece := range chunks(s, int(cut)%13+1) {
			if i%2 == 0 {
				w.write([]byte(piece))
			} else {
				w.writeString(piece)
			}
		}
		want := strings.Join(strings.Fields(s), " ")
		got := w.String()
		if len(want) <= plainKeep {
			if got != want {
				t.Fatalf("got %q; want %q", got, want)
			}
			return
		}
		if !strings.HasPrefix(want, got) || len(got) > plainKeep || len(got) < plainKeep-4 {
			t.Fatalf("got %d bytes %q; want a prefix of the text of about %d bytes", len(got), got, plainKeep)
		}
		if utf8.ValidString(want[:min(len(want), plainKeep+4)]) && !utf8.ValidString(got) {
			t.Fatalf("got %q: cut inside a rune", got)
		}
	})
}

// chunks splits s about every n bytes, between runes.
func chunks(s string, n int) []string {
	var out []string
	for len(s) > n {
		at := n
		for at < len(s) && !utf8.RuneStart(s[at]) {
			at++
		}
		out = append(out, s[:at])
		s = s[at:]
	}
	return append(out, s)
}
