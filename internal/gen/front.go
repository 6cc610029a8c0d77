package gen

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bearing-dev/bearing/internal/document"
)

// front writes a node's frontmatter, YAML or TOML, delimiters included.
func (p *playbook) front(nd *node) (front []byte, slack int) {
	var f fields
	f.toml = nd.toml
	f.str("title", nd.title)
	f.str("owner", nd.owner)
	switch nd.kind {
	case "direction":
		p.directionFront(&f, nd)
	case "initiative":
		p.initiativeFront(&f, nd)
	case "signal":
		p.signalFront(&f, nd)
	case "review":
		p.reviewFront(&f, nd)
	case "page":
		p.pageFront(&f, nd)
	}
	var b bytes.Buffer
	delim := "---\n"
	if f.toml {
		delim = "+++\n"
	}
	b.WriteString(delim)
	b.Write(p.inTableOrder(&f, document.Kind(nd.kind)))
	b.WriteString(delim)
	return b.Bytes(), f.slack
}

// inTableOrder returns what f holds, field by field in the order of the
// field table, with a value made from its type for each field of the
// kind that the generator does not know (handledFields): a field added
// to the table is generated as soon as it is added.
func (p *playbook) inTableOrder(f *fields, k document.Kind) []byte {
	written := map[string][]byte{}
	for i, m := range f.marks {
		end := f.b.Len()
		if i+1 < len(f.marks) {
			end = f.marks[i+1].at
		}
		written[m.name] = f.b.Bytes()[m.at:end]
	}
	handled := handledFields()
	var out bytes.Buffer
	for fd := range document.Fields(k) {
		if w, ok := written[fd.Name]; ok {
			out.Write(w)
			delete(written, fd.Name)
			continue
		}
		if !slices.Contains(handled, fd.Name) {
			g := fields{toml: f.toml}
			p.plainValue(&g, fd)
			out.Write(g.b.Bytes())
		}
	}
	for _, m := range f.marks { // none: every field written is the kind's
		if w, ok := written[m.name]; ok {
			out.Write(w)
		}
	}
	return out.Bytes()
}

// handledFields are the fields the generator writes by knowing what they
// mean (a stage its direction allows, readings along a cadence...) or
// leaves out on purpose: id and kind (a file's path gives them), draft
// (a generated playbook has none), data (its readings are written in
// history) and target_date (a date would make some signals at risk, and
// a generated playbook checks clean).
func handledFields() []string {
	return []string{
		"id", "kind", "draft", "data", "target_date",
		"title", "owner", "status", "tags", "summary", "next_review", "weight",
		"problem", "for_whom", "why_we_win", "alternatives", "must_be_true", "non_goals", "stage",
		"advances", "rationale", "signals", "depends_on", "start", "due",
		"measures", "unit", "baseline", "target", "current", "better", "cadence", "source", "history",
		"date", "reviews", "decisions", "eliminated",
	}
}

// plainValue writes a value for a field by its type alone, for a field
// the generator knows nothing more of. Values that must name other nodes
// or follow rules (references, assumptions, decisions, readings...) need
// the generator to know the field: TestEveryFieldGenerated says which.
func (p *playbook) plainValue(f *fields, fd document.Field) {
	switch fd.Type {
	case document.String:
		f.str(fd.Name, p.sentenceText())
	case document.Strings:
		f.list(fd.Name, p.tags(workTags, 1+p.rng.IntN(2)))
	case document.Bool:
		f.number(fd.Name, strconv.FormatBool(p.rng.IntN(2) == 0))
	case document.Int:
		if fd.Max > 0 {
			f.int(fd.Name, fd.Min+p.rng.IntN(fd.Max-fd.Min+1))
		} else {
			f.int(fd.Name, p.rng.IntN(100))
		}
	case document.Number:
		f.number(fd.Name, strconv.Itoa(p.rng.IntN(1000)))
	case document.Date:
		f.date(fd.Name, p.futureDate())
	case document.Enum:
		if len(fd.Values) > 0 {
			f.str(fd.Name, p.pick(fd.Values))
		}
	}
}

// plainType reports whether plainValue can make a value of a field.
func plainType(fd document.Field) bool {
	switch fd.Type {
	case document.String, document.Strings, document.Bool, document.Int, document.Number, document.Date:
		return true
	case document.Enum:
		return len(fd.Values) > 0
	}
	return false
}

