package checkin

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
	"linli/numerals"
	"linli/workflows/points"
)

const noChallenge = "本群现在没有进行中的打卡活动。社区工作人员可以发送“发起打卡 垃圾分类 21天”开始。"

// place is the group a check-in command is for.
type place struct {
	group     string
	community string
	// private is true when the member asked in a private chat.
	private bool
}

// where finds the group a command is for: the group it was said in, or in
// a private chat the member's only group with a challenge (or the group
// named first in args). It returns the args left over.
func (w *Workflow) where(ctx context.Context, t *bot.Turn, args string) (place, string, error) {
	if t.InGroup() {
		return place{group: t.Chat.Name, community: t.Chat.Community}, args, nil
	}
	groups, err := w.store.MemberGroups(ctx, t.Member.ID)
	if err != nil {
		return place{}, "", err
	}
	var withChallenge []string
	for _, g := range groups {
		open, err := w.store.OpenChallenges(ctx, g)
		if err != nil {
			return place{}, "", err
		}
		if len(open) > 0 {
			withChallenge = append(withChallenge, g)
		}
	}
	first, rest, _ := strings.Cut(args, " ")
	pick := ""
	switch {
	case slices.Contains(withChallenge, first):
		pick, args = first, rest
	case len(withChallenge) == 1:
		pick = withChallenge[0]
	case len(withChallenge) == 0 && len(groups) == 0 && t.Msg.Chat.Channel == bot.OfficialAccount:
		return place{}, "", bot.Userf("请先告诉我您是哪个社区的：发送「选择社区」，选好后再发送「打卡」。")
	case len(withChallenge) == 0 && len(groups) == 0:
		return place{}, "", bot.Userf("我还没在小区群里见过您。请先在小区群里发送“打卡”。")
	case len(withChallenge) == 0:
		return place{}, "", bot.Userf("您所在的群现在都没有打卡活动。")
	default:
		return place{}, "", bot.Userf("您在%s都参加了打卡，请在群里发送“打卡”，或私聊发送“打卡 %s”。",
			strings.Join(withChallenge, "、"), withChallenge[0])
	}
	community, ok := w.dir.CommunityOf(pick)
	if !ok {
		community = t.Chat.Community
	}
	return place{group: pick, community: community, private: true}, strings.TrimSpace(args), nil
}

// challenges returns a group's open challenges that have not ended before
// minEnd, or a user error when there are none.
func (w *Workflow) challenges(ctx context.Context, group string, minEnd Day) ([]Challenge, error) {
	open, err := w.store.OpenChallenges(ctx, group)
	if err != nil {
		return nil, err
	}
	var live []Challenge
	for _, c := range open {
		if c.EndDay() >= minEnd {
			live = append(live, c)
		}
	}
	if len(live) == 0 && len(open) > 0 {
		last := open[len(open)-1]
		return nil, bot.Userf("「%s」打卡已在%s结束，谢谢参与！发送“我的积分”查看积分。", last.Name, last.EndDay())
	}
	if len(live) == 0 {
		return nil, bot.Userf(noChallenge)
	}
	return live, nil
}

// byName finds a challenge by name.
func byName(cs []Challenge, name string) (Challenge, bool) {
	for _, c := range cs {
		if c.Name == name {
			return c, true
		}
	}
	return Challenge{}, false
}

// defaultOf is the group's default challenge: the oldest one running
// today, else the oldest.
func defaultOf(cs []Challenge, today Day) Challenge {
	for _, c := range cs {
		if c.StartDay <= today {
			return c
		}
	}
	return cs[0]
}

// outcome is what a check-in or make-up earned.
type outcome struct {
	done, streak int
	earned       int64
	bonuses      []string
	completed    bool
}

func challengeKey(id int64) string { return fmt.Sprintf("ck:%d:", id) }

// award credits a new check-in (or make-up) on day and the bonuses it
// unlocks. Bonus source keys name the member and milestone, so each pays
// once per challenge whatever the order of check-ins and make-ups.
func (w *Workflow) award(ctx context.Context, c Challenge, m bot.Member, day, today Day, makeup bool, source string, at time.Time) (outcome, error) {
	var o outcome
	// The day's own points and the days so far, together.
	var p Progress
	var err error
	if e := w.dayEntry(c, m, makeup, source, at); e.Amount > 0 {
		var ok bool
		if ok, p, err = w.store.CreditAndProgress(ctx, e, c.ID, m.ID); ok {
			o.earned += e.Amount
		}
	} else {
		p, err = w.store.Progress(ctx, c.ID, m.ID)
	}
	if err != nil {
		return o, err
	}
	return o, w.bonuses(ctx, &o, c, m, p, day, today, at)
}

