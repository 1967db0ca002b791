package scheduler_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"linli/scheduler"
	"linli/storage/redis"
	"linli/storage/redis/redistest"
)

// TestTwoInstancesShareOneRedis runs two schedulers with their own SQLite
// files and one real Redis through ten days: every job slot and timer slot
// is sent once between them, and both keep their repeating timers in step.
func TestTwoInstancesShareOneRedis(t *testing.T) {
	url := redistest.Start(t)
	ctx := context.Background()
	prefix := fmt.Sprintf("test:%s:%d:", t.Name(), time.Now().UnixNano())
	start := at("2026-11-24 08:00")
	var rigs []*rig
	for i := range 2 {
		c, err := redis.Open(ctx, url, redis.Options{Prefix: prefix})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		r := newRig(t, filepath.Join(t.TempDir(), fmt.Sprintf("linli-%d.db", i)), start, func(cfg *scheduler.Config) { cfg.Claimer = c })
		mustAdd(t, r.s, announce("打卡提醒", "0 20 * * *", scheduler.Once, 0))
		mustAdd(t, r.s, announce("整点", "0 * * * *", scheduler.Once, 0))
		r.s.HandleTimer("say", sayHandler)
		for k := range 5 {
			if err := r.s.SetTimer(ctx, scheduler.Timer{Key: fmt.Sprintf("reminder-%d", k), Kind: "say",
				Spec: fmt.Sprintf("%d 9 * * *", k*10), Payload: fmt.Sprintf("提醒%d", k)}); err != nil {
				t.Fatal(err)
			}
			if err := r.s.SetTimer(ctx, scheduler.Timer{Key: fmt.Sprintf("once-%d", k), Kind: "say",
				At: start.Add(time.Duration(k*17+3) * time.Hour), Payload: fmt.Sprintf("一次%d", k)}); err != nil {
				t.Fatal(err)
			}
		}
		rigs = append(rigs, r)
	}
	// Both instances run side by side, each pass racing the other's.
	end := start.Add(10 * 24 * time.Hour)
	for now := start; now.Before(end); now = now.Add(15 * time.Minute) {
		var wg sync.WaitGroup
		for _, r := range rigs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r.clock.Set(now)
				if _, err := r.s.RunDue(ctx, now); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
	}
	var all []string
	for _, r := range rigs {
		all = append(all, r.sent()...)
	}
	seen := map[string]int{}
	for _, m := range all {
		seen[m]++
	}
	for m, n := range seen {
		if n > 1 {
			t.Errorf("%q sent %d times", m, n)
		}
	}
	// 10 days: 240 hourly slots, 10 evening ones, 5×10 repeating
	// reminders, 5 one-offs.
	if want := 240 + 10 + 50 + 5; len(all) != want {
		t.Errorf("sent %d messages between the two; want %d", len(all), want)
	}
	if len(rigs[0].sent()) == 0 || len(rigs[1].sent()) == 0 {
		t.Log("one instance sent everything; the race went one way every time")
	}
	for i, r := range rigs {
		tm, ok, _ := r.store.Timer(ctx, "reminder-3")
		if !ok || !tm.At.Equal(at("2026-12-04 09:30")) {
			t.Errorf("instance %d: reminder-3 next at %v; want 12-04 09:30 (the series fell behind)", i, tm.At)
		}
	}
	if !slices.Contains(all, "提醒3 12-03 09:30") {
		t.Error("the last repeating slot was not sent")
	}
}

// cutClaimer stands for a crash around the shared claim: before it reaches
// Redis (claim=false) or after Redis recorded it but before the answer was
// acted on (claim=true).
type cutClaimer struct {
	scheduler.Claimer
	cut   bool
	claim bool
}

func (c *cutClaimer) ClaimSlot(ctx context.Context, key, owner string, keep time.Duration) (bool, error) {
	if c.cut {
		c.cut = false
		if c.claim {
			c.Claimer.ClaimSlot(ctx, key, owner, keep)
		}
		return false, fmt.Errorf("killed")
	}
	return c.Claimer.ClaimSlot(ctx, key, owner, keep)
}

// TestCrashAroundSharedClaim: whichever side of the shared claim an
// instance dies on, the slot is sent exactly once between two instances.
func TestCrashAroundSharedClaim(t *testing.T) {
	for _, claimed := range []bool{false, true} {
		t.Run(fmt.Sprintf("claimed=%v", claimed), func(t *testing.T) {
			url := redistest.Start(t)
			ctx := context.Background()
			prefix := fmt.Sprintf("test:%s:%d:", t.Name(), time.Now().UnixNano())
			start := at("2026-11-24 19:00")
			dir := t.TempDir()
			mk := func(name string, cut bool) *rig {
				c, err := redis.Open(ctx, url, redis.Options{Prefix: prefix})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { c.Close() })
				cc := &cutClaimer{Claimer: c, cut: cut, claim: claimed}
				r := newRig(t, filepath.Join(dir, name+".db"), start, func(cfg *scheduler.Config) { cfg.Claimer = cc })
				mustAdd(t, r.s, announce("打卡提醒", "0 20 * * *", scheduler.Once, 0))
				r.jump(start)
				return r
			}
			a := mk("a", true)
			b := mk("b", false)
			a.jump(at("2026-11-24 20:00")) // fires, holds, dies around the claim
			if got := a.sent(); len(got) != 0 {
				t.Fatalf("a sent %q before its claim was settled", got)
			}
			b.jump(at("2026-11-24 20:00").Add(30 * time.Second))
			// a restarts on its store and settles what it held.
			a2 := mk("a", false)
			a2.jump(at("2026-11-24 20:01"))
			all := append(a2.sent(), b.sent()...)
			if !slices.Equal(all, []string{"打卡提醒 11-24 20:00"}) {
				t.Fatalf("sent between them %q; want the reminder once", all)
			}
			if claimed && len(a2.sent()) != 1 {
				t.Fatal("a had the claim but b sent it")
			}
			if held, _ := a2.store.HeldSlots(ctx); len(held) != 0 {
				t.Fatalf("messages still held: %+v", held)
			}
		})
	}
}

// TestRedisGoesAwayWhileRunning: slots keep firing from the in-process
// fallback while Redis is down, and through Redis again once it is back.
func TestRedisGoesAwayWhileRunning(t *testing.T) {
	srv := redistest.StartServer(t)
	ctx := context.Background()
	start := at("2026-11-24 08:00")
	r := newRig(t, "", start, func(cfg *scheduler.Config) {
		c, err := redis.Open(ctx, srv.URL(), redis.Options{Timeout: 500 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		cfg.Claimer = redis.NewFallback(c, cfg.Clock, cfg.Logger)
	})
	mustAdd(t, r.s, announce("打卡提醒", "0 20 * * *", scheduler.Once, 0))
	r.advance(at("2026-11-25 08:00"))
	srv.Stop()
	r.advance(at("2026-11-26 08:00"))
	srv.Restart()
	r.advance(at("2026-11-27 08:00"))
	want := []string{"打卡提醒 11-24 20:00", "打卡提醒 11-25 20:00", "打卡提醒 11-26 20:00"}
	if got := r.sent(); !slices.Equal(got, want) {
		t.Fatalf("sent %q; want %q", got, want)
	}
	logs := r.logs()
	if !strings.Contains(logs, "REDIS UNREACHABLE") || !strings.Contains(logs, "reachable again") {
		t.Fatalf("outage and recovery not logged:\n%s", logs)
	}
	if held, _ := r.store.HeldSlots(ctx); len(held) != 0 {
		t.Fatalf("messages left held: %+v", held)
	}
}
