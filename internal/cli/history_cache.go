package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"

	"github.com/bearing-dev/bearing/internal/config"
	"github.com/bearing-dev/bearing/internal/history"
)

// historyCache returns where check, build and serve keep the histories
// they read: $XDG_CACHE_HOME/bearing/history when XDG_CACHE_HOME is set
// (an absolute path), else the system's user cache folder (~/.cache on
// Linux, ~/Library/Caches on macOS, %LocalAppData% on Windows). Without
// one (no HOME) nothing is cached. The salt names this build of bearing,
// so that a new one never reads what an older one cached, and holds the
// whole configuration: the parse's options and the judge's (max_active,
// follow_through_days, rules) change what a read finds.
func historyCache(getenv func(string) string, c config.Config) history.Cache {
	dir := ""
	switch x := getenv("XDG_CACHE_HOME"); {
	case filepath.IsAbs(x):
		dir = x
	case runtime.GOOS == "windows" || runtime.GOOS == "darwin" || runtime.GOOS == "plan9" || runtime.GOOS == "ios":
		dir, _ = os.UserCacheDir()
	case getenv("HOME") != "":
		dir = filepath.Join(getenv("HOME"), ".cache")
	}
	if dir == "" {
		return history.Cache{}
	}
	cfg, err := json.Marshal(c)
	if err != nil {
		return history.Cache{} // not a configuration to key a cache on
	}
	return history.Cache{Dir: filepath.Join(dir, "bearing", "history"), Salt: buildSalt() + "\x00" + string(cfg)}
}

// buildSalt identifies this build of bearing: its version, the module
// versions and settings go build recorded (the commit it was built from
// among them), and the executable's size and time, which change with
// every build, even of a work tree with edits and no new commit.
func buildSalt() string {
	s := Version
	if bi, ok := debug.ReadBuildInfo(); ok {
		s += "\x00" + bi.String()
	}
	if exe, err := os.Executable(); err == nil {
		if fi, err := os.Stat(exe); err == nil {
			s += fmt.Sprintf("\x00%d %d", fi.Size(), fi.ModTime().UnixNano())
		}
	}
	return s
}
