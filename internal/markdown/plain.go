package markdown

import (
	"unicode"
	"unicode/utf8"
)

// plainKeep bounds the plain text kept per body: search shows 600 bytes,
// and the dev server checks that it cuts there on a longer text.
const plainKeep = 768

// plainWriter collects the start of a body's text with every run of
// white space collapsed to one space, as strings.Fields and a join would,
// but without holding the rest of the text or the split words.
type plainWriter struct {
	b     []byte
	space bool // white space since the last word
	// heading says a heading ended since the last word: the next word is
	// set off from it by a dash, so that a snippet does not read the
	// heading and the paragraph under it as one sentence.
	heading bool
	off     bool // keep nothing
	// wikis are the spans of the text that wiki links without a label
	// wrote (their ids), for PlainTextTitled.
	wikis []plainSpan
}

// plainSpan is the text a wiki link wrote into the plain text: bytes
// [start, end) of it, for Links[link].
type plainSpan struct{ start, end, link int }

// endHeading stands for the end of a heading.
func (w *plainWriter) endHeading() {
	w.separate()
	w.heading = len(w.b) > 0
}

// full reports whether the writer has all it keeps.
func (w *plainWriter) full() bool { return w.off || len(w.b) >= plainKeep }

// separate stands for white space between blocks.
func (w *plainWriter) separate() { w.space = len(w.b) > 0 }

func (w *plainWriter) write(p []byte)       { appendWords(w, p) }
func (w *plainWriter) writeString(s string) { appendWords(w, s) }

// appendWords appends the words of p: bytes of the body or a string of a
// wiki link.
func appendWords[T string | []byte](w *plainWriter, p T) {
	for i := 0; i < len(p) && !w.full(); {
		r, size := rune(p[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(string(p[i:min(i+utf8.UTFMax, len(p))]))
		}
		if w.word(r) {
			w.b = append(w.b, p[i:i+size]...) // an invalid byte stays, as strings.Fields leaves it
		}
		i += size
	}
}

// word reports whether r belongs to a word, to be appended, writing the
// space that separates it from the last word first; white space is only
// remembered.
func (w *plainWriter) word(r rune) bool {
	if unicode.IsSpace(r) {
		w.space = len(w.b) > 0
		return false
	}
	if w.heading {
		w.b = append(w.b, " — "...)
		w.space, w.heading = false, false
	}
	if w.space {
		w.b = append(w.b, ' ')
		w.space = false
	}
	return true
}

// String returns the text kept, cut between runes at plainKeep bytes.
func (w *plainWriter) String() string {
	text := w.b
	if len(text) > plainKeep {
		text = text[:plainKeep]
		for len(text) > 0 && !utf8.RuneStart(text[len(text)-1]) {
			text = text[:len(text)-1]
		}
		if len(text) > 0 && text[len(text)-1] >= utf8.RuneSelf {
			text = text[:len(text)-1] // a rune's first byte, without the rest
		}
	}
	return string(text)
}

// writeWiki writes the id of a wiki link without a label, remembering
// where it stands in the text.
func (w *plainWriter) writeWiki(id string, link int) {
	if w.full() {
		return
	}
	w.word('x') // the separator before the id, so that start is its first byte
	start := len(w.b)
	appendWords(w, id)
	if len(w.b) > start {
		w.wikis = append(w.wikis, plainSpan{start, len(w.b), link})
	}
}
