package redis

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"time"

	"linli/bot"
	"linli/storage/inproc"
)

// DefaultRetry is how long Fallback stays on the in-process versions
// before it tries Redis again.
const DefaultRetry = 30 * time.Second

// localToken marks lock tokens handed out while Redis was away, so Release
// goes back to the place that issued them.
const localToken = "local:"

// Fallback uses a shared Redis and, when Redis goes away while linli runs,
// the in-process versions for this instance alone, logging loudly: while it
// lasts, other instances may double-fire slots or pace sends on their own.
// It tries Redis again every Retry and says so when Redis is back. It
// implements bot.Deduper, bot.Locker, bot.RateLimiter and
// scheduler.Claimer.
type Fallback struct {
	remote *Client
	clock  bot.Clock
	log    *slog.Logger
	// Retry is how long to stay local before trying Redis again.
	Retry time.Duration

	dedup *inproc.Deduper
	lock  *inproc.Locker
	rate  *inproc.RateLimiter
	slots *inproc.Claimer

	mu      sync.Mutex
	down    bool
	since   time.Time
	lastTry time.Time
}

// NewFallback wraps an open Client.
func NewFallback(c *Client, clock bot.Clock, log *slog.Logger) *Fallback {
	if log == nil {
		log = slog.Default()
	}
	return &Fallback{
		remote: c, clock: clock, log: log.With("component", "redis"), Retry: DefaultRetry,
		dedup: inproc.NewDeduper(clock), lock: inproc.NewLocker(clock),
		rate: inproc.NewRateLimiter(clock), slots: inproc.NewClaimer(clock),
	}
}

// Degraded reports whether the in-process versions are in use.
func (f *Fallback) Degraded() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.down
}

// tryRemote says whether this call should go to Redis.
func (f *Fallback) tryRemote() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.down {
		return true
	}
	now := f.clock.Now()
	if now.Sub(f.lastTry) < f.Retry {
		return false
	}
	f.lastTry = now
	return true
}

// result notes how a Redis call went; it reports whether to fall back.
func (f *Fallback) result(ctx context.Context, op string, err error) bool {
	if err != nil && (ctx.Err() != nil || errors.Is(err, errInvalid)) {
		return false // the caller gave up or erred; not Redis's fault
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.clock.Now()
	if err == nil {
		if f.down {
			f.down = false
			f.log.Warn("redis is reachable again; shared de-duplication, locks, pacing and slot claims resumed",
				"addr", f.remote.Addr(), "local_for", now.Sub(f.since).Round(time.Second))
		}
		return false
	}
	if !f.down {
		f.down, f.since, f.lastTry = true, now, now
		f.log.Error("REDIS UNREACHABLE: falling back to in-process de-duplication, locks, pacing and slot claims for this instance only; other instances may now send duplicates until it is back",
			"addr", f.remote.Addr(), "op", op, "err", err)
	}
	return true
}

// FirstSeen implements bot.Deduper.
func (f *Fallback) FirstSeen(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	if f.tryRemote() {
		ok, err := f.remote.FirstSeen(ctx, key, ttl)
		if !f.result(ctx, "dedupe", err) {
			return ok, err
		}
	}
	return f.dedup.FirstSeen(ctx, key, ttl)
}

// Acquire implements bot.Locker.
func (f *Fallback) Acquire(ctx context.Context, name string, ttl time.Duration) (string, bool, error) {
	if f.tryRemote() {
		tok, ok, err := f.remote.Acquire(ctx, name, ttl)
		if !f.result(ctx, "lock", err) {
			return tok, ok, err
		}
	}
	tok, ok, err := f.lock.Acquire(ctx, name, ttl)
	if ok {
		tok = localToken + tok
	}
	return tok, ok, err
}

// Release implements bot.Locker; a token goes back where it came from.
func (f *Fallback) Release(ctx context.Context, name, token string) error {
	if local, ok := strings.CutPrefix(token, localToken); ok {
		return f.lock.Release(ctx, name, local)
	}
	err := f.remote.Release(ctx, name, token)
	if f.result(ctx, "unlock", err) {
		return nil // the lock expires by itself
	}
	return err
}

// Allow implements bot.RateLimiter.
func (f *Fallback) Allow(ctx context.Context, key string, rate float64, burst int) (bool, time.Duration, error) {
	if f.tryRemote() {
		ok, wait, err := f.remote.Allow(ctx, key, rate, burst)
		if !f.result(ctx, "rate limit", err) {
			return ok, wait, err
		}
	}
	return f.rate.Allow(ctx, key, rate, burst)
}

// ClaimSlot implements scheduler.Claimer. Claims made while Redis is away
// are kept in memory only: other instances cannot see them.
func (f *Fallback) ClaimSlot(ctx context.Context, key, owner string, keep time.Duration) (bool, error) {
	if f.tryRemote() {
		ok, err := f.remote.ClaimSlot(ctx, key, owner, keep)
		if !f.result(ctx, "claim slot", err) {
			return ok, err
		}
	}
	return f.slots.ClaimSlot(ctx, key, owner, keep)
}

// SlotTaken implements scheduler.Claimer.
func (f *Fallback) SlotTaken(ctx context.Context, key, owner string) (bool, error) {
	if f.tryRemote() {
		taken, err := f.remote.SlotTaken(ctx, key, owner)
		if !f.result(ctx, "look up slot", err) {
			return taken, err
		}
	}
	return f.slots.SlotTaken(ctx, key, owner)
}
