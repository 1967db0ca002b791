package events

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"linli/bot"
	"linli/internal/gatedre"
	"linli/internal/personal"
	"linli/timeexpr"
	"linli/workflows/points"
)

var targetRe = gatedre.MustCompile(`^((?:@\S+\s*)+)(.*)$`)

// targetGroups are the groups a set-up goes to, and the words after them:
// in a group, that group; in private, the groups written first (「@一群
// @二群」, or 「@全部」 for all the community's), or the community's only
// group.
func (w *Workflow) targetGroups(t *bot.Turn, args, what string) (groups []string, rest string, err error) {
	if t.InGroup() {
		return []string{t.Chat.Name}, args, nil
	}
	all := w.d.Directory.Groups(t.Chat.Community)
	m := targetRe.FindStringSubmatch(args)
	if m == nil && len(all) == 1 {
		return all, args, nil // the community's only group
	}
	if m == nil {
		return nil, "", bot.Userf("私聊%s时请先写发到哪个群，如「%s @%s …」，几个群都发写「@全部」。", what, what, w.exampleGroup(t.Chat.Community))
	}
	for _, g := range strings.Fields(strings.ReplaceAll(m[1], "@", " ")) {
		if g == "全部" && len(all) > 0 {
			return all, m[2], nil
		}
		if c, ok := w.d.Directory.CommunityOf(g); !ok || c != t.Chat.Community {
			return nil, "", bot.Userf("没有找到%s的群「%s」。", t.Chat.Community, g)
		}
		if !slices.Contains(groups, g) {
			groups = append(groups, g)
		}
	}
	return groups, m[2], nil
}

func (w *Workflow) exampleGroup(community string) string {
	if gs := w.d.Directory.Groups(community); len(gs) > 0 {
		return gs[0]
	}
	return "群名"
}

// createEvent handles 发起活动: one announcement in the group, a private
// note to the coordinator on how to follow it.
func (w *Workflow) createEvent(ctx context.Context, t *bot.Turn) error {
	groups, args, err := w.targetGroups(t, t.Args, "发起活动")
	if err != nil {
		return err
	}
	spec, err := parseEvent(args, t.Now, t.Loc)
	if err != nil {
		return err
	}
	no, err := w.d.Store.NextNo(ctx, t.Chat.Community)
	if err != nil {
		return fmt.Errorf("create event: %w", err)
	}
	e, created, err := w.d.Store.AddEvent(ctx, Event{
		Community: t.Chat.Community, No: no, Groups: groups, Title: spec.Title, Place: spec.Place,
		Start: spec.Start, End: spec.End, Closes: spec.Closes, Capacity: spec.Capacity, Bring: spec.Bring,
		Points: spec.Points, CreatedBy: t.Member.ID, Created: t.Now, Source: t.Msg.ID,
	})
	if err != nil || !created {
		return err
	}
	for _, g := range groups {
		t.Send(bot.GroupAddress(g), announcement(e, t.Now))
	}
	t.ReplyPrivately(fmt.Sprintf("已发布活动 %s 到%s。看报名发「报名名单 #%d」，取消活动发「取消活动 #%d」。", label(e.No, e.Title), strings.Join(groups, "、"), e.No, e.No))
	return nil
}

var (
	// dayLead is the day an event is pointed at by: 「14号的讲座」.
	dayLead = gatedre.MustCompile(`^([0-9]{1,2})(号|日)(的|那场|那个|那次)?`)
	// pointingTail are the words that point at an event named before
	// them: 「民法典那个」「讲座那场」.
	pointingTail = gatedre.MustCompile(`(那个|这个|那场|这场|那次|这次|的那个|的)$`)
)

// namesKind is words that name a kind of event.
var namesKind = gatedre.MustCompile(eventNoun)

// openOnly are the events of list open for sign-ups.
func openOnly(list []Event) []Event {
	var open []Event
	for _, e := range list {
		if e.State == Open {
			open = append(open, e)
		}
	}
	return open
}

