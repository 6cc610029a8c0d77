package document

import (
	"bytes"
	"time"

	"github.com/bearing-dev/bearing/internal/diag"
	"go.yaml.in/yaml/v3"
)

// A signal's history is most of its frontmatter: two years of monthly
// readings are 24 flow maps, some 120 YAML nodes, against a dozen for
// the other fields, and a playbook has thousands of signals. When every
// item of a top-level history is written the one plain way,
//
//	history:
//	  - {date: 2026-01-31, value: 12.5}
//
// one a line, its readings are read straight from those lines and YAML
// parses the rest, with the item lines left blank so that every other
// node keeps its line. Anything else (a note, quotes, a comment, another
// indentation, a date that is not real) leaves the whole frontmatter to
// YAML. The readings read either way are the same, positions included
// (FuzzHistoryLines).

// historyLines is a history field read from its lines.
type historyLines struct {
	keyLine  int       // the line of the history key, 1-based in the frontmatter
	readings []Reading // Pos holds the line in the frontmatter and the column
	key      *yaml.Node
}

// keyLine returns where the first line of raw that starts with key
// starts, and the lines after it; found is false when no line starts with
// key or the first that does holds more than key.
func keyLine(raw []byte, key string) (at int, rest []byte, found bool) {
	switch {
	case bytes.HasPrefix(raw, []byte(key)):
		at = 0
	default:
		i := bytes.Index(raw, []byte("\n"+key))
		if i < 0 {
			return 0, nil, false
		}
		at = i + 1
	}
	line, rest := cutLine(raw[at:])
	if !bytes.Equal(line, []byte(key)) {
		return 0, nil, false
	}
	return at, rest, true
}

// maxLineDigits bounds the digits of a value read from a line: up to 15
// digits, the value is exactly what strconv.ParseFloat makes of them
// (below 2^53, divided by an exact power of ten).
const maxLineDigits = 15

// liftHistory finds a history field written one plain reading a line and
// returns its readings and raw with those lines blank. ok is false for
// any other frontmatter, which is then parsed as written.
func liftHistory(raw []byte) (h historyLines, blanked []byte, ok bool) {
	at, rest, found := keyLine(raw, "history:")
	if !found {
		return h, nil, false
	}
	h.keyLine = 1 + bytes.Count(raw[:at], []byte("\n"))
	first := len(raw) - len(rest)
	// The item lines run up to the next field, a line that starts with
	// none of what an item line or a comment may start with.
	n := 0
	for len(rest) > 0 {
		line, next := cutLine(rest)
		if len(line) > 0 && line[0] != ' ' && line[0] != '-' && line[0] != '#' && line[0] != '\t' {
			break
		}
		n++
		rest = next
	}
	if n == 0 {
		return h, nil, false
	}
	last := len(raw) - len(rest)
	h.readings = make([]Reading, n)
	indent := leadingSpaces(raw[first:])
	for i, items := 0, raw[first:last]; i < n; i++ {
		var line []byte
		line, items = cutLine(items)
		r, ok := lineReading(line, indent)
		if !ok {
			return historyLines{}, nil, false
		}
		r.Pos.Line, r.Pos.Col = h.keyLine+1+i, indent+3
		h.readings[i] = r
	}
	blanked = make([]byte, 0, len(raw)-(last-first)+2*len(h.readings))
	blanked = append(blanked, raw[:first]...)
	for _, c := range raw[first:last] {
		if c == '\r' || c == '\n' {
			blanked = append(blanked, c)
		}
	}
	blanked = append(blanked, raw[last:]...)
	return h, blanked, true
}

// found checks that YAML read the lifted history key where liftHistory
// found it, a plain top-level key left empty, and keeps it: else the
// lines were not what they looked like (inside a quoted text, say).
func (h *historyLines) found(root *yaml.Node) bool {
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Line != h.keyLine {
			continue
		}
		if k.Kind == yaml.ScalarNode && k.Style == 0 && k.Value == "history" && k.Column == 1 &&
			v.Kind == yaml.ScalarNode && v.Tag == "!!null" && v.Value == "" && v.Style == 0 {
			h.key = k
			return true
		}
		return false
	}
	return false
}

// cutLine splits off the first line of b, without its line ending.
func cutLine(b []byte) (line, rest []byte) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		line, rest = b, nil
	} else {
		line, rest = b[:i], b[i+1:]
	}
	return bytes.TrimSuffix(line, []byte("\r")), rest
}

func leadingSpaces(b []byte) int {
	n := 0
	for n < len(b) && b[n] == ' ' {
		n++
	}
	return n
}

// lineReading reads one item line: indent spaces, then exactly
// "- {date: YYYY-MM-DD, value: N}", N an optional minus, digits and an
// optional fraction, with no leading zero.
func lineReading(line []byte, indent int) (Reading, bool) {
	var r Reading
	if leadingSpaces(line) != indent {
		return r, false
	}
	b, ok := bytes.CutPrefix(line[indent:], []byte("- {date: "))
	if !ok || len(b) < 10 {
		return r, false
	}
	if r.Date, ok = lineDate(b[:10]); !ok {
		return r, false
	}
	b, ok = bytes.CutPrefix(b[10:], []byte(", value: "))
	if !ok {
		return r, false
	}
	b, ok = bytes.CutSuffix(b, []byte("}"))
	if !ok {
		return r, false
	}
	r.Value, ok = lineNumber(b)
	return r, ok
}

// lineDate reads YYYY-MM-DD as time.Parse(time.DateOnly) does, for a
// real date only.
func lineDate(b []byte) (time.Time, bool) {
	if b[4] != '-' || b[7] != '-' {
		return time.Time{}, false
	}
	y, ok1 := digits(b[0:4])
	m, ok2 := digits(b[5:7])
	d, ok3 := digits(b[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // past the month's end
		return time.Time{}, false
	}
	return t, true
}

func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = 10*n + int(c-'0')
	}
	return n, true
}

// pow10 are the powers of ten a float64 holds exactly.
func pow10(k int) float64 {
	p := 1.0
	for range k {
		p *= 10
	}
	return p
}

// lineNumber reads -?(0|[1-9][0-9]*)(\.[0-9]+)? of at most maxLineDigits
// digits: what YAML resolves as an int or a float, and the decoder reads
// with strconv.ParseFloat, to the same float64.
func lineNumber(b []byte) (float64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	whole, frac, hasFrac := bytes.Cut(b, []byte("."))
	if len(whole) == 0 || (len(whole) > 1 && whole[0] == '0') || (hasFrac && len(frac) == 0) ||
		len(whole)+len(frac) > maxLineDigits {
		return 0, false
	}
	m, ok1 := digits(whole)
	f, ok2 := digits(frac)
	if !ok1 || !ok2 {
		return 0, false
	}
	x := float64(m*int(pow10(len(frac))) + f)
	if len(frac) > 0 {
		x /= pow10(len(frac))
	}
	if neg {
		x = -x
	}
	return x, true
}

// liftedReadings sets the history field f to the readings read from its
// lines, placed in the file.
func (d *decoder) liftedReadings(f Field) {
	p, ok := f.at(d.front).(*[]Reading)
	if !ok {
		return
	}
	rs := d.lines.readings
	for i := range rs {
		rs[i].Pos = diag.Pos{File: d.file, Line: d.lineOffset + rs[i].Pos.Line, Col: rs[i].Pos.Col}
	}
	*p = rs
}
