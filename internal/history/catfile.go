package history

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"

	"github.com/bearing-dev/bearing/internal/document"
)

// catFile is one long-lived git cat-file --batch: every past file's
// contents are asked of it, one request per line, so reading a history
// of ten thousand commits starts two processes, not ten thousand.
type catFile struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
}

// startCatFile starts the batch process.
func (g *git) startCatFile(ctx context.Context) (*catFile, error) {
	cmd := g.command(ctx, "cat-file", "--batch")
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	return &catFile{cmd: cmd, in: in, out: bufio.NewReaderSize(out, 64<<10)}, nil
}

// read returns the contents of a blob. A blob over document.MaxFileSize
// is read through and dropped, and its size returned with nil data, so
// that one stray dump in the history cannot exhaust memory.
func (c *catFile) read(blob string) (data []byte, size int64, err error) {
	if !isHex(blob) {
		return nil, 0, fmt.Errorf("git cat-file: bad object id %q", blob)
	}
	if _, err := io.WriteString(c.in, blob+"\n"); err != nil {
		return nil, 0, fmt.Errorf("git cat-file: %w", err)
	}
	head, err := c.out.ReadString('\n')
	if err != nil {
		return nil, 0, fmt.Errorf("git cat-file: reading the header of %s: %w", blob, err)
	}
	f := strings.Fields(head)
	if len(f) == 2 && f[1] == "missing" {
		return nil, 0, fmt.Errorf("git cat-file: object %s is missing", blob)
	}
	if len(f) != 3 {
		return nil, 0, fmt.Errorf("git cat-file: unexpected header %q", head)
	}
	size, err = strconv.ParseInt(f[2], 10, 64)
	if err != nil || size < 0 {
		return nil, 0, fmt.Errorf("git cat-file: unexpected header %q", head)
	}
	if size > document.MaxFileSize {
		if _, err := io.CopyN(io.Discard, c.out, size+1); err != nil {
			return nil, 0, fmt.Errorf("git cat-file: reading %s: %w", blob, err)
		}
		return nil, size, nil
	}
	data = make([]byte, size+1) // the contents and git's newline after them
	if _, err := io.ReadFull(c.out, data); err != nil {
		return nil, 0, fmt.Errorf("git cat-file: reading %s: %w", blob, err)
	}
	return data[:size], size, nil
}

// close ends the batch process and waits for it.
func (c *catFile) close() error {
	c.in.Close()
	err := c.cmd.Wait()
	if err != nil {
		return fmt.Errorf("git cat-file: %w", err)
	}
	return nil
}