// findEvent resolves a reference to an event of the turn's community; word
// is the command a reply about a reference it cannot resolve shows. For a
// title it also returns what followed the title.
func (w *Workflow) findEvent(ctx context.Context, t *bot.Turn, r ref, word string) (Event, string, error) {
	community := t.Chat.Community
	if r.No > 0 {
		e, ok, err := w.d.Store.EventByNo(ctx, community, r.No)
		if err != nil {
			return Event{}, "", fmt.Errorf("find event #%d: %w", r.No, err)
		}
		if ok {
			return w.localEvent(e), r.Rest, nil
		}
		if _, isPoll, err := w.d.Store.PollByNo(ctx, community, r.No); err != nil {
			return Event{}, "", fmt.Errorf("find event #%d: %w", r.No, err)
		} else if isPoll {
			return Event{}, "", bot.Userf("#%d 是投票，不是活动。投票请发「投票 #%d 选项号」。", r.No, r.No)
		}
		return Event{}, "", bot.Userf("没有找到活动 #%d。发「活动列表」看看近期活动。", r.No)
	}
	list, err := w.d.Store.EventsEndingAfter(ctx, community, t.Now)
	if err != nil {
		return Event{}, "", fmt.Errorf("find event %q: %w", r.Title, err)
	}
	var best []Event
	bestLen := 0
	for _, e := range list {
		if e.State != Open {
			continue
		}
		if n := len(e.Title); strings.HasPrefix(r.Title, e.Title) && n >= bestLen {
			if n > bestLen {
				best, bestLen = nil, n
			}
			best = append(best, e)
		}
	}
	rest := ""
	if len(best) > 0 {
		rest = strings.TrimSpace(r.Title[bestLen:])
	} else {
		head, tail, _ := strings.Cut(r.Title, " ")
		// 「民法典那个」「14号的讲座」: the pointing words off, the day kept.
		day := 0
		if m := dayLead.FindStringSubmatch(head); m != nil {
			day, _ = strconv.Atoi(m[1])
			head = head[len(m[0]):]
		}
		head = pointingTail.ReplaceAllString(head, "")
		if utf8.RuneCountInString(head) >= 2 {
			for _, e := range list {
				if e.State == Open && strings.Contains(e.Title, head) && (day == 0 || e.Start.In(w.location(community)).Day() == day) {
					best = append(best, e)
				}
			}
		}
		rest = strings.TrimSpace(tail)
	}
	if open := openOnly(list); len(best) == 0 && len(open) == 1 && !namesKind.MatchString(r.Title) {
		// 「报名 我腿不好 能坐前面伐」 with one event open: words of the
		// one who comes, not another event's name.
		return w.localEvent(open[0]), strings.TrimSpace(r.Title), nil
	}
	switch len(best) {
	case 0:
		if personal.HasPhone(r.Title) {
			// A number is never echoed, even clipped.
			return Event{}, "", bot.Userf("报名不用留电话，群里也请别发手机号（可以撤回）。请写活动编号，如「%s #3」；发「活动列表」看看近期活动。", word)
		}
		return Event{}, "", bot.Userf("没有找到「%s」这个活动。请写活动编号，如「%s #3」；发「活动列表」看看近期活动。", clip(r.Title, 10), word)
	case 1:
		return w.localEvent(best[0]), rest, nil
	}
	names := make([]string, len(best))
	for i, e := range best {
		names[i] = label(e.No, e.Title)
	}
	return Event{}, "", bot.Userf("有%d个活动都对得上：%s。请写编号，如「%s #%d」。", len(best), strings.Join(names, "、"), word, best[0].No)
}