// dayEntry is the ledger entry a day's check-in (or make-up) earns, from
// the message that made it; its amount is 0 when such days earn nothing.
func (w *Workflow) dayEntry(c Challenge, m bot.Member, makeup bool, source string, at time.Time) points.Entry {
	amount, reason := w.cfg.CheckinPoints, "打卡 "+c.Name
	if makeup {
		amount, reason = w.cfg.MakeupPoints, "补卡 "+c.Name
	}
	return points.Entry{MemberID: m.ID, Community: c.Community, Amount: amount,
		Reason: reason, SourceKey: challengeKey(c.ID) + "msg:" + source, At: at}
}

// bonuses credits the streak and completion bonuses a member's days p,
// with day just added, unlock, and fills in o's days and streak.
func (w *Workflow) bonuses(ctx context.Context, o *outcome, c Challenge, m bot.Member, p Progress, day, today Day, at time.Time) error {
	credit := func(amount int64, reason, key string) (bool, error) {
		if amount <= 0 {
			return false, nil
		}
		ok, err := w.store.Credit(ctx, points.Entry{MemberID: m.ID, Community: c.Community, Amount: amount,
			Reason: reason, SourceKey: challengeKey(c.ID) + key, At: at})
		if ok {
			o.earned += amount
		}
		return ok, err
	}
	run := runAround(p.Days, day)
	milestones := make([]int, 0, len(w.cfg.StreakBonuses))
	for n := range w.cfg.StreakBonuses {
		milestones = append(milestones, n)
	}
	slices.Sort(milestones)
	for _, n := range milestones {
		if run < n {
			break
		}
		bonus := w.cfg.StreakBonuses[n]
		ok, err := credit(bonus, fmt.Sprintf("连续%d天奖励", n), fmt.Sprintf("streak:%d:%d", m.ID, n))
		if err != nil {
			return err
		}
		if ok {
			o.bonuses = append(o.bonuses, fmt.Sprintf("连续%d天+%d分", n, bonus))
		}
	}
	o.done = len(p.Days)
	if o.done >= c.Days {
		ok, err := credit(w.cfg.CompletionBonus, "完成"+c.Name, fmt.Sprintf("done:%d", m.ID))
		if err != nil {
			return err
		}
		o.completed = ok
	}
	o.streak = Streak(p.Days, today)
	return nil
}

// announce tells the group a member finished the challenge.
func (w *Workflow) announce(t *bot.Turn, c Challenge, m bot.Member) {
	t.Send(bot.GroupAddress(c.Group), fmt.Sprintf("🎉 恭喜%s完成「%s」全部%d天打卡，获得完成奖励%d积分！",
		m.Name, c.Name, c.Days, w.cfg.CompletionBonus))
}

// checkin records today's check-in. Its intent's shape keeps 「签到 #3」
// (an event sign-in) away from it.
func (w *Workflow) checkin(ctx context.Context, t *bot.Turn) error {
	pl, args, err := w.where(ctx, t, t.Args)
	if err != nil {
		return err
	}
	today := w.today(pl.community, t.Now)
	live, err := w.challenges(ctx, pl.group, today)
	if err != nil {
		return err
	}
	first, rest, _ := strings.Cut(args, " ")
	c, named := byName(live, first)
	if named {
		args = rest
	} else {
		c = defaultOf(live, today)
	}
	if today < c.StartDay {
		return bot.Userf("「%s」打卡从%s开始，到时再来哦。", c.Name, c.StartDay)
	}
	note := []rune(strings.TrimSpace(args))
	if len(note) > 200 {
		note = note[:200]
	}
	ck := Checkin{ChallengeID: c.ID, MemberID: t.Member.ID, Day: today, Note: string(note), Source: t.Msg.ID, At: t.Now}
	if !pl.private {
		ck.PhotoGroup, ck.PhotoSince = pl.group, t.Now.Add(-w.cfg.PhotoWindow)
	}
	o, r, err := w.record(ctx, ck, c, t.Member, today)
	if err != nil {
		return err
	}
	label := ""
	if len(live) > 1 {
		label = c.Name
	}
	if !r.Added {
		if pl.private {
			t.Reply(fmt.Sprintf("您今天已经在%s打过「%s」的卡了（第%d天），明天再来哦。", pl.group, c.Name, len(r.Progress.Days)))
			return nil
		}
		return w.ack(ctx, t, pl, Ack{MemberID: t.Member.ID, Text: t.Member.Name + " 今天已打过" + label + "卡"})
	}
	if o.completed {
		w.announce(t, c, t.Member)
		w.certify(t, c, t.Member, today)
	}
	if pl.private {
		msg := fmt.Sprintf("已在%s为您打卡：「%s」第%d天，连续%d天，+%d积分。", pl.group, c.Name, o.done, o.streak, o.earned)
		t.Reply(msg)
		return w.answerAside(ctx, t, c, t.Msg.Text, today)
	}
	if err := w.answerAside(ctx, t, c, t.Msg.Text, today); err != nil {
		return err
	}
	text := fmt.Sprintf("%s %s第%d天", t.Member.Name, label, o.done)
	if len(o.bonuses) > 0 {
		text += "（" + strings.Join(o.bonuses, "，") + "）"
	}
	return w.ack(ctx, t, pl, Ack{MemberID: t.Member.ID, Text: text, Checkin: true, Photo: r.Photo})
}

