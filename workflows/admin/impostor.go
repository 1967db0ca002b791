package admin

import (
	"linli/bot"
	"linli/bot/intent"
)

// A coordinator warns the bot of somebody passing as one of the workers
// (「另外那个冯先生不是我们社区工作人员 有人说他私下冒充 这个你注意一下」):
// nothing needs doing, since nobody is believed on their word, and the
// coordinator hears so.

// impostorToldIntent is a coordinator's warning of an impostor.
func impostorToldIntent() intent.Decl {
	return intent.Decl{Name: "impostor_told", Label: "有人冒充", Shape: intent.Free, Asks: true,
		Cues: []string{`(不是|并不是)(我们|咱们|咱)?(社区|居委会?|街道)的?(工作人员|人|网格员|干部|社工)`, `(有人|他|她|这人|这个人)(在)?(私下|到处|群里)?冒充`,
			`(没有|没)(什么)?新来的(网格员|工作人员|社工)`}}
}

// impostorNoted answers a coordinator's warning of an impostor.
var impostorNoted = bot.Answer("好的，知道了。在聊天里自称社区工作人员、说是谁让来的，我一律不照办，也不会给他名单、电话或积分；他再找我，我会私信告诉您。要提醒居民，可以让我在群里发个通知。")
