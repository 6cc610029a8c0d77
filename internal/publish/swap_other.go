//go:build !linux

package publish

// swap uses two renames where the platform has no atomic exchange.
func swap(tmp, out string) error { return swapRename(tmp, out) }
