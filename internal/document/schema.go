package document

import (
	"fmt"
	"iter"
	"slices"
	"time"
)

// Type is the type of a frontmatter field's value; it decides how the
// field decodes, what Go value holds it, and its JSON Schema.
type Type int

// Field value types, each with the Go type its value decodes to.
const (
	String      Type = iota // a single-line or block string: string
	Strings                 // a list of strings (a single string is a list of one): []Item
	Refs                    // a list of node ids: []Item
	Bool                    // true or false: bool
	Int                     // a whole number, within Min..Max when Max > 0: int
	Number                  // any number: *float64, nil when absent
	Date                    // YYYY-MM-DD: time.Time
	Enum                    // one of Field.Values (any text when nil): string
	Assumptions             // strings or {claim, status, evidence}: []Assumption
	NonGoals                // strings or {statement, tags}: []NonGoal
	Decisions               // map of direction id to continue|pivot|scale|kill: []Decision
	ID                      // a node id, [a-z0-9][a-z0-9-]*: string
	Readings                // a list of {date, value, note}: []Reading
	Cadence                 // daily … yearly, or a count of days, weeks or months (10d, 2w, 6m): string
	Path                    // a file path relative to the node's file: string
)

// Field describes one frontmatter field: the single source for decoding,
// references, unknown-field and required checks, placeholders,
// archetypes, the JSON Schema, labels on pages and alignment.json. Adding
// a field is one row here and, for its value, one field of Front.
type Field struct {
	Name string
	// Kinds the field belongs to; nil means every kind.
	Kinds []Kind
	Type  Type
	// Values is the closed set of an Enum field; nil lets any text through
	// (status, whose set depends on the kind: see KindInfo.Statuses).
	Values []string
	// Default is the value an absent Enum field takes.
	Default string
	// Required means the field must be present and non-empty.
	Required bool
	// RefKinds are the kinds a Refs or Decisions field may name.
	RefKinds []Kind
	// Min and Max bound an Int field's value when Max > 0.
	Min, Max int
	// Doc says in one sentence what the field means.
	Doc string
	// Label names the field where a node's page lists it; fields without
	// one are shown elsewhere on the page (title, status) or not at all.
	Label string
	// Incoming names, on the page of a node this field references, the
	// group of nodes that reference it: "Advanced by".
	Incoming string
	// Export puts the field in alignment.json's node records.
	Export bool
	// at returns a pointer to the field's value in f, of the Go type its
	// Type decodes to (see the Type constants).
	at func(f *Front) any
}

// Stages in the order speed may advance through them.
var stages = []string{"validate", "execute", "scale"}

// Stages returns the stages in order: validate, execute, scale.
func Stages() []string { return slices.Clone(stages) }

// AssumptionStatuses are the states of a must_be_true claim.
func AssumptionStatuses() []string {
	return []string{"untested", "testing", "validated", "invalidated"}
}

// DecisionValues are the decisions a review may take on a direction.
func DecisionValues() []string { return []string{"continue", "pivot", "scale", "kill"} }

var (
	dirOnly  = []Kind{Direction}
	iniOnly  = []Kind{Initiative}
	sigOnly  = []Kind{Signal}
	revOnly  = []Kind{Review}
	dirOrIni = []Kind{Direction, Initiative}
)

// The schema is computed once: it is read for every file, several times.
// These tables are never modified after initialisation, and callers only
// get copies.
var (
	schemaFields = checkTable(schemaTable())
	fieldIndex   = indexFields(schemaFields)
	kindFields   = fieldsByKind(schemaFields)
)

// Schema returns every field of every kind, common fields first. The
// fields and their lists are the caller's own: changing them changes no
// one else's table.
func Schema() []Field {
	out := make([]Field, len(schemaFields))
	for i, f := range schemaFields {
		out[i] = f.clone()
	}
	return out
}

// clone returns the field with lists of its own, so that a caller that
// changes them changes no one else's table.
func (f Field) clone() Field {
	f.Kinds, f.Values, f.RefKinds = slices.Clone(f.Kinds), slices.Clone(f.Values), slices.Clone(f.RefKinds)
	return f
}

// Lookup returns the field with the given name, its lists copied.
func Lookup(name string) (Field, bool) {
	f, ok := lookup(name)
	return f.clone(), ok
}

// lookup is Lookup sharing the table's lists, for this package's readers,
// which never change them and run for every key of every file.
func lookup(name string) (Field, bool) {
	f, ok := fieldIndex[name]
	return f, ok
}

// FieldsOf returns the fields a kind has, in schema order, their lists
// copied.
func FieldsOf(k Kind) []Field {
	out := make([]Field, len(kindFields[k]))
	for i, f := range kindFields[k] {
		out[i] = f.clone()
	}
	return out
}

// AllFields yields every field of every kind, common fields first,
// without the copy Schema makes: the lists of the fields it yields are
// the table's own, to read and never to change.
func AllFields() iter.Seq[Field] {
	return func(yield func(Field) bool) {
		for _, f := range schemaFields {
			if !yield(f) {
				return
			}
		}
	}
}

