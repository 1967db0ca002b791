package volunteer

import (
	"strings"
	"time"

	"linli/internal/gatedre"
	"linli/timeexpr"
)

// dayPart is a named part of the day and the minutes it covers; the one
// table of them is timeexpr's.
type dayPart = timeexpr.DayPart

const num = `[` + cnNumberChars + `]{1,3}`

var (
	// Relative days, most specific first.
	reRelDay  = gatedre.MustCompile(`大后天|后天|明天|明日|明儿|明早|明晚|今天|今日|今儿|今早|今晚|今个|当天`)
	reWeekday = gatedre.MustCompile(`(下下?个?|这个?|本)?(?:周|星期|礼拜|週)([一二三四五六日天1-7])`)
	reWeekend = gatedre.MustCompile(`(下个?|这个?|本)?(?:周末|礼拜天|礼拜日|双休日)`)
	reDate    = gatedre.MustCompile(`(` + num + `)月(` + num + `)[日号]?`)
	reDayNum  = gatedre.MustCompile(`(` + num + `)[号日]`)
	reFewDays = gatedre.MustCompile(`这两天|这几天|近两天|近几天|最近两天|最近几天|这两日|过两天|过几天`)
	rePart    = gatedre.MustCompile(`大早上|早晨|一整天|午饭后|午休后|晚饭后|下班后|下半天|凌晨|早上|早晨|清早|一早|上午|晌午|中午|下午|午后|後晌|傍晚|晚上|晚间|夜里|白天|全天`)
	reClock   = gatedre.MustCompile(`(` + num + `)\s*(?:点|:|：|时)\s*(半|一刻|三刻|[0-5]?[0-9]分?|` + num + `分)?(?:\s*(?:到|至|-|~|—)\s*(` + num + `)\s*(?:点|:|时)?\s*(半|[0-5][0-9])?)?`)
	reNow     = gatedre.MustCompile(`马上|立刻|立即|现在|赶紧|赶快|尽快|越快越好|速来|急需|十万火急`)
	reSoon    = gatedre.MustCompile(`一会儿|一会|等会儿?|待会儿?|过会儿?`)
	reAfter   = gatedre.MustCompile(`(` + num + `|半|一个半|个把)\s*(?:个)?\s*(小时|钟头|分钟)\s*(?:后|以后|之后|内|以内|之内)`)
	reOnwards = gatedre.MustCompile(`^\s*(钟)?\s*(以后|之后|过后|往后|后|以外)`)
	reToday   = gatedre.MustCompile(`今天之内|今天内|今天以内|今天下班前|天黑前|天黑之前|今天必须`)
)

// submatches are the texts of a match's groups from their indexes, ""
// for a group that took no part.
func submatches(text string, loc []int) []string {
	out := make([]string, len(loc)/2)
	for i := range out {
		if loc[2*i] >= 0 {
			out[i] = text[loc[2*i]:loc[2*i+1]]
		}
	}
	return out
}

// onwardsFor is how long 「两点以后」 leaves open.
const onwardsFor = 4 * time.Hour

// findWindow reads the time window from text, on the clock now (already in
// the community's time zone). It reports false when the text says no time.
// This is the one place that reads time; the rest of the extractor only
// sees the window.
//
// The project's time-expression parser reads it first. The rules below
// cover what a request says that a schedule never does (马上, 一小时内,
// 周末, 这两天, a bare "3点") and, when the parser only found a whole day,
// a narrower part of that day said elsewhere ("明天…下午").
func findWindow(text string, now time.Time) (Window, bool) {
	rules, rok := ruleWindow(text, now)
	e, _, end, ok := timeexpr.Find(text, now, now.Location())
	if !ok {
		return rules, rok
	}
	var w Window
	switch e.Kind {
	case timeexpr.Window:
		w = Window{Start: e.At, End: e.End}
	case timeexpr.Once:
		w = Window{Start: e.At, End: e.At.Add(time.Hour)}
		if reOnwards.MatchString(text[end:]) {
			// 「下午两点以后在家」: from then to the evening.
			w.End = e.At.Add(onwardsFor)
			if last := time.Date(e.At.Year(), e.At.Month(), e.At.Day(), 22, 0, 0, 0, e.At.Location()); w.End.After(last) && e.At.Before(last) {
				w.End = last
			}
		}
	case timeexpr.Recurring:
		next := e.Next(now)
		if next.IsZero() {
			return rules, rok
		}
		w = Window{Start: next, End: next.Add(time.Hour)}
	default:
		return rules, rok
	}
	if rok && w.End.Sub(w.Start) >= 24*time.Hour && !rules.Start.Before(w.Start) && !rules.End.After(w.End) {
		return rules, true
	}
	if y, m, d := now.Date(); !w.End.After(now) && w.Start.Year() == y && w.Start.Month() == m && w.Start.Day() == d &&
		!strings.Contains(text, "今天") && !strings.Contains(text, "今早") {
		// 「早上8点」 said in the evening is tomorrow's.
		w = Window{Start: w.Start.AddDate(0, 0, 1), End: w.End.AddDate(0, 0, 1)}
	}
	return w, true
}

