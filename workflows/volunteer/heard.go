package volunteer

import (
	"context"
	"fmt"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
)

// A volunteer's word that they will go (「收到 明天上午九点左右过去 何大爷
// 我认识」) is acknowledged with how to report the task done; the one they
// go to has already been told who is coming.

// willGo is a volunteer saying they have it and will go.
var willGo = gatedre.MustCompile(`^(收到|好的|好嘞|好|行|没问题|明白|知道了|ok|OK|可以)[，,。！! ]*.{0,20}(过去|去一趟|到|上门|去)`)

// asksWhere is a question beside the word: 「收到 周建华家是几单元几楼」.
var asksWhere = gatedre.MustCompile(`几|哪|什么|啥|多少|怎么|咋`)

// goingTold acknowledges a volunteer's word that they will go.
func (w *Workflow) goingTold(ctx context.Context, t *bot.Turn) error {
	if t.InGroup() || t.Msg.Kind != bot.Text || !willGo.MatchString(bot.StripLeadingMentions(t.Msg.Text)) || needsHelp.MatchString(t.Msg.Text) || asksWhere.MatchString(t.Msg.Text) {
		return bot.ErrPass
	}
	mine, err := w.held(ctx, t)
	if err != nil || len(mine) != 1 {
		return bot.OrPass(err)
	}
	t.Reply(fmt.Sprintf("好的，辛苦了！做完后回复：完成 #%d 用时1小时（按实际时长写）。", mine[0].ID))
	return nil
}

// A coordinator telling the bot the community has a legal volunteer now
// (「我们社区请了林律师做法律志愿者 每周三下午…你就记下来转给她」) is
// told how residents' legal questions reach her; it is no request for a
// lawyer.

// legalVolunteerToldIntent reads a coordinator telling of a legal
// volunteer.
func legalVolunteerToldIntent() intent.Decl {
	return intent.Decl{Name: "legal_volunteer_told", Label: "法律志愿者", Shape: intent.Free, Asks: true, Role: int(bot.Coordinator),
		Score: intent.ScoreIf(legalVolunteerTold.MatchString, clearOfCue)}
}

// legalVolunteerTold is the news of a legal volunteer.
var legalVolunteerTold = gatedre.MustCompile(`(请了|请来|来了|有了|找了)(个|一个|一位|位)?\p{Han}{1,5}(律师|法官|法律工作者)(来)?(做|当|给咱们当|给我们当)?(法律)?志愿者`)

// legalVolunteerNoted answers the news of a legal volunteer.
var legalVolunteerNoted = bot.Answer("好的，知道了。居民问的法律问题我没把握时，会请他们发「转志愿者 问题」，我私信转给社区工作人员，由你们转给律师。想让大家知道值班时间，可以让我在群里发个通知，比如：提醒 @群名 明天9:00 每周三下午2点到5点，社区一楼调解室有律师免费咨询。")
