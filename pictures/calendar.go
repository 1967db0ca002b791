package pictures

import (
	"fmt"
	"strings"
	"time"
)

// Calendar is one resident's check-ins over a challenge.
type Calendar struct {
	Name      string
	Challenge string
	// Days are the challenge's days in order, from its first day.
	Days []CalendarDay
	// Today is the challenge's day today, counted from 1.
	Today int
	// Streak is the days in a row up to today.
	Streak int
}

// CalendarDay is one day of a challenge.
type CalendarDay struct {
	Date time.Time
	Mark Mark
}

// Mark is what a resident did on a day.
type Mark int

// The marks, as the calendar draws them.
const (
	// Missed is a past day with no check-in, or today before one.
	Missed Mark = iota
	// Checked is a day checked in on the day.
	Checked
	// MadeUp is a day filled in later with 补卡.
	MadeUp
	// Ahead is a day still to come.
	Ahead
)

// CalendarWeeks is the most weeks a calendar shows; a longer challenge
// shows the weeks up to today.
const CalendarWeeks = 6

// A calendar is a phone screen wide; Calendar.Height says how tall.
const CalendarWidth = 1080

// Height is the calendar's height in pixels: the header, one row of
// 140 pixels a week shown, and the legend.
func (k Calendar) Height() int {
	days, lead, _ := k.window()
	weeks := max((lead+len(days)+6)/7, 1)
	return 450 + 140*weeks + 200
}

func (k Calendar) count(m Mark) int {
	n := 0
	for _, d := range k.Days {
		if d.Mark == m {
			n++
		}
	}
	return n
}

func (k Calendar) summary() string {
	return fmt.Sprintf("已打卡 %d 天 · 补卡 %d 天 · 连续 %d 天", k.count(Checked)+k.count(MadeUp), k.count(MadeUp), k.Streak)
}

// window is the days drawn, starting on a Monday: the whole challenge, or
// for a long one the CalendarWeeks weeks ending with today's.
func (k Calendar) window() (days []CalendarDay, lead int, cut bool) {
	if len(k.Days) == 0 {
		return nil, 0, false
	}
	lead = (int(k.Days[0].Date.Weekday()) + 6) % 7
	cells := lead + len(k.Days)
	if cells <= CalendarWeeks*7 {
		return k.Days, lead, false
	}
	today := min(max(k.Today, 1), len(k.Days))
	endCell := ((lead+today-1)/7 + 1) * 7
	startCell := max(0, endCell-CalendarWeeks*7)
	first := startCell - lead
	last := min(len(k.Days), endCell-lead)
	if first <= 0 {
		return k.Days[:last], lead, true
	}
	return k.Days[first:last], 0, true
}

// Calendar draws the calendar as PNG.
func (r *Renderer) Calendar(k Calendar) ([]byte, error) {
	c, err := r.drawCalendar(k)
	if err != nil {
		return nil, err
	}
	return c.png()
}

func (r *Renderer) drawCalendar(k Calendar) (*canvas, error) {
	w := float64(CalendarWidth)
	c := r.canvas(CalendarWidth, k.Height(), "#F1F8E9")
	c.SetHexColor(green)
	c.DrawRectangle(0, 0, w, 250)
	c.Fill()
	c.text(c.name(k.Name)+" 的打卡日历", 64, w/2, 110, 0.5, w-100, white, true)
	day := ""
	if k.Today > 0 {
		day = fmt.Sprintf(" · 第 %d 天 / 共 %d 天", min(k.Today, len(k.Days)), len(k.Days))
	}
	c.text(Clean(k.Challenge)+day, 36, w/2, 180, 0.5, w-100, "#DCEDC8", false)
	c.text(k.summary(), 40, w/2, 320, 0.5, 0, ink, true)

	days, lead, cut := k.window()
	const left, top, cell = 50.0, 380.0, 140.0
	for i, name := range []string{"一", "二", "三", "四", "五", "六", "日"} {
		c.text(name, 32, left+cell*float64(i)+cell/2, top+40, 0.5, 0, grey, false)
	}
	for i, d := range days {
		pos := lead + i
		cx := left + cell*float64(pos%7) + cell/2
		cy := top + 70 + cell*float64(pos/7) + cell/2
		num := fmt.Sprint(d.Date.Day())
		switch d.Mark {
		case Checked:
			c.SetHexColor(green)
			c.DrawCircle(cx, cy, 56)
			c.Fill()
			c.text(num, 40, cx, cy+14, 0.5, 0, white, true)
		case MadeUp:
			c.SetHexColor(orange)
			c.SetLineWidth(6)
			c.DrawCircle(cx, cy, 53)
			c.Stroke()
			c.text(num, 38, cx, cy+6, 0.5, 0, orange, true)
			c.text("补", 24, cx, cy+40, 0.5, 0, orange, false)
		case Missed:
			c.SetHexColor("#E0E0E0")
			c.DrawCircle(cx, cy, 56)
			c.Fill()
			c.text(num, 40, cx, cy+14, 0.5, 0, grey, false)
		default:
			c.text(num, 40, cx, cy+14, 0.5, 0, "#BDBDBD", false)
		}
		if k.Today > 0 && d.Date.Equal(k.Days[min(k.Today, len(k.Days))-1].Date) {
			c.SetHexColor(red)
			c.SetLineWidth(4)
			c.DrawCircle(cx, cy, 64)
			c.Stroke()
		}
	}

	y := float64(k.Height()) - 70
	x := 120.0
	for _, l := range []struct {
		col, label string
		ring       bool
	}{{green, "已打卡", false}, {orange, "补卡", true}, {"#E0E0E0", "未打卡", false}, {red, "今天", true}} {
		c.SetHexColor(l.col)
		c.DrawCircle(x, y-12, 16)
		if l.ring {
			c.SetLineWidth(4)
			c.Stroke()
		} else {
			c.Fill()
		}
		x += 30 + c.text(l.label, 30, x+28, y, 0, 0, ink, false) + 60
	}
	if cut {
		c.text("（只显示最近 6 周）", 28, w-50, y, 1, 0, grey, false)
	}
	return c, c.err
}

// Text is the calendar as a chat message: one symbol a day, a week a line.
func (k Calendar) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s 的打卡日历 · %s\n%s", SafeName(k.Name), Clean(k.Challenge), k.summary())
	days, _, _ := k.window()
	for i, d := range days {
		if i%7 == 0 {
			b.WriteString("\n")
		}
		b.WriteString(map[Mark]string{Checked: "●", MadeUp: "◐", Missed: "○", Ahead: "·"}[d.Mark])
	}
	b.WriteString("\n●已打卡 ◐补卡 ○未打卡")
	return b.String()
}