// signUp handles 报名: a place if one is free and nobody is waiting ahead,
// otherwise the end of the waiting list. The answer is private.
func (w *Workflow) signUp(ctx context.Context, t *bot.Turn) error {
	if r, _ := parseRef(t.Args, true); t.Keyword == "" && r.No == 0 {
		// Told in a sentence (「我要报名那个讲座 我们俩」).
		said, err := w.signUpSaid(ctx, t)
		if err != nil {
			return err
		}
		if said != "" {
			t.Args = said
		}
	}
	args := strings.TrimSpace(t.Args)
	if args == "+1" || args == "+" {
		args = "" // 「报名+1」: count me in
	}
	r, ok := parseRef(args, true)
	if !ok {
		// A bare 「报名」 is for the one open event, when there is one.
		e, found, err := w.onlyOpen(ctx, t)
		if err != nil {
			return err
		}
		if !found {
			return bot.Userf("请写要报名的活动编号，如「报名 #3」。发「活动列表」看看近期活动。")
		}
		r = ref{No: e.No}
	}
	e, rest, err := w.findEvent(ctx, t, r, "报名")
	if err != nil {
		return err
	}
	name := label(e.No, e.Title)
	switch {
	case e.State == Cancelled:
		return bot.Userf("%s 已取消，不能报名了。", name)
	case !t.Now.Before(e.End):
		return bot.Userf("%s 已经结束了，不能报名了。发「活动列表」看看近期活动。", name)
	case !t.Now.Before(e.Closes):
		return bot.Userf("%s 已于%s截止报名。", name, timeexpr.FormatTime(e.Closes, t.Now))
	}
	party, note, err := parseExtras(rest)
	if err != nil {
		return err
	}
	if party <= 0 {
		return bot.Userf("人数至少1人，如「报名 #3 2人」。")
	}
	if err := w.partyLimit(e, party); err != nil {
		return err
	}
	prev, found, err := w.d.Store.SignUpOf(ctx, e.ID, t.Member.ID)
	if err != nil {
		return fmt.Errorf("sign up for event %d: %w", e.ID, err)
	}
	if found && prev.State != Withdrawn {
		if partySaid(rest) > 0 && party != prev.Party {
			// 「报名 #3 3人」 from one signed up for two: a party changed.
			return w.setParty(ctx, t, e, prev, party)
		}
		if prev.State == Waiting {
			list, err := w.d.Store.SignUps(ctx, e.ID)
			if err != nil {
				return fmt.Errorf("sign up for event %d: %w", e.ID, err)
			}
			return bot.Userf("您已经在 %s 的候补名单上（第%d位），不用重复报名。", name, waitingPosition(list, t.Member.ID))
		}
		return bot.Userf("您已经报名了 %s，不用重复报名。要改人数请发「改人数 #%d 2人」。", name, e.No)
	}
	taken, waiting, err := w.d.Store.Tally(ctx, e.ID)
	if err != nil {
		return fmt.Errorf("sign up for event %d: %w", e.ID, err)
	}
	s := SignUp{EventID: e.ID, MemberID: t.Member.ID, MemberName: t.Member.Name, Party: party, Note: note,
		State: Waiting, At: t.Now, Source: t.Msg.ID}
	if e.Capacity == 0 || (waiting == 0 && taken+party <= e.Capacity) {
		s.State = In
	}
	if s, err = w.d.Store.PutSignUp(ctx, s); err != nil {
		return fmt.Errorf("sign up for event %d: %w", e.ID, err)
	}
	if s.State == Waiting {
		if left := e.Capacity - taken; waiting == 0 && left > 0 {
			// 「我+2」 with two places left: the waiting list, and how
			// to take the places there are.
			t.ReplyPrivately(fmt.Sprintf("%s 只剩%d个名额，不够%d人，已为您登记候补第1位。只去%d人的话，先发「取消报名 #%d」，再发「报名 #%d %d人」。", name, left, party, left, e.No, e.No, left))
		} else {
			t.ReplyPrivately(fmt.Sprintf("%s 名额已满，已为您登记候补第%d位。有人取消时按顺序递补，递补成功会私信告诉您。", name, waiting+1))
		}
		return nil
	}
	armed, err := w.arm(ctx, e, s, t.Now)
	if err != nil {
		return err
	}
	t.ReplyPrivately(confirmation("报名成功", e, s, armed, t))
	return nil
}

