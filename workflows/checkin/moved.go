package checkin

import (
	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
)

// A resident who moved between communities (「吴阿姨从北苑搬到我们南苑来了，
// 她之前在北苑打的卡能不能算到我们南苑」) keeps the check-ins where they were
// made: they belong to the group's challenge, and from the day she checks
// in in her new group they count there. Nothing is moved by hand, so no
// day counts twice.

// movedAsked asks for check-ins made before a move to count after it.
var movedAsked = gatedre.MustCompile(`(搬到|搬来|搬去|搬过来|搬回|换到|转到).{0,24}(打的卡|打卡|积分|记录|天数).{0,10}(算到|转到|挪到|迁到|带过来|带过去|算(我们|咱)|能不能算|能算|可以算)`)

// movedIntent reads it.
func movedIntent() intent.Decl {
	return intent.Decl{Name: "checkins_moved", Label: "搬家后的打卡", Shape: intent.Free, Asks: true,
		Score: intent.ScoreIf(movedAsked.MatchString, countsFixScore)}
}

// checkinsStay answers it.
var checkinsStay = bot.Answer("打卡记在哪个群的活动里就算哪里的：搬家前在原来群里打的卡，还算原来的社区，不能挪过来，这样一天不会算两次。她进了新群以后在新群里打卡，从那天起就算新社区的。")
