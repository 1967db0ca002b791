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

// BenchmarkProf runs 10,000 daily reminders (spread over
// the day) through 30 simulated days, a pass every 10 minutes: 300,000
// slots fired, each in its own transaction with its message.
func BenchmarkProf(b *testing.B) {
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
		for now := start; !now.After(start.Add(2 * 24 * time.Hour)); now = now.Add(10 * time.Minute) {
			n, err := s.RunDue(ctx, now)
			if err != nil {
				b.Fatal(err)
			}
			fired += n
		}
		b.StopTimer()
		if fired != 20_000 {
			b.Fatalf("fired %d slots; want 300000", fired)
		}
		b.ReportMetric(float64(fired), "slots/op")
		db.Close()
		b.StartTimer()
	}
}

