package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bearing-dev/bearing/internal/document"

	"github.com/bearing-dev/bearing/internal/model"
)

// searchEntry is one record of search-index.json.
type searchEntry struct {
	URL     string   `json:"url"`
	Title   string   `json:"title"`
	Kind    string   `json:"kind"`
	Summary string   `json:"summary,omitempty"`
	Tags    []string `json:"tags,omitempty"`
	Text    string   `json:"text"`
	// Fields are the node's text fields, each as [label, text], in the
	// field table's order: a search for a word of a direction's problem
	// or for an owner finds the node and names the field it is in.
	Fields [][2]string `json:"fields,omitempty"`
}

// searchTextLimit bounds the body text indexed per page, keeping the index
// small enough to load on a phone for a large playbook.
const searchTextLimit = 600

// searchFieldLimit bounds the text indexed per field; a field is a
// sentence or a short list, and its start is what a result shows.
const searchFieldLimit = 400

// Index is a data file of one JSON entry per shown node, in site order,
// each kept encoded: search-index.json. Replacing the entries of a few
// nodes encodes only theirs, so that an edit of one body does not encode
// ten thousand entries again. It is immutable.
type Index struct {
	// url makes an entry's URL; title names a linked node in the text.
	url   func(n *model.Node) string
	title func(n *model.Node, link int) string
	// head and tail wrap the array: nothing for JSON, a call for the
	// script that a page opened from disk loads (search-index.js).
	head, tail string
	at         map[string]int // entry by node file
	entries    [][]byte
}

// searchIndexScript is the call search-index.js makes with the index: a
// page opened from disk may not fetch a file, but may load a script.
const searchIndexScript = "window.bearingSearchIndex = "

// searchIndex makes search-index.json.
func (ru *run) searchIndex() *Index {
	x := &Index{url: ru.dataURL, title: ru.linkTitle,
		at: make(map[string]int, len(ru.visible)), entries: make([][]byte, 0, len(ru.visible))}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for _, n := range ru.visible {
		x.at[n.Path] = len(x.entries)
		x.entries = append(x.entries, x.entry(&b, enc, n))
	}
	return x
}

// searchScript makes search-index.js: the same entries as
// search-index.json, handed to the search page by a script.
func (ru *run) searchScript() *Index {
	x := ru.searchIndex()
	x.head, x.tail = searchIndexScript, ";\n"
	return x
}

// linkTitle is the title a body's link shows in its plain text: the
// node's title for a wiki link to a shown node, "" (its id) otherwise.
func (ru *run) linkTitle(n *model.Node, i int) string {
	if i < len(n.Links) && n.Links[i].Link == n.Body.Links[i] {
		// By id in this run's graph: the node a link names is the one
		// this render shows under that id.
		if t := n.Links[i].Node; t != nil {
			if cur := ru.in.Graph.ByID[t.ID]; cur != nil && ru.shown[cur] {
				return cur.Title()
			}
		}
	}
	return ""
}

// searchFields are the text fields of n, labelled, in the field table's
// order: every field whose value is text or a list of text, but the
// title, tags and summary, which the entry carries apart.
func searchFields(n *model.Node) [][2]string {
	var out [][2]string
	add := func(label string, parts ...string) {
		var b strings.Builder
		for _, p := range parts {
			if p = strings.Join(strings.Fields(p), " "); p == "" {
				continue
			}
			if b.Len() > 0 {
				b.WriteString("; ")
			}
			b.WriteString(p)
			if b.Len() >= searchFieldLimit {
				break
			}
		}
		if b.Len() > 0 {
			out = append(out, [2]string{label, clipText(b.String(), searchFieldLimit)})
		}
	}
	for fd := range document.Fields(n.Kind) {
		switch fd.Name {
		case "id", "kind", "title", "tags", "summary", "unit":
			continue
		}
		label := fd.Label
		if label == "" {
			label = strings.ToUpper(fd.Name[:1]) + strings.ReplaceAll(fd.Name[1:], "_", " ")
		}
		switch v := fd.Get(n.Front).(type) {
		case string:
			if fd.Type == document.String {
				add(label, v)
			}
		case []document.Item:
			if fd.RefKinds == nil {
				var ps []string
				for _, it := range v {
					ps = append(ps, it.Value)
				}
				add(label, ps...)
			}
		case []document.Assumption:
			var ps []string
			for _, a := range v {
				ps = append(ps, a.Claim)
			}
			add(label, ps...)
		case []document.NonGoal:
			var ps []string
			for _, g := range v {
				ps = append(ps, g.Statement)
			}
			add(label, ps...)
		}
	}
	return out
}

