package admin

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
)

// A resident's word for the community (「帮我转告李主任：楼道里老有狗屎」
// 「跟居委会反映一下 路灯坏了半个月」) is passed on to its coordinators
// privately, so a real complaint is never lost in a chat; a message for
// another resident (「帮我私下给王芳带个话」) is not carried, since linli
// does not pass words between neighbours.

var (
	// toCommunity asks for something to be passed on to the community.
	toCommunity = gatedre.MustCompile(`(转告|告诉|反映给|报告给|转给|带话给|说给)(一下|下)?(李|王|张|刘|陈|赵)?(主任|书记|社区|居委会?|管理员|网格员|社区工作人员|工作人员)|(转告|反映给|转给)(一下|下)?物业|(给|跟|向)(社区|居委会?|主任|书记|网格员|管理员|工作人员|物业)(反映|说一声|说说|讲一声|讲一下|讲讲|提个意见|提意见|投诉)|^(反映|投诉)(一下|个)?(问题|情况)`)
	// toNeighbour asks for words to be carried to another resident.
	toNeighbour = gatedre.MustCompile(`(帮我|替我)(谢谢|感谢)|(跟|给)(楼上|楼下|隔壁|对门|邻居)(讲|说)(一声|一下)|(帮我|替我|你)(私下|偷偷|悄悄)?(给|跟)\p{Han}{1,6}(带个话|带话|传话|捎个话|捎话|转告一下|转告|说声谢谢|说句谢谢|道个谢)|带(句|个)?话给`)
	// passOnLead is the asking part, cut before the words are passed on.
	passOnLead = gatedre.MustCompile(`^.*?(转告|告诉|反映给|报告给|转给|带话给|说给|反映|说一声|投诉)(一下)?(李|王|张|刘|陈|赵)?(主任|书记|社区|居委会?|管理员|网格员|社区工作人员|工作人员|问题|情况)?(一下)?[:：,，\s]*`)
)

// helpHad tells that a helper's deed is done: thanks beside it are the
// requester's, for the task.
var helpHad = gatedre.MustCompile(`(办完|弄完|弄好|修好|送到|送来|看完|陪完|搬完|扛上|送上|完事|干完|做完)|(帮|陪)我[^ ]{1,10}(的|那个|那位)(小伙子|小伙|姑娘|志愿者|师傅|后生|小妹|大姐|大哥)`)

// passOnWords are in every message passOn reads.
var passOnWords = []string{"转", "告", "反映", "报告", "话", "说给", "投诉", "捎", "说一声", "说说", "意见", "说声", "说句", "道个谢", "谢谢", "感谢", "讲一声", "讲一下"}

// maxPassOn bounds what is passed on, in runes.
const maxPassOn = 300

// complainsOfBot is a complaint about the bot itself, for a person to
// hear: 「你是不是跟他一伙的 我要投诉你」.
var complainsOfBot = gatedre.MustCompile(`投诉(你|小助手|机器人)|(你|小助手)(是不是)?(跟|和)(他|她|他们)一伙`)

func passOnIntent() intent.Decl {
	return intent.Decl{Name: "pass_on", Label: "转告社区", Shape: intent.Free, Asks: true,
		// 「找个真人跟我说」: a person at the community answers.
		// 「我不跟机器说话 叫个真人来」「社区有没有人能当面给我讲讲」「我要投诉你」
		Cues: []string{`(找|要|转|换|叫|来)(个)?(真人|人工|活人)`, `不(跟|和|同)机器(人)?(说|聊|讲)`, `(有没有|能不能|可不可以)(找)?(个)?(人|工作人员|社区的人)(能)?(当面|上门)(给我)?(讲|说|聊)`,
			// 「那你帮我跟韩书记说说 让社区出面管管」
			`(帮我们?|替我们?|你)(帮我们?)?(跟|和|给|向)\p{Han}{0,3}(书记|主任|社区|居委会|社工|网格员)(说说|说一声|说一下|反映|讲讲|讲一下)`, `让社区(出面|管管|来管)`,
			// 「麻烦跟物业说一下 2栋的暖气一直不热」「能不能跟物业讲讲 垃圾站…」
			`(麻烦|帮我|替我|你|能不能|可不可以|可以)(帮我)?(跟|和|给|向)(物业|居委会?|社区|工作人员|网格员)(说|讲|反映|提)(一下|一声|讲|说|下)?`, `^(麻烦|帮我)(你)?反映(一下)?`, `^(跟|和|给|向)(物业|居委会?|社区|工作人员|网格员)(说|讲|反映|提)(一下|一声)`},
		Score: func(folded string) float64 {
			if complainsOfBot.MatchString(folded) && !strings.ContainsAny(folded, "踢禁") {
				return claimedAuthorityScore
			}
			if containsAny(folded, passOnWords) && (toCommunity.MatchString(folded) || toNeighbour.MatchString(folded)) {
				if !toCommunity.MatchString(folded) && helpHad.MatchString(folded) {
					// 「陪我看病那闺女真好 事办完了 替我谢谢她」: the
					// requester's thanks for a task, which confirms it.
					return intent.ByHint
				}
				return claimedAuthorityScore
			}
			return 0
		}}
}

