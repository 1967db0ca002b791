package checkin_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/scheduler"
	"linli/storage/sqlite"
	"linli/workflows/checkin"

	"gopkg.in/yaml.v3"
)

const setup = `
@group 锦霞一群 community=锦霞社区
@group 锦霞二群 community=锦霞社区
@admin 李主任 community=锦霞社区
@now 2026-11-23 08:00
[锦霞一群] 李主任: 发起打卡 垃圾分类 21天
`

// counts is what a bad input must not change.
func (p *program) counts() string {
	var ledger, checkins, items, redemptions int
	var sum int64
	row := p.db.SQL().QueryRow(`SELECT (SELECT count(*) FROM points_ledger), (SELECT coalesce(sum(amount),0) FROM points_ledger),
		(SELECT count(*) FROM checkins), (SELECT count(*) FROM shop_items), (SELECT count(*) FROM redemptions)`)
	if err := row.Scan(&ledger, &sum, &checkins, &items, &redemptions); err != nil {
		p.t.Fatal(err)
	}
	return fmt.Sprintf("ledger=%d sum=%d checkins=%d items=%d redemptions=%d", ledger, sum, checkins, items, redemptions)
}

func TestFirstCheckinsAreAckedTogether(t *testing.T) {
	p := newProgram(t, "", checkin.DefaultConfig())
	p.play(setup)
	got := p.play(`
[锦霞一群] 张三: 打卡
[锦霞一群] 李四: 签到 今天把厨余垃圾分好了
[锦霞一群] 张三: 打卡
[锦霞一群] 王五: 大家早
@now 2026-11-23 08:02
[锦霞一群] 张三: 我的积分
@now 2026-11-23 08:03
`)
	expectOut(t, got, `
		[锦霞一群] 张三的积分：10（社区第1名）
		  「垃圾分类」已打卡1/21天，连续1天，今天已打卡，补卡剩2次
		[锦霞一群] 打卡动态：张三 第1天、李四 第1天、张三 今天已打过卡
		  本群今日已打卡 2/4人`)
}

// TestAcksCoalesce counts group messages: 45 check-ins within two minutes
// make two group messages, one when 30 acks are waiting and one when the
// window closes.
func TestAcksCoalesce(t *testing.T) {
	p := newProgram(t, "", checkin.DefaultConfig())
	p.play(setup)
	var b strings.Builder
	for i := range 45 {
		if i == 20 {
			b.WriteString("@now 2026-11-23 08:01\n")
		}
		fmt.Fprintf(&b, "[锦霞一群] 居民%02d: 打卡\n", i)
	}
	got := p.play(b.String())
	if n := strings.Count(got, "[锦霞一群]"); n != 1 {
		t.Fatalf("after 45 check-ins in the window: %d group messages, want 1 (the batch of 30):\n%s", n, got)
	}
	if !strings.Contains(got, "居民29 第1天\n  本群今日已打卡 30/31人") {
		t.Errorf("the batch message does not list 30 check-ins:\n%s", got)
	}
	got = p.play("@now 2026-11-23 08:05\n")
	if n := strings.Count(got, "[锦霞一群]"); n != 1 || !strings.Contains(got, "打卡动态：居民30 第1天") ||
		!strings.Contains(got, "居民44 第1天\n  本群今日已打卡 45/46人") {
		t.Errorf("when the window closed the bot said:\n%s", got)
	}
}

func TestDayStartsAtFour(t *testing.T) {
	p := newProgram(t, "", checkin.DefaultConfig())
	p.play(setup)
	got := p.play(`
[锦霞一群] 张三: 打卡
@now 2026-11-24 01:30
[锦霞一群] 张三: 打卡
@now 2026-11-24 01:35
@now 2026-11-24 04:00
[锦霞一群] 张三: 打卡
@now 2026-11-24 04:05
`)
	expectOut(t, got, `
		[锦霞一群] 打卡动态：张三 第1天
		  本群今日已打卡 1/2人
		[锦霞一群] 晚上好！还没打卡的邻居，别忘了发送“打卡”哦（本群今日已打卡 1/2人）。
		[锦霞一群] 今日打卡小结（11月23日）：本群已打卡 1/2人
		  「垃圾分类」第1天/共21天
		  明天继续加油！
		[锦霞一群] 打卡动态：张三 今天已打过卡
		  本群今日已打卡 1/2人
		[锦霞一群] 打卡动态：张三 第2天
		  本群今日已打卡 1/2人`)
}

