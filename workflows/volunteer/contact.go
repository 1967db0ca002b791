package volunteer

import (
	"context"
	"fmt"
	"unicode/utf8"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
)

// A volunteer who holds a task may know where and how to reach the one who
// asked: that is what taking it is for. 「何大妈家是几单元几楼 我开车去楼下接
// 他们」 from the volunteer of 何大妈's task gets that task's place and phone,
// privately; anyone else asking is refused by the router as ever.

// asksWhereToReach asks where someone lives or how to reach them.
var asksWhereToReach = gatedre.MustCompile(`几单元|几楼|几号楼|几栋|几室|门牌|住(在)?(哪|哪里|哪儿)|地址(是)?(哪|多少|在哪)|(电话|手机)(号|号码)?(是)?(多少|给我|发我)|(怎么|咋)联系|联系方式`)

// theRequester points at the one who asked without a name: 「她家」「求助
// 的人」.
var theRequester = gatedre.MustCompile(`(她|他|老人|求助的人|求助人)(家)?`)

// reachRequester answers the volunteer of a task asking where its
// requester is, with the task's details as the volunteer sees them. It
// passes on everything else.
func (w *Workflow) reachRequester(ctx context.Context, t *bot.Turn) error {
	text := intent.Fold(t.Args)
	if t.Msg.Kind != bot.Text || utf8.RuneCountInString(text) > 40 || !asksWhereToReach.MatchString(text) {
		return bot.ErrPass
	}
	held, err := w.tasksWhere(ctx, t, func(task Task) bool {
		return task.State == Assigned && task.VolunteerID == t.Member.ID
	})
	if err != nil || len(held) == 0 {
		return bot.OrPass(err)
	}
	var named []Task
	for _, task := range held {
		if mentions(text, task.Requester) {
			named = append(named, task)
		}
	}
	if len(named) == 0 && len(held) == 1 && theRequester.MatchString(text) {
		named = held
	}
	if len(named) != 1 {
		return bot.ErrPass
	}
	task := named[0]
	reply := fmt.Sprintf("任务 #%d 的情况（只给接单的您看）：\n%s", task.ID, details(task, t.Now.In(t.Loc), true))
	if task.Place.IsZero() && task.Phone == "" {
		reply += "\n求助人没有留地址和电话，请找社区工作人员帮您联系。"
	}
	t.ReplyPrivately(reply)
	return nil
}
