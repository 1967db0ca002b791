package reminders

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"linli/bot"
	"linli/internal/fold"
	"linli/internal/gatedre"
	"linli/internal/personal"
	"linli/timeexpr"
)

const usage = "设置提醒的写法：\n" +
	"在群里：提醒 每天20:00 记得打卡\n" +
	"私聊我：提醒 @群名 明天上午9点 带身份证（所有群写 @全部）\n" +
	"时间可以写：每天晚上8点、每周六 9:00、工作日早上7点、每月1号 10:00、12月1日 9:00、cron:0 20 * * *"

// create handles `提醒 [@群名…|@全部] <when> <text>`.
// remindAsk is how a coordinator asks, in their own words, for the group
// to be told something: 「明天早上八点提醒一下大家 九点到十一点停水」.
var remindAsk = gatedre.MustCompile(`(帮我|给我|请)?(提醒|通知)(一下)?(大家|群里|居民|各位|全体居民|全楼)[，,：: ]*`)

// createSaid takes the asking words out of a coordinator's reminder told
// in their own words and reads the rest as 提醒 <时间> <内容>.
func (w *Workflow) createSaid(ctx context.Context, t *bot.Turn) error {
	t.Args = strings.TrimSpace(remindAsk.ReplaceAllString(t.Args, " "))
	return w.create(ctx, t)
}

// groupsFirst puts the groups that args name by their whole names
// without an 「@」 (「提醒 2026-12-15 18:00 新风一群 …」) in front of them,
// as 「@新风一群」.
func (w *Workflow) groupsFirst(comm, args string) string {
	if strings.Contains(args, "@") {
		return args
	}
	words := strings.Fields(args)
	var named, rest []string
	for _, word := range words {
		if slices.Contains(w.d.Directory.Groups(comm), word) {
			named = append(named, "@"+word)
		} else {
			rest = append(rest, word)
		}
	}
	if len(named) == 0 {
		return args
	}
	return strings.Join(append(named, rest...), " ")
}

func (w *Workflow) create(ctx context.Context, t *bot.Turn) error {
	args := strings.TrimSpace(t.Args)
	if args == "" {
		return bot.Userf(usage)
	}
	if lines := strings.Split(args, "\n"); len(lines) > 1 {
		return w.createEach(ctx, t, lines)
	}
	comm := t.Community()
	if comm == "" {
		return bot.Userf("我还不知道您是哪个社区的管理员，请先在社区群里和我说句话。")
	}
	groups, rest, err := w.d.Directory.Targets(t, comm, w.groupsFirst(comm, args), "提醒 @锦霞一群 每天20:00 记得打卡", false)
	if err != nil {
		return err
	}
	loc := w.location(comm)
	now := t.Now.In(loc)
	e, text, err := timeexpr.Leading(rest, now, loc)
	if err != nil {
		var pe *timeexpr.Error
		if errors.As(err, &pe) {
			return bot.Userf("%s。\n%s", pe.Msg, usage)
		}
		return fmt.Errorf("read reminder time: %w", err)
	}
	switch {
	case e.Kind == timeexpr.Window:
		return bot.Userf("「%s」是一个时间段，提醒需要具体到几点，例如 明天上午9点。", e.Desc)
	case e.Past(now):
		return bot.Userf("这个时间已经过去了：%s。请换一个将来的时间。", timeexpr.FormatTime(e.At, now))
	}
	next := e.NextN(now, 3)
	if len(next) == 0 {
		return bot.Userf("「%s」在今后五年里都不会到，请检查日期。", e.Desc)
	}
	if e.Kind == timeexpr.Recurring {
		if gap := w.shortestGap(e, now); gap < w.cfg.MinInterval {
			return bot.Userf("提醒太频繁了（每 %s 一次），两次提醒至少要间隔 %s。", span(gap), span(w.cfg.MinInterval))
		}
	}
	text = strings.TrimSpace(strings.TrimLeftFunc(text, func(r rune) bool {
		return unicode.IsSpace(r) || r == ':' || r == '：' || r == '，' || r == ','
	}))
	var until time.Time
	if e.Kind == timeexpr.Recurring {
		if body, day, ok := untilSaid(text, now, loc); ok && body != "" {
			if day.Before(now) {
				return bot.Userf("「到%s为止」已经过去了，请换一个以后的日子。", timeexpr.FormatDay(day, now))
			}
			text, until = body, day
		}
		if !until.IsZero() && until.Before(e.From) {
			return bot.Userf("「到%s为止」在开始的%s之前，请再看一下日子。", timeexpr.FormatDay(until, now), timeexpr.FormatDay(e.From, now))
		}
	}
	text = original(t.Msg.Text, text)
	if text == "" {
		return bot.Userf("提醒内容不能为空，例如：提醒 %s 记得打卡", e.Desc)
	}
	if n := len([]rune(text)); n > MaxText {
		return bot.Userf("提醒内容太长了（%d 字），请控制在 %d 字以内。", n, MaxText)
	}
	r := Reminder{
		Community:   comm,
		Groups:      groups,
		Spec:        e.Spec,
		Location:    loc.String(),
		Desc:        e.Desc,
		Text:        text,
		CreatedBy:   t.Member.ID,
		CreatorName: t.Member.Name,
		Created:     t.Now,
		Source:      t.Msg.ID,
		Until:       until,
	}
	if e.Kind == timeexpr.Once {
		r.At = e.At
	} else {
		r.At = e.From
	}
	private := privateDetail(text)
	if private != "" {
		r.State = Held
	}
	r, err = w.d.Store.AddReminder(ctx, r)
	if err != nil {
		return fmt.Errorf("create reminder: %w", err)
	}
	if private != "" {
		t.Reply(fmt.Sprintf("提醒 #%d 先不发：内容里有%s，发到「%s」后群里所有人都能看到。\n内容：%s\n确认要发，请回复「确认发送 #%d」；不发请回复「删除提醒 #%d」，改好后重新设置。",
			r.No, private, strings.Join(groups, "、"), text, r.No, r.No))
		return nil
	}
	if _, err := w.arm(ctx, r, now); err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "已设置提醒 #%d：%s%s\n发到：%s\n内容：%s", r.No, e.Desc, untilLabel(r, now), strings.Join(groups, "、"), text)
	if e.Kind == timeexpr.Recurring {
		var parts []string
		for _, n := range next {
			if until.IsZero() || !n.After(until) {
				parts = append(parts, timeexpr.FormatTime(n, now))
			}
		}
		head := "\n接下来三次："
		if len(parts) < len(next) {
			head = "\n还会发："
		}
		b.WriteString(head + strings.Join(parts, "、"))
	}
	fmt.Fprintf(&b, "\n暂停发「暂停提醒 #%d」，删除发「删除提醒 #%d」。", r.No, r.No)
	t.Reply(b.String())
	return nil
}

