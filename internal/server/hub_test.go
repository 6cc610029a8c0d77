package server

import (
	"fmt"
	"runtime"
	"testing"
	"time"
)

// receive waits for one event, failing after a deadline.
func receive(t *testing.T, ch <-chan Event) (Event, bool) {
	t.Helper()
	select {
	case e, ok := <-ch:
		return e, ok
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5s")
		return Event{}, false
	}
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestHub(t *testing.T) {
	t.Run("broadcast reaches every client", func(t *testing.T) {
		h := NewHub()
		var chans []<-chan Event
		for range 3 {
			ch, cancel := h.Subscribe()
			defer cancel()
			chans = append(chans, ch)
		}
		if got := h.Clients(); got != 3 {
			t.Fatalf("got %d clients; want 3", got)
		}
		want := Event{Name: "reload", Data: `{"build":"1"}`}
		h.Broadcast(want)
		for i, ch := range chans {
			if got, ok := receive(t, ch); !ok || got != want {
				t.Errorf("client %d: got %+v (open %v); want %+v", i, got, ok, want)
			}
		}
	})

	t.Run("a slow client blocks no one and keeps the latest event", func(t *testing.T) {
		h := NewHub()
		slow, cancelSlow := h.Subscribe() // never read until the end
		defer cancelSlow()
		fast, cancelFast := h.Subscribe()
		defer cancelFast()
		done := make(chan struct{})
		go func() {
			defer close(done)
			for i := range 1000 {
				h.Broadcast(Event{Name: "reload", Data: fmt.Sprint(i)})
			}
		}()
		var last Event
		for last.Data != "999" {
			last, _ = receive(t, fast)
		}
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("Broadcast blocked on a client that does not read")
		}
		var got []string
		for len(slow) > 0 {
			e := <-slow
			got = append(got, e.Data)
		}
		if len(got) == 0 || got[len(got)-1] != "999" {
			t.Errorf("slow client holds %v; want it to end with the latest event, 999", got)
		}
	})

	t.Run("close closes every client and later subscriptions", func(t *testing.T) {
		h := NewHub()
		a, cancelA := h.Subscribe()
		b, _ := h.Subscribe()
		h.Close()
		for name, ch := range map[string]<-chan Event{"a": a, "b": b} {
			if _, ok := receive(t, ch); ok {
				t.Errorf("client %s: channel still open after Close", name)
			}
		}
		cancelA() // after Close: must not panic
		c, cancelC := h.Subscribe()
		if _, ok := receive(t, c); ok {
			t.Error("Subscribe after Close: got an open channel; want a closed one")
		}
		cancelC()
		h.Broadcast(Event{Name: "reload"}) // no clients: must not panic
		h.Close()                          // twice: must not panic
		if got := h.Clients(); got != 0 {
			t.Errorf("got %d clients after Close; want 0", got)
		}
	})

	t.Run("cancel is idempotent", func(t *testing.T) {
		h := NewHub()
		ch, cancel := h.Subscribe()
		other, cancelOther := h.Subscribe()
		defer cancelOther()
		cancel()
		cancel()
		if _, ok := receive(t, ch); ok {
			t.Error("channel open after cancel")
		}
		if got := h.Clients(); got != 1 {
			t.Errorf("got %d clients; want 1", got)
		}
		h.Broadcast(Event{Name: "css"})
		if e, ok := receive(t, other); !ok || e.Name != "css" {
			t.Errorf("remaining client got %+v, %v; want the css event", e, ok)
		}
	})

	t.Run("no goroutine is left", func(t *testing.T) {
		before := runtime.NumGoroutine()
		h := NewHub()
		for range 50 {
			ch, cancel := h.Subscribe()
			h.Broadcast(Event{Name: "reload"})
			<-ch
			cancel()
		}
		for range 50 {
			h.Subscribe()
		}
		h.Close()
		waitFor(t, "goroutines to end", func() bool { return runtime.NumGoroutine() <= before })
	})
}
