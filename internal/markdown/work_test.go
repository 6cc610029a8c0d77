package markdown

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/bearing-dev/bearing/internal/markdown/pathological"
)

// Work budget at fuzzing's scale. Overrun's floor of 20 million steps
// hides every quadratic in an input of a few kilobytes, so the fuzz
// target runs the same pre-scan with fuzzFloor instead; an input it
// accepts may cost goldmark at most workPerByte counted units a byte
// plus workFloor. Four constructs at fuzzFloor + stepsPerByte a byte
// each, and goldmark's linear reading of every byte a few times over,
// fit with room to spare: real documents and the CommonMark spec
// examples cost about 1.5 a byte at most (TestWorkOfRealText).
const (
	fuzzFloor   = 1_000
	workPerByte = 40
	workFloor   = 8 * fuzzFloor
)

// workBudget returns how many units goldmark may spend on n bytes that
// the pre-scan at fuzzing's scale accepts.
func workBudget(n int) int64 { return workFloor + workPerByte*int64(n) }

// work counts what goldmark does parsing one body, at the seams its
// parser offers, without its code: every text.Reader goldmark hands an
// inline parser or a paragraph transformer, the delimiter processors it
// asks while matching emphasis, and the definitions the reference
// transformer takes out of a paragraph. It sees what the four quadratic
// loops do through those seams — a link destination or a code span
// scanned and given back, a walk from an emphasis closer to each opener
// it asks, the lines moved after each reference definition — and not
// what a loop does only on a slice it already holds: the scan of a "<…"
// destination that finds no ">", the part of an emphasis walk past the
// last opener it asks.
type work struct {
	// read is the bytes readers moved over, counting again what a
	// parser gave back and read a second time.
	read int64
	// walked is the delimiters emphasis matching stepped over.
	walked int64
	// moved is the paragraph lines the reference transformer moved.
	moved int64
	// closer is the emphasis closer whose walk is under way, from the
	// delimiter the walk has reached.
	closer, from *parser.Delimiter
}

// total is all the work counted.
func (w *work) total() int64 { return w.read + w.walked + w.moved }

func (w *work) String() string {
	return fmt.Sprintf("%d (read %d, walked %d, moved %d)", w.total(), w.read, w.walked, w.moved)
}

// walk counts goldmark's steps back from closer to opener.
func (w *work) walk(opener, closer *parser.Delimiter) {
	if closer != w.closer {
		w.closer, w.from = closer, closer
	}
	for d := w.from.PreviousDelimiter; d != nil; d = d.PreviousDelimiter {
		w.walked++
		if d == opener {
			break
		}
	}
	w.from = opener
}

// countingReader is a text.Reader that counts the bytes it moves over.
type countingReader struct {
	text.Reader
	w *work
}

func (r countingReader) rest() {
	l, _ := r.PeekLine()
	r.w.read += int64(len(l))
}

// moved runs f and counts how far it moved the reader forward.
func (r countingReader) moved(f func()) {
	_, before := r.Position()
	f()
	if _, after := r.Position(); after.Start > before.Start {
		r.w.read += int64(after.Start - before.Start)
	}
}

func (r countingReader) ReadRune() (rune, int, error) {
	c, n, err := r.Reader.ReadRune()
	r.w.read += int64(n)
	return c, n, err
}

func (r countingReader) Advance(n int) {
	r.w.read += int64(max(n, 0))
	r.Reader.Advance(n)
}

func (r countingReader) AdvanceAndSetPadding(n, padding int) {
	r.w.read += int64(max(n, 0))
	r.Reader.AdvanceAndSetPadding(n, padding)
}

func (r countingReader) AdvanceToEOL() {
	r.rest()
	r.Reader.AdvanceToEOL()
}

func (r countingReader) AdvanceLine() {
	r.rest()
	r.Reader.AdvanceLine()
}

func (r countingReader) SkipSpaces() (seg text.Segment, n int, ok bool) {
	r.moved(func() { seg, n, ok = r.Reader.SkipSpaces() })
	return seg, n, ok
}

func (r countingReader) SkipBlankLines() (seg text.Segment, n int, ok bool) {
	r.moved(func() { seg, n, ok = r.Reader.SkipBlankLines() })
	return seg, n, ok
}

func (r countingReader) FindClosure(opener, closer byte, opts text.FindClosureOptions) (segs *text.Segments, ok bool) {
	r.moved(func() { segs, ok = r.Reader.FindClosure(opener, closer, opts) })
	return segs, ok
}

// countingInline is an inline parser whose reader counts, and whose
// delimiters count the walks of emphasis matching.
type countingInline struct {
	parser.InlineParser
	w *work
}

func (p countingInline) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	n := p.InlineParser.Parse(parent, countingReader{block, p.w}, pc)
	if d, ok := n.(*parser.Delimiter); ok {
		d.Processor = countingProcessor{d.Processor, p.w}
	}
	return n
}

