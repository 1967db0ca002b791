package timeexpr

import (
	"fmt"
	"linli/internal/fold"
	"linli/numerals"
	"strings"
	"time"
	"unicode"
)

// Parse reads text as one whole time expression, in loc, relative to now.
// Anything left over is an error: the expression must be all of text.
func Parse(text string, now time.Time, loc *time.Location) (Expr, error) {
	e, rest, err := Leading(text, now, loc)
	if err != nil {
		return Expr{}, err
	}
	if r := strings.Trim(rest, " \t\r\n。.,，!！"); r != "" {
		return Expr{}, errorf("没看懂时间里的「%s」", r)
	}
	return e, nil
}

// Leading reads the time expression at the start of text ("明天上午9点 带身份证")
// and returns it with the rest of the text, untrimmed. Commands put the time
// first, so this is how they split time from text.
func Leading(text string, now time.Time, loc *time.Location) (Expr, string, error) {
	if loc == nil {
		return Expr{}, "", fmt.Errorf("parse time expression: nil location")
	}
	s := newScanner(text, now, loc, false)
	s.skipSpace()
	if s.done() {
		return Expr{}, "", errorf("没有写时间")
	}
	e, ok, err := s.expr()
	if err != nil {
		return Expr{}, "", err
	}
	if !ok {
		return Expr{}, "", errorf("没看懂时间「%s」", s.snippet())
	}
	return e, text[s.off[s.i]:], nil
}

// Find finds the first time expression inside free text ("明天上午想找人帮忙去医院
// 拿药") and returns it with its span as byte offsets into text, so that
// text[start:end] is the expression. It is stricter than Parse about what
// counts: a bare Chinese numeral hour ("有一点累") is not a time. ok is false
// when text holds no readable expression.
func Find(text string, now time.Time, loc *time.Location) (e Expr, start, end int, ok bool) {
	if loc == nil {
		return Expr{}, 0, 0, false
	}
	s := newScanner(text, now, loc, true)
	for i := range s.r {
		if i > 0 && isDigit(s.r[i-1]) && isDigit(s.r[i]) {
			continue
		}
		if i > 0 && isASCIILetter(s.r[i-1]) && isASCIILetter(s.r[i]) {
			continue
		}
		s.i = i
		e, matched, err := s.expr()
		if err == nil && matched && s.i > i {
			return e, s.off[i], s.off[s.i], true
		}
	}
	return Expr{}, 0, 0, false
}

// scanner walks the normalised runes of one text. off maps each rune index
// to its byte offset in the original text (with len(text) at the end), so
// spans can be reported in the caller's terms.
type scanner struct {
	r      []rune
	off    []int
	i      int
	now    time.Time
	loc    *time.Location
	inText bool
}

func newScanner(text string, now time.Time, loc *time.Location, inText bool) *scanner {
	s := &scanner{now: now.In(loc), loc: loc, inText: inText}
	for off, r := range text {
		s.r = append(s.r, foldRune(r))
		s.off = append(s.off, off)
	}
	s.off = append(s.off, len(text))
	return s
}

// foldRune maps full-width forms, dashes and the traditional characters of the
// time vocabulary to the forms the grammar uses; one rune stays one rune.
func foldRune(r rune) rune {
	r = fold.Rune(r)
	switch r {
	case '—', '–', '－', '~', '〜':
		return '-'
	case '週':
		return '周'
	case '點':
		return '点'
	case '時':
		return '时'
	case '後':
		return '后'
	case '號':
		return '号'
	case '禮':
		return '礼'
	case '個':
		return '个'
	case '鐘':
		return '钟'
	case '兩':
		return '两'
	case '頭':
		return '头'
	case '內':
		return '内'
	}
	return r
}

func isDigit(r rune) bool       { return r >= '0' && r <= '9' }
func isASCIILetter(r rune) bool { return r < 128 && unicode.IsLetter(r) }

func (s *scanner) done() bool { return s.i >= len(s.r) }

func (s *scanner) skipSpace() {
	for s.i < len(s.r) && (s.r[s.i] == ' ' || s.r[s.i] == '\t') {
		s.i++
	}
}

// snippet is the text from the cursor up to the next space, for errors.
func (s *scanner) snippet() string {
	j := s.i
	for j < len(s.r) && s.r[j] != ' ' && j-s.i < 12 {
		j++
	}
	return string(s.r[s.i:j])
}

func (s *scanner) has(word string) bool {
	j := s.i
	for _, w := range word {
		if j >= len(s.r) || s.r[j] != w {
			return false
		}
		j++
	}
	return true
}

// eat consumes the first of words found at the cursor; list longer words
// before their prefixes.
func (s *scanner) eat(words ...string) (string, bool) {
	for _, w := range words {
		if s.has(w) {
			s.i += len([]rune(w))
			return w, true
		}
	}
	return "", false
}

