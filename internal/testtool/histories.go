package testtool

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// EdgeHistory is a short playbook history whose commits change files in
// the ways that patching a graph from commit to commit gets wrong most
// easily; history and build test their patches on each.
type EdgeHistory struct {
	Name string
	// Commits are made a day apart from 2026-01-01. In Files, "" removes
	// the file and "-> TARGET" makes it a symbolic link to TARGET.
	Commits []map[string]string
}

const edgeDirection = "---\ntitle: Growth\nproblem: p\nfor_whom: f\nwhy_we_win: w\nalternatives: [a]\nmust_be_true: [m]\nnon_goals: [n]\nstage: execute\n---\n"

// EdgeHistories are the histories, each a few commits.
var EdgeHistories = []EdgeHistory{
	{"an unreadable file removed", []map[string]string{
		{"content/pages/a.md": "---\ntitle: A\n---\nSee [b](b.md) and [[b]].\n",
			"content/pages/b.md":       "---\ntitle: [\n---\nbroken\n",
			"content/initiatives/i.md": "---\ntitle: I\nadvances: [b]\n---\n"},
		{"content/pages/b.md": ""},
	}},
	{"an unreadable file mended", []map[string]string{
		{"content/pages/a.md": "---\ntitle: A\n---\nSee [b](b.md).\n", "content/pages/b.md": "---\ntitle: [\n---\n"},
		{"content/pages/b.md": "---\ntitle: B\n---\n"},
	}},
	{"a page takes a folder's link", []map[string]string{
		{"content/pages/a.md": "---\ntitle: A\n---\nSee [foo](foo) and [its plan](foo#plan).\n",
			"content/pages/foo/index.md": "---\ntitle: Foo index\nid: foo-index\n---\n## Plan\n"},
		{"content/pages/foo.md": "---\ntitle: Foo\n---\nNo plan.\n"},
	}},
	{"a page leaves a folder's link to another", []map[string]string{
		{"content/pages/a.md": "---\ntitle: A\n---\nSee [its plan](foo#plan).\n",
			"content/pages/foo.md":       "---\ntitle: Foo\n---\nNo plan.\n",
			"content/pages/foo/index.md": "---\ntitle: Foo index\nid: foo-index\n---\n## Plan\n"},
		{"content/pages/foo.md": ""},
	}},
	{"a file renamed, keeping its id", []map[string]string{
		{"content/directions/growth.md": edgeDirection,
			"content/initiatives/launch.md": "---\nid: launch\ntitle: Launch\nadvances: [growth]\n---\nSee [[growth]].\n",
			"content/pages/p.md":            "---\ntitle: P\n---\nSee [[launch]] and [the file](../initiatives/launch.md).\n"},
		{"content/initiatives/launch.md": "", "content/initiatives/launch-v2.md": "---\nid: launch\ntitle: Launch\nadvances: [growth]\n---\nSee [[growth]].\n"},
	}},
	{"an id removed and taken by another file at once", []map[string]string{
		{"content/pages/x.md": "---\ntitle: X\n---\n", "content/pages/a.md": "---\ntitle: A\n---\nSee [[x]].\n"},
		{"content/pages/x.md": "", "content/pages/y.md": "---\nid: x\ntitle: Y\n---\n## Top\n"},
		{"content/pages/a.md": "---\ntitle: A\n---\nSee [[x#top]].\n"},
	}},
	{"a file made a symbolic link and back", []map[string]string{
		{"content/pages/a.md": "---\ntitle: A\n---\nSee [[s]].\n", "content/pages/s.md": "---\ntitle: S\n---\n"},
		{"content/pages/s.md": "-> a.md"},
		{"content/pages/s.md": "---\ntitle: S again\n---\n"},
	}},
	{"a duplicate id's first file removed", []map[string]string{
		{"content/directions/growth.md": edgeDirection,
			"content/pages/twin.md":    "---\nid: growth\ntitle: Twin\n---\n",
			"content/initiatives/i.md": "---\ntitle: I\nadvances: [growth]\n---\n"},
		{"content/directions/growth.md": ""},
	}},
	{"broken references and links mended by new files", []map[string]string{
		{"content/initiatives/i.md": "---\ntitle: I\nadvances: [later]\nsignals: [later]\n---\nSee [[later]] and [later](../directions/later.md).\n"},
		{"content/directions/later.md": edgeDirection},
		{"content/directions/lately.md": edgeDirection},
		{"content/directions/later.md": ""},
	}},
}

// Write makes the history in a new repository at dir.
func (h EdgeHistory) Write(t testing.TB, dir string) *Repo {
	t.Helper()
	r := GitRepo(t, dir)
	for i, files := range h.Commits {
		for p, text := range files {
			full := filepath.Join(dir, filepath.FromSlash(p))
			os.Remove(full)
			if text == "" {
				continue
			}
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				t.Fatal(err)
			}
			var err error
			if target, ok := strings.CutPrefix(text, "-> "); ok {
				err = os.Symlink(target, full)
			} else {
				err = os.WriteFile(full, []byte(text), 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		r.CommitAll(fmt.Sprintf("2026-01-%02d", i+1), fmt.Sprintf("commit %d", i+1))
	}
	return r
}
