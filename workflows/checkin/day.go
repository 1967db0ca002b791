package checkin

import (
	"fmt"
	"strconv"
	"time"

	"linli/internal/gatedre"
)

// Day is a check-in day: the number of days since 1970-01-01 of the
// calendar date in the community's time zone, after the day-start hour. A
// check-in at 01:30 with the day starting at 04:00 counts for the evening
// before, as residents who sort their rubbish late expect.
type Day int64

// DayOf returns the check-in day of t in loc with the day starting at
// startHour o'clock.
func DayOf(t time.Time, loc *time.Location, startHour int) Day {
	local := t.In(loc).Add(-time.Duration(startHour) * time.Hour)
	y, m, d := local.Date()
	return dayOfDate(y, m, d)
}

func dayOfDate(y int, m time.Month, d int) Day {
	return Day(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// Date returns the calendar date of d (midnight, UTC).
func (d Day) Date() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// String writes the day as residents do: "11月24日".
func (d Day) String() string {
	t := d.Date()
	return fmt.Sprintf("%d月%d日", t.Month(), t.Day())
}

// Weekday is the day of the week of d.
func (d Day) Weekday() time.Weekday { return d.Date().Weekday() }

// WeekStart is the Monday of d's week.
func (d Day) WeekStart() Day {
	return d - Day((int(d.Weekday())+6)%7)
}

var (
	fullDateRe  = gatedre.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$`)
	monthDayRe  = gatedre.MustCompile(`^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$`)
	dayOnlyRe   = gatedre.MustCompile(`^(\d{1,2})\s*[日号]$`)
	relativeDay = map[string]Day{"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "昨天": -1, "昨日": -1, "前天": -2, "大前天": -3}
)

// ParseDay reads a day as a resident writes it ("11月22日", "11-22",
// "2026-11-22", "22号", "昨天"), relative to today. A date without a year is
// the one nearest to today. It reports false for anything else.
func ParseDay(s string, today Day) (Day, bool) {
	if off, ok := relativeDay[s]; ok {
		return today + off, true
	}
	ty, tm, _ := today.Date().Date()
	valid := func(y, m, d int) (Day, bool) {
		if m < 1 || m > 12 || d < 1 || d > 31 {
			return 0, false
		}
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		if t.Day() != d { // 2月30日
			return 0, false
		}
		return dayOfDate(y, time.Month(m), d), true
	}
	nearest := func(m, d int) (Day, bool) {
		best, found := Day(0), false
		for _, y := range []int{ty - 1, ty, ty + 1} {
			if day, ok := valid(y, m, d); ok && (!found || abs(day-today) < abs(best-today)) {
				best, found = day, true
			}
		}
		return best, found
	}
	if m := fullDateRe.FindStringSubmatch(s); m != nil {
		return valid(atoi(m[1]), atoi(m[2]), atoi(m[3]))
	}
	if m := monthDayRe.FindStringSubmatch(s); m != nil {
		return nearest(atoi(m[1]), atoi(m[2]))
	}
	if m := dayOnlyRe.FindStringSubmatch(s); m != nil {
		d := atoi(m[1])
		if day, ok := nearest(int(tm), d); ok && day <= today {
			return day, true
		}
		// "30号" early in December means November's.
		prev := time.Date(ty, tm-1, 1, 0, 0, 0, 0, time.UTC)
		return valid(prev.Year(), int(prev.Month()), d)
	}
	return 0, false
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func abs(d Day) Day {
	if d < 0 {
		return -d
	}
	return d
}