// record stores today's check-in ck in challenge c and, when it is new,
// awards it: the day's points and the member's days in one store call,
// then the bonuses they unlock.
func (w *Workflow) record(ctx context.Context, ck Checkin, c Challenge, m bot.Member, today Day) (outcome, Recorded, error) {
	var o outcome
	e := w.dayEntry(c, m, false, ck.Source, ck.At)
	if e.Amount <= 0 {
		// Days that earn nothing: the plain check-in, then its progress.
		added, photo, err := w.store.AddCheckin(ctx, ck)
		if err != nil {
			return o, Recorded{}, err
		}
		r := Recorded{Added: added, Photo: photo}
		if r.Progress, err = w.store.Progress(ctx, c.ID, m.ID); err != nil || !added {
			return o, r, err
		}
		return o, r, w.bonuses(ctx, &o, c, m, r.Progress, today, today, ck.At)
	}
	r, err := w.store.AddCheckinAndCredit(ctx, ck, e)
	if err != nil || !r.Added {
		return o, r, err
	}
	if r.Credited {
		o.earned += e.Amount
	}
	return o, r, w.bonuses(ctx, &o, c, m, r.Progress, today, today, ck.At)
}

// namedDay is a day named in a sentence asking for a make-up card.
var namedDay = gatedre.MustCompile(`大前天|前天|昨天|\d{1,2}月\d{1,2}[日号]?|\d{1,2}[日号]`)

// longAgo names days a make-up card never reaches: 「那把上礼拜的也补上呗」.
var longAgo = gatedre.MustCompile(`上(个)?(周|礼拜|星期|月)|(开始|活动)(以|之)?前|大大前天|好几天前|前几天`)

// missedTold is a missed day told without asking for the card.
var missedTold = gatedre.MustCompile(`(忘|没|漏).{0,2}(打卡|打|签到)`)

// claimedSent says a check-in was sent that never arrived: 「我昨天打了的
// 网卡没发出去」「打了卡系统没记上」.
var claimedSent = gatedre.MustCompile(`(打|签)(了|过)(卡|到)?(的)?.{0,10}(没发出去|发不出去|网卡|没网|断网|没显示|没记上|没收到|没算|系统)`)

// notForOthers answers a request to check somebody else in.
func notForOthers(ctx context.Context, t *bot.Turn) error {
	if strings.Contains(t.Args, "补") {
		t.Reply("补卡和打卡一样要本人来，不能替别人补，也不能用您的补卡。家里老人不会用手机的，可以发「求助 教老人用手机打卡」，请志愿者上门教。")
		return nil
	}
	t.Reply("打卡要本人在群里发「打卡」，不能替别人打。家里老人不会用手机的，可以发「求助 教老人用手机打卡」，请志愿者上门教。")
	return nil
}

// makeupGrantedIntent is a coordinator asking to make up a resident's
// missed days (「钱阿婆住院三天没打上卡…我想给她把这三天补上 要怎么弄」).
func makeupGrantedIntent() intent.Decl {
	return intent.Decl{Name: "makeup_granted", Label: "给居民补卡", Shape: intent.Free, Asks: true, Role: int(bot.Coordinator),
		Cues: []string{`(给|帮|替)(她|他|\p{Han}{2,3})把.{0,6}(补上|补卡|补打|补一下)`, `(住院|生病|出门|回老家).{0,12}(没打上|没打|断了).{0,20}补`}}
}

// makeupGranted tells a coordinator how a resident's missed days are made
// up: check-ins are the resident's own, and the points can be given.
func (w *Workflow) makeupGranted(ctx context.Context, t *bot.Turn) error {
	t.Reply(fmt.Sprintf("打卡和补卡都要居民本人发，别人（包括社区工作人员）替不了：她发「补卡」就能补最近漏的一天，每人%d次。住院这类情况，漏的天数超过补卡次数的，可以给她补上积分：发「加积分 名字 分数 原因」，比如「加积分 钱阿婆 30 住院期间补卡」。连续天数从她再打卡那天重新算。", w.cfg.MakeupCards))
	return nil
}

