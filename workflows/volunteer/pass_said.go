package volunteer

import (
	"context"
	"fmt"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
)

// A volunteer who cannot go says so in words, often without the task's
// number (「这单我干不了了 腰闪了 退回去」), or names a neighbour to take it
// instead (「12号那个单子交给老赵吧 他住得近」「9号单我转给小王了」). Passing a
// task on is giving it back with the neighbour named: the coordinators
// hear whom the volunteer would give it to, and the one named can take it
// with 接单 like anyone else. Nobody is handed a resident's address on
// another's word.

// passedOn is a task held passed to a named other, by its number, as
// 「这单」 or by what it is (「买菜那个活我交给老王了」): the number, if any,
// is the first group, the name the second.
var passedOn = gatedre.MustCompile(`^(?:我?接的|我?领的)?(?:#?(\d+)号?(?:那个)?(?:单子|单|任务)?|这单|这个单子?|这个任务|这活儿?|[^ 0-9]{1,12}(?:那个|那单|那活儿?|的活儿?))[^0-9?？吗]{0,12}?(?:转给|交给|让给|转交给|换给)((?:老|小|阿)\p{Han}|[^他她你我别大\P{Han}]\p{Han}{1,2}?)(?:去|来)?(?:做|去|弄|接|干|跑)?(?:吧|了|哇|嘛|啊)?(?: |$)`)

// givenBack is a task held given back without its number: 「这单我干不了了
// 退回去」「那个修水管的我搞不定 还回去嘛」.
var givenBack = gatedre.MustCompile(`(这单|这个单|这个任务|这活|那单|那个[^ ]{1,8}的)[^?？吗]{0,24}(退回|还回|退掉)(去|来|给你|给社区)?( |$)`)

func passOnIntent() intent.Decl {
	// 「太极课那个名额我不要了 让给别人」 gives up a place at an event.
	// A coordinator's 「修水龙头那个单子交给老马」 assigns it (assignSaid).
	return intent.Decl{Name: "handover", Label: "转给别的志愿者", Shape: intent.Free, Cues: []string{passedOn.String()}, Below: int(bot.Coordinator),
		Not: []string{`给(别人|大家|其他人|人家|社区)|名额|报名|活动|讲座|课`}}
}

func giveBackIntent() intent.Decl {
	return intent.Decl{Name: "handback", Label: "退单", Shape: intent.Free, Cues: []string{givenBack.String()}}
}

// heldPointedAt is the one task the speaker holds that the words point
// at. With none held, or several and no way to tell, it answers the
// speaker itself and reports false.
func (w *Workflow) heldPointedAt(ctx context.Context, t *bot.Turn) (Task, bool, error) {
	mine, err := w.held(ctx, t)
	if err != nil {
		return Task{}, false, err
	}
	if len(mine) == 0 {
		t.Reply("您手上没有接着的任务。要取消自己发的求助，请说「不用了」或发「取消 #任务号」。")
		return Task{}, false, nil
	}
	task, ok := whichHeld(t, mine, "退单 #%d 临时有事")
	return task, ok, nil
}

// giveBackByWords gives back the task the volunteer holds.
func (w *Workflow) giveBackByWords(ctx context.Context, t *bot.Turn) error {
	task, ok, err := w.heldPointedAt(ctx, t)
	if err != nil || !ok {
		return err
	}
	t.Args = fmt.Sprintf("#%d %s", task.ID, bot.StripLeadingMentions(t.Msg.Text))
	return w.handBack(ctx, t)
}

// passOnByWords gives a task held back with the neighbour the volunteer
// names to take it.
func (w *Workflow) passOnByWords(ctx context.Context, t *bot.Turn) error {
	m := passedOn.FindStringSubmatch(intent.Fold(bot.StripLeadingMentions(t.Msg.Text)))
	if m == nil {
		return bot.ErrPass
	}
	name := m[2]
	var task Task
	if m[1] == "" {
		held, ok, err := w.heldPointedAt(ctx, t)
		if err != nil || !ok {
			return err
		}
		task = held
	} else {
		id, _, err := taskRef("#"+m[1], "退单 #12 原因")
		if err != nil {
			return err
		}
		if task, err = w.loadTask(ctx, t, id); err != nil {
			return err
		}
	}
	if task.State != Assigned || task.VolunteerID != t.Member.ID {
		return bot.Userf("任务 #%d 不是您接的，换人要由社区协调员来安排。", task.ID)
	}
	t.Args = fmt.Sprintf("#%d 想交给%s", task.ID, name)
	if err := w.handBack(ctx, t); err != nil {
		return err
	}
	t.Reply(fmt.Sprintf("协调员会看到您想交给%s。%s是志愿者的话，也可以自己发「接单 #%d」接下。", name, name, task.ID))
	return nil
}
