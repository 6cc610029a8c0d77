package history

import "context"

// Head returns the commit id HEAD names in the repository of dir, with
// the checks Read makes (a git repository, a full clone): one git
// rev-parse, cheap enough for bearing serve to ask every few seconds
// whether HEAD moved (a commit, a checkout, a pull, a reset), which no
// watch of files could tell without knowing git's own layout.
func Head(ctx context.Context, dir string) (string, error) {
	g, err := newGit(dir)
	if err != nil {
		return "", err
	}
	id, _, err := g.head(ctx)
	return id, err
}