func TestPhotoInTheSameMinute(t *testing.T) {
	p := newProgram(t, "", checkin.DefaultConfig())
	p.play(setup)
	got := p.play(`
[锦霞一群] 张三: [图片]
[锦霞一群] 张三: 打卡
[锦霞一群] 李四: 打卡
[锦霞一群] 李四: [图片]
@now 2026-11-23 08:01
[锦霞一群] 王五: 打卡
@now 2026-11-23 08:02:30
[锦霞一群] 王五: [图片]
[锦霞一群] 赵六: [图片]
@now 2026-11-23 08:05
`)
	expectOut(t, got, `
		[锦霞一群] 打卡动态：张三 第1天📷、李四 第1天📷、王五 第1天
		  本群今日已打卡 3/5人`)
	var photos int
	if err := p.db.SQL().QueryRow(`SELECT count(*) FROM checkins WHERE photo = 1`).Scan(&photos); err != nil || photos != 2 {
		t.Errorf("check-ins with a photo = %d, %v; want 2", photos, err)
	}
}

func TestPrivateCheckin(t *testing.T) {
	p := newProgram(t, "", checkin.DefaultConfig())
	p.play(setup)
	got := p.play(`
[私聊] 张三: 打卡
[锦霞一群] 张三: 大家好
[私聊] 张三: 打卡
[私聊] 张三: 打卡
[锦霞二群] 李主任: 发起打卡 节水 7天
[锦霞二群] 张三: 早
[私聊] 张三: 补卡
[私聊] 张三: 打卡 锦霞二群
`)
	expectOut(t, got, `
		[私聊→张三] 我还没在小区群里见过您。请先在小区群里发送“打卡”。
		[私聊→张三] 已在锦霞一群为您打卡：「垃圾分类」第1天，连续1天，+10积分。
		[私聊→张三] 您今天已经在锦霞一群打过「垃圾分类」的卡了（第1天），明天再来哦。
		[锦霞二群] 「节水」7天打卡开始啦！
		  时间：11月23日—11月29日
		  每天在群里发送“打卡”（可附一句话或照片），每次+10积分；连续7天+20；全部完成再奖100积分。
		  漏打了可以发送“补卡”，每人2次。
		[私聊→张三] 您在锦霞一群、锦霞二群都参加了打卡，请在群里发送“打卡”，或私聊发送“打卡 锦霞一群”。
		[私聊→张三] 已在锦霞二群为您打卡：「节水」第1天，连续1天，+10积分。`)
}