// shortestGap is the smallest gap between the next firings of a schedule.
func (w *Workflow) shortestGap(e timeexpr.Expr, now time.Time) time.Duration {
	times := e.NextN(now, 50)
	gap := time.Duration(1<<63 - 1)
	for i := 1; i < len(times); i++ {
		gap = min(gap, times[i].Sub(times[i-1]))
	}
	return gap
}

// number reads "#3", "3", "# 3" or "第3条".
func number(args string) (int, bool) {
	s := strings.TrimSpace(args)
	s = strings.TrimPrefix(s, "#")
	s = strings.TrimPrefix(s, "第")
	s = strings.TrimSuffix(s, "条")
	s = strings.TrimSuffix(s, "号")
	n, err := strconv.Atoi(strings.TrimSpace(s))
	return n, err == nil && n > 0
}

// find looks up `#N` in the coordinator's community.
func (w *Workflow) find(ctx context.Context, t *bot.Turn, verb string) (Reminder, error) {
	n, ok := number(t.Args)
	if !ok {
		return Reminder{}, bot.Userf("请写要%s的提醒编号，例如：%s提醒 #1（编号见「提醒列表」）。", verb, verb)
	}
	r, found, err := w.d.Store.ReminderByNo(ctx, t.Community(), n)
	if err != nil {
		return Reminder{}, fmt.Errorf("find reminder #%d: %w", n, err)
	}
	if !found {
		return Reminder{}, bot.Userf("没有提醒 #%d，发「提醒列表」查看编号。", n)
	}
	return r, nil
}