func (w *Workflow) makeup(ctx context.Context, t *bot.Turn) error {
	const usage = "补卡格式：“补卡”补最近漏打的一天，或“补卡 11月22日”。"
	if t.Keyword == "" && claimedSent.MatchString(t.Args) {
		// 「我昨天打了的 网卡没发出去 你给我补上」: only what arrived
		// counts; the make-up card is the way, and asked for, not spent.
		t.Reply(fmt.Sprintf("我这里只认收到的打卡，没收到的那天没法算打过。可以用补卡补上：发送“补卡”补最近漏打的一天，或“补卡 11月22日”。每人%d次。", w.cfg.MakeupCards))
		return nil
	}
	if t.Keyword == "" && missedTold.MatchString(t.Args) && !strings.Contains(t.Args, "补") {
		// 「昨天忘打卡了」 tells of a missed day; a card is spent only
		// when asked for, and 「…还能补上吗」 asks for it.
		t.Reply(fmt.Sprintf("漏打的那天可以补：发送“补卡”补最近漏打的一天，或“补卡 11月22日”。每人%d次。", w.cfg.MakeupCards))
		return nil
	}
	pl, args, err := w.where(ctx, t, t.Args)
	if err != nil {
		return err
	}
	if t.Keyword == "" {
		// Asked in a sentence (「昨天忘了打卡补一下」): only the day it
		// names counts, or none for the last day missed.
		args = strings.Join(slices.Compact(namedDay.FindAllString(args, -1)), " ")
	}
	today := w.today(pl.community, t.Now)
	window := Day(w.cfg.MakeupWindowDays)
	live, err := w.challenges(ctx, pl.group, today-window)
	if err != nil {
		return err
	}
	c := defaultOf(live, today)
	if t.Keyword == "" && c.ID != 0 && longAgo.MatchString(t.Args) && !namedDay.MatchString(t.Args) {
		// 「那把上礼拜的也补上呗」: before the challenge, or beyond the
		// window, no card reaches.
		return bot.Userf("补卡只能补「%s」活动期内（%s开始）、最近%d天漏打的卡，更早的补不了。", c.Name, c.StartDay, w.cfg.MakeupWindowDays)
	}
	p, err := w.store.Progress(ctx, c.ID, t.Member.ID)
	if err != nil {
		return err
	}
	left := w.cfg.MakeupCards - p.Makeups
	joined := c.StartDay
	if seen, err := w.store.FirstSeen(ctx, t.Member.ID, pl.group); err != nil {
		return err
	} else if !seen.IsZero() {
		joined = max(joined, w.today(pl.community, seen))
	}
	// fits says why a day cannot be made up, if it cannot.
	fits := func(target Day) error {
		switch {
		case target > today:
			return bot.Userf("不能给还没到的日子补卡。")
		case target == today:
			return bot.Userf("今天的卡请直接发送“打卡”。")
		case target < c.StartDay || target > c.EndDay():
			return bot.Userf("%s不在「%s」活动期内（%s—%s）。", target, c.Name, c.StartDay, c.EndDay())
		case target < joined:
			return bot.Userf("%s您还没有加入本群，不能补那天的卡。", target)
		case target < today-window:
			return bot.Userf("只能补最近%d天的卡，%s已经过了补卡时间。", w.cfg.MakeupWindowDays, target)
		case has(p.Days, target):
			return bot.Userf("%s已经打过卡了，不用补。", target)
		}
		return nil
	}
	if days := slices.Compact(namedDay.FindAllString(args, -1)); t.Keyword == "" && len(days) > 1 && c.ID != 0 {
		// 「前天昨天都忘了 俩天都能补上吗」: each named day, oldest first,
		// when the cards reach them all; else say how many are left and
		// how to name the day.
		var targets []Day
		var notes []error
		for _, name := range days {
			d, ok := ParseDay(name, today)
			if !ok {
				return bot.Userf(usage)
			}
			if slices.Contains(targets, d) {
				continue // 「前天…补一下6号的」: one day, named twice
			}
			if err := fits(d); err != nil {
				notes = append(notes, err)
				continue
			}
			targets = append(targets, d)
		}
		if len(targets) == 0 {
			return notes[0]
		}
		if len(targets) > left {
			t.Reply(fmt.Sprintf("补卡一次补一天，您「%s」还能补%d天。要补哪天，就发「补卡 %s」，一天发一条。", c.Name, max(0, left), days[len(days)-1]))
			return nil
		}
		for _, n := range notes {
			t.Reply(n.Error())
		}
		slices.Sort(targets)
		for i, d := range targets {
			source := t.Msg.ID
			if i > 0 {
				source = fmt.Sprintf("%s#%d", t.Msg.ID, i)
			}
			if err := w.makeUpDay(ctx, t, c, d, today, left, source); err != nil {
				return err
			}
			left--
		}
		return w.todayToo(ctx, t, c, p, today)
	}
	target, named := Day(0), false
	for _, tok := range strings.Fields(args) {
		if ch, ok := byName(live, tok); ok {
			c = ch
			continue
		}
		d, ok := ParseDay(strings.TrimSuffix(strings.TrimPrefix(tok, "补"), "的"), today)
		if !ok || named {
			return bot.Userf(usage)
		}
		target, named = d, true
	}
	if left <= 0 {
		return bot.Userf("您在「%s」的%d次补卡已经用完了。", c.Name, w.cfg.MakeupCards)
	}
	if named {
		if err := fits(target); err != nil {
			return err
		}
	} else {
		found := false
		for d := min(today-1, c.EndDay()); d >= max(joined, today-window) && !found; d-- {
			target, found = d, !has(p.Days, d)
		}
		if !found {
			return bot.Userf("最近%d天没有漏打的卡，不用补。", w.cfg.MakeupWindowDays)
		}
	}
	if err := w.makeUpDay(ctx, t, c, target, today, left, t.Msg.ID); err != nil {
		return err
	}
	return w.todayToo(ctx, t, c, p, today)
}

