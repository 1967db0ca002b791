package events

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"linli/bot"
	"linli/internal/gatedre"
	"linli/numerals"
)

// A registrant changes how many people go: 「改人数 #3 1人」, or in words
// (「老伴去不了了 就我一个人去」「我孙子也想去 能再加一个人吗」「人数改
// 成3个」). Fewer people free places for the waiting list; more people
// take places only when they are free and nobody waits for them, and
// otherwise the sign-up stays as it was.

// changeParty handles 改人数 #N 2人.
func (w *Workflow) changeParty(ctx context.Context, t *bot.Turn) error {
	r, ok := parseRef(t.Args, true)
	if !ok {
		es, _, err := w.mySignUps(ctx, t)
		switch {
		case err != nil:
			return err
		case len(es) == 0:
			return bot.Userf("您现在没有报名的活动。发「活动列表」看看近期活动。")
		case len(es) > 1:
			return whichEvent(es, "改人数")
		}
		r = ref{No: es[0].No, Rest: strings.TrimSpace(t.Args)}
	}
	e, rest, err := w.findEvent(ctx, t, r, "改人数")
	if err != nil {
		return err
	}
	party := partySaid(rest)
	if party == 0 {
		return bot.Userf("请写新的人数，如「改人数 #%d 2人」。", e.No)
	}
	s, found, err := w.d.Store.SignUpOf(ctx, e.ID, t.Member.ID)
	if err != nil {
		return fmt.Errorf("change party for event %d: %w", e.ID, err)
	}
	if !found || s.State == Withdrawn {
		return bot.Userf("您没有报名 %s。报名请发「报名 #%d %d人」。", label(e.No, e.Title), e.No, party)
	}
	return w.setParty(ctx, t, e, s, party)
}

// setParty changes s to a party of n and says so privately.
func (w *Workflow) setParty(ctx context.Context, t *bot.Turn, e Event, s SignUp, n int) error {
	name := label(e.No, e.Title)
	switch {
	case e.State == Cancelled:
		return bot.Userf("%s 已取消了。", name)
	case !t.Now.Before(e.Start):
		return bot.Userf("%s 已经开始了，人数不用改了，到现场跟工作人员说一声就行。", name)
	case n <= 0:
		return bot.Userf("人数至少1人。您也不去的话，请发「取消报名 #%d」，把名额让给别人。", e.No)
	case n == s.Party:
		return bot.Userf("您报名的 %s 本来就是%d人，不用改。", name, n)
	}
	if err := w.partyLimit(e, n); err != nil {
		return err
	}
	if s.State == In && n > s.Party && e.Capacity > 0 {
		taken, waiting, err := w.d.Store.Tally(ctx, e.ID)
		if err != nil {
			return fmt.Errorf("change party for event %d: %w", e.ID, err)
		}
		if left := e.Capacity - taken; waiting > 0 || n-s.Party > left {
			free := "名额已满"
			if waiting == 0 && left > 0 {
				free = fmt.Sprintf("只剩%d个名额", left)
			}
			return bot.Userf("%s %s，加不了%d人；您原来%d人的名额不变。", name, free, n-s.Party, s.Party)
		}
	}
	if err := w.d.Store.SetSignUpParty(ctx, e.ID, s.MemberID, n, t.Now); err != nil {
		return fmt.Errorf("change party for event %d: %w", e.ID, err)
	}
	if n > s.Party || s.State == Waiting && e.Capacity == 0 {
		t.ReplyPrivately(fmt.Sprintf("好的，%s 您的%s改为%d人。", name, stateWord(s.State), n))
		return nil
	}
	// Fewer people: the places freed go to the waiting list, and a smaller
	// household waiting may now fit itself.
	moved, err := w.promote(ctx, t, e, "有人让出名额")
	if err != nil {
		return err
	}
	if s.State == Waiting {
		now, _, err := w.d.Store.SignUpOf(ctx, e.ID, s.MemberID)
		if err != nil {
			return fmt.Errorf("change party for event %d: %w", e.ID, err)
		}
		if now.State == In {
			return nil // told by the promotion
		}
		t.ReplyPrivately(fmt.Sprintf("好的，%s 您的候补改为%d人，排队的位置不变。", name, n))
		return nil
	}
	msg := fmt.Sprintf("好的，%s 您的报名改为%d人。", name, n)
	if moved > 0 {
		msg += "空出的名额已让给候补的邻居，谢谢您。"
	}
	t.ReplyPrivately(msg)
	return nil
}

// partyLimit is the no to a party larger than one sign-up may be, or than
// the event holds; nil when it fits.
func (w *Workflow) partyLimit(e Event, n int) error {
	switch {
	case n > w.cfg.MaxParty:
		return bot.Userf("一次最多报名%d人；人更多请联系社区工作者。", w.cfg.MaxParty)
	case e.Capacity > 0 && n > e.Capacity:
		return bot.Userf("%s 一共只有%d个名额，请少报几人。", label(e.No, e.Title), e.Capacity)
	}
	return nil
}

// stateWord names a sign-up for its registrant.
func stateWord(s SignUpState) string {
	if s == Waiting {
		return "候补"
	}
	return "报名"
}

// The words of a party changed. A count is a digit, a Chinese numeral,
// 俩 or 仨.
const partyNumber = `([0-9]+|[一二两三四五六七八九十]|俩|仨)`

