package checkin

import (
	"context"
	"fmt"
	"strings"
	"time"

	"linli/bot"
	"linli/scheduler"
)

// Replying to every check-in floods the group and gets the account
// flagged, so acks wait in the store and go out as one message per window:
// a timer set by the first waiting ack flushes them. When AckBatch acks are
// waiting in a group that heard no ack for a whole window, the turn flushes
// them at once, so a quiet group hears back soon; in a morning burst the
// group still gets at most about one ack message per window, listing
// AckBatch names and how many more. Stored acks survive a crash; the timer
// lives in the scheduler's store.

func ackTimerKey(group string) string { return "checkin.ack:" + group }

// ack queues a for the group and flushes or schedules the flush.
func (w *Workflow) ack(ctx context.Context, t *bot.Turn, pl place, a Ack) error {
	n, last, err := w.store.QueueAck(ctx, pl.group, a, t.Now)
	if err != nil {
		return err
	}
	if n >= w.cfg.AckBatch && !t.Now.Before(last.Add(w.cfg.AckWindow)) {
		text, err := w.flush(ctx, pl.group, pl.community, t.Now)
		if err != nil {
			return err
		}
		if text != "" {
			t.Send(bot.GroupAddress(pl.group), text)
		}
		return w.sched.CancelTimer(ctx, ackTimerKey(pl.group))
	}
	if n == 1 {
		return w.sched.SetTimer(ctx, scheduler.Timer{Key: ackTimerKey(pl.group), Kind: ackTimerKind,
			At: t.Now.Add(w.cfg.AckWindow), Payload: pl.group, Chat: pl.group})
	}
	return nil
}

// flush takes the group's waiting acks and writes the coalesced message,
// "" when none are waiting.
func (w *Workflow) flush(ctx context.Context, group, community string, now time.Time) (string, error) {
	acks, err := w.store.TakeAcks(ctx, group, now)
	if err != nil || len(acks) == 0 {
		return "", err
	}
	shown := acks[:min(len(acks), w.cfg.AckBatch)]
	texts := make([]string, len(shown))
	for i, a := range shown {
		texts[i] = a.Text
		if a.Photo {
			texts[i] += "📷"
		}
	}
	list := strings.Join(texts, "、")
	if more := len(acks) - len(shown); more > 0 {
		list += fmt.Sprintf("等%d位邻居", len(acks))
	}
	line, err := w.groupToday(ctx, group, community, now)
	if err != nil {
		return "", err
	}
	return "打卡动态：" + list + "\n" + line, nil
}

// groupToday is the "本群今日已打卡 23/87人" line.
func (w *Workflow) groupToday(ctx context.Context, group, community string, now time.Time) (string, error) {
	checked, seen, err := w.participation(ctx, group, w.today(community, now))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("本群今日已打卡 %d/%d人", checked, seen), nil
}

// participation counts the group's members who checked in on day and the
// members seen in the group.
func (w *Workflow) participation(ctx context.Context, group string, day Day) (checked, seen int, err error) {
	open, err := w.store.OpenChallenges(ctx, group)
	if err != nil {
		return 0, 0, err
	}
	ids := make([]int64, len(open))
	for i, c := range open {
		ids[i] = c.ID
	}
	if checked, err = w.store.CheckedIn(ctx, ids, day, day); err != nil {
		return 0, 0, err
	}
	if seen, err = w.store.MembersSeen(ctx, group); err != nil {
		return 0, 0, err
	}
	return checked, max(seen, checked), nil
}

// flushTimer sends a group's waiting acks when its window closes.
func (w *Workflow) flushTimer(ctx context.Context, tm scheduler.Timer, _ time.Duration) ([]bot.Outgoing, error) {
	group := tm.Payload
	community, _ := w.dir.CommunityOf(group)
	now := w.clock.Now()
	text, err := w.flush(ctx, group, community, now)
	if err != nil || text == "" {
		return nil, err
	}
	return []bot.Outgoing{{To: bot.GroupAddress(group), Text: text,
		Source: fmt.Sprintf("%s@%d", tm.Key, tm.At.UnixMilli())}}, nil
}