// makeUpDay spends a make-up card on target and says so; left is the
// cards left before it, source the message (and part) that asked.
func (w *Workflow) makeUpDay(ctx context.Context, t *bot.Turn, c Challenge, target, today Day, left int, source string) error {
	added, _, err := w.store.AddCheckin(ctx, Checkin{ChallengeID: c.ID, MemberID: t.Member.ID, Day: target,
		Makeup: true, Source: source, At: t.Now})
	if err != nil {
		return err
	}
	if !added {
		return bot.Userf("%s已经打过卡了，不用补。", target)
	}
	o, err := w.award(ctx, c, t.Member, target, today, true, source, t.Now)
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("%s补卡成功：「%s」%s，已打卡%d/%d天，连续%d天，+%d积分，补卡还剩%d次。",
		t.Member.Name, c.Name, target, o.done, c.Days, o.streak, o.earned, left-1)
	if len(o.bonuses) > 0 {
		msg += "（含" + strings.Join(o.bonuses, "，") + "）"
	}
	t.Reply(msg)
	if o.completed {
		w.announce(t, c, t.Member)
		w.certify(t, c, t.Member, today)
	}
	return nil
}

// todayToo checks in today as well when a make-up's words ask for it.
func (w *Workflow) todayToo(ctx context.Context, t *bot.Turn, c Challenge, p Progress, today Day) error {
	if t.Keyword == "" && todayWords.MatchString(t.Msg.Text) && !has(p.Days, today) && today <= c.EndDay() {
		// 「今天打卡 顺便把昨天补上」: today's check-in as well, recorded
		// under its own source.
		id := t.Msg.ID
		t.Msg.ID, t.Keyword, t.Args = id+"#today", "打卡", ""
		defer func() { t.Msg.ID = id }()
		return w.checkin(ctx, t)
	}
	return nil
}

// todayWords check in today beside a make-up: 「今天打卡 顺便把昨天补上」
// 「那就补两天 今天也打卡」.
var todayWords = gatedre.MustCompile(`今天(也|的)?(要)?(打卡|签到|打上|打)|今天的也`)

func (w *Workflow) mine(ctx context.Context, t *bot.Turn) error {
	community := t.Chat.Community
	st, err := w.store.StandingOf(ctx, community, t.Member.ID)
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s的积分：%d", t.Member.Name, st.Points)
	if st.Rank > 0 {
		fmt.Fprintf(&b, "（社区第%d名）", st.Rank)
	}
	groups, err := w.asked(ctx, t)
	if err != nil {
		return err
	}
	today := w.today(community, t.Now)
	for _, g := range groups {
		open, err := w.store.OpenChallenges(ctx, g)
		if err != nil {
			return err
		}
		for _, c := range open {
			if c.EndDay() < today-Day(w.cfg.MakeupWindowDays) {
				continue
			}
			p, err := w.store.Progress(ctx, c.ID, t.Member.ID)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, "\n「%s」已打卡%d/%d天，连续%d天，%s补卡剩%d次", c.Name, len(p.Days), c.Days,
				Streak(p.Days, today), todayStatus(c, p, today), max(0, w.cfg.MakeupCards-p.Makeups))
			if !t.InGroup() {
				fmt.Fprintf(&b, "（%s）", g)
			}
		}
	}
	t.Reply(b.String())
	return nil
}

// asksAside is a question said beside a check-in (「打卡 补卡还剩几张」
// 「第七天打卡 是不是有奖励」「打卡 我几分好多了」): of one's points, days,
// make-up cards or the rewards.
var asksAside = gatedre.MustCompile(`几分|多少分|积分|几张|补卡|奖励|奖品|第几天|几天了|第一次|算数|算不算|够不够|够了吧|够换`)

