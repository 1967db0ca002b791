package redis_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"linli/bot"
	"linli/scheduler"
	"linli/storage/redis"
	"linli/storage/redis/redistest"
)

var (
	_ bot.Deduper       = (*redis.Client)(nil)
	_ bot.Locker        = (*redis.Client)(nil)
	_ bot.RateLimiter   = (*redis.Client)(nil)
	_ scheduler.Claimer = (*redis.Client)(nil)
	_ bot.Deduper       = (*redis.Fallback)(nil)
	_ bot.Locker        = (*redis.Fallback)(nil)
	_ bot.RateLimiter   = (*redis.Fallback)(nil)
	_ scheduler.Claimer = (*redis.Fallback)(nil)
)

var t0 = time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)

// open connects to a test Redis with a prefix of its own, so tests sharing
// one server do not see each other's keys.
func open(t testing.TB, url string, clock bot.Clock) *redis.Client {
	t.Helper()
	c, err := redis.Open(context.Background(), url, redis.Options{Clock: clock, Prefix: fmt.Sprintf("test:%s:%d:", t.Name(), time.Now().UnixNano())})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestOpenUnreachableIsClearError(t *testing.T) {
	_, err := redis.Open(context.Background(), "redis://127.0.0.1:1", redis.Options{Timeout: time.Second})
	if err == nil || !strings.Contains(err.Error(), "cannot reach") || !strings.Contains(err.Error(), "127.0.0.1:1") {
		t.Fatalf("Open of a closed port: %v; want an error naming the address", err)
	}
	if _, err := redis.Open(context.Background(), "http://nope", redis.Options{}); err == nil || !strings.Contains(err.Error(), "bad URL") {
		t.Fatalf("Open of a bad URL: %v", err)
	}
}

func TestDedupe(t *testing.T) {
	ctx := context.Background()
	c := open(t, redistest.Start(t), nil)
	first, err := c.FirstSeen(ctx, "msg-1", time.Minute)
	if err != nil || !first {
		t.Fatalf("first delivery: %v %v", first, err)
	}
	again, err := c.FirstSeen(ctx, "msg-1", time.Minute)
	if err != nil || again {
		t.Fatalf("redelivery counted as new: %v %v", again, err)
	}
	if other, _ := c.FirstSeen(ctx, "msg-2", time.Minute); !other {
		t.Fatal("a different message was taken for a redelivery")
	}
}

func TestDedupeConcurrentDeliveriesOneWins(t *testing.T) {
	ctx := context.Background()
	c := open(t, redistest.Start(t), nil)
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ok, err := c.FirstSeen(ctx, "msg-race", time.Minute); err == nil && ok {
				wins.Add(1)
			}
		}()
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Fatalf("%d deliveries counted as first; want 1", wins.Load())
	}
}

