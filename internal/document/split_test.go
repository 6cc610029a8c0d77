package document

import (
	"bytes"
	"errors"
	"testing"

	"github.com/adrg/frontmatter"
)

// splitWhole is split as the frontmatter library sees the whole file: the
// reference for split, which shows it only the lines up to the close.
func splitWhole(data []byte) (format string, raw []byte, head int, found bool) {
	c, rest, err := findFront(data)
	if err != nil && !errors.Is(err, frontmatter.ErrNotFound) || c.format == "" {
		return "", nil, 0, false
	}
	return c.format, c.raw, len(data) - len(rest), true
}

var splitSeeds = []string{
	"---\ntitle: a\n---\nbody\n",
	"---\r\ntitle: a\r\n---\r\nbody\r\n",
	"\n\n  ---  \ntitle: a\n  ---\t\nbody",
	"---\ntitle: a\n---",
	"---\ntitle: |\n  text\n  ---\n---\nbody ---\n---\n",
	"+++\ntitle = 'a'\n+++\nbody\n+++\n",
	"---\ntitle: a\n+++\nnever closed\n",
	"---\n---\n",
	"body only\n---\nnot frontmatter\n---\n",
	"\ufeff---\ntitle: a\n---\n",
	"---\ntitle: a\n--- \n\n---\n",
	"",
	"---",
	"\n",
}

func TestSplitMatchesTheWholeFile(t *testing.T) {
	for _, s := range splitSeeds {
		t.Run("", func(t *testing.T) { checkSplit(t, []byte(s)) })
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range splitSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(checkSplit)
}

func checkSplit(t *testing.T, data []byte) {
	format, raw, head, found := splitWhole(data)
	p, serr := split(data)
	if !found {
		if serr == nil && p.format != "" {
			t.Fatalf("%q: split found %s frontmatter; the whole file has none", data, p.format)
		}
		return
	}
	if serr != nil {
		t.Fatalf("%q: split failed (%s); the whole file has %s frontmatter", data, serr.msg, format)
	}
	if p.format != format || !bytes.Equal(p.raw, raw) || !bytes.Equal(p.body, data[head:]) {
		t.Fatalf("%q: split gives %s %q body %q; the whole file gives %s %q body %q", data, p.format, p.raw, p.body, format, raw, data[head:])
	}
}
