package admin

import (
	"context"
	"fmt"
	"strings"
	"time"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
	"linli/internal/recent"
)

// A link posted in a group that asks for an ID, a bank card, a code or
// money (「社区发放冬季取暖补贴…点链接填写身份证和银行卡领取 http://…」),
// or a code to scan for something free in a hurry with no address in the
// text (「扫这个码领免费大米 社区发的 名额有限」), is a scam: the group is
// warned once, and the coordinators hear of it privately. A neighbour who
// says they already filled it in (「真的假的 我刚点进去填了一半」) is told
// what to do now. An advert (「…99元3小时 加V:
// afang9988」) is passed to the coordinators quietly; the group hears
// nothing. A coordinator's own posts are theirs.

var (
	// postedLink is a web address.
	postedLink = gatedre.MustCompile(`(?i)https?://|www\.|[a-z0-9-]+\.(cn|com|net|top|xyz|cc|vip|icu|shop)(/|\b)`)
	// scamBait is what a scam asks for or promises.
	scamBait = gatedre.MustCompile(`补贴|补助|领取|领钱|身份证|银行卡|卡号|验证码|中奖|退款|退税|医保|社保|养老金|红包|扫码|免费领|转账|冻结|解冻|实名|认证|账户异常|清零|兑换现金|返现|高息|保本`)
	// advert is a trade touted: a price, a service, a way to reach the seller.
	advert = gatedre.MustCompile(`(?i)加\s*(v|vx|微|微信|wx)|微信号|[0-9]+元|打[0-9一二三四五六七八九]折|[八九七]折|优惠|特价|上门服务|保洁|开荒|代办|贷款|理财|招聘|兼职`)
	// codeCall asks the group to scan a code or open "this link" posted as
	// a picture or a forwarded card, where no web address is in the text;
	// hurried is the rush such a post puts on: 「扫这个码领免费大米 社区发的
	// 名额有限」「点这个链接登记就送十斤花生油 先到先得」.
	codeCall = gatedre.MustCompile(`扫(这个|这|下面的?|图上的?|图里的?|一下)?(码|二维码)|扫码|点(这个|下面的?|击|开)?链接|点进去`)
	hurried  = gatedre.MustCompile(`名额有限|先到先得|速转|速领|速度|过期作废|快转发|大家快转|转发[0-9一二三四五几]+个群|仅限今天|(今天|明天|今晚)截止|限量|手慢无`)
	freebie  = gatedre.MustCompile(`免费|福利|送[0-9一二三四五六七八九十几两]*(斤|桶|袋|盒|箱|个)|领取|补贴|补助|奖励金|红包`)
	// filledIn says one already opened or filled in what was posted.
	filledIn = gatedre.MustCompile(`(点|填|输|扫)(进去|开|了|过)[^ ]{0,6}(一半|了|完)|已经(填|输|扫|点)|填了(身份证|银行卡|卡号|验证码|名字)|(身份证|银行卡|卡号|验证码)[^ ]{0,4}(填|输|发)(了|过)`)
)

// scamWindow is how long after a warning a neighbour's "I filled it in"
// is read as about it.
const scamWindow = 6 * time.Hour

// reportEvery is how often the same sender's advert or claim is reported.
const reportEvery = 24 * time.Hour

// scamWarning is the group's warning, once per post.
const scamWarning = "⚠️ 提醒大家：上面这条让大家点链接或扫码的消息不是社区发的通知。请不要点链接，不要填身份证、银行卡和验证码，也不要转账。拿不准的，先问社区工作人员。"

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
	case link && scamBait.MatchString(text), codeCall.MatchString(text) && hurried.MatchString(text) && freebie.MatchString(text):
		w.warnings.groups.Mark(group, t.Now, scamWindow)
		t.Reply(scamWarning)
		return w.tellCoordinators(ctx, t, fmt.Sprintf("【群里有可疑链接】%s 在「%s」发了让大家点链接或扫码的消息，已在群里提醒大家别点", t.Member.Name, group))
	case advert.MatchString(text) && (link || contactLike.MatchString(text)):
		if !w.warnings.reported.First(fmt.Sprintf("advert/%d", t.Member.ID), t.Now, reportEvery) {
			return nil
		}
		return w.tellCoordinators(ctx, t, fmt.Sprintf("【群里有广告】%s 在「%s」发了广告，我没有在群里回应，请您看看要不要处理", t.Member.Name, group))
	case asksForIDs.MatchString(text):
		// 「请把本人身份证号码和手机号发群里或者私信我」 from a member,
		// whoever they say they are.
		if !w.warnings.reported.First(fmt.Sprintf("ids/%d", t.Member.ID), t.Now, reportEvery) {
			return nil
		}
		w.warnings.groups.Mark(group, t.Now, scamWindow)
		t.Reply(idWarning)
		return w.tellCoordinators(ctx, t, fmt.Sprintf("【有人在群里要身份证号】%s 在「%s」让大家发身份证号或银行卡，已在群里提醒大家别发", t.Member.Name, group))
	case w.warnings.groups.Within(group, t.Now, scamWindow) && idGiven.MatchString(text):
		// 「我刚把身份证号私发给他了 咋整啊」
		t.Reply(idAdvice)
		return w.tellCoordinators(ctx, t, fmt.Sprintf("【有人可能被骗】%s 在「%s」说已经把身份证号或银行卡发给了别人，请尽快联系本人", t.Member.Name, group))
	case w.warnings.groups.Within(group, t.Now, scamWindow) && filledIn.MatchString(intent.Fold(text)):
		t.Reply(scamAdvice)
		return w.tellCoordinators(ctx, t, fmt.Sprintf("【有人可能被骗】%s 在「%s」说已经点开或填了那条可疑链接，请尽快联系本人", t.Member.Name, group))
	}
	return bot.ErrPass
}

