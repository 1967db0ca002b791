package volunteer

import (
	"fmt"
	"linli/timeexpr"
	"strconv"
	"strings"
	"time"
)

var weekdayNames = []string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// DescribeWindow says a window the way people do, relative to now: "明天上午",
// "今天 15:00–16:00", "11月28日（周六）全天".
func DescribeWindow(w Window, now time.Time) string {
	if w.IsZero() {
		return "时间待定"
	}
	loc := now.Location()
	s, e := w.Start.In(loc), w.End.In(loc)
	day := func(t time.Time) string {
		today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
		switch int(d.Sub(today).Hours() / 24) {
		case 0:
			return "今天"
		case 1:
			return "明天"
		case 2:
			return "后天"
		}
		return fmt.Sprintf("%d月%d日（%s）", t.Month(), t.Day(), weekdayNames[t.Weekday()])
	}
	sMin := s.Hour()*60 + s.Minute()
	eMin := e.Hour()*60 + e.Minute()
	midnight := func(t time.Time) bool { return t.Hour() == 0 && t.Minute() == 0 }
	if midnight(s) && midnight(e) {
		last := e.AddDate(0, 0, -1)
		if day(s) == day(last) {
			return day(s) + "全天"
		}
		return day(s) + "至" + day(last)
	}
	if day(s) != day(e) && !(midnight(e) && e.Sub(s) <= 24*time.Hour) {
		return day(s) + " " + s.Format("15:04") + " 至 " + day(e) + " " + e.Format("15:04")
	}
	if midnight(e) {
		eMin = 24 * 60
	}
	for _, name := range []string{"上午", "下午", "晚上", "中午", "早上", "傍晚"} {
		p, _ := timeexpr.LookupDayPart(name)
		if p.Start == sMin && p.End == eMin {
			return day(s) + name
		}
	}
	end := e.Format("15:04")
	if eMin == 24*60 {
		end = "24:00"
	}
	return day(s) + " " + s.Format("15:04") + "–" + end
}

// formatHours writes 1.5 as "1.5", 2 as "2".
func formatHours(h float64) string {
	return strconv.FormatFloat(h, 'f', -1, 64)
}

// details is the private description of a task: for the assigned
// volunteer (fullPhone) and the coordinators.
func details(t Task, now time.Time, fullPhone bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "内容：%s", orDash(t.What))
	fmt.Fprintf(&b, "\n时间：%s", DescribeWindow(t.Window, now))
	if t.Urgent {
		b.WriteString("（急）")
	}
	place := t.Place.String()
	if t.Place.Estate != "" {
		place = t.Place.Estate + place
	}
	fmt.Fprintf(&b, "\n地点：%s", orDash(place))
	fmt.Fprintf(&b, "\n求助人：%s", t.Requester)
	if t.Phone != "" {
		p := t.Phone
		if !fullPhone {
			p = MaskPhone(p)
		}
		fmt.Fprintf(&b, "\n电话：%s", p)
	}
	return b.String()
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "（未说明）"
	}
	return s
}
