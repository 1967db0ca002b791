package events

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"linli/bot"
	"linli/internal/gatedre"
	"linli/timeexpr"
)

// Limits on what coordinators and residents may write.
const (
	MaxTitle    = 30
	MaxPlace    = 40
	MaxNote     = 40
	MaxCapacity = 1000
	MaxOptions  = 20
	MaxOption   = 30
	// DefaultLength is how long an event given only a start time lasts.
	DefaultLength = 2 * time.Hour
)

// eventSpec is what a coordinator wrote after 发起活动.
type eventSpec struct {
	Title, Place, Bring string
	Start, End, Closes  time.Time
	Capacity, Points    int
}

var (
	capacityRe  = gatedre.MustCompile(`(?:名额|限|共)\s*[:：]?\s*(\d+|[零一二两三四五六七八九十百]+)\s*(?:人|位|个|名)?`)
	headCountRe = gatedre.MustCompile(`(?:^|\s)(\d+|[一二两三四五六七八九十百]+)\s*(?:个人|人|位|个名额|名)(?:\s|$)`)
	pointsRe    = gatedre.MustCompile(`(?:签到积分|积分)\s*[:：]?\s*(\d+)\s*分?`)
	closesRe    = gatedre.MustCompile(`(?:报名)?截止(?:时间)?\s*[:：]?\s*`)
	bringRe     = gatedre.MustCompile(`(?:需要带|请带|需带|携带)\s*[:：]?\s*`)
)

// cut removes text[i:j] and tidies the spaces around the gap.
func cut(text string, i, j int) string {
	return strings.TrimSpace(strings.TrimSpace(text[:i]) + " " + strings.TrimSpace(text[j:]))
}

// takeDeadline finds "截止<time>" in text, returning the text without it.
// found is false when there is no 截止.
func takeDeadline(text string, now time.Time, loc *time.Location) (rest string, at time.Time, found bool, err error) {
	m := closesRe.FindStringIndex(text)
	if m == nil {
		return text, time.Time{}, false, nil
	}
	after := text[m[1]:]
	e, left, err := timeexpr.Leading(after, now, loc)
	if err != nil {
		return text, time.Time{}, true, bot.Userf("没看懂截止时间：%v。请写成「截止12月10日20:00」。", err)
	}
	switch e.Kind {
	case timeexpr.Once:
		at = e.At
	case timeexpr.Window:
		at = e.End // "截止12月5日" means by the end of that day
	default:
		return text, time.Time{}, true, bot.Userf("截止时间请写具体日期和时间，如「截止12月10日20:00」。")
	}
	return cut(text, m[0], len(text)-len(left)), at, true, nil
}

