package server

import "sync"

// Event is one Server-Sent Event.
type Event struct {
	Name string // reload, css, errors, hello
	Data string // one line of JSON
}

// Hub fans events out to connected live-reload clients. A slow client
// never blocks the others: each has a small buffer, and when it is full
// the oldest pending event is dropped, since only the latest state matters.
type Hub struct {
	mu      sync.Mutex
	clients map[chan Event]struct{}
	closed  bool
}

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{clients: map[chan Event]struct{}{}} }

// Subscribe registers a client. The channel is closed when the hub closes
// or cancel is called.
func (h *Hub) Subscribe() (events <-chan Event, cancel func()) {
	ch := make(chan Event, 4)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		close(ch)
		return ch, func() {}
	}
	h.clients[ch] = struct{}{}
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			h.mu.Lock()
			defer h.mu.Unlock()
			if _, ok := h.clients[ch]; ok {
				delete(h.clients, ch)
				close(ch)
			}
		})
	}
}

// Broadcast sends an event to every client.
func (h *Hub) Broadcast(e Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.clients {
		for {
			select {
			case ch <- e:
			default:
				select { // full: drop the oldest and retry
				case <-ch:
				default:
				}
				continue
			}
			break
		}
	}
}

// Clients returns the number of connected clients.
func (h *Hub) Clients() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// Close disconnects every client.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for ch := range h.clients {
		close(ch)
		delete(h.clients, ch)
	}
}
