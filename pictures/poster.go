package pictures

import (
	"fmt"
	"strings"
	"time"
)

// Poster is the weekly 光荣榜 of one group: its most faithful residents,
// how the community is doing and how it stands among the communities.
type Poster struct {
	Community string
	Group     string
	Challenge string
	// Day is the challenge's day today, of Days.
	Day, Days int
	// From and To are the week's first and last days.
	From, To time.Time
	// Top is the group's residents in rank order; only the first
	// PosterRows are drawn, the rest are counted.
	Top []Leader
	// More counts residents beyond Top who also checked in.
	More int
	// Rate is the community's participation rate this week, 0 to 1.
	Rate float64
	// Rank is the community's place among Of communities; 0 when unknown.
	Rank, Of int
}

// Leader is one resident on a poster.
type Leader struct {
	Name string
	// Streak is the days in a row up to today; Total the days checked in.
	Streak, Total int
}

// PosterRows is how many residents a poster names.
const PosterRows = 10

// A poster is 1080 pixels wide, as WeChat shows a picture full-width on a
// phone; the ranking poster is PosterHeight tall, the weekly one as tall
// as its rows need (Poster.Height).
const (
	PosterWidth  = 1080
	PosterHeight = 1600
)

// Height is the weekly poster's height in pixels: its header, footer and
// rows, so a group with three residents gets no empty page.
func (p Poster) Height() int {
	n := max(min(len(p.Top), PosterRows), 3)
	h := 400 + 98*n + 40 + 170
	if len(p.Top)-min(len(p.Top), PosterRows)+p.More > 0 {
		h += 70
	}
	return h
}

const (
	red      = "#C62828"
	darkRed  = "#8E1B1B"
	gold     = "#FFD54F"
	cream    = "#FFF6E5"
	paper    = "#FFFDF7"
	ink      = "#3E2723"
	grey     = "#8D8D8D"
	green    = "#2E7D32"
	orange   = "#EF6C00"
	white    = "#FFFFFF"
	lightRed = "#FFE0B2"
)

func dayCN(t time.Time) string { return fmt.Sprintf("%d月%d日", t.Month(), t.Day()) }

func dateCN(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

func percent(r float64) string { return fmt.Sprintf("%.0f%%", min(max(r, 0), 1)*100) }

func (p Poster) dayLine() string {
	if p.Days > 0 && p.Day > 0 {
		return fmt.Sprintf("%s · 第 %d 天 / 共 %d 天", p.Challenge, min(p.Day, p.Days), p.Days)
	}
	return p.Challenge
}

func (p Poster) rankLine() string {
	if p.Rank > 0 && p.Of > 0 {
		return fmt.Sprintf("在 %d 个社区中排第 %d 名", p.Of, p.Rank)
	}
	return ""
}

// Poster draws the weekly poster as PNG.
func (r *Renderer) Poster(p Poster) ([]byte, error) {
	c, err := r.drawPoster(p)
	if err != nil {
		return nil, err
	}
	return c.png()
}

func (r *Renderer) drawPoster(p Poster) (*canvas, error) {
	w, h := float64(PosterWidth), float64(p.Height())
	c := r.canvas(PosterWidth, p.Height(), cream)
	c.SetHexColor(red)
	c.DrawRectangle(0, 0, w, 360)
	c.Fill()
	c.text("本周打卡光荣榜", 88, w/2, 165, 0.5, w-80, gold, true)
	c.text(Clean(p.Community+" · "+p.Group), 40, w/2, 240, 0.5, w-120, white, false)
	c.text(Clean(p.dayLine())+"  "+dayCN(p.From)+"—"+dayCN(p.To), 34, w/2, 305, 0.5, w-120, lightRed, false)

	top := p.Top[:min(len(p.Top), PosterRows)]
	y := 400.0
	if len(top) == 0 {
		c.text("本周还没有人打卡，明天就从你开始！", 44, w/2, 560, 0.5, w-120, ink, false)
	}
	medals := []string{"#F9A825", "#9E9E9E", "#A1662F"}
	for i, l := range top {
		c.fillRound(60, y, w-120, 84, 18, white)
		if i < len(medals) {
			c.SetHexColor(medals[i])
			c.DrawCircle(120, y+42, 30)
			c.Fill()
			c.text(fmt.Sprint(i+1), 36, 120, y+55, 0.5, 0, white, true)
		} else {
			c.text(fmt.Sprint(i+1), 36, 120, y+55, 0.5, 0, red, true)
		}
		c.text(c.name(l.Name), 42, 175, y+57, 0, 420, ink, false)
		c.text(fmt.Sprintf("打卡 %d 天", l.Total), 32, 720, y+55, 1, 0, grey, false)
		if l.Streak > 0 {
			c.text(fmt.Sprintf("连续 %d 天", l.Streak), 40, w-90, y+57, 1, 0, red, true)
		}
		y += 98
	}
	if more := len(p.Top) - len(top) + p.More; more > 0 {
		c.text(fmt.Sprintf("……还有 %d 位邻居坚持打卡", more), 34, w/2, y+40, 0.5, 0, grey, false)
	}

	c.SetHexColor(darkRed)
	c.DrawRectangle(0, h-170, w, 170)
	c.Fill()
	c.text(fmt.Sprintf("%s本周参与率 %s", Clean(p.Community), percent(p.Rate)), 46, w/2, h-100, 0.5, w-80, gold, true)
	if line := p.rankLine(); line != "" {
		c.text(line, 34, w/2, h-42, 0.5, 0, white, false)
	}
	return c, c.err
}

// Text is the poster as a chat message, for when no picture can be drawn.
func (p Poster) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "【本周打卡光荣榜】%s %s—%s\n%s", Clean(p.Group), dayCN(p.From), dayCN(p.To), Clean(p.dayLine()))
	top := p.Top[:min(len(p.Top), PosterRows)]
	if len(top) == 0 {
		b.WriteString("\n本周还没有人打卡，明天就从你开始！")
	}
	for i, l := range top {
		fmt.Fprintf(&b, "\n%d. %s ", i+1, SafeName(l.Name))
		if l.Streak > 0 {
			fmt.Fprintf(&b, "连续%d天", l.Streak)
		}
		fmt.Fprintf(&b, "（打卡%d天）", l.Total)
	}
	if more := len(p.Top) - len(top) + p.More; more > 0 {
		fmt.Fprintf(&b, "\n……还有 %d 位邻居坚持打卡", more)
	}
	fmt.Fprintf(&b, "\n%s本周参与率 %s", Clean(p.Community), percent(p.Rate))
	if line := p.rankLine(); line != "" {
		b.WriteString("，" + line)
	}
	return b.String()
}

