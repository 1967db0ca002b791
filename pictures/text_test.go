package pictures

import (
	"strings"
	"testing"
)

// The text forms are what residents get without a font: the same facts,
// the same masking.
func TestTextForms(t *testing.T) {
	for _, c := range []struct {
		name, text string
		has, hasnt []string
	}{
		{"poster", samplePoster().Text(), []string{"【本周打卡光荣榜】锦霞一群 11月16日—11月22日", "1. 张三 连续14天（打卡14天）", "2. 王**", "……还有 2 位邻居坚持打卡", "锦霞社区本周参与率 63%，在 8 个社区中排第 2 名"}, []string{"138", "🌸"}},
		{"ranking", sampleRanking().Text(), []string{"锦城街道 2026年11月", "1. 锦霞社区 参与率 90%", "……另有 2 个社区"}, nil},
		{"certificate", sampleCertificate().Text(), []string{"【荣誉证书】", "王阿姨：", "坚持打卡 21 天"}, []string{"🌸"}},
		{"calendar", sampleCalendar().Text(), []string{"已打卡 13 天 · 补卡 2 天 · 连续 5 天", "\n●●●◐●●○\n"}, nil},
		{"thanks", sampleThanks().Text(), []string{"谢谢您，志愿者小李！", "任务 #12 代取药品 已确认完成", "已服务 7.5 小时"}, nil},
	} {
		for _, h := range c.has {
			if !strings.Contains(c.text, h) {
				t.Errorf("%s text lacks %q:\n%s", c.name, h, c.text)
			}
		}
		for _, h := range c.hasnt {
			if strings.Contains(c.text, h) {
				t.Errorf("%s text shows %q:\n%s", c.name, h, c.text)
			}
		}
	}
}

// A 100-day challenge shows the six weeks up to today, today's week last.
func TestCalendarLongChallenge(t *testing.T) {
	k := Calendar{Name: "张三", Challenge: "百日打卡", Today: 70}
	for i := range 100 {
		m := Checked
		if i >= 70 {
			m = Ahead
		}
		k.Days = append(k.Days, CalendarDay{Date: day(2).AddDate(0, 0, i), Mark: m})
	}
	days, lead, cut := k.window()
	if !cut || lead != 0 || len(days) != 42 {
		t.Fatalf("window: %d days from lead %d, cut %v; want 42, 0, true", len(days), lead, cut)
	}
	if last := days[len(days)-1].Date; last.Weekday().String() != "Sunday" || last.Before(k.Days[69].Date) {
		t.Fatalf("window ends %v, want the Sunday of today's week", last)
	}
	r := renderer(t)
	if _, err := r.Calendar(k); err != nil {
		t.Fatal(err)
	}
}
