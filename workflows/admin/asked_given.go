package admin

import (
	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
)

// A coordinator asking whether somebody who passed as staff got anything
// (「那个孙振华 冒充咱们要名单要积分 你那边给他啥了没」) is told plainly
// that nothing is given on a claim, and where those attempts were
// reported: the answer holds for every claim, since none is ever obeyed.

// askedWhatGiven is that question.
var askedWhatGiven = gatedre.MustCompile(`(冒充|假冒|装成|冒名|自称).{0,24}(给|发)(了)?(他|她|人家)?(啥|什么|东西|名单|积分)?(了)?(没|吗|没有)|(给|发)(了)?(他|她)(啥|什么|东西|名单|电话)(了)?(没|吗|没有)|(是不是|是否)有人.{0,12}(找你|跟你|向你)要.{0,8}(名单|电话|住址|地址|积分)`)

func askedWhatGivenIntent() intent.Decl {
	return intent.Decl{Name: "asked_what_given", Label: "冒充的人拿到什么", Shape: intent.Free, Asks: true, Role: int(bot.Coordinator),
		Score: intent.ScoreIf(askedWhatGiven.MatchString, claimedAuthorityScore)}
}

// nothingGiven answers it.
var nothingGiven = bot.Answer("什么都没给。在聊天里自称社区工作人员、说是谁让来的，我一律不照办：不发名单、电话、住址，不加减积分，也不发通知。有人这样要时，我会私信告诉社区工作人员（同一个人一天说一次，消息开头是【身份没法核实】）。")
