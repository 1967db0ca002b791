package events

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"linli/bot"
	"linli/internal/gatedre"
	"linli/timeexpr"
)

// A coordinator moves an event to another time: 「改时间 #3 14号下午2点」,
// or in words 「酵素那个活动改一下时间 改到14号下午2点 上午活动室有人用」,
// which is offered as that line to confirm. The event keeps its length;
// everyone signed up or waiting is told privately, each group it was
// announced in hears it, and the reminders follow the new time.

// movesEvent says an event's time is being changed, and to when.
var movesEvent = gatedre.MustCompile(`(改|换|挪|推迟|提前)(一下)?(时间|日子|到|成|为)`)

// movedToWords are the words before the new time: 「改到」「改成」.
var movedToWords = gatedre.MustCompile(`(改|换|挪|推迟|提前)(一下)?(时间)?[\s，,]*(改)?(到|成|为)`)

// moveEvent handles 改时间 #N <新时间>.
func (w *Workflow) moveEvent(ctx context.Context, t *bot.Turn) error {
	const usage = "请写活动编号和新时间，如「改时间 #3 12月14日 14:00」。"
	r, ok := parseRef(t.Args, true)
	if !ok || r.No == 0 || r.Rest == "" {
		return bot.Userf(usage)
	}
	e, _, err := w.findEvent(ctx, t, r, "改时间")
	if err != nil {
		return err
	}
	e = w.localEvent(e)
	if err := stillOn(e, t); err != nil {
		return err
	}
	name := label(e.No, e.Title)
	x, err := timeexpr.Parse(r.Rest, t.Now, t.Loc)
	if err != nil {
		return bot.Userf("新时间没看懂：%v。%s", err, usage)
	}
	start, end := x.At, x.At.Add(e.End.Sub(e.Start))
	switch {
	case x.Kind == timeexpr.Window && x.End.Sub(x.At) >= 20*time.Hour:
		// A day alone (「改到15号星期天 还是八点半」): the same hour that day.
		local := e.Start.In(t.Loc)
		y, m, d := x.At.In(t.Loc).Date()
		start = time.Date(y, m, d, local.Hour(), local.Minute(), 0, 0, t.Loc)
		end = start.Add(e.End.Sub(e.Start))
	case x.Kind == timeexpr.Window && x.End.Sub(x.At) < 24*time.Hour:
		end = x.End
	case x.Kind != timeexpr.Once:
		return bot.Userf("请写几点开始，%s", usage)
	}
	if !start.After(t.Now) {
		return bot.Userf("新时间%s已经过了。", timeexpr.FormatTime(start, t.Now))
	}
	closes := start
	if e.Closes.Before(e.Start) {
		// Sign-ups closed a while before the start: as long before.
		closes = start.Add(e.Closes.Sub(e.Start))
	}
	was := when(e, t.Now)
	if err := w.d.Store.MoveEvent(ctx, e.ID, start, end, closes); err != nil {
		return err
	}
	e.Start, e.End, e.Closes = start, end, closes
	list, err := w.d.Store.SignUps(ctx, e.ID)
	if err != nil {
		return fmt.Errorf("move event %d: %w", e.ID, err)
	}
	now := when(e, t.Now)
	for _, s := range list {
		if s.State == Withdrawn {
			continue
		}
		if err := w.disarm(ctx, e.ID, s.MemberID); err != nil {
			return err
		}
		if s.State == In {
			if _, err := w.arm(ctx, e, s, t.Now); err != nil {
				return err
			}
		}
		t.Send(s.Address(), fmt.Sprintf("您报名的 %s 改时间了：%s（原来是%s）。不能来请发「取消报名 #%d」。", name, now, was, e.No))
	}
	for _, g := range e.Groups {
		t.Send(bot.GroupAddress(g), fmt.Sprintf("【活动改时间】%s 改到%s（原来是%s），地点不变。", name, now, was))
	}
	t.ReplyPrivately(fmt.Sprintf("已把 %s 改到%s，已私信通知报名的邻居。", name, now))
	return nil
}

// draftMove reads a coordinator's words as 改时间 #N <新时间>: the one
// coming event the words name, and the time after 「改到」.
func (w *Workflow) draftMove(ctx context.Context, t *bot.Turn, text string) (string, bool) {
	loc := movedToWords.FindStringIndex(text)
	if loc == nil || !movesEvent.MatchString(text) {
		return "", false
	}
	x, i, j, ok := timeexpr.Find(text[loc[1]:], t.Now, t.Loc)
	if !ok || i > 3 || x.Kind == timeexpr.Recurring {
		return "", false
	}
	e, ok := w.eventNamedIn(ctx, t, text[:loc[0]])
	if !ok {
		return "", false
	}
	return fmt.Sprintf("#%d %s", e.No, strings.TrimSpace(text[loc[1]+i:loc[1]+j])), true
}

// callsOff says an event is called off (「…那场讲座律师去外地了 取消吧」
// 「包饺子不办了」); a sign-up given back (取消报名) or a question is not.
var (
	callsOff    = gatedre.MustCompile(`取消(吧|了|掉|一下)?|不办了|不搞了|办不成了|搞不成了`)
	notCallsOff = gatedre.MustCompile(`报名|[?？吗么]`)
	// dayNamed is the day an event is pointed at by: 「21号那场」.
	dayNamed = gatedre.MustCompile(`([0-9]{1,2})(号|日)(那场|那个|那次|的)`)
)

// draftCancel reads a coordinator's words calling off the one coming event
// they name, by a piece of its title and, when said, its day, as the
// arguments of 取消活动.
func (w *Workflow) draftCancel(ctx context.Context, t *bot.Turn, text string) (string, bool) {
	if !callsOff.MatchString(text) || notCallsOff.MatchString(text) {
		return "", false
	}
	list, err := w.d.Store.EventsEndingAfter(ctx, t.Chat.Community, t.Now)
	if err != nil {
		return "", false
	}
	day := 0
	if m := dayNamed.FindStringSubmatch(text); m != nil {
		day, _ = strconv.Atoi(m[1])
	}
	var open []Event
	for _, e := range list {
		if e.State == Open && (day == 0 || e.Start.In(w.location(e.Community)).Day() == day) {
			open = append(open, e)
		}
	}
	named := saidEvents(text, open)
	if len(named) != 1 {
		return "", false
	}
	return fmt.Sprintf("#%d", named[0].No), true
}

// eventNamedIn is the one coming event words name: by a piece of its
// title, or the only one coming.
func (w *Workflow) eventNamedIn(ctx context.Context, t *bot.Turn, words string) (Event, bool) {
	list, err := w.d.Store.EventsEndingAfter(ctx, t.Chat.Community, t.Now)
	if err != nil {
		return Event{}, false
	}
	var open []Event
	for _, e := range list {
		if e.State == Open {
			open = append(open, e)
		}
	}
	named := saidEvents(words, open)
	if len(named) == 0 && len(open) == 1 && strings.Contains(words, "活动") {
		named = open
	}
	if len(named) != 1 {
		return Event{}, false
	}
	return named[0], true
}