// tryAfterSpace runs f after optional spaces and puts the cursor back,
// spaces included, when f finds nothing.
func (s *scanner) tryAfterSpace(f func() bool) bool {
	mark := s.i
	s.skipSpace()
	if f() {
		return true
	}
	s.i = mark
	return false
}

// number reads an Arabic number of up to four digits or a Chinese one below
// a hundred (十二, 二十三, 两, 零五). chinese says which it was.
func (s *scanner) number() (n int, chinese, ok bool) {
	start := s.i
	for s.i < len(s.r) && isDigit(s.r[s.i]) && s.i-start < 4 {
		n = n*10 + int(s.r[s.i]-'0')
		s.i++
	}
	if s.i > start {
		if s.i < len(s.r) && isDigit(s.r[s.i]) {
			s.i = start
			return 0, false, false
		}
		return n, false, true
	}
	if s.done() {
		return 0, false, false
	}
	r := s.r[s.i]
	if r == '零' || r == '〇' {
		s.i++
		if d, ok := numerals.Digit(s.peek()); ok && d > 0 {
			s.i++
			return d, true, true
		}
		return 0, true, true
	}
	if r == '十' {
		s.i++
		if d, ok := numerals.Digit(s.peek()); ok && d > 0 {
			s.i++
			return 10 + d, true, true
		}
		return 10, true, true
	}
	d, ok := numerals.Digit(r)
	if !ok {
		return 0, false, false
	}
	s.i++
	if s.peek() == '十' {
		s.i++
		n = d * 10
		if e, ok := numerals.Digit(s.peek()); ok && e > 0 {
			s.i++
			n += e
		}
		return n, true, true
	}
	return d, true, true
}

// placeAfter reports whether the runes from i name a place, not a day:
// 「3号楼」「5号门」.
func (s *scanner) placeAfter(i int) bool {
	return i < len(s.r) && strings.ContainsRune("楼栋幢单元层室户门线院床", s.r[i])
}

func (s *scanner) peek() rune {
	if s.i < len(s.r) {
		return s.r[s.i]
	}
	return 0
}

// expr reads one expression at the cursor. ok is false when nothing here
// looks like a time; err is set when something does but cannot be read.
func (s *scanner) expr() (Expr, bool, error) {
	start := s.i
	for _, f := range []func() (Expr, bool, error){s.cron, s.relative, s.recurring, s.startThenRecurring, s.oneOff} {
		s.i = start
		e, ok, err := f()
		if err != nil || ok {
			if e.Loc == nil {
				e.Loc = s.loc
			}
			return e, ok, err
		}
	}
	s.i = start
	return Expr{}, false, nil
}

// ---- cron ----

var cronNames = map[string]bool{
	"MON": true, "TUE": true, "WED": true, "THU": true, "FRI": true, "SAT": true, "SUN": true,
	"JAN": true, "FEB": true, "MAR": true, "APR": true, "MAY": true, "JUN": true,
	"JUL": true, "AUG": true, "SEP": true, "OCT": true, "NOV": true, "DEC": true,
}

// cronField reports whether tok looks like one field of a cron spec.
func cronField(tok string) bool {
	if tok == "" {
		return false
	}
	for _, part := range strings.FieldsFunc(tok, func(r rune) bool { return r == '-' || r == '/' || r == ',' }) {
		if part == "*" || part == "?" || cronNames[strings.ToUpper(part)] {
			continue
		}
		for _, c := range part {
			if c < '0' || c > '9' {
				return false
			}
		}
	}
	return !strings.ContainsAny(tok[:1], "-/,")
}

var descriptors = map[string]bool{"@yearly": true, "@annually": true, "@monthly": true, "@weekly": true, "@daily": true, "@midnight": true, "@hourly": true}

