package gen

import (
	"bytes"
	"fmt"
	"github.com/bearing-dev/bearing/internal/document"
	"path"
	"strconv"
	"strings"
)

// render returns a node's whole file: frontmatter, a blank line, a body.
// Files average about 4 KB: each grows to at least 2.2 to 5 KB (the last
// section overshoots by a few hundred bytes), the body filling what the
// frontmatter leaves.
func (p *playbook) render(nd *node) []byte {
	w := &bodyWriter{p: p, nd: nd, used: map[string]bool{}}
	front, slack := p.front(nd)
	w.b.Write(front)
	// The body is as long as it would be with the default readings, so
	// that the number of readings changes nothing else.
	target := 2200 + p.rng.IntN(2800) - slack
	w.b.WriteByte('\n')
	w.lead()
	w.first()
	for w.b.Len() < target {
		w.section()
	}
	if w.footnote {
		w.b.WriteString("\n[^1]: From the interview notes of the research team, summarised and anonymised.\n")
	}
	return w.b.Bytes()
}

// bodyWriter writes one Markdown body.
type bodyWriter struct {
	p        *playbook
	nd       *node
	b        bytes.Buffer
	used     map[string]bool // headings already in this body
	tabled   bool
	footnote bool
}

// lead is the paragraph before the first heading.
func (w *bodyWriter) lead() {
	atoms := w.sentence()
	if w.p.rng.IntN(8) == 0 && !w.footnote {
		atoms[len(atoms)-1] += "[^1]"
		w.footnote = true
	}
	atoms = append(atoms, w.sentence()...)
	w.paragraph(atoms)
}

// first writes the heading every body of a kind starts with, and what a
// reader of that kind expects under it.
func (w *bodyWriter) first() {
	nd, p := w.nd, w.p
	w.heading(firstHeading[nd.kind])
	switch nd.kind {
	case "direction":
		w.paragraph(w.sentences(2))
		var items [][]string
		for _, ini := range nd.inis[:min(len(nd.inis), 8)] {
			items = append(items, append([]string{w.linkTo(ini)}, words("("+ini.status+", "+stageName(ini.stage)+")")...))
		}
		w.list(items, false)
	case "initiative":
		var steps [][]string
		for range 3 + p.rng.IntN(3) {
			steps = append(steps, w.sentence())
		}
		w.list(steps, true)
		atoms := words("This work advances")
		for i, d := range nd.advances {
			if i > 0 {
				atoms = append(atoms, "and")
			}
			atoms = append(atoms, w.linkTo(d))
		}
		atoms[len(atoms)-1] += "."
		w.paragraph(append(atoms, w.sentence()...))
	case "signal":
		m := metrics[nd.metric]
		atoms := words("We count " + strings.ToLower(m.name) + " in " + m.unit + ", from")
		atoms = append(atoms, "`"+p.pick(codeSpans)+"`", "and", "check", "it", p.pick(cadences)+".")
		atoms = append(atoms, words("It measures")...)
		for i, t := range nd.measures {
			if i > 0 {
				atoms = append(atoms, "and")
			}
			atoms = append(atoms, w.linkTo(t))
		}
		atoms[len(atoms)-1] += "."
		w.paragraph(atoms)
	case "review":
		w.tabled = true
		w.b.WriteString("| Direction | Decision | Stage |\n| --- | --- | --- |\n")
		for i, d := range nd.reviews {
			fmt.Fprintf(&w.b, "| [[%s]] | %s | %s |\n", d.id, nd.decisions[i], stageName(d.stage))
		}
		w.b.WriteByte('\n')
		if len(nd.eliminated) > 0 {
			w.paragraph(words("We cut the following work, all of it already finished or stopped:"))
			var items [][]string
			for _, ini := range nd.eliminated {
				items = append(items, append([]string{w.linkTo(ini)}, words("is "+ini.status+".")...))
			}
			w.list(items, false)
		}
	case "page":
		w.paragraph(w.sentences(3))
		if nd.path == "_index.md" {
			var items [][]string
			for _, d := range p.dirs[:min(len(p.dirs), 20)] {
				items = append(items, append([]string{w.linkTo(d)}, words("at "+stageName(d.stage))...))
			}
			w.list(items, false)
		}
	}
}

// section adds one more section of a random shape.
func (w *bodyWriter) section() {
	p := w.p
	switch p.rng.IntN(10) {
	case 0, 1, 2, 3:
		w.heading("")
		for range 1 + p.rng.IntN(3) {
			w.paragraph(w.sentences(3 + p.rng.IntN(3)))
		}
	case 4, 5:
		w.heading("")
		w.paragraph(w.sentences(1 + p.rng.IntN(2)))
		var items [][]string
		for range 3 + p.rng.IntN(4) {
			items = append(items, w.sentence())
		}
		w.list(items, p.rng.IntN(3) == 0)
	case 6:
		if w.tabled {
			w.paragraph(w.sentences(4))
			return
		}
		w.heading("")
		w.table()
	case 7:
		w.b.WriteString("> ")
		w.b.WriteString(strings.Join(w.plainAtoms(), " "))
		w.b.WriteString("\n\n")
		w.paragraph(w.sentences(2))
	case 8:
		w.paragraph(w.sentences(2))
		w.codeBlock()
	default:
		w.paragraph(w.sentences(3 + p.rng.IntN(4)))
	}
}

