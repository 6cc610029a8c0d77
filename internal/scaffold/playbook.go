package scaffold

import (
	"bytes"
	"embed"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"text/template"
	"time"
	"unicode"

	"github.com/bearing-dev/bearing/internal/config"
)

// starter holds the files of a new playbook besides bearing.yaml. A file
// named *.tmpl is a text/template executed with the playbook's dates and
// written without the suffix; any other file is written as it is (the
// workflow's ${{ }} expressions are GitHub's, not templates).
//
//go:embed all:playbook
var starter embed.FS

// Options configure a new playbook.
type Options struct {
	// Title names the playbook in bearing.yaml; "Strategy" when empty.
	Title string
	// Today dates the example: its review took place today, and its next
	// reviews and the due date of its work fall a quarter later, so the
	// example checks clean until then.
	Today time.Time
}

// playbookDates are the dates the example's templates use.
type playbookDates struct {
	Today, Due, NextReview string
}

// Playbook returns the files of a new playbook: bearing.yaml, then the
// others in path order.
func Playbook(o Options) ([]File, error) {
	if o.Title == "" {
		o.Title = config.Default().Title
	}
	day := func(d int) string { return o.Today.AddDate(0, 0, d).Format(time.DateOnly) }
	dates := playbookDates{Today: day(0), Due: day(91), NextReview: day(91)}
	files := []File{{Path: config.File, Data: configFile(o.Title)}}
	root, err := fs.Sub(starter, "playbook")
	if err != nil {
		return nil, err
	}
	err = fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(root, p)
		if err != nil {
			return err
		}
		if name, ok := strings.CutSuffix(p, ".tmpl"); ok {
			t, err := template.New(p).Option("missingkey=error").Parse(string(data))
			if err != nil {
				return err
			}
			var b bytes.Buffer
			if err := t.Execute(&b, dates); err != nil {
				return err
			}
			p, data = name, b.Bytes()
		}
		files = append(files, File{Path: p, Data: data})
		return nil
	})
	return files, err
}

// optionSamples are the values bearing.yaml shows for each option of
// config.Options(). Options set here are written live; the others are
// written commented out, showing their default or an example.
var optionSamples = map[string]struct {
	value string
	live  bool
}{
	"title":               {live: true}, // from Options.Title
	"description":         {value: "Where we are going, what we are doing about it, how fast, and how we know.", live: true},
	"base_url":            {value: "/"},
	"language":            {value: config.Default().Language},
	"unsafe_html":         {value: "false"},
	"relative_urls":       {value: "false"},
	"edit_url":            {value: "https://github.com/ORG/REPO/edit/main/{path}"},
	"repo_url":            {value: "https://github.com/ORG/REPO"},
	"max_active":          {value: strconv.Itoa(config.DefaultMaxActive)},
	"rules":               {value: "\n  feedback/no-signal: error\n  recal/overdue: off"},
	"history_since":       {value: "2024-01-01"},
	"follow_through_days": {value: strconv.Itoa(config.DefaultFollowThroughDays)},
}

// plainTitle is a title YAML reads as text without quotes.
var plainTitle = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9 ]*$`)

// configFile writes bearing.yaml with every option and what it means.
func configFile(title string) []byte {
	var b strings.Builder
	b.WriteString("# bearing.yaml: this playbook's options. Every option is listed with what it\n" +
		"# means; those commented out keep the default or example shown.\n")
	for _, o := range config.Options() {
		s, ok := optionSamples[o[0]]
		if !ok {
			panic("scaffold: no sample value for bearing.yaml option " + o[0]) // caught by the tests
		}
		value := s.value
		if o[0] == "title" {
			value = title
			if !plainTitle.MatchString(title) {
				value = strconv.Quote(title)
			}
		}
		b.WriteByte('\n')
		comment(&b, "", sentence(o[1]))
		line := o[0] + ": " + value
		if strings.HasPrefix(value, "\n") {
			line = o[0] + ":" + value
		}
		if !s.live {
			line = "# " + strings.ReplaceAll(line, "\n", "\n# ")
		}
		b.WriteString(line + "\n")
	}
	return []byte(b.String())
}

// sentence capitalises a phrase and ends it with a full stop.
func sentence(s string) string {
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	s = string(r)
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// MergeGitignore adds the lines of add that old lacks to the end of old,
// so init keeps what a repository already ignores. It reports whether
// anything was added.
func MergeGitignore(old, add []byte) ([]byte, bool) {
	have := map[string]bool{}
	for _, l := range strings.Split(string(old), "\n") {
		have[strings.TrimSpace(l)] = true
	}
	var missing []string
	for _, l := range strings.Split(string(add), "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "#") && !have[l] {
			missing = append(missing, l)
		}
	}
	if len(missing) == 0 {
		return old, false
	}
	out := string(old)
	if out != "" && !strings.HasSuffix(out, "\n") {
		out += "\n"
	}
	out += "\n# Added by bearing init: the site `bearing build` writes.\n" + strings.Join(missing, "\n") + "\n"
	return []byte(out), true
}