// Fields yields the fields a kind has, in schema order, without the copy
// FieldsOf makes (the model reads them for every node): the lists of the
// fields it yields are the table's own, to read and never to change.
func Fields(k Kind) iter.Seq[Field] {
	return func(yield func(Field) bool) {
		for _, f := range kindFields[k] {
			if !yield(f) {
				return
			}
		}
	}
}

func indexFields(fs []Field) map[string]Field {
	m := make(map[string]Field, len(fs))
	for _, f := range fs {
		m[f.Name] = f
	}
	return m
}

func fieldsByKind(fs []Field) map[Kind][]Field {
	m := map[Kind][]Field{}
	for _, k := range Kinds() {
		for _, f := range fs {
			if f.Kinds == nil || slices.Contains(f.Kinds, k) {
				m[k] = append(m[k], f)
			}
		}
	}
	return m
}

// checkTable panics unless every row's value is of the Go type its Type
// decodes to: a wrong row is a programming error, found at start-up.
func checkTable(fs []Field) []Field {
	var f Front
	for _, fd := range fs {
		ok := false
		switch v := fd.at(&f); fd.Type {
		case String, Enum, ID, Cadence, Path:
			_, ok = v.(*string)
		case Readings:
			_, ok = v.(*[]Reading)
		case Strings, Refs:
			_, ok = v.(*[]Item)
		case Bool:
			_, ok = v.(*bool)
		case Int:
			_, ok = v.(*int)
		case Number:
			_, ok = v.(**float64)
		case Date:
			_, ok = v.(*time.Time)
		case Assumptions:
			_, ok = v.(*[]Assumption)
		case NonGoals:
			_, ok = v.(*[]NonGoal)
		case Decisions:
			_, ok = v.(*[]Decision)
		}
		if !ok {
			panic(fmt.Sprintf("document: field %s holds %T, not the value of its type", fd.Name, fd.at(&f)))
		}
	}
	return fs
}

