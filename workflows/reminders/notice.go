package reminders

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"linli/bot"
	"linli/internal/gatedre"
	"linli/timeexpr"
)

// Residents ask about a notice the group was sent (「停水是哪几栋啊」「听说
// 发防寒包 啥时候在哪儿领」「联欢会几点开始 在哪」): the answer is the notice
// itself, as the community wrote it. Only notices already sent are quoted,
// never one still waiting for its time.

// asksAboutNotice is a question of when, where, which or whether.
var asksAboutNotice = gatedre.MustCompile(`啥时候|什么时候|几点|哪天|几号|哪一天|在哪|哪儿|哪里|哪几|哪个|去哪|停不停|收不收|发不发|有没有|是不是|怎么领|要带|带什么|带啥|几天|到几号|多久|[?？吗呢]|么\s*$`)

// errands are words of what else a message may be about: a bin, points,
// a check-in, a sign-up, a vote, a volunteer, a say over the bot.
var errands = gatedre.MustCompile(`扔|桶|积分|打卡|补卡|兑换|报名|投票|志愿|权限|管理员|负责`)

// errandBeyond reports whether a question is about something its notice
// does not speak of: 「旧对联扔哪个桶」 is not about a notice of 红纸, nor
// 「我积分多少了」 about one of elders living alone.
func errandBeyond(question, notice string) bool {
	for _, w := range errands.FindAllString(question, -1) {
		if !strings.Contains(notice, w) {
			return true
		}
	}
	return false
}

// asksForPeople asks for people's names or whereabouts (「能把独居老人的名
// 单和门牌号发我一下吗」), which no notice answers.
var asksForPeople = gatedre.MustCompile(`名单|门牌|住址|地址|电话|手机号|联系方式|花名册`)

// setUpLen is the longest coordinator's message, in runes, read as a
// question about a notice; longer ones set something up.
const setUpLen = 30

// noticeFor is how long after a one-off notice went out it is quoted.
const noticeFor = 7 * 24 * time.Hour

// fresh is how soon after a notice went out a question sharing one word
// with it is taken to be about it (「明早几点收 放哪儿啊」 just after 「明早收
// 大件」).
const fresh = 3 * time.Hour

// commonPieces are two-character pieces too common to tie a question to
// a notice.
var commonPieces = map[string]bool{"社区": true, "小区": true, "大家": true, "通知": true, "提醒": true, "时候": true, "什么": true, "我们": true, "你们": true, "今天": true, "明天": true, "一下": true, "可以": true, "没有": true, "是不": true, "不是": true, "哪里": true, "在哪": true, "几点": true, "怎么": true, "这个": true, "那个": true, "听说": true, "记得": true, "打卡": true, "居民": true, "各位": true, "邻居": true, "请大": true, "给我": true, "我的": true, "你先": true}

// asksForNotices asks what notices there have been: 「最近还有啥通知没」.
var asksForNotices = gatedre.MustCompile(`(最近|这几天|这两天|这周)?(还)?(有|发了|发过)(啥|什么|哪些|没有)?(新)?(通知|公告)(没|吗|没有|么)?`)

// answerNotice answers a question with the sent notice it is about, or
// with the notices lately sent where it is asked.
func (w *Workflow) answerNotice(ctx context.Context, t *bot.Turn) error {
	text := strings.TrimSpace(t.Args)
	if t.Msg.Kind != bot.Text || !asksAboutNotice.MatchString(text) || asksForPeople.MatchString(text) {
		return bot.ErrPass
	}
	if t.Member.Role >= bot.Coordinator && utf8.RuneCountInString(text) > setUpLen {
		// 「再帮我弄个活动 这周六… 讲暴雨天怎么自救 …怎么处理 限40人」: a
		// coordinator's set-up at length, not a question about a notice.
		return bot.ErrPass
	}
	if asksForNotices.MatchString(text) && utf8.RuneCountInString(text) <= 24 {
		return w.recentNotices(ctx, t)
	}
	comm := t.Community()
	rs, err := w.d.Store.Reminders(ctx, comm)
	if err != nil {
		return fmt.Errorf("notices: %w", err)
	}
	var best Reminder
	top := 0
	for _, r := range rs {
		sent, ok := lastSent(r, t.Now)
		if !ok || t.InGroup() && !slices.Contains(r.Groups, t.Chat.Name) {
			continue
		}
		if errandBeyond(text, r.Text) {
			continue
		}
		n := sharedPieces(text, r.Text)
		if n < 2 && !(n == 1 && !r.Repeats() && t.Now.Sub(sent) <= fresh) {
			continue
		}
		if n > top {
			best, top = r, n
		}
	}
	if top == 0 {
		return bot.ErrPass
	}
	sent, _ := lastSent(best, t.Now)
	loc := w.location(comm)
	when := timeexpr.FormatTime(sent.In(loc), t.Now.In(loc))
	if best.Repeats() {
		when = best.Desc
	}
	t.Reply(fmt.Sprintf("社区的通知（%s）：\n%s\n具体以社区工作人员说的为准。", when, best.Text))
	return nil
}

// recentNotices lists the notices sent lately where the question is
// asked (a group, or every group of the community in private).
func (w *Workflow) recentNotices(ctx context.Context, t *bot.Turn) error {
	comm := t.Community()
	rs, err := w.d.Store.Reminders(ctx, comm)
	if err != nil {
		return fmt.Errorf("notices: %w", err)
	}
	loc := w.location(comm)
	var b strings.Builder
	for _, r := range rs {
		sent, ok := lastSent(r, t.Now)
		if !ok || t.InGroup() && !slices.Contains(r.Groups, t.Chat.Name) {
			continue
		}
		when := timeexpr.FormatTime(sent.In(loc), t.Now.In(loc))
		if r.Repeats() {
			when = r.Desc
		}
		fmt.Fprintf(&b, "\n%s：%s", when, r.Text)
	}
	if b.Len() == 0 {
		t.Reply("最近一周社区没有发过通知。")
		return nil
	}
	t.Reply("最近社区发过的通知：" + b.String())
	return nil
}

// lastSent is when a reminder last went out: a one-off sent within
// noticeFor, or a repeating one still on that has gone out at least once
// (then now, as its words hold until it is changed).
func lastSent(r Reminder, now time.Time) (time.Time, bool) {
	switch {
	case r.Fired == 0:
		return time.Time{}, false
	case !r.Repeats():
		return r.At, r.State == Done && now.Sub(r.At) <= noticeFor
	}
	return now, r.State == Active
}

// sharedPieces counts the distinct two-character pieces of a question
// found in a notice, the common ones left out.
func sharedPieces(question, notice string) int {
	seen := map[string]bool{}
	q := []rune(question)
	for i := 0; i+2 <= len(q); i++ {
		piece := string(q[i : i+2])
		if seen[piece] || commonPieces[piece] || !unicode.Is(unicode.Han, q[i]) || !unicode.Is(unicode.Han, q[i+1]) {
			continue
		}
		if strings.Contains(notice, piece) {
			seen[piece] = true
		}
	}
	return len(seen)
}
