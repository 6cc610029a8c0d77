package history

import (
	"context"
	"errors"
	"runtime"
	"sync"

	"github.com/bearing-dev/bearing/internal/model"
)

// errStopped is what next returns after the stepper's last step, had it
// been asked again.
var errStopped = errors.New("history: read past the end of the log")

// aheadSteps is how many commits the stepper may run ahead of the
// walker: enough that neither waits for the other when one commit costs
// more than the next, few enough that the parses in flight are a few
// files' worth.
const aheadSteps = 4

// lookahead returns how far ahead Read makes its steps: aheadSteps when
// the process may run two goroutines at once, else 0, since on one core
// a second goroutine only adds its hand-overs.
func lookahead() int {
	if runtime.GOMAXPROCS(0) < 2 {
		return 0
	}
	return aheadSteps
}

// steps returns the function the walker calls for each step, and stop,
// which the caller calls once when the walker is done, before it closes
// what the stepper reads. With ahead above 0 the stepper runs on a
// goroutine of its own, up to ahead steps ahead: it fetches and parses
// the files of the next commits while the walker patches and judges the
// graph of the one before. Which of the two is slower depends on the
// history and the judge, so a graph that must be built anew is built by
// the stepper when at least half the steps it may make ahead wait for
// the walker, else by the walker: the same graph either way. The steps
// come in order, the same steps; the stepper's first error (io.EOF at
// the end of the log) is the last thing next returns. stop waits for the
// goroutine, which may be reading the log stream: a caller that stops
// early ends git log first.
func steps(ctx context.Context, s *stepper, ahead int) (next func() (*step, error), stop func()) {
	if ahead <= 0 {
		return func() (*step, error) { return s.next(ctx) }, func() {}
	}
	type result struct {
		st  *step
		err error
	}
	ch := make(chan result, ahead)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(ch)
		for {
			st, err := s.next(ctx)
			if err == nil && st.rebuild && len(ch) >= (ahead+1)/2 {
				// The walker is behind: build the graph it would, here.
				st.graph = model.Build(st.docs, st.assets)
			}
			select {
			case ch <- result{st, err}:
			case <-done:
				return
			}
			if err != nil {
				return
			}
		}
	})
	next = func() (*step, error) {
		r, ok := <-ch
		if !ok {
			return nil, errStopped
		}
		return r.st, r.err
	}
	stop = func() {
		close(done)
		wg.Wait()
	}
	return next, stop
}