func TestLockTokenSafeRelease(t *testing.T) {
	ctx := context.Background()
	c := open(t, redistest.Start(t), nil)
	tok, ok, err := c.Acquire(ctx, "outbox", time.Minute)
	if err != nil || !ok || tok == "" {
		t.Fatalf("acquire: %q %v %v", tok, ok, err)
	}
	if _, ok, _ := c.Acquire(ctx, "outbox", time.Minute); ok {
		t.Fatal("a held lock was handed out twice")
	}
	// A holder whose lease ran out holds a token that no longer matches;
	// its Release must leave the current holder's lock alone.
	if err := c.Release(ctx, "outbox", "stale-token"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := c.Acquire(ctx, "outbox", time.Minute); ok {
		t.Fatal("a stale token released the holder's lock")
	}
	if err := c.Release(ctx, "outbox", tok); err != nil {
		t.Fatal(err)
	}
	tok2, ok, _ := c.Acquire(ctx, "outbox", time.Minute)
	if !ok {
		t.Fatal("lock not free after release")
	}
	if tok2 == tok {
		t.Fatal("tokens are not random")
	}
}

func TestRateLimiterTokenBucket(t *testing.T) {
	ctx := context.Background()
	clock := bot.NewSimClock(t0)
	c := open(t, redistest.Start(t), clock)
	for i := range 3 {
		if ok, _, err := c.Allow(ctx, "acct", 0.5, 3); err != nil || !ok {
			t.Fatalf("burst message %d refused: %v", i+1, err)
		}
	}
	ok, wait, err := c.Allow(ctx, "acct", 0.5, 3)
	if err != nil || ok || wait != 2*time.Second {
		t.Fatalf("4th: ok=%v wait=%v err=%v; want refused, wait 2s", ok, wait, err)
	}
	clock.Advance(1500 * time.Millisecond)
	if ok, wait, _ := c.Allow(ctx, "acct", 0.5, 3); ok || wait != 500*time.Millisecond {
		t.Fatalf("after 1.5s: ok=%v wait=%v; want refused, wait 0.5s", ok, wait)
	}
	clock.Advance(500 * time.Millisecond)
	if ok, _, _ := c.Allow(ctx, "acct", 0.5, 3); !ok {
		t.Fatal("refilled token refused")
	}
	clock.Advance(time.Hour)
	n := 0
	for range 10 {
		if ok, _, _ := c.Allow(ctx, "acct", 0.5, 3); ok {
			n++
		}
	}
	if n != 3 {
		t.Errorf("after an hour %d allowed at once; want burst 3", n)
	}
	if _, _, err := c.Allow(ctx, "acct", 0, 3); err == nil {
		t.Error("zero rate accepted")
	}
}

func TestRateLimiterAtomicAcrossClients(t *testing.T) {
	ctx := context.Background()
	url := redistest.Start(t)
	clock := bot.NewSimClock(t0)
	prefix := fmt.Sprintf("test:%s:%d:", t.Name(), time.Now().UnixNano())
	var clients []*redis.Client
	for range 4 {
		c, err := redis.Open(ctx, url, redis.Options{Clock: clock, Prefix: prefix})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		clients = append(clients, c)
	}
	var allowed atomic.Int32
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ok, _, err := clients[i%4].Allow(ctx, "acct", 1, 10); err == nil && ok {
				allowed.Add(1)
			}
		}()
	}
	wg.Wait()
	if allowed.Load() != 10 {
		t.Fatalf("%d of 40 concurrent sends allowed by a bucket of 10", allowed.Load())
	}
}

func TestSlotClaims(t *testing.T) {
	ctx := context.Background()
	c := open(t, redistest.Start(t), nil)
	key := "job:summary@2026-11-24T12:00:00.000Z"
	if taken, err := c.SlotTaken(ctx, key, "b"); err != nil || taken {
		t.Fatalf("unclaimed slot taken: %v %v", taken, err)
	}
	if ok, err := c.ClaimSlot(ctx, key, "a", time.Hour); err != nil || !ok {
		t.Fatalf("first claim: %v %v", ok, err)
	}
	if ok, _ := c.ClaimSlot(ctx, key, "b", time.Hour); ok {
		t.Fatal("b took a's slot")
	}
	if ok, _ := c.ClaimSlot(ctx, key, "a", time.Hour); !ok {
		t.Fatal("a asked again after a crash and lost its own claim")
	}
	if taken, _ := c.SlotTaken(ctx, key, "b"); !taken {
		t.Fatal("b does not see a's claim")
	}
	if taken, _ := c.SlotTaken(ctx, key, "a"); taken {
		t.Fatal("a's own claim is taken from a")
	}
	if _, err := c.ClaimSlot(ctx, key, "a", 0); err == nil {
		t.Fatal("a claim kept for no time accepted")
	}
}

