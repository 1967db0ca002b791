// Package recent remembers, in the process's memory, when each key last
// happened, so that what happened lately can be told from what did not:
// a member who just spoke to the bot, a group just warned of a scam.
package recent

import (
	"sync"
	"time"
)

// pruneAt is how many keys are kept before old ones are dropped.
const pruneAt = 4096

// Moments are the last times of keys. The zero value is ready to use and
// safe for concurrent use.
type Moments[K comparable] struct {
	mu sync.Mutex
	m  map[K]time.Time
}

// Mark records that k happened at now. Keys older than keep are dropped
// once many are held.
func (s *Moments[K]) Mark(k K, now time.Time, keep time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[K]time.Time{}
	}
	if len(s.m) >= pruneAt {
		for key, at := range s.m {
			if now.Sub(at) > keep {
				delete(s.m, key)
			}
		}
	}
	s.m[k] = now
}

// Within reports whether k happened within window before now.
func (s *Moments[K]) Within(k K, now time.Time, window time.Duration) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	at, ok := s.m[k]
	return ok && !now.Before(at) && now.Sub(at) <= window
}

// First reports whether k has not happened within window before now, and
// marks it as happening now when so.
func (s *Moments[K]) First(k K, now time.Time, window time.Duration) bool {
	if s.Within(k, now, window) {
		return false
	}
	s.Mark(k, now, window)
	return true
}

// Latest keeps the latest value put for each key, and when: a worry
// passed on, an emergency told, each by community. The zero value is
// ready to use and safe for concurrent use.
type Latest[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]stamped[V]
}

type stamped[V any] struct {
	v  V
	at time.Time
}

// Put records v as k's latest value, put at at.
func (l *Latest[K, V]) Put(k K, v V, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil {
		l.m = map[K]stamped[V]{}
	}
	l.m[k] = stamped[V]{v: v, at: at}
}

// Get returns k's latest value when it was put within window before now.
func (l *Latest[K, V]) Get(k K, now time.Time, window time.Duration) (V, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s, ok := l.m[k]
	if !ok || now.Before(s.at) || now.Sub(s.at) > window {
		var zero V
		return zero, false
	}
	return s.v, true
}
