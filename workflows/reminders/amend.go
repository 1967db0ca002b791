package reminders

import (
	"strings"

	"linli/bot"
	"linli/internal/gatedre"
	"linli/timeexpr"
)

// A coordinator shown a drafted notice moves it in words before saying yes:
// 「改成7点半吧 7点大家都在吃饭没人看」「今天上午10点发 一群和车友群两个都发」.

// clockWords are the hour in a drafted notice's time: 「晚上7点」「08:31」.
var clockWords = gatedre.MustCompile(`(凌晨|早上|上午|中午|下午|傍晚|晚上)?(([0-9]{1,2}|[一二两三四五六七八九十]{1,3})(点半|点[0-9]{1,2}分?|点)|[0-9]{1,2}[:：][0-9]{2})`)

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