// heading writes a level-2 heading (sometimes level 3), never repeating
// one in the same body; "" picks an unused one.
func (w *bodyWriter) heading(h string) {
	if h == "" {
		for range 4 {
			if c := w.p.pick(headings); !w.used[c] {
				h = c
				break
			}
		}
		if h == "" {
			return // keep adding to the current section
		}
	}
	w.used[h] = true
	level := "## "
	if len(w.used) > 2 && w.p.rng.IntN(4) == 0 {
		level = "### "
	}
	w.b.WriteString(level + h + "\n\n")
}

// paragraph wraps atoms at 76 columns.
func (w *bodyWriter) paragraph(atoms []string) {
	for _, line := range wrap(atoms, 76) {
		w.b.WriteString(line)
		w.b.WriteByte('\n')
	}
	w.b.WriteByte('\n')
}

func (w *bodyWriter) list(items [][]string, ordered bool) {
	for i, it := range items {
		marker := "- "
		if ordered {
			marker = strconv.Itoa(i+1) + ". "
		}
		for j, line := range wrap(it, 72) {
			if j == 0 {
				w.b.WriteString(marker)
			} else {
				w.b.WriteString(strings.Repeat(" ", len(marker)))
			}
			w.b.WriteString(line)
			w.b.WriteByte('\n')
		}
	}
	w.b.WriteByte('\n')
}

// table writes the body's one table. Cells link with [[id]] or a path,
// never [[id|text]]: a pipe would split the cell.
func (w *bodyWriter) table() {
	w.tabled = true
	nd, p := w.nd, w.p
	switch nd.kind {
	case "direction":
		w.b.WriteString("| Initiative | Status | Stage | Owner |\n| --- | --- | --- | --- |\n")
		for _, ini := range nd.inis[:min(len(nd.inis), 6)] {
			fmt.Fprintf(&w.b, "| %s | %s | %s | %s |\n", w.tableLink(ini), ini.status, stageName(ini.stage), ini.owner)
		}
	case "initiative":
		w.b.WriteString("| Signal | Baseline | Target | Cadence |\n| --- | ---: | ---: | --- |\n")
		for _, s := range nd.advances[0].sigs[:min(len(nd.advances[0].sigs), 4)] {
			base := 5 + p.rng.IntN(60)
			fmt.Fprintf(&w.b, "| %s | %d | %d | %s |\n", w.tableLink(s), base, base+p.rng.IntN(30)+1, p.pick(cadences))
		}
	default:
		w.b.WriteString("| Quarter | Value | Note |\n| --- | ---: | --- |\n")
		for q := range 2 + p.rng.IntN(4) {
			fmt.Fprintf(&w.b, "| 2026 Q%d | %d.%d | %s |\n", q+1, 5+p.rng.IntN(90), p.rng.IntN(10), w.tableLink(w.target()))
		}
	}
	w.b.WriteByte('\n')
}

func (w *bodyWriter) tableLink(t *node) string {
	if w.p.rng.IntN(2) == 0 {
		return "[[" + t.id + "]]"
	}
	return "[" + t.title + "](" + relPath(w.nd.path, t.path) + ")"
}

func (w *bodyWriter) codeBlock() {
	if w.p.rng.IntN(2) == 0 {
		t := w.target()
		fmt.Fprintf(&w.b, "```yaml\n# how a file names this\nadvances: [%s]\nstage: %s\nstatus: active\n```\n\n", t.id, stageName(t.stage))
		return
	}
	fmt.Fprintf(&w.b, "```sql\nselect account_id, count(*) as jobs\nfrom jobs_daily\nwhere created_at >= date '2026-%02d-01'\ngroup by account_id\norder by jobs desc\nlimit %d;\n```\n\n", 1+w.p.rng.IntN(12), 10+w.p.rng.IntN(90))
}

// target picks a node to link to: mostly a neighbour, sometimes anything.
func (w *bodyWriter) target() *node {
	p, nd := w.p, w.nd
	var near []*node
	switch nd.kind {
	case "direction":
		near = append(append(append(near, nd.inis...), nd.sigs...), nd.revs...)
	case "initiative":
		near = append(append(append(near, nd.advances...), nd.signals...), nd.dependsOn...)
		near = append(near, nd.advances[0].inis[:min(len(nd.advances[0].inis), 6)]...)
	case "signal":
		near = nd.measures
	case "review":
		near = append(append(near, nd.reviews...), nd.eliminated...)
	}
	if len(near) > 0 && p.rng.IntN(4) != 0 {
		return near[p.rng.IntN(len(near))]
	}
	return p.all[p.rng.IntN(len(p.all))]
}

