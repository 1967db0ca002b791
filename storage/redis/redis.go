// Package redis is what several linli instances share, over
// github.com/redis/go-redis/v9: inbound de-duplication (SET NX EX), named
// locks (SET NX PX with a random token, released by compare-and-delete),
// send pacing (a token bucket in one Lua script) and scheduler slot claims.
//
// Redis is optional. With none configured, storage/inproc serves one
// instance. A Redis that cannot be reached at start is an error (Open); one
// that goes away while linli runs is covered by Fallback, which switches to
// storage/inproc and logs loudly until Redis is back.
package redis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	goredis "github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"

	"linli/bot"
	"linli/storage/inproc"
)

// DefaultPrefix namespaces linli's keys, so one Redis can serve other
// programs too.
const DefaultPrefix = "linli:"

// errInvalid marks a caller's mistake, which says nothing about Redis.
var errInvalid = errors.New("invalid argument")

// Client is a connection to a shared Redis. It implements bot.Deduper,
// bot.Locker, bot.RateLimiter and scheduler.Claimer.
type Client struct {
	rdb    *goredis.Client
	prefix string
	clock  bot.Clock
	addr   string
}

// Options tune Open; the zero value is fine.
type Options struct {
	// Prefix is put before every key (DefaultPrefix if empty).
	Prefix string
	// Clock is the time the rate limiter counts in (the system clock if
	// nil); every instance should use the same kind of clock.
	Clock bot.Clock
	// Timeout bounds each command (2 s if zero), so a Redis that hangs is
	// noticed quickly and Fallback can step in.
	Timeout time.Duration
}

// Open connects to the Redis at url ("redis://host:port/db", with an
// optional password) and checks it answers.
func Open(ctx context.Context, url string, o Options) (*Client, error) {
	opt, err := goredis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("open redis: bad URL: %w", err)
	}
	if o.Timeout <= 0 {
		o.Timeout = 2 * time.Second
	}
	opt.DialTimeout = o.Timeout
	opt.ReadTimeout = o.Timeout
	opt.WriteTimeout = o.Timeout
	opt.MaxRetries = 1
	opt.DisableIdentity = true
	opt.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	if o.Prefix == "" {
		o.Prefix = DefaultPrefix
	}
	if o.Clock == nil {
		o.Clock = bot.SystemClock{}
	}
	rdb := goredis.NewClient(opt)
	pctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	if err := rdb.Ping(pctx).Err(); err != nil {
		rdb.Close()
		return nil, fmt.Errorf("open redis at %s: cannot reach it: %w", opt.Addr, err)
	}
	return &Client{rdb: rdb, prefix: o.Prefix, clock: o.Clock, addr: opt.Addr}, nil
}

// Close closes the connection pool.
func (c *Client) Close() error { return c.rdb.Close() }

// Addr is the server's address, for logs.
func (c *Client) Addr() string { return c.addr }

// Ping checks that Redis answers.
func (c *Client) Ping(ctx context.Context) error { return c.rdb.Ping(ctx).Err() }

// FirstSeen reports whether key is new within ttl (SET NX with expiry).
func (c *Client) FirstSeen(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	if ttl <= 0 {
		return false, fmt.Errorf("dedupe: ttl must be positive: %w", errInvalid)
	}
	err := c.rdb.SetArgs(ctx, c.prefix+"seen:"+key, 1, goredis.SetArgs{Mode: "NX", TTL: ttl}).Err()
	if errors.Is(err, goredis.Nil) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("dedupe %s: %w", key, err)
	}
	return true, nil
}

// Acquire takes the lock name for ttl with a random token.
func (c *Client) Acquire(ctx context.Context, name string, ttl time.Duration) (string, bool, error) {
	if ttl <= 0 {
		return "", false, fmt.Errorf("acquire lock: ttl must be positive: %w", errInvalid)
	}
	tok, err := inproc.Token()
	if err != nil {
		return "", false, fmt.Errorf("acquire lock %s: %w", name, err)
	}
	err = c.rdb.SetArgs(ctx, c.prefix+"lock:"+name, tok, goredis.SetArgs{Mode: "NX", TTL: ttl}).Err()
	if errors.Is(err, goredis.Nil) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("acquire lock %s: %w", name, err)
	}
	return tok, true, nil
}

var releaseScript = goredis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`)

// Release frees name only if token still holds it: a holder whose lock
// expired cannot free the next holder's lock.
func (c *Client) Release(ctx context.Context, name, token string) error {
	if err := releaseScript.Run(ctx, c.rdb, []string{c.prefix + "lock:" + name}, token).Err(); err != nil {
		return fmt.Errorf("release lock %s: %w", name, err)
	}
	return nil
}

// The bucket is a hash {t: tokens, ts: last refill in ms}; the caller's
// clock gives now, so every instance and the tests agree on time.
var bucketScript = goredis.NewScript(`
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 't', 'ts')
local tokens = tonumber(b[1])
local ts = tonumber(b[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
if now > ts then
  tokens = math.min(burst, tokens + (now - ts) * rate)
  ts = now
end
local ok = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  ok = 1
else
  wait = math.ceil((1 - tokens) / rate)
end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', tostring(ts))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 1000)
return {ok, wait}`)

// Allow takes one token from the bucket key (capacity burst, refilled at
// rate per second), atomically across instances.
func (c *Client) Allow(ctx context.Context, key string, rate float64, burst int) (bool, time.Duration, error) {
	if rate <= 0 || burst < 1 || math.IsNaN(rate) || math.IsInf(rate, 0) {
		return false, 0, fmt.Errorf("rate limit: rate must be positive and burst at least 1: %w", errInvalid)
	}
	perMS := strconv.FormatFloat(rate/1000, 'g', -1, 64)
	now := c.clock.Now().UnixMilli()
	res, err := bucketScript.Run(ctx, c.rdb, []string{c.prefix + "rate:" + key}, perMS, burst, now).Int64Slice()
	if err != nil {
		return false, 0, fmt.Errorf("rate limit %s: %w", key, err)
	}
	if len(res) != 2 {
		return false, 0, fmt.Errorf("rate limit %s: unexpected reply %v", key, res)
	}
	return res[0] == 1, time.Duration(res[1]) * time.Millisecond, nil
}

// A slot claim is the owner's id, kept for keep.
var claimScript = goredis.NewScript(`
local v = redis.call('GET', KEYS[1])
if not v then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if v == ARGV[1] then
  return 1
end
return 0`)

// ClaimSlot records owner as the instance that fires key, for keep, unless
// another owner did. Asking again as the same owner is true, so an
// instance that crashed between firing and hearing the answer gets the
// same answer when it asks again.
func (c *Client) ClaimSlot(ctx context.Context, key, owner string, keep time.Duration) (bool, error) {
	if keep <= 0 {
		return false, fmt.Errorf("claim slot %s: keep must be positive: %w", key, errInvalid)
	}
	n, err := claimScript.Run(ctx, c.rdb, []string{c.prefix + "slot:" + key}, owner, keep.Milliseconds()).Int64()
	if err != nil {
		return false, fmt.Errorf("claim slot %s: %w", key, err)
	}
	return n == 1, nil
}

// SlotTaken reports whether another owner has claimed key.
func (c *Client) SlotTaken(ctx context.Context, key, owner string) (bool, error) {
	v, err := c.rdb.Get(ctx, c.prefix+"slot:"+key).Result()
	if errors.Is(err, goredis.Nil) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("look up slot %s: %w", key, err)
	}
	return v != owner, nil
}
