package bot_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"

	"linli/bot"
	"linli/storage/sqlite"
)

// errDead is what a killed process's store answers: nothing more.
var errDead = errors.New("process killed")

// dyingStore is the store of a process that is killed right after the
// wire accepts the message numbered at (counting from 1), before the
// delivery is recorded: the worst moment for the real wire.
type dyingStore struct {
	*sqlite.DB
	at     int
	marked int
	dead   atomic.Bool
}

func (s *dyingStore) MarkSent(ctx context.Context, id int64, at time.Time) error {
	if s.dead.Load() {
		return errDead
	}
	s.marked++
	if s.marked == s.at {
		s.dead.Store(true)
		return errDead
	}
	return s.DB.MarkSent(ctx, id, at)
}

func (s *dyingStore) Pending(ctx context.Context, now time.Time, limit int) ([]bot.OutboxItem, error) {
	if s.dead.Load() {
		return nil, errDead
	}
	return s.DB.Pending(ctx, now, limit)
}

func (s *dyingStore) MarkFailed(ctx context.Context, id int64, next time.Time, reason string) error {
	if s.dead.Load() {
		return errDead
	}
	return s.DB.MarkFailed(ctx, id, next, reason)
}

// deadWire refuses everything once its process is dead.
type deadWire struct {
	*wire
	store *dyingStore
}

func (w *deadWire) Send(ctx context.Context, to bot.Address, text string) error {
	if w.store.dead.Load() {
		return errDead
	}
	return w.wire.Send(ctx, to, text)
}

// TestCrashRepeatsAtMostOneMessage holds the README's promise for the real
// wire: a process killed between WeChat accepting a message and the
// record of it repeats that one message at the next start, and nothing
// else; no message is lost. Five kills at random moments in a broadcast
// of 120 messages to 6 groups: every message reaches its group, and the
// wire carries at most one repeat per kill.
func TestCrashRepeatsAtMostOneMessage(t *testing.T) {
	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	_, w, clock, db := newOutbox(t, bot.Pacing{})
	const total, kills = 120, 5
	var msgs []bot.Outgoing
	for i := range total {
		msgs = append(msgs, bot.Outgoing{To: bot.GroupAddress(fmt.Sprintf("群%d", i%6)), Text: fmt.Sprintf("通知%03d", i)})
	}
	if err := db.Enqueue(ctx, clock.Now(), msgs...); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 11))
	for range kills {
		s := &dyingStore{DB: db, at: 1 + rng.IntN(total/kills)}
		o := &bot.Outbox{Store: s, Gateway: &deadWire{wire: w, store: s}, Clock: clock, Key: "bot", Log: quiet,
			Sleep: func(ctx context.Context, d time.Duration) error { clock.Advance(d); return nil }}
		if _, err := o.SendDue(ctx); !errors.Is(err, errDead) {
			t.Fatalf("the process was to be killed, SendDue returned %v", err)
		}
	}
	o := &bot.Outbox{Store: db, Gateway: w, Clock: clock, Key: "bot", Log: quiet,
		Sleep: func(ctx context.Context, d time.Duration) error { clock.Advance(d); return nil }}
	if _, err := o.SendDue(ctx); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, s := range w.sent {
		seen[s.to+" "+s.text]++
	}
	repeats := len(w.sent) - len(seen)
	for _, m := range msgs {
		if seen[m.To.Group+" "+m.Text] == 0 {
			t.Errorf("%s never reached %s", m.Text, m.To.Group)
		}
	}
	if repeats > kills {
		t.Errorf("%d repeats at the wire after %d kills, want at most one a kill", repeats, kills)
	}
	if repeats == 0 {
		t.Errorf("no repeat at all: the kills did not land between the wire and the record")
	}
	if n, _ := db.Depth(ctx); n != 0 {
		t.Errorf("%d messages still waiting", n)
	}
}