// TestBadInputChangesNothing sends each bad input after the same start and
// checks the answer and that no points, check-ins or items changed.
func TestBadInputChangesNothing(t *testing.T) {
	const before = `
[锦霞一群] 张三: 打卡
@now 2026-11-24 08:00
[锦霞一群] 张三: 打卡
@now 2026-11-25 08:00
`
	for _, tc := range []struct{ name, line, want string }{
		{"private from a stranger", "[私聊] 路人: 打卡", "[私聊→路人] 我还没在小区群里见过您。请先在小区群里发送“打卡”。"},
		{"zero days", "[锦霞一群] 李主任: 发起打卡 节水 0天", "[锦霞一群] 打卡天数要在1到365天之间。"},
		{"ten thousand days", "[锦霞一群] 李主任: 发起打卡 节水 10000天", "[锦霞一群] 打卡天数要在1到365天之间。"},
		{"no days", "[锦霞一群] 李主任: 发起打卡 节水", "[锦霞一群] 请写明天数。格式：发起打卡 垃圾分类 21天 [开始日期]"},
		{"start in the past", "[锦霞一群] 李主任: 发起打卡 节水 7天 11月20日", "[锦霞一群] 开始日期不能早于今天。"},
		{"same name twice", "[锦霞一群] 李主任: 发起打卡 垃圾分类 7天", "[锦霞一群] 本群已经有进行中的「垃圾分类」打卡了。"},
		// A resident's coordinator command in a group is audited, not
		// answered: the group does not hear about it.
		{"resident starts", "[锦霞一群] 张三: 发起打卡 节水 7天", ""},
		{"no challenge", "[锦霞二群] 张三: 打卡", "[锦霞二群] 本群现在没有进行中的打卡活动。社区工作人员可以发送“发起打卡 垃圾分类 21天”开始。"},
		{"makeup of a future day", "[锦霞一群] 张三: 补卡 11月28日", "[锦霞一群] 不能给还没到的日子补卡。"},
		{"makeup of today", "[锦霞一群] 张三: 补卡 今天", "[锦霞一群] 今天的卡请直接发送“打卡”。"},
		{"makeup of a day done", "[锦霞一群] 张三: 补卡 11月24日", "[锦霞一群] 11月24日已经打过卡了，不用补。"},
		{"makeup before the challenge", "[锦霞一群] 张三: 补卡 11月22日", "[锦霞一群] 11月22日不在「垃圾分类」活动期内（11月23日—12月13日）。"},
		{"makeup before joining", "[锦霞一群] 李四: 补卡 昨天", "[锦霞一群] 11月24日您还没有加入本群，不能补那天的卡。"},
		{"makeup with nothing missed", "[锦霞一群] 张三: 补卡", "[锦霞一群] 最近3天没有漏打的卡，不用补。"},
		{"makeup gibberish", "[锦霞一群] 张三: 补卡 上个月", "[锦霞一群] 补卡格式：“补卡”补最近漏打的一天，或“补卡 11月22日”。"},
		{"share too short", "[锦霞一群] 张三: 分享 要分类", "[锦霞一群] 分享内容至少要10个字，例如：分享 用过的电池要投进有害垃圾桶。"},
		// Check-ins hand 签到 #N to the events workflow, which has no event
		// #3; nothing is checked in.
		{"event sign-in", "[锦霞一群] 张三: 签到 #3", "[锦霞一群] 没有找到活动 #3。发「活动列表」看看近期活动。"},
		{"unknown item", "[锦霞一群] 张三: 兑换 电饭煲", "[锦霞一群] 积分商城里没有「电饭煲」。发送“积分商城”看看有哪些礼品。"},
		{"wrong code", "[锦霞一群] 李主任: 核销 ABC123", "[锦霞一群] 没有找到兑换码 ABC123，请核对后再试。"},
		{"end a challenge that is not there", "[锦霞一群] 李主任: 结束打卡 节水", "[锦霞一群] 本群没有进行中的「节水」打卡。"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newProgram(t, "", checkin.DefaultConfig())
			p.play(setup + before)
			was := p.counts()
			got := p.play(tc.line + "\n")
			if strings.TrimSpace(got) != tc.want {
				t.Errorf("%s\nbot said: %q\nwant:     %q", tc.line, strings.TrimSpace(got), tc.want)
			}
			if now := p.counts(); now != was {
				t.Errorf("%s changed the store: %s → %s", tc.line, was, now)
			}
		})
	}
}

