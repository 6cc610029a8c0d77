package history

import (
	"context"
	"strings"
	"testing"
)

// TestHead: HEAD's commit id, a new one after a commit; Unavailable
// outside a repository.
func TestHead(t *testing.T) {
	r, _ := cachedRepo(t)
	want := strings.TrimSpace(r.git("rev-parse", "HEAD"))
	if got, err := Head(context.Background(), r.dir); err != nil || got != want {
		t.Errorf("Head = %q, %v; want %q", got, err, want)
	}
	r.commit("2026-03-01", "restore", map[string]string{"content/signals/signups.md": signal(50)})
	if got, err := Head(context.Background(), r.dir); err != nil || got == want {
		t.Errorf("after a commit Head = %q, %v; want a new id", got, err)
	}
	if _, err := Head(context.Background(), t.TempDir()); err == nil {
		t.Error("Head outside a repository succeeded")
	} else if _, ok := err.(*Unavailable); !ok {
		t.Errorf("Head outside a repository: %v; want Unavailable", err)
	}
}