// parseEvent reads `民法典讲座 12月6日 9:00-11:00 社区活动室 名额30 需要带：身份证`.
func parseEvent(args string, now time.Time, loc *time.Location) (eventSpec, error) {
	const example = "如「发起活动 民法典讲座 12月6日 9:00-11:00 社区活动室 名额30」"
	var s eventSpec
	text := strings.TrimSpace(args)
	if text == "" {
		return s, bot.Userf("请写活动名称、时间、地点和名额，" + example + "。")
	}
	if m := bringRe.FindStringIndex(text); m != nil {
		s.Bring = strings.TrimSpace(text[m[1]:])
		text = strings.TrimSpace(text[:m[0]])
	}
	rest, closes, _, err := takeDeadline(text, now, loc)
	if err != nil {
		return s, err
	}
	text, s.Closes = rest, closes
	if m := pointsRe.FindStringSubmatchIndex(text); m != nil {
		s.Points, _ = strconv.Atoi(text[m[2]:m[3]])
		if s.Points <= 0 || s.Points > 100 {
			return s, bot.Userf("签到积分请写1到100之间的数。")
		}
		text = cut(text, m[0], m[1])
	}
	m := capacityRe.FindStringSubmatchIndex(text)
	if m == nil {
		// 「社区活动室 30人」: a head count on its own is the capacity.
		m = headCountRe.FindStringSubmatchIndex(text)
	}
	if m != nil {
		n, ok := number(text[m[2]:m[3]])
		if !ok || n <= 0 {
			return s, bot.Userf("名额至少1人；不限名额就不写名额。")
		}
		if n > MaxCapacity {
			return s, bot.Userf("名额最多%d人。", MaxCapacity)
		}
		s.Capacity = n
		text = cut(text, m[0], m[1])
	}
	e, i, j, ok, err := findTime(text, now, loc)
	if err != nil {
		return s, err
	}
	if !ok {
		return s, bot.Userf("请写活动时间，" + example + "。")
	}
	switch e.Kind {
	case timeexpr.Once:
		s.Start, s.End = e.At, e.At.Add(DefaultLength)
	case timeexpr.Window:
		if e.End.Sub(e.At) >= 24*time.Hour {
			return s, bot.Userf("请写几点开始，" + example + "。")
		}
		s.Start, s.End = e.At, e.End
	default:
		return s, bot.Userf("活动请写具体日期和时间，不是每周重复的时间，" + example + "。")
	}
	s.Title = strings.TrimSpace(text[:i])
	s.Place = strings.Trim(strings.TrimSpace(text[j:]), "，,。")
	switch {
	case s.Title == "":
		return s, bot.Userf("请先写活动名称，" + example + "。")
	case utf8.RuneCountInString(s.Title) > MaxTitle:
		return s, bot.Userf("活动名称太长了，请控制在%d个字以内。", MaxTitle)
	case utf8.RuneCountInString(s.Place) > MaxPlace:
		return s, bot.Userf("地点太长了，请控制在%d个字以内。", MaxPlace)
	case !s.Start.After(now):
		return s, bot.Userf("活动时间已经过去了，请写以后的时间。")
	}
	if s.Closes.IsZero() {
		s.Closes = s.Start
	}
	switch {
	case !s.Closes.After(now):
		return s, bot.Userf("报名截止时间已经过去了，请写以后的时间。")
	case s.Closes.After(s.Start):
		return s, bot.Userf("报名截止时间要早于活动开始时间。")
	}
	return s, nil
}

// findTime finds the event's time in text: the first word that starts a
// time expression, else any expression inside a word. A word that looks
// like a date or time but cannot be one (2月30日, 25点) is refused with the
// reason, rather than skipped for a later number that happens to read as
// a time.
func findTime(text string, now time.Time, loc *time.Location) (e timeexpr.Expr, i, j int, ok bool, err error) {
	for pos := 0; pos < len(text); {
		e, rest, err := timeexpr.Leading(text[pos:], now, loc)
		if err == nil {
			return e, pos, len(text) - len(rest), true, nil
		}
		word, _, _ := strings.Cut(text[pos:], " ")
		var te *timeexpr.Error
		if errors.As(err, &te) && strings.ContainsAny(word, "月日号点时:") && strings.ContainsAny(word[:1], "0123456789") {
			return e, 0, 0, false, bot.Userf("活动时间没看懂：%s。", te.Msg)
		}
		next := strings.IndexByte(text[pos:], ' ')
		if next < 0 {
			break
		}
		pos += next + 1
	}
	e, i, j, ok = timeexpr.Find(text, now, loc)
	return e, i, j, ok, nil
}

// pollSpec is what a coordinator wrote after 发起投票.
type pollSpec struct {
	Title       string
	Options     []string
	MaxChoices  int
	Deadline    time.Time
	Anonymous   bool
	HideResults bool
}

var (
	maxChoicesRe = gatedre.MustCompile(`(?:每人最多|每人可投|每人|最多|可投|可选)\s*(\d+|[一二两三四五六七八九十]+)\s*(?:票|项|个)`)
	optionsRe    = gatedre.MustCompile(`选项\s*[:：]?\s*`)
	numberedRe   = gatedre.MustCompile(`(?:^|\s)(\d+)\s*[.、)]\s*`)
	splitRe      = gatedre.MustCompile(`[\s、，,;；/]+`)
)

// parsePoll reads `优秀作品评选 选项：1.张奶奶的国画 2.李老师的书法 截止12月10日20:00 每人3票 匿名 隐藏结果`.
// slashedRe is choices written with slashes after the title: 「东门车棚/北门空地」.
var slashedRe = gatedre.MustCompile(`\s(\S+[/／]\S+)\s*$`)

