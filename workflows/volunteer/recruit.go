package volunteer

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
)

// A coordinator asks the bot, in a group, to call for volunteers (「帮我在
// 群里问问 咱们社区要组个志愿服务队 谁愿意参加 报名的你给记下来」). The bot
// posts the call, and for callOpen after it the community's groups are
// read for answers: 「我报一个 退休了天天闲着」「+1」「算我一个吧」 register
// the sender as an applicant, though they do not address the bot. The call
// is kept in this process only: an answer that reaches another process
// after the call is read as any group message is.

// callOpen is how long a call for volunteers is answered in the groups.
const callOpen = 48 * time.Hour

// answerLen is the longest group message read as an answer to a call.
const answerLen = 40

// callText is the call the bot posts.
const callText = "【招募志愿者】社区要组志愿服务队：帮老人买菜跑腿、陪看病、修修补补。想参加的，直接在群里说一声：会什么、什么时候有空、住几号楼，我记下来，社区审核后通知您。"

// joins is a short answer to a call: 「+1」「算我一个」「我也想参加」.
var joins = gatedre.MustCompile(`^(\+|＋)1|加一|算我一个|算上我|加我一个|我报一个|我报个名|报我一个|凑个数|凑个热闹|(我|俺)(也)?(想|要)?(参加|报名|报一个|来一个)|我(也)?可以的?`)

// notAnAnswer is a question or a word about somebody else.
var notAnAnswer = gatedre.MustCompile(`[?？吗]|(^|[^什怎那这多])么|谁|(^|[^其])他|她|你们|大家|帮我|给我`)

// calls keeps each community's open call for volunteers.
type calls struct {
	mu sync.Mutex
	m  map[string]time.Time
}

func (c *calls) open(community string, until time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]time.Time{}
	}
	c.m[community] = until
}

func (c *calls) isOpen(community string, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return now.Before(c.m[community])
}

// recruitIntent is a coordinator asking the bot to call for volunteers.
func recruitIntent() intent.Decl {
	return intent.Decl{Name: "recruit", Label: "招募志愿者", Shape: intent.Free, Asks: true,
		Cues: []string{`(帮我|给我|你)(在群里|在两个群|在各个群|在群)?(问问|招|招募|找|召集).{0,12}志愿(者|服务队|队|团队)`, `(招|招募|召集)(几个|一些|点|一批)志愿者`, `组(个|一个|建)志愿(服务)?队`, `谁愿意(参加|当|做|来)`, `报名的(你)?(给)?(我)?记(下来|一下|着)`,
			// 「这周咱们志愿者重新登记一下，想参加的直接跟你说就行」
			`志愿者.{0,6}(重新)?(登记|报名|统计)(一下)?.{0,12}(想|愿意)(参加|当|做|来)的`, `(想|愿意)(参加|当|做|来)的.{0,6}(直接)?(跟|和|找|告诉|@)(你|小助手)`},
		Not: []string{`我(想|要)?(报名|报一个|参加|当)|我叫|看到`}}
}

// recruit posts the call for volunteers in the group and opens it for
// answers in the community's groups.
func (w *Workflow) recruit(ctx context.Context, t *bot.Turn) error {
	w.calls.open(t.Community(), t.Now.Add(callOpen))
	if t.InGroup() {
		t.Reply(callText)
		return nil
	}
	// Asked in private: the groups the words name, or all of the
	// community's.
	groups := w.d.Directory.GroupsNamed(t.Community(), t.Msg.Text)
	if len(groups) == 0 {
		groups = w.d.Directory.Groups(t.Community())
	}
	if len(groups) == 0 {
		return bot.Userf("本社区还没有群，没法发招募。")
	}
	for _, g := range groups {
		t.Send(bot.GroupAddress(g), callText)
	}
	t.Reply(fmt.Sprintf("已在%s发了招募志愿者，两天内大家在群里回一句就记下，新报名的会私信告诉您。", strings.Join(groups, "、")))
	return nil
}

// answerCall registers a group member who answers an open call for
// volunteers without addressing the bot.
func (w *Workflow) answerCall(ctx context.Context, t *bot.Turn) error {
	text := strings.TrimSpace(t.Msg.Text)
	if !w.mayAnswerCall(t, text) {
		return bot.ErrPass
	}
	folded := intent.Fold(text)
	if notAnAnswer.MatchString(folded) || !joins.MatchString(text) && !joins.MatchString(folded) && !offersSelfAsVolunteer(folded) {
		return bot.ErrPass
	}
	return w.registerAnswer(ctx, t, text)
}

// mayAnswerCall reports whether a group message may answer an open call
// for volunteers: a resident's, short, while the call is open.
func (w *Workflow) mayAnswerCall(t *bot.Turn, text string) bool {
	return t.InGroup() && t.Msg.Kind == bot.Text && !t.IsCoordinator() && utf8.RuneCountInString(text) <= answerLen &&
		w.calls.isOpen(t.Community(), t.Now)
}

// registerAnswer registers the sender of an answer to the call as an
// applicant with what they said; one who already volunteers is left to
// their own words.
func (w *Workflow) registerAnswer(ctx context.Context, t *bot.Turn, said string) error {
	if _, err := w.d.Store.Volunteer(ctx, t.Community(), t.Member.ID); err == nil {
		return bot.ErrPass
	} else if !errors.Is(err, bot.ErrNotFound) {
		return wrap("load volunteer", err)
	}
	return w.saveProfile(ctx, t, said, t.Member.Name+" 已记下，社区审核后私信通知您。")
}

// answerCallWithDetails registers, before anything else reads it, a
// group member who answers an open call with what they can do and when
// they are free, however it opens: 「刘秀英，会开车 可以接送老人 其他时间都可以」.
func (w *Workflow) answerCallWithDetails(ctx context.Context, t *bot.Turn) error {
	if !w.mayAnswerCall(t, strings.TrimSpace(t.Msg.Text)) {
		return bot.ErrPass
	}
	folded := intent.Fold(t.Args)
	if selfTold(folded) < 2 || notAnAnswer.MatchString(folded) || notAnOffer.MatchString(folded) {
		return bot.ErrPass
	}
	if skills, _, _, _, _ := ParseProfile(t.Args); len(skills) == 0 {
		// 「其他时间都可以 我周末在家」 offers no hand.
		return bot.ErrPass
	}
	return w.registerAnswer(ctx, t, t.Args)
}

// offerWithEventWord takes a resident's offer of themselves that opens
// with an event's word (「报名 陈国强 水电维修都会 晚上和周末有空」), which
// the 报名 command would read as a sign-up for an event called so.
func (w *Workflow) offerWithEventWord(ctx context.Context, t *bot.Turn) error {
	text := strings.TrimSpace(t.Args)
	if t.Msg.Kind != bot.Text || !strings.HasPrefix(text, "报名") || t.IsCoordinator() {
		return bot.ErrPass
	}
	if folded := intent.Fold(text); !offersSelfAsVolunteer(folded) || notAnOffer.MatchString(folded) {
		return bot.ErrPass
	}
	t.Keyword, t.Args = "", text
	return w.register(ctx, t)
}

// notAnOffer is an event named or a number given: 「报名 #3 5栋 周末有空」.
var notAnOffer = gatedre.MustCompile(`#|[0-9]+\s*(人|位)|讲座|活动|课|义诊|包饺子|比赛`)