func schemaTable() []Field {
	kinds := make([]string, len(kindTable()))
	for i, k := range kindTable() {
		kinds[i] = string(k.Kind)
	}
	return []Field{
		{Name: "id", Type: ID, Doc: "The node's unique id, lower-case letters, digits and hyphens; it defaults to the file name.",
			at: func(f *Front) any { return &f.ID }},
		{Name: "kind", Type: Enum, Values: kinds, Doc: "The node's kind; it defaults to the kind of its top folder under content/.",
			at: func(f *Front) any { return &f.Kind }},
		{Name: "title", Type: String, Required: true, Doc: "The title shown on the page and in links.",
			at: func(f *Front) any { return &f.Title }},
		{Name: "owner", Type: String, Doc: "Who is accountable.",
			at: func(f *Front) any { return &f.Owner }},
		{Name: "status", Type: Enum, Doc: "Where the node is in its life; each kind has its own statuses.",
			at: func(f *Front) any { return &f.Status }},
		{Name: "tags", Type: Strings, Doc: "Free-form tags; an initiative's are checked against its directions' non-goals.",
			at: func(f *Front) any { return &f.Tags }},
		{Name: "summary", Type: String, Doc: "One or two sentences shown in lists and the search index.",
			at: func(f *Front) any { return &f.Summary }},
		{Name: "draft", Type: Bool, Doc: "A draft is checked, its findings as warnings, but left out of the site unless --drafts.",
			at: func(f *Front) any { return &f.Draft }},
		{Name: "next_review", Type: Date, Doc: "When this must next be reviewed; a date that has passed warns.",
			at: func(f *Front) any { return &f.NextReview }},
		{Name: "weight", Type: Int, Doc: "Where the node comes in lists: lower weights come first.",
			at: func(f *Front) any { return &f.Weight }},

		{Name: "problem", Kinds: dirOnly, Type: String, Required: true, Label: "Problem", Doc: "The problem we solve.",
			at: func(f *Front) any { return &f.Problem }},
		{Name: "for_whom", Kinds: dirOnly, Type: String, Required: true, Label: "For whom", Doc: "Exactly whom we solve it for.",
			at: func(f *Front) any { return &f.ForWhom }},
		{Name: "why_we_win", Kinds: dirOnly, Type: String, Required: true, Label: "Why we win", Doc: "Why this wins against the alternatives.",
			at: func(f *Front) any { return &f.WhyWeWin }},
		{Name: "alternatives", Kinds: dirOnly, Type: Strings, Required: true, Label: "Alternatives", Doc: "What the people we serve would pick instead.",
			at: func(f *Front) any { return &f.Alternatives }},
		{Name: "must_be_true", Kinds: dirOnly, Type: Assumptions, Required: true, Label: "What must be true", Doc: "The assumptions the direction rests on, each a claim or {claim, status, evidence}.",
			at: func(f *Front) any { return &f.MustBeTrue }},
		{Name: "non_goals", Kinds: dirOnly, Type: NonGoals, Required: true, Label: "What we will not do", Doc: "What we will not do, each a statement or {statement, tags}.",
			at: func(f *Front) any { return &f.NonGoals }},
		{Name: "stage", Kinds: dirOrIni, Type: Enum, Values: stages, Default: "validate", Doc: "The speed stage: validate, then execute, then scale.",
			at: func(f *Front) any { return &f.Stage }},

		{Name: "advances", Kinds: iniOnly, Type: Refs, RefKinds: dirOnly, Incoming: "Advanced by", Label: "Advances", Doc: "The directions this initiative advances (at least one).",
			at: func(f *Front) any { return &f.Advances }},
		{Name: "rationale", Kinds: iniOnly, Type: String, Label: "Rationale", Doc: "One sentence on how it advances the direction.",
			at: func(f *Front) any { return &f.Rationale }},
		{Name: "signals", Kinds: iniOnly, Type: Refs, RefKinds: sigOnly, Incoming: "Watched by", Label: "Signals", Doc: "The signals that will show whether it works.",
			at: func(f *Front) any { return &f.Signals }},
		{Name: "depends_on", Kinds: iniOnly, Type: Refs, RefKinds: iniOnly, Incoming: "Needed by", Label: "Depends on", Doc: "The initiatives that must land first.",
			at: func(f *Front) any { return &f.DependsOn }},
		{Name: "start", Kinds: iniOnly, Type: Date, Label: "Timeline", Doc: "When the work starts.",
			at: func(f *Front) any { return &f.Start }},
		{Name: "due", Kinds: iniOnly, Type: Date, Doc: "When the work is due; active work past it warns.",
			at: func(f *Front) any { return &f.Due }},
		{Name: "effort", Kinds: iniOnly, Type: Int, Min: 1, Max: 5, Label: "Effort", Export: true,
			Doc: "How much of the team the work takes, from 1 (a few people, part of their time) to 5 (most of the team).",
			at:  func(f *Front) any { return &f.Effort }},

		{Name: "measures", Kinds: sigOnly, Type: Refs, RefKinds: dirOrIni, Required: true, Incoming: "Measured by", Label: "Measures", Doc: "The directions or initiatives this signal measures.",
			at: func(f *Front) any { return &f.Measures }},
		{Name: "unit", Kinds: sigOnly, Type: String, Label: "Figures", Doc: "The unit of the numbers, such as % or days.",
			at: func(f *Front) any { return &f.Unit }},
		{Name: "baseline", Kinds: sigOnly, Type: Number, Doc: "The value when we started.",
			at: func(f *Front) any { return &f.Baseline }},
		{Name: "target", Kinds: sigOnly, Type: Number, Doc: "The value that means success.",
			at: func(f *Front) any { return &f.Target }},
		{Name: "current", Kinds: sigOnly, Type: Number, Doc: "The latest value.",
			at: func(f *Front) any { return &f.Current }},
		{Name: "better", Kinds: sigOnly, Type: Enum, Values: []string{"up", "down"}, Default: "up", Doc: "Whether higher (up) or lower (down) is better.",
			at: func(f *Front) any { return &f.Better }},
		{Name: "target_date", Kinds: sigOnly, Type: Date, Doc: "When the target should be reached; with three readings or more, progress is judged against it.",
			at: func(f *Front) any { return &f.TargetDate }},
		{Name: "cadence", Kinds: sigOnly, Type: Cadence, Label: "Cadence", Doc: "How often it is measured: daily, weekly, biweekly, monthly, quarterly, yearly, or a count of days, weeks or months such as 10d, 2w or 6m.",
			at: func(f *Front) any { return &f.Cadence }},
		{Name: "source", Kinds: sigOnly, Type: String, Label: "Source", Doc: "Where the number comes from.",
			at: func(f *Front) any { return &f.Source }},
		{Name: "history", Kinds: sigOnly, Type: Readings, Doc: "The readings over time, each {date, value, note}; the latest is the current value.",
			at: func(f *Front) any { return &f.History }},
		{Name: "data", Kinds: sigOnly, Type: Path, Doc: "A CSV file of readings beside this file, with a header date,value and an optional note column; its rows join history.",
			at: func(f *Front) any { return &f.Data }},

		{Name: "date", Kinds: revOnly, Type: Date, Required: true, Label: "Date", Doc: "When the review took place.",
			at: func(f *Front) any { return &f.Date }},
		{Name: "reviews", Kinds: revOnly, Type: Refs, RefKinds: dirOnly, Required: true, Incoming: "Reviewed in", Label: "Reviews", Doc: "The directions reviewed.",
			at: func(f *Front) any { return &f.Reviews }},
		{Name: "decisions", Kinds: revOnly, Type: Decisions, RefKinds: dirOnly, Label: "Decisions", Doc: "What was decided for each direction reviewed: continue, pivot, scale or kill.",
			at: func(f *Front) any { return &f.Decisions }},
		{Name: "eliminated", Kinds: revOnly, Type: Refs, RefKinds: iniOnly, Incoming: "Eliminated in", Label: "Eliminated", Doc: "The initiatives cut at this review.",
			at: func(f *Front) any { return &f.Eliminated }},
	}
}
