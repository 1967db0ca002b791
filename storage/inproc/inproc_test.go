package inproc

import (
	"context"
	"sync"
	"testing"
	"time"

	"linli/bot"
)

var t0 = time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)

func TestDeduperForgetsAfterTTL(t *testing.T) {
	ctx := context.Background()
	clock := bot.NewSimClock(t0)
	d := NewDeduper(clock)
	steps := []struct {
		advance time.Duration
		key     string
		want    bool
	}{
		{0, "msg-1", true},
		{time.Second, "msg-1", false}, // redelivered
		{0, "msg-2", true},
		{9 * time.Minute, "msg-1", false},
		{2 * time.Minute, "msg-1", true}, // ttl of 10 minutes is over
	}
	for i, s := range steps {
		clock.Advance(s.advance)
		got, err := d.FirstSeen(ctx, s.key, 10*time.Minute)
		if err != nil || got != s.want {
			t.Fatalf("step %d: FirstSeen(%s) = %v, %v; want %v", i, s.key, got, err, s.want)
		}
	}
	if _, err := d.FirstSeen(ctx, "x", 0); err == nil {
		t.Error("zero ttl accepted")
	}
}

func TestDeduperSweepsExpiredKeys(t *testing.T) {
	ctx := context.Background()
	clock := bot.NewSimClock(t0)
	d := NewDeduper(clock)
	for i := range 3 * sweepEvery {
		d.FirstSeen(ctx, string(rune(0x4e00+i)), time.Second)
		clock.Advance(time.Second)
	}
	if n := len(d.seen); n > sweepEvery+1 {
		t.Errorf("%d keys kept; expired keys are not swept", n)
	}
}

func TestLockerOnlyHolderReleases(t *testing.T) {
	ctx := context.Background()
	clock := bot.NewSimClock(t0)
	l := NewLocker(clock)
	tokA, ok, _ := l.Acquire(ctx, "outbox", time.Minute)
	if !ok {
		t.Fatal("first acquire refused")
	}
	if _, ok, _ := l.Acquire(ctx, "outbox", time.Minute); ok {
		t.Fatal("second holder got a held lock")
	}
	clock.Advance(2 * time.Minute) // A's lease ran out
	tokB, ok, _ := l.Acquire(ctx, "outbox", time.Minute)
	if !ok {
		t.Fatal("expired lock not handed on")
	}
	l.Release(ctx, "outbox", tokA) // stale holder must not free B's lock
	if _, ok, _ := l.Acquire(ctx, "outbox", time.Minute); ok {
		t.Fatal("stale token released the new holder's lock")
	}
	l.Release(ctx, "outbox", tokB)
	if _, ok, _ := l.Acquire(ctx, "outbox", time.Minute); !ok {
		t.Fatal("lock not free after its holder released it")
	}
}

func TestRateLimiterBucket(t *testing.T) {
	ctx := context.Background()
	clock := bot.NewSimClock(t0)
	r := NewRateLimiter(clock)
	// 3 messages at once, then one every 2 seconds.
	for i := range 3 {
		if ok, _, _ := r.Allow(ctx, "acct", 0.5, 3); !ok {
			t.Fatalf("burst message %d refused", i+1)
		}
	}
	ok, wait, _ := r.Allow(ctx, "acct", 0.5, 3)
	if ok || wait != 2*time.Second {
		t.Fatalf("4th message: ok=%v wait=%v; want refused, wait 2s", ok, wait)
	}
	if ok, _, _ := r.Allow(ctx, "other", 0.5, 3); !ok {
		t.Fatal("buckets are not per key")
	}
	clock.Advance(time.Second)
	if ok, wait, _ := r.Allow(ctx, "acct", 0.5, 3); ok || wait != time.Second {
		t.Fatalf("after 1s: ok=%v wait=%v; want refused, wait 1s", ok, wait)
	}
	clock.Advance(time.Second)
	if ok, _, _ := r.Allow(ctx, "acct", 0.5, 3); !ok {
		t.Fatal("refilled token refused")
	}
	clock.Advance(time.Hour) // refills to burst, no more
	n := 0
	for {
		if ok, _, _ := r.Allow(ctx, "acct", 0.5, 3); !ok {
			break
		}
		n++
	}
	if n != 3 {
		t.Errorf("after an hour %d messages allowed at once; want the burst, 3", n)
	}
	for _, bad := range []struct {
		rate  float64
		burst int
	}{{0, 1}, {-1, 1}, {1, 0}} {
		if _, _, err := r.Allow(ctx, "x", bad.rate, bad.burst); err == nil {
			t.Errorf("Allow(rate=%v, burst=%d) accepted", bad.rate, bad.burst)
		}
	}
}

func TestClaimerSlotOnce(t *testing.T) {
	ctx := context.Background()
	clock := bot.NewSimClock(t0)
	c := NewClaimer(clock)
	key := "job:summary@2026-11-24T12:00:00.000Z"
	if taken, _ := c.SlotTaken(ctx, key, "b"); taken {
		t.Fatal("an unclaimed slot is taken")
	}
	if ok, _ := c.ClaimSlot(ctx, key, "a", time.Hour); !ok {
		t.Fatal("first claim refused")
	}
	if ok, _ := c.ClaimSlot(ctx, key, "b", time.Hour); ok {
		t.Fatal("b got a slot a fired")
	}
	if ok, _ := c.ClaimSlot(ctx, key, "a", time.Hour); !ok {
		t.Fatal("a asked again (after a crash) and was refused its own claim")
	}
	if taken, _ := c.SlotTaken(ctx, key, "b"); !taken {
		t.Fatal("b does not see a's claim")
	}
	if taken, _ := c.SlotTaken(ctx, key, "a"); taken {
		t.Fatal("a's own claim counts as taken from a")
	}
	clock.Advance(2 * time.Hour)
	if ok, _ := c.ClaimSlot(ctx, key, "b", time.Hour); !ok {
		t.Fatal("claim kept past its keep time")
	}
}

func BenchmarkDeduper(b *testing.B) {
	ctx := context.Background()
	d := NewDeduper(bot.NewSimClock(t0))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		d.FirstSeen(ctx, "msg-"+string(rune(i)), time.Minute)
	}
}

func BenchmarkRateLimiter(b *testing.B) {
	ctx := context.Background()
	r := NewRateLimiter(bot.NewSimClock(t0))
	b.ReportAllocs()
	for b.Loop() {
		r.Allow(ctx, "acct", 1, 1000)
	}
}

// TestCacheExpiresAndIsSafeConcurrently: a value lives for its timeout,
// and readers and writers at once are safe (run with -race).
func TestCacheExpiresAndIsSafeConcurrently(t *testing.T) {
	clock := bot.NewSimClock(time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC))
	c := NewCache(clock)
	if err := c.Set("token", "t1", time.Hour); err != nil {
		t.Fatal(err)
	}
	if got := c.Get("token"); got != "t1" || !c.IsExist("token") {
		t.Fatalf("Get = %v, want t1", got)
	}
	clock.Advance(time.Hour)
	if got := c.Get("token"); got != nil || c.IsExist("token") {
		t.Errorf("after its timeout Get = %v, want nil", got)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 200 {
				if i%2 == 0 {
					c.Set("token", j, time.Minute)
				} else {
					c.Get("token")
				}
			}
		})
	}
	wg.Wait()
	if err := c.Delete("token"); err != nil || c.Get("token") != nil {
		t.Errorf("Delete left %v (%v)", c.Get("token"), err)
	}
}