// passOn carries a resident's words to their community's coordinators, or
// says why words for a neighbour are not carried.
func (w *Workflow) passOn(ctx context.Context, t *bot.Turn) error {
	// The words asked about: the message, or the question an offer to pass
	// it on was made for (the yes is not what is passed on).
	text := strings.TrimSpace(t.Args)
	if t.Keyword != "" || text == "" {
		text = strings.TrimSpace(t.Msg.Text)
	}
	if t.Member.Role >= bot.Coordinator {
		return bot.ErrPass
	}
	if toNeighbour.MatchString(intent.Fold(text)) && !toCommunity.MatchString(intent.Fold(text)) {
		if strings.Contains(text, "谢") {
			// Thanks for a volunteer: the community passes it on.
			t.Reply("谢谢您的心意！我不私下替人传话；想谢谢志愿者，可以发「转告社区 要说的话」，社区工作人员会转达。")
			return nil
		}
		t.Reply("邻居之间的话我不私下转达。需要社区出面协调的，请发「转告社区 要说的事」，我会转给社区工作人员。")
		return nil
	}
	said := strings.TrimSpace(passOnLead.ReplaceAllString(text, ""))
	if utf8.RuneCountInString(said) < 2 {
		return bot.Userf("请把要转告社区的事写在后面，例如：转告社区 5号楼楼道灯坏了")
	}
	if utf8.RuneCountInString(said) > maxPassOn {
		return bot.Userf("内容太长了，请控制在%d个字以内。", maxPassOn)
	}
	community := t.Community()
	coords, err := w.d.Members.Coordinators(ctx, community)
	if err != nil {
		return fmt.Errorf("pass on: coordinators: %w", err)
	}
	if len(coords) == 0 {
		return bot.Userf("社区还没有在这里登记工作人员，请直接到社区居委会反映。")
	}
	note := fmt.Sprintf("居民%s转告社区：%s", t.Member.Name, said)
	if t.InGroup() {
		note += fmt.Sprintf("（在%s里说的）", t.Chat.Name)
	}
	for _, c := range coords {
		t.Send(bot.MemberAddress(c), note)
	}
	t.Reply("已私下转告社区工作人员，他们会尽快处理。")
	return nil
}