// cron reads "cron:0 20 * * *", "cron 0 20 * * *", a bare 5-field spec with
// at least one '*', or a descriptor such as @daily.
func (s *scanner) cron() (Expr, bool, error) {
	explicit := false
	if len(s.r)-s.i >= 4 && strings.EqualFold(string(s.r[s.i:s.i+4]), "cron") {
		s.i += 4
		s.eat(":", "=")
		s.skipSpace()
		explicit = true
	}
	if s.peek() == '@' {
		j := s.i + 1
		for j < len(s.r) && isASCIILetter(s.r[j]) {
			j++
		}
		d := strings.ToLower(string(s.r[s.i:j]))
		if d == "@every" {
			return Expr{}, false, errorf("不支持 @every，请写 5 段 cron，例如 cron:0 20 * * *")
		}
		if !descriptors[d] {
			if explicit {
				return Expr{}, false, errorf("不认识「%s」，可用 @daily、@weekly、@monthly 或 5 段 cron", string(s.r[s.i:j]))
			}
			return Expr{}, false, nil
		}
		s.i = j
		return Expr{Kind: Recurring, Spec: d, Desc: describeSpec(d), Loc: s.loc}, true, nil
	}
	var fields []string
	for {
		mark := s.i
		if len(fields) > 0 {
			s.skipSpace()
			if s.i == mark {
				break
			}
		}
		j := s.i
		for j < len(s.r) && s.r[j] != ' ' && s.r[j] != '\t' && s.r[j] < 128 {
			j++
		}
		tok := string(s.r[s.i:j])
		if !cronField(tok) || (j < len(s.r) && s.r[j] >= 128 && !explicit && len(fields) < 4) {
			s.i = mark
			break
		}
		fields = append(fields, tok)
		s.i = j
	}
	if !explicit {
		if len(fields) < 5 || !strings.Contains(strings.Join(fields[:5], ""), "*") {
			return Expr{}, false, nil
		}
	}
	if len(fields) != 5 {
		return Expr{}, false, errorf("cron 表达式要 5 段（分 时 日 月 周），这里有 %d 段", len(fields))
	}
	spec := strings.Join(fields, " ")
	loc := s.loc
	if loc == nil {
		loc = time.UTC
	}
	if _, err := ParseSpec(spec, loc); err != nil {
		return Expr{}, false, errorf("cron 表达式「%s」写得不对（分 0-59，时 0-23，日 1-31，月 1-12，周 0-6）", spec)
	}
	return Expr{Kind: Recurring, Spec: spec, Desc: describeSpec(spec), Loc: s.loc}, true, nil
}

// ---- relative ----

// relative reads "10分钟后", "半小时后", "2个小时以后".
func (s *scanner) relative() (Expr, bool, error) {
	var d time.Duration
	if _, ok := s.eat("半个小时", "半小时", "半个钟头"); ok {
		d = 30 * time.Minute
	} else {
		n, _, ok := s.number()
		if !ok {
			return Expr{}, false, nil
		}
		switch {
		case s.eatOK("分钟", "分"):
			d = time.Duration(n) * time.Minute
		case s.eatOK("个半小时", "个半钟头"):
			d = time.Duration(n)*time.Hour + 30*time.Minute
		case s.eatOK("个小时", "小时", "个钟头", "钟头"):
			d = time.Duration(n) * time.Hour
		default:
			return Expr{}, false, nil
		}
	}
	if !s.eatOK("以后", "之后", "后") {
		return Expr{}, false, nil
	}
	if d <= 0 {
		return Expr{}, false, errorf("请说明多久以后，例如 30分钟后")
	}
	if d > 30*24*time.Hour {
		return Expr{}, false, errorf("时间太远了，请直接写日期")
	}
	at := s.now.Add(d).Truncate(time.Minute)
	return Expr{Kind: Once, At: at, Desc: FormatTime(at, s.now), Loc: s.loc}, true, nil
}

func (s *scanner) eatOK(words ...string) bool {
	_, ok := s.eat(words...)
	return ok
}

// ---- time of day ----

// periods are the parts of the day people name, longest first.
var periods = []string{"凌晨", "清晨", "早晨", "早上", "上午", "中午", "下午", "傍晚", "晚上", "夜里", "夜间", "深夜", "半夜", "早", "晚"}

// window is the span, in hours, a period means when no hour is given.
func window(period string) (from, to int) {
	p, ok := LookupDayPart(period)
	if !ok {
		p = dayParts["晚上"]
	}
	return p.Start / 60, p.End / 60
}

func (s *scanner) period() (string, bool) { return s.eat(periods...) }

// clockTime is an hour and minute as written, before the period is applied.
type clockTime struct {
	h, m    int
	chinese bool
	// colon is true for "14:30", which is read on a 24-hour clock.
	colon bool
}

// timeOfDay reads "20:00", "8点", "八点半", "7点一刻", "9时30分", "十点钟".
func (s *scanner) timeOfDay() (clockTime, bool, error) {
	start := s.i
	h, chinese, ok := s.number()
	if !ok {
		return clockTime{}, false, nil
	}
	m := 0
	colon := false
	switch {
	case s.peek() == ':' && !chinese:
		colon = true
		s.i++
		mstart := s.i
		for s.i < len(s.r) && isDigit(s.r[s.i]) && s.i-mstart < 2 {
			m = m*10 + int(s.r[s.i]-'0')
			s.i++
		}
		if s.i == mstart || (s.i < len(s.r) && isDigit(s.r[s.i])) {
			s.i = start
			return clockTime{}, false, nil
		}
	case s.eatOK("点", "时"):
		s.eat("钟")
		switch {
		case s.eatOK("半"):
			m = 30
		case s.eatOK("一刻"):
			m = 15
		case s.eatOK("三刻"):
			m = 45
		case s.eatOK("整"):
		default:
			mark := s.i
			if n, _, ok := s.number(); ok {
				if strings.ContainsRune("号楼栋幢单元层室户个人位次天小", s.peek()) || s.has("分钟后") {
					// "8点3号楼", "3点10分钟后": the number is not a minute.
					s.i = mark
				} else {
					m = n
					s.eat("分")
				}
			}
		}
	default:
		s.i = start
		return clockTime{}, false, nil
	}
	if h > 24 {
		return clockTime{}, false, errorf("没有%d点，一天只有 0-24 点", h)
	}
	if m > 59 {
		return clockTime{}, false, errorf("没有%d分，分钟是 0-59", m)
	}
	if h == 24 && m > 0 {
		return clockTime{}, false, errorf("没有24点%d分", m)
	}
	return clockTime{h: h, m: m, chinese: chinese, colon: colon}, true, nil
}

