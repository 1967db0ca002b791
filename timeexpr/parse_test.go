package timeexpr

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func shanghai(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatalf("load Asia/Shanghai: %v", err)
	}
	return loc
}

// refNow is Tuesday 2026-11-24 10:00 in Shanghai, the moment every table
// case is read at.
func refNow(t testing.TB) time.Time {
	return time.Date(2026, 11, 24, 10, 0, 0, 0, shanghai(t))
}

const layout = "2006-01-02 15:04"

func TestParse(t *testing.T) {
	cases := []struct {
		in   string
		kind Kind
		// want is the moment of a Once ("2006-01-02 15:04"), "start~end" of
		// a Window, or the cron spec of a Recurring expression.
		want string
		// desc, when set, is the plain-Chinese description expected.
		desc string
		// err, when set, is a fragment of the expected Chinese error.
		err string
	}{
		// Recurring.
		{in: "每天20:00", kind: Recurring, want: "0 20 * * *", desc: "每天 20:00"},
		{in: "每天 20:00", kind: Recurring, want: "0 20 * * *"},
		{in: "每天晚上8点", kind: Recurring, want: "0 20 * * *", desc: "每天 20:00"},
		{in: "每晚8点半", kind: Recurring, want: "30 20 * * *"},
		{in: "每日早上6点", kind: Recurring, want: "0 6 * * *"},
		{in: "天天下午三点一刻", kind: Recurring, want: "15 15 * * *"},
		{in: "每天中午12点", kind: Recurring, want: "0 12 * * *"},
		{in: "每天中午1点", kind: Recurring, want: "0 13 * * *"},
		{in: "每天夜里12点", kind: Recurring, want: "0 0 * * *"},
		{in: "每周六 9:00", kind: Recurring, want: "0 9 * * 6", desc: "每周六 09:00"},
		{in: "每周六9点", kind: Recurring, want: "0 9 * * 6"},
		{in: "每星期天上午十点", kind: Recurring, want: "0 10 * * 0", desc: "每周日 10:00"},
		{in: "每礼拜三 19:30", kind: Recurring, want: "30 19 * * 3"},
		{in: "每周一三五 7点半", kind: Recurring, want: "30 7 * * 1,3,5", desc: "每周一、三、五 07:30"},
		{in: "每周一、三、五 7:30", kind: Recurring, want: "30 7 * * 1,3,5"},
		{in: "每周一、周三、周五 7:30", kind: Recurring, want: "30 7 * * 1,3,5"},
		{in: "每周二和四晚上7点", kind: Recurring, want: "0 19 * * 2,4"},
		{in: "每周一至周五 8:00", kind: Recurring, want: "0 8 * * 1-5"},
		{in: "每周一到五早上8点", kind: Recurring, want: "0 8 * * 1-5"},
		{in: "每周二一点", kind: Recurring, err: "凌晨还是下午"},
		{in: "每周二下午一点", kind: Recurring, want: "0 13 * * 2"},
		{in: "每周末上午10点", kind: Recurring, want: "0 10 * * 6,0", desc: "每周六、日 10:00"},
		{in: "每周六夜里12点", kind: Recurring, want: "0 0 * * 0"},
		{in: "工作日早上7点", kind: Recurring, want: "0 7 * * 1-5", desc: "工作日 07:00（周一至周五）"},
		{in: "每个工作日 17:30", kind: Recurring, want: "30 17 * * 1-5"},
		{in: "每月1号 10:00", kind: Recurring, want: "0 10 1 * *", desc: "每月1日 10:00"},
		{in: "每月1日、15日上午9点", kind: Recurring, want: "0 9 1,15 * *", desc: "每月1日、15日 09:00"},
		{in: "每个月十五号 8:00", kind: Recurring, want: "0 8 15 * *"},
		{in: "每月31号 9:00", kind: Recurring, want: "0 9 31 * *", desc: "每月31日 09:00（没有31日的月份不发）"},
		{in: "每週六 9:00", kind: Recurring, want: "0 9 * * 6"},
		{in: "ｃｒｏｎ：0 20 * * *", kind: Recurring, want: "0 20 * * *", desc: "每天 20:00"},
		{in: "cron:0 20 * * *", kind: Recurring, want: "0 20 * * *"},
		{in: "cron 30 7 * * 1-5", kind: Recurring, want: "30 7 * * 1-5", desc: "工作日 07:30（周一至周五）"},
		{in: "CRON:0 9 1 * *", kind: Recurring, want: "0 9 1 * *"},
		{in: "0 20 * * *", kind: Recurring, want: "0 20 * * *"},
		{in: "*/15 9-17 * * MON-FRI", kind: Recurring, want: "*/15 9-17 * * MON-FRI", desc: "按 cron「*/15 9-17 * * MON-FRI」"},
		{in: "@daily", kind: Recurring, want: "@daily", desc: "每天 00:00"},
		{in: "cron:@weekly", kind: Recurring, want: "@weekly"},

		// One-off times.
		{in: "明天上午9点", kind: Once, want: "2026-11-25 09:00", desc: "11月25日（周三）09:00"},
		{in: "明天 上午 9点", kind: Once, want: "2026-11-25 09:00"},
		{in: "明早7点", kind: Once, want: "2026-11-25 07:00"},
		// A day of the month alone is the next one to come.
		{in: "30号上午9点", kind: Once, want: "2026-11-30 09:00"},
		{in: "20号下午3点", kind: Once, want: "2026-12-20 15:00"},
		{in: "24日晚上7点", kind: Once, want: "2026-11-24 19:00"},
		{in: "明晚七点半", kind: Once, want: "2026-11-25 19:30"},
		{in: "后天下午三点", kind: Once, want: "2026-11-26 15:00"},
		{in: "后天下午3:30", kind: Once, want: "2026-11-26 15:30"},
		{in: "大后天上午十点", kind: Once, want: "2026-11-27 10:00"},
		{in: "下周二 14:30", kind: Once, want: "2026-12-01 14:30"},
		{in: "下星期一上午9点", kind: Once, want: "2026-11-30 09:00"},
		{in: "下下周一 9:00", kind: Once, want: "2026-12-07 09:00"},
		{in: "周五下午3点", kind: Once, want: "2026-11-27 15:00"},
		{in: "周一 9:00", kind: Once, want: "2026-11-30 09:00"},
		{in: "这周五晚上7点半", kind: Once, want: "2026-11-27 19:30"},
		{in: "本周日 10:00", kind: Once, want: "2026-11-29 10:00"},
		{in: "12月1日 9:00", kind: Once, want: "2026-12-01 09:00", desc: "12月1日（周二）09:00"},
		{in: "12月1号9点", kind: Once, want: "2026-12-01 09:00"},
		// The weekday people write after a date says nothing new.
		{in: "12月1号周二上午9点", kind: Once, want: "2026-12-01 09:00"},
		{in: "12月1日（星期二）9:00", kind: Once, want: "2026-12-01 09:00"},
		{in: "12月6日 礼拜天 下午2点", kind: Once, want: "2026-12-06 14:00"},
		{in: "十二月一日上午九点", kind: Once, want: "2026-12-01 09:00"},
		{in: "2026-12-01 09:00", kind: Once, want: "2026-12-01 09:00"},
		{in: "2026/12/01 9:00", kind: Once, want: "2026-12-01 09:00"},
		{in: "2026.12.1 09:00", kind: Once, want: "2026-12-01 09:00"},
		{in: "2026年12月1日 9:00", kind: Once, want: "2026-12-01 09:00"},
		{in: "２０２６－１２－０１　０９：００", kind: Once, want: "2026-12-01 09:00"},
		{in: "1月5日 10:00", kind: Once, want: "2027-01-05 10:00", desc: "2027年1月5日（周二）10:00"},
		{in: "2028年2月29日 8:00", kind: Once, want: "2028-02-29 08:00"},
		{in: "今晚八点", kind: Once, want: "2026-11-24 20:00"},
		{in: "今晚8点", kind: Once, want: "2026-11-24 20:00"},
		{in: "今天下午两点", kind: Once, want: "2026-11-24 14:00"},
		{in: "十二点", kind: Once, want: "2026-11-24 12:00"},
		{in: "20:00", kind: Once, want: "2026-11-24 20:00"},
		{in: "２０：３０", kind: Once, want: "2026-11-24 20:30"},
		{in: "20：30", kind: Once, want: "2026-11-24 20:30"},
		{in: "下午两点半", kind: Once, want: "2026-11-24 14:30"},
		{in: "晚上八点一刻", kind: Once, want: "2026-11-24 20:15"},
		{in: "晚上九点三刻", kind: Once, want: "2026-11-24 21:45"},
		{in: "下午3时30分", kind: Once, want: "2026-11-24 15:30"},
		{in: "晚上十点钟", kind: Once, want: "2026-11-24 22:00"},
		{in: "下午四点零五", kind: Once, want: "2026-11-24 16:05"},
		{in: "明天晚上二十点", kind: Once, want: "2026-11-25 20:00"},
		{in: "今天夜里12点", kind: Once, want: "2026-11-25 00:00"},
		{in: "明天24:00", kind: Once, want: "2026-11-26 00:00"},
		{in: "明天凌晨两点", kind: Once, want: "2026-11-25 02:00"},
		{in: "3天后上午9点", kind: Once, want: "2026-11-27 09:00"},
		{in: "30分钟后", kind: Once, want: "2026-11-24 10:30"},
		{in: "半小时后", kind: Once, want: "2026-11-24 10:30"},
		{in: "两个小时以后", kind: Once, want: "2026-11-24 12:00"},
		{in: "明天上午9點", kind: Once, want: "2026-11-25 09:00"},

		// Past times are returned as read; the caller asks Past.
		{in: "今天早上8点", kind: Once, want: "2026-11-24 08:00"},
		{in: "11月20日 9:00", kind: Once, want: "2026-11-20 09:00"},
		{in: "上周五 9:00", kind: Once, want: "2026-11-20 09:00"},

		// Windows.
		{in: "明天上午", kind: Window, want: "2026-11-25 08:00~2026-11-25 12:00"},
		{in: "明天中午", kind: Window, want: "2026-11-25 11:00~2026-11-25 13:00"},
		{in: "明天下午", kind: Window, want: "2026-11-25 13:00~2026-11-25 18:00"},
		{in: "明天晚上", kind: Window, want: "2026-11-25 18:00~2026-11-25 22:00"},
		{in: "今晚", kind: Window, want: "2026-11-24 18:00~2026-11-24 22:00"},
		{in: "后天", kind: Window, want: "2026-11-26 00:00~2026-11-27 00:00"},
		{in: "下周三下午", kind: Window, want: "2026-12-02 13:00~2026-12-02 18:00"},
		{in: "今天之内", kind: Window, want: "2026-11-24 10:00~2026-11-25 00:00", desc: "今天之内（至 24:00）"},
		{in: "今天内", kind: Window, want: "2026-11-24 10:00~2026-11-25 00:00"},
		{in: "明天之内", kind: Window, want: "2026-11-25 00:00~2026-11-26 00:00"},
		{in: "12月6日 9:00-11:00", kind: Window, want: "2026-12-06 09:00~2026-12-06 11:00"},
		{in: "12月6日 9:00～11:00", kind: Window, want: "2026-12-06 09:00~2026-12-06 11:00"},
		{in: "明天上午9点到11点", kind: Window, want: "2026-11-25 09:00~2026-11-25 11:00"},
		{in: "明天下午2点到5点", kind: Window, want: "2026-11-25 14:00~2026-11-25 17:00"},
		{in: "周六 14:00-16:30", kind: Window, want: "2026-11-28 14:00~2026-11-28 16:30"},

		// Failures: each is a clear Chinese sentence.
		{in: "", err: "没有写时间"},
		{in: "   ", err: "没有写时间"},
		{in: "2月30日", err: "2月没有30日"},
		{in: "2月30日 9:00", err: "2月没有30日"},
		{in: "12月1日（周六）9:00", err: "12月1日是周二，不是周六"},
		// A date after the weekday (now is Tuesday 11-24): it fits, or
		// chooses between this week and the next, or is a slip.
		{in: "周六28号上午9点", kind: Once, want: "2026-11-28 09:00"},
		{in: "本周六（28号）上午9点", kind: Once, want: "2026-11-28 09:00"},
		{in: "下周六12月5日下午两点", kind: Once, want: "2026-12-05 14:00"},
		{in: "下周三25号晚上7点", kind: Once, want: "2026-11-25 19:00"},
		{in: "周六29号上午9点", err: "周六是11月28日，不是11月29日"},
		{in: "4月31日", err: "4月没有31日"},
		{in: "2027年2月29日", err: "2027年2月没有29日"},
		{in: "13月1日", err: "没有13月"},
		{in: "25点", err: "没有25点"},
		{in: "明天25:00", err: "没有25点"},
		{in: "明天9:60", err: "没有60分"},
		{in: "明天9点70分", err: "没有70分"},
		{in: "24:30", err: "没有24点30分"},
		{in: "上午13点", err: "对不上"},
		{in: "后天上午两点", err: "是凌晨2点还是下午2点"},
		{in: "明天上午4:30", err: "是凌晨4点还是下午4点"},
		{in: "明天上午5点半", kind: Once, want: "2026-11-25 05:30"},
		{in: "晚上1点", err: "对不上"},
		{in: "两点", err: "凌晨还是下午"},
		{in: "cron:0 0 20 * * * *", err: "这里有 7 段"},
		{in: "cron:0 20 * *", err: "这里有 4 段"},
		{in: "cron:61 20 * * *", err: "写得不对"},
		{in: "0 0 20 * * * *", err: "这里有 7 段"},
		{in: "@every 5m", err: "不支持 @every"},
		{in: "cron:@sometimes", err: "不认识"},
		{in: "每天", err: "请说明每天几点"},
		{in: "每天晚上", err: "请说明每天几点"},
		{in: "每周", err: "请说明每周哪天"},
		{in: "每周六", err: "请说明每周几点"},
		{in: "每月", err: "请说明每月几号"},
		{in: "每月32号 9:00", err: "每月没有32号"},
		{in: "每月最后一天 9:00", err: "暂不支持"},
		{in: "每月31号夜里12点", err: "请写成每月某日 0 点"},
		{in: "每天 9:00-11:00", err: "一个时刻"},
		{in: "每周五至周一 9:00", err: "从周一往周日写"},
		{in: "下周", err: "请说明下周哪一天"},
		{in: "明天下午5点到3点", err: "结束时间要晚于开始时间"},
		{in: "大家好", err: "没看懂时间"},
		{in: "明天上午9点 带身份证", err: "没看懂时间里的「带身份证」"},
		{in: "3000年1月1日", err: "年份 3000 不对"},
		{in: "0分钟后", err: "请说明多久以后"},
		{in: "1000小时后", err: "时间太远了"},
	}
	loc := shanghai(t)
	now := refNow(t)
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.in] {
			t.Errorf("duplicate case %q", c.in)
		}
		seen[c.in] = true
		t.Run(c.in, func(t *testing.T) {
			e, err := Parse(c.in, now, loc)
			if c.err != "" {
				var pe *Error
				if !errors.As(err, &pe) {
					t.Fatalf("Parse(%q) = %v, %v; want a *Error containing %q", c.in, e, err, c.err)
				}
				if !strings.Contains(pe.Msg, c.err) {
					t.Fatalf("Parse(%q) error %q; want it to contain %q", c.in, pe.Msg, c.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", c.in, err)
			}
			if e.Kind != c.kind {
				t.Fatalf("Parse(%q) kind %v; want %v (%+v)", c.in, e.Kind, c.kind, e)
			}
			var got string
			switch e.Kind {
			case Once:
				got = e.At.In(loc).Format(layout)
			case Window:
				got = e.At.In(loc).Format(layout) + "~" + e.End.In(loc).Format(layout)
			case Recurring:
				got = e.Spec
				if _, err := e.Schedule(); err != nil {
					t.Fatalf("spec %q does not parse: %v", e.Spec, err)
				}
			}
			if got != c.want {
				t.Errorf("Parse(%q) = %s; want %s", c.in, got, c.want)
			}
			if c.desc != "" && e.Desc != c.desc {
				t.Errorf("Parse(%q) desc %q; want %q", c.in, e.Desc, c.desc)
			}
			if e.Desc == "" {
				t.Errorf("Parse(%q) has no description", c.in)
			}
			if e.Loc != loc {
				t.Errorf("Parse(%q) location %v; want %v", c.in, e.Loc, loc)
			}
		})
	}
	if len(cases) < 80 {
		t.Errorf("only %d cases", len(cases))
	}
}