// CloseBlock passes the call on to a parser that closes blocks
// (goldmark's link parser), with a counting reader.
func (p countingInline) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	if cb, ok := p.InlineParser.(parser.CloseBlocker); ok {
		cb.CloseBlock(parent, countingReader{block, p.w}, pc)
	}
}

// SetOption passes an option on to a parser that takes options
// (linkify).
func (p countingInline) SetOption(name parser.OptionName, value any) {
	if so, ok := p.InlineParser.(parser.SetOptioner); ok {
		so.SetOption(name, value)
	}
}

// countingProcessor is a delimiter processor that counts the walk to
// each opener goldmark asks it about.
type countingProcessor struct {
	parser.DelimiterProcessor
	w *work
}

func (p countingProcessor) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	p.w.walk(opener, closer)
	return p.DelimiterProcessor.CanOpenCloser(opener, closer)
}

func (p countingProcessor) OnMatch(consumes int) ast.Node {
	p.w.closer = nil // a closer left over walks again from itself
	return p.DelimiterProcessor.OnMatch(consumes)
}

// countingTransformer is a paragraph transformer that counts the lines
// goldmark's reference transformer moves: the rest of the paragraph up,
// once for each definition it takes out of it.
type countingTransformer struct {
	parser.ParagraphTransformer
	w *work
}

func (t countingTransformer) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := int64(node.Lines().Len())
	parent, prev, next := node.Parent(), node.PreviousSibling(), node.NextSibling()
	t.ParagraphTransformer.Transform(node, countingReader{reader, t.w}, pc)
	c := parent.FirstChild()
	if prev != nil {
		c = prev.NextSibling()
	}
	var defs int64
	for ; c != nil && c != ast.Node(node) && c != next && c.Kind() == ast.KindLinkReferenceDefinition; c = c.NextSibling() {
		defs++
	}
	t.w.moved += max(defs*lines-defs*(defs+1)/2, 0)
}

// countingParser is a goldmark parser built from every option it is
// given with the inline parsers and paragraph transformers wrapped to
// count into w, so that it parses as the Engine's does.
type countingParser struct {
	parser.Parser
	w *work
}

func (p countingParser) AddOptions(opts ...parser.Option) {
	for _, o := range opts {
		c := parser.NewConfig()
		o.SetParserOption(c)
		var fwd []parser.Option
		if len(c.BlockParsers) > 0 {
			fwd = append(fwd, parser.WithBlockParsers(c.BlockParsers...))
		}
		for _, v := range c.InlineParsers {
			ip := countingInline{v.Value.(parser.InlineParser), p.w}
			fwd = append(fwd, parser.WithInlineParsers(util.Prioritized(ip, v.Priority)))
		}
		for _, v := range c.ParagraphTransformers {
			pt := countingTransformer{v.Value.(parser.ParagraphTransformer), p.w}
			fwd = append(fwd, parser.WithParagraphTransformers(util.Prioritized(pt, v.Priority)))
		}
		if len(c.ASTTransformers) > 0 {
			fwd = append(fwd, parser.WithASTTransformers(c.ASTTransformers...))
		}
		for name, value := range c.Options {
			fwd = append(fwd, parser.WithOption(name, value))
		}
		if c.EscapedSpace {
			fwd = append(fwd, parser.WithEscapedSpace())
		}
		p.Parser.AddOptions(fwd...)
	}
}

// workMeter parses bodies as the Engine does and counts goldmark's work.
type workMeter struct {
	md goldmark.Markdown
	w  *work
}

// newWorkMeter builds goldmark with the Engine's parser options (see
// New) on a counting parser; TestWorkMeterParsesAsEngine holds the two
// to the same trees.
func newWorkMeter() *workMeter {
	w := &work{}
	p := countingParser{parser.NewParser(), w}
	p.AddOptions(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
	md := goldmark.New(
		goldmark.WithParser(p),
		goldmark.WithExtensions(extension.GFM, extension.Footnote),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithInlineParsers(util.Prioritized(wikiParser{}, 199)),
		),
	)
	return &workMeter{md: md, w: w}
}

// parse parses src and returns its tree and the work it cost.
func (m *workMeter) parse(src []byte) (ast.Node, work) {
	*m.w = work{}
	root := m.md.Parser().Parse(countingReader{text.NewReader(src), m.w})
	return root, *m.w
}

// workSeeds are ordinary Markdown and the pathological shapes at 4 to
// 16 KB, where each of goldmark's quadratic loops already costs it more
// than workBudget; larger seeds would hold the fuzzer for a minute each
// time it minimizes one.
func workSeeds() []string {
	seeds := []string{
		"`a` ``b`` *c* _d_ ~~e~~ [f](g) [h]: i\n\nj",
		"# T\n\n> q [[a]] [b](c.md \"t\")\n\n- [ ] x\n- y `z`\n\n| a | b |\n|---|---|\n| [[c|d]] | *e* |\n\nn[^1]\n\n[^1]: f\n",
		"[x]: u\n[y]: v\n\n[x] [y][] [z][y]",
	}
	for _, s := range pathological.Shapes() {
		n := min(s.N, 300)
		for n > 1 && len(s.Gen(n)) > 16<<10 {
			n /= 2
		}
		for 2*n <= s.N && len(s.Gen(2*n)) <= 8<<10 {
			n *= 2
		}
		seeds = append(seeds, s.Gen(n))
	}
	return seeds
}

