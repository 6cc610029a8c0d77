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
	return c.response(blob)
}

// readAll reads the blobs in order, calling fn with each one's contents
// (nil data with a size over document.MaxFileSize, as read says). The
// requests are written at once, by a goroutine of their own when they
// could fill the pipe, while the answers are read, so that git never
// waits for the next request: a revision of 300 files would otherwise
// cost 300 round trips between the two processes.
func (c *catFile) readAll(blobs []string, fn func(i int, data []byte, size int64) error) error {
	n := 0
	for _, b := range blobs {
		if !isHex(b) {
			return fmt.Errorf("git cat-file: bad object id %q", b)
		}
		n += len(b) + 1
	}
	req := make([]byte, 0, n)
	for _, b := range blobs {
		req = append(append(req, b...), '\n')
	}
	written := make(chan error, 1)
	if len(req) <= pipeAtomic {
		// Fits in the pipe whatever git does: no goroutine needed.
		_, err := c.in.Write(req)
		written <- err
	} else {
		go func() {
			_, err := c.in.Write(req)
			written <- err
		}()
	}
	for i, b := range blobs {
		data, size, err := c.response(b)
		if err != nil {
			// The caller's close ends git, and with it a writer
			// blocked on the full pipe.
			return err
		}
		if err := fn(i, data, size); err != nil {
			return err
		}
	}
	if err := <-written; err != nil {
		return fmt.Errorf("git cat-file: %w", err)
	}
	return nil
}

// pipeAtomic is what a write to an empty pipe may hold and never wait
// for its reader: POSIX's least PIPE_BUF (Linux's is 4,096 bytes, and its
// pipes hold 64 KiB), a dozen requests. Git has read every request
// before when readAll starts: it answered them all.
const pipeAtomic = 512

// response reads the answer to a request for blob.
func (c *catFile) response(blob string) (data []byte, size int64, err error) {
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

// close ends the batch process and waits for it. What git has still to
// send (the answers to requests a failed read left unread) is read and
// dropped: git cannot exit while its output waits in a full pipe.
func (c *catFile) close() error {
	c.in.Close()
	io.Copy(io.Discard, c.out)
	err := c.cmd.Wait()
	if err != nil {
		return fmt.Errorf("git cat-file: %w", err)
	}
	return nil
}
