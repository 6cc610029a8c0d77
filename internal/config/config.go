// Package config owns bearing.yaml: the playbook's options, decoded with
// the position of every key so that a bad option is reported where it is.
// It does no I/O; the caller passes the file's bytes. It imports diag and
// yamlerr, and no later stage of the pipeline.
package config

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bearing-dev/bearing/internal/diag"
	"github.com/bearing-dev/bearing/internal/yamlerr"
	"go.yaml.in/yaml/v3"
)

// File is the configuration file's name at the playbook root.
const File = "bearing.yaml"

// DefaultMaxActive is the focus/fragmented threshold when unset.
const DefaultMaxActive = 7

// DefaultFollowThroughDays is recal/not-carried-out's delay when unset.
const DefaultFollowThroughDays = 30

// Config is a playbook's configuration. The zero value is not used
// directly: Default returns the documented defaults.
type Config struct {
	// Title names the playbook in the site header; default "Strategy".
	Title string
	// Description is the site's meta description.
	Description string
	// BaseURL is where the site is published; "/" when unset. --base-url
	// overrides it.
	BaseURL string
	// Language is the pages' lang attribute; default "en".
	Language string
	// UnsafeHTML passes raw HTML in Markdown through to pages.
	UnsafeHTML bool
	// RelativeURLs makes every link of the site relative and explicit
	// (../directions/x/index.html), so that it works opened from disk;
	// --relative-urls sets it too.
	RelativeURLs bool
	// EditURL, when set, is where a node's source is edited: an absolute
	// http(s) URL in which {path} stands for the node's file, relative to
	// the playbook root. Node pages then link "Edit this page".
	EditURL string
	// RepoURL, when set, is the repository's web address (an absolute
	// http(s) URL, such as https://github.com/ORG/REPO): the drift page
	// and History sections link each commit to RepoURL/commit/ID.
	RepoURL string
	// MaxActive is the most active initiatives a direction may carry
	// before focus/fragmented warns.
	MaxActive int
	// Rules overrides rule severities.
	Rules map[string]diag.Severity
	// HistorySince, when set, is the date history is read from; zero
	// reads all of it.
	HistorySince time.Time
	// FollowThroughDays is how long after a review its decision must be
	// carried out before recal/not-carried-out warns.
	FollowThroughDays int
}

// Default returns the configuration of a playbook without bearing.yaml.
func Default() Config {
	return Config{Title: "Strategy", BaseURL: "/", Language: "en", MaxActive: DefaultMaxActive, Rules: map[string]diag.Severity{},
		FollowThroughDays: DefaultFollowThroughDays}
}

// Options lists the keys bearing.yaml accepts, with what each means; init
// writes them as comments and unknown keys are checked against them.
func Options() [][2]string {
	return [][2]string{
		{"title", "the playbook's name, shown in the site header"},
		{"description", "one sentence for the site's meta description"},
		{"base_url", "where the site is published, e.g. https://example.org/strategy/ (--base-url overrides it)"},
		{"language", "the pages' language, e.g. en"},
		{"unsafe_html", "true passes raw HTML in Markdown through to pages; false (default) shows it as text"},
		{"relative_urls", "true makes every link relative and names index.html, so the site also works opened from disk (--relative-urls sets it too)"},
		{"edit_url", "a URL with {path} for the file, e.g. https://github.com/ORG/REPO/edit/main/{path}: every node page links \"Edit this page\" there"},
		{"repo_url", "the repository's web address, e.g. https://github.com/ORG/REPO: the drift page links each commit to REPO_URL/commit/ID"},
		{"max_active", "how many active initiatives a direction may carry before focus/fragmented warns (default 7)"},
		{"rules", "severity per rule id: error, warning or off, e.g. feedback/no-signal: error"},
		{"history_since", "a date (YYYY-MM-DD): read the git history from then on (default all of it)"},
		{"follow_through_days", "how many days after a review its kill, scale or pivot must be carried out before recal/not-carried-out warns (default 30)"},
	}
}