func TestPastIsReportedNotMoved(t *testing.T) {
	loc, now := shanghai(t), refNow(t)
	for _, in := range []string{"今天早上8点", "11月20日 9:00", "10:00"} {
		e, err := Parse(in, now, loc)
		if err != nil {
			t.Fatalf("Parse(%q): %v", in, err)
		}
		if !e.Past(now) {
			t.Errorf("Parse(%q) = %s; want it reported as past at %s", in, e.At, now)
		}
		if !e.Next(now).IsZero() {
			t.Errorf("Parse(%q).Next = %s; a past one-off has no next firing", in, e.Next(now))
		}
	}
	e, err := Parse("明天上午9点", now, loc)
	if err != nil || e.Past(now) {
		t.Fatalf("明天上午9点: past=%v err=%v", e.Past(now), err)
	}
}

// A server in UTC must not shift a Shanghai reminder by eight hours.
func TestExplicitLocation(t *testing.T) {
	loc := shanghai(t)
	utcNow := time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC) // 10:00 in Shanghai
	e, err := Parse("每天20:00", utcNow, loc)
	if err != nil {
		t.Fatal(err)
	}
	next := e.Next(utcNow)
	if want := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC); !next.Equal(want) {
		t.Errorf("next firing %s; want %s (20:00 Shanghai)", next.UTC(), want)
	}
	if next.Location() != loc {
		t.Errorf("next firing in %v; want %v", next.Location(), loc)
	}
	once, err := Parse("明天上午9点", utcNow, loc)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 11, 25, 1, 0, 0, 0, time.UTC); !once.At.Equal(want) {
		t.Errorf("明天上午9点 = %s; want %s", once.At.UTC(), want)
	}
	// At 23:30 UTC it is already the next morning in Shanghai: 明天 is
	// counted in Shanghai, not in UTC.
	late := time.Date(2026, 11, 24, 23, 30, 0, 0, time.UTC)
	once, err = Parse("明天上午9点", late, loc)
	if err != nil {
		t.Fatal(err)
	}
	if got := once.At.In(loc).Format(layout); got != "2026-11-26 09:00" {
		t.Errorf("明天上午9点 at 07:30 Shanghai on the 25th = %s; want 2026-11-26 09:00", got)
	}
}

