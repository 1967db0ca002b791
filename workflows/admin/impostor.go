package admin

import (
	"context"

	"linli/bot"
	"linli/bot/intent"
)

// A coordinator warns the bot of somebody passing as one of the workers
// (「另外那个冯先生不是我们社区工作人员 有人说他私下冒充 这个你注意一下」):
// nothing needs doing, since nobody is believed on their word, and the
// coordinator hears so.

// impostorToldIntent is a warning of an impostor, or a resident
// wondering whether somebody is one.
func impostorToldIntent() intent.Decl {
	return intent.Decl{Name: "impostor_told", Label: "有人冒充", Shape: intent.Free, Asks: true,
		Cues: []string{`(不是|并不是)(我们|咱们)(社区|居委会?|街道)的?(工作人员|人|网格员|干部|社工)`, `冒充.{0,12}(你|您)(要)?(注意|留意|当心|小心)(一下|着|点)?`,
			`(没有|没)(什么)?新来的(网格员|工作人员|社工)`}}
}

// impostorNoted answers a warning of an impostor: a coordinator hears
// that nobody is believed on their word; a resident wondering about
// somebody, that a name in a chat proves nothing.
func impostorNoted(_ context.Context, t *bot.Turn) error {
	if t.IsCoordinator() {
		t.Reply("好的，知道了。在聊天里自称社区工作人员、说是谁让来的，我一律不照办，也不会给他名单、电话或积分；他再找我，我会私信告诉您。要提醒居民，可以让我在群里发个通知。")
		return nil
	}
	t.Reply("群里的名字谁都能改，我没法从名字判断一个人是谁。不是社区工作人员当面或社区公告说的，别给他身份证号、电话和验证码；拿不准就直接问社区工作人员。")
	return nil
}
