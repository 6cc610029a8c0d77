package document

import (
	"bytes"

	"go.yaml.in/yaml/v3"
)

// liftTOMLHistory is liftHistory for TOML frontmatter, a top-level
// history written
//
//	history = [
//	  {date = 2026-01-31, value = 12.5},
//	]
//
// one plain reading a line. The array is left as `history = []` and the
// lines after it blank, so every key keeps its line; the readings get
// their key's line, as every TOML value does (tomlToNode).
func liftTOMLHistory(raw []byte) (h historyLines, blanked []byte, ok bool) {
	if bytes.Contains(raw, []byte(`"""`)) || bytes.Contains(raw, []byte(`'''`)) {
		return h, nil, false // a multi-line text could hold lines like these
	}
	const key = "history = ["
	at, rest, found := keyLine(raw, key)
	if !found {
		return h, nil, false
	}
	h.keyLine = 1 + bytes.Count(raw[:at], []byte("\n"))
	keyEnd := at + len(key)
	first := len(raw) - len(rest)
	n, closed := 0, false
	for len(rest) > 0 {
		line, next := cutLine(rest)
		rest = next
		if bytes.Equal(line, []byte("]")) {
			closed = true
			break
		}
		n++
	}
	if !closed || n == 0 {
		return h, nil, false
	}
	last := len(raw) - len(rest)
	h.readings = make([]Reading, n)
	indent := leadingSpaces(raw[first:])
	items := raw[first:last]
	for i := range n {
		var line []byte
		line, items = cutLine(items)
		r, ok := tomlLineReading(line, indent)
		if !ok {
			return historyLines{}, nil, false
		}
		r.Pos.Line, r.Pos.Col = h.keyLine, 1
		h.readings[i] = r
	}
	blanked = make([]byte, 0, len(raw)-(last-keyEnd)+1+2*(n+1))
	blanked = append(append(blanked, raw[:keyEnd]...), ']')
	for _, c := range raw[keyEnd:last] {
		if c == '\r' || c == '\n' {
			blanked = append(blanked, c)
		}
	}
	blanked = append(blanked, raw[last:]...)
	return h, blanked, true
}

// tomlLineReading reads one item line: indent spaces, then exactly
// "{date = YYYY-MM-DD, value = N},", N as lineNumber reads it but for
// -0, which TOML reads as the integer 0.
func tomlLineReading(line []byte, indent int) (Reading, bool) {
	var r Reading
	if leadingSpaces(line) != indent {
		return r, false
	}
	b, ok := bytes.CutPrefix(line[indent:], []byte("{date = "))
	if !ok || len(b) < 10 {
		return r, false
	}
	if r.Date, ok = lineDate(b[:10]); !ok {
		return r, false
	}
	b, ok = bytes.CutPrefix(b[10:], []byte(", value = "))
	if !ok {
		return r, false
	}
	b, ok = bytes.CutSuffix(b, []byte("},"))
	if !ok || bytes.Equal(b, []byte("-0")) {
		return r, false
	}
	r.Value, ok = lineNumber(b)
	return r, ok
}

// foundTOML is found for TOML: the history key on its line, an empty
// list.
func (h *historyLines) foundTOML(root *yaml.Node) bool {
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value == "history" {
			if k.Line == h.keyLine && v.Kind == yaml.SequenceNode && len(v.Content) == 0 {
				h.key = k
				return true
			}
			return false
		}
	}
	return false
}
