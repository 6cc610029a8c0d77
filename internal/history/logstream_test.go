package history

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// sampleLog is the stream git log writes for two commits: an addition,
// then a rename and an edit.
const sampleLog = "\x1e" + "bbc9c746527" + "4d37137dee53a2f2285f8914b85b6\x001767225600\x00a\x00one\x00\n" +
	":000000 100644 0000000000000000000000000000000000000000 45b983be36b73c0788dc9cbcb76cbb80fc7bb057 A\x00content/d/a.md\x00" +
	"\x1e05ec896b4d37217d11cf0dd1b2a9b0e66b93c64d\x001767225601\x00b\x00two body\x00\n" +
	":100644 100644 45b983be36b73c0788dc9cbcb76cbb80fc7bb057 45b983be36b73c0788dc9cbcb76cbb80fc7bb057 R100\x00content/d/a.md\x00content/d/b.md\x00" +
	":100644 100644 45b983be36b73c0788dc9cbcb76cbb80fc7bb057 55b983be36b73c0788dc9cbcb76cbb80fc7bb057 M\x00bearing.yaml\x00"

// TestLogReader parses a stream and refuses broken ones.
func TestLogReader(t *testing.T) {
	lr := newLogReader(strings.NewReader(sampleLog))
	var got []string
	for {
		c, err := lr.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, ch := range c.Changes {
			got = append(got, c.Subject+":"+string(ch.Status)+":"+ch.OldPath+">"+ch.Path)
		}
	}
	want := "one:A:>content/d/a.md two body:R:content/d/a.md>content/d/b.md two body:M:>bearing.yaml"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("got %s; want %s", g, want)
	}
	for _, tc := range []struct{ name, in string }{
		{"garbage", "hello"},
		{"cut in the header", "\x1e05ec896b4d37217d11cf0dd1b2a9b0e66b93c64d\x00176"},
		{"bad id", "\x1eZZ\x001\x00a\x00s\x00\n"},
		{"bad date", "\x1e05ec896b4d37217d11cf0dd1b2a9b0e66b93c64d\x00soon\x00a\x00s\x00\n"},
		{"bad status", "\x1e05ec896b4d37217d11cf0dd1b2a9b0e66b93c64d\x001\x00a\x00s\x00\n:000000 100644 00 45 X\x00p\x00"},
		{"bad change", "\x1e05ec896b4d37217d11cf0dd1b2a9b0e66b93c64d\x001\x00a\x00s\x00\n:000000 100644\x00p\x00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lr := newLogReader(strings.NewReader(tc.in))
			for {
				_, err := lr.next()
				if errors.Is(err, io.EOF) {
					t.Fatal("got the end of the stream; want an error")
				}
				if err != nil {
					return
				}
			}
		})
	}
}

// FuzzLogReader checks that no stream makes the parser panic, loop or
// keep more than the limits of a commit's text.
func FuzzLogReader(f *testing.F) {
	f.Add(sampleLog)
	f.Add("\x1e05ec896b4d37217d11cf0dd1b2a9b0e66b93c64d\x001\x00a\x00s\x00\n:000000 100644 00 45 C90\x00a\x00b\x00")
	f.Add(strings.Repeat("\n", 10))
	f.Fuzz(func(t *testing.T, in string) {
		lr := newLogReader(strings.NewReader(in))
		for range len(in) + 1 {
			c, err := lr.next()
			if err != nil {
				return
			}
			if len(c.Author) > maxAuthor || len(c.Subject) > maxSubject {
				t.Fatalf("kept %d and %d bytes of text; the limits are %d and %d", len(c.Author), len(c.Subject), maxAuthor, maxSubject)
			}
			for _, ch := range c.Changes {
				if !isHex(ch.OldBlob) || !isHex(ch.NewBlob) || len(ch.Path) > maxPath {
					t.Fatalf("accepted change %+v", ch)
				}
			}
		}
		t.Fatalf("more commits than bytes in %q", in)
	})
}
