package markdown

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// goldmark parses a few constructs in time that grows with the square of
// their count: it rescans the rest of a line or paragraph for each one.
// Overrun counts those rescans in one linear pass over the text, without
// goldmark, so that a body that would hold a check for minutes is
// reported instead of parsed. Each count models the loop goldmark runs
// (see the README's "Bounded input"), over the text between blank lines,
// which holds every paragraph goldmark finds, so the counts are upper
// bounds; counting stops once a construct is over its limit, so the pass
// itself costs at most a few limits' worth of steps.

// Step budget: a body may cost goldmark stepFloor steps in each construct,
// plus stepsPerByte for each byte. A step is one byte or delimiter
// revisited, 1 to 7 ns on a 2-core machine, so a body at the limit parses
// in well under a second for each megabyte, while real documents use no
// more than about one step a byte (TestRealDocuments).
const (
	stepFloor    = 20_000_000
	stepsPerByte = 4
)

// StepLimit returns how many steps a body of n bytes may cost goldmark
// in any one construct.
func StepLimit(n int) int64 { return stepFloor + stepsPerByte*int64(n) }

// Construct is a kind of Markdown that goldmark parses in more than
// linear time.
type Construct uint8

// The constructs Overrun counts.
const (
	// RefDefinitions are reference definitions ("[x]: url") in one
	// paragraph: goldmark copies the paragraph's remaining lines once for
	// each.
	RefDefinitions Construct = iota
	// LinkDestinations are "](" destinations: goldmark scans each to the
	// end of its line when no ")" or ">" ends it.
	LinkDestinations
	// CodeSpanOpeners are backtick runs: goldmark scans the rest of the
	// paragraph for a closing run of the same length.
	CodeSpanOpeners
	// EmphasisMarkers are runs of "*", "_" or "~": goldmark walks back
	// over every earlier unmatched run for each one that may close.
	EmphasisMarkers
	numConstructs
)

// String names the construct as a writer sees it.
func (c Construct) String() string {
	return [...]string{
		RefDefinitions:   `reference definitions "[x]: …"`,
		LinkDestinations: `link destinations "](…"`,
		CodeSpanOpeners:  "backtick runs",
		EmphasisMarkers:  `emphasis markers "*", "_" or "~"`,
	}[c]
}

// Cost says what makes the construct costly to goldmark.
func (c Construct) Cost() string {
	return [...]string{
		RefDefinitions:   "each in a paragraph makes goldmark copy the rest of the paragraph",
		LinkDestinations: "each left open makes goldmark rescan the rest of its line",
		CodeSpanOpeners:  "each that opens no code span makes goldmark rescan the rest of its paragraph",
		EmphasisMarkers:  "each left unmatched makes goldmark walk back over the others",
	}[c]
}

// instances counts the construct's instances in src, costly or not.
func instances(src []byte, c Construct) int {
	n := 0
	switch c {
	case RefDefinitions:
		for l := range bytes.Lines(src) {
			l = bytes.TrimLeft(l, " \t>")
			if len(l) > 0 && l[0] == '[' && bytes.Contains(l, []byte("]:")) {
				n++
			}
		}
	case LinkDestinations:
		n = bytes.Count(src, []byte("]("))
	default:
		for i := 0; i < len(src); {
			if src[i] == '`' && c == CodeSpanOpeners || (src[i] == '*' || src[i] == '_' || src[i] == '~') && c == EmphasisMarkers {
				n++
				i += runLength(src, i)
				continue
			}
			i++
		}
	}
	return n
}

// An Excess says that a body would cost goldmark more than its limit in
// one construct.
type Excess struct {
	Construct Construct
	// Count is how many of the construct the body holds; Line is the
	// 1-based line of the first that costs goldmark more than linear time.
	Count, Line int
	// Limit is the body's StepLimit.
	Limit int64
}

// Overrun returns the first construct in which parsing src would cost
// goldmark more than StepLimit(len(src)) steps, or nil.
func Overrun(src []byte) *Excess { return overrun(src, StepLimit(len(src))) }

