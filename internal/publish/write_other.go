//go:build !unix

package publish

import "os"

// writeFile creates and writes a file.
func writeFile(name string, data []byte) error {
	return os.WriteFile(name, data, 0o644)
}
