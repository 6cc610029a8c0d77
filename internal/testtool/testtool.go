// Package testtool is for tests that need a program outside Go (a browser,
// a web server, a link checker): it finds the program, or skips the test
// saying what to install — except under BEARING_REQUIRE_TOOLS=1, as in CI,
// where a missing tool fails the test so that nothing silently stops
// being tested.
package testtool

import (
	"net"
	"os"
	"os/exec"
	"strconv"
	"testing"
)

// Required reports whether missing tools fail tests instead of skipping.
func Required() bool { return os.Getenv("BEARING_REQUIRE_TOOLS") == "1" }

// Missing skips t, or fails it under BEARING_REQUIRE_TOOLS=1, with a
// message saying what is missing and how to install it.
func Missing(t testing.TB, what, install string) {
	t.Helper()
	msg := what + " is missing; install it with: " + install
	if Required() {
		t.Fatal(msg + " (BEARING_REQUIRE_TOOLS=1)")
	}
	t.Skip(msg)
}

// Path returns the path of the named program, or skips/fails t.
func Path(t testing.TB, program, install string) string {
	t.Helper()
	p, err := exec.LookPath(program)
	if err != nil {
		Missing(t, program, install)
	}
	return p
}

// FreePort returns a loopback TCP port that was free a moment ago, for
// servers that cannot be handed a listener.
func FreePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	n, _ := strconv.Atoi(port)
	return n
}
