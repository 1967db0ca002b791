package timeexpr

import (
	"strings"
	"time"
	"unicode"

	"github.com/6tail/lunar-go/calendar"
)

// A festival named for its day (「除夕晚上6点」「中秋节上午」「元旦」) is the
// next one to come, today included. The lunar ones are looked up in the
// lunar calendar.

// festival is a festival's day in a given year.
type festival struct {
	names []string
	day   func(year int, loc *time.Location) time.Time
}

// lunarDay is the day of a lunar month's day in the lunar year that starts
// in year, shifted by shift days (除夕 is the day before the new year).
func lunarDay(month, day, shift int) func(int, *time.Location) time.Time {
	return func(year int, loc *time.Location) time.Time {
		s := calendar.NewLunarFromYmd(year, month, day).GetSolar()
		return time.Date(s.GetYear(), time.Month(s.GetMonth()), s.GetDay()+shift, 0, 0, 0, 0, loc)
	}
}

// solarDay is a day of the Gregorian year.
func solarDay(month, day int) func(int, *time.Location) time.Time {
	return func(year int, loc *time.Location) time.Time {
		return time.Date(year, time.Month(month), day, 0, 0, 0, 0, loc)
	}
}

// festivals, longer names before their parts.
var festivals = []festival{
	{[]string{"除夕", "大年三十", "年三十"}, lunarDay(1, 1, -1)},
	{[]string{"大年初一", "正月初一", "春节"}, lunarDay(1, 1, 0)},
	{[]string{"元宵节", "元宵", "正月十五"}, lunarDay(1, 15, 0)},
	{[]string{"端午节", "端午"}, lunarDay(5, 5, 0)},
	{[]string{"七夕节", "七夕"}, lunarDay(7, 7, 0)},
	{[]string{"中秋节", "中秋"}, lunarDay(8, 15, 0)},
	{[]string{"重阳节", "重阳"}, lunarDay(9, 9, 0)},
	{[]string{"腊八节", "腊八"}, lunarDay(12, 8, 0)},
	{[]string{"元旦"}, solarDay(1, 1)},
	{[]string{"劳动节"}, solarDay(5, 1)},
	{[]string{"国庆节", "国庆"}, solarDay(10, 1)},
}

// festivalDay reads a festival's name as the next such day, today
// included.
func (s *scanner) festivalDay(today time.Time) (time.Time, bool) {
	start := s.i
	for _, f := range festivals {
		if !s.eatOK(f.names...) {
			continue
		}
		if nameToo[string(s.r[start:s.i])] && !s.festivalStandsAlone(start) {
			// 「我爸韩国庆要去复查」「中秋百家宴」: a name, not the day.
			s.i = start
			return time.Time{}, false
		}
		s.eatOK("那天", "当天", "这天")
		// A lunar year starts in January or February of its Gregorian
		// year: the one begun last year may still have its festival ahead.
		for year := today.Year() - 1; year <= today.Year()+1; year++ {
			if d := f.day(year, s.loc); !d.Before(today) {
				return d, true
			}
		}
	}
	return time.Time{}, false
}

// nameToo are festivals' names that are people's given names too, or start
// an event's (「元旦联欢会」「元宵灯会」): they are the day only standing
// alone.
var nameToo = map[string]bool{"国庆": true, "中秋": true, "元旦": true, "元宵": true}

// festivalStandsAlone reports whether the festival's name read from start
// to here stands as a day in running text: after no other character of a
// word (「韩国庆」 is somebody) and before a part of the day, an hour, or
// the end of a clause.
func (s *scanner) festivalStandsAlone(start int) bool {
	if start > 0 {
		if before := s.r[start-1]; unicode.Is(unicode.Han, before) && !strings.ContainsRune("年的在到是过等这那了从至和跟及个", before) {
			return false
		}
	}
	if s.done() {
		return true
	}
	next := s.r[s.i]
	if !unicode.Is(unicode.Han, next) {
		return true
	}
	rest := string(s.r[s.i:])
	for _, w := range []string{"节", "那天", "当天", "这天", "当晚", "前", "后", "期间", "假期", "晚上", "早上", "上午", "下午", "中午", "傍晚", "夜里", "凌晨", "一", "二", "两", "三", "四", "五", "六", "七", "八", "九", "十"} {
		if strings.HasPrefix(rest, w) {
			return true
		}
	}
	return false
}
