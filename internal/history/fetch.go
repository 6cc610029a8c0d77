package history

import (
	"context"
	"strings"

	"github.com/bearing-dev/bearing/internal/source"
)

// fetcher reads the log stream commit by commit and asks git cat-file
// for the contents of every Markdown file each commit adds or changes,
// all at once: the I/O of a read, which runs on a goroutine of its own
// (see steps) while the stepper parses the commit before. Waiting for
// git's answers took a third of a cold read's time when the stepper
// asked for them itself.
type fetcher struct {
	g     *git
	cf    *catFile
	lr    *logReader
	since bool // the read starts at Options.Since: see batch.start
	n     int
}

// batch is one commit of the log with the contents of the Markdown files
// it adds or changes, by blob id.
type batch struct {
	rc    *rawCommit
	blobs map[string]blobData
	// start holds, for the first commit read from Options.Since on, the
	// files of the tree before it, where the snapshot starts; their
	// Markdown files' contents are in blobs too.
	start []treeEntry
}

// treeEntry is one file of a tree: its path, mode and blob.
type treeEntry struct{ path, mode, blob string }

// next returns the next commit with its files' contents, or io.EOF after
// the last.
func (f *fetcher) next(ctx context.Context) (*batch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rc, err := f.lr.next()
	if err != nil {
		return nil, err
	}
	b := &batch{rc: rc}
	var want []string
	seen := map[string]bool{}
	ask := func(p, mode, blob string) {
		if isFile(p, mode) && source.IsMarkdown(p) && !seen[blob] {
			seen[blob] = true
			want = append(want, blob)
		}
	}
	if f.n == 0 && f.since {
		// Commits before Since are not read, but the files they made
		// are where the first one read starts from.
		b.start = f.tree(ctx, rc.ID+"^")
		for _, e := range b.start {
			ask(e.path, e.mode, e.blob)
		}
	}
	f.n++
	for _, ch := range rc.Changes {
		if ch.Status != 'D' {
			ask(ch.Path, ch.NewMode, ch.NewBlob)
		}
	}
	b.blobs = make(map[string]blobData, len(want))
	err = f.cf.readAll(want, func(i int, data []byte, size int64) error {
		b.blobs[want[i]] = blobData{data: data, size: size}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// tree lists the files of the tree at rev under content/ and
// bearing.yaml; none for a rev that names nothing (the root commit's
// parent), an empty tree.
func (f *fetcher) tree(ctx context.Context, rev string) []treeEntry {
	out, err := f.g.output(ctx, "ls-tree", "-r", "-z", "--end-of-options", rev, "--", source.ContentDir, "bearing.yaml")
	if err != nil {
		return nil // no parent: nothing before
	}
	var es []treeEntry
	for _, e := range strings.Split(string(out), "\x00") {
		meta, p, ok := strings.Cut(e, "\t")
		fs := strings.Fields(meta)
		if !ok || len(fs) != 3 || fs[1] != "blob" {
			continue
		}
		es = append(es, treeEntry{p, fs[0], fs[2]})
	}
	return es
}

// fetchAhead returns the batches of f, fetched up to ahead commits ahead
// on a goroutine of their own when ahead is above 0, and stop, which
// waits for that goroutine once the stepper is done: it ends at the log's
// end or error (a caller that stops early ends git log first).
func fetchAhead(ctx context.Context, f *fetcher, ahead int) (next func() (*batch, error), stop func()) {
	if ahead <= 0 {
		return func() (*batch, error) { return f.next(ctx) }, func() {}
	}
	return goAhead(ahead, func(func() int) (*batch, error) { return f.next(ctx) })
}