// Heated words get a calm answer that points to the coordinators, never
// silence and never a menu: an insult to the bot (「破机器人就是个废物」),
// a call to shame a neighbour in the group (「你在群里点名批评她」), a demand
// to know who complained (「谁在背后骂我」).
var (
	insultsBot = gatedre.MustCompile(`糊弄(老百姓|人|我们)|脑壳有包|你是不是(瓜|憨|傻)的|瓜娃子|处理个鬼|(去|到)(市里|区里|省里|街道|上面)(去)?上访|干什么吃的|一帮废物|懂个(屁|锤子|球|嘛)?( |$)|打官腔|骗鬼|骗(我们)?(老头老太太|老年人|老人|老百姓)|(去|到)(居委会|社区|街道)(去)?闹|(信不信|我要|我就)(我)?(发抖音|曝光)|曝光你们|(我就|就)去[^ ]{0,4}堵门|形式主义|签个屁|(那帮人|你们)(天天)?(就会|只会|就知道|只知道)(拍照|摆样子|搞)|(你们)?是不是故意的|(天天|整天)(就知道|只知道|就晓得)(打卡|拍照|开会|搞)|玩意儿?(就是|真是)?(个)?(摆设|废物|没用)|(机器人|小助手)(就是|真是)个|(你们)?(社区|居委会?)?(就知道|只会|光会|就会)(和稀泥|踢皮球|推)|黑箱(操作)?|暗箱(操作)?|(破|烂|垃圾|废物|傻|笨|蠢|没用的?)(机器人|玩意儿?|助手|程序)|(你|你是不是)(真|太)?(傻|笨|蠢)( |$|啊|吧)|(机器人|小助手|你)(就是|真是|真)?(个)?(废物|傻子|笨蛋|蠢货|没用|摆设)|废物一个|要你(有)?什么用|傻x|傻逼|(^|\p{Han} ?)sb( |$)|笨死|蠢死|答不对|问(了)?[0-9一二三四五六七八九十两]+遍|智障|弱智|你妈的|你妈(个|逼)|去死|闭嘴|(^| )滚(吧|蛋|开)?( |$)|滚(吧|蛋)|(你|你们|机器人|小助手|这玩意儿?|破机器|社区|居委会?)[^ ]{0,6}((顶|有)(个)?屁用|屁用(都)?没有)|叫(你们)?(领导|负责人|管事的)出来|(把)?(你们)?(主任|书记|领导|负责人)(给我)?叫(来|过来|出来)|一问三不知|(蠢|笨|傻)得要死|(顶|有)(什么|啥)用[?？!！]|上班(都)?在干(什么|嘛|啥)|(是)?一伙的|(告|投诉|举报|反映)到(区里|街道|市里|上面|市长|12345)|(去|到)(街道|区里|市里|上面)(去)?(告|投诉|举报)|(你们|社区|居委会?)[^ ]{0,8}(不负责任|推三阻四)|没见过这么不负责任|(叫|让)(他|她|你们主任|你们领导|领导|主任)(马上|立刻|赶紧)?给我(打|回)(个)?电话|(^|[^转报])(告|投诉)(你们|居委会|社区)|打12345|(找|叫)(电视台|记者|媒体)|骗老人玩|(你们|社区|小助手|机器人|积分商城)[^ ]{0,8}骗老人|(当|把)(我们|我)\p{Han}{0,4}不(是|当)人|(你们|社区|居委会?)(就|只)(会|识|知道)(看|管|顾|巴结|讨好)|(系统|小助手|机器人|你们这套)\p{Han}{0,4}(垃圾|破烂|废物)|(去|到)(街道|街道办|区里|市里|上面)(去)?闹` +
		// 「社区里的人都是吃白饭的」「你们是死人哦」「你这个破机器」「啥事都
		// 不做 干脆关掉」「搞这种花头」.
		`|吃白饭|吃干饭|是死人(哦|啊|吗|么|呀)?( |$)|(破|烂|垃圾|废物|没用的?)机器|(什么|啥)事(都|也)?不(做|干|管)|干脆(关掉|关了|撤了|解散|取消掉)|搞(这种|这些|这个)(花头|名堂|花样|形式)`)
	// scorned is the north's, the Wu country's and the internet's scorn:
	// 「二球货 净说些没用的」「你也是一路货」「你们就是哄人的」「属实离谱 栓Q」
	// 「滚犊子」「戆大机器」「你们是不是偷我的分」.
	scorned    = gatedre.MustCompile(`瓜怂|二球|一路货|(就是|都是|纯属|专门)哄人|属实离谱|滚犊子|就会搞(这些)?(花里胡哨|形式主义|表面)|脑子呢|谁设计的|傻了吧唧|戆大|有(啥|什么)用[^ ]{0,16} [^ ]{0,16}(没人管|不管)|(你们|您们)(是不是|就是|都是)?(偷|骗|坑|吞|贪)(了)?(我|俺)?的?(分|积分|钱)`)
	shamesOne  = gatedre.MustCompile(`(点名|曝光)(批评|一下)?(她|他)|点名批评|(在群里|群里)(骂|批评|点名|曝光)(她|他|一下)|(名字|是谁)(发|贴|公布)(到)?群里|拉出来(曝光|批评|示众)`)
	takesSides = gatedre.MustCompile(`(你说|你评评理|你来评评理|评评理).{0,12}(谁对|谁错|是不是)|到底谁对|谁对谁错|给句痛快话|是不是(拿了|收了)(\p{Han}{0,4}的)?(好处|钱|回扣|红包)|是我对还是|(谁|哪个)(有理|在理)|(讲|说)句公道话`)
	asksWhoHit = gatedre.MustCompile(`谁(在)?(背后)?(去)?(骂|说|告|投诉|举报|议论)(了)?我`)
	// lawsDispute is a side asked for in a dispute the law settles (「老人
	// 跟邻居签了协议…远房侄子要房子 到底谁有理」): the legal answer, not a
	// refusal to judge.
	lawsDispute = gatedre.MustCompile(`协议|合同|遗嘱|继承|借条|欠条|过户|房子归|法律|法院|赔|责任|侵犯|侵权|隐私|名誉|肖像|告我|起诉|违法|犯法|律师`)
)