func parsePoll(args string, now time.Time, loc *time.Location) (pollSpec, error) {
	const example = "如「发起投票 优秀作品评选 选项：1.国画 2.书法 3.摄影 截止12月10日20:00 每人1票」"
	p := pollSpec{MaxChoices: 1}
	text := strings.TrimSpace(args)
	if text == "" {
		return p, bot.Userf("请写投票主题、选项和截止时间，" + example + "。")
	}
	rest, deadline, found, err := takeDeadline(text, now, loc)
	if err != nil {
		return p, err
	}
	if !found {
		return p, bot.Userf("请写截止时间，" + example + "。")
	}
	text, p.Deadline = rest, deadline
	if !p.Deadline.After(now) {
		return p, bot.Userf("截止时间已经过去了，请写以后的时间。")
	}
	for _, flag := range []struct {
		words []string
		set   *bool
	}{
		{[]string{"不记名", "匿名"}, &p.Anonymous},
		{[]string{"隐藏结果", "截止后公布", "结束后公布", "不公开结果"}, &p.HideResults},
	} {
		for _, w := range flag.words {
			if i := strings.Index(text, w); i >= 0 {
				*flag.set = true
				text = cut(text, i, i+len(w))
			}
		}
	}
	choices := 0
	if m := maxChoicesRe.FindStringSubmatchIndex(text); m != nil {
		n, ok := number(text[m[2]:m[3]])
		if !ok || n <= 0 {
			return p, bot.Userf("每人至少1票。")
		}
		choices = n
		text = cut(text, m[0], m[1])
	}
	multi := false
	for _, w := range []string{"单选", "多选"} {
		if i := strings.Index(text, w); i >= 0 {
			multi = multi || w == "多选"
			text = cut(text, i, i+len(w))
		}
	}
	var optText string
	if m := optionsRe.FindStringIndex(text); m != nil {
		p.Title, optText = strings.TrimSpace(text[:m[0]]), text[m[1]:]
	} else if m := numberedRe.FindStringIndex(text); m != nil && m[0] > 0 {
		p.Title, optText = strings.TrimSpace(text[:m[0]]), text[m[0]:]
	} else if m := slashedRe.FindStringSubmatchIndex(text); m != nil {
		// 「电动车充电桩装哪里 东门车棚/北门空地」
		p.Title, optText = strings.TrimSpace(text[:m[2]]), strings.NewReplacer("／", "、", "/", "、").Replace(text[m[2]:m[3]])
	} else {
		return p, bot.Userf("请写选项，" + example + "。")
	}
	p.Options = splitOptions(optText)
	switch {
	case p.Title == "":
		return p, bot.Userf("请先写投票主题，" + example + "。")
	case utf8.RuneCountInString(p.Title) > MaxTitle:
		return p, bot.Userf("投票主题太长了，请控制在%d个字以内。", MaxTitle)
	case len(p.Options) < 2:
		return p, bot.Userf("投票至少要两个选项，" + example + "。")
	case len(p.Options) > MaxOptions:
		return p, bot.Userf("选项最多%d个。", MaxOptions)
	}
	for _, o := range p.Options {
		if utf8.RuneCountInString(o) > MaxOption {
			return p, bot.Userf("选项「%s…」太长了，每个选项请控制在%d个字以内。", string([]rune(o)[:8]), MaxOption)
		}
	}
	switch {
	case choices > len(p.Options):
		return p, bot.Userf("只有%d个选项，每人最多只能投%d票。", len(p.Options), len(p.Options))
	case choices > 0:
		p.MaxChoices = choices
	case multi:
		p.MaxChoices = len(p.Options)
	}
	return p, nil
}

// splitOptions splits "1.国画 2.书法" by its numbers, or "国画、书法" by its
// separators when there are no numbers.
func splitOptions(s string) []string {
	var out []string
	if marks := numberedRe.FindAllStringIndex(s, -1); len(marks) > 0 {
		for k, m := range marks {
			end := len(s)
			if k+1 < len(marks) {
				end = marks[k+1][0]
			}
			if o := strings.Trim(strings.TrimSpace(s[m[1]:end]), "，,、;；"); o != "" {
				out = append(out, o)
			}
		}
		return out
	}
	for _, o := range splitRe.Split(s, -1) {
		if o != "" {
			out = append(out, o)
		}
	}
	return out
}