// ruleWindow is the rules' own reading of the window.
func ruleWindow(text string, now time.Time) (Window, bool) {
	loc := now.Location()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	at := func(day time.Time, minutes int) time.Time { return day.Add(time.Duration(minutes) * time.Minute) }

	// Deadlines "today" and relative times first: they leave no room for
	// a day.
	if reToday.MatchString(text) {
		return Window{Start: now, End: today.AddDate(0, 0, 1)}, true
	}
	if m := reAfter.FindStringSubmatch(text); m != nil {
		d := relDuration(m[1], m[2])
		if d > 0 {
			if strings.HasSuffix(m[0], "内") {
				return Window{Start: now, End: now.Add(d)}, true
			}
			return Window{Start: now.Add(d), End: now.Add(d + time.Hour)}, true
		}
	}

	day, dayEnd, haveDay := findDay(text, today)
	// With several parts of day ("白天一个人在家，明天下午…"), the
	// narrowest is the one the request is about.
	partName := ""
	for _, p := range rePart.FindAllString(text, -1) {
		if partName == "" || span(p) < span(partName) {
			partName = p
		}
	}
	if partName == "" {
		switch {
		case strings.Contains(text, "今晚") || strings.Contains(text, "明晚"):
			partName = "晚上"
		case strings.Contains(text, "今早") || strings.Contains(text, "明早"):
			partName = "上午"
		}
	}
	part, havePart := timeexpr.LookupDayPart(partName)

	for _, loc := range reClock.FindAllStringSubmatchIndex(text, -1) {
		m := submatches(text, loc)
		// "一点" is as often "a little" as one o'clock: only a clock with
		// a part of day, minutes or a range counts.
		if (m[1] == "一" || m[1] == "两") && m[2] == "" && m[3] == "" && !havePart {
			continue
		}
		if h := parseNumber(m[1]); h >= 0 && h <= 24 {
			h = adjustHour(h, part, havePart)
			start := h*60 + clockMinutes(m[2])
			end := start + 60
			if m[3] == "" && reOnwards.MatchString(text[loc[1]:]) {
				end = min(start+int(onwardsFor/time.Minute), 22*60)
				end = max(end, start+60)
			}
			if m[3] != "" {
				if h2 := parseNumber(m[3]); h2 >= 0 && h2 <= 24 {
					if h2 < h && h2+12 <= 24 {
						h2 += 12
					}
					e := h2*60 + clockMinutes(m[4])
					if e > start {
						end = e
					}
				}
			}
			if !haveDay {
				day = today
				if !at(day, end).After(now) {
					day = day.AddDate(0, 0, 1)
				}
			}
			return Window{Start: at(day, start), End: at(day, end)}, true
		}
	}
	if havePart {
		if !haveDay {
			day = today
			if !at(day, part.End).After(now) {
				day = day.AddDate(0, 0, 1)
			}
		}
		return Window{Start: at(day, part.Start), End: at(day, part.End)}, true
	}
	if haveDay {
		return Window{Start: day, End: dayEnd.AddDate(0, 0, 1)}, true
	}
	if reNow.MatchString(text) || reSoon.MatchString(text) {
		return Window{Start: now, End: now.Add(2 * time.Hour)}, true
	}
	return Window{}, false
}