func TestMakeupCardsAndStreaks(t *testing.T) {
	p := newProgram(t, "", checkin.DefaultConfig())
	p.play(setup)
	// 张三 checks in on the 23rd, 24th, 27th and 28th, missing the 25th and
	// 26th; two make-ups join the four days into one streak.
	got := p.play(`
[锦霞一群] 张三: 打卡
@now 2026-11-24 08:00
[锦霞一群] 张三: 打卡
@now 2026-11-27 08:00
[锦霞一群] 张三: 打卡
@now 2026-11-28 08:00
[锦霞一群] 张三: 打卡
[锦霞一群] 张三: 补卡
[锦霞一群] 张三: 补卡 11月25日
[锦霞一群] 张三: 补卡 11月25日
[锦霞一群] 张三: 我的积分
`)
	for _, want := range []string{
		"[锦霞一群] 张三补卡成功：「垃圾分类」11月26日，已打卡5/21天，连续3天，+10积分，补卡还剩1次。",
		"[锦霞一群] 张三补卡成功：「垃圾分类」11月25日，已打卡6/21天，连续6天，+10积分，补卡还剩0次。",
		"[锦霞一群] 您在「垃圾分类」的2次补卡已经用完了。",
		"[锦霞一群] 张三的积分：60（社区第1名）\n  「垃圾分类」已打卡6/21天，连续6天，今天已打卡，补卡剩0次",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	// The seventh day completes a run of seven: the bonus pays once.
	got = p.play(`
@now 2026-11-29 08:00
[锦霞一群] 张三: 打卡
@now 2026-11-29 08:05
[锦霞一群] 张三: 我的积分
`)
	if !strings.Contains(got, "张三 第7天（连续7天+20分）") || !strings.Contains(got, "张三的积分：90") {
		t.Errorf("seventh day:\n%s", got)
	}
}

func TestSharePaysOnceADay(t *testing.T) {
	p := newProgram(t, "", checkin.DefaultConfig())
	p.play(setup)
	got := p.play(`
[锦霞一群] 张三: 分享 废旧电池要投进红色的有害垃圾桶
[锦霞一群] 张三: 分享：大骨头不容易降解，要扔进其他垃圾
@now 2026-11-23 08:05
[私聊] 张三: 分享 用过的纸巾是其他垃圾，不能回收
@now 2026-11-24 08:00
[私聊] 张三: 分享 用过的纸巾是其他垃圾，不能回收
[私聊] 张三: 我的积分
`)
	expectOut(t, got, `
		[锦霞一群] 打卡动态：张三 分享+5分、张三 分享（今日积分已领）
		  本群今日已打卡 0/2人
		[私聊→张三] 谢谢分享！今天的分享积分已经领过了。
		[锦霞一群] 晚上好！还没打卡的邻居，别忘了发送“打卡”哦（本群今日已打卡 0/2人）。
		[锦霞一群] 今日打卡小结（11月23日）：本群已打卡 0/2人
		  「垃圾分类」第1天/共21天
		  明天继续加油！
		[私聊→张三] 谢谢分享！+5积分。
		[私聊→张三] 张三的积分：10（社区第1名）
		  「垃圾分类」已打卡0/21天，连续0天，今天还没打卡，补卡剩2次（锦霞一群）`)
}

// TestAcksSurviveARestart queues acks, drops the program before their
// window closes, and starts a new one on the same database: the acks go
// out when the window closes, once.
func TestAcksSurviveARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "restart.db")
	p := newProgram(t, path, checkin.DefaultConfig())
	p.play(setup + "[锦霞一群] 张三: 打卡\n[锦霞一群] 李四: 打卡\n")
	p.db.Close()

	q := newProgram(t, path, checkin.DefaultConfig())
	q.clock.Set(p.clock.Now())
	got := q.play("@now 2026-11-23 08:10\n")
	expectOut(t, got, `
		[锦霞一群] 打卡动态：张三 第1天、李四 第1天
		  本群今日已打卡 2/3人`)
	if again := q.play("@now 2026-11-23 08:20\n"); again != "" {
		t.Errorf("acks sent twice: %s", again)
	}
}

func TestLeaderboards(t *testing.T) {
	p := newProgram(t, "", checkin.DefaultConfig())
	got := p.play(`
@group 锦霞一群 community=锦霞社区
@group 翠苑一群 community=翠苑社区
@admin 李主任 community=锦霞社区
@admin 陈书记 community=翠苑社区
@now 2026-11-25 08:00
[锦霞一群] 李主任: 发起打卡 垃圾分类 21天
[翠苑一群] 陈书记: 发起打卡 垃圾分类 21天
[锦霞一群] 张三: 打卡
[锦霞一群] 李四: 打卡
[翠苑一群] 钱七: 打卡
@now 2026-11-26 08:00
[锦霞一群] 张三: 打卡
[翠苑一群] 钱七: 打卡
[翠苑一群] 孙八: 打卡
[翠苑一群] 周九: 早上好
@now 2026-11-26 09:00
[锦霞一群] 王五: 排行榜
[锦霞一群] 李四: 排行榜
[翠苑一群] 钱七: 社区排行
`)
	i := strings.Index(got, "[锦霞一群] 「垃圾分类」排行榜")
	if i < 0 {
		t.Fatalf("no leaderboard in:\n%s", got)
	}
	expectOut(t, got[i:], `
		[锦霞一群] 「垃圾分类」排行榜
		  1. 张三 20分 连续2天
		  2. 李四 10分 连续1天
		  王五：还没有打卡，发送“打卡”加入吧
		[锦霞一群] 「垃圾分类」排行榜
		  1. 张三 20分 连续2天
		  2. 李四 10分 连续1天
		  李四：第2名 10分 连续1天
		[翠苑一群] 社区排行·今日参与率
		  1. 翠苑社区 50%（2/4人）
		  2. 锦霞社区 25%（1/4人）
		  社区排行·本周参与率
		  1. 翠苑社区 50%（2/4人）
		  2. 锦霞社区 50%（2/4人）`)
}

