package events

import (
	"strings"

	"linli/bot"
	"linli/internal/gatedre"
	"linli/timeexpr"
)

// A coordinator shown a drafted event moves it in words before saying yes:
// 「时间写11点到1点 其他都对 两个群都发」「改到下午3点」.

// timeChanged ends the words that change a draft's time: 「时间写…」「改到…」.
var timeChanged = gatedre.MustCompile(`(时间|时候)(写|改成|改为|改到|换成|定在|是|就|写成)?[\s:：]*$|(改到|改成|改为|换到|挪到|提前到|推迟到|推到)\s*$`)

// closesSaid is when sign-ups close: 「报名到19号中午12点截止」.
var closesSaid = gatedre.MustCompile(`(?:^|[\s，,])(报名)?(到|至)?(\S{1,14}?)\s*(截止|为止)`)

// hoursOff are the hours at the end of a drafted time, taken off to
// leave its day: 「2月3号星期三中午」 is 「2月3号星期三」.
var hoursOff = gatedre.MustCompile(`\s*(凌晨|早上|上午|中午|下午|傍晚|晚上)?[0-9一二三四五六七八九十两:：点半分到至\-—~]*$`)

// amendEvent is 发起活动's Amend: the drafted line args moved to the time
// text says, on the drafted day when text says only the hours.
func (w *Workflow) amendEvent(t *bot.Turn, args, text string) (string, bool) {
	lead, body := bot.DraftLead(args)
	changed := false
	if m := closesSaid.FindStringSubmatchIndex(text); m != nil && !strings.Contains(body, "截止") {
		// 「报名到19号中午12点截止」: the sign-ups close then.
		if e, err := timeexpr.Parse(text[m[6]:m[7]], t.Now, t.Loc); err == nil && e.Kind != timeexpr.Recurring {
			// Before what to bring, which runs to the line's end.
			at := len(body)
			if k := strings.Index(body, " 需要带："); k >= 0 {
				at = k
			}
			if closed := body[:at] + " 截止" + text[m[6]:m[7]] + body[at:]; parseOK(closed, t) {
				body = closed
				changed = true
			}
		}
		text = text[:m[0]] + " " + text[m[1]:]
	}
	if things := bringSaid(text); len(things) > 0 {
		// 「…自己手机带上 其他没问题 发吧」: what to bring, added.
		added := body
		if strings.Contains(body, " 需要带：") {
			added += "、" + strings.Join(things, "、")
		} else {
			added += " 需要带：" + strings.Join(things, "、")
		}
		if parseOK(added, t) {
			body, changed = added, true
		}
	}
	_, i, j, ok, err := findTime(text, t.Now, t.Loc)
	if err != nil || !ok || !timeChanged.MatchString(text[:i]) {
		return lead + body, changed
	}
	said := strings.TrimSpace(text[i:j])
	_, a, b, ok, err := findTime(body, t.Now, t.Loc)
	if err != nil || !ok {
		return lead + body, changed
	}
	when := strings.TrimSpace(body[a:b])
	moved := said
	if day := hoursOff.ReplaceAllString(when, ""); day != "" && day != when {
		if _, err := timeexpr.Parse(said, t.Now, t.Loc); err != nil || !strings.ContainsAny(said, "月日号周礼拜星期天") {
			// 「11点到1点」: the hours of the drafted day.
			moved = day + " " + said
		}
	}
	if _, err := timeexpr.Parse(moved, t.Now, t.Loc); err != nil || moved == when {
		return lead + body, changed
	}
	if !parseOK(strings.TrimSpace(body[:a]+moved+body[b:]), t) {
		return lead + body, changed
	}
	return lead + body[:a] + moved + body[b:], true
}

// parseOK reports whether a drafted line's arguments read as an event.
func parseOK(args string, t *bot.Turn) bool {
	_, err := parseEvent(args, t.Now, t.Loc)
	return err == nil
}
