package cli

import (
	"errors"
	"testing"

	"github.com/bearing-dev/bearing/internal/history"
)

func TestMissingNote(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{&history.Unavailable{Reason: "the repository is a shallow clone", Fix: "fetch the whole history"}, "There is no history to show: the repository is a shallow clone; fetch the whole history."},
		{&history.Unavailable{Reason: "git is not installed"}, "There is no history to show: git is not installed."},
		{errors.New("git log: boom"), "The history could not be read (git log: boom); build again to read it."},
	} {
		if got := missingNote(tc.err); got != tc.want {
			t.Errorf("missingNote(%v): got %q; want %q", tc.err, got, tc.want)
		}
	}
}
