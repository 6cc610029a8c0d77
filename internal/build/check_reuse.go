package build

import "context"

// CheckReusing is Check of a playbook that prev checked in another
// version: prev's documents are reused but for those at the paths changed
// lists (slash-separated, from the root, as Result.Docs name them), which
// are parsed again, and the signals whose data file is among them; a file
// prev did not have is parsed without being listed. The caller
// guarantees that every other file prev read is byte for byte the same.
// bearing diff checks its second side so, parsing what the two versions
// share once.
func CheckReusing(ctx context.Context, o Options, prev *Result, changed []string) (*Result, error) {
	o.changed = changed
	return check(ctx, o, prev)
}
