package points

import (
	"context"
	"fmt"
	"strings"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
)

// A coordinator telling where and when residents collect what they
// exchanged (「换东西的话让大家拿着码到居委会一楼服务台领，工作日上午9点
// 到11点半…」) is told honestly that the bot does not keep it, and offered
// the notice that tells everyone, in their own words, to confirm or copy.

// pickupTold is where the exchanged things are collected, told.
var pickupTold = gatedre.MustCompile(`(拿着|凭|带着|拿)(兑换)?码.{0,8}(到|去)\p{Han}{2,16}?(领|拿|取)`)

// pickupLead are the words before the place that ask rather than tell.
var pickupLead = gatedre.MustCompile(`^(换东西的话|兑换的话|领东西的话)?[，, ]*(让|叫)?(大家|居民)?`)

func pickupToldIntent() intent.Decl {
	return intent.Decl{Name: "pickup_told", Label: "领取地点", Shape: intent.Free, Role: int(bot.Coordinator),
		Score: intent.ScoreIf(pickupTold.MatchString, intent.ByCue)}
}

// pickupNoted answers it with the notice to send.
func pickupNoted(ctx context.Context, t *bot.Turn) error {
	words := strings.Trim(pickupLead.ReplaceAllString(strings.TrimSpace(bot.StripLeadingMentions(t.Msg.Text)), ""), "，,。 ")
	t.Reply(fmt.Sprintf("好的。兑换成功时，我会请居民凭兑换码找社区工作人员领；领的地点和时间我不会自己记。想让大家都知道，可以照着改好了发给我：\n提醒 @全部 明天9:00 兑换的礼品请%s", words))
	return nil
}