// overrun is Overrun with the limit given, so that FuzzParseWork can
// hold the fuzzer's inputs of a few hundred bytes to the same per-byte
// budget without the floor that hides every quadratic at that size.
func overrun(src []byte, limit int64) *Excess {
	if fits(bounds(src), limit) {
		return nil // most bodies: a few counts of bytes say no construct can reach the limit
	}
	m := meter{limit: limit, over: numConstructs}
	m.run(src)
	if m.over != numConstructs {
		return &Excess{Construct: m.over, Count: instances(src, m.over), Line: m.first[m.over], Limit: m.limit}
	}
	return nil
}

// run counts src block by block, stopping at the first construct over
// its limit.
func (m *meter) run(src []byte) {
	line := 1
	for off := 0; off < len(src); {
		// A block is a run of non-blank lines; start and end are offsets.
		start, startLine := off, line
		end := off
		lines := 0
		for end < len(src) {
			l, _, _ := bytes.Cut(src[end:], []byte{'\n'})
			if len(bytes.Trim(l, " \t\r")) == 0 {
				break
			}
			end += len(l) + 1
			lines++
		}
		end = min(end, len(src))
		if lines > 0 {
			m.block(src[start:end], startLine)
			if m.over != numConstructs {
				return
			}
		}
		// Skip the block and the blank line after it.
		line += lines
		off = end
		if nl := bytes.IndexByte(src[off:], '\n'); nl >= 0 {
			off += nl + 1
			line++
		} else {
			off = len(src)
		}
	}
}

// bounds returns, for each construct, at most how many steps the meter
// can count in src, from counts of a few bytes that take a fraction of
// the meter's pass. With n bytes, of which L "](", B backticks, M "*", "_"
// or "~" and R newlines:
//
//   - reference definitions: each of a block's definitions costs its lines,
//     and a block holds at most all of them: at most (2R+2)² over the
//     blocks (a block of r newlines counts r+1 lines);
//   - link destinations: each "](" costs at most its line: L·n;
//   - backtick runs: each run the meter starts from costs at most its
//     block: B·n;
//   - emphasis: each visit of a closer walks back over at most the M
//     delimiters, and the walk visits each delimiter once plus once per
//     marker a match consumes: 2M·M.
//
// TestBoundsHold checks them against the meter's counts.
func bounds(src []byte) [numConstructs]int64 {
	n := int64(len(src))
	r := int64(bytes.Count(src, []byte{'\n'}))
	m := int64(bytes.Count(src, []byte{'*'}) + bytes.Count(src, []byte{'_'}) + bytes.Count(src, []byte{'~'}))
	return [numConstructs]int64{
		RefDefinitions:   (2*r + 2) * (2*r + 2),
		LinkDestinations: int64(bytes.Count(src, []byte("]("))) * (n + 1),
		CodeSpanOpeners:  int64(bytes.Count(src, []byte{'`'})) * n,
		EmphasisMarkers:  2 * m * m,
	}
}

// fits reports whether every bound is within limit.
func fits(b [numConstructs]int64, limit int64) bool {
	for _, x := range b {
		if x > limit {
			return false
		}
	}
	return true
}

// meter counts the steps of each construct.
type meter struct {
	limit int64
	steps [numConstructs]int64
	count [numConstructs]int
	first [numConstructs]int // line of the first counted; 0 before
	over  Construct          // the construct over its limit, or numConstructs
	// delims is the emphasis model's delimiter list, reused across blocks.
	delims []delim
}

// add counts one instance of c at line, costing steps.
func (m *meter) add(c Construct, line int, steps int64) {
	if m.count[c] == 0 {
		m.first[c] = line
	}
	m.count[c]++
	m.steps[c] += steps
	if m.steps[c] > m.limit && m.over == numConstructs {
		m.over = c
	}
}

