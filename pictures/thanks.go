package pictures

import (
	"fmt"
	"strings"
	"time"
)

// ThankYou is the card a volunteer gets when a resident confirms their
// task: the task, and what they gave this month.
type ThankYou struct {
	Name      string
	Community string
	// Task is what was just confirmed, by number and category only, as
	// anyone may see it (「#12 代取药品」).
	Task  string
	Month time.Time
	// Hours and Tasks are the month's totals, this task included.
	Hours float64
	Tasks int
}

// A thank-you card is the size of a calendar.
const (
	ThanksWidth  = 1080
	ThanksHeight = 1350
)

func hours(h float64) string {
	if h == float64(int(h)) {
		return fmt.Sprint(int(h))
	}
	return fmt.Sprintf("%.1f", h)
}

// ThankYou draws the card as PNG.
func (r *Renderer) ThankYou(t ThankYou) ([]byte, error) {
	c, err := r.drawThankYou(t)
	if err != nil {
		return nil, err
	}
	return c.png()
}

func (r *Renderer) drawThankYou(t ThankYou) (*canvas, error) {
	w, h := float64(ThanksWidth), float64(ThanksHeight)
	c := r.canvas(ThanksWidth, ThanksHeight, "#FFF3E0")
	c.SetHexColor("#FFB74D")
	c.DrawCircle(w/2, -420, 900)
	c.Fill()
	c.text("谢谢您！", 110, w/2, 260, 0.5, 0, white, true)
	c.text(c.name(t.Name), 60, w/2, 380, 0.5, w-160, ink, true)
	if t.Task != "" {
		c.text("任务 "+Clean(t.Task)+" 已确认完成", 40, w/2, 560, 0.5, w-160, ink, false)
	}
	c.fillRound(140, 640, w-280, 330, 40, white)
	c.text(monthCN(t.Month)+"您已服务", 40, w/2, 720, 0.5, 0, grey, false)
	c.text(hours(t.Hours), 150, w/2-20, 880, 1, 0, orange, true)
	c.text("小时", 48, w/2, 880, 0, 0, orange, false)
	c.text(fmt.Sprintf("共完成 %d 个任务", t.Tasks), 36, w/2, 940, 0.5, 0, grey, false)
	c.text("邻里守望，因您更暖", 48, w/2, 1120, 0.5, 0, darkRed, true)
	c.text(Clean(t.Community), 36, w/2, h-110, 0.5, w-160, ink, false)
	return c, c.err
}

// Text is the card as a chat message.
func (t ThankYou) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "谢谢您，%s！", SafeName(t.Name))
	if t.Task != "" {
		fmt.Fprintf(&b, "任务 %s 已确认完成。", Clean(t.Task))
	}
	fmt.Fprintf(&b, "%s您已服务 %s 小时，共完成 %d 个任务。邻里守望，因您更暖。", monthCN(t.Month), hours(t.Hours), t.Tasks)
	return b.String()
}
