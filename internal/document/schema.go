package document

import "slices"

// Type is the type of a frontmatter field's value.
type Type int

// Field value types.
const (
	String      Type = iota // a single-line or block string
	Strings                 // a list of strings (a single string is a list of one)
	Refs                    // a list of node ids
	Bool                    // true or false
	Int                     // a whole number
	Number                  // any number
	Date                    // YYYY-MM-DD
	Enum                    // one of Field.Values
	Assumptions             // strings or {claim, status, evidence}
	NonGoals                // strings or {statement, tags}
	Decisions               // map of direction id to continue|pivot|scale|kill
)

// Field describes one frontmatter field: the single source for decoding,
// unknown-field checks, required checks, archetypes and the JSON Schema.
type Field struct {
	Name string
	// Kinds the field belongs to; nil means every kind.
	Kinds []Kind
	Type  Type
	// Values is the closed set of an Enum field.
	Values []string
	// Default is the value an absent Enum field takes.
	Default string
	// Required means the field must be present and non-empty.
	Required bool
	// RefKinds are the kinds a Refs field may name.
	RefKinds []Kind
	// Doc says in one sentence what the field means.
	Doc string
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

// StatusValues returns the allowed statuses of a kind and the default;
// kinds without a closed set return nil.
func StatusValues(k Kind) (values []string, def string) {
	switch k {
	case Direction:
		return []string{"proposed", "active", "paused", "retired"}, "active"
	case Initiative:
		return []string{"proposed", "active", "paused", "done", "killed"}, "active"
	}
	return nil, ""
}

var (
	dirOnly  = []Kind{Direction}
	iniOnly  = []Kind{Initiative}
	sigOnly  = []Kind{Signal}
	revOnly  = []Kind{Review}
	dirOrIni = []Kind{Direction, Initiative}
)

// The schema is computed once: it is read for every file, several times.
// These tables are never modified after initialisation.
var (
	schemaFields = schemaTable()
	fieldIndex   = indexFields(schemaFields)
	kindFields   = fieldsByKind(schemaFields)
)

// Schema returns every field of every kind, common fields first. The
// slice is shared: callers must not modify it.
func Schema() []Field { return schemaFields }

// Lookup returns the field with the given name.
func Lookup(name string) (Field, bool) {
	f, ok := fieldIndex[name]
	return f, ok
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

func schemaTable() []Field {
	return []Field{
		{Name: "id", Type: String, Doc: "Unique id, [a-z0-9][a-z0-9-]*; defaults to the file name."},
		{Name: "kind", Type: Enum, Values: []string{"page", "direction", "initiative", "signal", "review"}, Doc: "The node's kind; defaults from the top folder under content/."},
		{Name: "title", Type: String, Required: true, Doc: "The title shown on the page and in links."},
		{Name: "owner", Type: String, Doc: "Who is accountable."},
		{Name: "status", Type: Enum, Doc: "Lifecycle status; the values depend on the kind."},
		{Name: "tags", Type: Strings, Doc: "Free-form tags; checked against directions' non-goals."},
		{Name: "summary", Type: String, Doc: "One or two sentences shown in lists and the search index."},
		{Name: "draft", Type: Bool, Doc: "A draft is validated but left out of the site unless --drafts."},
		{Name: "next_review", Type: Date, Doc: "When this must next be reviewed; a passed date warns."},
		{Name: "weight", Type: Int, Doc: "Ordering: lower weights come first."},

		{Name: "problem", Kinds: dirOnly, Type: String, Required: true, Doc: "What problem we solve."},
		{Name: "for_whom", Kinds: dirOnly, Type: String, Required: true, Doc: "For whom, exactly."},
		{Name: "why_we_win", Kinds: dirOnly, Type: String, Required: true, Doc: "Why this wins against the alternatives."},
		{Name: "alternatives", Kinds: dirOnly, Type: Strings, Required: true, Doc: "What users would pick instead."},
		{Name: "must_be_true", Kinds: dirOnly, Type: Assumptions, Required: true, Doc: "Assumptions: a string, or {claim, status, evidence}."},
		{Name: "non_goals", Kinds: dirOnly, Type: NonGoals, Required: true, Doc: "What we will not do: a string, or {statement, tags}."},
		{Name: "stage", Kinds: dirOrIni, Type: Enum, Values: stages, Default: "validate", Doc: "Speed stage: validate, execute or scale."},

		{Name: "advances", Kinds: iniOnly, Type: Refs, RefKinds: dirOnly, Doc: "The directions this initiative advances (at least one)."},
		{Name: "rationale", Kinds: iniOnly, Type: String, Doc: "One sentence on how it advances the direction."},
		{Name: "signals", Kinds: iniOnly, Type: Refs, RefKinds: sigOnly, Doc: "Signals that will show whether it works."},
		{Name: "depends_on", Kinds: iniOnly, Type: Refs, RefKinds: iniOnly, Doc: "Initiatives that must land first."},
		{Name: "start", Kinds: iniOnly, Type: Date, Doc: "When the work starts."},
		{Name: "due", Kinds: iniOnly, Type: Date, Doc: "When the work is due."},

		{Name: "measures", Kinds: sigOnly, Type: Refs, RefKinds: dirOrIni, Required: true, Doc: "The directions or initiatives this signal measures."},
		{Name: "unit", Kinds: sigOnly, Type: String, Doc: "Unit of the numbers, such as % or days."},
		{Name: "baseline", Kinds: sigOnly, Type: Number, Doc: "The value when we started."},
		{Name: "target", Kinds: sigOnly, Type: Number, Doc: "The value that means success."},
		{Name: "current", Kinds: sigOnly, Type: Number, Doc: "The latest value."},
		{Name: "better", Kinds: sigOnly, Type: Enum, Values: []string{"up", "down"}, Default: "up", Doc: "Whether higher (up) or lower (down) is better."},
		{Name: "cadence", Kinds: sigOnly, Type: String, Doc: "How often it is measured."},
		{Name: "source", Kinds: sigOnly, Type: String, Doc: "Where the number comes from."},

		{Name: "date", Kinds: revOnly, Type: Date, Required: true, Doc: "When the review took place."},
		{Name: "reviews", Kinds: revOnly, Type: Refs, RefKinds: dirOnly, Required: true, Doc: "The directions reviewed."},
		{Name: "decisions", Kinds: revOnly, Type: Decisions, Doc: "Direction id → continue, pivot, scale or kill."},
		{Name: "eliminated", Kinds: revOnly, Type: Refs, RefKinds: iniOnly, Doc: "Initiatives cut at this review."},
	}
}

// FieldsOf returns the fields a kind has, in schema order. The slice is
// shared: callers must not modify it.
func FieldsOf(k Kind) []Field { return kindFields[k] }
