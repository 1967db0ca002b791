package volunteer

import (
	"context"
	"errors"
	"fmt"

	"linli/bot"
	"linli/bot/intent"
)

// A volunteer who wants to stop says so in their own words (「下个月去外地
// 实习 志愿者可能干不了了 怎么退出啊」「我不当志愿者了」): the coordinators
// hear it privately and set it, since they may want a word first; the
// volunteer hears that their hours and points stay. Tasks they still hold
// are named, to hand back or finish.

// quitIntent is a volunteer wanting to stop.
func quitIntent() intent.Decl {
	return intent.Decl{Name: "volunteer_quit", Label: "退出志愿者", Shape: intent.Free, Asks: true,
		Cues: []string{`(志愿者|志愿服务|志愿队)[^ ]{0,10}(退出|不干了|干不了了|做不了了|不当了|不做了|不想当了|不想干了|退了)`, `(怎么|咋|如何|想|要)退出([^来]|$)`, `退出志愿(者|队|服务)`, `(不想|不能|没法)(再)?(当|做)志愿者`, `^(我)?不当志愿者了`},
		Not:  []string{`(他|她|老\p{Han}|小\p{Han}|\p{Han}师傅)(要|想|说)?(退出|不干了|不当了)`, `群`, `合伙|本钱|入股|股份|店`}}
}

// quit tells the coordinators a volunteer wants to stop, and the volunteer
// what happens now.
func (w *Workflow) quit(ctx context.Context, t *bot.Turn) error {
	comm := t.Community()
	v, err := w.d.Store.Volunteer(ctx, comm, t.Member.ID)
	if errors.Is(err, bot.ErrNotFound) {
		t.Reply("您现在不是志愿者，不用退出。")
		return nil
	}
	if err != nil {
		return wrap("volunteer", err)
	}
	held, err := w.tasksWhere(ctx, t, func(task Task) bool {
		return task.State == Assigned && task.VolunteerID == t.Member.ID
	})
	if err != nil {
		return err
	}
	coords, err := w.d.Members.Coordinators(ctx, comm)
	if err != nil {
		return wrap("coordinators", err)
	}
	for _, c := range coords {
		t.Send(bot.MemberAddress(c), fmt.Sprintf("志愿者%s说想退出：%s\n同意的话发「暂停志愿者 %s」，以后不再给%s派单。", v.Name, clip(t.Msg.Text, 80), v.Name, v.Name))
	}
	reply := "好的，已经转告社区工作人员，由他们来办；办好以后就不再给您派单了。您已经记下的志愿时长和积分都保留，以后想回来，跟社区说一声就行。谢谢您这段时间的帮忙！"
	if len(held) > 0 {
		reply += "\n您手上还有任务：" + refs(held) + "\n做不了的请发「退单 #" + fmt.Sprint(held[0].ID) + " 原因」，好让别人接上。"
	}
	t.Reply(reply)
	return nil
}