func TestNextN(t *testing.T) {
	loc, now := shanghai(t), refNow(t)
	cases := []struct {
		in   string
		want []string
	}{
		{"每周一三五 7点半", []string{"2026-11-25 07:30", "2026-11-27 07:30", "2026-11-30 07:30"}},
		{"每天20:00", []string{"2026-11-24 20:00", "2026-11-25 20:00", "2026-11-26 20:00"}},
		{"每月31号 9:00", []string{"2026-12-31 09:00", "2027-01-31 09:00", "2027-03-31 09:00"}},
		{"明天上午9点", []string{"2026-11-25 09:00"}},
		{"明天上午", nil},
	}
	for _, c := range cases {
		e, err := Parse(c.in, now, loc)
		if err != nil {
			t.Fatalf("Parse(%q): %v", c.in, err)
		}
		var got []string
		for _, n := range e.NextN(now, 3) {
			got = append(got, n.In(loc).Format(layout))
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s: next %v; want %v", c.in, got, c.want)
		}
	}
}

func TestFind(t *testing.T) {
	loc, now := shanghai(t), refNow(t)
	cases := []struct {
		text string
		want string // the span found; "" for none
		kind Kind
	}{
		{"提醒 明天上午9点 带身份证", "明天上午9点", Once},
		{"我家老人腿脚不便，明天上午想找人帮忙去医院拿药", "明天上午", Window},
		{"下周三下午能来帮忙吗", "下周三下午", Window},
		{"3号楼下午两点停水", "下午两点", Once},
		{"每天8点3号楼收垃圾", "每天8点", Recurring},
		{"12月6日 9:00-11:00 在社区活动室讲民法典", "12月6日 9:00-11:00", Window},
		{"今晚８点开会", "今晚８点", Once},
		{"今天之内能来人吗", "今天之内", Window},
		{"2026-12-01 09:00 体检", "2026-12-01 09:00", Once},
		{"我有一点累", "", 0},
		{"两点建议", "", 0},
		{"大家好，今天天气不错", "今天", Window},
		{"每天都要按时吃药", "", 0},
		{"3号楼的王阿姨", "", 0},
	}
	for _, c := range cases {
		e, start, end, ok := Find(c.text, now, loc)
		if c.want == "" {
			if ok {
				t.Errorf("Find(%q) found %q; want nothing", c.text, c.text[start:end])
			}
			continue
		}
		if !ok {
			t.Errorf("Find(%q) found nothing; want %q", c.text, c.want)
			continue
		}
		if got := c.text[start:end]; got != c.want || e.Kind != c.kind {
			t.Errorf("Find(%q) = %q (%v); want %q (%v)", c.text, got, e.Kind, c.want, c.kind)
		}
	}
}

