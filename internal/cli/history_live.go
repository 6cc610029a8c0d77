package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/bearing-dev/bearing/internal/config"
	"github.com/bearing-dev/bearing/internal/history"
)

// headPoll is how often bearing serve asks git whether HEAD moved. A
// watch of .git would have to know git's layout (HEAD, the ref it names,
// packed refs, a linked work tree's folder elsewhere) and would wake on
// every write of the index; one git rev-parse costs about 2 ms, so
// asking every 2 seconds costs a tenth of a percent of a core, and a
// commit shows on the site a moment after it is made.
const headPoll = 2 * time.Second

// liveHistory is the history of bearing serve: read in the background,
// so that the first page waits for nothing, and read again (through the
// cache, so cheaply when it was read before) when HEAD moves or the
// configuration changes what a read finds. One goroutine, started by the
// first call of get, owns the reads.
type liveHistory struct {
	ctx context.Context
	dir string
	env *Env
	// poll is how often HEAD is asked for.
	poll time.Duration
	// arrived holds a token when a read has finished since the last one
	// was taken: the serve loop rebuilds then.
	arrived chan struct{}
	// kick wakes the reader when the configuration changed.
	kick chan struct{}
	once sync.Once

	mu  sync.Mutex
	log *history.Log
	// err is why the last read failed; nil before a first read ends.
	err error
	cfg config.Config
	key string // cfg as the cache keys it
}

// newLiveHistory returns the history of serve, or nil with --no-history.
func newLiveHistory(ctx context.Context, dir string, off bool, env *Env) *liveHistory {
	if off {
		return nil
	}
	return &liveHistory{ctx: ctx, dir: dir, env: env, poll: headPoll,
		arrived: make(chan struct{}, 1), kick: make(chan struct{}, 1)}
}

// get is the session's build.Options.History: the last history read, nil
// until the first read ends. Its first call starts the reader; a call
// with a configuration that changes what a read finds asks for a new one.
func (h *liveHistory) get(c config.Config) *history.Log {
	key, _ := json.Marshal(c)
	h.mu.Lock()
	changed := h.key != string(key)
	h.cfg, h.key = c, string(key)
	l := h.log
	h.mu.Unlock()
	h.once.Do(func() { go h.follow() })
	if changed {
		select {
		case h.kick <- struct{}{}:
		default:
		}
	}
	return l
}

// fn returns get as a build.Options.History, nil for a nil h.
func (h *liveHistory) fn() historyFunc {
	if h == nil {
		return nil
	}
	return h.get
}

// note returns the session's build.Options.HistoryNote: why there is
// no history yet (still being read, or the reason a read failed); under
// --no-history (a nil h), that.
func (h *liveHistory) note() func() string {
	if h == nil {
		return func() string { return noHistoryNote }
	}
	return func() string {
		h.mu.Lock()
		defer h.mu.Unlock()
		if h.err == nil {
			return "The history is still being read: this page is rebuilt when it arrives."
		}
		return missingNote(h.err)
	}
}

// Arrived returns the channel that receives when a new history was read;
// nil (never ready) for a nil h.
func (h *liveHistory) Arrived() <-chan struct{} {
	if h == nil {
		return nil
	}
	return h.arrived
}

// follow reads the history, then again whenever HEAD moves or the
// configuration changes, until the context ends. A history that cannot
// be read (not a repository, a shallow clone) is said once per reason,
// and asked for again at every poll: a git init or a fetch mends it.
func (h *liveHistory) follow() {
	t := time.NewTicker(h.poll)
	defer t.Stop()
	var head, key, said string
	read := func() {
		h.mu.Lock()
		c, k := h.cfg, h.key
		h.mu.Unlock()
		id, err := history.Head(h.ctx, h.dir)
		if err == nil && id == head && k == key {
			return
		}
		if err == nil {
			start := time.Now()
			var l *history.Log
			var hit bool
			l, hit, err = history.ReadCached(h.ctx, historyOptions(h.dir, c), historyCache(h.env.Getenv, c))
			if err == nil {
				head, key, said = id, k, ""
				h.mu.Lock()
				h.log, h.err = l, nil
				h.mu.Unlock()
				how := fmt.Sprintf("read in %s", since(start))
				if hit {
					how = "from the cache"
				}
				fmt.Fprintf(h.env.Stderr, "history: %s up to %s, %s\n", plural(len(l.Commits), "commit"), shortID(l.Head), how)
				select {
				case h.arrived <- struct{}{}:
				default:
				}
				return
			}
		}
		if h.ctx.Err() != nil {
			return
		}
		line := fmt.Sprintf("history left out: %v", err)
		var u *history.Unavailable
		if errors.As(err, &u) {
			line = u.Error()
		}
		if line != said {
			fmt.Fprintln(h.env.Stderr, line)
			said = line
			// The drift page says why, instead of "still being read".
			h.mu.Lock()
			h.err = err
			h.mu.Unlock()
			select {
			case h.arrived <- struct{}{}:
			default:
			}
		}
	}
	for {
		read()
		select {
		case <-h.ctx.Done():
			return
		case <-t.C:
		case <-h.kick:
		}
	}
}

// shortID is a commit id's first 7 characters.
func shortID(id string) string { return id[:min(7, len(id))] }