// spend counts steps of c that an instance of it costs goldmark even when
// it does no harm on its own (a link destination that closes, a code
// span that closes): enough of them are over the limit all the same,
// and the body is refused at line, the first place where c cost more
// than it had to.
func (m *meter) spend(c Construct, line int, steps int64) {
	m.steps[c] += steps
	if m.steps[c] > m.limit && m.over == numConstructs {
		if m.count[c] == 0 {
			m.first[c] = line
		}
		m.over = c
	}
}

// full reports whether c is over its limit: counting it further is moot.
func (m *meter) full(c Construct) bool { return m.steps[c] > m.limit }

// block counts one block, whose first line is line.
func (m *meter) block(b []byte, line int) {
	m.references(b, line)
	m.destinations(b, line)
	m.codeSpans(b, line)
	m.emphasis(b, line)
}

// references counts a block's reference definitions: goldmark's paragraph
// transformer, for each definition at the paragraph's start, copies the
// lines after it and looks lines up by index from the first.
func (m *meter) references(b []byte, line int) {
	lines := int64(bytes.Count(b, []byte{'\n'}) + 1)
	defs, firstLine := 0, 0
	for n := line; len(b) > 0; n++ {
		l, rest, _ := bytes.Cut(b, []byte{'\n'})
		l = bytes.TrimLeft(l, " \t>")
		if len(l) > 0 && l[0] == '[' && bytes.Contains(l, []byte("]:")) {
			if defs == 0 {
				firstLine = n
			}
			defs++
		}
		b = rest
	}
	if defs > 1 {
		for i := 0; i < defs && !m.full(RefDefinitions); i++ {
			m.add(RefDefinitions, firstLine, lines)
		}
	}
}

// destinations counts the bytes goldmark's link parser scans for the
// destination after each "](": to the ">" of "<…>", else to the space or
// the ")" that ends it, else to the end of the line.
func (m *meter) destinations(b []byte, line int) {
	for n := line; len(b) > 0 && !m.full(LinkDestinations); n++ {
		l, rest, _ := bytes.Cut(b, []byte{'\n'})
		b = rest
		for i := 0; i+1 < len(l) && !m.full(LinkDestinations); i++ {
			if l[i] != ']' || l[i+1] != '(' {
				continue
			}
			j := i + 2
			for j < len(l) && (l[j] == ' ' || l[j] == '\t') {
				j++
			}
			k, closed := scanDestination(l, j)
			if !closed {
				m.add(LinkDestinations, n, int64(k-j)+1)
			} else {
				m.spend(LinkDestinations, n, int64(k-j)+1)
			}
		}
	}
}

// scanDestination returns where the destination that starts at l[j]
// ends, and whether something ended it before the end of the line.
func scanDestination(l []byte, j int) (int, bool) {
	if j < len(l) && l[j] == '<' {
		for k := j + 1; k < len(l); k++ {
			switch {
			case l[k] == '\\' && k+1 < len(l) && isPunct(l[k+1]):
				k++
			case l[k] == '>':
				return k, true
			}
		}
		return len(l), false
	}
	opened := 0
	for k := j; k < len(l); k++ {
		switch c := l[k]; {
		case c == '\\' && k+1 < len(l) && isPunct(l[k+1]):
			k++
		case c == '(':
			opened++
		case c == ')':
			if opened--; opened < 0 {
				return k, true
			}
		case c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f':
			return k, true
		}
	}
	return len(l), false
}

// codeSpans counts the bytes goldmark's code span parser scans: from each
// backtick run, forward through the block for a run of the same length.
func (m *meter) codeSpans(b []byte, line int) {
	n := line
	for i := 0; i < len(b) && !m.full(CodeSpanOpeners); {
		switch b[i] {
		case '\n':
			n++
			i++
			continue
		case '\\':
			i += 2
			continue
		case '`':
		default:
			i++
			continue
		}
		run := runLength(b, i)
		j := i + run
		closed := false
		for j < len(b) {
			if b[j] != '`' {
				j++
				continue
			}
			r := runLength(b, j)
			if r == run {
				closed = true
				break
			}
			j += r
		}
		if closed {
			m.spend(CodeSpanOpeners, n, int64(j-i))
			n += bytes.Count(b[i:j], []byte{'\n'})
			i = j + run
			continue
		}
		m.add(CodeSpanOpeners, n, int64(len(b)-i))
		i += run
	}
}

