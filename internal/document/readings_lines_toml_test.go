package document

import (
	"strings"
	"testing"
)

func TestTOMLHistoryLines(t *testing.T) {
	tests := []struct {
		name, raw string
		lifted    bool
	}{
		{"plain", "title = \"S\"\nhistory = [\n  {date = 2026-01-31, value = 12.5},\n  {date = 2026-02-28, value = -3},\n]\nunit = \"x\"\n", true},
		{"last field", "title = \"S\"\nhistory = [\n  {date = 2026-01-31, value = 0},\n]", true},
		{"crlf", "history = [\r\n  {date = 2026-01-31, value = 1.25},\r\n]\r\ncurrent = 2\r\n", true},
		{"current disagrees", "current = 3\nhistory = [\n  {date = 2026-01-31, value = 1},\n]\n", true},
		{"negative zero float", "history = [\n  {date = 2026-01-31, value = -0.0},\n]\n", true},
		{"a date twice", "history = [\n  {date = 2026-01-31, value = 1},\n  {date = 2026-01-31, value = 2},\n]\n", true},

		{"negative zero", "history = [\n  {date = 2026-01-31, value = -0},\n]\n", false},
		{"not a real date", "history = [\n  {date = 2026-02-30, value = 1},\n]\n", false},
		{"a note", "history = [\n  {date = 2026-01-31, value = 1, note = \"x\"},\n]\n", false},
		{"no comma", "history = [\n  {date = 2026-01-31, value = 1}\n]\n", false},
		{"never closed", "history = [\n  {date = 2026-01-31, value = 1},\n", false},
		{"in a table", "[extra]\nhistory = [\n  {date = 2026-01-31, value = 1},\n]\n", false},
		{"twice", "history = [\n  {date = 2026-01-31, value = 1},\n]\nhistory = [\n  {date = 2026-02-28, value = 2},\n]\n", false},
		{"in a multi-line text", "summary = \"\"\"\nhistory = [\n  {date = 2026-01-31, value = 1},\n]\n\"\"\"\nhistory = []\n", false},
		{"empty", "history = [\n]\n", false},
		// Keys the line scan cannot place come by name, not in the map's order.
		{"keys the scan misses", "\"z z\" = 1\n\"a b\" = 2\n\"m m\" = 3\n", false},
		{"table headers", "[0]\n[0U]", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fast, slow, lifted := decodeBothAs("toml", tt.raw)
			if lifted != tt.lifted {
				t.Errorf("read from the lines: %v; want %v", lifted, tt.lifted)
			}
			if diff := sameDecoding(fast, slow); diff != "" {
				t.Error(diff)
			}
		})
	}
}

// FuzzTOMLHistoryLines checks that TOML frontmatter decodes the same
// whether a history is read from its lines or by the TOML library.
func FuzzTOMLHistoryLines(f *testing.F) {
	f.Add("title = \"S\"\nhistory = [\n  {date = 2026-01-31, value = 12.5},\n  {date = 2026-02-28, value = -3},\n]\nunit = \"x\"\n")
	f.Add("history = [\r\n  {date = 2024-02-29, value = 0.25},\r\n]\r\n")
	f.Add("[extra]\nhistory = [\n  {date = 2026-01-31, value = 1},\n]\n")
	f.Add("summary = '''\nhistory = [\n  {date = 2026-01-31, value = 1},\n]\n'''\n")
	f.Fuzz(func(t *testing.T, raw string) {
		if strings.ContainsRune(raw, 0) || len(raw) > 1<<12 {
			return
		}
		fast, slow, _ := decodeBothAs("toml", raw)
		if diff := sameDecoding(fast, slow); diff != "" {
			t.Errorf("%q:\n%s", raw, diff)
		}
	})
}
