package reminders

import (
	"fmt"
	"strings"
	"time"

	"linli/internal/gatedre"
	"linli/timeexpr"
)

// A repeating reminder may stop by itself on a day said after its words:
// 「提醒 @业主群 每天08:00 厨余垃圾要破袋 到周日」「…到12月27日为止」「…到月底」.
// On that day it goes for the last time; the confirmation says so.

// untilWords are the last day said at the end of a reminder's words.
var untilWords = gatedre.MustCompile(`(^|[\s，,。；;])(一直|就|倒)?(提醒|发)?(到|至|截止到?|截至)\s*(\S{1,12}?)\s*(当天|那天)?(为止|止|结束)?$`)

// untilSaid splits the last day off a reminder's words: the words before
// it and the end of that day. It reports false when the words end with no
// day, or with one it cannot read.
func untilSaid(text string, now time.Time, loc *time.Location) (string, time.Time, bool) {
	m := untilWords.FindStringSubmatchIndex(text)
	if m == nil {
		return text, time.Time{}, false
	}
	day, ok := dayOf(text[m[10]:m[11]], now, loc)
	if !ok {
		return text, time.Time{}, false
	}
	y, mo, d := day.Date()
	end := time.Date(y, mo, d, 23, 59, 59, 0, loc)
	return strings.TrimRight(text[:m[0]], " ，,。；;"), end, true
}

// dayOf reads a day: 「周日」「12月27日」「27号」「月底」.
func dayOf(s string, now time.Time, loc *time.Location) (time.Time, bool) {
	if s == "月底" || s == "这个月底" || s == "本月底" {
		y, m, _ := now.In(loc).Date()
		return time.Date(y, m+1, 0, 0, 0, 0, 0, loc), true
	}
	e, err := timeexpr.Parse(s, now, loc)
	if err != nil || e.Kind == timeexpr.Recurring || e.At.IsZero() {
		return time.Time{}, false
	}
	return e.At.In(loc), true
}

// untilLabel says the last day: 「，到12月13日（周日）为止」, or nothing.
func untilLabel(r Reminder, now time.Time) string {
	if r.Until.IsZero() {
		return ""
	}
	return fmt.Sprintf("，到%s为止", timeexpr.FormatDay(r.Until, now))
}
