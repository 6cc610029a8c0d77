package publish

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// swap exchanges tmp and out atomically with renameat2(RENAME_EXCHANGE):
// at every instant out is either the old site or the new one. When out
// does not exist yet, a plain rename is atomic too.
func swap(tmp, out string) error {
	if _, err := os.Lstat(out); errors.Is(err, os.ErrNotExist) {
		return os.Rename(tmp, out)
	}
	err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, out, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EINVAL) {
		return swapRename(tmp, out)
	}
	return err
}
