package render

import (
	"html/template"

	"github.com/bearing-dev/bearing/internal/model"
)

// Site is what every page knows about the site.
type Site struct {
	Title, Description, Lang string
	// Base is the base path, "/" or "/strategy/".
	Base string
	// CSS and JS are the theme's asset URLs.
	CSS, JS string
	Nav     []NavLink
	// Relative says every link is relative (relative_urls): the search
	// page then loads its index as a script, which works from disk.
	Relative bool

	frags *fragments
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

	Home    *HomeView
	Node    *NodeView
	List    *ListView
	Plain   *PlainView
	Stages  *StagesView
	Matrix  *MatrixView
	Health  *HealthView
	Outcome *OutcomeView
	Roadmap *RoadmapView
	Owners  *OwnersView
	Owner   *OwnerView
	Brief   *BriefView
	Pages   *PagesView
	Drift   *DriftView
}

// Ref is a link to a node, with what a reader needs to judge it.
type Ref struct {
	Title, URL, Kind, Status, Stage string
	// Bad marks a reference that breaks a rule, drawn in red.
	Bad bool
	// Note is a short annotation, such as why a reference is bad.
	Note string

	// frags draws the reference (HTML) and node is what it refers to;
	// both are set by the renderer.
	frags *fragments
	node  *model.Node
}

// HomeView is the home page.
type HomeView struct {
	// Summary is the home page's summary, shown under the title.
	Summary string
	// Prose is content/_index.md's body; ProseTitled says it opens with
	// its own level-one heading, so the page shows no other.
	Prose       template.HTML
	ProseTitled bool
	Map         template.HTML
	// MapList is the map as nested lists (see run.mapList).
	MapList  template.HTML
	Overview bool
	Rows     []LeaderRow
	Counts   []Count
}

// Count is a labelled number, with a short note beneath it.
type Count struct {
	Label string
	N     int
	URL   string
	Note  string
	// Bad marks a count that should be zero, such as findings.
	Bad bool
}

// LeaderRow is one direction's line in the leadership table.
type LeaderRow struct {
	Dir         Ref
	Owner       Ref
	ForWhom     string
	Initiatives []Count
	Signals     []SignalFigure
	Validated   int
	Assumptions int
	// ValidatedPct is Validated as a percentage of Assumptions.
	ValidatedPct int
	// SinceReview is days since the last review of this direction, or -1.
	SinceReview int
	// LastReview is the date of that review.
	LastReview string
	Findings   int
}

// SignalFigure is a signal's current value against its target.
type SignalFigure struct {
	Ref                   Ref
	Current, Target, Unit string
	HasCurrent, HasTarget bool
	// OnTrack says the target is reached.
	OnTrack bool
	// Progress is how far current has moved from baseline to target, in
	// percent (0 to 100); HasProgress says it could be computed.
	Progress    int
	HasProgress bool
	// State is the signal's progress as the model judges it (achieved,
	// worse, off-track, ...), and StateText the same in words.
	State, StateText string
	// Spark is a small line of the signal's readings; "" without two.
	Spark template.HTML
}

// ReadingRow is one reading, as the table beside a signal's chart shows it.
type ReadingRow struct {
	Date, Value, Note string
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
	Status, Stage       string
	Rows                []Row
	Body                template.HTML
	Neighbours          []Group
	Backlinks           []Ref
	Map                 template.HTML
	// MapList is the sub-map as nested lists.
	MapList  template.HTML
	Findings []Finding
	// FindingsSeverity is the worst severity among Findings, "error" or
	// "warning": the findings box takes its colour.
	FindingsSeverity string
	Source           string
	// EditURL, when bearing.yaml sets edit_url, is where Source is edited.
	EditURL string
	Draft   bool
	// Figure is a signal's progress, for the bar on its page.
	Figure *SignalFigure
	// Chart draws a signal's readings, and Readings lists them, latest
	// first, for those who cannot see the chart.
	Chart    template.HTML
	Readings []ReadingRow
	// ReadingsFromGit says the readings are the signal's current values
	// over the commits, taken from git: its file records none.
	ReadingsFromGit bool
	// ReadingRows is Readings as the rows of that table, drawn with the
	// chart: a signal with years of daily readings has thousands, and
	// html/template would escape each cell through reflection.
	ReadingRows template.HTML
	// Signals are the figures of the signals that measure a direction or
	// an initiative, each with its sparkline.
	Signals []SignalFigure
	// History is the node's History section; nil without git history.
	History *HistoryView
}

// ListView lists the nodes of one kind.
type ListView struct {
	Intro string
	Items []ListEntry
	// Scorecard holds, for the signals' list, each signal's figures;
	// Counts how many signals show each progress, worst first, and Tally
	// the same by rank.
	Scorecard []ScoreRow
	Counts    []ProgressCount
	Tally     [7]int
	// Work holds, for the initiatives' list, the initiatives under each
	// direction they advance; Filters are what its script filters them
	// by, and Script is that script's URL.
	Work    []WorkGroup
	Filters []Filter
	Script  string
}

// WorkGroup is one direction of the initiatives' list with the
// initiatives that advance it. Dir is the zero Ref for the initiatives
// that advance no shown direction.
type WorkGroup struct {
	Dir Ref
	// ID is the group's heading's id.
	ID   string
	Rows []WorkRow
}

// WorkRow is one initiative of the initiatives' list.
type WorkRow struct {
	// Ref links the initiative, without its status (the row shows it).
	Ref           Ref
	ID            string
	Summary       string
	Stage, Status string
	Owner         Ref
	// Due is the due date, "" without one; Overdue says an active
	// initiative is past it.
	Due     string
	Overdue bool
	// Effort is 1 to 5, 0 when not given.
	Effort int
	// Also are the other directions the initiative advances.
	Also []Ref
}

// Filter is one control of a list's filters: the rows' attribute
// data-Name is matched against one of Options.
type Filter struct {
	Name, Label string
	Options     []string
}

// ScoreRow is one signal of the scorecard.
type ScoreRow struct {
	SignalFigure
	Owner Ref
}

// ProgressCount is how many signals show one progress.
type ProgressCount struct {
	State, Text string
	N           int
}

// ListEntry is one node in a list.
type ListEntry struct {
	Ref     Ref
	Summary string
	Meta    string
	// Owner links to the page of the node's owner.
	Owner Ref
}

// PagesView lists the plain pages, in sections by folder.
type PagesView struct {
	Sections []Group
}

// PlainView is a plain Markdown page.
type PlainView struct {
	Summary string
	Body    template.HTML
	// Titled says the body opens with its own level-one heading, so the
	// page shows no other.
	Titled    bool
	Backlinks []Ref
	// Source is the page's file; EditURL, when bearing.yaml sets
	// edit_url, is where it is edited, as on a node's page.
	Source, EditURL string
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
	Ahead       int
}

// MatrixView is initiatives × directions, in blocks of at most
// matrixColumns directions so that the page grows with the playbook, not
// with its square.
type MatrixView struct {
	Blocks []MatrixBlock
}

// MatrixBlock is one table of the matrix: some directions, and the
// initiatives that advance at least one of them.
type MatrixBlock struct {
	// Caption names the block when there are several.
	Caption    string
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
	Active, Total, Signals, Bad int
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
	// Rule and Severity are set where the item is listed apart from its
	// rule's group (an owner's page).
	Rule, Severity string
}