// confirmation tells a registrant what they are in for.
func confirmation(head string, e Event, s SignUp, armed []ReminderKind, t *bot.Turn) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s：%s\n时间：%s", head, label(e.No, e.Title), when(e, t.Now))
	if e.Place != "" {
		fmt.Fprintf(&b, "\n地点：%s", e.Place)
	}
	if s.Party > 1 {
		fmt.Fprintf(&b, "\n人数：%d人", s.Party)
	}
	if s.Note != "" {
		fmt.Fprintf(&b, "\n备注：%s", s.Note)
	}
	if e.Bring != "" {
		fmt.Fprintf(&b, "\n需要带：%s", e.Bring)
	}
	fmt.Fprintf(&b, "\n%s不能来请发「取消报名 #%d」，把名额让给别人。", remindNote(armed), e.No)
	return b.String()
}

func waitingPosition(list []SignUp, memberID int64) int {
	pos := 0
	for _, s := range list {
		if s.State != Waiting {
			continue
		}
		pos++
		if s.MemberID == memberID {
			return pos
		}
	}
	return pos + 1
}

// withdraw handles 取消报名: the place goes to the first on the waiting
// list, who is told privately.
func (w *Workflow) withdraw(ctx context.Context, t *bot.Turn) error {
	r, ok := parseRef(t.Args, true)
	if t.Keyword == "" && r.No == 0 {
		// 「讲座我去不了了」: judged by the events the words name.
		r, ok = ref{}, false
		t.Args = ""
	}
	if !ok && strings.TrimSpace(t.Args) == "" {
		// 「我不去了」: the one event the member is signed up for.
		es, _, err := w.mySignUps(ctx, t)
		if err == nil && t.Keyword == "" && len(es) > 1 {
			var said string
			if said, err = withdrawSaid(t.Msg.Text, es); said != "" {
				r, ok = parseRef(said, true)
				es = nil
			}
		}
		switch {
		case err != nil:
			return err
		case ok:
			// named by the words
		case len(es) == 0 && t.InGroup() && !t.Msg.MentionsBot:
			// Told to the neighbours by somebody not signed up: theirs.
			return bot.ErrPass
		case len(es) == 0:
			return bot.Userf("您现在没有报名的活动，不用取消。")
		case len(es) > 1:
			names := make([]string, len(es))
			for i, e := range es {
				names[i] = label(e.No, e.Title)
			}
			return bot.Userf("您报了%d个活动：%s。请写要取消的编号，如「取消报名 #%d」。", len(es), strings.Join(names, "、"), es[0].No)
		default:
			r, ok = ref{No: es[0].No}, true
		}
	}
	if !ok {
		return bot.Userf("请写要取消的活动编号，如「取消报名 #3」。")
	}
	e, _, err := w.findEvent(ctx, t, r, "取消报名")
	if err != nil {
		return err
	}
	name := label(e.No, e.Title)
	s, found, err := w.d.Store.SignUpOf(ctx, e.ID, t.Member.ID)
	if err != nil {
		return fmt.Errorf("withdraw from event %d: %w", e.ID, err)
	}
	switch {
	case !found || s.State == Withdrawn:
		return bot.Userf("您没有报名 %s，不用取消。", name)
	case e.State == Cancelled:
		return bot.Userf("%s 已取消，不用再取消报名了。", name)
	case !t.Now.Before(e.Start):
		return bot.Userf("%s 已经开始了，不用取消了。", name)
	}
	if err := w.d.Store.SetSignUpState(ctx, e.ID, t.Member.ID, Withdrawn, t.Now); err != nil {
		return fmt.Errorf("withdraw from event %d: %w", e.ID, err)
	}
	if err := w.disarm(ctx, e.ID, t.Member.ID); err != nil {
		return err
	}
	if s.State == Waiting {
		t.ReplyPrivately(fmt.Sprintf("已取消 %s 的候补。", name))
		return nil
	}
	moved, err := w.promote(ctx, t, e, "有人让出名额")
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("已取消报名 %s。", name)
	if moved > 0 {
		msg += "名额已让给候补的邻居，谢谢您。"
	}
	t.ReplyPrivately(msg)
	return nil
}