func TestLeadingSplitsTimeFromText(t *testing.T) {
	loc, now := shanghai(t), refNow(t)
	cases := []struct{ in, desc, rest string }{
		{"每天20:00 记得打卡", "每天 20:00", " 记得打卡"},
		{"每天20:00打卡啦", "每天 20:00", "打卡啦"},
		{"cron:0 20 * * * 打卡啦", "每天 20:00", " 打卡啦"},
		{"0 20 * * * 打卡啦", "每天 20:00", " 打卡啦"},
		{"12月1日 9:00 民法典讲座", "12月1日（周二）09:00", " 民法典讲座"},
	}
	for _, c := range cases {
		e, rest, err := Leading(c.in, now, loc)
		if err != nil {
			t.Fatalf("Leading(%q): %v", c.in, err)
		}
		if e.Desc != c.desc || rest != c.rest {
			t.Errorf("Leading(%q) = %q, rest %q; want %q, rest %q", c.in, e.Desc, rest, c.desc, c.rest)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"每天20:00", "每周一三五 7点半", "工作日早上7点", "每月1号 10:00", "明天上午9点",
		"后天下午三点", "下周二 14:30", "12月1日 9:00", "2026-12-01 09:00", "今晚八点",
		"今天之内", "12月6日 9:00-11:00", "cron:0 20 * * *", "2月30日", "25点",
		"明天上午想找人帮忙去医院拿药", "每周二和四晚上7点", "3天后上午9点", "@daily",
	} {
		f.Add(s)
	}
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		f.Fatal(err)
	}
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, loc)
	f.Fuzz(func(t *testing.T, s string) {
		e, err := Parse(s, now, loc)
		if err == nil {
			if e.Desc == "" || e.Loc == nil {
				t.Fatalf("Parse(%q) = %+v without description or location", s, e)
			}
			if e.Kind == Recurring {
				if _, err := e.Schedule(); err != nil {
					t.Fatalf("Parse(%q) gave a spec cron cannot read: %v", s, err)
				}
				e.NextN(now, 3)
			}
			if e.Kind == Window && !e.End.After(e.At) {
				t.Fatalf("Parse(%q) window ends before it starts: %+v", s, e)
			}
		} else {
			var pe *Error
			if !errors.As(err, &pe) || pe.Msg == "" {
				t.Fatalf("Parse(%q) error %v is not a user-facing *Error", s, err)
			}
		}
		if _, start, end, ok := Find(s, now, loc); ok {
			if start < 0 || end > len(s) || start >= end {
				t.Fatalf("Find(%q) span %d:%d out of range", s, start, end)
			}
		}
	})
}

