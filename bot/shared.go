package bot

import (
	"context"
	"time"
)

// The interfaces below are what several linli instances share. Redis
// implements them for many instances (storage/redis); in-process versions
// serve a single instance.

// Deduper is a fast first check that a message id has not been seen. The
// durable check is Inbox.MarkHandled inside the message's transaction.
type Deduper interface {
	// FirstSeen reports whether key is seen for the first time within ttl.
	FirstSeen(ctx context.Context, key string, ttl time.Duration) (bool, error)
}

// Locker hands out named locks that expire.
type Locker interface {
	// Acquire takes the lock name for ttl; it returns a token and true when
	// it got the lock.
	Acquire(ctx context.Context, name string, ttl time.Duration) (token string, ok bool, err error)
	// Release gives the lock back only if token still holds it.
	Release(ctx context.Context, name, token string) error
}

// RateLimiter is a token bucket per key, used to pace sends per account.
type RateLimiter interface {
	// Allow takes one token from the bucket key (capacity burst, refilled at
	// rate per second); when none is left it reports how long to wait.
	Allow(ctx context.Context, key string, rate float64, burst int) (ok bool, wait time.Duration, err error)
}
