package document

import "strings"

// Kind is the kind of a node.
type Kind string

// The kinds of the content model.
const (
	Page       Kind = "page"
	Direction  Kind = "direction"
	Initiative Kind = "initiative"
	Signal     Kind = "signal"
	Review     Kind = "review"
)

// KindInfo describes one kind: the single source for its folder, the
// title of its list, what it is, its statuses and its place in the site.
type KindInfo struct {
	Kind Kind
	// Folder is the top folder under content/ that implies the kind, and
	// the first path segment of its pages' URLs; "" for pages.
	Folder string
	// Title names the kind's list page and its navigation entry.
	Title string
	// Description says what a node of the kind is, for its list page and
	// its archetype.
	Description string
	// Statuses is the closed set of the kind's statuses, nil when any text
	// will do; DefaultStatus is what an absent status means.
	Statuses      []string
	DefaultStatus string
}

// kindTable lists the kinds in the order the site presents them: in its
// navigation, its lists and its graph.
func kindTable() []KindInfo {
	return []KindInfo{
		{Kind: Direction, Folder: "directions", Title: "Directions",
			Description:   "A direction is a coherent positioning logic: the problem, for whom, why we win, what must be true, and what we will not do.",
			Statuses:      []string{"proposed", "active", "paused", "retired"},
			DefaultStatus: "active"},
		{Kind: Initiative, Folder: "initiatives", Title: "Initiatives",
			Description:   "An initiative is a unit of work. Every one must advance a direction; its stage may not run ahead of the direction's.",
			Statuses:      []string{"proposed", "active", "paused", "done", "killed"},
			DefaultStatus: "active"},
		{Kind: Signal, Folder: "signals", Title: "Signals",
			Description: "A signal is a metric tied to the strategy: the feedback loop that shows whether direction and work are paying off."},
		{Kind: Review, Folder: "reviews", Title: "Reviews",
			Description: "A review is a recalibration: what was decided for each direction, and which work was cut."},
		{Kind: Page, Title: "Pages",
			Description: "A page is any other Markdown: prose, principles, the playbook's story."},
	}
}

// The kind table is computed once and never modified; callers get copies.
var (
	kinds     = kindTable()
	kindIndex = func() map[Kind]int {
		m := make(map[Kind]int, len(kinds))
		for i, k := range kinds {
			m[k.Kind] = i
		}
		return m
	}()
)

// Kinds lists every kind in the order the site presents them.
func Kinds() []Kind {
	out := make([]Kind, len(kinds))
	for i, k := range kinds {
		out[i] = k.Kind
	}
	return out
}

// NodeKinds lists the kinds that have a folder of their own, in site
// order: every kind but page.
func NodeKinds() []Kind {
	var out []Kind
	for _, k := range kinds {
		if k.Folder != "" {
			out = append(out, k.Kind)
		}
	}
	return out
}

// Info returns the kind's row of the kind table; an unknown kind has only
// its name.
func (k Kind) Info() KindInfo {
	if i, ok := kindIndex[k]; ok {
		info := kinds[i]
		info.Statuses = append([]string(nil), info.Statuses...)
		return info
	}
	return KindInfo{Kind: k, Title: string(k)}
}

// Order is the kind's place in the site's order; unknown kinds come last.
func (k Kind) Order() int {
	if i, ok := kindIndex[k]; ok {
		return i
	}
	return len(kinds)
}

// Folder is the top folder under content/ that implies the kind, and the
// first path segment of its pages' URLs; pages have none.
func (k Kind) Folder() string {
	if i, ok := kindIndex[k]; ok {
		return kinds[i].Folder
	}
	return ""
}

// Article returns the kind with its indefinite article: "a direction",
// "an initiative".
func (k Kind) Article() string { return Article(string(k)) }

// Article puts "a" or "an" before a word of the content model: "a
// signal", "an initiative", "a direction or initiative". The words are
// the model's own, so the first letter decides.
func Article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an " + word
	}
	return "a " + word
}

// StatusValues returns the allowed statuses of a kind and the default;
// kinds without a closed set return nil.
func StatusValues(k Kind) (values []string, def string) {
	info := k.Info()
	return info.Statuses, info.DefaultStatus
}
