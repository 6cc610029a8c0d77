package render

import (
	"bytes"
	"encoding/json"
	"time"
)

// history.json: the git history as data (README, "history.json"). Its
// keys are stable: fields are added, never renamed or removed.
type historyJSON struct {
	// Available says whether history was read; Note says why not.
	Available bool             `json:"available"`
	Note      string           `json:"note,omitempty"`
	Head      string           `json:"head,omitempty"`
	Since     string           `json:"since,omitempty"`
	Commits   []commitJSON     `json:"commits"`
	Series    []pointJSON      `json:"series"`
	Events    []eventJSON      `json:"events"`
	Readings  []gitReadingJSON `json:"readings"`
}

type commitJSON struct {
	ID      string `json:"id"`
	Date    string `json:"date"`
	Author  string `json:"author"`
	Subject string `json:"subject"`
	URL     string `json:"url,omitempty"`
}

type pointJSON struct {
	Commit      int             `json:"commit"`
	Judged      bool            `json:"judged"`
	Errors      int             `json:"errors"`
	Warnings    int             `json:"warnings"`
	Rules       []ruleCountJSON `json:"rules"`
	Initiatives int             `json:"initiatives"`
	Unmapped    int             `json:"unmapped"`
	Assumptions int             `json:"assumptions"`
	Validated   int             `json:"validated"`
	Directions  []dirPointJSON  `json:"directions"`
}

type ruleCountJSON struct {
	Rule     string `json:"rule"`
	Errors   int    `json:"errors"`
	Warnings int    `json:"warnings"`
}

type dirPointJSON struct {
	ID     string `json:"id"`
	Stage  string `json:"stage,omitempty"`
	Status string `json:"status,omitempty"`
	Active int    `json:"active"`
}

type eventJSON struct {
	Commit   int      `json:"commit"`
	Kind     string   `json:"kind"`
	Node     string   `json:"node,omitempty"`
	NodeKind string   `json:"node_kind,omitempty"`
	Path     string   `json:"path"`
	Field    string   `json:"field,omitempty"`
	From     string   `json:"from,omitempty"`
	To       string   `json:"to,omitempty"`
	Old      *float64 `json:"old,omitempty"`
	New      *float64 `json:"new,omitempty"`
	Severity string   `json:"severity,omitempty"`
	// Now is the node's id at the last commit, when a later rename
	// changed it.
	Now string `json:"now,omitempty"`
}

type gitReadingJSON struct {
	Commit int     `json:"commit"`
	Node   string  `json:"node"`
	Value  float64 `json:"value"`
}

// historyJSON makes history.json: one line per commit, point, event and
// reading, so that a diff of two builds' files reads by line.
func (ru *run) historyJSON() ([]byte, error) {
	out := historyJSON{Commits: []commitJSON{}, Series: []pointJSON{}, Events: []eventJSON{}, Readings: []gitReadingJSON{}}
	if ru.hist == nil {
		out.Note = ru.in.HistoryNote
		if out.Note == "" {
			out.Note = noHistoryNote
		}
	} else {
		l := ru.hist.log
		out.Available, out.Head = true, l.Head
		if !l.Since.IsZero() {
			out.Since = l.Since.Format(time.DateOnly)
		}
		for _, c := range l.Commits {
			out.Commits = append(out.Commits, commitJSON{ID: c.ID, Date: c.Date.Format(time.RFC3339), Author: c.Author, Subject: c.Subject, URL: ru.commitRef(c).URL})
		}
		for _, p := range l.Series {
			pj := pointJSON{Commit: p.Commit, Judged: p.Judged, Errors: p.Errors, Warnings: p.Warnings, Rules: []ruleCountJSON{},
				Initiatives: p.Initiatives, Unmapped: p.Unmapped, Assumptions: p.Assumptions, Validated: p.Validated, Directions: []dirPointJSON{}}
			for _, r := range p.Rules {
				pj.Rules = append(pj.Rules, ruleCountJSON(r))
			}
			for _, d := range p.Directions {
				pj.Directions = append(pj.Directions, dirPointJSON(d))
			}
			out.Series = append(out.Series, pj)
		}
		for _, e := range l.Events {
			ej := eventJSON{Commit: e.Commit, Kind: string(e.Kind), Node: e.Node, NodeKind: string(e.NodeKind), Path: e.Path,
				Field: e.Field, From: e.From, To: e.To, Old: e.Old, New: e.New, Severity: e.Severity}
			if now := ru.hist.now(e.Node); e.Node != "" && now != e.Node {
				ej.Now = now
			}
			out.Events = append(out.Events, ej)
		}
		for _, r := range l.Readings {
			out.Readings = append(out.Readings, gitReadingJSON(r))
		}
	}
	return out.marshal()
}

// marshal writes the file with each record on a line of its own.
func (h historyJSON) marshal() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(true)
	field := func(name string, v any) error {
		b.WriteString(name)
		if err := enc.Encode(v); err != nil {
			return err
		}
		b.Truncate(b.Len() - 1)
		return nil
	}
	list := func(name string, n int, item func(int) any) error {
		b.WriteString(",\n")
		return encodeList(&b, name, n, func(i int) error { return enc.Encode(item(i)) })
	}
	b.WriteString("{\n")
	if err := field(`  "available": `, h.Available); err != nil {
		return nil, err
	}
	for _, kv := range [][2]string{{"note", h.Note}, {"head", h.Head}, {"since", h.Since}} {
		if kv[1] != "" {
			b.WriteString(",\n")
			if err := field(`  "`+kv[0]+`": `, kv[1]); err != nil {
				return nil, err
			}
		}
	}
	if err := list(`"commits"`, len(h.Commits), func(i int) any { return h.Commits[i] }); err != nil {
		return nil, err
	}
	if err := list(`"series"`, len(h.Series), func(i int) any { return h.Series[i] }); err != nil {
		return nil, err
	}
	if err := list(`"events"`, len(h.Events), func(i int) any { return h.Events[i] }); err != nil {
		return nil, err
	}
	if err := list(`"readings"`, len(h.Readings), func(i int) any { return h.Readings[i] }); err != nil {
		return nil, err
	}
	b.WriteString("\n}\n")
	return b.Bytes(), nil
}