// runLength returns how many copies of b[i] start at b[i].
func runLength(b []byte, i int) int {
	j := i
	for j < len(b) && b[j] == b[i] {
		j++
	}
	return j - i
}

// delim is a run of emphasis markers in the emphasis model.
type delim struct {
	char              byte
	canOpen, canClose bool
	length, original  int
	prev, next        int // list neighbours; -1 for none
	line              int
	removed           bool
}

// emphasis runs goldmark's ProcessDelimiters over a model of the block's
// delimiter list and counts each step back from a closer toward an opener.
// The model ignores links and code spans, which only ever shorten the
// walks.
func (m *meter) emphasis(b []byte, line int) {
	ds := m.delims[:0]
	n := line
	for i := 0; i < len(b); {
		c := b[i]
		switch c {
		case '\n':
			n++
			i++
			continue
		case '\\':
			i += 2
			continue
		case '*', '_', '~':
		default:
			i++
			continue
		}
		run := runLength(b, i)
		before, after := ' ', ' '
		if i > 0 {
			before, _ = utf8.DecodeLastRune(b[:i])
		}
		if i+run < len(b) {
			after, _ = utf8.DecodeRune(b[i+run:])
		}
		bp, bs, ap, as := isPunctRune(before), unicode.IsSpace(before), isPunctRune(after), unicode.IsSpace(after)
		left := !as && (!ap || bs || bp)
		right := !bs && (!bp || as || ap)
		d := delim{char: c, length: run, original: run, prev: len(ds) - 1, next: len(ds) + 1, line: n}
		if c == '_' {
			d.canOpen, d.canClose = left && (!right || bp), right && (!left || ap)
		} else {
			d.canOpen, d.canClose = left, right
		}
		ds = append(ds, d)
		i += run
	}
	if len(ds) > 0 {
		ds[len(ds)-1].next = -1
	}
	m.delims = ds
	remove := func(i int) {
		d := &ds[i]
		d.removed = true
		if d.prev >= 0 {
			ds[d.prev].next = d.next
		}
		if d.next >= 0 {
			ds[d.next].prev = d.prev
		}
	}
	for c := 0; c >= 0 && c < len(ds) && !m.full(EmphasisMarkers); {
		closer := &ds[c]
		if !closer.canClose {
			c = closer.next
			continue
		}
		var steps int64
		found, maybe := -1, false
		for o := closer.prev; o >= 0; o = ds[o].prev {
			steps++
			op := &ds[o]
			if op.canOpen && op.char == closer.char {
				maybe = true
				if consume(op, closer) > 0 {
					found = o
					break
				}
			}
		}
		if found < 0 {
			m.add(EmphasisMarkers, closer.line, steps)
			next := closer.next
			if !maybe && !closer.canOpen {
				remove(c)
			}
			c = next
			continue
		}
		m.spend(EmphasisMarkers, closer.line, steps)
		op := &ds[found]
		k := consume(op, closer)
		op.length -= k
		closer.length -= k
		for d := op.next; d >= 0 && d != c; {
			next := ds[d].next
			remove(d)
			d = next
		}
		if op.length == 0 {
			remove(found)
		}
		if closer.length == 0 {
			next := closer.next
			remove(c)
			c = next
		}
	}
}

// consume is how many markers an opener and a closer match, by
// CommonMark's rule of three.
func consume(op, cl *delim) int {
	if (op.canClose || cl.canOpen) && (op.original+cl.original)%3 == 0 && cl.original%3 != 0 {
		return 0
	}
	if op.length >= 2 && cl.length >= 2 {
		return 2
	}
	return 1
}

// isPunct reports whether c is ASCII punctuation, which a backslash escapes.
func isPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// isPunctRune reports whether r is punctuation or a symbol, as CommonMark
// counts them for emphasis.
func isPunctRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isPunct(byte(r))
	}
	return unicode.IsPunct(r) || unicode.IsSymbol(r)
}
