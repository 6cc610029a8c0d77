package render

import (
	"html/template"
)

// Site is what every page knows about the site.
type Site struct {
	Title, Description, Lang string
	// Base is the base path, "/" or "/strategy/".
	Base string
	// CSS and JS are the theme's asset URLs.
	CSS, JS string
	Nav     []NavLink
}

// NavLink is an entry of the main navigation.
type NavLink struct {
	Title, URL, Section string
}

// Page is the data of one HTML page. Exactly one of the view fields is
// set, matching Template.
type Page struct {
	Site     *Site
	Title    string
	URL      string
	Section  string
	Template string
	// Description is the page's meta description.
	Description string

	Home   *HomeView
	Node   *NodeView
	List   *ListView
	Plain  *PlainView
	Stages *StagesView
	Matrix *MatrixView
	Health *HealthView
}

// Ref is a link to a node, with what a reader needs to judge it.
type Ref struct {
	Title, URL, Kind, Status, Stage string
	// Bad marks a reference that breaks a rule, drawn in red.
	Bad bool
	// Note is a short annotation, such as why a reference is bad.
	Note string
}

// HomeView is the home page.
type HomeView struct {
	Prose    template.HTML
	Map      template.HTML
	Overview bool
	Rows     []LeaderRow
	Counts   []Count
}

// Count is a labelled number.
type Count struct {
	Label string
	N     int
	URL   string
}

// LeaderRow is one direction's line in the leadership table.
type LeaderRow struct {
	Dir         Ref
	ForWhom     string
	Initiatives []Count
	Signals     []SignalFigure
	Validated   int
	Assumptions int
	// SinceReview is days since the last review of this direction, or -1.
	SinceReview int
	Findings    int
}

// SignalFigure is a signal's current value against its target.
type SignalFigure struct {
	Ref                   Ref
	Current, Target, Unit string
	HasCurrent, HasTarget bool
	OnTrack               bool
}

// Row is one labelled field of a node page.
type Row struct {
	Label string
	Text  string
	Refs  []Ref
	Items []Item
}

// Item is one entry of a list field: an assumption, a non-goal, a decision.
type Item struct {
	Text, Badge, Note string
	Tags              []string
	Ref               *Ref
}

// Group is a titled list of references.
type Group struct {
	Label string
	Refs  []Ref
}

// Finding is a diagnostic shown on the page it concerns.
type Finding struct {
	Severity, Rule, Message, Where string
}

// NodeView is a direction, initiative, signal or review page.
type NodeView struct {
	Kind, KindLabel, ID string
	Summary             string
	Badges              []string
	Rows                []Row
	Body                template.HTML
	Neighbours          []Group
	Backlinks           []Ref
	Map                 template.HTML
	Findings            []Finding
	Source              string
	Draft               bool
}

// ListView lists the nodes of one kind.
type ListView struct {
	Intro string
	Items []ListEntry
}

// ListEntry is one node in a list.
type ListEntry struct {
	Ref     Ref
	Summary string
	Meta    string
}

// PlainView is a plain Markdown page.
type PlainView struct {
	Body      template.HTML
	Backlinks []Ref
}

// StagesView is the validate | execute | scale board.
type StagesView struct {
	Lanes []Lane
	Ahead int
}

// Lane is one stage's column.
type Lane struct {
	Name, Blurb string
	Directions  []Ref
	Initiatives []Ref
}

// MatrixView is initiatives × directions.
type MatrixView struct {
	Directions []Ref
	Rows       []MatrixRow
	Coverage   []Coverage
}

// MatrixRow is one initiative's row.
type MatrixRow struct {
	Initiative Ref
	Cells      []Cell
}

// Cell is one initiative × direction cell.
type Cell struct {
	On, Bad bool
	Label   string
}

// Coverage summarises one direction's column.
type Coverage struct {
	Active, Total, Signals int
}

// HealthView lists every finding grouped by rule.
type HealthView struct {
	Groups []HealthGroup
	Total  int
}

// HealthGroup is one rule's findings.
type HealthGroup struct {
	Rule, Description, Severity string
	Items                       []HealthItem
}

// HealthItem is one finding with the page it concerns.
type HealthItem struct {
	Page    *Ref
	Where   string
	Message string
}
