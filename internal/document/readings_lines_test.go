package document

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// decodeBoth decodes YAML frontmatter twice: as Parse does, reading a
// plain history from its lines, and with YAML alone. lifted says the
// first read the history from its lines.
func decodeBoth(raw string) (fast, slow *decoder, lifted bool) {
	return decodeBothAs("yaml", raw)
}

// decodeBothAs is decodeBoth for frontmatter in a format, yaml or toml.
func decodeBothAs(format, raw string) (fast, slow *decoder, lifted bool) {
	sp := parts{format: format, raw: []byte(raw), openLine: 1, contentLine: 2}
	const file = "content/signals/s.md"
	decode := func(lines bool) *decoder {
		d := &decoder{file: file, lineOffset: sp.contentLine - 1, front: &Front{}, toml: format == "toml"}
		if lines {
			root, h, perr := parseFront(sp, file)
			if perr != nil {
				d.diags = append(d.diags, *perr)
				return d
			}
			lifted, d.lines = h != nil, h
			d.decodeRoot(root)
		} else {
			root, perr := parseYAML(sp, file)
			if format == "toml" {
				root, perr = tomlToNode(sp, file)
			}
			if perr != nil {
				d.diags = append(d.diags, *perr)
				return d
			}
			d.decodeRoot(root)
		}
		d.diags = append(d.diags, settleReadings(d.front)...)
		return d
	}
	return decode(true), decode(false), lifted
}

// sameDecoding reports how the two decodings differ, "" if they do not.
func sameDecoding(fast, slow *decoder) string {
	switch {
	case !reflect.DeepEqual(fast.front, slow.front):
		return fmt.Sprintf("front from the lines:\n%+v\nfrom YAML:\n%+v", fast.front, slow.front)
	case !reflect.DeepEqual(fast.diags, slow.diags):
		return fmt.Sprintf("diagnostics from the lines:\n%v\nfrom YAML:\n%v", fast.diags, slow.diags)
	}
	return ""
}

func TestHistoryLines(t *testing.T) {
	tests := []struct {
		name, raw string
		lifted    bool
	}{
		{"plain", "title: S\nhistory:\n  - {date: 2026-01-31, value: 12.5}\n  - {date: 2026-02-28, value: -3}\nunit: x\n", true},
		{"last field", "title: S\nhistory:\n  - {date: 2026-01-31, value: 0}\n  - {date: 2026-02-28, value: 7}", true},
		{"first field", "history:\n- {date: 2026-01-31, value: 0.25}\ntitle: S\n", true},
		{"crlf", "title: S\r\nhistory:\r\n  - {date: 2026-01-31, value: 1}\r\ncurrent: 2\r\n", true},
		{"current disagrees", "current: 3\nhistory:\n  - {date: 2026-01-31, value: 1}\n", true},
		{"a date twice", "history:\n  - {date: 2026-01-31, value: 1}\n  - {date: 2026-01-31, value: 2}\n", true},
		{"out of order", "history:\n  - {date: 2026-03-31, value: 1}\n  - {date: 2026-01-31, value: 2}\n", true},
		{"negative zero", "history:\n  - {date: 2026-03-31, value: -0}\n", true},
		{"long fraction", "history:\n  - {date: 2026-03-31, value: 0.12345678901234}\n  - {date: 2026-04-01, value: 999999999999999}\n", true},
		{"leap day", "history:\n  - {date: 2024-02-29, value: 1}\n", true},
		{"twice", "history:\n  - {date: 2026-01-31, value: 1}\nhistory:\n  - {date: 2026-02-28, value: 2}\n", true},
		{"unknown field after", "history:\n  - {date: 2026-01-31, value: 1}\nhistroy: x\n", true},

		{"a note", "history:\n  - {date: 2026-01-31, value: 1, note: x}\n", false},
		{"not a real date", "history:\n  - {date: 2026-02-30, value: 1}\n", false},
		{"month 13", "history:\n  - {date: 2026-13-01, value: 1}\n", false},
		{"leading zero", "history:\n  - {date: 2026-01-31, value: 012}\n", false},
		{"too many digits", "history:\n  - {date: 2026-01-31, value: 1234567890123456}\n", false},
		{"exponent", "history:\n  - {date: 2026-01-31, value: 1e3}\n", false},
		{"quoted", "history:\n  - {date: \"2026-01-31\", value: 1}\n", false},
		{"block items", "history:\n  - date: 2026-01-31\n    value: 1\n", false},
		{"other indentation", "history:\n  - {date: 2026-01-31, value: 1}\n    - {date: 2026-02-28, value: 2}\n", false},
		{"comment between", "history:\n  - {date: 2026-01-31, value: 1}\n# c\n  - {date: 2026-02-28, value: 2}\n", false},
		{"blank between", "history:\n  - {date: 2026-01-31, value: 1}\n\n  - {date: 2026-02-28, value: 2}\n", false},
		{"flow list", "history: [{date: 2026-01-31, value: 1}]\n", false},
		{"empty", "history:\ntitle: x\n", false},
		{"inside a quoted text", "summary: \"a\nhistory:\n  - {date: 2026-01-31, value: 1}\n  b\"\n", false},
		{"inside a flow list", "tags: [a,\nhistory:\n  - {date: 2026-01-31, value: 1}\n]\n", false},
		{"bad YAML after", "history:\n  - {date: 2026-01-31, value: 1}\ntitle: [x\n", false},
		{"nested key", "extra:\n  history:\n  - {date: 2026-01-31, value: 1}\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fast, slow, lifted := decodeBoth(tt.raw)
			if lifted != tt.lifted {
				t.Errorf("read from the lines: %v; want %v", lifted, tt.lifted)
			}
			if diff := sameDecoding(fast, slow); diff != "" {
				t.Error(diff)
			}
		})
	}
}