// Parse decodes bearing.yaml. Problems are diagnostics against File; the
// returned Config holds defaults for whatever could not be read.
func Parse(data []byte) (Config, []diag.Diagnostic) {
	c := Default()
	var ds []diag.Diagnostic
	at := func(n *yaml.Node) diag.Pos { return diag.Pos{File: File, Line: n.Line, Col: n.Column} }
	bad := func(n *yaml.Node, format string, args ...any) {
		ds = append(ds, diag.New(at(n), diag.ConfigInvalid, format, args...))
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		n, msg := yamlerr.Line(err)
		line := max(n, 1)
		return c, []diag.Diagnostic{diag.New(diag.Pos{File: File, Line: line, Col: 1}, diag.ConfigInvalid, "invalid YAML: %s", msg)}
	}
	if len(doc.Content) == 0 || doc.Content[0].Tag == "!!null" {
		return c, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		bad(root, "%s must be a map of options", File)
		return c, ds
	}
	var names []string
	for _, o := range Options() {
		names = append(names, o[0])
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if seen[k.Value] {
			bad(k, "duplicate option %q", k.Value)
			continue
		}
		seen[k.Value] = true
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			continue
		}
		str := func() (string, bool) {
			if v.Kind != yaml.ScalarNode {
				bad(v, "%s must be text", k.Value)
				return "", false
			}
			return v.Value, true
		}
		switch k.Value {
		case "title":
			if s, ok := str(); ok {
				c.Title = s
			}
		case "description":
			if s, ok := str(); ok {
				c.Description = s
			}
		case "base_url":
			if s, ok := str(); ok {
				if err := CheckBaseURL(s); err != nil {
					bad(v, "base_url: %v", err)
				} else {
					c.BaseURL = s
				}
			}
		case "language":
			if s, ok := str(); ok {
				c.Language = s
			}
		case "unsafe_html":
			if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
				bad(v, "unsafe_html must be true or false")
			} else {
				c.UnsafeHTML = strings.EqualFold(v.Value, "true")
			}
		case "relative_urls":
			if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
				bad(v, "relative_urls must be true or false")
			} else {
				c.RelativeURLs = strings.EqualFold(v.Value, "true")
			}
		case "edit_url":
			if s, ok := str(); ok {
				if err := CheckEditURL(s); err != nil {
					bad(v, "edit_url: %v", err)
				} else {
					c.EditURL = s
				}
			}
		case "repo_url":
			if s, ok := str(); ok {
				if err := CheckRepoURL(s); err != nil {
					bad(v, "repo_url: %v", err)
				} else {
					c.RepoURL = s
				}
			}
		case "max_active":
			n, err := strconv.Atoi(v.Value)
			if v.Kind != yaml.ScalarNode || err != nil || n < 1 {
				bad(v, "max_active must be a whole number of at least 1")
			} else {
				c.MaxActive = n
			}
		case "rules":
			ds = append(ds, parseRules(v, c.Rules, at)...)
		case "history_since":
			t, err := time.Parse(time.DateOnly, v.Value)
			if v.Kind != yaml.ScalarNode || err != nil {
				bad(v, "history_since must be a date, YYYY-MM-DD")
			} else {
				c.HistorySince = t
			}
		case "follow_through_days":
			n, err := strconv.Atoi(v.Value)
			if v.Kind != yaml.ScalarNode || err != nil || n < 0 {
				bad(v, "follow_through_days must be a whole number of days, 0 or more")
			} else {
				c.FollowThroughDays = n
			}
		default:
			hint := ""
			if s := diag.Suggest(k.Value, names); s != "" {
				hint = fmt.Sprintf("; did you mean %q?", s)
			}
			bad(k, "unknown option %q%s", k.Value, hint)
		}
	}
	return c, ds
}

func parseRules(v *yaml.Node, into map[string]diag.Severity, at func(*yaml.Node) diag.Pos) []diag.Diagnostic {
	var ds []diag.Diagnostic
	if v.Kind != yaml.MappingNode {
		return []diag.Diagnostic{diag.New(at(v), diag.ConfigInvalid, "rules must be a map of rule id to error, warning or off")}
	}
	var ids []string
	for _, r := range diag.Rules() {
		ids = append(ids, r.ID)
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		if !slices.Contains(ids, k.Value) {
			hint := ""
			if s := diag.Suggest(k.Value, ids); s != "" {
				hint = fmt.Sprintf("; did you mean %q?", s)
			}
			ds = append(ds, diag.New(at(k), diag.ConfigInvalid, "unknown rule %q%s", k.Value, hint))
			continue
		}
		sev, ok := diag.ParseSeverity(val.Value)
		if val.Kind != yaml.ScalarNode || !ok {
			ds = append(ds, diag.New(at(val), diag.ConfigInvalid, "rule %s: severity must be error, warning or off", k.Value))
			continue
		}
		if sev != diag.Error && diag.Fixed(k.Value) {
			// diag.Policy ignores overrides of these; say so rather
			// than accept a setting that does nothing.
			ds = append(ds, diag.New(at(val), diag.ConfigInvalid, "rule %s is always an error: it cannot be made a warning or switched off", k.Value))
			continue
		}
		into[k.Value] = sev
	}
	return ds
}

// EditPath is the placeholder edit_url replaces with a node's path.
const EditPath = "{path}"

// CheckEditURL accepts an absolute http(s) URL with a host that holds
// EditPath.
func CheckEditURL(s string) error {
	if !strings.Contains(s, EditPath) {
		return fmt.Errorf("%q must contain %s, which stands for the page's file", s, EditPath)
	}
	u, err := url.Parse(strings.ReplaceAll(s, EditPath, "content/x.md"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q must be an absolute URL starting with http:// or https://", s)
	}
	return nil
}

// CheckRepoURL accepts an absolute http(s) URL with a host.
func CheckRepoURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("%q must be an absolute URL starting with http:// or https://, without a query or fragment", s)
	}
	return nil
}

// CheckBaseURL accepts an absolute http(s) URL or a path starting with /.
func CheckBaseURL(s string) error {
	if strings.HasPrefix(s, "/") || strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		return nil
	}
	return fmt.Errorf("%q must start with http://, https:// or /", s)
}