// FuzzParseWork fuzzes for time, not only for panics: an input the
// pre-scan accepts, held at fuzzing's scale to the same steps a byte, may
// cost goldmark no more than workBudget of its counted work. A quadratic
// the pre-scan misses shows as an accepted input over the budget; work
// rather than the clock keeps the verdict the same on any machine.
func FuzzParseWork(f *testing.F) {
	for _, s := range workSeeds() {
		f.Add(s)
	}
	m := newWorkMeter()
	f.Fuzz(func(t *testing.T, src string) {
		if overrun([]byte(src), fuzzFloor+stepsPerByte*int64(len(src))) != nil {
			return
		}
		if _, w := m.parse([]byte(src)); w.total() > workBudget(len(src)) {
			t.Fatalf("pre-scan accepts %d bytes that cost goldmark %v; budget %d: %.60q…", len(src), &w, workBudget(len(src)), src)
		}
	})
}

// TestWorkMeterParsesAsEngine checks that the counting parser builds the
// Engine's trees, on the fuzz seeds and the CommonMark spec examples, so
// that what FuzzParseWork counts is what a check parses.
func TestWorkMeterParsesAsEngine(t *testing.T) {
	e, m := New(Options{LinksOnly: true}), newWorkMeter()
	var bodies []string
	bodies = append(bodies, workSeeds()...)
	bodies = append(bodies, specExamples(t)...)
	for i, src := range bodies {
		want := treeString(e.md.Parser().Parse(text.NewReader([]byte(src))))
		root, _ := m.parse([]byte(src))
		if got := treeString(root); got != want {
			t.Errorf("body %d %.40q: counting parser's tree\n%s\nwant the Engine's\n%s", i, src, got, want)
		}
	}
}

// treeString writes a tree's kinds and positions, one node a line.
func treeString(root ast.Node) string {
	var b strings.Builder
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			fmt.Fprintf(&b, "%s %d", n.Kind(), n.Pos())
			if t, ok := n.(*ast.Text); ok {
				fmt.Fprintf(&b, " %d-%d", t.Segment.Start, t.Segment.Stop)
			}
			b.WriteByte('\n')
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// TestWorkOfRealText holds real text to FuzzParseWork's budget: the
// CommonMark spec examples and every Markdown file under Go's tree and
// the module cache. It logs the most work a byte any of them costs.
func TestWorkOfRealText(t *testing.T) {
	bodies := map[string][]byte{}
	for i, ex := range specExamples(t) {
		bodies[fmt.Sprintf("spec example %d", i+1)] = []byte(ex)
	}
	if !testing.Short() {
		for _, v := range []string{"GOROOT", "GOMODCACHE"} {
			out, err := exec.Command("go", "env", v).Output()
			if err != nil || len(strings.TrimSpace(string(out))) == 0 {
				continue
			}
			_ = filepath.WalkDir(strings.TrimSpace(string(out)), func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || !strings.EqualFold(filepath.Ext(p), ".md") {
					return nil
				}
				if src, err := os.ReadFile(p); err == nil && len(src) < 4<<20 {
					bodies[p] = src
				}
				return nil
			})
		}
	}
	m := newWorkMeter()
	worst, worstName, checked := 0.0, "", 0
	for name, src := range bodies {
		if len(src) == 0 || overrun(src, fuzzFloor+stepsPerByte*int64(len(src))) != nil {
			continue
		}
		checked++
		_, w := m.parse(src)
		if w.total() > workBudget(len(src)) {
			t.Errorf("%s: %d bytes cost goldmark %v; budget %d", name, len(src), &w, workBudget(len(src)))
		}
		if r := float64(w.total()) / float64(len(src)); r > worst && len(src) >= fuzzFloor {
			worst, worstName = r, name
		}
	}
	t.Logf("%d of %d bodies accepted at fuzzing's scale; most work a byte (of %d bytes or more): %.1f, %s", checked, len(bodies), fuzzFloor, worst, worstName)
}

// specExamples returns the Markdown of goldmark's CommonMark spec
// examples (its module's _test/spec.json).
func specExamples(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/yuin/goldmark").Output()
	if err != nil {
		t.Skipf("goldmark's module: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "_test", "spec.json"))
	if err != nil {
		t.Fatalf("goldmark's spec examples: %v", err)
	}
	var ex []struct {
		Markdown string `json:"markdown"`
	}
	if err := json.Unmarshal(data, &ex); err != nil {
		t.Fatal(err)
	}
	md := make([]string, len(ex))
	for i, e := range ex {
		md[i] = e.Markdown
	}
	return md
}
