package volunteer_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"linli/bot"
	"linli/scheduler"
	"linli/storage/sqlite"
	"linli/workflows/points"
	"linli/workflows/volunteer"
)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()

// fakeScheduler keeps timers in memory; the test fires them by moving the
// clock.
type fakeScheduler struct {
	mu       sync.Mutex
	handlers map[string]scheduler.TimerFunc
	timers   map[string]scheduler.Timer
}

func (s *fakeScheduler) AddJob(scheduler.Job) error { return nil }
func (s *fakeScheduler) HandleTimer(kind string, fn scheduler.TimerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers[kind] = fn
}
func (s *fakeScheduler) SetTimer(_ context.Context, t scheduler.Timer) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.timers[t.Key] = t
	return nil
}
func (s *fakeScheduler) CancelTimer(_ context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.timers, key)
	return nil
}

// fixture is one community with a group, a coordinator and the volunteer
// workflow on a fresh database.
type fixture struct {
	t      testing.TB
	ctx    context.Context
	db     *sqlite.DB
	clock  *bot.SimClock
	router *bot.Router
	sched  *fakeScheduler
	store  *sqlite.VolunteerStore
	points *sqlite.PointsStore
	n      int
}

const (
	group     = "锦霞一群"
	community = "锦霞社区"
)

func newFixture(t testing.TB, cfg volunteer.Config) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := bot.NewSimClock(time.Date(2026, 11, 24, 9, 0, 0, 0, shanghai))
	dir := bot.NewDirectory(shanghai)
	dir.AddGroup(group, community)
	sched := &fakeScheduler{handlers: map[string]scheduler.TimerFunc{}, timers: map[string]scheduler.Timer{}}
	router := &bot.Router{Store: db, Directory: dir, Clock: clock, BotName: "社区小助手"}
	f := &fixture{t: t, ctx: ctx, db: db, clock: clock, router: router, sched: sched,
		store: sqlite.NewVolunteerStore(db), points: sqlite.NewPointsStore(db)}
	w, err := volunteer.New(cfg, volunteer.Deps{Store: f.store, Members: db, Points: f.points, Directory: dir, Scheduler: sched, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	w.Register(router)
	return f
}

var _ points.Crediter = (*sqlite.PointsStore)(nil)

// say delivers a message and returns what the bot sent, one line a message
// as `linli sim` prints it.
func (f *fixture) say(chat, who, text string) []string {
	f.t.Helper()
	f.n++
	return f.deliver(fmt.Sprintf("m%d", f.n), chat, who, text)
}

func (f *fixture) message(id, chat, who, text string) bot.Message {
	msg := bot.Message{ID: id, Sender: bot.Sender{PlatformID: "wx-" + who, DisplayName: who, NickName: who},
		Text: text, Time: f.clock.Now()}
	if chat == "私聊" {
		msg.Chat = bot.Chat{Kind: bot.Private, Name: who}
	} else {
		msg.Chat = bot.Chat{Kind: bot.Group, Name: chat, Community: community}
		if strings.HasPrefix(text, "@社区小助手") {
			msg.MentionsBot = true
		}
	}
	return msg
}

func (f *fixture) deliver(id, chat, who, text string) []string {
	f.t.Helper()
	msg := f.message(id, chat, who, text)
	if err := f.router.Handle(f.ctx, msg); err != nil {
		f.t.Fatalf("handle %q: %v", text, err)
	}
	return f.drain()
}

// drain takes what is in the outbox.
func (f *fixture) drain() []string {
	f.t.Helper()
	items, err := f.db.Pending(f.ctx, f.clock.Now().Add(time.Hour), 1000)
	if err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for _, it := range items {
		to := it.Outgoing.To
		if to.Kind == bot.ToGroup {
			out = append(out, fmt.Sprintf("[%s] %s", to.Group, it.Outgoing.Text))
		} else {
			out = append(out, fmt.Sprintf("[私聊→%s] %s", to.MemberName, it.Outgoing.Text))
		}
		if err := f.db.MarkSent(f.ctx, it.ID, f.clock.Now()); err != nil {
			f.t.Fatal(err)
		}
	}
	return out
}

// member makes sure a member exists (seen in the group) and returns it.
func (f *fixture) member(name string) bot.Member {
	f.t.Helper()
	m, _, err := f.db.ResolveMember(f.ctx, bot.Chat{Kind: bot.Group, Name: group, Community: community},
		bot.Sender{PlatformID: "wx-" + name, DisplayName: name, NickName: name}, f.clock.Now())
	if err != nil {
		f.t.Fatal(err)
	}
	return m
}

func (f *fixture) coordinator(name string) {
	f.t.Helper()
	m := f.member(name)
	if err := f.db.SetRole(f.ctx, m.ID, community, bot.Coordinator, f.clock.Now()); err != nil {
		f.t.Fatal(err)
	}
}

// advance moves the clock and fires the timers that fall due, in order.
func (f *fixture) advance(d time.Duration) []string {
	f.t.Helper()
	f.clock.Advance(d)
	now := f.clock.Now()
	f.sched.mu.Lock()
	var due []scheduler.Timer
	for k, tm := range f.sched.timers {
		if !tm.At.After(now) {
			due = append(due, tm)
			delete(f.sched.timers, k)
		}
	}
	f.sched.mu.Unlock()
	sort.Slice(due, func(i, j int) bool { return due[i].At.Before(due[j].At) })
	for _, tm := range due {
		fn := f.sched.handlers[tm.Kind]
		err := f.db.InTx(f.ctx, func(ctx context.Context) error {
			out, err := fn(ctx, tm, now.Sub(tm.At))
			if err != nil {
				return err
			}
			return f.db.Enqueue(ctx, now, out...)
		})
		if err != nil {
			f.t.Fatalf("fire %s: %v", tm.Key, err)
		}
	}
	return f.drain()
}

func (f *fixture) timer(key string) (scheduler.Timer, bool) {
	f.sched.mu.Lock()
	defer f.sched.mu.Unlock()
	tm, ok := f.sched.timers[key]
	return tm, ok
}

// expect checks that some line contains each of the wanted pieces.
func expect(t *testing.T, got []string, want ...string) {
	t.Helper()
	all := strings.Join(got, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("no message contains %q; got:\n%s", w, all)
		}
	}
}

func expectNone(t *testing.T, got []string, unwanted ...string) {
	t.Helper()
	all := strings.Join(got, "\n")
	for _, w := range unwanted {
		if strings.Contains(all, w) {
			t.Errorf("a message contains %q; got:\n%s", w, all)
		}
	}
}

// groupLines keeps the messages sent to the group.
func groupLines(lines []string) []string {
	var out []string
	for _, l := range lines {
		if strings.HasPrefix(l, "["+group+"]") {
			out = append(out, l)
		}
	}
	return out
}

// testNow is when extraction in tests reads times from.
var testNow = time.Date(2026, 11, 24, 9, 0, 0, 0, shanghai)