// answerAside answers, privately, a question said beside a check-in in
// challenge c (where the member stands, and the rewards when asked), or
// another's check-in asked for beside one's own.
func (w *Workflow) answerAside(ctx context.Context, t *bot.Turn, c Challenge, note string, today Day) error {
	if checkedInForThem.MatchString(intent.Fold(note)) {
		// 「签到 顺手把隔壁张婶的也签上」: one's own is done, theirs is not.
		t.ReplyPrivately("只给您自己打上了：打卡要本人来，别人的请他们自己发「打卡」。家里老人不会用手机的，可以发「求助 教老人用手机打卡」，请志愿者上门教。")
		return nil
	}
	if !asksAside.MatchString(note) {
		return nil
	}
	st, err := w.store.StandingOf(ctx, t.Chat.Community, t.Member.ID)
	if err != nil {
		return err
	}
	p, err := w.store.Progress(ctx, c.ID, t.Member.ID)
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("「%s」您已打卡%d/%d天，连续%d天，现在%d积分，补卡还剩%d次。", c.Name, len(p.Days), c.Days,
		Streak(p.Days, today), st.Points, max(0, w.cfg.MakeupCards-p.Makeups))
	if strings.Contains(note, "奖") {
		msg += "\n" + w.rules(c.Days)
	}
	t.ReplyPrivately(msg)
	return nil
}

// asked are the groups a question is about: the group it was asked in,
// or, asked privately, every group the member was seen in.
func (w *Workflow) asked(ctx context.Context, t *bot.Turn) ([]string, error) {
	if t.InGroup() {
		return []string{t.Chat.Name}, nil
	}
	return w.store.MemberGroups(ctx, t.Member.ID)
}

// rules are how a challenge of days earns points, as its announcement
// and 「打卡有什么用」 give them.
func (w *Workflow) rules(days int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "每天在群里发送“打卡”（可附一句话或照片），每次+%d积分", w.cfg.CheckinPoints)
	var bonus []string
	for n := 1; n <= days; n++ {
		if p, ok := w.cfg.StreakBonuses[n]; ok && p > 0 {
			bonus = append(bonus, fmt.Sprintf("连续%d天+%d", n, p))
		}
	}
	if len(bonus) > 0 {
		fmt.Fprintf(&b, "；%s", strings.Join(bonus, "、"))
	}
	if w.cfg.CompletionBonus > 0 {
		fmt.Fprintf(&b, "；全部完成再奖%d积分", w.cfg.CompletionBonus)
	}
	b.WriteString("。")
	if w.cfg.MakeupCards > 0 {
		fmt.Fprintf(&b, "\n漏打了可以发送“补卡”，每人%d次。", w.cfg.MakeupCards)
	}
	return b.String()
}

// explainRules answers 「打卡有什么用」「积分怎么算」: the rules of the
// challenges running where the asker checks in, or of any challenge when
// none runs; points buy gifts in the shop.
func (w *Workflow) explainRules(ctx context.Context, t *bot.Turn) error {
	groups, err := w.asked(ctx, t)
	if err != nil {
		return err
	}
	today := w.today(t.Chat.Community, t.Now)
	var b strings.Builder
	for _, g := range groups {
		open, err := w.store.OpenChallenges(ctx, g)
		if err != nil {
			return err
		}
		for _, c := range open {
			if c.EndDay() < today {
				continue
			}
			if b.Len() > 0 {
				b.WriteString("\n")
			}
			fmt.Fprintf(&b, "「%s」%d天打卡（%s—%s）：%s", c.Name, c.Days, c.StartDay, c.EndDay(), w.rules(c.Days))
		}
	}
	if b.Len() == 0 {
		longest := 0
		for n := range w.cfg.StreakBonuses {
			longest = max(longest, n)
		}
		switch {
		case len(groups) == 0 && t.Msg.Chat.Channel == bot.OfficialAccount:
			// Somebody who only follows the Official Account checks in
			// here, once the community is chosen.
			fmt.Fprintf(&b, "在公众号这里也能打卡：先发送「选择社区」选好您的社区，以后每天在这里发送“打卡”就行。打卡的规则：%s", w.rules(longest))
		case len(groups) == 0:
			// Somebody not yet seen in any group: which challenge runs
			// where they live is not known here.
			fmt.Fprintf(&b, "在您的小区群里发送“打卡”就参加了。打卡的规则：%s", w.rules(longest))
		default:
			fmt.Fprintf(&b, "现在没有进行中的打卡活动。社区发起后：%s", w.rules(longest))
		}
	}
	b.WriteString("\n漏打一天，已经得的积分不会扣，只是连续天数从头算。攒下的积分可以在「积分商城」换礼品。")
	t.Reply(b.String())
	return nil
}

// todayStatus says, while the challenge runs, whether today's check-in is
// done (「我今天打卡没」 is answered by the points reply).
func todayStatus(c Challenge, p Progress, today Day) string {
	switch {
	case today < c.StartDay || today > c.EndDay():
		return ""
	case slices.Contains(p.Days, today):
		return "今天已打卡，"
	}
	return "今天还没打卡，"
}

