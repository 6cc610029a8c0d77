package document

import (
	"cmp"
	"slices"
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

// Reading is one value of a signal on one date, from its history or its
// data file.
type Reading struct {
	Date  time.Time
	Value float64
	Note  string
	// Pos is where the reading is written: its history item, or its line
	// in the data file.
	Pos diag.Pos
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
	// keys lists the schema's fields present with the position of their
	// key, in file order: a playbook keeps ten thousand of these, where a
	// map each would cost three times the memory. Only fields of the
	// schema are here, so a lookup is bounded by the schema's size.
	keys []fieldKey
	// unknown lists the keys the schema does not know, in file order.
	// Nothing looks them up by name, so a file of 100,000 of them costs
	// time linear in its size.
	unknown []fieldKey

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
	Effort                       int

	Measures                  []Item
	Unit, Better              string
	Cadence, Source           string
	Baseline, Target, Current *float64
	// History holds the signal's readings in date order: those written in
	// history and, once its data file is read (AddReadings), those of
	// the file.
	History    []Reading
	Data       string
	TargetDate time.Time

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
	if k := f.key(field); k != nil {
		return diag.Pos{File: f.Pos.File, Line: int(k.line), Col: int(k.col)}
	}
	return f.Pos
}

// fieldKey is a field present in the frontmatter and where its key is.
type fieldKey struct {
	name      string
	line, col int32
}

func (f *Front) key(field string) *fieldKey {
	for i := range f.keys {
		if f.keys[i].name == field {
			return &f.keys[i]
		}
	}
	return nil
}

// setKey records a known field's key; Pos.File must be set first.
func (f *Front) setKey(field string, at diag.Pos) {
	f.keys = append(f.keys, fieldKey{name: field, line: int32(at.Line), col: int32(at.Col)})
}

// setUnknown records a key the schema does not know.
func (f *Front) setUnknown(field string, at diag.Pos) {
	f.unknown = append(f.unknown, fieldKey{name: field, line: int32(at.Line), col: int32(at.Col)})
}

// Fields returns the names of the fields present, known to the schema
// or not, in file order.
func (f *Front) Fields() []string {
	all := slices.Concat(f.keys, f.unknown)
	slices.SortFunc(all, func(a, b fieldKey) int { return cmp.Or(cmp.Compare(a.line, b.line), cmp.Compare(a.col, b.col)) })
	out := make([]string, len(all))
	for i, k := range all {
		out[i] = k.name
	}
	return out
}

// Invalid reports whether a field's value was reported as malformed.
func (f *Front) Invalid(field string) bool { return f.invalid[field] }

// Has reports whether a field is present.
func (f *Front) Has(field string) bool {
	return f.key(field) != nil
}

// TagValues returns the tags as plain strings.
func (f *Front) TagValues() []string {
	out := make([]string, len(f.Tags))
	for i, t := range f.Tags {
		out[i] = t.Value
	}
	return out
}

// Get returns the field's value in f: a string, []Item, bool, int,
// *float64, time.Time, []Assumption, []NonGoal or []Decision, as the
// field's Type says.
func (fd Field) Get(f *Front) any {
	switch v := fd.at(f).(type) {
	case *string:
		return *v
	case *[]Item:
		return *v
	case *bool:
		return *v
	case *int:
		return *v
	case **float64:
		return *v
	case *time.Time:
		return *v
	case *[]Assumption:
		return *v
	case *[]NonGoal:
		return *v
	case *[]Decision:
		return *v
	case *[]Reading:
		return *v
	}
	panic("document: field " + fd.Name + " of no known type") // checkTable makes this unreachable
}

// References returns the node ids a Refs or Decisions field names in f,
// each with its position; nil for other fields.
func (fd Field) References(f *Front) []Item {
	switch fd.Type {
	case Refs:
		return *fd.at(f).(*[]Item)
	case Decisions:
		ds := *fd.at(f).(*[]Decision)
		out := make([]Item, len(ds))
		for i, d := range ds {
			out[i] = Item{Value: d.Direction, Pos: d.Pos}
		}
		return out
	}
	return nil
}
