package volunteer

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
)

// relayAsk asks the bot to pass word to the other side of a task: a
// volunteer's 「晚半个钟头到 你跟老李说一声」, a requester's 「让周姐明早7点50到
// 我家楼下」 or 「告诉小刘 我在东门等」.
var relayAsk = gatedre.MustCompile(`(跟|和|给)(她|他|人家|\p{Han}{1,4})(说一声|说一下|讲一声|讲一下|带个话|带句话|捎个话)|告诉(她|他|\p{Han}{1,4})|转告(她|他|\p{Han}{1,4})?|^(让|叫)\p{Han}{1,4}(明天|明早|今天|后天|早上|上午|下午|晚上|[0-9一二三四五六七八九十两]+点)`)

// elderCalled is the other side called as neighbours call an old person:
// 「跟老太太说一声」.
var elderCalled = gatedre.MustCompile(`老太太|老爷子|老人家|老大爷|老奶奶|老先生|老阿姨|人家`)

// relayLen is the longest message relayed: a longer one is a story to
// read, not a word to pass on.
const relayLen = 60

// relay passes a message between a volunteer and the requester of the one
// task they share that is taken and not yet done, when it asks to and
// names the other side (or says 他/她). Only in private; nothing else is
// read into the words, and phone and ID numbers are masked as in a task.
func (w *Workflow) relay(ctx context.Context, t *bot.Turn) error {
	text := strings.TrimSpace(t.Msg.Text)
	if t.InGroup() || t.Msg.Kind != bot.Text || utf8.RuneCountInString(text) > relayLen {
		return bot.ErrPass
	}
	folded := intent.Fold(text)
	if !relayAsk.MatchString(folded) {
		return bot.ErrPass
	}
	shared, err := w.tasksWhere(ctx, t, func(task Task) bool {
		return task.State == Assigned && (task.VolunteerID == t.Member.ID || task.RequesterID == t.Member.ID)
	})
	if err != nil {
		return err
	}
	var to []Task
	for _, task := range shared {
		other := task.Requester
		if task.RequesterID == t.Member.ID {
			other = task.Volunteer
		}
		if mentions(folded, other) || len(shared) == 1 && (strings.ContainsAny(folded, "他她") || elderCalled.MatchString(folded)) {
			to = append(to, task)
		}
	}
	if len(to) != 1 {
		return bot.ErrPass
	}
	task := to[0]
	said := maskIDs(text)
	if task.VolunteerID == t.Member.ID {
		t.Send(bot.MemberAddress(bot.Member{ID: task.RequesterID, Name: task.Requester}),
			fmt.Sprintf("志愿者%s托我转告（任务 #%d）：%s", task.Volunteer, task.ID, said))
		t.Reply(fmt.Sprintf("好的，已转告%s。", task.Requester))
		return nil
	}
	t.Send(bot.MemberAddress(bot.Member{ID: task.VolunteerID, Name: task.Volunteer}),
		fmt.Sprintf("%s托我转告（任务 #%d）：%s", task.Requester, task.ID, said))
	t.Reply(fmt.Sprintf("好的，已转告志愿者%s。", task.Volunteer))
	return nil
}
