// Package document owns one content file: it splits the frontmatter from
// the body, decodes the frontmatter into typed fields that remember their
// positions, and parses the body with the markdown package. It is the only
// importer of the frontmatter and YAML libraries for content; it does no
// I/O and knows nothing of other files.
package document

import (
	"bytes"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/markdown"
)

// MaxFileSize bounds the size of one content file. Anything larger is
// reported instead of parsed so a stray dump cannot exhaust memory.
const MaxFileSize = 32 << 20

// MaxNesting bounds how deeply block quotes and lists may nest. goldmark's
// cost grows with the square of the depth (with the cube for lists nested
// by indentation), so 40,000 nested list markers, or 2,000 list items each
// indented two spaces more than the last, would stall a build for
// minutes; no real document nests past a dozen.
const MaxNesting = 100

// MaxLinkExpansion bounds how much longer than the body its links may be
// once reference links are expanded: a reference repeats its definition's
// destination and title, so a small file of references to one long URL
// could otherwise render gigabytes.
const MaxLinkExpansion = 8 << 20

// deepestNesting returns the 1-based line that may open the most nested
// containers (block quotes and list items) and that count. A line's
// depth is its container markers ('>', bullets, ordered-list numbers)
// plus half of its leading white space beyond one space per marker: a
// list item nested by indentation sits at least two columns right of its
// parent's marker, so indentation counts too. It is an upper bound on
// what goldmark builds, never below it; only a line indented by some 200
// columns reaches the limit without markers.
func deepestNesting(body []byte) (line, depth int) {
	n := 1
	for len(body) > 0 {
		l, rest, _ := bytes.Cut(body, []byte{'\n'})
		markers, cols := 0, 0
		i := 0
	scan:
		for i < len(l) {
			switch c := l[i]; {
			case c == ' ':
				cols++
			case c == '\t':
				cols += 4 - cols%4
			case c == '>':
				markers++
			case (c == '-' || c == '*' || c == '+') && (i+1 == len(l) || l[i+1] == ' ' || l[i+1] == '\t'):
				markers++
			case c >= '0' && c <= '9':
				j := i
				for j < len(l) && j-i < 9 && l[j] >= '0' && l[j] <= '9' {
					j++
				}
				if j < len(l) && (l[j] == '.' || l[j] == ')') && (j+1 == len(l) || l[j+1] == ' ' || l[j+1] == '\t') {
					markers++
					i = j + 1
					continue
				}
				break scan
			default:
				break scan
			}
			i++
		}
		d := markers
		if i < len(l) && cols > markers {
			// Blank lines open nothing, however much white space they hold.
			d += (cols - markers) / 2
		}
		if d > depth {
			line, depth = n, d
		}
		body = rest
		n++
	}
	return line, depth
}

// Document is one parsed content file.
type Document struct {
	// Path is slash-separated and relative to the playbook root, such as
	// "content/directions/growth.md".
	Path string
	Kind Kind
	ID   string
	// Front holds the typed frontmatter; it is never nil.
	Front *Front
	// Body is the parsed Markdown body; nil when the file was unusable.
	Body *markdown.Doc
	// Diags are the problems found in this file alone.
	Diags []diag.Diagnostic

	bodyLine int // 1-based line of the body's first byte; it starts a line
}

// Usable reports whether the file could be read at all; an unusable file
// (not UTF-8, unterminated frontmatter...) contributes no node.
func (d *Document) Usable() bool { return d.Body != nil }

// LinkPos returns the file position of a link of the body.
func (d *Document) LinkPos(l *markdown.Link) diag.Pos {
	return diag.Pos{File: d.Path, Line: d.bodyLine + l.Line - 1, Col: l.Col}
}

// TooLarge returns the unusable document of a file over MaxFileSize, for
// callers that learn the size before reading the file.
func TooLarge(filePath string, size int64) *Document {
	d := &Document{Path: filePath, Front: &Front{}}
	d.Front.Pos = diag.Pos{File: filePath, Line: 1, Col: 1}
	d.fail(d.Front.Pos, "file is %d bytes, over the %d MiB limit", size, MaxFileSize>>20)
	return d
}

// Parse reads one content file. contentPath is the path relative to
// content/ and decides the default kind and id; path is what diagnostics
// name. Parse never fails: problems become diagnostics.
func Parse(md *markdown.Engine, filePath, contentPath string, data []byte) *Document {
	return parse(md, filePath, contentPath, data, nil)
}

// Reparse is Parse of a new version of a file whose last version, prev,
// was parsed from prevData: when the two bodies are the same bytes, the
// new document shares prev's parsed body instead of parsing it again,
// which is most of a parse's work. Most versions of a playbook's files
// that history reads change their frontmatter only. A parsed body is
// never changed once made (markdown.Doc), so sharing it is safe.
func Reparse(md *markdown.Engine, prev *Document, prevData []byte, filePath, contentPath string, data []byte) *Document {
	return parse(md, filePath, contentPath, data, func(body []byte) *markdown.Doc {
		if prev == nil || prev.Body == nil || len(prevData) > MaxFileSize {
			return nil
		}
		was, err := split(bytes.TrimPrefix(prevData, []byte("\xef\xbb\xbf")))
		if err != nil || !bytes.Equal(was.body, body) {
			return nil
		}
		return prev.Body
	})
}