// heatedScore is above a request's cue and the points' own: 「傻X机器人
// 连个积分都不给加」 asks for no points.
const heatedScore = 0.985

func heatedIntent() intent.Decl {
	return intent.Decl{Name: "heated", Label: "有意见", Shape: intent.Free, Asks: true,
		Score: func(folded string) float64 {
			if insultsBot.MatchString(folded) || scorned.MatchString(folded) || shamesOne.MatchString(folded) || asksWhoHit.MatchString(folded) ||
				takesSides.MatchString(folded) && !lawsDispute.MatchString(folded) {
				return heatedScore
			}
			return 0
		}}
}

// heated answers heated words calmly.
func heated(ctx context.Context, t *bot.Turn) error {
	folded := intent.Fold(t.Msg.Text)
	switch {
	case asksWhoHit.MatchString(folded):
		t.Reply("谁说了什么，我不会告诉别人，也不替人传话。有矛盾可以请社区工作人员出面调解：发「转告社区 要说的事」。")
	case takesSides.MatchString(folded):
		t.Reply("谁对谁错，我不评判，也不议论谁。有矛盾可以请社区工作人员出面调解：发「转告社区 要说的事」。")
	case shamesOne.MatchString(folded):
		t.Reply("我不在群里点名批评任何人。邻里之间的事，发「转告社区 要说的事」，社区工作人员会出面处理。")
	default:
		t.Reply("抱歉没帮上您。想办什么可以直接说，比如「我的积分」「求助 要帮什么」；对社区有意见，发「转告社区 要说的事」，我会转给社区工作人员。")
	}
	return nil
}

// asksOwnData asks who sees one's own number and address, what is kept,
// or to have it deleted.
var asksOwnData = gatedre.MustCompile(`(打听|问|要)(过)?我(的)?(电话|手机|号码|住址|地址)|别(把我的?)?(电话|号码|手机|住址)?(给|告诉)(别人|他|她|人|(那个|这个)?(志愿者|邻居|人))|(我住|住址|住哪|地址).{0,8}(别人|谁|大家)(都)?(能|会|可以)?(看到|看见|知道|查)|(晓得|知道|看到)我(的)?(手机号|电话|号码|住址|地址)|(我的)(住址|地址|电话|手机号).{0,4}(谁|别人|大家)(都)?(能|会|可以)?查|(电话|手机号|号码|住址|地址|信息|资料).{0,8}(被|让)(别人|谁|人|大家|外人)(看到|看见|知道)|(我的)(电话|手机号|号码|住址|地址|信息|资料).{0,4}(谁|别人|大家)(都)?(能|会|可以)?(看到|看见|知道)|(我的)(资料|信息|手机号|电话|号码|地址|住址)+(都|全)?(删|删掉|删了|删除)|(存|记|保存)(了)?(我|我的)?(哪些|什么)(事)?(信息|资料)|(删掉|删除|删了)(我的)?(手机号|电话|号码|信息|资料|住址)|谁(能|可以)?看(到|见)?(我的)?(电话|手机号|住址|信息)`)

func ownDataIntent() intent.Decl {
	return intent.Decl{Name: "own_data", Label: "我的信息", Shape: intent.Free, Asks: true,
		Cues: []string{asksOwnData.String()},
		// Data another keeps (an app, a bank) is a legal question.
		Not: []string{`有权|app|平台|公司|银行|他们|对方|商家`}}
}

// ownData says who sees a resident's number and address, and where to
// ask to see or delete them.
var ownData = bot.Answer("您的电话和住址只给接您求助的志愿者和社区工作人员看，不会发到群里，也不会给别的居民。想查看或删除自己的信息，请发「转告社区 删除我的信息」，社区工作人员会处理。")
