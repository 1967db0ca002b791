package admin

import (
	"context"
	"fmt"
	"time"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
	"linli/internal/recent"
)

// A link posted in a group that asks for an ID, a bank card, a code or
// money (「社区发放冬季取暖补贴…点链接填写身份证和银行卡领取 http://…」) is
// a scam: the group is warned once, and the coordinators hear of it
// privately. A neighbour who says they already filled it in (「真的假的 我
// 刚点进去填了一半」) is told what to do now. An advert (「…99元3小时 加V:
// afang9988」) is passed to the coordinators quietly; the group hears
// nothing. A coordinator's own posts are theirs.

var (
	// postedLink is a web address.
	postedLink = gatedre.MustCompile(`(?i)https?://|www\.|[a-z0-9-]+\.(cn|com|net|top|xyz|cc|vip|icu|shop)(/|\b)`)
	// scamBait is what a scam asks for or promises.
	scamBait = gatedre.MustCompile(`补贴|补助|领取|领钱|身份证|银行卡|卡号|验证码|中奖|退款|退税|医保|社保|养老金|红包|扫码|免费领|转账|冻结|解冻|实名|认证|账户异常|清零|兑换现金|返现|高息|保本`)
	// advert is a trade touted: a price, a service, a way to reach the seller.
	advert = gatedre.MustCompile(`(?i)加\s*(v|vx|微|微信|wx)|微信号|[0-9]+元|打[0-9一二三四五六七八九]折|[八九七]折|优惠|特价|上门服务|保洁|开荒|代办|贷款|理财|招聘|兼职`)
	// filledIn says one already opened or filled in what was posted.
	filledIn = gatedre.MustCompile(`(点|填|输|扫)(进去|开|了|过)[^ ]{0,6}(一半|了|完)|已经(填|输|扫|点)|填了(身份证|银行卡|卡号|验证码|名字)|(身份证|银行卡|卡号|验证码)[^ ]{0,4}(填|输|发)(了|过)`)
)

// scamWindow is how long after a warning a neighbour's "I filled it in"
// is read as about it.
const scamWindow = 6 * time.Hour

// reportEvery is how often the same sender's advert or claim is reported.
const reportEvery = 24 * time.Hour

// scamWarning is the group's warning, once per post.
const scamWarning = "⚠️ 提醒大家：上面这条带链接的消息不是社区发的通知。请不要点链接，不要填身份证、银行卡和验证码，也不要转账。拿不准的，先问社区工作人员。"

// scamAdvice is for a neighbour who already filled it in.
const scamAdvice = "先别再填了，把那个页面关掉。要是已经填了银行卡或验证码，请马上打银行卡背面的客服电话冻结卡，再拨打110或96110反诈专线。社区工作人员也已经知道了。"

// warnings remembers, in this process, the groups recently warned, the
// senders already reported, and who said lately they did not want to
// live, so nobody is told twice.
type warnings struct {
	groups   recent.Moments[string]
	reported recent.Moments[string]
	despair  recent.Moments[int64]
}

// scamInGroup warns a group of a scam link, tells the coordinators of it
// or of an advert, and advises a neighbour who filled one in.
func (w *Workflow) scamInGroup(ctx context.Context, t *bot.Turn) error {
	if !t.InGroup() || t.Msg.Kind != bot.Text || t.Member.Role >= bot.Coordinator {
		return bot.ErrPass
	}
	text := bot.Normalize(t.Msg.Text)
	group := t.Chat.Name
	switch link := postedLink.MatchString(text); {
	case link && scamBait.MatchString(text):
		w.warnings.groups.Mark(group, t.Now, scamWindow)
		t.Reply(scamWarning)
		return w.tellCoordinators(ctx, t, fmt.Sprintf("【群里有可疑链接】%s 在「%s」发了带链接的消息，已在群里提醒大家别点", t.Member.Name, group))
	case advert.MatchString(text) && (link || contactLike.MatchString(text)):
		if !w.warnings.reported.First(fmt.Sprintf("advert/%d", t.Member.ID), t.Now, reportEvery) {
			return nil
		}
		return w.tellCoordinators(ctx, t, fmt.Sprintf("【群里有广告】%s 在「%s」发了广告，我没有在群里回应，请您看看要不要处理", t.Member.Name, group))
	case w.warnings.groups.Within(group, t.Now, scamWindow) && filledIn.MatchString(intent.Fold(text)):
		t.Reply(scamAdvice)
		return w.tellCoordinators(ctx, t, fmt.Sprintf("【有人可能被骗】%s 在「%s」说已经点开或填了那条可疑链接，请尽快联系本人", t.Member.Name, group))
	}
	return bot.ErrPass
}

// contactLike is a way to reach a seller: an account name or a long number.
var contactLike = gatedre.MustCompile(`[A-Za-z][A-Za-z0-9_-]{4,}[0-9]|[0-9]{7,}`)
