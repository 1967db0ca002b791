package events

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"linli/bot"
	"linli/scheduler"
)

func reminderKey(eventID, memberID int64, kind ReminderKind) string {
	return fmt.Sprintf("event:%d:%d:%s", eventID, memberID, kind)
}

// reminderTimes are the moments a registrant is reminded: the evening
// before (20:00 the day before, in the community's time zone) and an hour
// before the start.
func (w *Workflow) reminderTimes(e Event) map[ReminderKind]time.Time {
	loc := w.location(e.Community)
	s := e.Start.In(loc)
	return map[ReminderKind]time.Time{
		EveningBefore: time.Date(s.Year(), s.Month(), s.Day()-1, w.cfg.EveningHour, 0, 0, 0, loc),
		HourBefore:    s.Add(-w.cfg.HourBefore),
	}
}

// arm sets a registrant's reminders that still lie ahead and returns
// them; called with the turn's context they commit with the sign-up.
func (w *Workflow) arm(ctx context.Context, e Event, s SignUp, now time.Time) ([]ReminderKind, error) {
	var armed []ReminderKind
	for _, kind := range []ReminderKind{EveningBefore, HourBefore} {
		at := w.reminderTimes(e)[kind]
		if !at.After(now) {
			continue
		}
		err := w.d.Scheduler.SetTimer(ctx, scheduler.Timer{
			Key: reminderKey(e.ID, s.MemberID, kind), Kind: ReminderTimer, At: at,
			Payload: fmt.Sprintf("%d:%d:%s", e.ID, s.MemberID, kind), Policy: scheduler.Once,
		})
		if err != nil {
			return nil, fmt.Errorf("set %s reminder of member %d for event %d: %w", kind, s.MemberID, e.ID, err)
		}
		armed = append(armed, kind)
	}
	return armed, nil
}

// remindNote tells a registrant which reminders to expect.
func remindNote(armed []ReminderKind) string {
	switch len(armed) {
	case 2:
		return "活动前一晚和开始前一小时会私信提醒您。"
	case 1:
		if armed[0] == EveningBefore {
			return "活动前一晚会私信提醒您。"
		}
		return "开始前一小时会私信提醒您。"
	}
	return ""
}

// disarm calls off a registrant's reminders.
func (w *Workflow) disarm(ctx context.Context, eventID, memberID int64) error {
	for _, kind := range []ReminderKind{EveningBefore, HourBefore} {
		if err := w.d.Scheduler.CancelTimer(ctx, reminderKey(eventID, memberID, kind)); err != nil {
			return fmt.Errorf("cancel %s reminder of member %d for event %d: %w", kind, memberID, eventID, err)
		}
	}
	return nil
}

// fireReminder sends one private reminder, once, to a registrant who still
// has a place. A reminder that could only arrive after the start (linli
// was down) is dropped.
func (w *Workflow) fireReminder(ctx context.Context, tm scheduler.Timer, late time.Duration) ([]bot.Outgoing, error) {
	parts := strings.Split(tm.Payload, ":")
	if len(parts) != 3 {
		return nil, fmt.Errorf("fire event reminder %s: bad payload %q", tm.Key, tm.Payload)
	}
	eventID, err1 := strconv.ParseInt(parts[0], 10, 64)
	memberID, err2 := strconv.ParseInt(parts[1], 10, 64)
	kind := ReminderKind(parts[2])
	if err1 != nil || err2 != nil || (kind != EveningBefore && kind != HourBefore) {
		return nil, fmt.Errorf("fire event reminder %s: bad payload %q", tm.Key, tm.Payload)
	}
	e, ok, err := w.d.Store.EventByID(ctx, eventID)
	if err != nil || !ok || e.State != Open {
		return nil, err
	}
	e = w.localEvent(e)
	s, ok, err := w.d.Store.SignUpOf(ctx, eventID, memberID)
	if err != nil || !ok || s.State != In {
		return nil, err
	}
	now := tm.At.Add(late).In(e.Start.Location())
	if !now.Before(e.Start) {
		return nil, nil
	}
	first, err := w.d.Store.MarkReminded(ctx, eventID, memberID, kind, now)
	if err != nil {
		return nil, fmt.Errorf("fire event reminder %s: %w", tm.Key, err)
	}
	if !first {
		return nil, nil
	}
	return []bot.Outgoing{{To: s.Address(), Text: reminderText(e, s, kind, now)}}, nil
}

func reminderText(e Event, s SignUp, kind ReminderKind, now time.Time) string {
	var b strings.Builder
	if kind == EveningBefore {
		fmt.Fprintf(&b, "【明天活动提醒】%s\n时间：%s", label(e.No, e.Title), when(e, now))
	} else {
		fmt.Fprintf(&b, "【活动快开始了】%s 今天 %s 开始", label(e.No, e.Title), e.Start.Format("15:04"))
	}
	if e.Place != "" {
		fmt.Fprintf(&b, "\n地点：%s", e.Place)
	}
	if s.Party > 1 {
		fmt.Fprintf(&b, "\n您报了%d人", s.Party)
	}
	if e.Bring != "" {
		fmt.Fprintf(&b, "\n别忘了带：%s", e.Bring)
	}
	if kind == EveningBefore {
		fmt.Fprintf(&b, "\n不能来请发「取消报名 #%d」，把名额让给别人。", e.No)
	} else if e.Points > 0 {
		fmt.Fprintf(&b, "\n到场后发「签到 #%d」可得%d积分。", e.No, e.Points)
	}
	return b.String()
}
