package validate

import (
	"slices"

	"github.com/bearing-dev/bearing/internal/document"
	"github.com/bearing-dev/bearing/internal/model"
)

// Ahead reports whether an initiative's stage runs ahead of a direction it
// advances (speed/ahead). Finished work runs ahead of nothing.
func Ahead(ini, dir *model.Node) bool {
	if finished(ini) {
		return false
	}
	return stageIndex(ini.Front.Stage) > stageIndex(dir.Front.Stage)
}

// NonGoalTag returns the first tag of ini that dir lists under a non-goal,
// with that non-goal's statement (align/non-goal); ok is false if none,
// and for finished work, which the check no longer holds to the rule.
func NonGoalTag(ini, dir *model.Node) (tag document.Item, statement string, ok bool) {
	if finished(ini) {
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
func Violates(ini, dir *model.Node) bool {
	_, _, bad := NonGoalTag(ini, dir)
	return bad || Ahead(ini, dir)
}

func stageIndex(s string) int { return slices.Index(document.Stages(), s) }
