package model

import (
	"slices"

	"github.com/bearing-dev/bearing/internal/document"
)

// The verdicts below are the rule predicates the site draws as well as
// the check reports: validate turns them into diagnostics, render into
// red edges and badges, so the two cannot disagree.

// Finished reports whether a node is past needing attention: done,
// killed or retired.
func (n *Node) Finished() bool {
	switch n.Front.Status {
	case "retired", "done", "killed":
		return true
	}
	return false
}

// Ahead reports whether an initiative's stage runs ahead of a direction it
// advances (speed/ahead). Finished work runs ahead of nothing.
func Ahead(ini, dir *Node) bool {
	if ini.Finished() {
		return false
	}
	return StageIndex(ini.Front.Stage) > StageIndex(dir.Front.Stage)
}

// NonGoalTag returns the first tag of ini that dir lists under a non-goal,
// with that non-goal's statement (align/non-goal); ok is false if none,
// and for finished work, which the check no longer holds to the rule.
func NonGoalTag(ini, dir *Node) (tag document.Item, statement string, ok bool) {
	if ini.Finished() {
		return document.Item{}, "", false
	}
	for _, t := range ini.Front.Tags {
		for _, ng := range dir.Front.NonGoals {
			if slices.Contains(ng.Tags, t.Value) {
				return t, ng.Statement, true
			}
		}
	}
	return document.Item{}, "", false
}

// Violates reports whether an advances edge breaks an alignment or speed
// rule; the site draws such edges in red.
func Violates(ini, dir *Node) bool {
	_, _, bad := NonGoalTag(ini, dir)
	return bad || Ahead(ini, dir)
}

// StageIndex returns a stage's place in validate, execute, scale; -1 for
// anything else.
func StageIndex(s string) int { return slices.Index(document.Stages(), s) }