// promote gives free places (made by why: 「有人让出名额」) to the waiting list in order of arrival,
// stopping at the first household that does not fit, and tells each one
// privately. It returns how many moved up.
func (w *Workflow) promote(ctx context.Context, t *bot.Turn, e Event, why string) (int, error) {
	list, err := w.d.Store.SignUps(ctx, e.ID)
	if err != nil {
		return 0, fmt.Errorf("move up waiting list of event %d: %w", e.ID, err)
	}
	taken, _ := tally(list)
	moved := 0
	for _, s := range list {
		if s.State != Waiting {
			continue
		}
		if e.Capacity > 0 && taken+s.Party > e.Capacity {
			break
		}
		if err := w.d.Store.SetSignUpState(ctx, e.ID, s.MemberID, In, t.Now); err != nil {
			return moved, fmt.Errorf("move up member %d for event %d: %w", s.MemberID, e.ID, err)
		}
		s.State = In
		armed, err := w.arm(ctx, e, s, t.Now)
		if err != nil {
			return moved, err
		}
		t.Send(s.Address(), confirmation("好消息，"+why+"，您已从候补转为正式报名", e, s, armed, t))
		taken += s.Party
		moved++
	}
	return moved, nil
}

// list handles 活动列表: upcoming events with places left, and open polls.
func (w *Workflow) list(ctx context.Context, t *bot.Turn) error {
	events, err := w.d.Store.EventsEndingAfter(ctx, t.Chat.Community, t.Now)
	if err != nil {
		return fmt.Errorf("list events: %w", err)
	}
	polls, err := w.d.Store.OpenPolls(ctx, t.Chat.Community, t.Now)
	if err != nil {
		return fmt.Errorf("list polls: %w", err)
	}
	var b strings.Builder
	n, signable := 0, false
	for _, e := range events {
		if e.State != Open {
			continue
		}
		e = w.localEvent(e)
		if n == 0 {
			b.WriteString("近期活动：")
		}
		n++
		signups, err := w.d.Store.SignUps(ctx, e.ID)
		if err != nil {
			return fmt.Errorf("list events: %w", err)
		}
		taken, waiting := tally(signups)
		fmt.Fprintf(&b, "\n%s %s", label(e.No, e.Title), when(e, t.Now))
		if e.Place != "" {
			b.WriteString(" " + e.Place)
		}
		switch {
		case !t.Now.Before(e.Start):
			b.WriteString(" · 进行中")
		case !t.Now.Before(e.Closes):
			b.WriteString(" · 报名已截止")
		default:
			b.WriteString(" · " + places(e, taken, waiting))
			signable = true
		}
	}
	if len(polls) > 0 {
		if n > 0 {
			b.WriteString("\n")
		}
		b.WriteString("进行中的投票：")
		for _, p := range polls {
			p = w.localPoll(p)
			fmt.Fprintf(&b, "\n%s（%s截止）", label(p.No, p.Title), timeexpr.FormatTime(p.Deadline, t.Now))
		}
	}
	if n == 0 && len(polls) == 0 {
		t.Reply("近期没有活动。")
		return nil
	}
	if signable {
		b.WriteString("\n报名请发「报名 #编号」。")
	}
	if len(polls) > 0 {
		fmt.Fprintf(&b, "\n投票请发「投票 #编号 选项号」，如「投票 #%d 1」；发「投票结果 #%d」看选项和票数。", polls[0].No, polls[0].No)
	}
	t.Reply(b.String())
	return nil
}