// TestFallbackWhenRedisGoesAway stops the redis-server mid-test: the
// wrapper keeps answering from memory, logs loudly, and goes back to Redis
// once it returns.
func TestFallbackWhenRedisGoesAway(t *testing.T) {
	ctx := context.Background()
	srv := redistest.StartServer(t)
	clock := bot.NewSimClock(t0)
	c, err := redis.Open(ctx, srv.URL(), redis.Options{Clock: clock, Timeout: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var logs bytes.Buffer
	var logMu sync.Mutex
	log := slog.New(slog.NewTextHandler(&lockedWriter{w: &logs, mu: &logMu}, nil))
	f := redis.NewFallback(c, clock, log)

	if ok, err := f.FirstSeen(ctx, "msg-1", time.Hour); err != nil || !ok {
		t.Fatalf("with redis: %v %v", ok, err)
	}
	if f.Degraded() {
		t.Fatal("degraded while redis is up")
	}
	srv.Stop()

	// Redis is gone: every call still answers, from memory.
	if ok, err := f.FirstSeen(ctx, "msg-2", time.Hour); err != nil || !ok {
		t.Fatalf("without redis: %v %v", ok, err)
	}
	if ok, _ := f.FirstSeen(ctx, "msg-2", time.Hour); ok {
		t.Fatal("redelivery not caught while on the fallback")
	}
	tok, ok, err := f.Acquire(ctx, "outbox", time.Minute)
	if err != nil || !ok {
		t.Fatalf("lock without redis: %v %v", ok, err)
	}
	if _, ok, _ := f.Acquire(ctx, "outbox", time.Minute); ok {
		t.Fatal("fallback lock handed out twice")
	}
	if err := f.Release(ctx, "outbox", tok); err != nil {
		t.Fatal(err)
	}
	if ok, _, err := f.Allow(ctx, "acct", 1, 1); err != nil || !ok {
		t.Fatalf("rate limit without redis: %v %v", ok, err)
	}
	if ok, _, _ := f.Allow(ctx, "acct", 1, 1); ok {
		t.Fatal("fallback bucket did not limit")
	}
	if ok, err := f.ClaimSlot(ctx, "slot-1", "a", time.Hour); err != nil || !ok {
		t.Fatalf("claim without redis: %v %v", ok, err)
	}
	if ok, _ := f.ClaimSlot(ctx, "slot-1", "b", time.Hour); ok {
		t.Fatal("fallback claim given twice")
	}
	if taken, _ := f.SlotTaken(ctx, "slot-1", "b"); !taken {
		t.Fatal("fallback claim not seen")
	}
	if !f.Degraded() {
		t.Fatal("not degraded with redis stopped")
	}
	logMu.Lock()
	got := logs.String()
	logMu.Unlock()
	if strings.Count(got, "REDIS UNREACHABLE") != 1 || !strings.Contains(got, "level=ERROR") {
		t.Fatalf("the outage must be logged once, at error level; log:\n%s", got)
	}

	srv.Restart()
	clock.Advance(redis.DefaultRetry)
	if ok, err := f.FirstSeen(ctx, "msg-3", time.Hour); err != nil || !ok {
		t.Fatalf("after redis returned: %v %v", ok, err)
	}
	if f.Degraded() {
		t.Fatal("still degraded after redis came back")
	}
	logMu.Lock()
	got = logs.String()
	logMu.Unlock()
	if !strings.Contains(got, "reachable again") {
		t.Fatalf("recovery not logged:\n%s", got)
	}
}

type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func BenchmarkDedupe(b *testing.B) {
	ctx := context.Background()
	c := open(b, redistest.Start(b), nil)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		if _, err := c.FirstSeen(ctx, fmt.Sprintf("msg-%d", i), time.Minute); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRateLimiter(b *testing.B) {
	ctx := context.Background()
	c := open(b, redistest.Start(b), nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := c.Allow(ctx, "acct", 1e9, 1000); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRateLimiterParallel(b *testing.B) {
	ctx := context.Background()
	c := open(b, redistest.Start(b), nil)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, _, err := c.Allow(ctx, "acct", 1e9, 1000); err != nil {
				b.Fatal(err)
			}
		}
	})
}
