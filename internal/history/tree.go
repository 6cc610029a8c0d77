package history

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
	"testing/fstest"
	"time"

	"github.com/bearing-dev/bearing/internal/source"
)

// Revision is the playbook as one commit holds it: bearing.yaml and
// content/ as a file system that build.Check reads like a folder.
type Revision struct {
	Commit Commit
	FS     fs.FS
}

// ReadRevision returns the playbook at rev, a revision a user named
// (HEAD, a branch, a commit id), in the playbook at dir. It reads every
// file of the revision through one git cat-file --batch.
func ReadRevision(ctx context.Context, dir, rev string) (*Revision, error) {
	g, err := newGit(dir)
	if err != nil {
		return nil, err
	}
	if _, _, err := g.head(ctx); err != nil {
		return nil, err
	}
	id, err := g.resolve(ctx, rev)
	if err != nil {
		return nil, err
	}
	meta, err := g.output(ctx, "show", "-s", "--no-show-signature", "--format=%ct%x00%an%x00%s", "--end-of-options", id)
	if err != nil {
		return nil, err
	}
	f := strings.SplitN(strings.TrimSuffix(string(meta), "\n"), "\x00", 3)
	c := Commit{ID: id}
	if len(f) == 3 {
		var ts int64
		fmt.Sscan(f[0], &ts)
		c.Date, c.Author, c.Subject = time.Unix(ts, 0).UTC(), clean(cut(f[1], maxAuthor)), clean(cut(f[2], maxSubject))
	}
	out, err := g.output(ctx, "ls-tree", "-r", "-z", "--end-of-options", id, "--", source.ContentDir, "bearing.yaml")
	if err != nil {
		return nil, err
	}
	cf, err := g.startCatFile(ctx)
	if err != nil {
		return nil, err
	}
	defer cf.close()
	files := fstest.MapFS{}
	var paths, blobs []string
	for _, e := range strings.Split(string(out), "\x00") {
		meta, p, ok := strings.Cut(e, "\t")
		fl := strings.Fields(meta)
		if !ok || len(fl) != 3 || fl[1] != "blob" || (fl[0] != "100644" && fl[0] != "100755") {
			continue
		}
		if p != "bearing.yaml" && !isContent(p) {
			continue
		}
		paths, blobs = append(paths, p), append(blobs, fl[2])
	}
	err = cf.readAll(blobs, func(i int, data []byte, size int64) error {
		if data == nil && size > 0 {
			data = []byte{0} // over the limit: Parse reports a binary file rather than hold it
		}
		files[paths[i]] = &fstest.MapFile{Data: data, Mode: 0o644}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the files of %s: %w", c.Short(), err)
	}
	return &Revision{Commit: c, FS: files}, nil
}

// cut returns s cut to at most n bytes.
func cut(s string, n int) string { return s[:min(len(s), n)] }
