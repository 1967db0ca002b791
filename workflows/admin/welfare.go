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

// Somebody who cannot reach a relative or neighbour (「我爸住你们社区5号楼
// 从昨晚打他电话一直没人接 我在外地回不去」) fears for a life: the
// coordinators are told at once, privately, to go and look, and the asker
// is told so, with 110 and 120 for an emergency. A neighbour's phone is
// still not given. A coordinator's word back within a day (「郑大爷那边我
// 去看了 人没事 你跟他儿子说一声」) reaches the one who asked. Who asked is
// kept in this process only: after a restart the coordinators answer the
// asker themselves.

var (
	// unreachable is a person who does not answer: the phone unanswered,
	// nobody seen for days, no answer at the door.
	unreachable = gatedre.MustCompile(`(到现在|一直|一天|今天|一早上|一上午)[^ ]{0,6}(都|还)?没(有)?(见|看见|看到)(人|她|他|着)|敲不开|(喊|叫)(也|都)?(没|没有|不)(人)?(应|答应)|(两天|三天|几天|一天|好几天)[^ ]{0,4}没(有)?接(电话|视频)|(电话|手机|微信|视频)[^ ]{0,8}(没有人接|没人接|无人接|打不通|不接|关机|没接|没回|不回)|(一直|都|也)?(不接|没接|没人接|无人接|不回)(电话|手机|微信|视频)|(打|联系)[^ ]{0,4}(不上|不通)|找不到人|(好几天|两天|三天|一天|一整天|几天)[^ ]{0,6}没(见|看见|看到|出门|动静|人影|开门|下楼|露面)|(到现在|一直|一晚上|一夜|一整天|昨晚|昨天|早上|上午|下午)[^ ]{0,6}(还)?没(有)?回(来|家)|敲门[^ ]{0,4}(没(人)?(应|开)|不应|不开|没反应)|一直没(动静|人应)|` +
		// 「报纸都堆门口」「窗帘也不拉」「有没有人看到四栋的陈婆婆 她家里
		// 人找她找疯了」「走丢了」.
		`(报纸|牛奶|快递|外卖)[^ ]{0,4}(堆|没拿|没收|没人拿|在门口)|窗帘[^ ]{0,2}(不拉|没拉|没开|一直拉着)|(有没有人|有人|谁|哪个)(看到|看见|见到|见过)[^ ]{0,12}(婆|奶奶|爷爷|大爷|老人|老太|老头|妈|爸)|找(她|他)找(疯|急|遍)|到处(在)?找(她|他)|找不(到|着)(她|他)(人)?( |$)|(她|他|老人|奶奶|爷爷|妈|爸|婆|大爷)[^ ]{0,3}走(丢|失)`)
	// someoneDear is whom the asker fears for.
	someoneDear = gatedre.MustCompile(`爸|妈|父亲|母亲|爷爷|奶奶|姥姥|姥爷|外婆|外公|老人|老爷子|老太|老头|老伴|老倌|大爷|大妈|阿姨|叔|舅|姑|姨|婆|公公|阿公|阿嬷|阿母|伯|独居|邻居|老汉|娘|爹|婶|嬢|孃|额吉|老\p{Han}头`)
	// asksNumber asks for somebody's number.
	asksNumber = gatedre.MustCompile(`(电话|号码|手机|联系方式|微信|新号)[^ ]{0,6}(给我|发我|告诉我)|(给我|发我|告诉我)[^ ]{0,8}(电话|号码|手机|联系方式|微信)`)
	// answerForAsker is a coordinator asking the bot to tell the asker:
	// 「你跟他儿子说一声」「告诉她女儿」.
	answerForAsker = gatedre.MustCompile(`(跟|和|给|告诉|转告|回|通知)(一下)?(他|她|老人|郑\p{Han}{0,2}|\p{Han}{1,3})?(的|家)?(儿子|女儿|闺女|家里|家人|子女|孩子|亲属|亲戚)(人)?(说|讲|回|报)?(一声|一下|个信|个话)?`)
)

// welfareScore is above the refusal of a neighbour's phone number, which
// the same words often ask for.
const welfareScore = 0.99

// welfareWindow is how long a coordinator's word back reaches the asker.
const welfareWindow = 24 * time.Hour

