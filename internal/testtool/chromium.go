package testtool

import (
	"context"
	"os"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"
)

// Chromium starts a headless Chromium with a fresh profile and returns a
// chromedp context for one tab, closed when t ends. It looks for
// $CHROME_PATH, then the usual binary names; without one, or when it does
// not start, it skips t (fails it under BEARING_REQUIRE_TOOLS=1). The flags
// keep it off the network: this machine's closed network would otherwise
// refuse its background connections many at a time.
func Chromium(t testing.TB) context.Context {
	t.Helper()
	var exe string
	for _, name := range []string{os.Getenv("CHROME_PATH"), "chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			exe = p
			break
		}
	}
	if exe == "" {
		Missing(t, "chromium", "apt-get install chromium (or set CHROME_PATH)")
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// The first action starts the browser; it must not carry a timeout.
	if err := chromedp.Do(ctx); err != nil {
		Missing(t, "a Chromium that starts ("+err.Error()+")", "apt-get install chromium")
	}
	return ctx
}