// parse is Parse, taking the body's parse from same when it has one.
func parse(md *markdown.Engine, filePath, contentPath string, data []byte, same func(body []byte) *markdown.Doc) *Document {
	d := &Document{Path: filePath, Front: &Front{}}
	start := diag.Pos{File: filePath, Line: 1, Col: 1}
	d.Front.Pos = start
	switch {
	case len(data) > MaxFileSize:
		return TooLarge(filePath, int64(len(data)))
	case bytes.IndexByte(data, 0) >= 0:
		d.fail(start, "file contains NUL bytes: it looks binary, not Markdown")
		return d
	}
	if !utf8.Valid(data) {
		d.fail(invalidUTF8Pos(filePath, data), "file is not valid UTF-8; save it as UTF-8")
		return d
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))

	sp, err := split(data)
	if err != nil {
		d.fail(diag.Pos{File: filePath, Line: err.line, Col: 1}, "%s", err.msg)
		return d
	}
	d.Front.Format = sp.format
	if sp.format != "" {
		d.Front.Pos = diag.Pos{File: filePath, Line: sp.openLine, Col: 1}
		root, lines, perr := parseFront(sp, filePath)
		if perr != nil {
			d.Diags = append(d.Diags, *perr)
			return d
		}
		dec := decoder{file: filePath, lineOffset: sp.contentLine - 1, front: d.Front, toml: sp.format == "toml", lines: lines}
		dec.decodeRoot(root)
		d.Diags = append(d.Diags, dec.diags...)
	}
	d.Kind, d.ID = d.identify(contentPath)
	d.Diags = append(d.Diags, checkFields(d.Front, d.Kind)...)
	d.bodyLine = sp.bodyLine
	untitled := d.Kind == Page && d.Front.Format == "" // titled below
	if untitled {
		d.Front.Title = strings.TrimSuffix(path.Base(contentPath), path.Ext(contentPath))
	}
	if same != nil {
		if body := same(sp.body); body != nil {
			d.setBody(body, untitled)
			return d
		}
	}
	if line, depth := deepestNesting(sp.body); depth > MaxNesting {
		d.failBody(diag.Pos{File: filePath, Line: sp.bodyLine + line - 1, Col: 1},
			"Markdown nested %d levels deep (quotes, lists or indentation); the limit is %d", depth, MaxNesting)
		return d
	}
	if x := markdown.Overrun(sp.body); x != nil {
		d.failBody(diag.Pos{File: filePath, Line: sp.bodyLine + x.Line - 1, Col: 1},
			"the body holds %d %s, the first costly one here: %s, which would take more than %d million steps, the limit for a body of %d KB",
			x.Count, x.Construct, x.Construct.Cost(), x.Limit/1_000_000, len(sp.body)>>10)
		return d
	}
	body := md.Parse(sp.body)
	if n := body.LinkBytes(); n > len(sp.body)+MaxLinkExpansion {
		d.failBody(diag.Pos{File: filePath, Line: sp.bodyLine, Col: 1},
			"reference links repeat their destinations into %d MiB of links; the limit is %d MiB more than the file",
			n>>20, MaxLinkExpansion>>20)
		return d
	}
	d.setBody(body, untitled)
	return d
}

// setBody gives d its parsed body, and an untitled page the body's title.
func (d *Document) setBody(body *markdown.Doc, untitled bool) {
	if untitled && body.Title != "" {
		d.Front.Title = body.Title
	}
	d.Body = body
}

// fail reports a file that cannot be read as a node.
func (d *Document) fail(pos diag.Pos, format string, args ...any) {
	d.Diags = append(d.Diags, diag.New(pos, diag.ParseFrontmatter, format, args...))
}

// failBody reports a body that cannot be parsed within Bearing's limits.
func (d *Document) failBody(pos diag.Pos, format string, args ...any) {
	d.Diags = append(d.Diags, diag.New(pos, diag.ParseMarkdown, format, args...))
}

// identify decides kind and id from the frontmatter, else the path.
func (d *Document) identify(contentPath string) (Kind, string) {
	f := d.Front
	kind, id := IdentifyPath(contentPath)
	if f.Kind != "" {
		kind = Kind(f.Kind)
	}
	if f.ID != "" {
		return kind, f.ID
	}
	if id == "" {
		d.Diags = append(d.Diags, diag.New(d.Front.Pos, diag.SchemaValue,
			"cannot derive an id from the file name %q; set `id`", path.Base(contentPath)))
	}
	return kind, id
}

// IdentifyPath returns the kind and id a file's path gives it, as if it
// had no frontmatter: the kind of its top folder, else page, and the slug
// of its name (of its folder for index files; "home" for the home page).
// The id is "" when the name gives none.
func IdentifyPath(contentPath string) (Kind, string) {
	kind := Page
	if top, _, ok := strings.Cut(contentPath, "/"); ok {
		for _, k := range Kinds() {
			if k != Page && top == k.Folder() {
				kind = k
			}
		}
	}
	base := strings.TrimSuffix(path.Base(contentPath), path.Ext(contentPath))
	if base == "_index" || base == "index" {
		dir := path.Dir(contentPath)
		if dir == "." {
			return kind, "home"
		}
		base = path.Base(dir)
	}
	return kind, Slug(base)
}

// Slug lower-cases s and turns every run of characters outside [a-z0-9]
// into one hyphen, trimming hyphens at both ends.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	return b.String()
}

// ValidID reports whether s is a valid id: [a-z0-9][a-z0-9-]*.
func ValidID(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || (r == '-' && i > 0)
		if !ok {
			return false
		}
	}
	return true
}

func invalidUTF8Pos(file string, data []byte) diag.Pos {
	line, col := 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			break
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col += size
		}
		data = data[size:]
	}
	return diag.Pos{File: file, Line: line, Col: col}
}