// roster handles 报名名单 for coordinators. Names stay out of the group:
// the list goes privately, wherever it was asked for.
func (w *Workflow) roster(ctx context.Context, t *bot.Turn) error {
	r, ok := parseRef(t.Args, true)
	if !ok {
		return bot.Userf("请写活动编号，如「报名名单 #3」。")
	}
	e, _, err := w.findEvent(ctx, t, r, "报名名单")
	if err != nil {
		return err
	}
	list, err := w.d.Store.SignUps(ctx, e.ID)
	if err != nil {
		return fmt.Errorf("roster of event %d: %w", e.ID, err)
	}
	came, err := w.d.Store.Attended(ctx, e.ID)
	if err != nil {
		return fmt.Errorf("roster of event %d: %w", e.ID, err)
	}
	taken, waiting := tally(list)
	var b strings.Builder
	fmt.Fprintf(&b, "%s 报名名单（%s）", label(e.No, e.Title), when(e, t.Now))
	if e.State == Cancelled {
		b.WriteString("【已取消】")
	}
	if e.Capacity > 0 {
		fmt.Fprintf(&b, "\n已报名 %d/%d人", taken, e.Capacity)
	} else {
		fmt.Fprintf(&b, "\n已报名 %d人", taken)
	}
	if taken == 0 {
		b.WriteString("，还没有人报名")
	}
	i := 0
	for _, s := range list {
		if s.State == In {
			i++
			fmt.Fprintf(&b, "\n%d. %s", i, rosterLine(s, came[s.MemberID]))
		}
	}
	if waiting > 0 {
		fmt.Fprintf(&b, "\n候补 %d位：", waiting)
		i = 0
		for _, s := range list {
			if s.State == Waiting {
				i++
				fmt.Fprintf(&b, "\n%d. %s", i, rosterLine(s, false))
			}
		}
	}
	if len(came) > 0 {
		fmt.Fprintf(&b, "\n已签到 %d人", len(came))
	}
	t.ReplyPrivately(b.String())
	return nil
}

func rosterLine(s SignUp, came bool) string {
	line := s.MemberName
	if s.Party > 1 {
		line += " " + partyText(s.Party)
	}
	if s.Note != "" {
		line += " 备注：" + s.Note
	}
	if came {
		line += " ✓已签到"
	}
	return line
}

// cancelEvent handles 取消活动: the group hears it once, every registrant
// privately, and their reminders are called off.
func (w *Workflow) cancelEvent(ctx context.Context, t *bot.Turn) error {
	r, ok := parseRef(t.Args, true)
	if !ok {
		return bot.Userf("请写要取消的活动编号，如「取消活动 #3」。")
	}
	e, _, err := w.findEvent(ctx, t, r, "取消活动")
	if err != nil {
		return err
	}
	name := label(e.No, e.Title)
	switch {
	case e.State == Cancelled:
		return bot.Userf("%s 已经取消过了。", name)
	case !t.Now.Before(e.End):
		return bot.Userf("%s 已经结束了，不能取消。", name)
	}
	if err := w.d.Store.SetEventState(ctx, e.ID, Cancelled); err != nil {
		return fmt.Errorf("cancel event %d: %w", e.ID, err)
	}
	list, err := w.d.Store.SignUps(ctx, e.ID)
	if err != nil {
		return fmt.Errorf("cancel event %d: %w", e.ID, err)
	}
	for _, s := range list {
		if err := w.disarm(ctx, e.ID, s.MemberID); err != nil {
			return err
		}
		t.Send(s.Address(), fmt.Sprintf("很抱歉，您报名的 %s（%s）取消了。给您添麻烦了。", name, when(e, t.Now)))
	}
	for _, g := range e.Groups {
		t.Send(bot.GroupAddress(g), fmt.Sprintf("【活动取消】%s（%s）取消了，报名的邻居已逐一私信通知。", name, when(e, t.Now)))
	}
	if !t.InGroup() || !slices.Contains(e.Groups, t.Chat.Name) {
		t.ReplyPrivately(fmt.Sprintf("已取消 %s，已私信通知%d位报名的邻居。", name, len(list)))
	}
	return nil
}

// postItWords ask for what was just put up to go to the groups: 「嗯 发群里
// 让大家直接在群里报就行」「好 你发群里吧」.
var postItWords = gatedre.MustCompile(`^(嗯|好|好的|行|可以|对|那|顺便|再)?[\s，,]*(你)?(帮我)?((往|在|到)(群里|群上|群)(发|转发|贴)|(发|转发|贴)(到|在)?(群里|群上|群))`)

