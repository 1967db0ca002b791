package reminders_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"linli/scheduler"
	"linli/storage/sqlite"
	"linli/workflows/reminders"
)

// countSent counts the messages the outbox holds for a group, sent or not.
func countSent(t testing.TB, db *sqlite.DB, group, text string) int {
	t.Helper()
	var n int
	err := db.SQL().QueryRow(`SELECT count(*) FROM outbox WHERE to_group = ? AND text = ?`, group, text).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Two processes sharing one store, each with its own scheduler, both pass
// over the same slots: every slot reaches the group once.
func TestTwoSchedulersOnOneStoreFireEachSlotOnce(t *testing.T) {
	loc := shanghai(t)
	w := newWorld(t, time.Date(2026, 11, 23, 8, 0, 0, 0, loc))
	w.play(`
@group 锦霞一群 community=锦霞社区
@admin 李主任 community=锦霞社区
[锦霞一群] 李主任: 提醒 每天20:00 记得打卡
`)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	var scheds []*scheduler.Scheduler
	for range 2 {
		s, err := scheduler.New(scheduler.Config{Store: sqlite.NewSchedulerStore(w.db), Tx: w.db, Outbox: w.db,
			Clock: w.clock, Location: loc, Logger: logger})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := reminders.New(reminders.Config{}, reminders.Deps{Store: w.store, Scheduler: s, Directory: w.dir}); err != nil {
			t.Fatal(err)
		}
		scheds = append(scheds, s)
	}
	start := time.Date(2026, 11, 23, 19, 0, 0, 0, loc)
	for h := 0; h < 5*24; h++ {
		now := start.Add(time.Duration(h)*time.Hour + 90*time.Second)
		w.clock.Set(now)
		for _, s := range scheds {
			if _, err := s.RunDue(w.ctx, now); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n := countSent(t, w.db, "锦霞一群", "【提醒】记得打卡"); n != 5 {
		t.Errorf("5 days of a daily reminder reached the group %d times; want 5", n)
	}
}

// A redelivered command creates nothing, and a fire recorded twice for one
// slot counts once.
func TestRedeliveryAndRecordFireAreIdempotent(t *testing.T) {
	loc := shanghai(t)
	w := newWorld(t, time.Date(2026, 11, 23, 8, 0, 0, 0, loc))
	w.play(`
@group 锦霞一群 community=锦霞社区
@admin 李主任 community=锦霞社区
[锦霞一群] 李主任: 提醒 每天20:00 记得打卡
@redeliver
@redeliver
`)
	rs, err := w.store.Reminders(w.ctx, "锦霞社区")
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 {
		t.Fatalf("%d reminders after a message delivered three times; want 1", len(rs))
	}
	slot := time.Date(2026, 11, 23, 20, 0, 0, 0, loc)
	for i, want := range []bool{true, false} {
		first, err := w.store.RecordFire(w.ctx, rs[0].ID, slot, slot, 0)
		if err != nil {
			t.Fatal(err)
		}
		if first != want {
			t.Errorf("RecordFire #%d = %v; want %v", i+1, first, want)
		}
	}
}

// Bad commands leave no reminder and no timer behind.
func TestBadInputStoresNothing(t *testing.T) {
	loc := shanghai(t)
	w := newWorld(t, time.Date(2026, 11, 23, 8, 0, 0, 0, loc))
	w.play(`
@group 锦霞一群 community=锦霞社区
@group 枫林一群 community=枫林社区
@admin 李主任 community=锦霞社区
[锦霞一群] 张三: 提醒 每天20:00 我也想设提醒
[锦霞一群] 李主任: 提醒 2月30日 9:00 体检
[锦霞一群] 李主任: 提醒 今天早上7点 开会
[锦霞一群] 李主任: 提醒 cron:0 0 20 * * * * 打卡
[锦霞一群] 李主任: 提醒 每天20:00
[锦霞一群] 李主任: 提醒 每天20:00 　
[私聊] 李主任: 提醒 @不存在的群 每天20:00 打卡
[私聊] 李主任: 提醒 @枫林一群 每天20:00 打卡
`)
	var reminders, timers int
	if err := w.db.SQL().QueryRow(`SELECT count(*) FROM reminders`).Scan(&reminders); err != nil {
		t.Fatal(err)
	}
	if err := w.db.SQL().QueryRow(`SELECT count(*) FROM scheduler_timers`).Scan(&timers); err != nil {
		t.Fatal(err)
	}
	if reminders != 0 || timers != 0 {
		t.Errorf("bad input left %d reminders and %d timers; want none", reminders, timers)
	}
}

// A reminder to every group of the community reaches each group once per
// slot, through the outbox.
func TestAllGroupsOfTheCommunity(t *testing.T) {
	loc := shanghai(t)
	w := newWorld(t, time.Date(2026, 11, 23, 8, 0, 0, 0, loc))
	w.quiet = true
	script := "@group 枫林一群 community=枫林社区\n@admin 李主任 community=锦霞社区\n"
	for i := 1; i <= 12; i++ {
		script += fmt.Sprintf("@group 锦霞%d群 community=锦霞社区\n", i)
	}
	script += "[私聊] 李主任: 提醒 @全部 12月1日 9:00 民法典讲座\n@now 2026-12-01 10:00\n"
	w.play(script)
	for i := 1; i <= 12; i++ {
		if n := countSent(t, w.db, fmt.Sprintf("锦霞%d群", i), "【提醒】民法典讲座"); n != 1 {
			t.Errorf("锦霞%d群 got the reminder %d times; want 1", i, n)
		}
	}
	if n := countSent(t, w.db, "枫林一群", "【提醒】民法典讲座"); n != 0 {
		t.Errorf("another community's group got the reminder %d times", n)
	}
}

// BenchmarkThirtyDays fires 10,000 reminders (20% daily, 50% weekly, 30%
// one-off, spread over the day) across 30 simulated days through the real
// scheduler and store, every slot in its own transaction with its outbox
// messages.
func BenchmarkThirtyDays(b *testing.B) {
	const total = 10000
	loc := shanghai(b)
	start := time.Date(2026, 11, 23, 0, 0, 0, 0, loc)
	for b.Loop() {
		b.StopTimer()
		w := newWorld(b, start)
		for i := range 20 {
			w.dir.AddGroup(fmt.Sprintf("锦霞%d群", i), "锦霞社区")
		}
		sch := w.sched
		var daily, weekly, once int
		err := w.db.InTx(w.ctx, func(ctx context.Context) error {
			for i := range total {
				minute := (i * 7) % (24 * 60)
				r := reminders.Reminder{Community: "锦霞社区", Groups: []string{fmt.Sprintf("锦霞%d群", i%20)},
					Location: loc.String(), Text: fmt.Sprintf("提醒 %d", i), Created: start, Source: fmt.Sprintf("bench:%d", i)}
				switch {
				case i%10 < 2:
					r.Spec, r.Desc = fmt.Sprintf("%d %d * * *", minute%60, minute/60), "每天"
					daily++
				case i%10 < 7:
					r.Spec, r.Desc = fmt.Sprintf("%d %d * * %d", minute%60, minute/60, i%7), "每周"
					weekly++
				default:
					r.At, r.Desc = start.Add(time.Duration(i%(30*24*60))*time.Minute+time.Minute), "一次"
					once++
				}
				r, err := w.store.AddReminder(ctx, r)
				if err != nil {
					return err
				}
				t := scheduler.Timer{Key: fmt.Sprintf("reminder:%d", r.ID), Kind: reminders.TimerKind, At: r.At,
					Payload: fmt.Sprint(r.ID), Spec: r.Spec, Location: loc, Policy: scheduler.Once, Grace: time.Hour}
				if err := sch.SetTimer(ctx, t); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		began := time.Now()
		fired, err := sch.Advance(w.ctx, start.AddDate(0, 0, 30), w.clock.Set)
		if err != nil {
			b.Fatal(err)
		}
		elapsed := time.Since(began)
		b.StopTimer()
		depth, err := w.db.Depth(w.ctx)
		if err != nil {
			b.Fatal(err)
		}
		if depth != fired {
			b.Fatalf("%d slots fired but %d messages queued", fired, depth)
		}
		b.ReportMetric(float64(fired), "slots")
		b.ReportMetric(float64(fired)/elapsed.Seconds(), "slots/s")
		b.Logf("%d daily, %d weekly, %d one-off reminders: %d slots fired in %s", daily, weekly, once, fired, elapsed)
		b.StartTimer()
	}
}
