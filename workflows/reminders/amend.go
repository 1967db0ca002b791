package reminders

import (
	"strings"
	"unicode/utf8"

	"linli/bot"
	"linli/internal/gatedre"
	"linli/timeexpr"
)

// A coordinator shown a drafted notice moves it in words before saying yes:
// 「改成7点半吧 7点大家都在吃饭没人看」「今天上午10点发 一群和车友群两个都发」.

// clockWords are the hour in a drafted notice's time: 「晚上7点」「08:31」.
var clockWords = gatedre.MustCompile(`(凌晨|早上|上午|中午|下午|傍晚|晚上)?(([0-9]{1,2}|[一二两三四五六七八九十]{1,3})(点半|点[0-9]{1,2}分?|点)|[0-9]{1,2}[:：][0-9]{2})`)

// contentGiven opens a drafted notice's words given after it: 「内容大概
// 是 …」「就说 …」「通知写 …」.
var contentGiven = gatedre.MustCompile(`^(?:哦|对了|还有)?[\s，,]*(?:通知|提醒)?(?:的)?(?:内容|话)(?:大概|就|主要)?(?:是|写|说)?[\s，,:：]*|^(?:就说|就写|写上|内容写)[\s，,:：]*`)

// minContent is the fewest runes of a notice's words given after it.
const minContent = 6

// trailingSend is a go-ahead after the words: 「…其他可以 发吧」.
var trailingSend = gatedre.MustCompile(`[\s，,。]*(其他的?(都)?(没问题|可以)|就这样)?[\s，,。]*(就)?(发吧|发了吧|发)?[\s。！!]*$`)

// untilAtEnd is the day a repeating notice stops, at its line's end.
var untilAtEnd = gatedre.MustCompile(`\s(一直)?(发)?到[^\s]+(为止)?$`)

// amendRemind is 提醒's Amend: the drafted line args moved to the time
// text says, its hour alone (「改成7点半」 keeps 「每天晚上」) or the whole
// time when text says when it goes (「今天上午10点发」).
func (w *Workflow) amendRemind(t *bot.Turn, args, text string) (string, bool) {
	lead, body := bot.DraftLead(args)
	loc := w.location(t.Community())
	now := t.Now.In(loc)
	_, rest, err := timeexpr.Leading(body, now, loc)
	if err != nil {
		return "", false
	}
	when := strings.TrimSpace(body[:len(body)-len(rest)])
	if m := contentGiven.FindStringSubmatchIndex(text); m != nil {
		// 「内容大概是 天冷关窗了…」: the notice's words, given after.
		said := strings.Trim(trailingSend.ReplaceAllString(text[m[1]:], ""), noticeTrims)
		until := ""
		if u := untilAtEnd.FindString(rest); u != "" {
			until = u
		}
		if utf8.RuneCountInString(said) >= minContent {
			return lead + when + " " + said + until, true
		}
	}
	var moved string
	if m := movedTo.FindStringSubmatchIndex(text); m != nil {
		clock := text[m[6]:m[1]]
		if m[4] >= 0 {
			clock = text[m[4]:m[1]]
		}
		at := clockWords.FindAllStringSubmatchIndex(when, -1)
		if len(at) == 0 {
			return "", false
		}
		c := at[len(at)-1]
		if m[4] < 0 && c[2] >= 0 {
			// 「改成7点半」 in 「每天晚上7点」: still the evening.
			clock = when[c[2]:c[3]] + clock
		}
		moved = when[:c[0]] + clock + when[c[1]:]
	} else if e, i, j, ok := sendingTime(text, now, loc); ok && e.Kind != timeexpr.Window && sentAt.MatchString(text[j:]) {
		moved = text[i:j]
	} else {
		return "", false
	}
	if e, err := timeexpr.Parse(moved, now, loc); err != nil || e.Kind == timeexpr.Window || e.Past(now) || moved == when {
		return "", false
	}
	return lead + moved + rest, true
}
