package document

import (
	"time"

	"github.com/bearing-dev/bearing/internal/diag"
)

// Item is a string from a list, with the position of its list item.
type Item struct {
	Value string
	Pos   diag.Pos
}

// Assumption is one entry of must_be_true.
type Assumption struct {
	Claim    string
	Status   string // untested when not given
	Evidence string
	Pos      diag.Pos
}

// NonGoal is one entry of non_goals.
type NonGoal struct {
	Statement string
	Tags      []string
	Pos       diag.Pos
}

// Decision is one entry of a review's decisions.
type Decision struct {
	Direction string
	Decision  string
	Pos       diag.Pos
}

// Front is the typed frontmatter of any kind. Fields a kind does not have
// stay at their zero value. Absent enum fields hold their default.
type Front struct {
	// Format is "yaml", "toml", or "" when the file has no frontmatter.
	Format string
	// Pos is the opening delimiter: where a missing field is reported.
	Pos diag.Pos
	// Keys maps every field present to the position of its key.
	Keys map[string]diag.Pos

	ID, Kind, Title, Owner, Status, Summary string
	Tags                                    []Item
	Draft                                   bool
	NextReview                              time.Time
	Weight                                  int

	Problem, ForWhom, WhyWeWin string
	Alternatives               []Item
	MustBeTrue                 []Assumption
	NonGoals                   []NonGoal
	Stage                      string

	Advances, Signals, DependsOn []Item
	Rationale                    string
	Start, Due                   time.Time

	Measures                  []Item
	Unit, Better              string
	Cadence, Source           string
	Baseline, Target, Current *float64

	Date       time.Time
	Reviews    []Item
	Decisions  []Decision
	Eliminated []Item

	// invalid names the fields whose value was reported as malformed.
	invalid map[string]bool
}

// At returns the position of a field's key, or the frontmatter's opening
// line when the field is absent.
func (f *Front) At(field string) diag.Pos {
	if p, ok := f.Keys[field]; ok {
		return p
	}
	return f.Pos
}

// Has reports whether a field is present.
func (f *Front) Has(field string) bool {
	_, ok := f.Keys[field]
	return ok
}

// TagValues returns the tags as plain strings.
func (f *Front) TagValues() []string {
	out := make([]string, len(f.Tags))
	for i, t := range f.Tags {
		out[i] = t.Value
	}
	return out
}
