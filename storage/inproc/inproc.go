// Package inproc holds in-memory versions of what several linli instances
// would share through Redis: inbound de-duplication, named locks, send
// pacing and scheduler slot claims. They serve a single instance when no
// Redis is configured, and stand in while a configured Redis is away.
//
// Every type takes a bot.Clock, so tests drive expiry and refill without
// sleeping. Expired entries are swept as the maps grow.
package inproc

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"math"
	"sync"
	"time"

	"linli/bot"
)

// sweepEvery is the least map size at which expired entries are swept.
// After a sweep the next one waits until the map doubles, so sweeping costs
// O(1) per write however many entries are live.
const sweepEvery = 1024

// sweepDue reports whether a map of size n should be swept now.
func sweepDue(n int, at *int) bool { return n >= max(*at, sweepEvery) }

// sweptTo sets the next threshold after a sweep left n entries.
func sweptTo(n int, at *int) { *at = max(2*n, sweepEvery) }

// Deduper remembers keys for a while; it implements bot.Deduper.
type Deduper struct {
	clock   bot.Clock
	mu      sync.Mutex
	seen    map[string]time.Time // key → expiry
	sweepAt int
}

// NewDeduper returns an empty Deduper on clock.
func NewDeduper(clock bot.Clock) *Deduper {
	return &Deduper{clock: clock, seen: map[string]time.Time{}}
}

// FirstSeen reports whether key is new within ttl, and remembers it.
func (d *Deduper) FirstSeen(_ context.Context, key string, ttl time.Duration) (bool, error) {
	if ttl <= 0 {
		return false, errors.New("dedupe: ttl must be positive")
	}
	now := d.clock.Now()
	d.mu.Lock()
	defer d.mu.Unlock()
	if exp, ok := d.seen[key]; ok && now.Before(exp) {
		return false, nil
	}
	d.seen[key] = now.Add(ttl)
	if sweepDue(len(d.seen), &d.sweepAt) {
		for k, exp := range d.seen {
			if !now.Before(exp) {
				delete(d.seen, k)
			}
		}
		sweptTo(len(d.seen), &d.sweepAt)
	}
	return true, nil
}

// Locker hands out expiring named locks; it implements bot.Locker.
type Locker struct {
	clock bot.Clock
	mu    sync.Mutex
	held  map[string]lease
}

type lease struct {
	token string
	exp   time.Time
}

// NewLocker returns a Locker on clock.
func NewLocker(clock bot.Clock) *Locker {
	return &Locker{clock: clock, held: map[string]lease{}}
}

// Acquire takes name for ttl unless someone else holds it.
func (l *Locker) Acquire(_ context.Context, name string, ttl time.Duration) (string, bool, error) {
	if ttl <= 0 {
		return "", false, errors.New("acquire lock: ttl must be positive")
	}
	now := l.clock.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if cur, ok := l.held[name]; ok && now.Before(cur.exp) {
		return "", false, nil
	}
	tok, err := Token()
	if err != nil {
		return "", false, err
	}
	l.held[name] = lease{token: tok, exp: now.Add(ttl)}
	return tok, true, nil
}

// Release frees name only if token still holds it.
func (l *Locker) Release(_ context.Context, name, token string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if cur, ok := l.held[name]; ok && cur.token == token {
		delete(l.held, name)
	}
	return nil
}

// RateLimiter is a token bucket per key; it implements bot.RateLimiter.
type RateLimiter struct {
	clock   bot.Clock
	mu      sync.Mutex
	buckets map[string]*bucket
	sweepAt int
}

type bucket struct {
	tokens float64
	at     time.Time
}

// NewRateLimiter returns a RateLimiter on clock.
func NewRateLimiter(clock bot.Clock) *RateLimiter {
	return &RateLimiter{clock: clock, buckets: map[string]*bucket{}}
}

// Allow takes a token from key's bucket (capacity burst, refilled at rate
// per second), or says how long until one is there.
func (r *RateLimiter) Allow(_ context.Context, key string, rate float64, burst int) (bool, time.Duration, error) {
	if rate <= 0 || burst < 1 || math.IsNaN(rate) || math.IsInf(rate, 0) {
		return false, 0, errors.New("rate limit: rate must be positive and burst at least 1")
	}
	now := r.clock.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	b, ok := r.buckets[key]
	if !ok {
		b = &bucket{tokens: float64(burst), at: now}
		r.buckets[key] = b
		if sweepDue(len(r.buckets), &r.sweepAt) {
			r.sweep(now, rate, burst)
			sweptTo(len(r.buckets), &r.sweepAt)
		}
	}
	if now.After(b.at) {
		b.tokens = math.Min(float64(burst), b.tokens+now.Sub(b.at).Seconds()*rate)
		b.at = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0, nil
	}
	wait := time.Duration(math.Ceil((1 - b.tokens) / rate * float64(time.Second)))
	return false, wait, nil
}

// sweep drops buckets that have refilled completely: they behave exactly
// like a new bucket.
func (r *RateLimiter) sweep(now time.Time, rate float64, burst int) {
	full := time.Duration(float64(burst) / rate * float64(time.Second))
	for k, b := range r.buckets {
		if now.Sub(b.at) > full {
			delete(r.buckets, k)
		}
	}
}

// Claimer records which instance fired a scheduler slot; it implements
// scheduler.Claimer with the same semantics as the Redis one, for one
// process.
type Claimer struct {
	clock   bot.Clock
	mu      sync.Mutex
	claims  map[string]claim
	sweepAt int
}

type claim struct {
	owner string
	exp   time.Time
}

// NewClaimer returns a Claimer on clock.
func NewClaimer(clock bot.Clock) *Claimer {
	return &Claimer{clock: clock, claims: map[string]claim{}}
}

// ClaimSlot records owner for key unless another owner has it.
func (c *Claimer) ClaimSlot(_ context.Context, key, owner string, keep time.Duration) (bool, error) {
	now := c.clock.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if cur, ok := c.claims[key]; ok && now.Before(cur.exp) {
		return cur.owner == owner, nil
	}
	c.claims[key] = claim{owner: owner, exp: now.Add(keep)}
	if sweepDue(len(c.claims), &c.sweepAt) {
		for k, cl := range c.claims {
			if !now.Before(cl.exp) {
				delete(c.claims, k)
			}
		}
		sweptTo(len(c.claims), &c.sweepAt)
	}
	return true, nil
}

// SlotTaken reports whether another owner has key.
func (c *Claimer) SlotTaken(_ context.Context, key, owner string) (bool, error) {
	now := c.clock.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	cur, ok := c.claims[key]
	return ok && now.Before(cur.exp) && cur.owner != owner, nil
}

// Token returns a random lock token.
func Token() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}
