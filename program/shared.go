package program

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/silenceper/wechat/v2/cache"

	"linli/bot"
	"linli/scheduler"
	"linli/storage/inproc"
	"linli/storage/redis"
)

// Shared is the state several instances share: claims on inbound messages
// (so one instance handles each), send pacing and scheduler slot claims.
type Shared struct {
	Limiter bot.RateLimiter
	Locker  bot.Locker
	// Claimer is nil for one instance: the store's claims suffice.
	Claimer scheduler.Claimer
	// Cache holds the Official Account's access token: Redis, so every
	// instance uses one token; nil for one instance (the gateway keeps it
	// in process).
	Cache cache.Cache
}

// openShared connects to Redis when url is set (a Redis that cannot be
// reached at start is an error; one that goes away later falls back to
// in-process state with a loud log), or uses in-process state otherwise.
func openShared(ctx context.Context, url string, clock bot.Clock, log *slog.Logger) (Shared, func() error, error) {
	if url == "" {
		return Shared{Limiter: inproc.NewRateLimiter(clock), Locker: inproc.NewLocker(clock)},
			func() error { return nil }, nil
	}
	c, err := redis.Open(ctx, url, redis.Options{})
	if err != nil {
		return Shared{}, nil, fmt.Errorf("redis_url: %w", err)
	}
	f := redis.NewFallback(c, clock, log)
	return Shared{Limiter: f, Locker: f, Claimer: f, Cache: c.Cache()}, c.Close, nil
}