func welfareIntent() intent.Decl {
	// Told among neighbours in a group, the worry still reaches the
	// coordinators; the answer goes to the teller privately.
	return intent.Decl{Name: "welfare", Label: "联系不上家人", Shape: intent.Free, Asks: true, Unprompted: true,
		Score: intent.ScoreIf(func(folded string) bool {
			return unreachable.MatchString(folded) && someoneDear.MatchString(folded)
		}, welfareScore),
		// 「他找你帮啥忙没」 asks after a neighbour's business instead.
		// 「王阿姨你电话是不是换了 我打不通」 speaks to her in the group.
		Not: []string{`找你|求助|帮(啥|什么)忙|你(的)?(电话|手机|号码|微信)(是不是)?(换|改|停)`,
			// An address asked for outright is refused whoever asks:
			// 「…你告诉我她家具体几单元几号」.
			`(告诉|发|给)(我)?(她|他|人家)?(家)?(的)?(具体)?(几单元|几号|几栋|几号楼|住址|地址|门牌|住哪)`,
			// A phone one cannot work asks for a hand: 「我爸老说视频打不通
			// 他不会用微信视频 能不能有人上门教教他」.
			`不会(用|弄|打|开)|教(教|一下|他|她|会)`,
			// A dispute with someone who will not answer is the law's:
			// 「离婚后她不让我见孩子 电话也不接」「租客欠房租 人也联系不上」.
			`离婚|孩子他|孩子她|抚养|探望|房租|租客|房东|欠|借|还钱|债|赔|不让我见`,
			// Nobody found to answer for a harm asks who is liable:
			// 「…我妈被砸到 物业说监控拍不清找不到人 物业没责任吗」.
			`责任|负责|监控|砸`,
			// A car left in one's space is a neighbours' dispute: 「邻居占我车位
			// 打电话也不接 车停起好几天了」.
			`车位|占(了|着)?我|挪车|停车`}}
}

// concern is a worry passed to a community's coordinators.
type concern struct {
	asker bot.Member
	at    time.Time
}

// concerns keeps each community's latest concern.
type concerns struct {
	latest recent.Latest[string, concern]
}

func (c *concerns) put(community string, x concern) { c.latest.Put(community, x, x.at) }

// about returns the community's concern raised within welfareWindow
// before now, when the words back are for it. It stays for more words
// back (「跟他儿子再说一声 下午我再去看一趟」).
func (c *concerns) about(community string, now time.Time, forIt func(concern) bool) (concern, bool) {
	x, ok := c.latest.Get(community, now, welfareWindow)
	if !ok || !forIt(x) {
		return concern{}, false
	}
	return x, true
}

// worried is fear told: among neighbours in a group, a call unanswered
// is news until the teller is afraid (「我有点怕 怎么办啊」).
var worried = gatedre.MustCompile(`怕|担心|不放心|怎么办|咋办|出事|着急|急死|慌|万一|去看看|帮忙看|不对劲`)

// welfare tells the coordinators at once of somebody nobody can reach.
func (w *Workflow) welfare(ctx context.Context, t *bot.Turn) error {
	if t.InGroup() && !t.Msg.MentionsBot && !worried.MatchString(t.Msg.Text) {
		return bot.ErrPass
	}
	community := t.Community()
	coords, err := w.d.Members.Coordinators(ctx, community)
	if err != nil {
		return fmt.Errorf("welfare: coordinators: %w", err)
	}
	if len(coords) == 0 {
		t.ReplyPrivately("担心有危险，请马上拨打110或120。社区还没有在这里登记工作人员，也请直接打电话给社区居委会，请他们上门看看。")
		return nil
	}
	note := fmt.Sprintf("【请尽快上门看看】%s联系不上家人或邻居，说：%s\n看过后私聊我「跟%s说一声 …」，我把您的话转告。", t.Member.Name, strings.TrimSpace(t.Msg.Text), t.Member.Name)
	for _, c := range coords {
		if c.ID != t.Member.ID {
			t.Send(bot.MemberAddress(c), note)
		}
	}
	w.concerns.put(community, concern{asker: t.Member, at: t.Now})
	reply := "已经马上私信告诉社区工作人员，请他们尽快上门看看，有消息我转告您。担心有危险的话，请直接拨打110或120。"
	if asksNumber.MatchString(intent.Fold(t.Msg.Text)) {
		reply += "邻居的电话我不能给，请谅解。"
	}
	t.ReplyPrivately(reply)
	return nil
}

// answerConcern carries a coordinator's word back to the one who asked
// them to look: the whole message, as the coordinator wrote it.
func (w *Workflow) answerConcern(ctx context.Context, t *bot.Turn) error {
	if t.Member.Role < bot.Coordinator || t.InGroup() || t.Msg.Kind != bot.Text {
		return bot.ErrPass
	}
	x, ok := w.concerns.about(t.Community(), t.Now, func(x concern) bool {
		return answerForAsker.MatchString(t.Msg.Text) || strings.Contains(t.Msg.Text, x.asker.Name)
	})
	if !ok {
		return bot.ErrPass
	}
	t.Send(bot.MemberAddress(x.asker), fmt.Sprintf("社区工作人员%s回复您：%s", t.Member.Name, strings.TrimSpace(t.Msg.Text)))
	t.Reply(fmt.Sprintf("已转告%s。", x.asker.Name))
	return nil
}
