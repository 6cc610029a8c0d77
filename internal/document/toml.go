package document

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/bearing-dev/bearing/internal/diag"
	"go.yaml.in/yaml/v3"
)

// maxTOMLNesting bounds how deeply TOML arrays and inline tables may nest.
// The TOML library's cost grows with the square of the depth of inline
// tables (4,000 levels, 24 KB, take seconds); frontmatter needs two.
const maxTOMLNesting = 100

// tomlNesting returns the 1-based line where TOML text first reaches its
// deepest nesting of brackets and braces outside strings and comments,
// and that depth. It only counts: syntax errors are the library's to
// report.
func tomlNesting(raw []byte) (line, depth int) {
	n, d := 1, 0
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; c {
		case '\n':
			n++
		case '#':
			for i+1 < len(raw) && raw[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			delim := []byte{c}
			if i+2 < len(raw) && raw[i+1] == c && raw[i+2] == c {
				delim = []byte{c, c, c}
			}
			i += len(delim)
			for i < len(raw) && !bytes.HasPrefix(raw[i:], delim) {
				switch {
				case raw[i] == '\\' && c == '"':
					i++ // an escaped character, maybe the quote
				case raw[i] == '\n' && len(delim) == 1:
					i = len(raw) // an unterminated string: the library reports it
					continue
				}
				if i < len(raw) && raw[i] == '\n' {
					n++
				}
				i++
			}
			i += len(delim) - 1
		case '[', '{':
			d++
			if d > depth {
				line, depth = n, d
			}
		case ']', '}':
			d = max(d-1, 0)
		}
	}
	return line, depth
}

// tomlKey finds the key a line sets at the top level: `key =`, a dotted
// `key.sub =`, or a table header `[key]`, `[key.sub]` or `[[key]]`.
var tomlKey = regexp.MustCompile(`^\s*(?:\[\[?\s*)?"?([A-Za-z0-9_-]+)"?\s*[=.\]]`)

// tomlToNode decodes TOML frontmatter into the YAML node shape the decoder
// reads. The TOML library keeps no key positions, so top-level keys are
// found on their line by a scan; nested values share their key's line.
func tomlToNode(sp parts, file string) (*yaml.Node, *diag.Diagnostic) {
	if line, depth := tomlNesting(sp.raw); depth > maxTOMLNesting {
		d := diag.New(diag.Pos{File: file, Line: sp.contentLine + line - 1, Col: 1}, diag.ParseFrontmatter,
			"TOML frontmatter nested %d levels deep (arrays or inline tables); the limit is %d", depth, maxTOMLNesting)
		return nil, &d
	}
	var m map[string]any
	if _, err := toml.Decode(string(sp.raw), &m); err != nil {
		line, msg := sp.openLine, err.Error()
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line, msg = sp.contentLine+pe.Position.Line-1, pe.Message
		}
		d := diag.New(diag.Pos{File: file, Line: line, Col: 1}, diag.ParseFrontmatter, "invalid TOML frontmatter: %s", msg)
		return nil, &d
	}
	lines := map[string]int{}
	for i, l := range strings.Split(string(sp.raw), "\n") {
		if k := tomlKey.FindStringSubmatch(l); k != nil {
			if _, seen := lines[k[1]]; !seen {
				lines[k[1]] = i + 1
			}
		}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	// By line, then by name: a key the scan did not find has line 0, and
	// the map's order must not decide the order of its diagnostics.
	slices.SortFunc(keys, func(a, b string) int {
		return cmp.Or(cmp.Compare(lines[a], lines[b]), strings.Compare(a, b))
	})
	root := &yaml.Node{Kind: yaml.MappingNode, Line: 1, Column: 1}
	for _, k := range keys {
		line := max(lines[k], 1)
		root.Content = append(root.Content,
			&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k, Line: line, Column: 1},
			tomlValue(m[k], line))
	}
	return root, nil
}

func tomlValue(v any, line int) *yaml.Node {
	n := &yaml.Node{Line: line, Column: 1, Kind: yaml.ScalarNode}
	switch v := v.(type) {
	case string:
		n.Tag, n.Value = "!!str", v
	case int64:
		n.Tag, n.Value = "!!int", strconv.FormatInt(v, 10)
	case float64:
		n.Tag, n.Value = "!!float", strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		n.Tag, n.Value = "!!bool", strconv.FormatBool(v)
	case time.Time:
		n.Tag, n.Value = "!!timestamp", v.Format(time.DateOnly)
	case []any:
		n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
		for _, c := range v {
			n.Content = append(n.Content, tomlValue(c, line))
		}
	case []map[string]any:
		n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
		for _, c := range v {
			n.Content = append(n.Content, tomlValue(c, line))
		}
	case map[string]any:
		n.Kind, n.Tag = yaml.MappingNode, "!!map"
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k, Line: line, Column: 1}, tomlValue(v[k], line))
		}
	default:
		n.Tag, n.Value = "!!str", fmt.Sprint(v)
	}
	return n
}
