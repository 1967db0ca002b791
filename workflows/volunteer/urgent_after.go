package volunteer

import (
	"context"
	"fmt"
	"strings"
	"time"

	"linli/bot"
	"linli/internal/gatedre"
	"linli/internal/recent"
)

// After telling of a life in danger (「我头晕的厉害 心口也闷 站都站不
// 住…」), what the resident says next within half an hour (「我手抖 打不了
// 电话」) is part of it: the coordinators hear it at once, with what it
// means for them (she cannot call 120 herself), and she is told calmly
// what to do while she waits, never the menu.

// urgentWindow is how long the words after an emergency are read as part
// of it.
const urgentWindow = 30 * time.Minute

// worse is what a resident in danger adds: they cannot call, are worse,
// cannot move, or cannot open the door.
var worse = gatedre.MustCompile(`(打|拨)不了|打不(出|通)|不会打|手(抖|麻|没劲)|没(力气|劲)|动不了|起不来|站不住|说不出|更(晕|难受|疼|痛|闷)|还是(晕|难受|疼|痛|闷)|好难受|受不了|喘不|(开|打)不(了|开)门|门(开|打)不(了|开)|没人|救救|快来|怎么还没`)

// cannotCall is a resident who cannot call 120 themselves.
var cannotCall = gatedre.MustCompile(`(打|拨)不了|打不(出|通)|不会打|手(抖|麻|没劲)|说不出`)

// urgentMoments remembers who told of an emergency, and when.
type urgentMoments = recent.Moments[int64]

// urgentAfter passes on what a resident adds soon after an emergency.
func (w *Workflow) urgentAfter(ctx context.Context, t *bot.Turn) error {
	if t.InGroup() || t.Msg.Kind != bot.Text || !w.urgent.Within(t.Member.ID, t.Now, urgentWindow) || !worse.MatchString(t.Msg.Text) {
		return bot.ErrPass
	}
	head := fmt.Sprintf("【紧急补充】%s 刚才紧急求助后又说", t.Member.Name)
	reply := "我已经再告诉社区工作人员，请他们马上过去。能的话先坐下或躺下别动，把门打开，或者大声喊邻居。"
	if cannotCall.MatchString(t.Msg.Text) {
		head = fmt.Sprintf("【紧急补充】%s 自己打不了120，请马上替她/他打120，并派人过去。她/他又说", t.Member.Name)
		reply = "您别急，我已经告诉社区工作人员，请他们替您打120、马上过去。先坐下或躺下别动，能的话把门打开，或者大声喊邻居。"
	}
	coords, err := w.d.Members.Coordinators(ctx, t.Community())
	if err != nil {
		return wrap("urgent coordinators", err)
	}
	note := head + "：\n" + strings.TrimSpace(t.Msg.Text)
	for _, c := range coords {
		if c.ID != t.Member.ID {
			t.Send(bot.MemberAddress(c), note)
		}
	}
	t.Reply(reply)
	return nil
}

// A coordinator's news of an emergency the bot passed on (「李奶奶的事看到
// 了 我和小孙已经往她家走了 120我打了」「人送医院了 初步说是血压高 没大事」)
// is thanked, with how to stop the reminders of its task; it is neither a
// legal question nor the menu.

// newsWindow is how long after an emergency a coordinator's news of it is
// read as such.
const newsWindow = 6 * time.Hour

// urgentNews is a coordinator telling what was done about an emergency.
var urgentNews = gatedre.MustCompile(`120|送(到)?(了)?医院|住院|没(什么|啥)?大事|没事了|往.{0,4}(家|那)(走|去|赶)|(过去|赶过去|到了|看到了|在路上|已经去)|血压|人(已经)?(送|接)`)

// alert is an emergency told to a community's coordinators.
type alert struct {
	name string
	task int64
	at   time.Time
	// told is set once a coordinator's news of it was answered.
	told bool
}

// alerts are the emergencies lately passed on, by community.
type alerts struct{ latest recent.Latest[string, alert] }

func (a *alerts) mark(community string, al alert) { a.latest.Put(community, al, al.at) }

func (a *alerts) last(community string, now time.Time) (alert, bool) {
	return a.latest.Get(community, now, newsWindow)
}

// urgentNewsTold thanks a coordinator for news of the last emergency.
func (w *Workflow) urgentNewsTold(ctx context.Context, t *bot.Turn) error {
	if t.InGroup() || !t.IsCoordinator() || t.Msg.Kind != bot.Text || asksSomething.MatchString(t.Msg.Text) {
		return bot.ErrPass
	}
	al, ok := w.alerts.last(t.Community(), t.Now)
	if !ok || !(strings.Contains(t.Msg.Text, al.name) || urgentNews.MatchString(t.Msg.Text)) || !urgentNews.MatchString(t.Msg.Text) {
		return bot.ErrPass
	}
	if al.told {
		t.Reply("好的，知道了，辛苦了。")
		return nil
	}
	al.told = true
	w.alerts.mark(t.Community(), al)
	t.Reply(fmt.Sprintf("好的，辛苦了！%s那条紧急求助是任务 #%d，处理完了发「关闭 #%d 已处理」，就不再催办。后面要送饭、拿药、陪护，直接告诉我要帮什么，我发给志愿者。", al.name, al.task, al.task))
	return nil
}

// asksSomething is a message that asks rather than tells.
var asksSomething = gatedre.MustCompile(`[?？吗]|怎么|咋|能不能|帮我|给我`)