// apply turns an hour written after a period into a 24-hour clock time; a
// time past midnight ("夜里12点", "24:00") comes back as a day shift of 1.
func apply(period string, c clockTime) (h, m, shift int, err error) {
	h, m = c.h, c.m
	bad := func() (int, int, int, error) {
		return 0, 0, 0, errorf("「%s%d点」对不上，请换个说法，例如 %s", period, c.h, suggestion(period))
	}
	if h == 24 {
		if period != "" && !isNight(period) {
			return bad()
		}
		return 0, m, 1, nil
	}
	switch period {
	case "":
		if h >= 1 && h <= 5 && !c.colon {
			// "两点" alone could be 02:00 or 14:00; do not pick one.
			return 0, 0, 0, errorf("「%d点」是凌晨还是下午？请写 下午%d点 或 %02d:00", c.h, c.h, c.h+12)
		}
		return h, m, 0, nil
	case "凌晨":
		if h <= 6 {
			return h, m, 0, nil
		}
	case "清晨", "早晨", "早上", "早":
		if h >= 4 && h <= 11 {
			return h, m, 0, nil
		}
	case "上午":
		switch {
		case h >= 5 && h <= 12:
			return h, m, 0, nil
		case h <= 4:
			// Nobody's 上午 starts at two: a slip for 下午, or 凌晨 meant.
			return 0, 0, 0, errorf("「上午%d点」是凌晨%d点还是下午%d点？请写 凌晨%d点 或 下午%d点", c.h, c.h, c.h, c.h, c.h)
		}
	case "中午":
		switch {
		case h == 11 || h == 12 || h == 13 || h == 14:
			return h, m, 0, nil
		case h == 1 || h == 2:
			return h + 12, m, 0, nil
		}
	case "下午":
		switch {
		case h >= 1 && h <= 11:
			return h + 12, m, 0, nil
		case h >= 12 && h <= 23:
			return h, m, 0, nil
		}
	case "傍晚":
		switch {
		case h >= 4 && h <= 8:
			return h + 12, m, 0, nil
		case h >= 16 && h <= 20:
			return h, m, 0, nil
		}
	case "夜里", "深夜", "半夜":
		switch {
		case h == 12 || h == 0:
			return 0, m, 1, nil
		case h >= 1 && h <= 4:
			return h, m, 1, nil
		case h >= 8 && h <= 11:
			return h + 12, m, 0, nil
		case h >= 20 && h <= 23:
			return h, m, 0, nil
		}
	default: // 晚上, 夜间, 晚
		switch {
		case h >= 6 && h <= 11:
			return h + 12, m, 0, nil
		case h == 12:
			return 0, m, 1, nil
		case h >= 18 && h <= 23:
			return h, m, 0, nil
		}
	}
	return bad()
}

func isNight(p string) bool {
	switch p {
	case "晚上", "夜间", "晚", "夜里", "深夜", "半夜":
		return true
	}
	return false
}

func suggestion(period string) string {
	switch period {
	case "凌晨", "清晨", "早晨", "早上", "早", "上午":
		return "上午9点 或 09:00"
	case "中午":
		return "中午12点 或 12:30"
	case "晚上", "夜间", "晚", "夜里", "深夜", "半夜":
		return "晚上8点 或 凌晨1点"
	}
	return "下午3点 或 15:00"
}

// ---- dates ----

// dayRef is a date that was named, with the period a word like 今晚 implies.
type dayRef struct {
	day    time.Time // midnight in loc
	period string
}

func (s *scanner) midnight(t time.Time) time.Time {
	y, m, d := t.In(s.loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, s.loc)
}

func (s *scanner) today() time.Time { return s.midnight(s.now) }

