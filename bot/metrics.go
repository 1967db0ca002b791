package bot

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// Metrics counts what operators watch. The zero value is ready to use and
// safe for concurrent use.
type Metrics struct {
	MessagesIn   atomic.Int64
	MessagesOut  atomic.Int64
	SendFailures atomic.Int64
	Reconnects   atomic.Int64
	Duplicates   atomic.Int64

	mu        sync.Mutex
	latencies [len(latencyBuckets) + 1]int64
	latSum    float64
	latCount  int64
	lastIn    time.Time
}

var latencyBuckets = [...]float64{0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5}

// ObserveHandled records one handled message and how long it took.
func (m *Metrics) ObserveHandled(d time.Duration, at time.Time) {
	sec := d.Seconds()
	m.mu.Lock()
	defer m.mu.Unlock()
	i := 0
	for i < len(latencyBuckets) && sec > latencyBuckets[i] {
		i++
	}
	m.latencies[i]++
	m.latSum += sec
	m.latCount++
	m.lastIn = at
}

// LastMessage is when the last message was handled.
func (m *Metrics) LastMessage() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.lastIn
}

// WritePrometheus writes the metrics in the Prometheus text format; depth
// is the current outbox depth.
func (m *Metrics) WritePrometheus(w io.Writer, depth int) {
	counter := func(name, help string, v int64) {
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s counter\n%s %d\n", name, help, name, name, v)
	}
	counter("linli_messages_in_total", "Inbound messages handled.", m.MessagesIn.Load())
	counter("linli_messages_out_total", "Outgoing messages delivered.", m.MessagesOut.Load())
	counter("linli_send_failures_total", "Failed send attempts.", m.SendFailures.Load())
	counter("linli_reconnects_total", "Gateway reconnects.", m.Reconnects.Load())
	counter("linli_duplicates_total", "Redelivered messages ignored.", m.Duplicates.Load())
	fmt.Fprintf(w, "# HELP linli_outbox_depth Undelivered outgoing messages.\n# TYPE linli_outbox_depth gauge\nlinli_outbox_depth %d\n", depth)
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintf(w, "# HELP linli_handler_seconds Time to handle one message.\n# TYPE linli_handler_seconds histogram\n")
	var cum int64
	for i, b := range latencyBuckets {
		cum += m.latencies[i]
		fmt.Fprintf(w, "linli_handler_seconds_bucket{le=\"%g\"} %d\n", b, cum)
	}
	cum += m.latencies[len(latencyBuckets)]
	fmt.Fprintf(w, "linli_handler_seconds_bucket{le=\"+Inf\"} %d\nlinli_handler_seconds_sum %g\nlinli_handler_seconds_count %d\n", cum, m.latSum, m.latCount)
}
