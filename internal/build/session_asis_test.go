package build

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/bearing-dev/bearing/internal/testtool"
)

// siteAsIs checks and renders the playbook in dir as bearing build would
// if it did not refuse on errors.
func siteAsIs(t *testing.T, dir string, so SiteOptions) (*Result, map[string][]byte) {
	t.Helper()
	ctx := context.Background()
	root := os.DirFS(dir)
	res, err := Check(ctx, Options{FS: root, Today: genToday(t)})
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	r, err := NewRenderer(root)
	if err != nil {
		t.Fatalf("templates: %v", err)
	}
	files := map[string][]byte{}
	var mu sync.Mutex
	err = Render(ctx, root, res, r, so, func(p string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		files[p] = bytes.Clone(data)
		return nil
	})
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	return res, files
}

// TestSessionBrokenFromStart starts a session on a playbook with errors.
// With no good build to keep, each build shows the site as it would
// build (Update.AsIs); once a good build came, a broken edit keeps it.
// Every step compares the session's site with a fresh render, byte for
// byte, and checks that Written and Removed name every difference from
// the step before.
func TestSessionBrokenFromStart(t *testing.T) {
	dir := t.TempDir()
	testtool.CopyPlaybook(t, filepath.Join("..", ".."), dir)
	const ini = "content/initiatives/carrier-onboarding-kit.md"
	const sig = "content/signals/network-carrier-share.md"
	read := func(rel string) string {
		b, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	write := func(rel, data string) {
		if err := os.WriteFile(filepath.Join(dir, rel), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	goodIni, goodSig := read(ini), read(sig)
	unclosed := strings.Replace(goodIni, "tags: [carriers, onboarding]", "tags: [carriers, onboarding", 1)
	if unclosed == goodIni {
		t.Fatalf("%s has no tags line to break", ini)
	}
	write(ini, unclosed)

	so := SiteOptions{BaseURL: "/"}
	s := NewSession(Options{FS: os.DirFS(dir), Today: genToday(t)}, so)
	ctx := context.Background()
	var prev map[string][]byte
	steps := []struct {
		name string
		edit func() []string // nil: Full
		// errors is whether the playbook has errors after the edit; asIs
		// whether the site shown is its own; kept whether it is the
		// site of the step before.
		errors, asIs, kept bool
	}{
		{"broken from the start: the site as it would build", nil, true, true, false},
		{"an edit that leaves errors: the new site as it would build", func() []string {
			write(sig, strings.Replace(goodSig, "title:", "title: Renamed", 1))
			return []string{sig}
		}, true, true, false},
		{"a change no page shows keeps the site as it is", func() []string {
			return []string{"archetypes/initiative.md"}
		}, true, true, true},
		{"the fix: the good site", func() []string {
			write(ini, goodIni)
			return []string{ini}
		}, false, false, false},
		{"a broken edit after a good build keeps the last good site", func() []string {
			write(ini, unclosed)
			return []string{ini}
		}, true, false, true},
		{"broken while broken: still the last good site", func() []string {
			write(sig, goodSig)
			return []string{sig}
		}, true, false, true},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			var u *Update
			var err error
			if st.edit == nil {
				u, err = s.Full(ctx)
			} else {
				u, err = s.Apply(ctx, st.edit())
			}
			if err == nil {
				u, err = u.Wait(ctx)
			}
			if err != nil {
				t.Fatal(err)
			}
			res, want := siteAsIs(t, dir, so)
			if got := u.Failed(); got != st.errors || (res.Errors() > 0) != st.errors {
				t.Fatalf("Failed() = %v, a fresh check has %d errors; want errors = %v", got, res.Errors(), st.errors)
			}
			if u.AsIs != st.asIs {
				t.Errorf("AsIs = %v; want %v", u.AsIs, st.asIs)
			}
			switch {
			case st.kept:
				if d := firstDifference(u.Files, prev); d != "" {
					t.Errorf("the site changed; want the last one kept: %s", d)
				}
			default:
				if d := firstDifference(u.Files, want); d != "" {
					t.Errorf("the session's site differs from a fresh render: %s", d)
				}
				if _, ok := u.Files["index.html"]; !ok {
					t.Error("no home page")
				}
			}
			for _, p := range unionKeys(prev, u.Files) {
				old, had := prev[p]
				cur, has := u.Files[p]
				switch {
				case had && !has && !slices.Contains(u.Removed, p):
					t.Errorf("%s disappeared but is not in Removed", p)
				case has && (!had || !bytes.Equal(old, cur)) && !slices.Contains(u.Written, p):
					t.Errorf("%s changed but is not in Written", p)
				}
			}
			prev = maps.Clone(u.Files)
		})
	}
}

// TestApplyNamesRealFiles checks Update.Changed: the paths of an edit
// that name files of the playbook, without the temporary files editors
// and sed -i write and remove, but with files that were deleted.
func TestApplyNamesRealFiles(t *testing.T) {
	const ini = "content/initiatives/carrier-onboarding-kit.md"
	cases := []struct {
		name string
		// edit changes the playbook and returns the paths a watch reports.
		edit func(t *testing.T, dir string) []string
		want []string
	}{
		{"an edited file", func(t *testing.T, dir string) []string {
			appendTo(t, dir, ini, "\nMore text.\n")
			return []string{ini}
		}, []string{ini}},
		{"sed -i: its temporary file is gone", func(t *testing.T, dir string) []string {
			tmp := "content/initiatives/sedWKAAzU"
			createAndRemove(t, dir, tmp)
			appendTo(t, dir, ini, "\nMore text.\n")
			return []string{ini, tmp}
		}, []string{ini}},
		{"editor files that came and went", func(t *testing.T, dir string) []string {
			var paths []string
			for _, p := range []string{"content/initiatives/4913", "content/initiatives/.carrier-onboarding-kit.md.swp",
				"content/initiatives/carrier-onboarding-kit.md~", "content/initiatives/#carrier-onboarding-kit.md#", "templates/sedAbC123"} {
				createAndRemove(t, dir, p)
				paths = append(paths, p)
			}
			return append(paths, ini)
		}, []string{ini}},
		{"a deleted file", func(t *testing.T, dir string) []string {
			remove(t, dir, ini)
			return []string{ini}
		}, []string{ini}},
		{"a deleted folder", func(t *testing.T, dir string) []string {
			remove(t, dir, "content/about")
			return []string{"content/about"}
		}, []string{"content/about"}},
		{"a deleted theme file", func(t *testing.T, dir string) []string {
			remove(t, dir, "theme/extra.css")
			return []string{"theme/extra.css"}
		}, []string{"theme/extra.css"}},
		{"a new file", func(t *testing.T, dir string) []string {
			appendTo(t, dir, "content/notes/new.md", "# A new note\n")
			return []string{"content/notes/new.md"}
		}, []string{"content/notes/new.md"}},
		{"only temporary files", func(t *testing.T, dir string) []string {
			createAndRemove(t, dir, "content/signals/sedXyZ987")
			return []string{"content/signals/sedXyZ987"}
		}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			testtool.CopyPlaybook(t, filepath.Join("..", ".."), dir)
			appendTo(t, dir, "theme/extra.css", "body { margin: 0 }\n")
			root := os.DirFS(dir)
			s := NewSession(Options{FS: root, Today: genToday(t)}, SiteOptions{BaseURL: "/"})
			ctx := context.Background()
			if _, err := s.Full(ctx); err != nil {
				t.Fatal(err)
			}
			u, err := s.Apply(ctx, c.edit(t, dir))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(u.Changed, c.want) {
				t.Errorf("Changed = %q; want %q", u.Changed, c.want)
			}
		})
	}
}

func appendTo(t *testing.T, dir, rel, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err == nil {
		_, err = f.WriteString(text)
		err = errors.Join(err, f.Close())
	}
	if err != nil {
		t.Fatal(err)
	}
}

func createAndRemove(t *testing.T, dir, rel string) {
	t.Helper()
	appendTo(t, dir, rel, "temporary\n")
	remove(t, dir, rel)
}

func remove(t *testing.T, dir, rel string) {
	t.Helper()
	if err := os.RemoveAll(filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
		t.Fatal(err)
	}
}