// FuzzHistoryLines checks that frontmatter decodes the same whether a
// history is read from its lines or by YAML.
func FuzzHistoryLines(f *testing.F) {
	f.Add("title: S\nhistory:\n  - {date: 2026-01-31, value: 12.5}\n  - {date: 2026-02-28, value: -3}\nunit: x\n")
	f.Add("history:\n- {date: 2024-02-29, value: 0.25}\n")
	f.Add("current: 3\r\nhistory:\r\n  - {date: 2026-01-31, value: 1}\r\n")
	f.Add("history:\n  - {date: 2026-01-31, value: 1}\nhistory:\n  - {date: 2026-02-28, value: 2}\n")
	f.Add("summary: \"a\nhistory:\n  - {date: 2026-01-31, value: 1}\n  b\"\n")
	f.Add("summary: |\n  x\nhistory:\n  - {date: 2026-01-31, value: 1}\n  - {date: 2026-01-31, value: 1}\n")
	f.Fuzz(func(t *testing.T, raw string) {
		if strings.ContainsRune(raw, 0) || len(raw) > 1<<12 {
			return
		}
		fast, slow, _ := decodeBoth(raw)
		if diff := sameDecoding(fast, slow); diff != "" {
			t.Errorf("%q:\n%s", raw, diff)
		}
	})
}

// BenchmarkSignalFront decodes the frontmatter of a generated signal with
// 24 readings, with its history read from its lines and by YAML.
func BenchmarkSignalFront(b *testing.B) {
	var s strings.Builder
	s.WriteString("title: Weekly active technicians\nowner: Ines Duarte\nmeasures: [route-planner]\nunit: '%'\nbaseline: 40\ntarget: 60\ncurrent: 52.3\ncadence: monthly\nhistory:\n")
	for i := range 24 {
		fmt.Fprintf(&s, "  - {date: 2025-%02d-15, value: %d.%d}\n", 1+i%12, 40+i, i%10)
	}
	s.WriteString("source: warehouse\ntags: [mobile]\nsummary: A summary of the signal.\n")
	sp := parts{format: "yaml", raw: []byte(s.String()), openLine: 1, contentLine: 2}
	b.Run("lines", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			root, h, _ := parseFront(sp, "s.md")
			d := decoder{file: "s.md", lineOffset: 1, front: &Front{}, lines: h}
			d.decodeRoot(root)
		}
	})
	b.Run("yaml", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			root, _ := parseYAML(sp, "s.md")
			d := decoder{file: "s.md", lineOffset: 1, front: &Front{}}
			d.decodeRoot(root)
		}
	})
}