// list handles `提醒列表`.
func (w *Workflow) list(ctx context.Context, t *bot.Turn) error {
	comm := t.Community()
	rs, err := w.d.Store.Reminders(ctx, comm)
	if err != nil {
		return fmt.Errorf("list reminders: %w", err)
	}
	loc := w.location(comm)
	now := t.Now.In(loc)
	var lines []string
	for _, r := range rs {
		if r.State == Done {
			continue
		}
		status := ""
		switch r.State {
		case Paused:
			status = "（已暂停）"
		case Held:
			status = fmt.Sprintf("（等您确认：确认发送 #%d）", r.No)
		case Active:
			if n := w.expr(r).Next(now); !n.IsZero() {
				status = "（下次 " + shortTime(n, now) + "）"
			}
		}
		lines = append(lines, fmt.Sprintf("#%d %s%s → %s：%s%s", r.No, r.Desc, untilLabel(r, now), groupsLabel(r.Groups), clip(r.Text, 20), status))
	}
	if len(lines) == 0 {
		t.Reply("还没有提醒。设置：提醒 每天20:00 记得打卡")
		return nil
	}
	t.Reply(fmt.Sprintf("%s的提醒（%d条）：\n%s", comm, len(lines), strings.Join(lines, "\n")))
	return nil
}

// remove handles `删除提醒 #N`.
func (w *Workflow) remove(ctx context.Context, t *bot.Turn) error {
	r, err := w.find(ctx, t, "删除")
	if err != nil {
		return err
	}
	if err := w.d.Scheduler.CancelTimer(ctx, timerKey(r.ID)); err != nil {
		return fmt.Errorf("delete reminder %d: %w", r.ID, err)
	}
	if err := w.d.Store.SetReminderState(ctx, r.ID, Deleted); err != nil {
		return fmt.Errorf("delete reminder %d: %w", r.ID, err)
	}
	t.Reply(fmt.Sprintf("已删除提醒 #%d（%s %s）。", r.No, r.Desc, clip(r.Text, 20)))
	return nil
}

// pause handles `暂停提醒 #N`.
func (w *Workflow) pause(ctx context.Context, t *bot.Turn) error {
	r, err := w.find(ctx, t, "暂停")
	if err != nil {
		return err
	}
	switch r.State {
	case Paused:
		return bot.Userf("提醒 #%d 已经暂停了；恢复请发「恢复提醒 #%d」。", r.No, r.No)
	case Done:
		return bot.Userf("提醒 #%d 是一次性提醒，已经发过了。", r.No)
	}
	if err := w.d.Scheduler.CancelTimer(ctx, timerKey(r.ID)); err != nil {
		return fmt.Errorf("pause reminder %d: %w", r.ID, err)
	}
	if err := w.d.Store.SetReminderState(ctx, r.ID, Paused); err != nil {
		return fmt.Errorf("pause reminder %d: %w", r.ID, err)
	}
	t.Reply(fmt.Sprintf("已暂停提醒 #%d（%s %s）。恢复请发「恢复提醒 #%d」。", r.No, r.Desc, clip(r.Text, 20), r.No))
	return nil
}

// reRoom finds a room number: 302室, 5号楼2单元301, 3-2-301.
var reRoom = gatedre.MustCompile(`[0-9]{3,4}\s*(?:室|房)|[0-9]+\s*(?:号楼|栋|幢|座)\s*(?:[0-9]+\s*单元)?\s*[0-9]{3,4}|单元\s*[0-9]{3,4}|\b[0-9]{1,3}-[0-9]{1,2}-[0-9]{3,4}\b`)

// privateDetail names what in a broadcast is someone's private detail
// (「电话号码」, 「身份证号」, 「门牌号」), or "" when there is none.
func privateDetail(text string) string {
	var found []string
	seen := map[personal.Kind]bool{}
	for _, n := range personal.Find(text) {
		if !seen[n.Kind] {
			seen[n.Kind] = true
			if n.Kind == personal.IDCard {
				found = append(found, "身份证号")
			} else {
				found = append(found, "电话号码")
			}
		}
	}
	if reRoom.MatchString(fold.Width(text)) {
		found = append(found, "门牌号")
	}
	return strings.Join(found, "、")
}

// confirm handles `确认发送 #N`: a held reminder is armed as it was set.
func (w *Workflow) confirm(ctx context.Context, t *bot.Turn) error {
	r, err := w.held(ctx, t)
	if err != nil {
		return err
	}
	if r.State != Held {
		return bot.Userf("提醒 #%d 不需要确认。", r.No)
	}
	loc := w.location(r.Community)
	now := t.Now.In(loc)
	next, err := w.arm(ctx, r, now)
	if err != nil {
		return err
	}
	if next.IsZero() {
		return bot.Userf("提醒 #%d 原定 %s，时间已经过去了；请重新设置。", r.No, timeexpr.FormatTime(r.At.In(loc), now))
	}
	if err := w.d.Store.SetReminderState(ctx, r.ID, Active); err != nil {
		return fmt.Errorf("confirm reminder %d: %w", r.ID, err)
	}
	t.Reply(fmt.Sprintf("已确认，提醒 #%d 将在 %s 发到：%s。", r.No, timeexpr.FormatTime(next, now), strings.Join(r.Groups, "、")))
	return nil
}

