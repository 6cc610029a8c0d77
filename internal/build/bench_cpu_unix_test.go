//go:build unix

package build_test

import (
	"syscall"
	"time"
)

// processCPU returns the user and system CPU time the process has used
// so far, on all its threads (the collector's too), and whether it could
// tell.
func processCPU() (time.Duration, bool) {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0, false
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano()), true
}
