package events_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"linli/bot"
	"linli/scheduler"
	"linli/storage/sqlite"
	"linli/workflows/events"
)

const (
	group     = "锦霞一群"
	community = "锦霞社区"
)

// fixture is linli with only the events workflow: the real router,
// scheduler and SQLite store, and a clock that moves only when told.
type fixture struct {
	t      testing.TB
	ctx    context.Context
	db     *sqlite.DB
	store  *sqlite.EventStore
	ledger *sqlite.PointsStore
	router *bot.Router
	sched  *scheduler.Scheduler
	clock  *bot.SimClock
	loc    *time.Location
	msgNo  atomic.Int64
}

func newFixture(t testing.TB, start string) *fixture {
	t.Helper()
	ctx := context.Background()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatalf("load Asia/Shanghai: %v", err)
	}
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &fixture{t: t, ctx: ctx, db: db, store: sqlite.NewEventStore(db), ledger: sqlite.NewPointsStore(db),
		clock: bot.NewSimClock(at(t, loc, start)), loc: loc}
	dir := bot.NewDirectory(loc)
	dir.AddGroup(group, community)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	f.sched, err = scheduler.New(scheduler.Config{Store: sqlite.NewSchedulerStore(db), Tx: db, Outbox: db,
		Clock: f.clock, Location: loc, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	wf, err := events.New(events.Config{}, events.Deps{Store: f.store, Scheduler: f.sched, Directory: dir, Points: f.ledger})
	if err != nil {
		t.Fatal(err)
	}
	f.router = &bot.Router{Store: db, Directory: dir, Clock: f.clock, Log: logger, BotName: "社区小助手"}
	wf.Register(f.router)
	return f
}

func at(t testing.TB, loc *time.Location, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatalf("bad time %q: %v", s, err)
	}
	return v
}

// coordinator makes name a coordinator of the community.
func (f *fixture) coordinator(name string) {
	f.t.Helper()
	m, _, err := f.db.ResolveMember(f.ctx, bot.Chat{Kind: bot.Group, Name: group, Community: community},
		bot.Sender{PlatformID: "wx-" + name, DisplayName: name}, f.clock.Now())
	if err != nil {
		f.t.Fatal(err)
	}
	if err := f.db.SetRole(f.ctx, m.ID, community, bot.Coordinator, f.clock.Now()); err != nil {
		f.t.Fatal(err)
	}
}

// say delivers one group message (or, with chat "私聊", a private one) and
// fails the test if the router lost it. Safe for concurrent use.
func (f *fixture) say(chat, name, text string) {
	f.t.Helper()
	c := bot.Chat{Kind: bot.Group, Name: chat}
	if chat == "私聊" {
		c = bot.Chat{Kind: bot.Private, Name: name}
	}
	msg := bot.Message{ID: fmt.Sprintf("m%d", f.msgNo.Add(1)), Chat: c,
		Sender: bot.Sender{PlatformID: "wx-" + name, DisplayName: name}, Text: text, Time: f.clock.Now()}
	if err := f.router.Handle(f.ctx, msg); err != nil {
		f.t.Errorf("%s: %s: %v", name, text, err)
	}
}

// sent is one message the bot queued: "[群]" or "[私聊→名字]" and the text.
type sent struct{ to, text string }

// drain returns what the bot queued since the last drain, in order, and
// moves the clock to now, firing timers due on the way.
func (f *fixture) drain() []sent {
	f.t.Helper()
	items, err := f.db.Pending(f.ctx, f.clock.Now().Add(time.Hour), 10000)
	if err != nil {
		f.t.Fatal(err)
	}
	var out []sent
	for _, it := range items {
		to := "[" + it.Outgoing.To.Group + "]"
		if it.Outgoing.To.Kind == bot.ToMember {
			to = "[私聊→" + it.Outgoing.To.MemberName + "]"
		}
		out = append(out, sent{to, it.Outgoing.Text})
		if err := f.db.MarkSent(f.ctx, it.ID, f.clock.Now()); err != nil {
			f.t.Fatal(err)
		}
	}
	return out
}

// advance moves the clock to s, firing every timer due up to it.
func (f *fixture) advance(s string) {
	f.t.Helper()
	if _, err := f.sched.Advance(f.ctx, at(f.t, f.loc, s), f.clock.Set); err != nil {
		f.t.Fatal(err)
	}
}

// to returns the texts sent to one address.
func to(msgs []sent, addr string) []string {
	var out []string
	for _, m := range msgs {
		if m.to == addr {
			out = append(out, m.text)
		}
	}
	return out
}

func contains(texts []string, part string) bool {
	for _, s := range texts {
		if strings.Contains(s, part) {
			return true
		}
	}
	return false
}