// held finds the reminder 「确认发送」 means: the one numbered, or the
// only one waiting for confirmation.
func (w *Workflow) held(ctx context.Context, t *bot.Turn) (Reminder, error) {
	if _, ok := number(t.Args); ok {
		return w.find(ctx, t, "确认发送")
	}
	rs, err := w.d.Store.Reminders(ctx, t.Community())
	if err != nil {
		return Reminder{}, fmt.Errorf("list reminders: %w", err)
	}
	var waiting []Reminder
	for _, r := range rs {
		if r.State == Held {
			waiting = append(waiting, r)
		}
	}
	if len(waiting) != 1 {
		return Reminder{}, bot.Userf("请写要确认发送的提醒编号，例如：确认发送 #1（编号见「提醒列表」）。")
	}
	return waiting[0], nil
}

// resume handles `恢复提醒 #N`: the reminder picks up at its next firing
// after now; slots that passed while paused are not sent.
func (w *Workflow) resume(ctx context.Context, t *bot.Turn) error {
	r, err := w.find(ctx, t, "恢复")
	if err != nil {
		return err
	}
	switch r.State {
	case Held:
		return bot.Userf("提醒 #%d 还在等您确认：内容里有个人信息，确认要发请回复「确认发送 #%d」。", r.No, r.No)
	case Active:
		return bot.Userf("提醒 #%d 没有暂停，正在生效。", r.No)
	case Done:
		return bot.Userf("提醒 #%d 是一次性提醒，已经发过了。", r.No)
	}
	loc := w.location(r.Community)
	now := t.Now.In(loc)
	next, err := w.arm(ctx, r, now)
	if err != nil {
		return err
	}
	if next.IsZero() {
		return bot.Userf("提醒 #%d 原定 %s，时间已经过去，无法恢复；请重新设置。", r.No, timeexpr.FormatTime(r.At.In(loc), now))
	}
	if err := w.d.Store.SetReminderState(ctx, r.ID, Active); err != nil {
		return fmt.Errorf("resume reminder %d: %w", r.ID, err)
	}
	t.Reply(fmt.Sprintf("已恢复提醒 #%d（%s），下次 %s。", r.No, r.Desc, timeexpr.FormatTime(next, now)))
	return nil
}

// original returns the text as the coordinator typed it, with its
// full-width punctuation ("记得打卡，坚持"), when norm is the normalised
// form of the end of raw; otherwise norm. The router folds full-width
// characters for matching, but residents should read what was written.
func original(raw, norm string) string {
	raw = strings.TrimSpace(raw)
	n := len([]rune(norm))
	r := []rune(raw)
	if n == 0 || n > len(r) {
		return norm
	}
	tail := string(r[len(r)-n:])
	if bot.Normalize(tail) == norm {
		return tail
	}
	return norm
}

// createEach sets a reminder for each line of a draft confirmed whole
// (「提醒 @一群 11号晚上7点 …」 and 「提醒 @一群 12号早上7点 …」), in turn; a
// line that cannot be set is answered, and those before it stay set.
func (w *Workflow) createEach(ctx context.Context, t *bot.Turn, lines []string) error {
	return eachLine(ctx, t, lines, []string{"提醒", "设置提醒", "新建提醒"}, w.create)
}

// eachLine runs do for each of a command's lines, its keyword (one of
// keywords) taken off each: 「…\n提醒 …」 drafted as several lines. Each
// line is its own message: set again (the message redelivered), each is
// found by its own id, not the first's.
func eachLine(ctx context.Context, t *bot.Turn, lines, keywords []string, do func(context.Context, *bot.Turn) error) error {
	args, id := t.Args, t.Msg.ID
	defer func() { t.Args, t.Msg.ID = args, id }()
	for k, line := range lines {
		line = strings.TrimSpace(line)
		for _, kw := range keywords {
			if rest, ok := strings.CutPrefix(line, kw+" "); ok {
				line = rest
				break
			}
		}
		if line == "" {
			continue
		}
		t.Args, t.Msg.ID = line, id
		if k > 0 {
			t.Msg.ID = fmt.Sprintf("%s/%d", id, k)
		}
		if err := do(ctx, t); err != nil {
			return err
		}
	}
	return nil
}
