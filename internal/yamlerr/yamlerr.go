// Package yamlerr reads the line out of a go.yaml.in/yaml/v3 syntax error.
// The library reports syntax errors only as text ("yaml: line 3: ..."),
// so this is the one place in Bearing where a position is read back from
// a message; document (frontmatter) and config (bearing.yaml) share it.
// It imports only the standard library.
package yamlerr

import (
	"regexp"
	"slices"
	"strconv"
)

var linePrefix = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// parserProblems are the messages of yaml.v3's parser errors, as opposed
// to its scanner errors. The library numbers the lines of parser errors
// from 0 and those of scanner errors from 1 (its fail() adds one for
// scanner errors only), so a parser error's line needs one added.
func parserProblems() []string {
	return []string{
		"did not find expected <stream-start>",
		"did not find expected <document start>",
		"did not find expected node content",
		"did not find expected key",
		"did not find expected '-' indicator",
		"did not find expected ',' or ']'",
		"did not find expected ',' or '}'",
		"found duplicate %YAML directive",
		"found incompatible YAML document",
		"found duplicate %TAG directive",
		"found undefined tag handle",
	}
}

// Line splits a yaml.v3 syntax error into the 1-based line it names within
// the YAML text (0 when it names none) and the bare message.
func Line(err error) (int, string) {
	m := linePrefix.FindStringSubmatch(err.Error())
	if m == nil {
		return 0, err.Error()
	}
	n, _ := strconv.Atoi(m[1])
	if slices.Contains(parserProblems(), m[2]) {
		n++ // 0-based, and a parser error on the first line names none
	}
	return n, m[2]
}
