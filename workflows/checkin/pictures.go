package checkin

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"linli/bot"
	"linli/bot/intent"
	"linli/pictures"
	"linli/scheduler"
	"linli/timeexpr"
)

// posterTimerKind fires a group's weekly poster on the schedule its
// coordinator set; groups without one get theirs from the weekly job.
const posterTimerKind = "checkin.poster"

// calendarKeywords are the ways residents ask for their calendar.
var calendarKeywords = []string{"我的打卡日历", "打卡日历", "我的日历", "看看我的打卡日历", "查看打卡日历", "我的打卡记录", "打卡记录"}

// picture draws with draw and wraps the PNG for the outbox; nil when there
// is no renderer or drawing failed (logged), so the caller sends text.
func (w *Workflow) picture(name string, draw func(r *pictures.Renderer) ([]byte, error)) *bot.Picture {
	if w.pics == nil {
		return nil
	}
	png, err := draw(w.pics)
	if err != nil {
		w.picLog.Error("drawing a picture failed; sending its text", "picture", name, "err", err)
		return nil
	}
	return &bot.Picture{Name: name, PNG: png}
}

// fileName is a picture's file name: what it is, for whom, and the day.
func fileName(what, who string, d Day) string {
	who = strings.ReplaceAll(pictures.SafeName(who), "*", "")
	return fmt.Sprintf("%s-%s-%s.png", what, who, d.Date().Format("2006-01-02"))
}

// calendar answers 「我的打卡日历」 with the member's calendar of the
// group's current challenge, in the chat they asked in.
func (w *Workflow) calendar(ctx context.Context, t *bot.Turn) error {
	pl, args, err := w.where(ctx, t, t.Args)
	if err != nil {
		return err
	}
	today := w.today(pl.community, t.Now)
	live, err := w.challenges(ctx, pl.group, today-Day(w.cfg.MakeupWindowDays))
	if err != nil {
		return err
	}
	c, named := byName(live, strings.TrimSpace(args))
	if !named {
		c = defaultOf(live, today)
	}
	p, err := w.store.Progress(ctx, c.ID, t.Member.ID)
	if err != nil {
		return err
	}
	k := pictures.Calendar{Name: t.Member.Name, Challenge: c.Name, Streak: Streak(p.Days, today),
		Today: int(min(max(today-c.StartDay+1, 0), Day(c.Days)))}
	for d := c.StartDay; d <= c.EndDay(); d++ {
		mark := pictures.Missed
		switch {
		case has(p.MadeUp, d):
			mark = pictures.MadeUp
		case has(p.Days, d):
			mark = pictures.Checked
		case d > today:
			mark = pictures.Ahead
		}
		k.Days = append(k.Days, pictures.CalendarDay{Date: d.Date(), Mark: mark})
	}
	text := k.Text()
	pic := w.picture(fileName("打卡日历", t.Member.Name, today), func(r *pictures.Renderer) ([]byte, error) { return r.Calendar(k) })
	if pic == nil {
		t.Reply(text)
		return nil
	}
	t.ReplyPicture(text, *pic)
	return nil
}

// certify sends a member who completed a challenge their certificate,
// privately, to post in their Moments.
func (w *Workflow) certify(t *bot.Turn, c Challenge, m bot.Member, today Day) {
	k := pictures.Certificate{Name: m.Name, Challenge: c.Name, Community: c.Community, Days: c.Days,
		From: c.StartDay.Date(), To: c.EndDay().Date(), Issued: today.Date()}
	to := bot.MemberAddress(m)
	pic := w.picture(fileName("证书", m.Name, today), func(r *pictures.Renderer) ([]byte, error) { return r.Certificate(k) })
	if pic == nil {
		t.Send(to, k.Text())
		return
	}
	t.Send(to, "恭喜您完成「"+c.Name+"」！这是您的荣誉证书，欢迎分享到朋友圈，邀请朋友一起参加。")
	t.SendPicture(to, k.Text(), *pic)
}