// Ranking is the monthly poster of the communities of one 街道, ranked by
// participation.
type Ranking struct {
	// Area is the 街道 (or whatever holds the communities).
	Area  string
	Month time.Time
	// Communities in rank order; only the first RankingRows are drawn.
	Communities []CommunityRate
}

// CommunityRate is one community on the ranking poster.
type CommunityRate struct {
	Name string
	// Rate is the share of members who checked in, 0 to 1.
	Rate float64
	// Checkins counts the month's check-ins.
	Checkins int
}

// RankingRows is how many communities a ranking poster names.
const RankingRows = 12

func monthCN(t time.Time) string { return fmt.Sprintf("%d年%d月", t.Year(), t.Month()) }

// Ranking draws the monthly ranking poster as PNG, the size of a Poster.
func (r *Renderer) Ranking(k Ranking) ([]byte, error) {
	c, err := r.drawRanking(k)
	if err != nil {
		return nil, err
	}
	return c.png()
}

func (r *Renderer) drawRanking(k Ranking) (*canvas, error) {
	w, h := float64(PosterWidth), float64(PosterHeight)
	c := r.canvas(PosterWidth, PosterHeight, cream)
	c.SetHexColor(red)
	c.DrawRectangle(0, 0, w, 300)
	c.Fill()
	c.text("社区打卡排行榜", 84, w/2, 150, 0.5, w-80, gold, true)
	c.text(Clean(k.Area)+" · "+monthCN(k.Month), 40, w/2, 230, 0.5, w-120, white, false)

	rows := k.Communities[:min(len(k.Communities), RankingRows)]
	if len(rows) == 0 {
		c.text("本月还没有社区打卡", 44, w/2, 700, 0.5, 0, ink, false)
	}
	y := 330.0
	barX, barW := 500.0, 360.0
	for i, cr := range rows {
		c.fillRound(50, y, w-100, 78, 16, white)
		col := red
		if i >= 3 {
			col = grey
		}
		c.text(fmt.Sprint(i+1), 38, 100, y+53, 0.5, 0, col, true)
		c.text(Clean(cr.Name), 40, 145, y+53, 0, barX-165, ink, false)
		c.fillRound(barX, y+25, barW, 28, 14, "#F3E5D8")
		if rate := min(max(cr.Rate, 0), 1); rate > 0 {
			c.fillRound(barX, y+25, max(28, barW*rate), 28, 14, orange)
		}
		c.text(percent(cr.Rate), 38, w-70, y+53, 1, 0, red, true)
		y += 88
	}
	if more := len(k.Communities) - len(rows); more > 0 {
		c.text(fmt.Sprintf("……另有 %d 个社区", more), 34, w/2, y+30, 0.5, 0, grey, false)
	}
	c.SetHexColor(darkRed)
	c.DrawRectangle(0, h-110, w, 110)
	c.Fill()
	c.text("参与率 = 本月打卡过的居民 ÷ 登记居民", 32, w/2, h-45, 0.5, 0, white, false)
	return c, c.err
}

// Text is the ranking as a chat message.
func (k Ranking) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "【社区打卡排行榜】%s %s", Clean(k.Area), monthCN(k.Month))
	rows := k.Communities[:min(len(k.Communities), RankingRows)]
	for i, cr := range rows {
		fmt.Fprintf(&b, "\n%d. %s 参与率 %s", i+1, Clean(cr.Name), percent(cr.Rate))
	}
	if more := len(k.Communities) - len(rows); more > 0 {
		fmt.Fprintf(&b, "\n……另有 %d 个社区", more)
	}
	return b.String()
}
