package reminders

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"linli/bot"
	"linli/scheduler"
	"linli/timeexpr"
)

// fire is the scheduler's TimerFunc for reminders. It runs inside the
// transaction that claims the slot: the messages it returns are queued in
// that transaction, and the scheduler moves a repeating timer to its next
// slot in it too.
func (w *Workflow) fire(ctx context.Context, tm scheduler.Timer, late time.Duration) ([]bot.Outgoing, error) {
	id, err := strconv.ParseInt(tm.Payload, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("fire reminder timer %s: bad payload %q: %w", tm.Key, tm.Payload, err)
	}
	r, ok, err := w.d.Store.ReminderByID(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("fire reminder %d: %w", id, err)
	}
	if !ok || r.State != Active {
		// Deleted or paused after the slot was planned: nothing to say, and
		// no timer should be left behind.
		if err := w.d.Scheduler.CancelTimer(ctx, tm.Key); err != nil {
			return nil, fmt.Errorf("fire reminder %d: %w", id, err)
		}
		return nil, nil
	}
	loc := w.location(r.Community)
	slot := tm.At.In(loc)
	now := slot.Add(late)
	if !r.Until.IsZero() && slot.After(r.Until) {
		// Past its last day: it is over, and says nothing.
		return nil, w.finish(ctx, r, tm.Key)
	}
	first, err := w.d.Store.RecordFire(ctx, r.ID, slot, now, late)
	if err != nil {
		return nil, fmt.Errorf("fire reminder %d: %w", id, err)
	}
	if !first {
		return nil, nil
	}
	if !r.Repeats() {
		if err := w.d.Store.SetReminderState(ctx, r.ID, Done); err != nil {
			return nil, fmt.Errorf("fire reminder %d: %w", id, err)
		}
		if late > w.cfg.Grace {
			return w.missed(r, slot, now), nil
		}
	}
	if next := w.expr(r).Next(slot); r.Repeats() && !r.Until.IsZero() && (next.IsZero() || next.After(r.Until)) {
		// The last day's slot: this one goes, and no other.
		if err := w.finish(ctx, r, tm.Key); err != nil {
			return nil, err
		}
	}
	text := "【提醒】" + r.Text
	if late > w.cfg.LateNote {
		text += fmt.Sprintf("（补发，原定 %s）", shortTime(slot, now))
	}
	var out []bot.Outgoing
	for _, g := range r.Groups {
		if c, ok := w.d.Directory.CommunityOf(g); !ok || c != r.Community {
			continue // the group left the config since
		}
		out = append(out, bot.Outgoing{To: bot.GroupAddress(g), Text: text})
	}
	return out, nil
}

// missed tells the coordinator privately that a one-off reminder was not
// sent because linli was down past the grace period: better a late word to
// the coordinator than a lecture reminder arriving after the lecture.
func (w *Workflow) missed(r Reminder, slot, now time.Time) []bot.Outgoing {
	if r.CreatedBy == 0 {
		return nil
	}
	return []bot.Outgoing{{
		To: bot.Address{Kind: bot.ToMember, MemberID: r.CreatedBy, MemberName: r.CreatorName},
		Text: fmt.Sprintf("提醒 #%d（原定 %s，%s）因系统停机超过%s没能按时发出，已跳过。如还需要，请重新设置。",
			r.No, timeexpr.FormatTime(slot, now), clip(r.Text, 20), span(w.cfg.Grace)),
	}}
}

// finish ends a repeating reminder whose last day has come: done, its
// timer gone.
func (w *Workflow) finish(ctx context.Context, r Reminder, key string) error {
	if err := w.d.Store.SetReminderState(ctx, r.ID, Done); err != nil {
		return fmt.Errorf("finish reminder %d: %w", r.ID, err)
	}
	if err := w.d.Scheduler.CancelTimer(ctx, key); err != nil {
		return fmt.Errorf("finish reminder %d: %w", r.ID, err)
	}
	return nil
}