// poster is a group's weekly 光荣榜, with the text board as its words. It
// covers the seven days up to yesterday when it goes out in the morning,
// up to today from noon on; ok is false when nobody is on the board.
func (w *Workflow) poster(ctx context.Context, g groupRun, at time.Time) (bot.Outgoing, bool, error) {
	c := g.running[0]
	r, _, err := w.rankBoard(ctx, c, g.today, 0)
	if err != nil || len(r.rows) == 0 {
		return bot.Outgoing{}, false, err
	}
	day := int(g.today-c.StartDay) + 1
	to := g.today
	if at.In(w.dir.Location(g.community)).Hour() < 12 {
		to--
	}
	p := pictures.Poster{Community: g.community, Group: g.group, Challenge: c.Name, Day: day, Days: c.Days,
		From: (to - 6).Date(), To: to.Date()}
	for i, row := range r.rows {
		p.Top = append(p.Top, pictures.Leader{Name: row.Name, Streak: r.streaks[i], Total: row.DaysIn})
	}
	all, err := w.store.Board(ctx, c.ID)
	if err != nil {
		return bot.Outgoing{}, false, err
	}
	p.More = max(0, len(all)-len(p.Top))
	rates, err := w.weekRates(ctx, at)
	if err != nil {
		return bot.Outgoing{}, false, err
	}
	for i, rt := range rates {
		if rt.community == g.community {
			p.Rate, p.Rank, p.Of = float64(rt.checked)/float64(max(rt.seen, 1)), i+1, len(rates)
		}
	}
	out := bot.Outgoing{To: bot.GroupAddress(g.group), Text: p.Text()}
	out.Picture = w.picture(fileName("光荣榜", g.group, to), func(r *pictures.Renderer) ([]byte, error) { return r.Poster(p) })
	return out, true, nil
}

// weekRates is every community's participation over the seven days up to
// today, best first.
func (w *Workflow) weekRates(ctx context.Context, at time.Time) ([]rate, error) {
	var out []rate
	for _, c := range w.dir.Communities() {
		groups := w.dir.Groups(c.Name)
		if len(groups) == 0 {
			continue
		}
		seen, err := w.store.MembersSeen(ctx, groups...)
		if err != nil {
			return nil, err
		}
		d := w.today(c.Name, at)
		n, err := w.store.CheckedInGroups(ctx, groups, d-6, d)
		if err != nil {
			return nil, err
		}
		out = append(out, rate{c.Name, n, max(seen, n)})
	}
	slices.SortFunc(out, rate.less)
	return out, nil
}

// posterTimer fires a group's poster on its own schedule.
func (w *Workflow) posterTimer(ctx context.Context, tm scheduler.Timer, _ time.Duration) ([]bot.Outgoing, error) {
	group := tm.Payload
	community, _ := w.dir.CommunityOf(group)
	open, err := w.store.OpenChallenges(ctx, group)
	if err != nil {
		return nil, err
	}
	now := w.clock.Now()
	today := w.today(community, now)
	var running []Challenge
	for _, c := range open {
		if c.StartDay <= today && today <= c.EndDay() {
			running = append(running, c)
		}
	}
	if len(running) == 0 {
		return nil, nil
	}
	out, ok, err := w.poster(ctx, groupRun{group: group, community: community, today: today, running: running}, now)
	if err != nil || !ok {
		return nil, err
	}
	out.Source = fmt.Sprintf("timer:%s@%d", tm.Key, now.UnixMilli())
	return []bot.Outgoing{out}, nil
}

func posterTimerKey(group string) string { return posterTimerKind + ":" + group }

// defaultPosterTime is when the weekly job posts a group's poster.
const defaultPosterTime = "每周一 09:00"

// posterAskIntent asks for the week's ranking to be posted in the groups
// (「我想每个礼拜一早上把上周的打卡排名发到群里 这个要怎么弄」): it already is.
func posterAskIntent() intent.Decl {
	return intent.Decl{Name: "poster_ask", Label: "光荣榜", Shape: intent.Free, Asks: true,
		Cues: []string{`(排名|排行|排行榜|光荣榜).{0,12}(发到群|发群里|发在群|每周|每个礼拜|每礼拜|定时发|自动发)`, `(每周|每个礼拜|每礼拜|每个星期|每星期).{0,14}(排名|排行|排行榜|光荣榜).{0,10}(发|晒|贴)`, `(排名|排行|排行榜|光荣榜).{0,4}(每周|每个礼拜|每礼拜|每个星期|每星期|周[一二三四五六日天]|星期[一二三四五六日天])(发|晒|贴)`}}
}

// explainPoster says when the weekly poster goes out and how to move it.
var explainPoster = bot.Answer("每个有打卡活动的群，" + defaultPosterTime + "会自动收到上周的打卡光荣榜（排名图），不用另外设置。社区工作人员想改时间，在群里发「光荣榜时间 每周一 8:00」。")

