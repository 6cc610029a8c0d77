package diag

import "slices"

// RuleInfo describes one rule: its stable id, default severity and what it
// checks, in one sentence for help text and SARIF.
type RuleInfo struct {
	ID          string
	Default     Severity
	Description string
}

// Rule ids. They are stable: configuration and CI annotations name them.
const (
	ParseFrontmatter   = "parse/frontmatter"
	ParseMarkdown      = "parse/markdown"
	SchemaUnknownField = "schema/unknown-field"
	SchemaRequired     = "schema/required"
	SchemaValue        = "schema/value"
	IDDuplicate        = "id/duplicate"
	RefUnknown         = "ref/unknown"
	RefKind            = "ref/kind"
	LinkBroken         = "link/broken"
	AlignUnmapped      = "align/unmapped"
	AlignRetired       = "align/retired"
	AlignNonGoal       = "align/non-goal"
	SpeedAhead         = "speed/ahead"
	SpeedUnvalidated   = "speed/unvalidated"
	DepsCycle          = "deps/cycle"
	RecalEliminated    = "recal/eliminated-active"
	RecalOverdue       = "recal/overdue"
	FeedbackNoSignal   = "feedback/no-signal"
	FeedbackIncomplete = "feedback/incomplete"
	FocusFragmented    = "focus/fragmented"
	FocusIdle          = "focus/idle"
	SchemaPlaceholder  = "schema/placeholder"
	SpeedOverdue       = "speed/overdue"
	FeedbackStale      = "feedback/stale"
	FeedbackOffTrack   = "feedback/off-track"
	RecalNotCarried    = "recal/not-carried-out"
	FeedbackGoalpost   = "feedback/goalpost"
	DriftChurn         = "drift/churn"
	ConfigInvalid      = "config/invalid"
)

// Rules returns every rule in the order of the design's table, in a
// slice of the caller's own.
func Rules() []RuleInfo { return slices.Clone(rules) }

// rules is the table Rules copies.
var rules = []RuleInfo{
	{ParseFrontmatter, Error, "Frontmatter is malformed or unterminated, or the file is not UTF-8."},
	{ParseMarkdown, Error, "A Markdown body exceeds a limit that keeps parsing fast and bounded (nesting, link expansion)."},
	{SchemaUnknownField, Error, "A field the node's kind does not have."},
	{SchemaRequired, Error, "A required field is missing or empty."},
	{SchemaValue, Error, "A field has the wrong type, a bad date, or a value outside its set."},
	{IDDuplicate, Error, "Two nodes share an id."},
	{RefUnknown, Error, "A reference names no node."},
	{RefKind, Error, "A reference names a node of the wrong kind."},
	{LinkBroken, Error, "A Markdown link or [[id]] points to a missing node, file or heading."},
	{AlignUnmapped, Error, "An initiative advances no direction."},
	{AlignRetired, Error, "An active initiative advances a retired direction."},
	{AlignNonGoal, Error, "An initiative carries a tag that a direction it advances lists under a non-goal."},
	{SpeedAhead, Error, "An initiative's stage is ahead of a direction it advances."},
	{SpeedUnvalidated, Error, "A direction past validate has assumptions not validated (a warning at execute, an error at scale or when invalidated)."},
	{DepsCycle, Error, "depends_on forms a cycle."},
	{RecalEliminated, Error, "A review eliminated an initiative that is still active."},
	{RecalOverdue, Warning, "next_review has passed."},
	{FeedbackNoSignal, Warning, "An active direction or initiative has no signal."},
	{FeedbackIncomplete, Warning, "A signal lacks a baseline or target."},
	{FocusFragmented, Warning, "A direction has more active initiatives than max_active."},
	{FocusIdle, Warning, "An active direction has no active initiative."},
	{SchemaPlaceholder, Error, "Required text of a published node still reads TODO, as bearing new writes it."},
	{SpeedOverdue, Warning, "An active initiative is past its due date."},
	{FeedbackStale, Warning, "A signal's latest reading is older than 1.5 times its cadence."},
	{FeedbackOffTrack, Warning, "A signal's progress is off-track or worse."},
	{RecalNotCarried, Warning, "A review decided kill, scale or pivot for a direction and, follow_through_days after it, the direction is still active, not at scale, or its positioning unchanged (pivot needs git history)."},
	{FeedbackGoalpost, Warning, "A signal's target was eased (moved toward the baseline) in a commit since the last review of what it measures (needs git history)."},
	{DriftChurn, Warning, "A direction's problem, for_whom or why_we_win was rewritten 3 or more times within 90 days with no review of it in between (needs git history)."},
	{ConfigInvalid, Error, "bearing.yaml is malformed, has an unknown option, or an option has a bad value."},
}

// Lookup returns the rule with the given id.
func Lookup(id string) (RuleInfo, bool) {
	for _, r := range rules {
		if r.ID == id {
			return r, true
		}
	}
	return RuleInfo{}, false
}

// Default returns a rule's default severity; unknown rules are errors.
func Default(id string) Severity {
	if r, ok := Lookup(id); ok {
		return r.Default
	}
	return Error
}

// Policy turns default severities into the ones a run reports: overrides
// from bearing.yaml first, then --strict.
type Policy struct {
	Overrides map[string]Severity
	Strict    bool
	// Drafts holds the paths of files marked draft: their findings are
	// warnings at most, even under Strict, so a file still being written
	// never fails a build or turns the preview red.
	Drafts map[string]bool
}

// Fixed reports whether a rule is always an error: parse/frontmatter and
// parse/markdown cannot be switched off, because a file that cannot be
// read would otherwise vanish from the site without a word, and neither
// can config/invalid.
func Fixed(id string) bool {
	return id == ParseFrontmatter || id == ParseMarkdown || id == ConfigInvalid
}

// Apply returns ds with the policy's severities, dropping rules set to off.
// The rules Fixed names keep their configured severity; a draft's errors
// become warnings. It works in place: the result shares ds's array, whose
// elements it overwrites.
func (p Policy) Apply(ds []Diagnostic) []Diagnostic {
	out := ds[:0]
	for _, d := range ds {
		if s, ok := p.Overrides[d.Rule]; ok && !Fixed(d.Rule) {
			d.Severity = s
		}
		if d.Severity == Off {
			continue
		}
		if p.Strict && d.Severity == Warning {
			d.Severity = Error
		}
		if p.Drafts[d.Pos.File] && d.Severity == Error {
			d.Severity = Warning
		}
		out = append(out, d)
	}
	return out
}
