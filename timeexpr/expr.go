// Package timeexpr reads the time expressions residents and coordinators
// write in chat ("每天20:00", "每周一三五 7点半", "明天上午9点", "12月1日 9:00",
// "cron:0 20 * * *") into a one-off time, a recurring schedule or a time
// window, always in an explicit location.
//
// It never guesses silently: an expression it cannot read, an impossible
// date (2月30日) or an impossible time (25点) is an *Error whose message is
// a short Chinese sentence the workflows show as is. A time in the past is
// returned as parsed; callers ask Expr.Past and tell the user.
package timeexpr

import (
	"fmt"
	"strings"
	"time"
)

// Kind is what an expression denotes.
type Kind int

const (
	// Once is a single moment ("明天上午9点").
	Once Kind = iota + 1
	// Recurring is a schedule that repeats ("每天20:00"), held as a 5-field
	// cron spec.
	Recurring
	// Window is a span of time with no exact moment ("明天上午", "12月6日
	// 9:00-11:00", "今天之内"): a request can be served any time inside it.
	Window
)

// String names the kind for logs.
func (k Kind) String() string {
	switch k {
	case Once:
		return "once"
	case Recurring:
		return "recurring"
	case Window:
		return "window"
	}
	return "invalid"
}

// Expr is a parsed time expression.
type Expr struct {
	Kind Kind
	// At is the moment of a Once expression and the start of a Window.
	At time.Time
	// End is the (exclusive) end of a Window.
	End time.Time
	// Spec is the 5-field cron spec (or a descriptor such as @daily) of a
	// Recurring expression, read in Loc. robfig/cron/v3's standard parser
	// accepts it.
	Spec string
	// From is the first day a Recurring expression may fire, at midnight
	// in Loc (「从明天开始每天上午10点」); zero fires from the time it is
	// read.
	From time.Time
	// Desc says in plain Chinese what was understood ("每周一、三、五
	// 07:30"), so a confirmation can repeat it back.
	Desc string
	// Loc is the time zone the expression was read in.
	Loc *time.Location
}

// Error is an expression that cannot be read, with a message safe to show
// the user.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

func errorf(format string, args ...any) error {
	return &Error{Msg: fmt.Sprintf(format, args...)}
}

// Schedule returns the cron schedule of a Recurring expression, in Loc.
func (e Expr) Schedule() (Schedule, error) {
	if e.Kind != Recurring {
		return Schedule{}, fmt.Errorf("schedule of %s expression: not recurring", e.Kind)
	}
	loc := e.Loc
	if loc == nil {
		loc = time.UTC
	}
	return ParseSpec(e.Spec, loc)
}

// Next returns the first firing strictly after t, in Loc: the moment of a
// Once expression if it is after t, the next slot of a Recurring one. It
// returns the zero time when there is none (a Window, a Once in the past).
func (e Expr) Next(t time.Time) time.Time {
	loc := e.Loc
	if loc == nil {
		loc = time.UTC
	}
	switch e.Kind {
	case Once:
		if e.At.After(t) {
			return e.At.In(loc)
		}
	case Recurring:
		s, err := e.Schedule()
		if err != nil {
			return time.Time{}
		}
		if t.Before(e.From) {
			t = e.From.Add(-time.Nanosecond)
		}
		// robfig reads a spec without a time zone in the location of the
		// time it is given.
		return s.Next(t.In(loc))
	}
	return time.Time{}
}

// NextN returns up to n firings strictly after t.
func (e Expr) NextN(t time.Time, n int) []time.Time {
	var out []time.Time
	for len(out) < n {
		t = e.Next(t)
		if t.IsZero() {
			break
		}
		out = append(out, t)
	}
	return out
}

// Past reports whether the expression lies wholly before now: a Once
// expression at or before now, a Window that has ended. The caller tells the
// user; the parser never moves a time on its own.
func (e Expr) Past(now time.Time) bool {
	switch e.Kind {
	case Once:
		return !e.At.After(now)
	case Window:
		return !e.End.After(now)
	}
	return false
}