func TestParseDay(t *testing.T) {
	today := checkin.DayOf(mustTime("2026-12-02 10:00"), shanghai(), 4)
	for _, tc := range []struct{ in, want string }{
		{"11月22日", "11月22日"}, {"11月22号", "11月22日"}, {"11-22", "11月22日"}, {"11/22", "11月22日"},
		{"2026-11-22", "11月22日"}, {"2026年11月22日", "11月22日"}, {"昨天", "12月1日"}, {"前天", "11月30日"},
		{"1号", "12月1日"}, {"30号", "11月30日"}, {"1月3日", "1月3日"}, {"2月30日", ""}, {"十一月", ""}, {"13月1日", ""},
	} {
		d, ok := checkin.ParseDay(tc.in, today)
		got := ""
		if ok {
			got = d.String()
		}
		if got != tc.want {
			t.Errorf("ParseDay(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if d, _ := checkin.ParseDay("1月3日", today); d < today {
		t.Errorf("1月3日 in December should be next January, got %v", d.Date())
	}
}

func TestConfigValidate(t *testing.T) {
	bad := checkin.DefaultConfig()
	bad.DayStartHour = 24
	if bad.Validate() == nil {
		t.Error("day start hour 24 accepted")
	}
	bad = checkin.DefaultConfig()
	bad.AckBatch = 0
	if bad.Validate() == nil {
		t.Error("ack batch 0 accepted")
	}
	if err := checkin.DefaultConfig().Validate(); err != nil {
		t.Error(err)
	}
}

func TestBoardWithoutChallengeRanksTheCommunity(t *testing.T) {
	p := newProgram(t, "", checkin.DefaultConfig())
	p.play(setup + `
[锦霞一群] 张三: 打卡
[锦霞一群] 李四: 打卡
[锦霞一群] 李四: 分享 塑料瓶要倒空洗净再投进可回收物
@now 2026-11-23 08:10
`)
	got := p.play(`
[锦霞二群] 王五: 排行榜
[锦霞二群] 张三: 排行榜
`)
	expectOut(t, got, `
		[锦霞二群] 锦霞社区积分排行榜
		  1. 李四 15分
		  2. 张三 10分
		[锦霞二群] 锦霞社区积分排行榜
		  1. 李四 15分
		  2. 张三 10分
		  张三：第2名 10分`)
}

// TestJobsFollowEachCommunitysTimeZone has a community two hours behind
// Shanghai: its evening nudge comes at 20:00 its own time.
func TestJobsFollowEachCommunitysTimeZone(t *testing.T) {
	west := time.FixedZone("UTC+6", 6*3600)
	p := newProgramWith(t, "", time.Date(2026, 11, 23, 8, 0, 0, 0, shanghai()),
		func(store *sqlite.CheckinStore, dir *bot.Directory, clock bot.Clock, sched scheduler.Registrar, r bot.Registry) {
			w, err := checkin.New(checkin.DefaultConfig(), checkin.Deps{Store: store, Directory: dir, Clock: clock, Scheduler: sched})
			if err != nil {
				t.Fatal(err)
			}
			w.Register(r)
		}, bot.Community{Name: "天山社区", Location: west})
	got := p.play(`
@group 锦霞一群 community=锦霞社区
@group 天山一群 community=天山社区
@admin 李主任 community=锦霞社区
@admin 王主任 community=天山社区
@now 2026-11-23 08:00
[锦霞一群] 李主任: 发起打卡 垃圾分类 21天
[天山一群] 王主任: 发起打卡 垃圾分类 21天
@now 2026-11-23 20:30
`)
	if !strings.Contains(got, "[锦霞一群] 晚上好") || strings.Contains(got, "[天山一群] 晚上好") {
		t.Fatalf("at 20:30 Shanghai time:\n%s", got)
	}
	got = p.play("@now 2026-11-23 22:30\n")
	if !strings.Contains(got, "[天山一群] 晚上好") || strings.Contains(got, "[锦霞一群] 晚上好") {
		t.Fatalf("at 20:30 in the west:\n%s", got)
	}
}

func TestConfigFromYAML(t *testing.T) {
	cfg := checkin.DefaultConfig()
	doc := "day_start_hour: 3\nack_window: 5m\nstreak_bonuses: {7: 30, 21: 0}\nmakeup_cards: 1\n"
	if err := yaml.Unmarshal([]byte(doc), &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.DayStartHour != 3 || cfg.AckWindow != 5*time.Minute || cfg.MakeupCards != 1 ||
		cfg.StreakBonuses[7] != 30 || cfg.StreakBonuses[14] != 30 || cfg.StreakBonuses[21] != 0 || cfg.CheckinPoints != 10 {
		t.Errorf("decoded config = %+v", cfg)
	}
	if err := cfg.Validate(); err != nil {
		t.Error(err)
	}
}