func (w *Workflow) share(ctx context.Context, t *bot.Turn) error {
	tip := strings.TrimSpace(strings.TrimLeft(t.Args, ":：，, "))
	if n := len([]rune(tip)); n < w.cfg.ShareMinRunes {
		return bot.Userf("分享内容至少要%d个字，例如：分享 用过的电池要投进有害垃圾桶。", w.cfg.ShareMinRunes)
	}
	community := t.Chat.Community
	today := w.today(community, t.Now)
	ok, err := w.store.Credit(ctx, points.Entry{MemberID: t.Member.ID, Community: community, Amount: w.cfg.SharePoints,
		Reason: "分享", SourceKey: fmt.Sprintf("share:%s:%d:%d", community, t.Member.ID, today), At: t.Now})
	if err != nil {
		return err
	}
	if !t.InGroup() {
		if ok {
			t.Reply(fmt.Sprintf("谢谢分享！+%d积分。", w.cfg.SharePoints))
		} else {
			t.Reply("谢谢分享！今天的分享积分已经领过了。")
		}
		return nil
	}
	text := fmt.Sprintf("%s 分享+%d分", t.Member.Name, w.cfg.SharePoints)
	if !ok {
		text = t.Member.Name + " 分享（今日积分已领）"
	}
	return w.ack(ctx, t, place{group: t.Chat.Name, community: community}, Ack{MemberID: t.Member.ID, Text: text})
}

func (w *Workflow) setNudge(ctx context.Context, t *bot.Turn, on bool) ([]string, error) {
	groups := []string{t.Chat.Name}
	if !t.InGroup() {
		all, err := w.store.MemberGroups(ctx, t.Member.ID)
		if err != nil {
			return nil, err
		}
		groups = groups[:0]
		for _, g := range all {
			open, err := w.store.OpenChallenges(ctx, g)
			if err != nil {
				return nil, err
			}
			if len(open) > 0 {
				groups = append(groups, g)
			}
		}
		if len(groups) == 0 {
			return nil, bot.Userf("您所在的群现在都没有打卡活动。")
		}
	}
	for _, g := range groups {
		if err := w.store.SetNudge(ctx, t.Member.ID, g, on, t.Now); err != nil {
			return nil, err
		}
	}
	return groups, nil
}

func (w *Workflow) nudgeOn(ctx context.Context, t *bot.Turn) error {
	if _, err := w.setNudge(ctx, t, true); err != nil {
		return err
	}
	t.Reply(fmt.Sprintf("好的，%s每晚8点您还没打卡的话，我会私信提醒您。发送“取消打卡提醒”可关闭。", nameIfGroup(t)))
	return nil
}

func (w *Workflow) nudgeOff(ctx context.Context, t *bot.Turn) error {
	if _, err := w.setNudge(ctx, t, false); err != nil {
		return err
	}
	t.Reply(nameIfGroup(t) + "已关闭打卡提醒。")
	return nil
}

func nameIfGroup(t *bot.Turn) string {
	if t.InGroup() {
		return t.Member.Name + "，"
	}
	return ""
}

// daysForms are the ways a coordinator writes a challenge's length, most
// certain first: 「21天」, 「二十一天」, or a number standing on its own
// (「发起打卡 垃圾分类 21」). Each has the number as its first group.
var daysForms = []*gatedre.Regexp{
	gatedre.MustCompile(`(\d+)\s*天`),
	gatedre.MustCompile(`([零一二两三四五六七八九十百]+)\s*天`),
	gatedre.MustCompile(`(?:^|\s)(\d+)(?:\s|$)`),
}

// challengeDays finds the length of a challenge in a 发起打卡 line and
// returns it (-1 when it is no number a challenge can have) with the rest
// of the line; found is false when the line gives none.
func challengeDays(args string) (days int, rest string, found bool) {
	for _, re := range daysForms {
		m := re.FindStringSubmatchIndex(args)
		if m == nil {
			continue
		}
		word := args[m[2]:m[3]]
		n, ok := numerals.Parse(word)
		if !ok || utf8.RuneCountInString(word) > 6 {
			n = -1
		}
		return n, args[:m[0]] + " " + args[m[1]:], true
	}
	return 0, args, false
}