func (p *playbook) directionFront(f *fields, d *node) {
	if d.status != "active" || p.rng.IntN(2) == 0 {
		f.str("status", d.status)
	}
	if d.stage != validate || p.rng.IntN(2) == 0 {
		f.str("stage", stageName(d.stage))
	}
	f.int("weight", p.rng.IntN(20))
	f.list("tags", p.tags(workTags, 1+p.rng.IntN(2)))
	f.str("summary", p.sentenceText())
	if d.status != "retired" {
		f.date("next_review", p.futureDate())
	}
	f.folded("problem", p.prose(3+p.rng.IntN(3)))
	f.folded("for_whom", "We serve "+p.pick(segments)+" and "+p.pick(segments)+". "+p.prose(1+p.rng.IntN(2)))
	f.folded("why_we_win", p.prose(3+p.rng.IntN(3)))
	var alts []string
	for _, i := range p.rng.Perm(len(alternativesList))[:2+p.rng.IntN(3)] {
		alts = append(alts, alternativesList[i])
	}
	f.blockList("alternatives", alts)

	f.key("must_be_true")
	for _, i := range p.rng.Perm(len(claims))[:2+p.rng.IntN(4)] {
		claim := claims[i]
		status := "validated"
		// Past validate every assumption must be validated, with its
		// evidence; at validate they are still being tested.
		if d.stage == validate {
			status = []string{"untested", "testing", "validated", "invalidated"}[p.weighted(3, 3, 3, 1)]
		}
		switch {
		case status == "untested" && p.rng.IntN(2) == 0:
			f.item(claim)
		case status == "untested" || status == "testing":
			f.object("claim", claim, "status", status)
		default:
			f.object("claim", claim, "status", status, "evidence", p.pick(evidence))
		}
	}
	f.key("non_goals")
	for k, i := range p.rng.Perm(len(nonGoalStatements))[:2+p.rng.IntN(3)] {
		if k == 0 || p.rng.IntN(2) == 0 {
			f.objectTags("statement", nonGoalStatements[i], "tags", p.tags(nonGoalTags, 1+p.rng.IntN(2)))
		} else {
			f.item(nonGoalStatements[i])
		}
	}
}

func (p *playbook) initiativeFront(f *fields, ini *node) {
	if ini.status != "active" || p.rng.IntN(2) == 0 {
		f.str("status", ini.status)
	}
	if ini.stage != validate || p.rng.IntN(2) == 0 {
		f.str("stage", stageName(ini.stage))
	}
	flow := p.rng.IntN(2) == 0
	f.refs("advances", ini.advances, flow)
	f.str("rationale", "It moves "+lowerFirst(ini.advances[0].title)+" forward because "+lowerFirst(p.pick(claims))+".")
	if len(ini.signals) > 0 {
		f.refs("signals", ini.signals, flow)
	}
	if len(ini.dependsOn) > 0 {
		f.refs("depends_on", ini.dependsOn, flow)
	}
	start := time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, p.rng.IntN(500))
	span := 60 + p.rng.IntN(340)
	due := start.AddDate(0, 0, span)
	if today, _ := time.Parse(time.DateOnly, Today); ini.status == "active" && due.Before(today) {
		// Active work is not overdue on Today (speed/overdue); the span
		// keeps the dates as varied as before, without another draw.
		due = today.AddDate(0, 0, span)
	}
	f.date("start", start)
	f.date("due", due)
	f.list("tags", p.tags(workTags, 1+p.rng.IntN(3)))
	f.str("summary", p.sentenceText())
	if ini.status == "active" && p.rng.IntN(3) == 0 {
		f.date("next_review", p.futureDate())
	}
}

