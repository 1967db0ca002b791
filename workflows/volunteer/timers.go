package volunteer

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"linli/bot"
	"linli/scheduler"
	"linli/workflows/points"
)

func (w *Workflow) timerTask(ctx context.Context, tm scheduler.Timer) (Task, bool, error) {
	id, err := strconv.ParseInt(tm.Payload, 10, 64)
	if err != nil {
		return Task{}, false, nil // a malformed timer fires nothing
	}
	task, err := w.d.Store.Task(ctx, id)
	if errors.Is(err, bot.ErrNotFound) {
		return Task{}, false, nil
	}
	if err != nil {
		return Task{}, false, wrap("timer task", err)
	}
	return task, true, nil
}

// fireEscalate tells the coordinators again about a task nobody claimed.
func (w *Workflow) fireEscalate(ctx context.Context, tm scheduler.Timer, _ time.Duration) ([]bot.Outgoing, error) {
	task, ok, err := w.timerTask(ctx, tm)
	if err != nil || !ok || task.State != Open {
		return nil, err
	}
	now := w.d.Clock.Now().In(w.loc(task.Community))
	waited := now.Sub(task.CreatedAt).Round(time.Minute)
	fx := bot.NewEffects("timer:" + tm.Key)
	note := fmt.Sprintf("（已等%s无人接单）", formatWait(waited))
	err = w.notifyCoordinators(ctx, fx, task, now, "催办", note, 0)
	return fx.Outgoing(), err
}

func formatWait(d time.Duration) string {
	if d < time.Hour {
		return fmt.Sprintf("%d分钟", int(d.Minutes()))
	}
	h := d.Hours()
	return formatHours(float64(int(h*2+0.5))/2) + "小时"
}

// fireRemind reminds the assigned volunteer before the window starts.
func (w *Workflow) fireRemind(ctx context.Context, tm scheduler.Timer, _ time.Duration) ([]bot.Outgoing, error) {
	task, ok, err := w.timerTask(ctx, tm)
	if err != nil || !ok || task.State != Assigned {
		return nil, err
	}
	now := w.d.Clock.Now().In(w.loc(task.Community))
	text := fmt.Sprintf("提醒：任务 #%d（%s）%s开始。\n%s", task.ID, task.Category, DescribeWindow(task.Window, now), details(task, now, true))
	return []bot.Outgoing{{To: bot.MemberAddress(bot.Member{ID: task.VolunteerID, Name: task.Volunteer}), Text: text, Source: "timer:" + tm.Key}}, nil
}

// fireAutoConfirm confirms a done task the requester left unconfirmed.
func (w *Workflow) fireAutoConfirm(ctx context.Context, tm scheduler.Timer, _ time.Duration) ([]bot.Outgoing, error) {
	task, ok, err := w.timerTask(ctx, tm)
	if err != nil || !ok || !task.State.CanMoveTo(Confirmed) {
		return nil, err
	}
	fx := bot.NewEffects("timer:" + tm.Key)
	if err := w.settle(ctx, fx, task, 0, w.d.Clock.Now()); err != nil {
		var ue *bot.UserError
		if errors.As(err, &ue) {
			return nil, nil
		}
		return nil, err
	}
	fx.Send(bot.MemberAddress(bot.Member{ID: task.RequesterID, Name: task.Requester}),
		fmt.Sprintf("任务 #%d（%s）完成已满%d小时，系统已自动确认。谢谢！", task.ID, task.Category, int(w.cfg.AutoConfirmAfter.Hours())))
	return fx.Outgoing(), nil
}

// pointsEntry is the ledger line for a confirmed task; the task id is the
// source key, so a task pays once whoever confirms it.
func pointsEntry(task Task, pts int64, at time.Time) points.Entry {
	return points.Entry{MemberID: task.VolunteerID, Community: task.Community, Amount: pts,
		Reason: fmt.Sprintf("志愿服务 #%d %s", task.ID, task.Category), SourceKey: fmt.Sprintf("volunteer-task:%d", task.ID), At: at}
}
