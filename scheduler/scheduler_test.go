package scheduler_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"linli/bot"
	"linli/scheduler"
	"linli/storage/sqlite"
)

var sh = scheduler.DefaultLocation()

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, sh)
	if err != nil {
		panic(err)
	}
	return t
}

// rig is one linli instance: a store, a clock and a scheduler.
type rig struct {
	t     *testing.T
	db    *sqlite.DB
	store *sqlite.SchedulerStore
	clock *bot.SimClock
	s     *scheduler.Scheduler
	log   *bytes.Buffer
	logMu *sync.Mutex
}

type rigOption func(*scheduler.Config)

func openDB(t *testing.T, path string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// newRig starts a scheduler on the database at path (a new one if empty).
func newRig(t *testing.T, path string, now time.Time, opts ...rigOption) *rig {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "t.db")
	}
	db := openDB(t, path)
	r := &rig{t: t, db: db, store: sqlite.NewSchedulerStore(db), clock: bot.NewSimClock(now), log: &bytes.Buffer{}, logMu: &sync.Mutex{}}
	cfg := scheduler.Config{
		Store: r.store, Tx: db, Outbox: db, Clock: r.clock, Location: sh,
		Logger: slog.New(slog.NewTextHandler(syncWriter{r.log, r.logMu}, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	for _, o := range opts {
		o(&cfg)
	}
	s, err := scheduler.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r.s = s
	return r
}

type syncWriter struct {
	b  *bytes.Buffer
	mu *sync.Mutex
}

func (w syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (r *rig) logs() string {
	r.logMu.Lock()
	defer r.logMu.Unlock()
	return r.log.String()
}

// sent lists the texts in the outbox, oldest first.
func (r *rig) sent() []string {
	r.t.Helper()
	items, err := r.db.Pending(context.Background(), at("2100-01-01 00:00"), 1_000_000)
	if err != nil {
		r.t.Fatal(err)
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Outgoing.Text
	}
	return out
}

// advance moves the clock to to with the scheduler running all along.
func (r *rig) advance(to time.Time) int {
	r.t.Helper()
	n, err := r.s.Advance(context.Background(), to, r.clock.Set)
	if err != nil {
		r.t.Fatal(err)
	}
	return n
}

// jump moves the clock to to while linli was down, then runs one pass.
func (r *rig) jump(to time.Time) int {
	r.t.Helper()
	r.clock.Set(to)
	n, err := r.s.RunDue(context.Background(), to)
	if err != nil {
		r.t.Fatal(err)
	}
	return n
}

// announce is a job that says its slot time (and lateness).
func announce(name, spec string, p scheduler.MissedPolicy, grace time.Duration) scheduler.Job {
	return scheduler.Job{Name: name, Spec: spec, Policy: p, Grace: grace,
		Run: func(ctx context.Context, s scheduler.Slot) ([]bot.Outgoing, error) {
			text := fmt.Sprintf("%s %s", name, s.Time.In(sh).Format("01-02 15:04"))
			if s.Late > 5*time.Minute {
				text += fmt.Sprintf(" (晚了%d分钟)", int(s.Late.Minutes()))
			}
			return []bot.Outgoing{{To: bot.GroupAddress("锦霞一群"), Text: text}}, nil
		}}
}

func mustAdd(t *testing.T, s *scheduler.Scheduler, j scheduler.Job) {
	t.Helper()
	if err := s.AddJob(j); err != nil {
		t.Fatal(err)
	}
}

func TestDailyJobFiresOncePerDayForAWeek(t *testing.T) {
	r := newRig(t, "", at("2026-11-24 08:00"))
	mustAdd(t, r.s, announce("打卡提醒", "0 20 * * *", scheduler.Once, 0))
	if n := r.advance(at("2026-12-01 08:00")); n != 7 {
		t.Fatalf("fired %d times over a week; want 7", n)
	}
	// Running again at the same time, or a little later, fires nothing more.
	r.jump(at("2026-12-01 08:00"))
	r.jump(at("2026-12-01 08:01"))
	want := []string{
		"打卡提醒 11-24 20:00", "打卡提醒 11-25 20:00", "打卡提醒 11-26 20:00", "打卡提醒 11-27 20:00",
		"打卡提醒 11-28 20:00", "打卡提醒 11-29 20:00", "打卡提醒 11-30 20:00",
	}
	if got := r.sent(); !slices.Equal(got, want) {
		t.Fatalf("sent:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestJobsAndTimersFireInTimeOrder(t *testing.T) {
	r := newRig(t, "", at("2026-11-24 08:00"))
	mustAdd(t, r.s, announce("早", "0 9 * * *", scheduler.Once, 0))
	mustAdd(t, r.s, announce("晚", "0 20 * * *", scheduler.Once, 0))
	r.s.HandleTimer("say", func(ctx context.Context, tm scheduler.Timer, late time.Duration) ([]bot.Outgoing, error) {
		return []bot.Outgoing{{To: bot.GroupAddress("锦霞一群"), Text: tm.Payload}}, nil
	})
	ctx := context.Background()
	for _, tm := range []scheduler.Timer{
		{Key: "t1", Kind: "say", At: at("2026-11-24 12:00"), Payload: "午 11-24 12:00"},
		{Key: "t2", Kind: "say", At: at("2026-11-25 08:30"), Payload: "讲座 11-25 08:30"},
	} {
		if err := r.s.SetTimer(ctx, tm); err != nil {
			t.Fatal(err)
		}
	}
	r.advance(at("2026-11-25 10:00"))
	want := []string{"早 11-24 09:00", "午 11-24 12:00", "晚 11-24 20:00", "讲座 11-25 08:30", "早 11-25 09:00"}
	if got := r.sent(); !slices.Equal(got, want) {
		t.Fatalf("sent %q; want %q", got, want)
	}
}

// TestMissedSlotPolicies stops linli for 3 hours (08:00–11:00) across three
// slots of a half-past-the-hour job, then restarts it.
func TestMissedSlotPolicies(t *testing.T) {
	tests := []struct {
		name   string
		policy scheduler.MissedPolicy
		grace  time.Duration
		want   []string // sent after the restart at 11:00, up to 11:45
	}{
		{"skip fires nothing missed", scheduler.Skip, 0,
			[]string{"job 11-24 11:30"}},
		{"once fires the latest missed within the hour", scheduler.Once, 0,
			[]string{"job 11-24 10:30 (晚了30分钟)", "job 11-24 11:30"}},
		{"once with a short grace fires nothing", scheduler.Once, 15 * time.Minute,
			[]string{"job 11-24 11:30"}},
		{"all within the hour fires one", scheduler.All, 0,
			[]string{"job 11-24 10:30 (晚了30分钟)", "job 11-24 11:30"}},
		{"all within 3 hours fires every one, in order", scheduler.All, 3 * time.Hour,
			[]string{"job 11-24 08:30 (晚了150分钟)", "job 11-24 09:30 (晚了90分钟)", "job 11-24 10:30 (晚了30分钟)", "job 11-24 11:30"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "t.db")
			first := newRig(t, path, at("2026-11-24 07:00"))
			mustAdd(t, first.s, announce("job", "30 * * * *", tc.policy, tc.grace))
			first.advance(at("2026-11-24 08:00"))
			if got := first.sent(); !slices.Equal(got, []string{"job 11-24 07:30"}) {
				t.Fatalf("before the stop: %q", got)
			}
			// Down from 08:00 to 11:00; a new process on the same store.
			second := newRig(t, path, at("2026-11-24 11:00"))
			mustAdd(t, second.s, announce("job", "30 * * * *", tc.policy, tc.grace))
			second.jump(at("2026-11-24 11:00"))
			second.advance(at("2026-11-24 11:45"))
			if got := second.sent()[1:]; !slices.Equal(got, tc.want) {
				t.Fatalf("after the restart sent %q; want %q", got, tc.want)
			}
		})
	}
}

// A slot claimed and its messages enqueued commit together: when the
// transaction fails, no claim is left, and the next pass fires it.
func TestFailedTransactionLeavesNoClaim(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	db := openDB(t, path)
	clock := bot.NewSimClock(at("2026-11-24 19:00"))
	out := &flakyOutbox{db: db, fail: 1}
	s, err := scheduler.New(scheduler.Config{Store: sqlite.NewSchedulerStore(db), Tx: db, Outbox: out, Clock: clock, Location: sh,
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	mustAdd(t, s, announce("summary", "0 20 * * *", scheduler.Once, 0))
	ctx := context.Background()
	s.RunDue(ctx, at("2026-11-24 19:00"))
	key := "job:summary@" + at("2026-11-24 20:00").UTC().Format("2006-01-02T15:04:05.000Z")

	if n, _ := s.RunDue(ctx, at("2026-11-24 20:00")); n != 0 {
		t.Fatalf("a slot whose enqueue failed counted as fired")
	}
	store := sqlite.NewSchedulerStore(db)
	if fired, _ := store.SlotFired(ctx, key); fired {
		t.Fatal("the failed slot's claim survived the rollback")
	}
	if d, _ := db.Depth(ctx); d != 0 {
		t.Fatalf("%d messages in the outbox after a rollback", d)
	}
	fails, _ := store.Failures(ctx, 10)
	if len(fails) != 1 || fails[0].Key != key || !strings.Contains(fails[0].Reason, "disk full") {
		t.Fatalf("failure not recorded with its slot: %+v", fails)
	}
	// The next pass, 30 s later, fires it once.
	if n, _ := s.RunDue(ctx, at("2026-11-24 20:00").Add(30*time.Second)); n != 1 {
		t.Fatalf("retry fired %d slots; want 1", n)
	}
	s.RunDue(ctx, at("2026-11-24 20:01"))
	if fired, _ := store.SlotFired(ctx, key); !fired {
		t.Fatal("retried slot not claimed")
	}
	if d, _ := db.Depth(ctx); d != 1 {
		t.Fatalf("outbox has %d messages; want the one summary", d)
	}
}

type flakyOutbox struct {
	db   *sqlite.DB
	fail int
}

func (o *flakyOutbox) Enqueue(ctx context.Context, at time.Time, msgs ...bot.Outgoing) error {
	if err := o.db.Enqueue(ctx, at, msgs...); err != nil {
		return err
	}
	if o.fail > 0 {
		o.fail--
		return errors.New("disk full")
	}
	return nil
}

// A job that panics or keeps failing is logged and recorded; other jobs
// fire; the broken slot is given up after three tries.
func TestBrokenJobDoesNotStopOthers(t *testing.T) {
	r := newRig(t, "", at("2026-11-24 19:00"))
	calls := 0
	mustAdd(t, r.s, scheduler.Job{Name: "broken", Spec: "0 20 * * *", Run: func(ctx context.Context, s scheduler.Slot) ([]bot.Outgoing, error) {
		calls++
		if s.Time.Day() == 24 {
			var m map[string]int
			m["boom"]++ // panics
		}
		return []bot.Outgoing{{To: bot.GroupAddress("锦霞一群"), Text: "broken ok " + s.Time.In(sh).Format("01-02")}}, nil
	}})
	mustAdd(t, r.s, announce("fine", "0 20 * * *", scheduler.Once, 0))
	ctx := context.Background()
	r.jump(at("2026-11-24 19:00"))
	for i := range 4 {
		r.jump(at("2026-11-24 20:00").Add(time.Duration(i) * 30 * time.Second))
	}
	if calls != scheduler.DefaultMaxAttempts {
		t.Fatalf("broken job tried %d times; want %d", calls, scheduler.DefaultMaxAttempts)
	}
	if got := r.sent(); !slices.Equal(got, []string{"fine 11-24 20:00"}) {
		t.Fatalf("sent %q", got)
	}
	fails, _ := r.store.Failures(ctx, 10)
	if len(fails) != 3 || !strings.Contains(fails[0].Reason, "panic") || !strings.Contains(fails[0].Reason, "attempt 3") {
		t.Fatalf("failures: %+v", fails)
	}
	if !strings.Contains(r.logs(), "giving_up=true") {
		t.Fatal("giving up not logged")
	}
	// The next day the job works again.
	r.advance(at("2026-11-25 21:00"))
	if got := r.sent(); !slices.Equal(got, []string{"fine 11-24 20:00", "broken ok 11-25", "fine 11-25 20:00"}) {
		t.Fatalf("sent %q", got)
	}
}

func TestNewJobDoesNotCatchUpThePast(t *testing.T) {
	r := newRig(t, "", at("2026-11-24 21:00"))
	mustAdd(t, r.s, announce("job", "0 20 * * *", scheduler.All, 48*time.Hour))
	if n := r.jump(at("2026-11-24 21:00")); n != 0 {
		t.Fatalf("a job registered at 21:00 fired %d past slots", n)
	}
}

func TestChangedSpecStartsFromNow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	a := newRig(t, path, at("2026-11-24 08:00"))
	mustAdd(t, a.s, announce("job", "0 20 * * *", scheduler.Once, 0))
	a.advance(at("2026-11-24 09:00"))
	b := newRig(t, path, at("2026-11-24 09:00"))
	mustAdd(t, b.s, announce("job", "0 10 * * *", scheduler.Once, 0))
	b.advance(at("2026-11-25 09:00"))
	if got := b.sent(); !slices.Equal(got, []string{"job 11-24 10:00"}) {
		t.Fatalf("sent %q", got)
	}
}

func TestAddJobRejectsBadJobs(t *testing.T) {
	r := newRig(t, "", at("2026-11-24 08:00"))
	run := func(context.Context, scheduler.Slot) ([]bot.Outgoing, error) { return nil, nil }
	mustAdd(t, r.s, scheduler.Job{Name: "a", Spec: "@daily", Run: run})
	for _, j := range []scheduler.Job{
		{Name: "", Spec: "@daily", Run: run},
		{Name: "b", Spec: "@daily"},
		{Name: "a", Spec: "@daily", Run: run},
		{Name: "c", Spec: "0 0 20 * * * *", Run: run},
		{Name: "d", Spec: "@daily", Policy: 7, Run: run},
	} {
		if err := r.s.AddJob(j); err == nil {
			t.Errorf("AddJob(%+v) accepted", j)
		}
	}
}

func sayHandler(ctx context.Context, tm scheduler.Timer, late time.Duration) ([]bot.Outgoing, error) {
	text := tm.Payload + " " + tm.At.In(sh).Format("01-02 15:04")
	if late > 5*time.Minute {
		text += fmt.Sprintf(" (晚了%d分钟)", int(late.Minutes()))
	}
	return []bot.Outgoing{{To: bot.GroupAddress("锦霞一群"), Text: text}}, nil
}

func TestOneOffTimer(t *testing.T) {
	r := newRig(t, "", at("2026-11-24 08:00"))
	r.s.HandleTimer("say", sayHandler)
	ctx := context.Background()
	setIn := func(ctx context.Context, tm scheduler.Timer) {
		t.Helper()
		if err := r.s.SetTimer(ctx, tm); err != nil {
			t.Fatal(err)
		}
	}
	set := func(tm scheduler.Timer) { t.Helper(); setIn(ctx, tm) }
	set(scheduler.Timer{Key: "lecture", Kind: "say", At: at("2026-11-24 09:00"), Payload: "讲座"})
	set(scheduler.Timer{Key: "moved", Kind: "say", At: at("2026-11-24 10:00"), Payload: "改期"})
	set(scheduler.Timer{Key: "moved", Kind: "say", At: at("2026-11-24 11:00"), Payload: "改期"})
	set(scheduler.Timer{Key: "cancelled", Kind: "say", At: at("2026-11-24 10:30"), Payload: "取消"})
	if err := r.s.CancelTimer(ctx, "cancelled"); err != nil {
		t.Fatal(err)
	}
	if err := r.s.CancelTimer(ctx, "never-set"); err != nil {
		t.Fatal("cancelling an unknown timer:", err)
	}
	// A timer set in a transaction that rolls back never existed.
	r.db.InTx(ctx, func(ctx context.Context) error {
		setIn(ctx, scheduler.Timer{Key: "rolled-back", Kind: "say", At: at("2026-11-24 10:45"), Payload: "回滚"})
		return errors.New("handler failed")
	})
	// A timer nobody handles stays put.
	set(scheduler.Timer{Key: "orphan", Kind: "unknown", At: at("2026-11-24 09:30"), Payload: "?"})

	r.advance(at("2026-11-25 08:00"))
	r.advance(at("2026-11-26 08:00"))
	if got := r.sent(); !slices.Equal(got, []string{"讲座 11-24 09:00", "改期 11-24 11:00"}) {
		t.Fatalf("sent %q", got)
	}
	if _, ok, _ := r.store.Timer(ctx, "orphan"); !ok {
		t.Fatal("a timer of an unhandled kind was dropped")
	}
	if _, ok, _ := r.store.Timer(ctx, "lecture"); ok {
		t.Fatal("a fired one-off timer is still stored")
	}
	for _, bad := range []scheduler.Timer{
		{Kind: "say", At: at("2026-11-24 09:00")},
		{Key: "x", At: at("2026-11-24 09:00")},
		{Key: "x", Kind: "say"},
		{Key: "x", Kind: "say", Spec: "0 0 20 * * * *"},
	} {
		if err := r.s.SetTimer(ctx, bad); err == nil {
			t.Errorf("SetTimer(%+v) accepted", bad)
		}
	}
}

func TestOneOffTimerAfterOutage(t *testing.T) {
	tests := []struct {
		name   string
		policy scheduler.MissedPolicy
		grace  time.Duration
		want   []string
	}{
		{"default fires however late", scheduler.Once, 0, []string{"升级 11-24 09:00 (晚了180分钟)"}},
		{"skip drops it", scheduler.Skip, 0, nil},
		{"grace drops it when later", scheduler.Once, time.Hour, nil},
		{"grace fires it when within", scheduler.All, 4 * time.Hour, []string{"升级 11-24 09:00 (晚了180分钟)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "t.db")
			a := newRig(t, path, at("2026-11-24 08:00"))
			if err := a.s.SetTimer(context.Background(), scheduler.Timer{Key: "task-7", Kind: "say", At: at("2026-11-24 09:00"),
				Payload: "升级", Policy: tc.policy, Grace: tc.grace}); err != nil {
				t.Fatal(err)
			}
			b := newRig(t, path, at("2026-11-24 12:00"))
			b.s.HandleTimer("say", sayHandler)
			b.jump(at("2026-11-24 12:00"))
			if got := b.sent(); !slices.Equal(got, tc.want) {
				t.Fatalf("sent %q; want %q", got, tc.want)
			}
			if _, ok, _ := b.store.Timer(context.Background(), "task-7"); ok {
				t.Fatal("the timer is still stored after its slot was dealt with")
			}
		})
	}
}

func TestRepeatingTimer(t *testing.T) {
	r := newRig(t, "", at("2026-11-24 08:00"))
	r.s.HandleTimer("say", sayHandler)
	ctx := context.Background()
	if err := r.s.SetTimer(ctx, scheduler.Timer{Key: "reminder-1", Kind: "say", Spec: "0 9 * * 6", Payload: "民法典讲座"}); err != nil {
		t.Fatal(err)
	}
	tm, ok, _ := r.store.Timer(ctx, "reminder-1")
	if !ok || !tm.At.Equal(at("2026-11-28 09:00")) || tm.Location.String() != "Asia/Shanghai" {
		t.Fatalf("stored timer %+v", tm)
	}
	r.advance(at("2026-12-13 08:00"))
	want := []string{"民法典讲座 11-28 09:00", "民法典讲座 12-05 09:00", "民法典讲座 12-12 09:00"}
	if got := r.sent(); !slices.Equal(got, want) {
		t.Fatalf("sent %q; want %q", got, want)
	}
	// Paused (cancelled) it fires no more.
	r.s.CancelTimer(ctx, "reminder-1")
	r.advance(at("2026-12-31 08:00"))
	if got := r.sent(); len(got) != 3 {
		t.Fatalf("a cancelled repeating timer fired: %q", got)
	}
}

func TestTimerSetDuringFiringReschedules(t *testing.T) {
	r := newRig(t, "", at("2026-11-24 08:00"))
	n := 0
	r.s.HandleTimer("chain", func(ctx context.Context, tm scheduler.Timer, late time.Duration) ([]bot.Outgoing, error) {
		n++
		if n < 3 {
			// The workflow schedules the follow-up in the firing transaction.
			if err := r.s.SetTimer(ctx, scheduler.Timer{Key: tm.Key, Kind: "chain", At: tm.At.Add(time.Hour)}); err != nil {
				return nil, err
			}
		}
		return []bot.Outgoing{{To: bot.GroupAddress("锦霞一群"), Text: tm.At.In(sh).Format("15:04")}}, nil
	})
	r.s.SetTimer(context.Background(), scheduler.Timer{Key: "esc", Kind: "chain", At: at("2026-11-24 09:00")})
	r.advance(at("2026-11-24 18:00"))
	if got := r.sent(); !slices.Equal(got, []string{"09:00", "10:00", "11:00"}) {
		t.Fatalf("sent %q", got)
	}
}

func TestRunLoopWakesForDueWork(t *testing.T) {
	r := newRig(t, "", at("2026-11-24 19:59").Add(50*time.Second))
	mustAdd(t, r.s, announce("job", "0 20 * * *", scheduler.Once, 0))
	waits := make(chan time.Duration)
	wake := make(chan time.Time)
	scheduler.SetWait(r.s, func(d time.Duration) <-chan time.Time {
		waits <- d
		return wake
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- r.s.Run(ctx) }()
	if d := <-waits; d != 10*time.Second {
		t.Fatalf("first wait %v; want 10s until the 20:00 slot", d)
	}
	r.clock.Set(at("2026-11-24 20:00"))
	wake <- time.Time{}
	if d := <-waits; d != scheduler.MaxWait {
		t.Fatalf("wait after firing %v; want at most %v", d, scheduler.MaxWait)
	}
	if got := r.sent(); !slices.Equal(got, []string{"job 11-24 20:00"}) {
		t.Fatalf("sent %q", got)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run returned %v", err)
	}
}
