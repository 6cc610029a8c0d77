package gen

import (
	"github.com/bearing-dev/bearing/internal/document"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A node's stage is an index into document.Stages, the order speed
// advances through them.
const (
	validate = iota
	execute
	scale
)

// stageName names a stage index.
func stageName(i int) string { return document.Stages()[i] }

// node is one planned content file. The plan fixes every id, status,
// stage and reference before any file is written, so that bodies can link
// to anything and the rules hold by construction.
type node struct {
	kind  string // direction, initiative, signal, review or page
	id    string
	path  string // relative to content/
	title string
	owner string
	toml  bool

	status string
	stage  int

	// initiative
	advances, signals, dependsOn []*node
	// signal
	measures []*node
	metric   int
	// review
	reviews, eliminated []*node
	decisions           []string // one per reviewed direction
	date                time.Time

	// direction: what points at it, for bodies and for the focus rules
	inis, sigs, revs []*node
	active           int // active initiatives advancing it
}

// playbook is the plan of a whole playbook.
type playbook struct {
	rng                           *rand.Rand
	used                          map[string]bool
	dirs, inis, sigs, revs, pages []*node
	all                           []*node
	// readingsPerSignal is how many readings each signal's history has.
	readingsPerSignal int
}

// plan decides every node of an n-file playbook. The order of rng calls is
// part of the output: change it and every generated playbook changes.
func plan(n int, rng *rand.Rand) *playbook {
	c := CountsFor(n)
	p := &playbook{rng: rng, used: map[string]bool{"home": true}}
	for i := range c.Directions {
		p.planDirection(i)
	}
	// Signal k measures direction k%d, and direction j is measured by
	// signal j%s: every direction has a signal whatever the counts.
	for k := range c.Signals {
		s := p.planSignal()
		for j := k; j < len(p.dirs); j += c.Signals {
			p.measure(s, p.dirs[j])
		}
		p.measure(s, p.dirs[k%len(p.dirs)])
	}
	for j := range c.Initiatives {
		p.planInitiative(j)
	}
	for _, s := range p.sigs {
		p.measureInitiatives(s)
	}
	for r := range c.Reviews {
		p.planReview(r)
	}
	home := &node{kind: "page", id: "home", path: "_index.md", title: "Fieldline strategy", owner: owners[0]}
	p.pages = append(p.pages, home)
	for range c.Pages - 1 {
		p.planPage()
	}
	for _, group := range [][]*node{p.dirs, p.inis, p.sigs, p.revs, p.pages} {
		p.all = append(p.all, group...)
	}
	return p
}

func (p *playbook) pick(list []string) string { return list[p.rng.IntN(len(list))] }

// weighted returns an index into weights, chosen in proportion to them.
func (p *playbook) weighted(weights ...int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := p.rng.IntN(total)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// uniqueID slugs s and makes it unique across the playbook, as ids must be.
func (p *playbook) uniqueID(s string) string {
	base := document.Slug(s)
	id := base
	for i := 2; p.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	p.used[id] = true
	return id
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	return strings.Join(f[:min(n, len(f))], " ")
}

func (p *playbook) planDirection(i int) {
	product, segment := p.pick(products), p.pick(segments)
	d := &node{
		kind:  "direction",
		title: p.pick(adjectives) + " " + product + " for " + segment,
		owner: p.pick(owners),
	}
	d.id = p.uniqueID(product + " " + firstWords(segment, 2))
	d.path = "directions/" + d.id + ".md"
	d.status = "active"
	if i > 0 {
		d.status = []string{"active", "proposed", "paused", "retired"}[p.weighted(80, 8, 6, 6)]
	}
	if d.status != "proposed" {
		d.stage = p.weighted(40, 35, 25)
	}
	p.dirs = append(p.dirs, d)
}

func (p *playbook) planSignal() *node {
	m := p.rng.IntN(len(metrics))
	s := &node{kind: "signal", metric: m, owner: p.pick(owners), toml: p.rng.IntN(10) == 0}
	s.title = metrics[m].name + " " + p.pick(scopes)
	s.id = p.uniqueID(s.title)
	s.path = "signals/" + s.id + ".md"
	p.sigs = append(p.sigs, s)
	return s
}

func (p *playbook) measure(s, target *node) {
	if slices.Contains(s.measures, target) {
		return
	}
	s.measures = append(s.measures, target)
	target.sigs = append(target.sigs, s)
}

// activeCap is one below max_active, so a hand edit of one generated
// playbook does not tip a direction into focus/fragmented.
const activeCap = MaxActive - 1

func (p *playbook) planInitiative(j int) {
	primary := p.dirs[j%len(p.dirs)]
	ini := &node{
		kind:  "initiative",
		title: p.pick(verbs) + " " + p.pick(products) + " " + p.pick(qualifiers),
		owner: p.pick(owners),
	}
	ini.id = p.uniqueID(ini.title)
	ini.path = "initiatives/" + ini.id + ".md"
	ini.advances = []*node{primary}
	// One in five initiatives also advances a second, active direction.
	if len(p.dirs) > 1 && p.rng.IntN(5) == 0 {
		second := p.dirs[p.rng.IntN(len(p.dirs))]
		if second != primary && second.status == "active" && second.active < activeCap {
			ini.advances = append(ini.advances, second)
		}
	}
	ini.status = p.initiativeStatus(primary, ini.advances)
	// Speed may not run ahead of direction: never past the slowest
	// direction advanced, and mostly level with it.
	top := scale
	for _, d := range ini.advances {
		top = min(top, d.stage)
	}
	ini.stage = top
	if top > validate && p.rng.IntN(3) == 0 {
		ini.stage = p.rng.IntN(top)
	}
	for _, d := range ini.advances {
		if ini.status == "active" {
			d.active++
		}
	}
	// Earlier initiatives of the same direction only: depends_on stays
	// acyclic because it always points backwards.
	if prev := primary.inis; len(prev) > 0 && p.rng.IntN(3) == 0 {
		ini.dependsOn = append(ini.dependsOn, prev[p.rng.IntN(len(prev))])
		if len(prev) > 2 && p.rng.IntN(3) == 0 {
			if other := prev[p.rng.IntN(len(prev))]; other != ini.dependsOn[0] {
				ini.dependsOn = append(ini.dependsOn, other)
			}
		}
	}
	for _, d := range ini.advances {
		d.inis = append(d.inis, ini)
	}
	// Every active initiative names a signal; most others do too.
	if ini.status == "active" || p.rng.IntN(10) < 7 {
		cands := primary.sigs
		ini.signals = append(ini.signals, cands[p.rng.IntN(len(cands))])
		if len(cands) > 1 && p.rng.IntN(4) == 0 {
			if other := cands[p.rng.IntN(len(cands))]; other != ini.signals[0] {
				ini.signals = append(ini.signals, other)
			}
		}
	}
	p.inis = append(p.inis, ini)
}

// initiativeStatus picks a status the directions allow: nothing active
// under a retired direction, nothing beyond proposed under a proposed
// one, and never more active initiatives than activeCap per direction.
// The first initiative of an active direction is active, so no active
// direction sits idle.
func (p *playbook) initiativeStatus(primary *node, advances []*node) string {
	room := true
	for _, d := range advances {
		room = room && d.active < activeCap
	}
	switch primary.status {
	case "proposed":
		return "proposed"
	case "paused":
		return []string{"paused", "done", "killed"}[p.weighted(6, 2, 2)]
	case "retired":
		return []string{"done", "killed"}[p.weighted(1, 1)]
	}
	if primary.active == 0 && room {
		return "active"
	}
	for {
		s := []string{"active", "proposed", "paused", "done", "killed"}[p.weighted(45, 20, 10, 15, 10)]
		if s != "active" || room {
			return s
		}
	}
}

// measureInitiatives adds up to two initiatives of a signal's directions
// to what it measures.
func (p *playbook) measureInitiatives(s *node) {
	var cands []*node
	for _, d := range s.measures {
		cands = append(cands, d.inis...)
	}
	if len(cands) == 0 {
		return
	}
	for range p.rng.IntN(3) {
		ini := cands[p.rng.IntN(len(cands))]
		if !slices.Contains(s.measures, ini) {
			s.measures = append(s.measures, ini)
		}
	}
}

func (p *playbook) planReview(r int) {
	d := len(p.dirs)
	rev := &node{kind: "review", owner: p.pick(owners)}
	// Review dates run from 2025-01-06 to 2026-11-20, before Today.
	rev.date = time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC).AddDate(0, 0, p.rng.IntN(684))
	first := p.dirs[(r*7)%d]
	rev.reviews = []*node{first}
	for range p.rng.IntN(3) {
		if next := p.dirs[p.rng.IntN(d)]; !slices.Contains(rev.reviews, next) {
			rev.reviews = append(rev.reviews, next)
		}
	}
	for _, dir := range rev.reviews {
		dir.revs = append(dir.revs, rev)
		rev.decisions = append(rev.decisions, p.decision(dir))
		// Only finished work may be eliminated: the rule
		// recal/eliminated-active rejects anything still active.
		for _, ini := range dir.inis {
			if len(rev.eliminated) < 2 && (ini.status == "killed" || ini.status == "done") &&
				!slices.Contains(rev.eliminated, ini) && p.rng.IntN(3) == 0 {
				rev.eliminated = append(rev.eliminated, ini)
			}
		}
	}
	q := (int(rev.date.Month())-1)/3 + 1
	rev.title = strconv.Itoa(rev.date.Year()) + " Q" + strconv.Itoa(q) + " review: " + strings.TrimPrefix(first.title, "The ")
	rev.id = p.uniqueID(strconv.Itoa(rev.date.Year()) + " q" + strconv.Itoa(q) + " review " + first.id)
	rev.path = "reviews/" + rev.id + ".md"
	p.revs = append(p.revs, rev)
}

func (p *playbook) planPage() {
	folder := p.pick(pageFolders)
	topic := p.pick(pageTopics)
	pg := &node{kind: "page", owner: p.pick(owners), toml: p.rng.IntN(10) == 0}
	about := p.pick(products)
	pg.title = topic + " on the " + about
	pg.id = p.uniqueID(topic + " " + about)
	pg.path = folder + "/" + pg.id + ".md"
	p.pages = append(p.pages, pg)
}

// decision is what a review decided about a direction it reviewed.
func (p *playbook) decision(dir *node) string {
	switch {
	case dir.status == "retired":
		return "kill"
	case dir.stage == scale:
		return "scale"
	case p.rng.IntN(6) == 0:
		return "pivot"
	}
	return "continue"
}

// futureDate returns a next_review date in 2027, after Today.
func (p *playbook) futureDate() time.Time {
	return time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC).AddDate(0, 0, p.rng.IntN(360))
}
