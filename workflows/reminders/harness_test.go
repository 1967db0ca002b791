package reminders_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/sim"
	"linli/scheduler"
	"linli/storage/sqlite"
	"linli/workflows/reminders"
)

// world is linli as a transcript sees it: the real router, the reminders
// workflow, the real scheduler and the SQLite store, with a simulated clock
// and the simulated gateway.
type world struct {
	t      testing.TB
	ctx    context.Context
	db     *sqlite.DB
	store  *sqlite.ReminderStore
	dir    *bot.Directory
	clock  *bot.SimClock
	loc    *time.Location
	out    *bytes.Buffer
	sched  *scheduler.Scheduler
	runner *sim.Runner
	quiet  bool
}

func shanghai(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatalf("load Asia/Shanghai: %v", err)
	}
	return loc
}

func newWorld(t testing.TB, start time.Time) *world {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	loc := shanghai(t)
	w := &world{t: t, ctx: ctx, db: db, store: sqlite.NewReminderStore(db), dir: bot.NewDirectory(loc),
		clock: bot.NewSimClock(start.In(loc)), loc: loc, out: &bytes.Buffer{}}
	w.boot()
	return w
}

// boot starts (or restarts) the process: a fresh scheduler, workflow,
// router and outbox over the same store, as after a restart.
func (w *world) boot() {
	w.t.Helper()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	sch, err := scheduler.New(scheduler.Config{Store: sqlite.NewSchedulerStore(w.db), Tx: w.db, Outbox: w.db,
		Clock: w.clock, Location: w.loc, Logger: logger})
	if err != nil {
		w.t.Fatal(err)
	}
	wf, err := reminders.New(reminders.Config{}, reminders.Deps{Store: w.store, Scheduler: sch, Directory: w.dir})
	if err != nil {
		w.t.Fatal(err)
	}
	router := &bot.Router{Store: w.db, Directory: w.dir, Clock: w.clock, Log: logger, BotName: "社区小助手"}
	wf.Register(router)
	wire, err := sqlite.NewSimWire(context.Background(), w.db)
	if err != nil {
		w.t.Fatal(err)
	}
	outbox := &bot.Outbox{Store: w.db, Clock: w.clock, Log: logger,
		Gateway: &sim.Gateway{Wire: wire, Clock: w.clock, Out: stamped{w}},
		Sleep:   func(ctx context.Context, d time.Duration) error { return nil }}
	w.sched = sch
	prev := w.runner
	w.runner = &sim.Runner{
		Program: sim.Program{Router: router, Outbox: outbox, Directory: w.dir, Store: w.db,
			Tick: func(ctx context.Context, now time.Time) error { return w.tick(ctx, outbox, now) }},
		Clock: w.clock, Source: "reminders", BotName: "社区小助手",
	}
	if prev != nil {
		w.runner.Source = prev.Source
	}
}

// tick fires every slot due up to now at its own time and sends what it
// queued then, so the transcript shows each message at the minute it went.
func (w *world) tick(ctx context.Context, outbox *bot.Outbox, now time.Time) error {
	for {
		next, ok, err := w.sched.NextDue(ctx)
		if err != nil {
			return err
		}
		if !ok || next.After(now) {
			break
		}
		w.clock.Set(next)
		if _, err := w.sched.RunDue(ctx, next); err != nil {
			return err
		}
		if _, err := outbox.SendDue(ctx); err != nil {
			return err
		}
		if n2, ok2, _ := w.sched.NextDue(ctx); ok2 && !n2.After(next) {
			break // a failing slot waits for a later pass
		}
	}
	w.clock.Set(now)
	_, err := w.sched.RunDue(ctx, now)
	return err
}

// stamped prefixes each line the gateway prints with the simulated time.
type stamped struct{ w *world }

func (s stamped) Write(p []byte) (int, error) {
	if s.w.quiet {
		return len(p), nil
	}
	lines := strings.SplitAfter(string(p), "\n")
	for i, l := range lines {
		if l == "" {
			continue
		}
		if i == 0 {
			s.w.out.WriteString(s.w.clock.Now().In(s.w.loc).Format("01-02 15:04") + " " + l)
		} else {
			s.w.out.WriteString("            " + l)
		}
	}
	return len(p), nil
}

// play runs script lines. Besides the transcript format it knows one
// harness line, `@down YYYY-MM-DD HH:MM`: the process stops now and starts
// again at that time, with the slots it missed left to the scheduler's
// policy on its first pass.
func (w *world) play(script string) {
	w.t.Helper()
	sc := bufio.NewScanner(strings.NewReader(script))
	no := 0
	for sc.Scan() {
		no++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !w.quiet {
			w.out.WriteString("> " + line + "\n")
		}
		if rest, ok := strings.CutPrefix(line, "@down "); ok {
			at, err := time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(rest), w.loc)
			if err != nil {
				w.t.Fatalf("line %d: %v", no, err)
			}
			w.clock.Set(at)
			w.boot()
			if _, err := w.sched.RunDue(w.ctx, at); err != nil {
				w.t.Fatalf("line %d: first pass after restart: %v", no, err)
			}
			if err := w.runner.Start(w.ctx); err != nil {
				w.t.Fatalf("line %d: %v", no, err)
			}
			continue
		}
		l, err := sim.ParseLine(no, line, w.loc)
		if err != nil {
			w.t.Fatalf("%v", err)
		}
		if err := w.runner.Step(w.ctx, l); err != nil {
			w.t.Fatalf("line %d %q: %v", no, line, err)
		}
	}
}

// diff is a line diff good enough to read a failing transcript.
func diff(want, got string) string {
	a, b := strings.Split(want, "\n"), strings.Split(got, "\n")
	var out strings.Builder
	for i := 0; i < max(len(a), len(b)); i++ {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			fmt.Fprintf(&out, "line %d:\n- %s\n+ %s\n", i+1, x, y)
		}
	}
	return out.String()
}
