package checkin

import (
	"context"
	"fmt"
	"strings"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
)

// 打卡情况: how the check-ins are going. A coordinator gets, privately, each
// of the community's groups with a challenge running today: how many of
// those seen there checked in, who has not yet (by the names they go by in
// the group), and the last seven days' counts, to chase up in person. A
// resident gets their group's count and never a name: a list of who has
// not checked in is not for the group.

// overviewDays is how many days back the overview counts.
const overviewDays = 7

// overviewNames is how many names of members not checked in one group's
// overview lists before it says how many more.
const overviewNames = 40

// overviewIntent asks how the check-ins are going, or who has not checked
// in (「今天谁还没打卡」「这周打卡情况怎么样」「没打卡的名单发我」).
func overviewIntent() intent.Decl {
	return intent.Decl{Name: "checkin_overview", Label: "打卡情况", Shape: intent.NoArgs, Asks: true,
		Cues: []string{`(谁|哪些人|哪几个|哪个|哪位|有谁)(还)?(没|没有)(打卡|签到|打|签)`, `(没|没有|未)(打卡|签到)的(人|名单|都有谁|有哪些|有谁|是谁|都是谁)`,
			`(打卡|签到)(的)?(情况|进度|人数|统计|数据)`, `(打卡|签到)(了)?(多少|几)(个)?人`, `(打卡|签到)的(人)?(有)?(多少|几)(个)?人`, `(多少|几)(个)?人(打卡|签到)`, `(打卡|签到)(率|参与率)(怎么样|多少|如何)`,
			`\p{Han}群(比|和|跟)\p{Han}{0,3}群.{0,6}(打卡|签到)`, `群(的)?(打卡|签到)(的)?(比|和|跟)\p{Han}{0,3}群`, `(这一?周|本周|这个星期|这礼拜)(的)?(情况|工作)(总结|汇总|小结)`,
			`(打卡率|参与率).{0,6}(对比|比较|比一比|排)|哪个群.{0,6}(打卡|签到).{0,4}(最差|最少|最好|最多)`, `(打卡|签到)的人(多不多|多吗|多少|有多少|多么)`,
			// 「打卡今天第十天了，大家参加得怎么样」「这礼拜打卡啥情况」
			`(大家|居民)(参加|参与)得(怎么样|咋样|如何|好不好)`,
			// 「周姐让我统计一下打卡情况，现在一共多少人参加了」
			`(一共|总共|现在|目前)(有)?(多少|几)(个)?人(参加|参与)(了)?`, `(两个|几个|各个|哪个)群.{0,4}谁?(打卡|签到)(的)?(多|少|积极)`, `(号楼|栋|群).{0,6}(和|跟|比).{0,8}(哪个|哪栋|谁).{0,4}(打卡|签到)?.{0,2}(好|多|积极|强)`, `哪个(楼|群|号楼).{0,6}(打卡|签到).{0,4}(好|多|积极)`, `(打卡|签到)(什么|啥)情况`, `(打卡|签到)(搞|弄|进行)得(怎么样|咋样|如何)`,
			// 「想先看看今天都有谁打了卡 在哪看啊」「打卡现在几个人在坚持」
			`(谁|有谁|哪些人)(都)?(打了卡|打卡了|打过卡|签了到|签到了)`, `(打卡|签到)(的)?(名单|记录)(在哪|怎么看|哪看|哪里看)`, `(几|多少)(个)?人(还)?(在)?(坚持|参加)`},
		Not: []string{`我(还)?没|我(的)?(打卡|签到)`}}
}

// asksNames is a question about who, not how many.
var asksNames = gatedre.MustCompile(`谁|名单|哪些人|哪几个|哪个|哪位|名字`)

// overview answers 打卡情况.
func (w *Workflow) overview(ctx context.Context, t *bot.Turn) error {
	if t.Member.Role < bot.Coordinator {
		return w.overviewCount(ctx, t)
	}
	var parts []string
	for _, g := range w.dir.Groups(t.Chat.Community) {
		part, err := w.groupOverview(ctx, g, t)
		if err != nil {
			return err
		}
		if part != "" {
			parts = append(parts, part)
		}
	}
	if len(parts) == 0 {
		return bot.Userf("「%s」的群现在都没有进行中的打卡活动。", t.Chat.Community)
	}
	t.Send(bot.MemberAddress(t.Member), strings.Join(parts, "\n\n"))
	if t.InGroup() {
		t.Reply("打卡情况已私信发给您。")
	}
	return nil
}

// groupOverview is one group's part of a coordinator's overview, "" when
// no challenge runs there today.
func (w *Workflow) groupOverview(ctx context.Context, group string, t *bot.Turn) (string, error) {
	open, err := w.store.OpenChallenges(ctx, group)
	if err != nil {
		return "", err
	}
	today := w.today(t.Chat.Community, t.Now)
	var ids []int64
	first := today
	for _, c := range open {
		if c.StartDay <= today && today <= c.EndDay() {
			ids = append(ids, c.ID)
			first = min(first, c.StartDay)
		}
	}
	if len(ids) == 0 {
		return "", nil
	}
	// The challenges already loaded count the day: participation would
	// load them again.
	checked, err := w.store.CheckedIn(ctx, ids, today, today)
	if err != nil {
		return "", err
	}
	seen, err := w.store.MembersSeen(ctx, group)
	if err != nil {
		return "", err
	}
	seen = max(seen, checked)
	missing, err := w.store.NotCheckedIn(ctx, group, ids, today)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "「%s」%s已打卡 %d/%d人", group, today, checked, seen)
	if len(missing) > 0 {
		names := make([]string, 0, min(len(missing), overviewNames))
		for _, m := range missing[:min(len(missing), overviewNames)] {
			names = append(names, m.Name)
		}
		fmt.Fprintf(&b, "\n还没打卡（%d人）：%s", len(missing), strings.Join(names, "、"))
		if len(missing) > overviewNames {
			b.WriteString(" 等")
		}
	} else {
		b.WriteString("\n今天大家都打卡了。")
	}
	from := max(first, today-overviewDays+1)
	if from < today {
		var counts []string
		for d := from; d <= today; d++ {
			n, err := w.store.CheckedIn(ctx, ids, d, d)
			if err != nil {
				return "", err
			}
			counts = append(counts, fmt.Sprintf("%s %d人", d, n))
		}
		fmt.Fprintf(&b, "\n每天打卡人数：%s", strings.Join(counts, "、"))
	}
	return b.String(), nil
}

// overviewCount is a resident's answer: their group's count today.
func (w *Workflow) overviewCount(ctx context.Context, t *bot.Turn) error {
	p, _, err := w.where(ctx, t, "")
	if err != nil {
		return err
	}
	checked, seen, err := w.participation(ctx, p.group, w.today(p.community, t.Now))
	if err != nil {
		return err
	}
	text := fmt.Sprintf("「%s」今天已打卡 %d/%d人。", p.group, checked, seen)
	if asksNames.MatchString(t.Msg.Text) {
		text += "谁没打卡不公开，社区工作人员会私下提醒。"
	}
	t.Reply(text)
	return nil
}