// ref is how a member names an event or poll: by number, or by title.
type ref struct {
	No    int
	Title string
	// Rest is what follows the number (people, a note, choices).
	Rest string
}

var refRe = gatedre.MustCompile(`^#\s*(\d+)\s*(.*)$`)

// parseRef reads "#3 2人" or "民法典讲座 2人". A bare leading number is read
// as the event number only when allowBare is set (sign-ups), since for
// ballots a bare number is a choice.
func parseRef(args string, allowBare bool) (ref, bool) {
	args = strings.TrimSpace(args)
	if m := refRe.FindStringSubmatch(args); m != nil {
		n, err := strconv.Atoi(m[1])
		if err != nil || n <= 0 {
			return ref{}, false
		}
		return ref{No: n, Rest: strings.TrimSpace(m[2])}, true
	}
	if allowBare {
		head, tail, _ := strings.Cut(args, " ")
		if n, err := strconv.Atoi(head); err == nil && n > 0 {
			return ref{No: n, Rest: strings.TrimSpace(tail)}, true
		}
	}
	if args == "" {
		return ref{}, false
	}
	return ref{Title: args}, true
}

var partyRe = gatedre.MustCompile(`^(?:共|一共)?(\d+|[零一二两三四五六七八九十]+)\s*(?:个人|口人|人|位|口)$`)

// parseExtras reads what follows an event in a sign-up: a number of people
// ("2人") and a note ("红烧肉"), in either order.
func parseExtras(s string) (party int, note string, err error) {
	party = 1
	var notes []string
	seen := false
	for _, tok := range splitRe.Split(strings.TrimSpace(s), -1) {
		if tok == "" {
			continue
		}
		if m := partyRe.FindStringSubmatch(tok); m != nil && !seen {
			n, ok := number(m[1])
			if !ok {
				return 0, "", bot.Userf("没看懂人数，请写成「2人」。")
			}
			party, seen = n, true
			continue
		}
		notes = append(notes, tok)
	}
	note = strings.Join(notes, " ")
	if utf8.RuneCountInString(note) > MaxNote {
		return 0, "", bot.Userf("备注太长了，请控制在%d个字以内。", MaxNote)
	}
	return party, note, nil
}

var choiceSplitRe = gatedre.MustCompile(`[\s、，,;；和+/]+`)

// parseChoices reads "1 3", "1,3", "1、3号" for poll #no.
func parseChoices(s string, no int) ([]int, error) {
	var out []int
	seen := map[int]bool{}
	for _, tok := range choiceSplitRe.Split(strings.TrimSpace(s), -1) {
		tok = strings.TrimSuffix(strings.TrimPrefix(tok, "第"), "号")
		tok = strings.TrimSuffix(tok, "项")
		if tok == "" {
			continue
		}
		n, ok := number(tok)
		if !ok {
			return nil, bot.Userf("请只写选项号，如「投票 #%d 1」。", no)
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return nil, bot.Userf("请写选几号，如「投票 #%d 1」。", no)
	}
	return out, nil
}

// number reads a small number in digits or Chinese numerals ("3", "三",
// "两", "十二").
func number(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, n >= 0
	}
	digits := map[rune]int{'零': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	r := []rune(s)
	switch {
	case len(r) == 0:
		return 0, false
	case len(r) == 1:
		if r[0] == '十' {
			return 10, true
		}
		d, ok := digits[r[0]]
		return d, ok
	}
	total, cur := 0, 0
	for _, c := range r {
		switch c {
		case '十':
			if cur == 0 {
				cur = 1
			}
			total += cur * 10
			cur = 0
		case '百':
			if cur == 0 {
				cur = 1
			}
			total += cur * 100
			cur = 0
		default:
			d, ok := digits[c]
			if !ok {
				return 0, false
			}
			cur = d
		}
	}
	return total + cur, true
}
