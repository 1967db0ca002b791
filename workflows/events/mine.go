package events

import (
	"context"
	"fmt"
	"strings"
	"time"

	"linli/bot"
	"linli/bot/intent"
)

// mySignUps are the member's places and waiting-list places in events of
// the turn's community that have not started.
func (w *Workflow) mySignUps(ctx context.Context, t *bot.Turn) ([]Event, []SignUp, error) {
	events, err := w.d.Store.EventsEndingAfter(ctx, t.Chat.Community, t.Now)
	if err != nil {
		return nil, nil, fmt.Errorf("my sign-ups: %w", err)
	}
	var es []Event
	var ss []SignUp
	for _, e := range events {
		if e.State != Open || !t.Now.Before(e.Start) {
			continue
		}
		s, found, err := w.d.Store.SignUpOf(ctx, e.ID, t.Member.ID)
		if err != nil {
			return nil, nil, fmt.Errorf("my sign-ups: %w", err)
		}
		if found && s.State != Withdrawn {
			es, ss = append(es, w.localEvent(e)), append(ss, s)
		}
	}
	return es, ss, nil
}

// mine handles 我的报名 (「我报上了吗」): the events the member has a place
// in or is waiting for.
func (w *Workflow) mine(ctx context.Context, t *bot.Turn) error {
	es, ss, err := w.mySignUps(ctx, t)
	if err != nil {
		return err
	}
	if len(es) == 0 {
		t.ReplyPrivately("您现在没有报名的活动。发「活动列表」看看近期活动。")
		return nil
	}
	var b strings.Builder
	b.WriteString("您报名的活动：")
	for i, e := range es {
		writeEventLine(&b, e, t.Now, " ")
		if ss[i].State == Waiting {
			list, err := w.d.Store.SignUps(ctx, e.ID)
			if err != nil {
				return fmt.Errorf("my sign-ups: %w", err)
			}
			fmt.Fprintf(&b, " · 候补第%d位", waitingPosition(list, t.Member.ID))
		} else {
			b.WriteString(" · 已报上")
		}
		if ss[i].Party > 1 {
			fmt.Fprintf(&b, "（%d人）", ss[i].Party)
		}
	}
	b.WriteString("\n不能来请发「取消报名 #编号」。")
	t.ReplyPrivately(b.String())
	return nil
}

// mineIntent asks what one has signed up for (「我报上了吗」「我报了哪些活动」).
func mineIntent() intent.Decl {
	return intent.Decl{Name: "my_signups", Label: "我的报名", Shape: intent.NoArgs, Asks: true,
		Cues: []string{`(报上|报名成功|报进去|报好|排上)(了)?(吗|没|没有)`, `是不是(报上|排上)`, `(候补|排队)(排)?(到)?(了)?第几`, `(排到|轮到)(了)?第几(位|个|号)?(了)?( |$)`, `(帮我|给我)报(了|上)?名(了)?.{0,2}(是吗|对吗|是不是|吧)$`, `报(了)?(哪些|什么|几个)活动`, `^报了(哪些|哪个|什么|啥|几个)$`, `^我的(报名|活动)$`}}
}

// writeEventLine writes an event on a line of its own: its label, when,
// and where after sep.
func writeEventLine(b *strings.Builder, e Event, now time.Time, sep string) {
	fmt.Fprintf(b, "\n%s %s", label(e.No, e.Title), when(e, now))
	if e.Place != "" {
		b.WriteString(sep + e.Place)
	}
}