// postedAlready answers a coordinator who asks, just after putting an
// event up, for it to go to the groups: it went there when it was put up.
func (w *Workflow) postedAlready(ctx context.Context, t *bot.Turn) error {
	if t.InGroup() || t.Member.Role < bot.Coordinator || !postItWords.MatchString(strings.TrimSpace(t.Args)) {
		return bot.ErrPass
	}
	list, err := w.d.Store.EventsEndingAfter(ctx, t.Chat.Community, t.Now)
	if err != nil {
		return fmt.Errorf("events just put up: %w", err)
	}
	for i := len(list) - 1; i >= 0; i-- {
		e := list[i]
		if e.CreatedBy == t.Member.ID && e.State == Open && t.Now.Sub(e.Created) <= 2*time.Hour {
			t.Reply(fmt.Sprintf("活动 %s 已经发到%s了，大家在群里发「报名 #%d」就能报，报名结果我私信告诉他们。", label(e.No, e.Title), strings.Join(e.Groups, "、"), e.No))
			return nil
		}
	}
	return bot.ErrPass
}

// onlyOpen returns the community's open event when exactly one is open for
// sign-up.
func (w *Workflow) onlyOpen(ctx context.Context, t *bot.Turn) (Event, bool, error) {
	list, err := w.d.Store.EventsEndingAfter(ctx, t.Chat.Community, t.Now)
	if err != nil {
		return Event{}, false, fmt.Errorf("open events: %w", err)
	}
	var open []Event
	for _, e := range list {
		if e.State == Open && t.Now.Before(e.Closes) {
			open = append(open, e)
		}
	}
	if len(open) != 1 {
		return Event{}, false, nil
	}
	return open[0], true, nil
}

// attend handles 签到 #N at the event: attendance once per member, and the
// event's points through the ledger. Plain 签到 is the daily check-in's:
// the intent's shape (a number) tells them apart.
func (w *Workflow) attend(ctx context.Context, t *bot.Turn) error {
	r, _ := parseRef(t.Args, false)
	e, _, err := w.findEvent(ctx, t, r, "签到")
	if err != nil {
		return err
	}
	name := label(e.No, e.Title)
	opens := e.Start.Add(-w.cfg.SignInEarly)
	switch {
	case e.State == Cancelled:
		return bot.Userf("%s 已取消。", name)
	case t.Now.Before(opens) || !t.Now.Before(e.End):
		return bot.Userf("%s 的签到时间是%s至%s。", name, timeexpr.FormatTime(opens, t.Now), e.End.Format("15:04"))
	}
	s, found, err := w.d.Store.SignUpOf(ctx, e.ID, t.Member.ID)
	if err != nil {
		return fmt.Errorf("sign in at event %d: %w", e.ID, err)
	}
	switch {
	case found && s.State == Waiting:
		return bot.Userf("您在 %s 的候补名单上，还没有正式名额，请找现场工作人员登记。", name)
	case !found || s.State != In:
		return bot.Userf("您没有报名 %s，请找现场工作人员登记。", name)
	}
	first, err := w.d.Store.AddAttendance(ctx, e.ID, t.Member.ID, t.Now, t.Msg.ID)
	if err != nil {
		return fmt.Errorf("sign in at event %d: %w", e.ID, err)
	}
	if !first {
		t.ReplyPrivately(fmt.Sprintf("您已经签到过 %s 了。", name))
		return nil
	}
	if e.Points <= 0 || w.d.Points == nil {
		t.ReplyPrivately(fmt.Sprintf("签到成功：%s。欢迎您！", name))
		return nil
	}
	if _, err := w.d.Points.Credit(ctx, points.Entry{
		MemberID: t.Member.ID, Community: e.Community, Amount: int64(e.Points),
		Reason: "参加活动：" + e.Title, SourceKey: fmt.Sprintf("event:%d:attend:%d", e.ID, t.Member.ID), At: t.Now,
	}); err != nil {
		return fmt.Errorf("credit attendance at event %d: %w", e.ID, err)
	}
	t.ReplyPrivately(fmt.Sprintf("签到成功：%s，获得%d积分。欢迎您！", name, e.Points))
	return nil
}

// clip shortens s to n characters.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
