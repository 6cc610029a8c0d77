package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Guard refuses output directories whose replacement would destroy
// something: the filesystem root, the home directory, the playbook root
// or any folder above it, content/, templates/, theme/, and any existing
// non-empty directory that does not look like an earlier build.
func Guard(out, root string) error {
	absOut, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return err
	}
	refuse := func(why string) error {
		return fmt.Errorf("refusing to use --out %s: %s", out, why)
	}
	if absOut == filepath.Dir(absOut) {
		return refuse("it is the filesystem root")
	}
	if home, err := os.UserHomeDir(); err == nil && absOut == filepath.Clean(home) {
		return refuse("it is your home directory")
	}
	if absOut == absRoot || strings.HasPrefix(absRoot+string(filepath.Separator), absOut+string(filepath.Separator)) {
		return refuse("it is the playbook root or a folder above it")
	}
	for _, d := range []string{"content", "templates", "theme", "archetypes", ".git"} {
		p := filepath.Join(absRoot, d)
		if absOut == p || strings.HasPrefix(absOut, p+string(filepath.Separator)) {
			return refuse("it is inside the playbook's " + d + "/")
		}
	}
	entries, err := os.ReadDir(absOut)
	if err != nil || len(entries) == 0 {
		return nil // missing or empty: nothing to lose
	}
	if _, err := os.Stat(filepath.Join(absOut, "sitemap.xml")); err != nil {
		return refuse("it is a non-empty directory that does not look like an earlier build (no sitemap.xml)")
	}
	return nil
}