func (w *Workflow) start(ctx context.Context, t *bot.Turn) error {
	const usage = "格式：发起打卡 垃圾分类 21天 [开始日期]"
	groups, args, err := w.dir.Targets(t, t.Chat.Community, t.Args, "发起打卡 @"+w.exampleGroup(t.Chat.Community)+" 垃圾分类 21天", true)
	if err != nil {
		return err
	}
	today := w.today(t.Chat.Community, t.Now)
	days, rest, found := challengeDays(args)
	if !found {
		return bot.Userf("请写明天数。" + usage)
	}
	if days < 1 || days > w.cfg.MaxDays {
		return bot.Userf("打卡天数要在1到%d天之间。", w.cfg.MaxDays)
	}
	name, startDay, dated := "", today, false
	for _, tok := range strings.Fields(rest) {
		tok = strings.TrimSuffix(strings.TrimPrefix(tok, "从"), "开始")
		if d, ok := ParseDay(tok, today); ok && !dated {
			startDay, dated = d, true
			continue
		}
		if tok == "" {
			continue
		}
		if name != "" {
			return bot.Userf("活动名称里不要有空格。" + usage)
		}
		name = tok
	}
	switch {
	case name == "":
		return bot.Userf("请写明活动名称。" + usage)
	case len([]rune(name)) > 12:
		return bot.Userf("活动名称请控制在12个字以内。")
	case startDay < today:
		return bot.Userf("开始日期不能早于今天。")
	case startDay > today+90:
		return bot.Userf("开始日期太远了，请在90天内开始。")
	}
	var started []string
	var c Challenge
	for _, g := range groups {
		var err error
		c, err = w.store.CreateChallenge(ctx, Challenge{Community: t.Chat.Community, Group: g, Name: name,
			Days: days, StartDay: startDay, CreatedBy: t.Member.ID, CreatedAt: t.Now})
		if errors.Is(err, ErrDuplicateChallenge) {
			if t.InGroup() {
				return bot.Userf("本群已经有进行中的「%s」打卡了。", name)
			}
			return bot.Userf("「%s」已经有进行中的「%s」打卡了。", g, name)
		}
		if err != nil {
			return err
		}
		var b strings.Builder
		fmt.Fprintf(&b, "「%s」%d天打卡开始啦！\n时间：%s—%s\n%s", c.Name, c.Days, c.StartDay, c.EndDay(), w.rules(c.Days))
		open, err := w.store.OpenChallenges(ctx, g)
		if err != nil {
			return err
		}
		if len(open) > 1 {
			fmt.Fprintf(&b, "\n本群同时有多个打卡活动，发送“打卡 %s”为它打卡。", c.Name)
		}
		t.Send(bot.GroupAddress(g), b.String())
		started = append(started, g)
	}
	if !t.InGroup() {
		t.Reply(fmt.Sprintf("已在%s发起「%s」%d天打卡（%s—%s），通知已发到群里。", strings.Join(started, "、"), c.Name, c.Days, c.StartDay, c.EndDay()))
	}
	return nil
}

// exampleGroup is a group of the community to show in an example.
func (w *Workflow) exampleGroup(community string) string {
	if gs := w.dir.Groups(community); len(gs) > 0 {
		return gs[0]
	}
	return "群名"
}

func (w *Workflow) end(ctx context.Context, t *bot.Turn) error {
	open, err := w.store.OpenChallenges(ctx, t.Chat.Name)
	if err != nil {
		return err
	}
	if len(open) == 0 {
		return bot.Userf(noChallenge)
	}
	name := strings.TrimSpace(t.Args)
	var c Challenge
	switch {
	case name != "":
		var ok bool
		if c, ok = byName(open, name); !ok {
			return bot.Userf("本群没有进行中的「%s」打卡。", name)
		}
	case len(open) > 1:
		names := make([]string, len(open))
		for i, c := range open {
			names[i] = c.Name
		}
		return bot.Userf("本群有多个打卡活动：%s。请发送“结束打卡 名称”。", strings.Join(names, "、"))
	default:
		c = open[0]
	}
	rows, err := w.store.Board(ctx, c.ID)
	if err != nil {
		return err
	}
	finished := 0
	for _, r := range rows {
		if r.DaysIn >= c.Days {
			finished++
		}
	}
	if err := w.store.EndChallenge(ctx, c.ID, t.Now); err != nil {
		return err
	}
	t.Reply(fmt.Sprintf("「%s」打卡已结束，共%d人参加，%d人完成全部%d天。谢谢大家！", c.Name, len(rows), finished, c.Days))
	return nil
}

// photo attaches a photo to a check-in in the same minute, or remembers it
// for a 打卡 that follows. It stays silent either way.
func (w *Workflow) photo(ctx context.Context, t *bot.Turn) error {
	if t.Msg.Kind != bot.Image || !t.InGroup() {
		return bot.ErrPass
	}
	open, err := w.store.OpenChallenges(ctx, t.Chat.Name)
	if err != nil {
		return err
	}
	if len(open) == 0 {
		return bot.ErrPass
	}
	attached, err := w.store.AttachPhoto(ctx, t.Chat.Name, t.Member.ID, t.Now.Add(-w.cfg.PhotoWindow))
	if err != nil {
		return err
	}
	if attached {
		return w.store.MarkAckPhoto(ctx, t.Chat.Name, t.Member.ID)
	}
	return w.store.NotePhoto(ctx, t.Chat.Name, t.Member.ID, t.Now)
}
