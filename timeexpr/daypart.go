package timeexpr

// DayPart is a part of the day people name (上午, 傍晚, 下班后…): the
// minutes from midnight it spans, and whether a bare clock hour under 12
// said with it is in the afternoon (下午3点 is 15:00).
type DayPart struct {
	Start, End int
	PM         bool
}

// dayParts is the one table of parts of the day: the time grammar reads
// schedules with it and the volunteer extractor reads request windows with
// it, so 「明天下午」 spans the same hours in both.
var dayParts = map[string]DayPart{
	"凌晨": {0, 6 * 60, false},
	"清晨": {6 * 60, 9 * 60, false}, "早上": {6 * 60, 9 * 60, false}, "早晨": {6 * 60, 9 * 60, false},
	"清早": {6 * 60, 9 * 60, false}, "一早": {6 * 60, 9 * 60, false}, "大早上": {6 * 60, 9 * 60, false}, "早": {6 * 60, 9 * 60, false},
	"上午": {8 * 60, 12 * 60, false},
	"晌午": {11 * 60, 13 * 60, true}, "中午": {11 * 60, 13 * 60, true},
	"午饭后": {13 * 60, 15 * 60, true}, "午休后": {14 * 60, 18 * 60, true},
	"下午": {13 * 60, 18 * 60, true}, "午后": {13 * 60, 18 * 60, true}, "後晌": {13 * 60, 18 * 60, true}, "下半天": {13 * 60, 18 * 60, true},
	"傍晚":  {17 * 60, 19 * 60, true},
	"晚饭后": {18 * 60, 22 * 60, true}, "下班后": {18 * 60, 22 * 60, true}, "晚上": {18 * 60, 22 * 60, true},
	"晚间": {18 * 60, 22 * 60, true}, "夜间": {18 * 60, 22 * 60, true}, "晚": {18 * 60, 22 * 60, true},
	"夜里": {22 * 60, 24 * 60, true}, "深夜": {22 * 60, 24 * 60, true}, "半夜": {22 * 60, 24 * 60, true},
	"白天": {8 * 60, 18 * 60, false}, "全天": {0, 24 * 60, false}, "一整天": {0, 24 * 60, false},
}

// LookupDayPart returns the part of the day word names.
func LookupDayPart(word string) (DayPart, bool) {
	p, ok := dayParts[word]
	return p, ok
}