// clipText cuts s to at most limit bytes, at a word, with an ellipsis.
func clipText(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	cut := strings.LastIndexByte(s[:limit], ' ')
	if cut <= 0 {
		cut = limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return s[:cut] + "…"
}

// entry encodes n's entry with enc, which writes to b.
func (x *Index) entry(b *bytes.Buffer, enc *json.Encoder, n *model.Node) []byte {
	b.Reset()
	text := n.Body.PlainTextTitled(searchTextLimit, func(i int) string { return x.title(n, i) })
	// A searchEntry of strings always encodes.
	_ = enc.Encode(searchEntry{URL: x.url(n), Title: n.Title(), Kind: string(n.Kind),
		Summary: n.Front.Summary, Tags: n.Front.TagValues(), Text: text, Fields: searchFields(n)})
	return bytes.Clone(b.Bytes()[:b.Len()-1]) // Encode ends each value with a newline
}

// Replace returns the index with the entries of nodes made again from
// them. A node without an entry, one not shown, is left out: whether a
// node is shown is a matter of its frontmatter (Front), and a change of
// Front is rendered in full, never patched. An entry shows its own
// Front and Body and the titles (Front) of the nodes its body links to,
// so a change of Body alone changes only the entries of the nodes
// changed.
func (x *Index) Replace(nodes []*model.Node) *Index {
	y := *x
	y.entries = slices.Clone(x.entries)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for _, n := range nodes {
		if i, ok := x.at[n.Path]; ok {
			y.entries[i] = y.entry(&b, enc, n)
		}
	}
	return &y
}

// Bytes returns the file: the entries as a JSON array.
func (x *Index) Bytes() []byte {
	size := 2 + len(x.head) + len(x.tail)
	for _, e := range x.entries {
		size += len(e) + 1
	}
	out := make([]byte, 0, size)
	out = append(out, x.head...)
	out = append(out, '[')
	for i, e := range x.entries {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, e...)
	}
	out = append(out, ']')
	return append(out, x.tail...)
}

// marshalArray is json.Marshal of a slice, byte for byte, without
// json.Marshal's second copy of the whole output: the site's data files
// run to megabytes for a large playbook. size is a guess of the length.
func marshalArray[T any](items []T, size int) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(size)
	b.WriteByte('[')
	enc := json.NewEncoder(&b)
	if err := encodeItems(&b, len(items), "", func(i int) error { return enc.Encode(items[i]) }); err != nil {
		return nil, err
	}
	b.WriteByte(']')
	return b.Bytes(), nil
}

// listPrefix and listIndent are how an Encoder indents the items of a
// top-level list of alignment.json or history.json: json.MarshalIndent
// with two spaces, at the depth of those items.
const listPrefix, listIndent = "    ", "  "

// encodeItems writes n values into b, separated by commas, each after
// indent: encode writes the i-th as a json.Encoder does, ending with a
// newline.
func encodeItems(b *bytes.Buffer, n int, indent string, encode func(i int) error) error {
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(indent)
		if err := encode(i); err != nil {
			return err
		}
		b.Truncate(b.Len() - 1) // Encode ends each value with a newline
	}
	return nil
}

// encodeList writes the field name (quoted) of a top-level JSON list of n
// items, one a line, indented by two spaces as alignment.json and
// history.json are, each after listPrefix; encode writes the i-th item,
// ending with a newline, as a json.Encoder does.
func encodeList(b *bytes.Buffer, name string, n int, encode func(i int) error) error {
	b.WriteString("  " + name + ": [")
	if err := encodeItems(b, n, "\n"+listPrefix, encode); err != nil {
		return err
	}
	if n > 0 {
		b.WriteString("\n  ")
	}
	b.WriteByte(']')
	return nil
}

// alignment.json: the graph as data.
type graphJSON struct {
	Nodes []nodeJSON `json:"nodes"`
	Edges []edgeJSON `json:"edges"`
}

