package scheduler_test

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"linli/bot"
	"linli/scheduler"
	"linli/storage/sqlite"
)

// BenchmarkRunDue10kTimers30Days runs 10,000 daily reminders (spread over
// the day) through 30 simulated days, a pass every 10 minutes: 300,000
// slots fired, each in its own transaction with its message.
func BenchmarkRunDue10kTimers30Days(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		ctx := context.Background()
		db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "b.db"))
		if err != nil {
			b.Fatal(err)
		}
		start := at("2026-11-24 00:00")
		clock := bot.NewSimClock(start)
		s, err := scheduler.New(scheduler.Config{Store: sqlite.NewSchedulerStore(db), Tx: db, Outbox: db, Clock: clock,
			Location: sh, Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			b.Fatal(err)
		}
		s.HandleTimer("say", func(ctx context.Context, tm scheduler.Timer, late time.Duration) ([]bot.Outgoing, error) {
			return []bot.Outgoing{{To: bot.GroupAddress("锦霞一群"), Text: tm.Payload}}, nil
		})
		err = db.InTx(ctx, func(ctx context.Context) error {
			for i := range 10_000 {
				m := (i * 7) % (24 * 60)
				if err := s.SetTimer(ctx, scheduler.Timer{Key: fmt.Sprintf("r%d", i), Kind: "say", Payload: "提醒",
					Spec: fmt.Sprintf("%d %d * * *", m%60, m/60)}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		fired := 0
		for now := start; !now.After(start.Add(30 * 24 * time.Hour)); now = now.Add(10 * time.Minute) {
			n, err := s.RunDue(ctx, now)
			if err != nil {
				b.Fatal(err)
			}
			fired += n
		}
		b.StopTimer()
		if fired != 300_000 {
			b.Fatalf("fired %d slots; want 300000", fired)
		}
		b.ReportMetric(float64(fired), "slots/op")
		db.Close()
		b.StartTimer()
	}
}

// BenchmarkRunDueIdle10kTimers is one pass when nothing is due among
// 10,000 stored timers and a few jobs: the cost of the 30-second wake-up.
func BenchmarkRunDueIdle10kTimers(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "b.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	start := at("2026-11-24 00:00")
	s, _ := scheduler.New(scheduler.Config{Store: sqlite.NewSchedulerStore(db), Tx: db, Outbox: db, Clock: bot.NewSimClock(start),
		Location: sh, Logger: slog.New(slog.DiscardHandler)})
	s.HandleTimer("say", func(ctx context.Context, tm scheduler.Timer, late time.Duration) ([]bot.Outgoing, error) {
		return nil, nil
	})
	for _, j := range []string{"a", "b", "c"} {
		s.AddJob(announce(j, "0 20 * * *", scheduler.Once, 0))
	}
	db.InTx(ctx, func(ctx context.Context) error {
		for i := range 10_000 {
			s.SetTimer(ctx, scheduler.Timer{Key: fmt.Sprintf("r%d", i), Kind: "say", At: start.Add(time.Duration(i+60) * time.Minute)})
		}
		return nil
	})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.RunDue(ctx, start.Add(30*time.Second)); err != nil {
			b.Fatal(err)
		}
	}
}
