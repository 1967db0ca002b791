package volunteer

import (
	"io"
	"log/slog"
	"reflect"
	"testing"
	"time"
)

func TestParseProfile(t *testing.T) {
	cases := []struct {
		text     string
		skills   []Skill
		avail    Availability
		building string
		cap      int
	}{
		{"会修电脑、可以陪老人看病，周末和工作日晚上有空，住5号楼", []Skill{Medical, Companion, Repair}, WeekendMorning | WeekendAfternoon | WeekendEvening | WeekdayEvening, "5", 0},
		{"辅导作业、教英语数学，周末全天，住2号楼", []Skill{Children}, WeekendMorning | WeekendAfternoon | WeekendEvening, "2", 0},
		{"跑腿买菜，每天都有空", []Skill{Errands}, Anytime, "", 0},
		{"打扫卫生，工作日上午下午有空，住三号楼，每周最多2单", []Skill{Cleaning}, WeekdayMorning | WeekdayAfternoon, "3", 2},
		{"陪诊就医，每天上午有空", []Skill{Medical}, WeekdayMorning | WeekendMorning, "", 0},
		{"心理咨询师，周六上午和下午", []Skill{Counselling}, WeekendMorning | WeekendAfternoon, "", 0},
		{"会手语", []Skill{Disability}, Anytime, "", 0},
	}
	for _, c := range cases {
		skills, avail, _, building, wcap := ParseProfile(c.text)
		if !reflect.DeepEqual(skills, c.skills) || avail != c.avail || building != c.building || wcap != c.cap {
			t.Errorf("ParseProfile(%q) = %v, %s, %q, %d; want %v, %s, %q, %d", c.text, skills, avail.Describe(), building, wcap,
				c.skills, c.avail.Describe(), c.building, c.cap)
		}
	}
}

func TestDescribeWindow(t *testing.T) {
	now := testTime(2026, 11, 24, 9, 0)
	cases := []struct {
		w    Window
		want string
	}{
		{Window{}, "时间待定"},
		{Window{testTime(2026, 11, 25, 8, 0), testTime(2026, 11, 25, 12, 0)}, "明天上午"},
		{Window{testTime(2026, 11, 24, 15, 0), testTime(2026, 11, 24, 16, 0)}, "今天 15:00–16:00"},
		{Window{testTime(2026, 11, 28, 0, 0), testTime(2026, 11, 29, 0, 0)}, "11月28日（周六）全天"},
		{Window{testTime(2026, 11, 28, 0, 0), testTime(2026, 11, 30, 0, 0)}, "11月28日（周六）至11月29日（周日）"},
		{Window{testTime(2026, 11, 26, 18, 0), testTime(2026, 11, 26, 22, 0)}, "后天晚上"},
	}
	for _, c := range cases {
		if got := DescribeWindow(c.w, now); got != c.want {
			t.Errorf("DescribeWindow(%v) = %q, want %q", c.w, got, c.want)
		}
	}
}

func testTime(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, shanghai)
}

func TestParseHours(t *testing.T) {
	cases := map[string]float64{"用时1.5小时": 1.5, "2小时": 2, "一个半小时": 1.5, "90分钟": 1.5, "半小时": 0.5, "用时3个小时": 3}
	for in, want := range cases {
		if got, ok := parseHours(in); !ok || got != want {
			t.Errorf("parseHours(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	if _, ok := parseHours("很久"); ok {
		t.Errorf("parseHours(很久) understood a time")
	}
}

func discardLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