// linkTo writes a link to t in one of the forms the design allows.
func (w *bodyWriter) linkTo(t *node) string {
	frag := document.Slug(firstHeading[t.kind])
	switch w.p.rng.IntN(8) {
	case 0, 1, 2:
		return "[[" + t.id + "]]"
	case 3, 4:
		return "[[" + t.id + "|" + lowerFirst(t.title) + "]]"
	case 5:
		return "[[" + t.id + "#" + frag + "]]"
	case 6:
		return "[" + t.title + "](" + relPath(w.nd.path, t.path) + "#" + frag + ")"
	default:
		return "[" + t.title + "](" + relPath(w.nd.path, t.path) + ")"
	}
}

func (w *bodyWriter) sentences(n int) []string {
	var atoms []string
	for range n {
		atoms = append(atoms, w.sentence()...)
	}
	return atoms
}

// sentence returns a sentence of the body as atoms: words, and links or
// code spans that wrapping must not split.
func (w *bodyWriter) sentence() []string {
	p := w.p
	switch p.rng.IntN(12) {
	case 0:
		return append(words("See"), w.linkTo(w.target())+" for how we got here.")
	case 1:
		return append(append(words("It builds on"), w.linkTo(w.target()), "and", "feeds"), w.linkTo(w.target())+".")
	case 2:
		return append(words("We track it with"), "`"+p.pick(codeSpans)+"`", "and", "review", "it", p.pick(cadences)+".")
	case 3:
		return append(words("As"), append([]string{w.linkTo(w.target())}, words("showed, "+lowerFirst(p.pick(claims))+" is not a given.")...)...)
	case 4:
		return words("This is *not* a bet on the " + p.pick(products) + "; it is a bet on how " + p.pick(segments) + " work.")
	case 5:
		return words("Customers called it **the one thing** they would not give up \u2014 " + p.pick(evidence) + ".")
	case 6:
		return append(words("Before anything ships, run"), "`bearing check`", "and", "read", "the", "report", "from", w.linkTo(w.target())+".")
	}
	return w.plainAtoms()
}

func (w *bodyWriter) plainAtoms() []string { return words(w.p.sentenceText()) }

// sentenceText returns a sentence with no Markdown in it, fit for YAML.
func (p *playbook) sentenceText() string {
	switch p.rng.IntN(8) {
	case 0:
		return capitalize(p.pick(fillerNouns)) + " " + p.pick(fillerVerbs) + " " + p.pick(fillerObjects) +
			" when " + p.pick(segments) + " still rely on " + lowerFirst(p.pick(alternativesList)) + "."
	case 1:
		return fmt.Sprintf("In %d of %d interviews, %s told us that %s.", 5+p.rng.IntN(10), 15+p.rng.IntN(10), p.pick(segments), lowerFirst(p.pick(claims)))
	case 2:
		m := metrics[p.rng.IntN(len(metrics))]
		return fmt.Sprintf("We expect %s to move within %d weeks of launch.", strings.ToLower(m.name), 3+p.rng.IntN(10))
	case 3:
		return "The " + p.pick(products) + " matters because " + p.pick(fillerNouns) + " " + p.pick(fillerVerbs) + " " + p.pick(fillerObjects) + "."
	case 4:
		return p.pick(owners) + " owns the decision and writes it down before the next review."
	case 5:
		return fmt.Sprintf("Nothing here needs a new hire; it needs %d weeks of focus from the %s team.", 2+p.rng.IntN(8), p.pick(products))
	case 6:
		return "The risk is that " + lowerFirst(p.pick(claims)) + " turns out to be false, and then we stop."
	}
	return capitalize(p.pick(fillerNouns)) + " " + p.pick(fillerVerbs) + " " + p.pick(fillerObjects) + " today; " + p.pick(evidence) + "."
}

// prose returns n plain sentences.
func (p *playbook) prose(n int) string {
	s := make([]string, n)
	for i := range s {
		s[i] = p.sentenceText()
	}
	return strings.Join(s, " ")
}

func words(s string) []string { return strings.Fields(s) }

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// wrap joins atoms into lines of at most width bytes where it can. An atom
// that starts with a digit never starts a line: "1." there would begin a
// list, not continue the paragraph.
func wrap(atoms []string, width int) []string {
	var lines []string
	var cur strings.Builder
	for _, a := range atoms {
		if cur.Len() > 0 && cur.Len()+1+len(a) > width && !startsBlock(a) {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(a)
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// startsBlock reports whether a line starting with a would open a block
// (a list, quote, heading or table row) instead of continuing text.
func startsBlock(a string) bool {
	return a[0] >= '0' && a[0] <= '9' || strings.ContainsAny(a[:1], "-+*>#|=")
}

// relPath returns the relative path from the file at from to the file at
// to, both relative to content/.
func relPath(from, to string) string {
	var fd []string
	if d := path.Dir(from); d != "." {
		fd = strings.Split(d, "/")
	}
	ts := strings.Split(to, "/")
	td, file := ts[:len(ts)-1], ts[len(ts)-1]
	i := 0
	for i < len(fd) && i < len(td) && fd[i] == td[i] {
		i++
	}
	var parts []string
	for range fd[i:] {
		parts = append(parts, "..")
	}
	parts = append(append(parts, td[i:]...), file)
	if len(parts) == 1 {
		return "./" + file
	}
	return strings.Join(parts, "/")
}