// asksForIDs asks the group to send their ID or bank card numbers, codes
// or passwords.
var asksForIDs = gatedre.MustCompile(`(请|麻烦|大家|各位|都)(把|将)?[^ ]{0,8}(身份证|银行卡|卡号|验证码|密码)[^ ]{0,10}(发|私信|私发|报|给我|提供|发送)|(发|私信|私发|报|提供|发送)(给)?我[^ ]{0,6}(身份证|银行卡|卡号|验证码|密码)`)

// idGiven says one already sent an ID or card number to somebody.
var idGiven = gatedre.MustCompile(`(身份证|银行卡|卡号|验证码|密码)(号|号码)?[^ ]{0,4}(发|给|告诉|私发|报)(给)?(他|她|对方|人家|了)`)

// idAdvice is for a neighbour who already sent their ID number.
const idAdvice = "别再发别的了，银行卡号、验证码、密码一个都不要给。身份证号已经发出去的，留意陌生电话和短信，说要交钱、转账的一律先挂掉，问问社区；觉得不对就拨打110或96110。社区工作人员也已经知道了。"

// idWarning is the group's warning when somebody asks for ID numbers.
const idWarning = "⚠️ 提醒大家：社区不会在群里让大家发身份证号、银行卡号和验证码。请不要发给任何人，也不要私信发；真要核对信息，社区工作人员会当面或打电话说明。拿不准的，先问社区工作人员。"

// groupsWarning is the warning a coordinator asks to go to the groups
// after a scam.
const groupsWarning = "⚠️ 提醒大家：最近有人冒充社区发福利链接，要身份证、银行卡的都是骗子。社区不会让大家点链接、填身份证和银行卡。已经填了的，马上打银行客服电话冻结卡，再拨打96110。拿不准的，先问社区工作人员。"

var (
	// warnAsked is a coordinator asking for the groups to be warned:
	// 「你现在给两个群都提个醒 别让老人再点了」.
	warnAsked = gatedre.MustCompile(`提个醒|提醒(一下|大家|下)|说一声|说一下|打个招呼|警告(一下)?|通知(一下)?大家`)
	// scamTalk is what the warning is about.
	scamTalk = gatedre.MustCompile(`链接|骗|假的|别(让|叫)?(老人|大家|大伙|人)?(再)?(点|填|上当)`)
)

// warnScore is how sure a coordinator's ask to warn the groups of a
// scam is: above a notice's draft, which would post their words.
const warnScore = 0.95

// warnGroupsIntent is a coordinator asking for the groups to be warned of
// a scam.
func warnGroupsIntent() intent.Decl {
	return intent.Decl{Name: "warn_groups", Label: "防诈骗提醒", Shape: intent.Free, Asks: true, Role: int(bot.Coordinator),
		Score: intent.ScoreIf(func(folded string) bool { return warnAsked.MatchString(folded) && scamTalk.MatchString(folded) }, warnScore)}
}

// warnGroups posts the scam warning to the groups the coordinator names,
// or to all the community's, after a scam was warned of or named.
func (w *Workflow) warnGroups(ctx context.Context, t *bot.Turn) error {
	if t.InGroup() {
		return bot.ErrPass
	}
	all := w.d.Directory.Groups(t.Community())
	recently := false
	for _, g := range all {
		recently = recently || w.warnings.groups.Within(g, t.Now, reportEvery)
	}
	if !recently && !postedLink.MatchString(t.Msg.Text) && !strings.Contains(t.Msg.Text, "链接") && !strings.Contains(t.Msg.Text, "骗") {
		return bot.ErrPass
	}
	groups := w.d.Directory.GroupsNamed(t.Community(), t.Msg.Text)
	if len(groups) == 0 {
		groups = all
	}
	if len(groups) == 0 {
		return bot.Userf("您的社区还没有群，提醒发不出去。")
	}
	for _, g := range groups {
		w.warnings.groups.Mark(g, t.Now, scamWindow)
		t.Send(bot.GroupAddress(g), groupsWarning)
	}
	t.Reply(fmt.Sprintf("好的，已在%s发了提醒：\n%s", strings.Join(groups, "、"), groupsWarning))
	return nil
}

// contactLike is a way to reach a seller: an account name or a long number.
var contactLike = gatedre.MustCompile(`[A-Za-z][A-Za-z0-9_-]{4,}[0-9]|[0-9]{7,}`)
