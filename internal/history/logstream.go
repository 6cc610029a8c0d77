package history

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// logFormat is the header of each commit in the log stream: a record
// separator, then the id, committer date, author name and subject, each
// ended by NUL (git's -z ends the last). A newline and the raw changes
// follow, NUL-separated.
const logFormat = "--format=%x1e%H%x00%ct%x00%an%x00%s"

// Limits on the untrusted text of one commit, so that a hostile history
// (a subject of a gigabyte) cannot exhaust memory: longer text is cut.
const (
	maxAuthor  = 200
	maxSubject = 500
	// maxPath bounds a path of the stream; git's own limit is 4096.
	maxPath = 4096
)

// change is one file changed by a commit, as git log --raw says it.
type change struct {
	// Status is A, M, D, T, R (renamed from OldPath) or C (copied from
	// OldPath).
	Status           byte
	OldMode, NewMode string
	OldBlob, NewBlob string
	OldPath, Path    string
}

// rawCommit is one commit of the log stream.
type rawCommit struct {
	ID              string
	Time            int64
	Author, Subject string
	Changes         []change
}

// logReader parses the stream of git log -z --raw with logFormat, one
// commit at a time, holding no more than one commit.
type logReader struct {
	r *bufio.Reader
}

func newLogReader(r io.Reader) *logReader { return &logReader{r: bufio.NewReaderSize(r, 64<<10)} }

// errStream reports a stream that is not what git log writes.
var errStream = errors.New("git log: unexpected output")

// next returns the next commit, or io.EOF after the last.
func (l *logReader) next() (*rawCommit, error) {
	for {
		b, err := l.r.ReadByte()
		if err != nil {
			return nil, err // io.EOF at the end
		}
		if b == '\n' {
			continue
		}
		if b != 0x1e {
			return nil, fmt.Errorf("%w: %q where a commit should start", errStream, b)
		}
		break
	}
	c := &rawCommit{}
	id, err := l.field(64)
	if err != nil {
		return nil, err
	}
	ts, err := l.field(32)
	if err != nil {
		return nil, err
	}
	if c.Author, err = l.field(maxAuthor); err != nil {
		return nil, err
	}
	if c.Subject, err = l.field(maxSubject); err != nil {
		return nil, err
	}
	if !isHex(id) || (len(id) != 40 && len(id) != 64) {
		return nil, fmt.Errorf("%w: commit id %q", errStream, id)
	}
	c.ID = id
	if c.Time, err = strconv.ParseInt(ts, 10, 64); err != nil {
		return nil, fmt.Errorf("%w: commit date %q", errStream, ts)
	}
	for {
		b, err := l.r.Peek(1)
		if errors.Is(err, io.EOF) {
			return c, nil
		}
		if err != nil {
			return nil, err
		}
		switch b[0] {
		case '\n':
			l.r.ReadByte()
		case 0x1e:
			return c, nil
		case ':':
			ch, err := l.change()
			if err != nil {
				return nil, err
			}
			c.Changes = append(c.Changes, ch)
		default:
			return nil, fmt.Errorf("%w: %q in the changes of %s", errStream, b[0], c.ID)
		}
	}
}

// change reads one raw entry: ":old new oldblob newblob STATUS\0path\0",
// with a second path for renames and copies.
func (l *logReader) change() (change, error) {
	var ch change
	head, err := l.field(200)
	if err != nil {
		return ch, err
	}
	f := bytes.Fields([]byte(head[1:]))
	if len(f) != 5 || len(f[4]) == 0 {
		return ch, fmt.Errorf("%w: change %q", errStream, head)
	}
	ch.OldMode, ch.NewMode = string(f[0]), string(f[1])
	ch.OldBlob, ch.NewBlob = string(f[2]), string(f[3])
	if !isHex(ch.OldBlob) || !isHex(ch.NewBlob) {
		return ch, fmt.Errorf("%w: change %q", errStream, head)
	}
	ch.Status = f[4][0]
	if ch.Path, err = l.field(maxPath); err != nil {
		return ch, err
	}
	switch ch.Status {
	case 'R', 'C':
		ch.OldPath = ch.Path
		if ch.Path, err = l.field(maxPath); err != nil {
			return ch, err
		}
	case 'A', 'M', 'D', 'T':
	default:
		return ch, fmt.Errorf("%w: change status %q", errStream, ch.Status)
	}
	return ch, nil
}

// field reads up to the next NUL and returns what it read, cut to at most
// limit bytes; the rest is read and dropped.
func (l *logReader) field(limit int) (string, error) {
	var buf []byte
	for {
		chunk, err := l.r.ReadSlice(0)
		if room := limit - len(buf); room > 0 {
			keep := bytes.TrimSuffix(chunk, []byte{0})
			buf = append(buf, keep[:min(len(keep), room)]...)
		}
		switch {
		case err == nil:
			return string(buf), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			return "", fmt.Errorf("%w: the stream ends inside a commit", errStream)
		default:
			return "", err
		}
	}
}

// isHex reports whether s is a non-empty run of lower-case hex digits.
func isHex(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