// date reads 今天/明天/后天/大后天/今晚…, (下)周X, 12月1日, 2026-12-01,
// 2026年12月1日 and "3天后".
func (s *scanner) date() (dayRef, bool, error) {
	today := s.today()
	rel := []struct {
		word   string
		off    int
		period string
	}{
		{"大后天", 3, ""}, {"后天", 2, ""},
		{"明天", 1, ""}, {"明日", 1, ""}, {"明儿", 1, ""}, {"明早", 1, "早上"}, {"明晨", 1, "早上"}, {"明晚", 1, "晚上"},
		{"今天", 0, ""}, {"今日", 0, ""}, {"今儿", 0, ""}, {"今早", 0, "早上"}, {"今晨", 0, "早上"}, {"今晚", 0, "晚上"}, {"今夜", 0, "晚上"},
	}
	for _, r := range rel {
		if s.eatOK(r.word) {
			return dayRef{day: today.AddDate(0, 0, r.off), period: r.period}, true, nil
		}
	}
	if d, ok, err := s.weekday(today); ok || err != nil {
		return d, ok, err
	}
	if d, ok := s.festivalDay(today); ok {
		return dayRef{day: d}, true, nil
	}
	start := s.i
	n, _, ok := s.number()
	if !ok {
		return dayRef{}, false, nil
	}
	if s.eatOK("天后", "天以后", "天之后") {
		if n <= 0 || n > 366 {
			return dayRef{}, false, errorf("请说明几天以后，例如 3天后")
		}
		return dayRef{day: today.AddDate(0, 0, n)}, true, nil
	}
	year, explicitYear := 0, false
	var month, day int
	switch {
	case s.peek() == '年' && n >= 1000:
		s.i++
		year, explicitYear = n, true
		m, _, ok := s.number()
		if !ok || !s.eatOK("月") {
			return dayRef{}, false, errorf("请写完整的日期，例如 %d年12月1日", n)
		}
		d, _, ok := s.number()
		if !ok || !s.eatOK("日", "号") {
			return dayRef{}, false, errorf("请写完整的日期，例如 %d年%d月1日", n, m)
		}
		month, day = m, d
	case (s.peek() == '-' || s.peek() == '/' || s.peek() == '.') && n >= 1000:
		sep := s.peek()
		s.i++
		m, chinese, ok := s.number()
		if !ok || chinese || s.peek() != sep {
			s.i = start
			return dayRef{}, false, nil
		}
		s.i++
		d, chinese, ok := s.number()
		if !ok || chinese {
			s.i = start
			return dayRef{}, false, nil
		}
		year, explicitYear, month, day = n, true, m, d
	case s.peek() == '月':
		s.i++
		d, _, ok := s.number()
		if !ok || !s.eatOK("日", "号") {
			s.i = start
			return dayRef{}, false, nil
		}
		month, day = n, d
	case (s.peek() == '号' || s.peek() == '日') && n >= 1 && n <= 31 && !s.placeAfter(s.i+1):
		// 「20号」 alone: the next 20th to come, this month or next.
		s.i++
		next := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, s.loc)
		if n < today.Day() {
			next = next.AddDate(0, 1, 0)
		}
		year, explicitYear, month, day = next.Year(), true, int(next.Month()), n
	default:
		s.i = start
		return dayRef{}, false, nil
	}
	if month < 1 || month > 12 {
		return dayRef{}, false, errorf("没有%d月，月份是 1-12", month)
	}
	if !explicitYear {
		year = today.Year()
		// A date without a year is the next one to come, except that a date
		// up to a month ago stays in this year, so the caller can say it has
		// passed instead of silently moving it to next year.
		if day >= 1 && day <= daysIn(year, month) {
			cand := time.Date(year, time.Month(month), day, 0, 0, 0, 0, s.loc)
			if cand.Before(today.AddDate(0, -1, 0)) {
				year++
			}
		}
	}
	if year < 2000 || year > 2100 {
		return dayRef{}, false, errorf("年份 %d 不对", year)
	}
	if day < 1 || day > daysIn(year, month) {
		if month == 2 && day == 29 {
			return dayRef{}, false, errorf("%d年2月没有29日", year)
		}
		return dayRef{}, false, errorf("%d月没有%d日", month, day)
	}
	date := time.Date(year, time.Month(month), day, 0, 0, 0, 0, s.loc)
	if err := s.weekdayOf(date); err != nil {
		return dayRef{}, false, err
	}
	return dayRef{day: date}, true, nil
}