type nodeJSON struct {
	ID     string   `json:"id"`
	Kind   string   `json:"kind"`
	Title  string   `json:"title"`
	Status string   `json:"status,omitempty"`
	Stage  string   `json:"stage,omitempty"`
	URL    string   `json:"url"`
	Tags   []string `json:"tags,omitempty"`
	// Fields holds the fields the field table exports (Field.Export),
	// those the node sets.
	Fields map[string]any `json:"fields,omitempty"`
	// A signal's figures, its progress and its readings in date order.
	Unit     string       `json:"unit,omitempty"`
	Baseline *float64     `json:"baseline,omitempty"`
	Target   *float64     `json:"target,omitempty"`
	Current  *float64     `json:"current,omitempty"`
	Better   string       `json:"better,omitempty"`
	Progress string       `json:"progress,omitempty"`
	Readings readingsJSON `json:"readings,omitempty"`
	// ReadingsFrom is "git" when the readings are the signal's current
	// values over the commits: its file records none.
	ReadingsFrom string `json:"readings_from,omitempty"`
}

// readingsJSON are a signal's readings as alignment.json lists them,
// each {"date", "value", "note"}, the note left out when empty. They
// write themselves, the bytes encoding/json makes of such structs: a
// playbook has tens of thousands of readings, and reflection on each
// cost more than the rest of a signal's record.
type readingsJSON []document.Reading

// MarshalJSON writes the readings as a JSON array.
func (rs readingsJSON) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 2+len(rs)*36)
	b = append(b, '[')
	for i, r := range rs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"date":"`...)
		b = appendDateOnly(b, r.Date)
		b = append(b, `","value":`...)
		var err error
		if b, err = appendJSONFloat(b, r.Value); err != nil {
			return nil, err
		}
		if r.Note != "" {
			note, err := json.Marshal(r.Note)
			if err != nil {
				return nil, err
			}
			b = append(append(b, `,"note":`...), note...)
		}
		b = append(b, '}')
	}
	return append(b, ']'), nil
}

// appendJSONFloat appends a float64 as encoding/json writes it: as
// strconv's shortest 'f' form, and through encoding/json itself for the
// exponent form of the very small and very large and for what JSON
// cannot hold.
func appendJSONFloat(b []byte, x float64) ([]byte, error) {
	if a := math.Abs(x); math.IsNaN(x) || math.IsInf(x, 0) || (a != 0 && (a < 1e-6 || a >= 1e21)) {
		j, err := json.Marshal(x)
		if err != nil {
			return nil, fmt.Errorf("reading value: %w", err)
		}
		return append(b, j...), nil
	}
	return strconv.AppendFloat(b, x, 'f', -1, 64), nil
}

// nodeData is a node as alignment.json records it.
func nodeData(n *model.Node, f *document.Front, fromGit bool, url string) nodeJSON {
	nj := nodeJSON{ID: n.ID, Kind: string(n.Kind), Title: n.Title(), Status: f.Status, Stage: f.Stage, URL: url, Tags: f.TagValues()}
	for fd := range document.Fields(n.Kind) {
		if fd.Export && f.Has(fd.Name) {
			if nj.Fields == nil {
				nj.Fields = map[string]any{}
			}
			nj.Fields[fd.Name] = fd.Get(f)
		}
	}
	if n.Kind == document.Signal {
		p, _ := model.SignalProgress(f)
		nj.Unit, nj.Baseline, nj.Target, nj.Current, nj.Better, nj.Progress = f.Unit, f.Baseline, f.Target, f.Current, f.Better, string(p)
		nj.Readings = readingsJSON(f.History)
		if fromGit {
			nj.ReadingsFrom = "git"
		}
	}
	return nj
}

type edgeJSON struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Field string `json:"field"`
}

// Graph returns the alignment graph's nodes and edges as data, for
// alignment.json and `bearing graph --format json`.
func Graph(g *model.Graph, visible func(*model.Node) bool, url func(*model.Node) string) ([]byte, error) {
	return graphData(g, visible, url, nil)
}

// graphData is Graph with each signal's figures drawn from front (its
// frontmatter, or the copy with its readings from git), when set.
func graphData(g *model.Graph, visible func(*model.Node) bool, url func(*model.Node) string, front func(*model.Node) (*document.Front, bool)) ([]byte, error) {
	out := graphJSON{Nodes: []nodeJSON{}, Edges: []edgeJSON{}}
	for _, n := range g.Nodes {
		if !visible(n) {
			continue
		}
		f, fromGit := n.Front, false
		if front != nil {
			f, fromGit = front(n)
		}
		out.Nodes = append(out.Nodes, nodeData(n, f, fromGit, url(n)))
		for _, e := range n.Out {
			if visible(e.To) {
				out.Edges = append(out.Edges, edgeJSON{From: n.ID, To: e.To.ID, Field: e.Field})
			}
		}
	}
	return out.marshal()
}

