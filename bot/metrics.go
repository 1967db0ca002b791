package bot

import (
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

// Latency is a snapshot of the handling-time histogram: cumulative counts
// per upper bound in seconds, the sum and the count.
type Latency struct {
	Buckets map[float64]uint64
	Sum     float64
	Count   uint64
}

// Latency returns the handling-time histogram as it stands.
func (m *Metrics) Latency() Latency {
	m.mu.Lock()
	defer m.mu.Unlock()
	l := Latency{Buckets: make(map[float64]uint64, len(latencyBuckets)), Sum: m.latSum, Count: uint64(m.latCount)}
	var cum uint64
	for i, b := range latencyBuckets {
		cum += uint64(m.latencies[i])
		l.Buckets[b] = cum
	}
	return l
}