// weekdayOf reads the weekday written after a date, as in 「12月13号周日下午
// 2点」「12月13日（星期日）」: it says nothing new, but one that does not
// fit the date is a slip to be told about, not a time to guess.
func (s *scanner) weekdayOf(date time.Time) error {
	save := s.i
	s.skipSpace()
	open := s.eatOK("（", "(")
	if !s.eatOK("星期", "礼拜", "周") {
		s.i = save
		return nil
	}
	idx, ok := dayIndex(s.peek())
	if !ok {
		s.i = save
		return nil
	}
	s.i++
	if open {
		s.eatOK("）", ")")
	}
	if want := (int(date.Weekday()) + 6) % 7; idx != want {
		return errorf("%d月%d日是周%s，不是周%s，请核对日期", int(date.Month()), date.Day(), weekdayNames[date.Weekday()], weekdayNames[(idx+1)%7])
	}
	return nil
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// dayIndex reads a weekday character, Monday 0 … Sunday 6.
func dayIndex(r rune) (int, bool) {
	switch r {
	case '一':
		return 0, true
	case '二':
		return 1, true
	case '三':
		return 2, true
	case '四':
		return 3, true
	case '五':
		return 4, true
	case '六':
		return 5, true
	case '日', '天', '七':
		return 6, true
	}
	return 0, false
}

// weekday reads 周二, 星期二, 下周二, 这周五, 下下周一.
func (s *scanner) weekday(today time.Time) (dayRef, bool, error) {
	start := s.i
	prefix, _ := s.eat("下下个", "下下", "下个", "下", "这个", "这", "本", "上个", "上")
	if !s.eatOK("星期", "礼拜", "周") {
		s.i = start
		return dayRef{}, false, nil
	}
	idx, ok := dayIndex(s.peek())
	if !ok {
		if prefix != "" && !s.has("末") {
			return dayRef{}, false, errorf("请说明%s周哪一天，例如 %s周二", prefix, prefix)
		}
		s.i = start
		return dayRef{}, false, nil
	}
	s.i++
	monday := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
	weeks := 0
	switch prefix {
	case "下下个", "下下":
		weeks = 2
	case "下个", "下":
		weeks = 1
	case "上个", "上":
		weeks = -1
	}
	day := monday.AddDate(0, 0, weeks*7+idx)
	if prefix == "" && day.Before(today) {
		day = day.AddDate(0, 0, 7)
	}
	day, err := s.dateOf(day)
	if err != nil {
		return dayRef{}, false, err
	}
	return dayRef{day: day}, true, nil
}

// dateOf reads the date written after a weekday, as in 「下周六19号上午」
// 「本周六（12号）」「周二(12月22日)」, and returns the day meant. The date
// decides between this week and the next (「下周二22号」 said on a Sunday
// is the 22nd); one on another weekday is a slip to be told about.
func (s *scanner) dateOf(day time.Time) (time.Time, error) {
	save := s.i
	s.skipSpace()
	open := s.eatOK("（", "(")
	n, _, ok := s.number()
	month := 0 // the month of whichever week fits
	if ok && s.eatOK("月") {
		month = n
		n, _, ok = s.number()
	}
	if !ok || !s.eatOK("号", "日") || s.placeAfter(s.i) {
		s.i = save
		return day, nil
	}
	if open {
		s.eatOK("）", ")")
	}
	for _, weeks := range []int{0, 1, -1} {
		if d := day.AddDate(0, 0, 7*weeks); (month == 0 || int(d.Month()) == month) && d.Day() == n {
			return d, nil
		}
	}
	if month == 0 {
		month = int(day.Month())
	}
	return day, errorf("周%s是%d月%d日，不是%d月%d日，请核对日期", weekdayNames[day.Weekday()], int(day.Month()), day.Day(), month, n)
}

// periodAfterSpace reads a part of the day (上午, 晚上…) when none was read
// yet, and returns the one that holds.
func (s *scanner) periodAfterSpace(period string) string {
	if period != "" {
		return period
	}
	s.tryAfterSpace(func() bool {
		p, ok := s.period()
		period = p
		return ok
	})
	return period
}

// clockAfterSpace reads a time of day (8点, 20:00, 九点半…).
func (s *scanner) clockAfterSpace() (c clockTime, ok bool, err error) {
	ok = s.tryAfterSpace(func() bool {
		var found bool
		c, found, err = s.timeOfDay()
		return found || err != nil
	})
	return c, ok && err == nil, err
}

// ---- one-off times and windows ----

// oneOff reads [date] [period] [time [- time]] and "今天之内".
func (s *scanner) oneOff() (Expr, bool, error) {
	ref, hasDate, err := s.date()
	if err != nil {
		return Expr{}, false, err
	}
	if !hasDate {
		ref.day = s.today()
	}
	period := ref.period
	period = s.periodAfterSpace(period)
	if hasDate && period == "" && s.eatOK("之内", "以内", "内") {
		from := ref.day
		desc := FormatDay(ref.day, s.now) + " 全天"
		if from.Equal(s.today()) {
			from = s.now.Truncate(time.Minute)
			desc = "今天之内（至 24:00）"
		}
		return Expr{Kind: Window, At: from, End: ref.day.AddDate(0, 0, 1), Desc: desc, Loc: s.loc}, true, nil
	}
	c, hasTime, timeErr := s.clockAfterSpace()
	if timeErr != nil {
		return Expr{}, false, timeErr
	}
	if !hasTime {
		if !hasDate {
			return Expr{}, false, nil
		}
		if period == "" {
			end := ref.day.AddDate(0, 0, 1)
			return Expr{Kind: Window, At: ref.day, End: end, Desc: FormatDay(ref.day, s.now) + " 全天", Loc: s.loc}, true, nil
		}
		from, to := window(period)
		return Expr{
			Kind: Window,
			At:   ref.day.Add(time.Duration(from) * time.Hour),
			End:  ref.day.Add(time.Duration(to) * time.Hour),
			Desc: fmt.Sprintf("%s%s %s–%s", FormatDay(ref.day, s.now), period, clock(from, 0), clock(to, 0)),
			Loc:  s.loc,
		}, true, nil
	}
	if s.inText && !hasDate && period == "" && c.chinese {
		// "有一点累", "两点建议": a bare Chinese numeral is too weak a sign.
		return Expr{}, false, nil
	}
	h, m, shift, err := apply(period, c)
	if err != nil {
		return Expr{}, false, err
	}
	at := time.Date(ref.day.Year(), ref.day.Month(), ref.day.Day()+shift, h, m, 0, 0, s.loc)
	// A range makes it a window: "12月6日 9:00-11:00", "明天上午9点到11点".
	var end time.Time
	var rangeErr error
	s.tryAfterSpace(func() bool {
		if !s.eatOK("-", "到", "至") {
			return false
		}
		s.skipSpace()
		p2, ok := s.period()
		if !ok {
			p2 = period
		}
		c2, ok, err := s.timeOfDay()
		if err != nil {
			rangeErr = err
			return true
		}
		if !ok {
			return false
		}
		if p2 == "" && c2.h >= 1 && c2.h <= 5 && !c2.colon && h >= 7 && h <= 12 {
			// 「11点到1点」: from the morning to the afternoon.
			p2 = "下午"
		}
		h2, m2, shift2, err := apply(p2, c2)
		if err != nil {
			rangeErr = err
			return true
		}
		if p2 == period && period == "" && h2*60+m2 <= h*60+m && h2 < 12 && h >= 12 {
			// "14:00-5点" does not mean 5 in the morning.
			h2 += 12
		}
		end = time.Date(ref.day.Year(), ref.day.Month(), ref.day.Day()+shift2, h2, m2, 0, 0, s.loc)
		return true
	})
	if rangeErr != nil {
		return Expr{}, false, rangeErr
	}
	if !end.IsZero() {
		if !end.After(at) {
			return Expr{}, false, errorf("结束时间要晚于开始时间")
		}
		return Expr{
			Kind: Window, At: at, End: end,
			Desc: fmt.Sprintf("%s %s–%s", FormatDay(at, s.now), clock(at.Hour(), at.Minute()), clock(end.Hour(), end.Minute())),
			Loc:  s.loc,
		}, true, nil
	}
	return Expr{Kind: Once, At: at, Desc: FormatTime(at, s.now), Loc: s.loc}, true, nil
}

// ---- recurring ----

// recurring reads 每天…, 每周…, 工作日…, 每月…; a time of day is required.
func (s *scanner) recurring() (Expr, bool, error) {
	word, ok := s.eat("每天", "每日", "天天", "每一天", "每晚", "每早",
		"每个工作日", "每逢工作日", "工作日", "每周末", "每个周末",
		"每个月", "每月", "每个星期", "每个礼拜", "每星期", "每礼拜", "每周")
	if !ok {
		return Expr{}, false, nil
	}
	period := ""
	var dow []int // cron numbering, Sunday 0
	var doms []int
	what := "每天"
	switch word {
	case "每晚":
		period = "晚上"
	case "每早":
		period = "早上"
	case "每个工作日", "每逢工作日", "工作日":
		dow, what = []int{1, 2, 3, 4, 5}, "工作日"
	case "每周末", "每个周末":
		dow, what = []int{6, 0}, "每周末"
	case "每个月", "每月":
		what = "每月"
		var err error
		if doms, err = s.monthDays(); err != nil {
			return Expr{}, false, err
		}
	case "每个星期", "每个礼拜", "每星期", "每礼拜", "每周":
		what = "每周"
		if s.eatOK("末") {
			dow = []int{6, 0}
			break
		}
		var err error
		if dow, err = s.weekDays(); err != nil {
			return Expr{}, false, err
		}
	}
	period = s.periodAfterSpace(period)
	c, hasTime, timeErr := s.clockAfterSpace()
	if timeErr != nil {
		return Expr{}, false, timeErr
	}
	if !hasTime {
		return Expr{}, false, errorf("请说明%s几点，例如 %s 20:00", what, what)
	}
	h, m, shift, err := apply(period, c)
	if err != nil {
		return Expr{}, false, err
	}
	if s.tryAfterSpace(func() bool { return s.eatOK("-", "到", "至") }) {
		return Expr{}, false, errorf("重复的提醒请给一个时刻，不是时间段")
	}
	domField, dowField := "*", "*"
	if len(doms) > 0 {
		if shift > 0 {
			return Expr{}, false, errorf("请写成每月某日 0 点，例如 每月2号 0:00")
		}
		parts := make([]string, len(doms))
		for i, d := range doms {
			parts[i] = fmt.Sprint(d)
		}
		domField = strings.Join(parts, ",")
	}
	if len(dow) > 0 {
		parts := make([]string, 0, len(dow))
		seen := map[int]bool{}
		for _, d := range dow {
			d = (d + shift) % 7
			if !seen[d] {
				seen[d] = true
				parts = append(parts, fmt.Sprint(d))
			}
		}
		dowField = strings.Join(parts, ",")
		if dowField == "1,2,3,4,5" {
			dowField = "1-5"
		}
	}
	spec := fmt.Sprintf("%d %d %s * %s", m, h, domField, dowField)
	return Expr{Kind: Recurring, Spec: spec, Desc: describeSpec(spec), Loc: s.loc}, true, nil
}

// startThenRecurring reads a recurring schedule with the day it starts
// said first: 「从明天开始每天上午10点」「下周一起每晚7点」「15号以后每周三
// 9点」. A day alone, with neither 从 before it nor 起/开始 after it, is
// left to oneOff.
func (s *scanner) startThenRecurring() (Expr, bool, error) {
	from := s.eatOK("从", "自")
	d, ok, err := s.date()
	if err != nil || !ok || d.period != "" {
		return Expr{}, false, nil
	}
	marked := s.eatOK("起", "开始", "以后", "之后", "往后")
	if !from && !marked {
		return Expr{}, false, nil
	}
	s.eatOK("，", ",", "、")
	s.skipSpace()
	s.eatOK("就", "都")
	e, ok, err := s.recurring()
	if err != nil || !ok {
		return e, ok, err
	}
	e.From = d.day
	e.Desc = FormatDay(d.day, s.now) + "起" + e.Desc
	return e, true, nil
}

// weekDays reads the days after 每周: 一三五, 一、三、五, 一至五, 二和四, 周一、周三.
// It returns cron day numbers (Sunday 0).
func (s *scanner) weekDays() ([]int, error) {
	var days []int
	var starts []int // rune index where each day char was read, for backtracking
	seen := map[int]bool{}
	add := func(idx int) {
		d := (idx + 1) % 7
		if !seen[d] {
			seen[d] = true
			days = append(days, d)
		}
	}
	for {
		mark := s.i
		s.eat("星期", "礼拜", "周")
		idx, ok := dayIndex(s.peek())
		if !ok {
			s.i = mark
			break
		}
		starts = append(starts, s.i)
		s.i++
		rmark := s.i
		if s.eatOK("至", "到", "-") {
			s.eat("星期", "礼拜", "周")
			idx2, ok := dayIndex(s.peek())
			if !ok {
				s.i = rmark
				add(idx)
				break
			}
			s.i++
			if idx2 < idx {
				return nil, errorf("星期范围请从周一往周日写，例如 每周一至周五")
			}
			for d := idx; d <= idx2; d++ {
				add(d)
			}
		} else {
			add(idx)
		}
		s.eat("、", ",", "和", "及", "/")
	}
	if len(days) == 0 {
		return nil, errorf("请说明每周哪天，例如 每周六 9:00")
	}
	// "每周二一点": the last day char may really be the hour.
	if len(days) > 1 {
		mark := s.i
		s.skipSpace()
		if _, ok := s.period(); !ok {
			if _, ok, _ := s.timeOfDay(); !ok {
				last := starts[len(starts)-1]
				s.i = last
				if _, ok, _ := s.timeOfDay(); ok && s.r[last] != '日' && s.r[last] != '天' {
					s.i = last
					return days[:len(days)-1], nil
				}
			}
		}
		s.i = mark
	}
	return days, nil
}

// monthDays reads the days after 每月: 1号, 1日, 1号、15号, 十五号.
func (s *scanner) monthDays() ([]int, error) {
	var out []int
	for {
		mark := s.i
		d, _, ok := s.number()
		if !ok || !s.eatOK("号", "日") {
			s.i = mark
			break
		}
		if d < 1 || d > 31 {
			return nil, errorf("每月没有%d号", d)
		}
		out = append(out, d)
		s.eat("、", ",", "和", "及")
	}
	if len(out) == 0 {
		if s.has("最后") || s.has("月底") {
			return nil, errorf("暂不支持「每月最后一天」，请写具体日期，例如 每月28号 10:00")
		}
		return nil, errorf("请说明每月几号，例如 每月1号 10:00")
	}
	return out, nil
}