// posterTime lets a coordinator move the group's weekly poster
// (「光荣榜时间 每周日 20:00」) or put it back (「光荣榜时间 默认」).
func (w *Workflow) posterTime(ctx context.Context, t *bot.Turn) error {
	const usage = "格式：光荣榜时间 每周日 20:00（或“光荣榜时间 默认”恢复为" + defaultPosterTime + "）"
	arg := strings.TrimSpace(t.Args)
	key := posterTimerKey(t.Chat.Name)
	if arg == "" {
		spec, err := w.store.PosterSchedule(ctx, t.Chat.Name)
		if err != nil {
			return err
		}
		when := defaultPosterTime
		if spec != "" {
			when = "已改为自定义时间（" + spec + "）"
		}
		t.Reply("本群光荣榜发送时间：" + when + "。\n" + usage)
		return nil
	}
	if arg == "默认" || arg == "恢复默认" {
		if err := w.store.SetPosterSchedule(ctx, t.Chat.Name, "", t.Now); err != nil {
			return err
		}
		if err := w.sched.CancelTimer(ctx, key); err != nil {
			return err
		}
		t.Reply("好的，本群光荣榜恢复为" + defaultPosterTime + "发送。")
		return nil
	}
	loc := w.dir.Location(t.Chat.Community)
	e, err := timeexpr.Parse(arg, t.Now.In(loc), loc)
	if err != nil {
		var pe *timeexpr.Error
		if errors.As(err, &pe) {
			return bot.Userf("%s。\n%s", pe.Msg, usage)
		}
		return fmt.Errorf("read poster time: %w", err)
	}
	if e.Kind != timeexpr.Recurring {
		return bot.Userf("光荣榜要定期发送，请写成“每周日 20:00”这样。\n%s", usage)
	}
	next := e.NextN(t.Now.In(loc), 2)
	if len(next) == 2 && next[1].Sub(next[0]) < 24*time.Hour {
		return bot.Userf("光荣榜一天最多发一次，请写成“每周日 20:00”或“每天21:00”这样。")
	}
	if err := w.store.SetPosterSchedule(ctx, t.Chat.Name, e.Spec, t.Now); err != nil {
		return err
	}
	if err := w.sched.SetTimer(ctx, scheduler.Timer{Key: key, Kind: posterTimerKind, Payload: t.Chat.Name,
		Chat: t.Chat.Name, Spec: e.Spec, Location: loc, Policy: scheduler.Once}); err != nil {
		return err
	}
	msg := "好的，本群光荣榜改为" + e.Desc + "发送"
	if len(next) > 0 {
		msg += "，下一次：" + timeexpr.FormatTime(next[0], t.Now.In(loc))
	}
	t.Reply(msg + "。")
	return nil
}

// monthlyRanking posts, on the first of the month, the ranking of every
// community by last month's participation to each group with a running
// challenge, so communities see where they stand across the 街道.
func (w *Workflow) monthlyRanking(ctx context.Context, s scheduler.Slot, groups []groupRun) ([]bot.Outgoing, error) {
	if len(groups) == 0 {
		return nil, nil
	}
	var rates []rate
	var month time.Time
	for _, c := range w.dir.Communities() {
		members := w.dir.Groups(c.Name)
		if len(members) == 0 {
			continue
		}
		seen, err := w.store.MembersSeen(ctx, members...)
		if err != nil {
			return nil, err
		}
		last := w.today(c.Name, s.Time) - 1
		y, m, _ := last.Date().Date()
		month = time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
		n, err := w.store.CheckedInGroups(ctx, members, dayOfDate(y, m, 1), last)
		if err != nil {
			return nil, err
		}
		rates = append(rates, rate{c.Name, n, max(seen, n)})
	}
	slices.SortFunc(rates, rate.less)
	k := pictures.Ranking{Area: "各社区", Month: month}
	for _, r := range rates {
		k.Communities = append(k.Communities, pictures.CommunityRate{Name: r.community,
			Rate: float64(r.checked) / float64(max(r.seen, 1)), Checkins: r.checked})
	}
	pic := w.picture(fmt.Sprintf("社区排行-%s.png", month.Format("2006-01")), func(r *pictures.Renderer) ([]byte, error) { return r.Ranking(k) })
	var out []bot.Outgoing
	for _, g := range groups {
		out = append(out, bot.Outgoing{To: bot.GroupAddress(g.group), Text: k.Text(), Picture: pic, Source: slotSource(s, g.group)})
	}
	return out, nil
}