// marshal is json.MarshalIndent(g, "", "  "), byte for byte, written a
// node and an edge at a time instead of through a compact copy of the
// whole graph and an indented one.
func (g graphJSON) marshal() ([]byte, error) {
	var b bytes.Buffer
	// About what each takes, indented: a larger guess would be memory
	// held for nothing, a smaller one a copy of all that was written.
	readings := 0
	for _, n := range g.Nodes {
		readings += len(n.Readings)
	}
	b.Grow(len(g.Nodes)*420 + len(g.Edges)*155 + readings*76)
	enc := json.NewEncoder(&b)
	enc.SetIndent(listPrefix, listIndent)
	b.WriteString("{\n")
	if err := encodeList(&b, `"nodes"`, len(g.Nodes), func(i int) error { return encodeNode(&b, enc, g.Nodes[i]) }); err != nil {
		return nil, err
	}
	b.WriteString(",\n")
	if err := encodeList(&b, `"edges"`, len(g.Edges), func(i int) error { return enc.Encode(g.Edges[i]) }); err != nil {
		return nil, err
	}
	b.WriteString("\n}")
	return b.Bytes(), nil
}

// encodeNode writes a node as enc (indenting with listPrefix and
// listIndent) writes it, but for its readings, which it writes in that
// indented form itself: enc would check the readings' bytes and indent
// them again, and they are half of a large playbook's alignment.json.
func encodeNode(b *bytes.Buffer, enc *json.Encoder, n nodeJSON) error {
	rs, from := n.Readings, n.ReadingsFrom
	if len(rs) == 0 {
		return enc.Encode(n)
	}
	n.Readings, n.ReadingsFrom = nil, "" // the last two fields: the rest comes before them
	if err := enc.Encode(n); err != nil {
		return err
	}
	const (
		end     = "\n" + listPrefix + "}\n" // how enc ends a node
		field   = listPrefix + listIndent
		reading = field + listIndent
		inner   = reading + listIndent
	)
	if !bytes.HasSuffix(b.Bytes(), []byte(end)) {
		return fmt.Errorf("node %s: the encoder did not end it with %q", n.ID, end)
	}
	b.Truncate(b.Len() - len(end))
	out := b.AvailableBuffer()
	out = append(out, ",\n"+field+`"readings": [`...)
	for i, r := range rs {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, "\n"+reading+"{\n"+inner+`"date": "`...)
		out = appendDateOnly(out, r.Date)
		out = append(out, "\",\n"+inner+`"value": `...)
		var err error
		if out, err = appendJSONFloat(out, r.Value); err != nil {
			return err
		}
		if r.Note != "" {
			note, err := json.Marshal(r.Note)
			if err != nil {
				return err
			}
			out = append(append(out, ",\n"+inner+`"note": `...), note...)
		}
		out = append(out, "\n"+reading+"}"...)
	}
	out = append(out, "\n"+field+"]"...)
	if from != "" {
		q, err := json.Marshal(from)
		if err != nil {
			return err
		}
		out = append(append(out, ",\n"+field+`"readings_from": `...), q...)
	}
	out = append(out, end...)
	b.Write(out)
	return nil
}

func (ru *run) alignmentJSON() ([]byte, error) {
	return graphData(ru.in.Graph, func(n *model.Node) bool { return ru.shown[n] }, ru.url, ru.signalFront)
}

func (ru *run) sitemap() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	loc := func(p string) {
		b.WriteString("  <url><loc>")
		_ = xml.EscapeText(&b, []byte(ru.absolute(p)))
		b.WriteString("</loc></url>\n")
	}
	loc("")
	for _, n := range ru.visible {
		if n != ru.in.Graph.Home {
			loc(n.URL)
		}
	}
	for _, p := range []string{"directions/", "initiatives/", "signals/", "reviews/", "stages/", "matrix/", "health/", "drift/", "search/", "brief/", "owners/"} {
		loc(p)
	}
	for _, s := range ru.owners.names {
		loc("owners/" + s + "/")
	}
	if ru.hasPlainPages() {
		loc("pages/")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes(), nil
}

// absolute returns a full URL when the base URL has a host, else a path.
func (ru *run) absolute(p string) string {
	if ru.abs != "" {
		return fmt.Sprint(ru.abs, p)
	}
	return ru.base + p
}
