package admin

import (
	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
)

// A resident who takes the bot for the property company (「地库的灯坏了一
// 大半…物业电话一直占线 你们是物业吗」) is told plainly that it is not, where
// a repair of the shared parts is asked for, and how the community can
// press for it.

// askedIfProperty is asking whether the bot is the property company.
var askedIfProperty = gatedre.MustCompile(`(你们|你|这里|这边)是(不是)?物业(吗|么|的|公司|不)?|是物业(的)?(吗|么)`)

// propertyIntent reads it.
func propertyIntent() intent.Decl {
	return intent.Decl{Name: "not_property", Label: "不是物业", Shape: intent.Free, Asks: true,
		Score: intent.ScoreIf(askedIfProperty.MatchString, heatedScore)}
}

// notProperty answers it.
var notProperty = bot.Answer("我是社区小助手，不是物业。楼道、地库、电梯这些公共地方坏了，要找物业报修：打物业电话或到物业前台当面说；一直没人管，可以打12345反映。想让社区工作人员帮您催一催，发「转告社区 要说的事」，我私下转给他们。")
