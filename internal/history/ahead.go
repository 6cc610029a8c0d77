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
// goroutine of its own, up to ahead steps ahead: it parses the files of
// the next commits (which the fetcher fetched on another, fetchAhead)
// while the walker patches and judges the graph of the one before. Which of the two is slower depends on the
// history and the judge, so a graph that must be built anew is built by
// the stepper when at least half the steps it may make ahead wait for
// the walker, else by the walker: the same graph either way. The steps
// come in order, the same steps; the stepper's first error (io.EOF at
// the end of the log) is the last thing next returns. stop waits for the
// goroutine, which may be waiting for the fetcher: a caller that stops
// early ends git log first.
func steps(ctx context.Context, s *stepper, ahead int) (next func() (*step, error), stop func()) {
	if ahead <= 0 {
		return func() (*step, error) { return s.next(ctx) }, func() {}
	}
	return goAhead(ahead, func(waiting func() int) (*step, error) {
		st, err := s.next(ctx)
		if err == nil && st.rebuild && waiting() >= (ahead+1)/2 {
			// The walker is behind: build the graph it would, here.
			st.graph = model.Build(st.docs, st.assets)
		}
		return st, err
	})
}

// goAhead runs produce on a goroutine of its own, up to ahead results
// ahead of next, which returns them in order; produce's first error
// (io.EOF at the end) is the last thing next returns. waiting tells
// produce how many results wait to be taken. stop, called once when the
// consumer is done, waits for the goroutine.
func goAhead[T any](ahead int, produce func(waiting func() int) (T, error)) (next func() (T, error), stop func()) {
	type result struct {
		v   T
		err error
	}
	ch := make(chan result, ahead)
	done := make(chan struct{})
	waiting := func() int { return len(ch) }
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(ch)
		for {
			v, err := produce(waiting)
			select {
			case ch <- result{v, err}:
			case <-done:
				return
			}
			if err != nil {
				return
			}
		}
	})
	next = func() (T, error) {
		r, ok := <-ch
		if !ok {
			var zero T
			return zero, errStopped
		}
		return r.v, r.err
	}
	stop = func() {
		close(done)
		wg.Wait()
	}
	return next, stop
}