// findDay finds the day (or days) said in text: the first day and the last.
func findDay(text string, today time.Time) (time.Time, time.Time, bool) {
	for _, loc := range reRelDay.FindAllStringIndex(text, -1) {
		m := text[loc[0]:loc[1]]
		// "以后天天" is "from now on, every day", not the day after
		// tomorrow.
		if strings.HasPrefix(m, "后天") && (strings.HasSuffix(text[:loc[0]], "以") || strings.HasSuffix(text[:loc[0]], "之") || strings.HasPrefix(text[loc[1]:], "天")) {
			continue
		}
		off := 0
		switch {
		case strings.HasPrefix(m, "大后"):
			off = 3
		case strings.HasPrefix(m, "后"):
			off = 2
		case strings.HasPrefix(m, "明"):
			off = 1
		}
		d := today.AddDate(0, 0, off)
		return d, d, true
	}
	if m := reWeekday.FindStringSubmatch(text); m != nil {
		target := weekdayNumber(m[2])
		cur := isoWeekday(today)
		var d time.Time
		switch {
		case strings.HasPrefix(m[1], "下下"):
			d = today.AddDate(0, 0, 14-cur+target)
		case strings.HasPrefix(m[1], "下"):
			d = today.AddDate(0, 0, 7-cur+target)
		case m[1] != "":
			d = today.AddDate(0, 0, target-cur)
		default:
			d = today.AddDate(0, 0, (target-cur+7)%7)
		}
		return d, d, true
	}
	if m := reWeekend.FindStringSubmatch(text); m != nil {
		cur := isoWeekday(today)
		sat := today.AddDate(0, 0, 6-cur)
		if cur == 7 {
			sat = today.AddDate(0, 0, -1)
		}
		if strings.HasPrefix(m[1], "下") {
			sat = sat.AddDate(0, 0, 7)
		}
		if strings.HasPrefix(m[0], "礼拜") || strings.HasSuffix(m[0], "礼拜天") {
			sun := sat.AddDate(0, 0, 1)
			return sun, sun, true
		}
		if cur == 7 && m[1] == "" {
			return today, today, true
		}
		return sat, sat.AddDate(0, 0, 1), true
	}
	if m := reDate.FindStringSubmatch(text); m != nil {
		mo, dd := parseNumber(m[1]), parseNumber(m[2])
		if mo >= 1 && mo <= 12 && dd >= 1 && dd <= 31 {
			d := time.Date(today.Year(), time.Month(mo), dd, 0, 0, 0, 0, today.Location())
			if d.Before(today) {
				d = d.AddDate(1, 0, 0)
			}
			return d, d, true
		}
	}
	for _, idx := range reDayNum.FindAllStringSubmatchIndex(text, -1) {
		// "5号楼" and "5号院" are places, not dates.
		rest := text[idx[1]:]
		if strings.HasPrefix(rest, "楼") || strings.HasPrefix(rest, "院") || strings.HasPrefix(rest, "门") || strings.HasPrefix(rest, "单元") {
			continue
		}
		prev := text[:idx[0]]
		if strings.HasSuffix(prev, "单元") || strings.HasSuffix(prev, "栋") || strings.HasSuffix(prev, "楼") || strings.HasSuffix(prev, "-") {
			continue
		}
		dd := parseNumber(text[idx[2]:idx[3]])
		if dd < 1 || dd > 31 {
			continue
		}
		d := time.Date(today.Year(), today.Month(), dd, 0, 0, 0, 0, today.Location())
		if d.Before(today) {
			d = d.AddDate(0, 1, 0)
		}
		return d, d, true
	}
	if m := reFewDays.FindString(text); m != "" {
		if strings.HasPrefix(m, "过") {
			d := today.AddDate(0, 0, 2)
			return d, d, true
		}
		return today, today.AddDate(0, 0, 2), true
	}
	return time.Time{}, time.Time{}, false
}

func isoWeekday(t time.Time) int {
	wd := int(t.Weekday())
	if wd == 0 {
		return 7
	}
	return wd
}

func weekdayNumber(s string) int {
	switch s {
	case "日", "天", "7":
		return 7
	}
	if n := parseNumber(s); n >= 1 && n <= 6 {
		return n
	}
	return 7
}

// adjustHour reads a bare clock hour in the part of day said, or as the
// hours people ask for help in (1–6 o'clock means the afternoon).
func adjustHour(h int, part dayPart, havePart bool) int {
	if h >= 12 {
		return h
	}
	if havePart {
		if part.PM && !(part.Start == 11*60 && h >= 11) {
			return h + 12
		}
		return h
	}
	if h >= 1 && h <= 6 {
		return h + 12
	}
	return h
}

func clockMinutes(s string) int {
	switch s {
	case "":
		return 0
	case "半":
		return 30
	case "一刻":
		return 15
	case "三刻":
		return 45
	}
	s = strings.TrimSuffix(s, "分")
	if n := parseNumber(s); n >= 0 && n < 60 {
		return n
	}
	return 0
}

func relDuration(n, unit string) time.Duration {
	var v float64
	switch n {
	case "半":
		v = 0.5
	case "一个半":
		v = 1.5
	case "个把":
		v = 1
	default:
		i := parseNumber(n)
		if i <= 0 {
			return 0
		}
		v = float64(i)
	}
	if unit == "分钟" {
		return time.Duration(v * float64(time.Minute))
	}
	return time.Duration(v * float64(time.Hour))
}

// stripTime removes time expressions, for the short "what" summary.
func stripTime(text string) string {
	for _, re := range []*gatedre.Regexp{reToday, reAfter, reRelDay, reWeekday, reWeekend, reDate, reFewDays, rePart, reClock, reNow, reSoon} {
		text = re.ReplaceAllString(text, "\x00")
	}
	// 「我明天上午要去医院」 reads 「我要去医院」, not 「我，要去医院」.
	text = reTimeGap.ReplaceAllString(text, "$1$2")
	return strings.ReplaceAll(text, "\x00", " ")
}

// reTimeGap is where a time was taken out between two words of one phrase.
var reTimeGap = gatedre.MustCompile(`(\p{Han})\x00+(\p{Han})`)

// span is how many minutes a named part of the day covers.
func span(word string) int {
	p, _ := timeexpr.LookupDayPart(word)
	return p.End - p.Start
}