// String is the plain-Chinese description.
func (e Expr) String() string { return e.Desc }

var weekdayNames = [7]string{"日", "一", "二", "三", "四", "五", "六"}

// FormatTime writes a moment the way confirmations show it: "11月25日（周三）
// 20:00", with the year only when it is not the year of ref.
func FormatTime(t, ref time.Time) string {
	if t.Year() != ref.Year() {
		return fmt.Sprintf("%d年%d月%d日（周%s）%02d:%02d", t.Year(), int(t.Month()), t.Day(), weekdayNames[t.Weekday()], t.Hour(), t.Minute())
	}
	return fmt.Sprintf("%d月%d日（周%s）%02d:%02d", int(t.Month()), t.Day(), weekdayNames[t.Weekday()], t.Hour(), t.Minute())
}

// FormatDay writes a day the way confirmations show it: "11月25日（周三）".
func FormatDay(t, ref time.Time) string {
	s := FormatTime(t, ref)
	return s[:strings.LastIndex(s, "）")+len("）")]
}

func clock(h, m int) string { return fmt.Sprintf("%02d:%02d", h, m) }

// describeSpec says a cron spec in plain Chinese when it is one of the common
// shapes, and quotes it otherwise.
func describeSpec(spec string) string {
	switch spec {
	case "@daily", "@midnight":
		return "每天 00:00"
	case "@hourly":
		return "每小时整点"
	case "@weekly":
		return "每周日 00:00"
	case "@monthly":
		return "每月1日 00:00"
	case "@yearly", "@annually":
		return "每年1月1日 00:00"
	}
	f := strings.Fields(spec)
	if len(f) != 5 || f[3] != "*" {
		return "按 cron「" + spec + "」"
	}
	min, okM := atoiRange(f[0], 0, 59)
	hour, okH := atoiRange(f[1], 0, 23)
	if !okM || !okH {
		return "按 cron「" + spec + "」"
	}
	at := clock(hour, min)
	switch {
	case f[2] == "*" && f[4] == "*":
		return "每天 " + at
	case f[2] == "*":
		days, ok := dowList(f[4])
		if !ok {
			break
		}
		if f[4] == "1-5" {
			return "工作日 " + at + "（周一至周五）"
		}
		if f[4] == "0,6" || f[4] == "6,0" {
			return "每周六、日 " + at
		}
		names := make([]string, len(days))
		for i, d := range days {
			names[i] = weekdayNames[d]
		}
		return "每周" + strings.Join(names, "、") + " " + at
	case f[4] == "*":
		var parts []string
		last := 0
		for _, p := range strings.Split(f[2], ",") {
			d, ok := atoiRange(p, 1, 31)
			if !ok {
				return "按 cron「" + spec + "」"
			}
			parts = append(parts, fmt.Sprintf("%d日", d))
			last = max(last, d)
		}
		desc := "每月" + strings.Join(parts, "、") + " " + at
		if last > 28 {
			desc += fmt.Sprintf("（没有%d日的月份不发）", last)
		}
		return desc
	}
	return "按 cron「" + spec + "」"
}

func atoiRange(s string, lo, hi int) (int, bool) {
	if s == "" || len(s) > 2 {
		return 0, false
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, n >= lo && n <= hi
}

// dowList reads a day-of-week field of numbers, commas and ranges, Monday
// first and Sunday last, as people list them.
func dowList(field string) ([]int, bool) {
	seen := [7]bool{}
	for _, p := range strings.Split(field, ",") {
		lo, hi := p, p
		if i := strings.IndexByte(p, '-'); i >= 0 {
			lo, hi = p[:i], p[i+1:]
		}
		a, ok1 := atoiRange(lo, 0, 7)
		b, ok2 := atoiRange(hi, 0, 7)
		if !ok1 || !ok2 || a > b {
			return nil, false
		}
		for d := a; d <= b; d++ {
			seen[d%7] = true
		}
	}
	var out []int
	for _, d := range []int{1, 2, 3, 4, 5, 6, 0} {
		if seen[d] {
			out = append(out, d)
		}
	}
	return out, len(out) > 0
}