func (p *playbook) signalFront(f *fields, s *node) {
	m := metrics[s.metric]
	f.refs("measures", s.measures, p.rng.IntN(2) == 0)
	f.str("unit", m.unit)
	base := 5 + p.rng.IntN(60)
	delta := 2 + p.rng.IntN(base/2+2)
	target := base + delta
	if m.down {
		target = max(1, base-delta)
	}
	f.number("baseline", strconv.Itoa(base))
	f.number("target", strconv.Itoa(target))
	cur := float64(int((float64(base)+float64(target-base)*p.rng.Float64())*10)) / 10
	if p.rng.IntN(4) != 0 {
		f.number("current", strconv.FormatFloat(cur, 'f', 1, 64))
	}
	if m.down {
		f.str("better", "down")
	} else if p.rng.IntN(2) == 0 {
		f.str("better", "up")
	}
	cadence := p.pick(cadences)
	f.str("cadence", cadence)
	p.readings(f, cadence, float64(base), cur)
	f.str("source", p.pick(sources))
	f.list("tags", p.tags(workTags, 1+p.rng.IntN(2)))
	f.str("summary", p.sentenceText())
}

// noiseDraws is how many draws of the playbook's random stream a
// signal's readings take, whatever their number: the first 23 readings
// of the default 24 each take one, and taking as many for any other
// number keeps the rest of the playbook the same.
const noiseDraws = DefaultReadings - 1

// readings writes a signal's history: p.readingsPerSignal readings, one
// per cadence, the last half a cadence before Today (so none is stale),
// going from near the baseline to cur, the last, with some noise that
// never crosses the baseline (so none is worse). With none, it writes no
// history field. Whatever their number, it takes the same draws and
// sets f.slack to what the default history would have taken more, so
// that the rest of the playbook is the same.
func (p *playbook) readings(f *fields, cadence string, base, cur float64) {
	var noise [noiseDraws]float64
	for i := range noise {
		noise[i] = p.rng.Float64() - 0.5
	}
	rows := func(n int) [][2]string {
		every, _ := document.CadenceDays(cadence)
		today, _ := time.Parse(time.DateOnly, Today)
		last := today.AddDate(0, 0, -every/2)
		out := make([][2]string, n)
		for i := range n {
			share := float64(i+1) / float64(n)
			v := base + (cur-base)*share
			if i < n-1 {
				v += (cur - base) * 0.05 * noise[i%noiseDraws] * share
			} else {
				v = cur // the latest is the current value
			}
			day := last.AddDate(0, 0, -every*(n-1-i))
			out[i] = [2]string{day.Format(time.DateOnly), strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)}
		}
		return out
	}
	n := p.readingsPerSignal
	before := f.b.Len()
	if n > 0 {
		f.readings("history", rows(n))
	}
	if n != DefaultReadings {
		def := fields{toml: f.toml}
		def.readings("history", rows(DefaultReadings))
		f.slack += def.b.Len() - (f.b.Len() - before)
	}
}

func (p *playbook) reviewFront(f *fields, r *node) {
	f.date("date", r.date)
	f.refs("reviews", r.reviews, p.rng.IntN(2) == 0)
	f.key("decisions")
	for i, d := range r.reviews {
		f.pair(d.id, r.decisions[i])
	}
	if len(r.eliminated) > 0 {
		f.refs("eliminated", r.eliminated, true)
	}
	f.list("tags", []string{"quarterly"})
	f.str("summary", p.sentenceText())
	f.date("next_review", p.futureDate())
}

func (p *playbook) pageFront(f *fields, pg *node) {
	f.str("summary", p.sentenceText())
	if p.rng.IntN(3) == 0 {
		f.list("tags", p.tags(workTags, 1))
	}
	if p.rng.IntN(4) == 0 {
		f.int("weight", p.rng.IntN(10))
	}
}

// tags returns n distinct tags from list.
func (p *playbook) tags(list []string, n int) []string {
	var out []string
	for _, i := range p.rng.Perm(len(list))[:n] {
		out = append(out, list[i])
	}
	return out
}

// fields writes frontmatter fields in YAML or TOML. TOML has no way to
// mix tables into a document after plain keys as YAML does, so nested
// values (must_be_true, non_goals, decisions) are YAML only: only signals
// and pages are ever written as TOML.
type fields struct {
	b    bytes.Buffer
	toml bool
	// marks says where each field's text starts in b, so that the fields
	// can be put in the table's order (inTableOrder).
	marks []mark
	// slack is how many bytes more the fields would take with the
	// default readings (DefaultReadings): the body is as long as it
	// would be with them.
	slack int
}

type mark struct {
	name string
	at   int
}

