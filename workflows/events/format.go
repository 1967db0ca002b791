package events

import (
	"fmt"
	"strings"
	"time"

	"linli/scheduler"
	"linli/timeexpr"
)

// localEvent shows an event's times in its community's time zone: the
// store gives them back in UTC.
func (w *Workflow) localEvent(e Event) Event {
	loc := w.location(e.Community)
	e.Start, e.End, e.Closes = e.Start.In(loc), e.End.In(loc), e.Closes.In(loc)
	return e
}

// localPoll shows a poll's deadline in its community's time zone.
func (w *Workflow) localPoll(p Poll) Poll {
	p.Deadline = p.Deadline.In(w.location(p.Community))
	return p
}

func (w *Workflow) location(community string) *time.Location {
	if loc := w.d.Directory.Location(community); loc != nil {
		return loc
	}
	return scheduler.DefaultLocation()
}

// when says an event's time as members read it: "12月6日（周日）09:00–11:00".
func when(e Event, now time.Time) string {
	s, end := e.Start, e.End
	if y, m, d := s.Date(); y == end.Year() && m == end.Month() && d == end.Day() {
		return timeexpr.FormatTime(s, now) + "–" + end.Format("15:04")
	}
	return timeexpr.FormatTime(s, now) + " 至 " + timeexpr.FormatTime(end, now)
}

// label names an event or poll in one short phrase: "#3 民法典讲座".
func label(no int, title string) string { return fmt.Sprintf("#%d %s", no, title) }

// places says how many places are left: "剩余5个名额", "已满（2人候补）".
func places(e Event, taken, waiting int) string {
	switch {
	case e.Capacity == 0:
		return fmt.Sprintf("已报%d人，不限名额", taken)
	case taken >= e.Capacity && waiting > 0:
		return fmt.Sprintf("已满（%d人候补）", waiting)
	case taken >= e.Capacity:
		return "已满，可报候补"
	}
	return fmt.Sprintf("剩余%d个名额", e.Capacity-taken)
}

// announcement is the one group message that opens an event.
func announcement(e Event, now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "【活动报名】%s\n时间：%s", label(e.No, e.Title), when(e, now))
	if e.Place != "" {
		fmt.Fprintf(&b, "\n地点：%s", e.Place)
	}
	if e.Capacity > 0 {
		fmt.Fprintf(&b, "\n名额：%d人（满了可报候补）", e.Capacity)
	} else {
		b.WriteString("\n名额：不限")
	}
	if e.Bring != "" {
		fmt.Fprintf(&b, "\n需要带：%s", e.Bring)
	}
	if !e.Closes.Equal(e.Start) {
		fmt.Fprintf(&b, "\n报名截止：%s", timeexpr.FormatTime(e.Closes, now))
	}
	if e.Points > 0 {
		fmt.Fprintf(&b, "\n到场发「签到 #%d」得%d积分", e.No, e.Points)
	}
	fmt.Fprintf(&b, "\n报名请发「报名 #%d」，可加人数或备注，如「报名 #%d 2人」；报名结果私信告诉您。", e.No, e.No)
	return b.String()
}

// tally counts the people with a place and the sign-ups waiting.
func tally(list []SignUp) (taken, waiting int) {
	for _, s := range list {
		switch s.State {
		case In:
			taken += s.Party
		case Waiting:
			waiting++
		}
	}
	return taken, waiting
}

// partyText is " 2人" for a party of more than one, "" otherwise.
func partyText(n int) string {
	if n <= 1 {
		return ""
	}
	return fmt.Sprintf("%d人", n)
}
