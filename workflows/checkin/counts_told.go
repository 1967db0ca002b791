package checkin

import (
	"context"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
)

// Somebody asks for the figures to be put right by hand because of
// repeats they heard of (「我听说南苑有个王大爷一天打两次卡，你把他分扣掉一
// 点」「他们群里有人帮邻居代打卡，你把北苑的总数减掉几个」): the figures are
// counted one check-in a person a day, so repeats never counted, and
// nobody's figures, another community's least, are changed by hand.

var (
	// countsCut asks for points or totals taken off.
	countsCut = gatedre.MustCompile(`(扣掉|减掉|扣|减|去掉|扣除)(他|她|他们|她们)?(的)?(分|积分)?(一点|点|几个|些|几分|一些|掉)?`)
	// repeatsHeard are the repeats the ask is about.
	repeatsHeard = gatedre.MustCompile(`(一天|每天)?打(了)?(两|2|好几|几|三)次卡|重复打卡|代(别人|邻居|人)?打(卡)?|帮(邻居|别人|人家|全家)?打卡|总数|人数`)
)

// countsFixScore is how sure such an ask is: above a cue, since 「扣」 and
// 「打卡」 read as a check-in or a make-up otherwise.
const countsFixScore = 0.95

// countsFixIntent is the ask to put the figures right by hand.
func countsFixIntent() intent.Decl {
	return intent.Decl{Name: "counts_fix", Label: "改打卡数", Shape: intent.Free, Asks: true,
		Score: intent.ScoreIf(func(folded string) bool { return countsCut.MatchString(folded) && repeatsHeard.MatchString(folded) }, countsFixScore)}
}

// countsNotChanged answers it.
func countsNotChanged(ctx context.Context, t *bot.Turn) error {
	msg := "打卡是按人、按天记的：同一个人一天打几次都只算一次，不会多给分；替别人打的卡也算不到别人头上。各社区的数都是这样算出来的，我不能手动加减，别的社区的更不行。"
	if t.IsCoordinator() {
		msg += "本社区真有记错的积分，可以发「扣积分 名字 分数 原因」。"
	}
	t.Reply(msg)
	return nil
}
