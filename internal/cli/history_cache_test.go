package cli

import (
	"path/filepath"
	"runtime"
	"testing"

	"github.com/bearing-dev/bearing/internal/config"
	"github.com/bearing-dev/bearing/internal/diag"
)

// TestHistoryCache: XDG_CACHE_HOME is honoured when it is an absolute
// path (the XDG rule: a relative one is ignored), else the cache lives
// under HOME, else nowhere; the salt changes with the configuration.
func TestHistoryCache(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the fallback to HOME/.cache is Linux's")
	}
	xdg, home := t.TempDir(), t.TempDir()
	for _, c := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"xdg", map[string]string{"XDG_CACHE_HOME": xdg, "HOME": home}, filepath.Join(xdg, "bearing", "history")},
		{"relative xdg", map[string]string{"XDG_CACHE_HOME": "cache", "HOME": home}, filepath.Join(home, ".cache", "bearing", "history")},
		{"home", map[string]string{"HOME": home}, filepath.Join(home, ".cache", "bearing", "history")},
		{"nothing", nil, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := historyCache(func(k string) string { return c.env[k] }, config.Default())
			if got.Dir != c.want {
				t.Errorf("cache folder %q; want %q", got.Dir, c.want)
			}
		})
	}
	env := func(k string) string { return map[string]string{"HOME": home}[k] }
	base := historyCache(env, config.Default())
	for name, change := range map[string]func(*config.Config){
		"unsafe_html":         func(c *config.Config) { c.UnsafeHTML = true },
		"max_active":          func(c *config.Config) { c.MaxActive++ },
		"follow_through_days": func(c *config.Config) { c.FollowThroughDays++ },
		"rules":               func(c *config.Config) { c.Rules = map[string]diag.Severity{"drift/churn": diag.Error} },
	} {
		c := config.Default()
		change(&c)
		if got := historyCache(env, c); got.Salt == base.Salt || base.Salt == "" {
			t.Errorf("%s changed: the same salt %q", name, got.Salt)
		}
	}
}