// TestStartThenRecurring reads a repeating time with the day it starts
// said first, and fires nothing before that day.
func TestStartThenRecurring(t *testing.T) {
	loc, now := shanghai(t), refNow(t) // Tuesday 2026-11-24 10:00
	cases := []struct {
		in, first, desc string
	}{
		{"从明天开始每天上午10点", "2026-11-25 10:00", "11月25日（周三）起每天 10:00"},
		{"下周一起每天晚上7点", "2026-11-30 19:00", "11月30日（周一）起每天 19:00"},
		{"12月5号以后 每周三9点", "2026-12-09 09:00", "12月5日（周六）起每周三 09:00"},
		{"从今天开始，每晚8点", "2026-11-24 20:00", "11月24日（周二）起每天 20:00"},
	}
	for _, c := range cases {
		e, err := Parse(c.in, now, loc)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if e.Kind != Recurring || e.Desc != c.desc {
			t.Errorf("Parse(%q) = %v %q, want recurring %q", c.in, e.Kind, e.Desc, c.desc)
		}
		if got := e.Next(now).Format(layout); got != c.first {
			t.Errorf("Parse(%q).Next = %s, want %s", c.in, got, c.first)
		}
		// After the first day it goes on as any repeating time.
		first := e.Next(now)
		if got := e.Next(first); !got.After(first) || got.Sub(first) > 7*24*time.Hour {
			t.Errorf("Parse(%q): second firing %v after %v", c.in, got, first)
		}
	}
	// A day alone with no 从 or 起 is a day, not a start.
	if e, err := Parse("明天上午10点", now, loc); err != nil || e.Kind != Once {
		t.Errorf("明天上午10点 = %v, %v; want once", e.Kind, err)
	}
}

// TestRangeIntoAfternoon reads a range from the morning to an hour past
// noon said without 下午 (「11点到1点」) as ending in the afternoon.
func TestRangeIntoAfternoon(t *testing.T) {
	loc, now := shanghai(t), refNow(t)
	e, err := Parse("明天11点到1点", now, loc)
	if err != nil || e.Kind != Window || e.At.Hour() != 11 || e.End.Hour() != 13 {
		t.Fatalf("明天11点到1点 = %v %v–%v, %v; want 11:00–13:00", e.Kind, e.At, e.End, err)
	}
	// A bare small hour on its own is still asked about.
	if _, err := Parse("明天1点", now, loc); err == nil {
		t.Error("明天1点 parsed without asking 凌晨还是下午")
	}
}