var (
	// onlyMeGoes is one going alone: 「就我一个人去」「我自己去」「只有我
	// 去了」.
	onlyMeGoes = gatedre.MustCompile(`(就|只|只有|就剩)(我|俺)(自己|自个儿?|一个人|一个|1个人|1人|一人)?(去|来|参加|了)|(我|俺)(自己|自个儿?|一个人|1个人|一人)(去|来|参加)`)
	// partySetTo is a new count: 「改成3个人」「人数改成1个」「就去俩人」.
	partySetTo = gatedre.MustCompile(`(改成|改为|换成|变成|改到|只|就|一共)(去|来|报)?\s*` + partyNumber + `\s*(个人|人|位|口|个)`)
	// partyMore is more people: 「再加一个人」「多报一个」「加个人」.
	partyMore = gatedre.MustCompile(`(再|多|还)(加|报|带|添|去)?\s*` + partyNumber + `\s*(个人|人|位|个)|(再|多)?(加|添|带)(上)?(个人|一个人)`)
	// partyFewer is fewer people: 「少一个人」「减一个」.
	partyFewer = gatedre.MustCompile(`(少|减)(去|掉|报)?\s*` + partyNumber + `\s*(个人|人|位|个)`)
	// kinOut is somebody else not going: 「老伴去不了了」「孙子不来了」.
	kinOut = gatedre.MustCompile(`(老伴儿?|老头子?|老太太?|老婆|媳妇|老公|爱人|孩子|儿子|女儿|闺女|孙子|孙女|外孙女?|妈|爸|朋友|邻居|亲戚)[^我]{0,6}(去不了|不去|来不了|不来|参加不了|不参加|去不成|来不成)`)
	// kinIn is somebody else going too: 「老伴也想去」.
	kinIn = gatedre.MustCompile(`(老伴儿?|老头子?|老太太?|老婆|媳妇|老公|爱人|孩子|儿子|女儿|闺女|孙子|孙女|外孙女?|妈|爸|朋友|邻居|亲戚)(也)(想|要)?(去|来|参加|跟着去)`)
	// selfOut is the sender not going either, which 取消报名 reads.
	selfOut = gatedre.MustCompile(`(我|俺)(也)?(都)?(不去|去不了|来不了|不来|参加不了|不参加|去不成)|取消|退了|不要了|让给`)
	// placeGiven is a place handed to somebody, which this does not do.
	placeGiven = gatedre.MustCompile(`(给|让|换)(我)?(闺女|女儿|儿子|孙子|孙女|老伴|朋友|邻居|别人|他|她)|换人|顶替|替(我|他|她)`)
)

// partyChangeLen is the longest message, in runes, read as a party
// changed in words; partyChangeNeighbourLen the longest told to the
// neighbours in a group.
const (
	partyChangeLen          = 40
	partyChangeNeighbourLen = 20
)

// partyWords changes the party of the member's one sign-up (or the one
// the words name) when the words say how many now go.
func (w *Workflow) partyWords(ctx context.Context, t *bot.Turn) error {
	text := strings.TrimSpace(t.Args)
	n := utf8.RuneCountInString(text)
	toNeighbours := t.InGroup() && !t.Msg.MentionsBot
	if t.Msg.Kind != bot.Text || n > partyChangeLen || toNeighbours && n > partyChangeNeighbourLen ||
		commandForm.MatchString(text) || selfOut.MatchString(text) || placeGiven.MatchString(text) || forOther.MatchString(text) {
		return bot.ErrPass
	}
	if !onlyMeGoes.MatchString(text) && !partySetTo.MatchString(text) && !partyMore.MatchString(text) &&
		!partyFewer.MatchString(text) && !kinOut.MatchString(text) && !kinIn.MatchString(text) {
		return bot.ErrPass
	}
	es, ss, err := w.mySignUps(ctx, t)
	if err != nil || len(es) == 0 {
		return bot.OrPass(err)
	}
	i := 0
	if len(es) > 1 {
		named := saidEvents(text, es)
		if len(named) != 1 {
			if toNeighbours {
				return bot.ErrPass
			}
			return whichEvent(es, "改人数")
		}
		for i = range es {
			if es[i].No == named[0].No {
				break
			}
		}
	}
	party, ok := partyAfter(text, ss[i].Party)
	if !ok {
		return bot.ErrPass
	}
	return w.setParty(ctx, t, es[i], ss[i], party)
}

// partyAfter reads how many go after a message about a party of cur; ok
// is false when the words say no count that can be read.
func partyAfter(text string, cur int) (int, bool) {
	count := func(s string) int {
		switch s {
		case "俩":
			return 2
		case "仨":
			return 3
		}
		n, _ := numerals.Parse(s)
		return n
	}
	switch {
	case onlyMeGoes.MatchString(text):
		return 1, true
	}
	if m := partySetTo.FindStringSubmatch(text); m != nil && (m[4] != "个" || strings.Contains(text, "人数")) {
		if n := count(m[3]); n > 0 {
			return n, true
		}
	}
	if m := partyMore.FindStringSubmatch(text); m != nil {
		if m[3] == "" {
			return cur + 1, true // 「加个人」
		}
		if n := count(m[3]); n > 0 {
			return cur + n, true
		}
	}
	if m := partyFewer.FindStringSubmatch(text); m != nil {
		if n := count(m[3]); n > 0 {
			return cur - n, true
		}
	}
	switch {
	case kinOut.MatchString(text) && cur > 1:
		return cur - 1, true
	case kinIn.MatchString(text) && cur == 1:
		return 2, true
	}
	return 0, false
}