// begin marks the start of field k's text.
func (f *fields) begin(k string) {
	if n := len(f.marks); n > 0 && f.marks[n-1] == (mark{k, f.b.Len()}) {
		return // a writer that calls another, such as readings calling key
	}
	f.marks = append(f.marks, mark{k, f.b.Len()})
}

func (f *fields) str(k, v string) {
	f.begin(k)
	if f.toml {
		fmt.Fprintf(&f.b, "%s = %s\n", k, strconv.Quote(v))
		return
	}
	fmt.Fprintf(&f.b, "%s: %s\n", k, yamlScalar(v))
}

func (f *fields) int(k string, v int) { f.number(k, strconv.Itoa(v)) }

func (f *fields) number(k, v string) {
	f.begin(k)
	if f.toml {
		fmt.Fprintf(&f.b, "%s = %s\n", k, v)
		return
	}
	fmt.Fprintf(&f.b, "%s: %s\n", k, v)
}

func (f *fields) date(k string, t time.Time) { f.number(k, t.Format(time.DateOnly)) }

func (f *fields) list(k string, vs []string) {
	f.begin(k)
	if f.toml {
		q := make([]string, len(vs))
		for i, v := range vs {
			q[i] = strconv.Quote(v)
		}
		fmt.Fprintf(&f.b, "%s = [%s]\n", k, strings.Join(q, ", "))
		return
	}
	fmt.Fprintf(&f.b, "%s: [%s]\n", k, strings.Join(vs, ", "))
}

func (f *fields) refs(k string, ns []*node, flow bool) {
	ids := make([]string, len(ns))
	for i, n := range ns {
		ids[i] = n.id
	}
	if flow || f.toml {
		f.list(k, ids)
		return
	}
	f.blockList(k, ids)
}

func (f *fields) blockList(k string, vs []string) {
	f.key(k)
	for _, v := range vs {
		f.item(v)
	}
}

// readings writes a list of {date, value}: a YAML block list of flow
// maps, or a TOML array of inline tables.
func (f *fields) readings(k string, rows [][2]string) {
	f.begin(k)
	if f.toml {
		fmt.Fprintf(&f.b, "%s = [\n", k)
		for _, r := range rows {
			fmt.Fprintf(&f.b, "  {date = %s, value = %s},\n", r[0], r[1])
		}
		f.b.WriteString("]\n")
		return
	}
	f.key(k)
	for _, r := range rows {
		fmt.Fprintf(&f.b, "  - {date: %s, value: %s}\n", r[0], r[1])
	}
}

func (f *fields) key(k string) {
	f.begin(k)
	fmt.Fprintf(&f.b, "%s:\n", k)
}

func (f *fields) item(v string) { fmt.Fprintf(&f.b, "  - %s\n", yamlScalar(v)) }

func (f *fields) pair(k, v string) { fmt.Fprintf(&f.b, "  %s: %s\n", k, yamlScalar(v)) }

// object writes one list item that is a map of the given key-value pairs.
func (f *fields) object(kv ...string) {
	for i := 0; i < len(kv); i += 2 {
		lead := "    "
		if i == 0 {
			lead = "  - "
		}
		fmt.Fprintf(&f.b, "%s%s: %s\n", lead, kv[i], yamlScalar(kv[i+1]))
	}
}

func (f *fields) objectTags(sk, statement, tk string, tags []string) {
	fmt.Fprintf(&f.b, "  - %s: %s\n    %s: [%s]\n", sk, yamlScalar(statement), tk, strings.Join(tags, ", "))
}

// folded writes a long text as a YAML folded block, wrapped at 72 columns.
func (f *fields) folded(k, text string) {
	f.begin(k)
	fmt.Fprintf(&f.b, "%s: >\n", k)
	for _, line := range wrap(strings.Fields(text), 70) {
		fmt.Fprintf(&f.b, "  %s\n", line)
	}
}

// yamlScalar returns s as a plain YAML scalar when that reads back as the
// same string, else double-quoted.
func yamlScalar(s string) string {
	if s == "" || strings.ContainsAny(s[:1], "-?:,[]{}#&*!|>'\"%@`") ||
		strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") ||
		strings.TrimSpace(s) != s {
		return strconv.Quote(s)
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~":
		return strconv.Quote(s)
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return strconv.Quote(s)
	}
	return s
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
