package admin

import (
	"context"
	"fmt"
	"time"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
)

// Somebody who says they do not want to live (「老伴走了…有时候想想活着也
// 没啥意思了」) is answered at once, privately and warmly, with the 12356
// psychological help line and 120/110 for danger now; the coordinators
// are told privately to go and see them. Nothing is said in a group, and
// the words are never passed to anybody else. Their next words within a
// day (「也没想干啥 就是心里堵得慌 想找个人说说话」) get a kind answer
// too, not the menu.

var (
	// despair is a wish not to live, said of oneself.
	despair = gatedre.MustCompile(`活着(也|都|还)?(没|没有)(啥|什么|多大)?(意思|意义|盼头|奔头|劲)|不想活|活不下去|活够了|想死|寻死|轻生|自杀|一了百了|死了(算了|倒好|干净|也好)|不如死|没(有)?活头|去找(老伴|他|她)(算了|得了)|结束(自己|生命)|解脱(算了|了吧)`)
	// notDespair is despair in jest or of somebody else: 「笑死了」「热死
	// 了」「他说不想活了」 said of a story, or the law of it (「搬进去才听说
	// 屋里有人自杀过 中介早就晓得 能退吗」).
	notDespair = gatedre.MustCompile(`笑死|热死|累死|饿死|气死|困死|冷死|急死|烦死|吓死|(他|她)(说|讲)(他|她)?(不想活|想死)|电视|新闻|小说|剧|法律|继承|赔|保险|(有人|别人|人家|屋里|房子里|前房主|房东|租客|住户)[^ ]{0,6}(自杀|轻生)|中介|凶宅`)
	// heartHeavy is the sadness said after: 「心里堵得慌」「想找个人说说话」.
	heartHeavy = gatedre.MustCompile(`堵得慌|心里(难受|不舒服|苦|闷)|睡不着|想找(个)?人(说说话|聊聊|说话)|没人说话|孤单|一个人(太)?(难|闷)|想哭|难受`)
)

// distressScore is above every other reading: a life may be at stake.
const distressScore = 0.995

// distressWindow is how long the words after are answered as such.
const distressWindow = 24 * time.Hour

// distressReply is the first answer.
const distressReply = "听您这么说，我很心疼。您心里一定很苦，这样难受一点都不奇怪。\n" +
	"现在就想找人说说话，可以打心理援助热线 12356，白天晚上都有人接。要是此刻觉得撑不住、有危险，请马上打 120 或 110。\n" +
	"我已经悄悄告诉了社区工作人员，请他们来看看您，不会在群里说。您愿意的话，也可以接着跟我说说。"

// distressAgain is the answer to the words after.
const distressAgain = "我在听。心里堵的时候说出来会好一点。想有人陪着说话，12356 随时能打；社区工作人员也会来看您。您现在身边有人吗？"

func distressIntent() intent.Decl {
	return intent.Decl{Name: "distress", Label: "心里难受", Shape: intent.Free, Asks: true, Unprompted: true,
		Score: intent.ScoreIf(func(folded string) bool {
			return despair.MatchString(folded) && !notDespair.MatchString(folded)
		}, distressScore)}
}

// distress answers a wish not to live: privately, with the help lines,
// and the coordinators are told privately.
func (w *Workflow) distress(ctx context.Context, t *bot.Turn) error {
	t.ReplyPrivately(distressReply)
	w.warnings.despair.Mark(t.Member.ID, t.Now, distressWindow)
	return w.tellCoordinators(ctx, t, fmt.Sprintf("【请尽快去看看】%s 说了轻生的话，我已私下给了心理援助热线 12356，请尽快当面或电话关心，这件事不要在群里说", t.Member.Name))
}

// distressAfter answers, kindly and privately, the sad words of somebody
// who said within a day that they did not want to live.
func (w *Workflow) distressAfter(ctx context.Context, t *bot.Turn) error {
	if t.Msg.Kind != bot.Text || !heartHeavy.MatchString(t.Msg.Text) || !w.warnings.despair.Within(t.Member.ID, t.Now, distressWindow) {
		return bot.ErrPass
	}
	t.ReplyPrivately(distressAgain)
	return nil
}
