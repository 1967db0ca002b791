package events

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"linli/bot"
)

func shanghai(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatalf("load Asia/Shanghai: %v", err)
	}
	return loc
}

// userMsg is the sentence a user would see for err, or fails the test when
// err is not meant for users.
func userMsg(t *testing.T, err error) string {
	t.Helper()
	var ue *bot.UserError
	if !errors.As(err, &ue) {
		t.Fatalf("error %v is not a user-facing sentence", err)
	}
	return ue.Msg
}

func TestParseEvent(t *testing.T) {
	loc := shanghai(t)
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, loc)
	day := func(d, h, m int) time.Time { return time.Date(2026, 12, d, h, m, 0, 0, loc) }
	for _, tc := range []struct {
		in   string
		want eventSpec
		err  string // part of the answer when the input is refused
	}{
		{in: "民法典讲座 12月6日 9:00-11:00 社区活动室 名额30 需要带：身份证",
			want: eventSpec{Title: "民法典讲座", Place: "社区活动室", Bring: "身份证", Start: day(6, 9, 0), End: day(6, 11, 0), Closes: day(6, 9, 0), Capacity: 30}},
		{in: "中秋百家宴 12月3日 17:30 小区花园 名额二十 签到积分5",
			want: eventSpec{Title: "中秋百家宴", Place: "小区花园", Start: day(3, 17, 30), End: day(3, 19, 30), Closes: day(3, 17, 30), Capacity: 20, Points: 5}},
		{in: "插花课 12月5日 下午2点到4点 社区活动室 限12人 报名截止12月4日18:00",
			want: eventSpec{Title: "插花课", Place: "社区活动室", Start: day(5, 14, 0), End: day(5, 16, 0), Closes: day(4, 18, 0), Capacity: 12}},
		{in: "义诊 明天上午9点 社区卫生站",
			want: eventSpec{Title: "义诊", Place: "社区卫生站", Start: day(2, 9, 0), End: day(2, 11, 0), Closes: day(2, 9, 0)}},
		{in: "民法典讲座 社区活动室 名额30", err: "请写活动时间"},
		{in: "民法典讲座 11月30日 9:00 社区活动室", err: "已经过去"},
		{in: "民法典讲座 12月6日 社区活动室", err: "几点开始"},
		{in: "民法典讲座 每周六 9:00 社区活动室", err: "不是每周重复"},
		{in: "12月6日 9:00 社区活动室", err: "活动名称"},
		{in: "民法典讲座 12月6日 9:00 名额0", err: "名额至少1人"},
		{in: "民法典讲座 12月6日 9:00 名额5000", err: "名额最多"},
		{in: "民法典讲座 12月6日 9:00 截止12月7日", err: "早于活动开始"},
		{in: "民法典讲座 12月6日 9:00 截止11月30日", err: "截止时间已经过去"},
		{in: "民法典讲座 2月30日 9:00", err: "2月"},
		{in: "", err: "请写活动名称"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parseEvent(tc.in, now, loc)
			if tc.err != "" {
				if err == nil {
					t.Fatalf("accepted %+v, want refusal containing %q", got, tc.err)
				}
				if msg := userMsg(t, err); !strings.Contains(msg, tc.err) {
					t.Fatalf("answer %q, want it to mention %q", msg, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestParsePoll(t *testing.T) {
	loc := shanghai(t)
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, loc)
	deadline := time.Date(2026, 12, 10, 20, 0, 0, 0, loc)
	works := []string{"张奶奶的国画", "李老师的书法", "小王的摄影"}
	for _, tc := range []struct {
		in   string
		want pollSpec
		err  string
	}{
		{in: "优秀作品评选 选项：1.张奶奶的国画 2.李老师的书法 3.小王的摄影 截止12月10日20:00 每人3票 匿名 隐藏结果",
			want: pollSpec{Title: "优秀作品评选", Options: works, MaxChoices: 3, Deadline: deadline, Anonymous: true, HideResults: true}},
		{in: "优秀作品评选 截止12月10日20:00 选项:1、张奶奶的国画 2、李老师的书法 3、小王的摄影",
			want: pollSpec{Title: "优秀作品评选", Options: works, MaxChoices: 1, Deadline: deadline}},
		{in: "优秀作品评选 1.张奶奶的国画 2.李老师的书法 3.小王的摄影 多选 截止12月10日20:00",
			want: pollSpec{Title: "优秀作品评选", Options: works, MaxChoices: 3, Deadline: deadline}},
		{in: "春游去哪 选项：植物园、动物园 截止12月10日20:00 每人最多两票",
			want: pollSpec{Title: "春游去哪", Options: []string{"植物园", "动物园"}, MaxChoices: 2, Deadline: deadline}},
		{in: "春游去哪 选项：1.植物园 截止12月10日20:00", err: "至少要两个选项"},
		{in: "春游去哪 选项：1.植物园 2.动物园 截止12月10日20:00 每人3票", err: "最多只能投2票"},
		{in: "春游去哪 选项：1.植物园 2.动物园", err: "请写截止时间"},
		{in: "春游去哪 选项：1.植物园 2.动物园 截止11月30日20:00", err: "已经过去"},
		{in: "春游去哪 截止12月10日20:00", err: "请写选项"},
		{in: "选项：1.植物园 2.动物园 截止12月10日20:00", err: "主题"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parsePoll(tc.in, now, loc)
			if tc.err != "" {
				if err == nil {
					t.Fatalf("accepted %+v, want refusal containing %q", got, tc.err)
				}
				if msg := userMsg(t, err); !strings.Contains(msg, tc.err) {
					t.Fatalf("answer %q, want it to mention %q", msg, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestParseExtras(t *testing.T) {
	for _, tc := range []struct {
		in    string
		party int
		note  string
		err   bool
	}{
		{"", 1, "", false},
		{"2人", 2, "", false},
		{"两位", 2, "", false},
		{"红烧肉", 1, "红烧肉", false},
		{"3人 糖醋排骨", 3, "糖醋排骨", false},
		{"糖醋排骨，共3人", 3, "糖醋排骨", false},
		{"0人", 0, "", false},
		{"50人", 50, "", false},
		{strings.Repeat("长", MaxNote+1), 0, "", true},
	} {
		party, note, err := parseExtras(tc.in)
		if (err != nil) != tc.err || party != tc.party || note != tc.note {
			t.Errorf("parseExtras(%q) = %d, %q, %v; want %d, %q, error %v", tc.in, party, note, err, tc.party, tc.note, tc.err)
		}
	}
}

func TestParseChoices(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"1 3", "[1 3]"},
		{"1,3", "[1 3]"},
		{"1、3号", "[1 3]"},
		{"第二项", "[2]"},
		{"3 3 1", "[3 1]"},
		{"好看", "error"},
		{"", "error"},
	} {
		got, err := parseChoices(tc.in, 5)
		s := fmt.Sprint(got)
		if err != nil {
			s = "error"
		}
		if s != tc.want {
			t.Errorf("parseChoices(%q) = %s, want %s", tc.in, s, tc.want)
		}
	}
}

func TestNumber(t *testing.T) {
	for in, want := range map[string]int{"3": 3, "三": 3, "两": 2, "十": 10, "十二": 12, "二十": 20, "三十五": 35, "一百": 100} {
		if got, ok := number(in); !ok || got != want {
			t.Errorf("number(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	if _, ok := number("好"); ok {
		t.Error(`number("好") read a number`)
	}
}
