package document

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/adrg/frontmatter"
)

// parts is a file split into frontmatter and body.
type parts struct {
	format      string // "yaml", "toml" or "" when there is no frontmatter
	raw         []byte // the frontmatter between its delimiters
	openLine    int    // line of the opening delimiter
	contentLine int    // line of raw's first byte
	body        []byte
	bodyLine    int
}

type splitError struct {
	line int
	msg  string
}

// capture is what the frontmatter library decodes into: we take the raw
// bytes and decode them ourselves, keeping every node's position.
type capture struct {
	format string
	raw    []byte
}

func captureAs(format string) frontmatter.UnmarshalFunc {
	return func(data []byte, v any) error {
		c := v.(*capture)
		c.format = format
		c.raw = data
		return nil
	}
}

// split separates the frontmatter from the body. The frontmatter library
// finds the delimiters; an opening delimiter it could not close is
// reported here, because the library silently treats it as body text.
func split(data []byte) (parts, *splitError) {
	open, openLine := firstLine(data)
	if raw, head, ok := cutFront(data, open); ok {
		format := "yaml"
		if open == "+++" {
			format = "toml"
		}
		return parts{
			format:      format,
			raw:         raw,
			openLine:    openLine,
			contentLine: openLine + 1,
			body:        data[head:],
			bodyLine:    1 + bytes.Count(data[:head], []byte{'\n'}),
		}, nil
	}
	// The library returns a copy of everything after the frontmatter.
	// Given only the lines up to the one it will close at, it copies none
	// of the body; if it does not close there after all, it gets the
	// whole file.
	src := data[:closeEnd(data, open)]
	c, rest, err := findFront(src)
	if c.format == "" && len(src) < len(data) {
		src = data
		c, rest, err = findFront(src)
	}
	if err != nil && !errors.Is(err, frontmatter.ErrNotFound) {
		return parts{}, &splitError{openLine, fmt.Sprintf("cannot read frontmatter: %v", err)}
	}
	if c.format == "" {
		if open == "---" || open == "+++" {
			return parts{}, &splitError{openLine, fmt.Sprintf("frontmatter opened with %s on line %d is never closed; add a closing %s line", open, openLine, open)}
		}
		return parts{body: data, bodyLine: 1}, nil
	}
	head := len(src) - len(rest)
	return parts{
		format:      c.format,
		raw:         c.raw,
		openLine:    openLine,
		contentLine: openLine + 1,
		body:        data[head:],
		bodyLine:    1 + bytes.Count(data[:head], []byte{'\n'}),
	}, nil
}

// findFront runs the frontmatter library on src.
func findFront(src []byte) (capture, []byte, error) {
	var c capture
	rest, err := frontmatter.Parse(bytes.NewReader(src), &c,
		frontmatter.NewFormat("---", "---", captureAs("yaml")),
		frontmatter.NewFormat("+++", "+++", captureAs("toml")),
	)
	return c, rest, err
}

// cutFront finds frontmatter opened with open, --- or +++, on the first
// non-blank line and closed by a later line that reads as open once
// trimmed, as the library does, without the library's copy of every
// line: raw is the lines between and head the length of data up to the
// end of the closing line. ok is false when data opens otherwise or
// nothing closes it, which split leaves to the library.
func cutFront(data []byte, open string) (raw []byte, head int, ok bool) {
	if open != "---" && open != "+++" {
		return nil, 0, false
	}
	start := -1
	for at := 0; at < len(data); {
		end := len(data)
		if i := bytes.IndexByte(data[at:], '\n'); i >= 0 {
			end = at + i + 1
		}
		line := bytes.TrimSpace(data[at:end])
		switch {
		case start < 0 && len(line) == 0:
			// a blank line before the opening one
		case start < 0:
			if string(line) != open || data[end-1] != '\n' {
				return nil, 0, false // the library reads no frontmatter from a last line
			}
			start = end
		case string(line) == open:
			return data[start:at], end, true
		}
		at = end
	}
	return nil, 0, false
}

// closeEnd returns the length of data up to the end of the first line,
// after the opening line, that reads as the closing delimiter (trimmed of
// white space, as the library reads lines), or len(data) when open is no
// delimiter or nothing closes it.
func closeEnd(data []byte, open string) int {
	if open != "---" && open != "+++" {
		return len(data)
	}
	opened := false
	for at := 0; at < len(data); {
		end := len(data)
		if i := bytes.IndexByte(data[at:], '\n'); i >= 0 {
			end = at + i + 1
		}
		if string(bytes.TrimSpace(data[at:end])) == open {
			if opened {
				return end
			}
			opened = true
		} else if !opened && len(bytes.TrimSpace(data[at:end])) > 0 {
			return len(data) // firstLine disagrees: let the library decide
		}
		at = end
	}
	return len(data)
}

// firstLine returns the first non-blank line, trimmed, and its number,
// mirroring how the frontmatter library looks for an opening delimiter.
func firstLine(data []byte) (string, int) {
	n := 1
	for len(data) > 0 {
		line, rest, _ := bytes.Cut(data, []byte{'\n'})
		if t := bytes.TrimSpace(line); len(t) > 0 {
			return string(t), n
		}
		data = rest
		n++
	}
	return "", 1
}
