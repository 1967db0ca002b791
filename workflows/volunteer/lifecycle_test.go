package volunteer_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"linli/workflows/volunteer"
)

// TestLifecycle follows one request from the group to the ledger: intake,
// coordinator notice with candidates, claim, reminder, completion,
// confirmation with a rating, hours and points.
func TestLifecycle(t *testing.T) {
	f := newFixture(t, volunteer.Config{})
	f.coordinator("李主任")
	expect(t, f.say(group, "张三", "志愿者登记 可以陪老人看病，会修电脑，周末和工作日上午有空，住3号楼"), "志愿者登记成功", "陪诊就医", "家电维修", "3号楼")
	expect(t, f.say(group, "李四", "志愿者登记 陪诊、跑腿，每天都有空，住8号楼"), "志愿者登记成功")

	got := f.say(group, "王奶奶", "求助 明天上午9点要去医院复查，想找人陪我去，住3号楼2单元301，电话13812345678")
	expect(t, got,
		"[锦霞一群] 已收到，任务 #1（陪诊就医）",
		"[私聊→王奶奶] 已收到，任务 #1（陪诊就医，明天 09:00–10:00）",
		"[私聊→李主任] 新求助 #1 陪诊就医 明天 09:00–10:00 3号楼 — 推荐：1. 张三（同楼，近30天0单，新志愿者） 2. 李四",
		"电话：138****5678")
	groupOnly := strings.Join(groupLines(got), "\n")
	for _, secret := range []string{"13812345678", "138****5678", "301", "医院", "复查"} {
		if strings.Contains(groupOnly, secret) {
			t.Errorf("group message leaks %q: %s", secret, groupOnly)
		}
	}
	if _, ok := f.timer(volunteer.TimerEscalate + ":1"); !ok {
		t.Errorf("no escalation timer set for task 1")
	}

	got = f.say(group, "张三", "接单 #1")
	expect(t, got, "[锦霞一群] 任务 #1 由 张三 接单", "[私聊→张三] 您已接下任务 #1（陪诊就医）", "3号楼2单元301", "电话：13812345678",
		"[私聊→王奶奶] 您的任务 #1（陪诊就医）由志愿者张三负责")
	if _, ok := f.timer(volunteer.TimerEscalate + ":1"); ok {
		t.Errorf("escalation timer still set after the claim")
	}
	expect(t, f.say(group, "李四", "接单 #1"), "已经有人接了")

	// The reminder comes an hour before the window: tomorrow 08:00.
	expectNone(t, f.advance(22*time.Hour), "提醒")
	expect(t, f.advance(time.Hour), "[私聊→张三] 提醒：任务 #1（陪诊就医）")

	expect(t, f.say(group, "李四", "完成 #1"), "不是您接的")
	got = f.say("私聊", "张三", "完成 #1 用时1.5小时")
	expect(t, got, "任务 #1 记用时1.5小时", "[私聊→王奶奶] 志愿者张三说任务 #1（陪诊就医）已完成")

	expect(t, f.say("私聊", "张三", "确认 #1 5"), "要由求助人本人确认")
	expect(t, f.say("私聊", "王奶奶", "确认 #1 9"), "评分请用1到5分")
	got = f.say("私聊", "王奶奶", "确认 #1 5")
	expect(t, got, "谢谢确认和5分的评价", "[私聊→张三] 任务 #1 已确认，记志愿时长1.5小时、积分15")
	expect(t, f.say("私聊", "王奶奶", "确认 #1 5"), "已经确认过了")

	zhang := f.member("张三")
	bal, err := f.points.Balance(f.ctx, zhang.ID, community)
	if err != nil || bal != 15 {
		t.Errorf("张三's balance = %d, %v; want 15", bal, err)
	}
	expect(t, f.say("私聊", "张三", "我的志愿"), "累计：1单，1.5小时，15积分")
	// No auto-confirm later: the task is settled once.
	expectNone(t, f.advance(49*time.Hour), "自动确认")
	if bal, _ := f.points.Balance(f.ctx, zhang.ID, community); bal != 15 {
		t.Errorf("balance after 49h = %d, want still 15", bal)
	}
}

// TestClarifyingQuestion: a request without a time is recorded at once
// and its time asked beside the receipt; the time told next by the same
// member in the same chat goes into it. A request without what is
// needed gets one question, and the answer completes it.
func TestClarifyingQuestion(t *testing.T) {
	f := newFixture(t, volunteer.Config{})
	f.coordinator("李主任")
	got := f.say(group, "王奶奶", "@社区小助手 我家洗衣机坏了，能找人帮忙修一下吗")
	expect(t, got, "[锦霞一群] 已收到，任务 #1（家电维修）", "[私聊→王奶奶] 已收到，任务 #1（家电维修，时间待定）", "什么时候需要？", "[私聊→李主任] 新求助 #1")
	// Someone else's time is not the answer.
	expectNone(t, f.say(group, "赵六", "明天上午"), "任务")
	got = f.say(group, "王奶奶", "后天下午")
	expect(t, got, "[锦霞一群] 好的，任务 #1 的时间补上了：后天下午。", "[私聊→李主任] 求助补充 #1 家电维修 后天下午")
	// The time was taken once: the next message is ordinary chatter.
	expectNone(t, f.say(group, "王奶奶", "谢谢啦"), "任务")

	got = f.say(group, "王奶奶", "求助 帮帮忙")
	expect(t, got, "请问需要帮什么忙？")
	got = f.say(group, "王奶奶", "帮我把阳台杂物收拾一下，明天上午")
	expect(t, got, "任务 #2（清洁整理）")
}

// TestBadInput answers every mistake in a sentence and changes nothing.
func TestBadInput(t *testing.T) {
	f := newFixture(t, volunteer.Config{})
	f.coordinator("李主任")
	f.say(group, "张三", "志愿者登记 会修电脑，周末有空，住5号楼")
	cases := []struct {
		chat, who, text string
		want            string
	}{
		{group, "王奶奶", "求助", "请在“求助”后面说说需要什么帮助"},
		{group, "王奶奶", "接单 #99", "没有找到任务 #99"},
		{group, "王奶奶", "接单", "请带上任务号"},
		{group, "王奶奶", "接单 #1", "接单前请先登记志愿者"},
		{"私聊", "王奶奶", "派单 #1 张三", "只有社区管理员可以使用"},
		{group, "张三", "志愿者登记", "请在“志愿者登记”后面写上"},
		{group, "张三", "志愿者登记 我人很好", "告诉我您能帮什么"},
		{group, "张三", "志愿者登记 会修电脑，工作日晚上有空", "您已经是志愿者，资料已更新"},
	}
	f.say(group, "王奶奶", "求助 明天上午电视没信号了帮忙看看，5栋")
	for _, c := range cases {
		expect(t, f.say(c.chat, c.who, c.text), c.want)
	}
	// The update kept the building and changed the time.
	v, err := f.store.Volunteer(f.ctx, community, f.member("张三").ID)
	if err != nil || v.Building != "5" || v.Avail != volunteer.WeekdayEvening {
		t.Errorf("profile after update: %+v, %v", v, err)
	}
	// A question is not a request: the volunteer workflow passes it on.
	expectNone(t, f.say(group, "王奶奶", "@社区小助手 垃圾怎么分"), "任务")
	expectNone(t, f.say(group, "王奶奶", "求助 电池是什么垃圾"), "任务 #")
	// A closed task cannot be claimed.
	expect(t, f.say("私聊", "李主任", "关闭 #1 已解决"), "任务 #1 已关闭")
	expect(t, f.say(group, "张三", "接单 #1"), "已关闭，不能再接了")
	expect(t, f.say("私聊", "李主任", "关闭 #1"), "不用再关闭了")
}

// TestRedeliveredRequest makes one task of a message delivered twice.
func TestRedeliveredRequest(t *testing.T) {
	f := newFixture(t, volunteer.Config{})
	first := f.deliver("same-id", group, "王奶奶", "求助 明天下午帮忙买菜，6号楼")
	expect(t, first, "任务 #1")
	if again := f.deliver("same-id", group, "王奶奶", "求助 明天下午帮忙买菜，6号楼"); len(again) != 0 {
		t.Errorf("redelivery answered: %v", again)
	}
	tasks, err := f.store.Tasks(f.ctx, community)
	if err != nil || len(tasks) != 1 {
		t.Errorf("tasks after redelivery: %d, %v", len(tasks), err)
	}
}

// TestEscalationAndAutoConfirm: nobody claims an urgent task for 30
// minutes; later the requester never confirms and 48 hours settle it.
func TestEscalationAndAutoConfirm(t *testing.T) {
	f := newFixture(t, volunteer.Config{})
	f.coordinator("李主任")
	f.say(group, "张三", "志愿者登记 家电维修，随时有空，住7栋")
	expect(t, f.say(group, "王奶奶", "求助 厨房水管漏水了，急！7栋"), "任务 #1（家电维修）")
	expectNone(t, f.advance(29*time.Minute), "催办")
	expect(t, f.advance(time.Minute), "[私聊→李主任] 催办 #1 家电维修 今天 09:00–11:00（急） 7栋（已等30分钟无人接单）", "推荐：1. 张三（同楼")

	expect(t, f.say("私聊", "李主任", "派单 #1 张三"), "已派单：任务 #1 → 张三", "[私聊→张三] 协调员李主任把任务 #1（家电维修）派给了您")
	f.say("私聊", "张三", "完成 #1 用时半小时")
	expectNone(t, f.advance(47*time.Hour), "自动确认")
	got := f.advance(time.Hour)
	expect(t, got, "[私聊→王奶奶] 任务 #1（家电维修）完成已满48小时，系统已自动确认", "[私聊→张三] 任务 #1 已确认，记志愿时长0.5小时、积分5")
	expect(t, f.say("私聊", "王奶奶", "确认 #1 5"), "已经确认过了")
}

// TestCancel: only the requester or a coordinator cancels; the volunteer
// hears of it.
func TestCancel(t *testing.T) {
	f := newFixture(t, volunteer.Config{})
	f.say(group, "张三", "志愿者登记 买菜跑腿，随时")
	f.say(group, "王奶奶", "求助 明天上午帮忙买点菜")
	f.say(group, "张三", "接单 #1")
	expect(t, f.say(group, "赵六", "取消 #1"), "只能由求助人或社区协调员取消")
	got := f.say(group, "王奶奶", "取消 #1 女儿回来了")
	expect(t, got, "任务 #1 已取消", "[私聊→张三] 任务 #1（买菜跑腿）已取消，不用去了。原因：女儿回来了")
	expect(t, f.say(group, "张三", "完成 #1"), "已取消")
}

// TestConcurrentClaims: many volunteers send 接单 at once; exactly one gets
// the task.
func TestConcurrentClaims(t *testing.T) {
	f := newFixture(t, volunteer.Config{})
	names := []string{"甲", "乙", "丙", "丁", "戊", "己"}
	for _, n := range names {
		f.say(group, n, "志愿者登记 买菜跑腿，随时有空")
	}
	f.say(group, "王奶奶", "求助 明天上午帮忙买菜")
	var wg sync.WaitGroup
	for i, n := range names {
		wg.Add(1)
		go func(i int, n string) {
			defer wg.Done()
			f.deliverConcurrent("claim-"+n, n, "接单 #1")
		}(i, n)
	}
	wg.Wait()
	got := f.drain()
	wins := 0
	for _, l := range got {
		if strings.Contains(l, "您已接下任务 #1") {
			wins++
		}
	}
	if wins != 1 {
		t.Errorf("%d volunteers got task 1, want exactly 1:\n%s", wins, strings.Join(got, "\n"))
	}
	if n := strings.Count(strings.Join(got, "\n"), "已经有人接了"); n != len(names)-1 {
		t.Errorf("%d refusals, want %d", n, len(names)-1)
	}
}

// deliverConcurrent hands a message to the router without draining, so
// goroutines can race.
func (f *fixture) deliverConcurrent(id, who, text string) {
	msg := f.message(id, group, who, text)
	if err := f.router.Handle(f.ctx, msg); err != nil {
		f.t.Errorf("handle %q: %v", text, err)
	}
}

// TestApproval: where the community asks for it, a new volunteer waits for
// a coordinator and is not offered tasks until approved.
func TestApproval(t *testing.T) {
	f := newFixture(t, volunteer.Config{RequireApproval: true})
	f.coordinator("李主任")
	expect(t, f.say(group, "张三", "志愿者登记 跑腿买菜，随时有空"), "等社区协调员审核后开始派单")
	expect(t, f.say(group, "王奶奶", "求助 明天上午帮忙买菜"), "推荐：暂无合适的志愿者")
	expect(t, f.say(group, "张三", "接单 #1"), "您的志愿者资格待审核")
	expect(t, f.say("私聊", "张三", "批准志愿者 张三"), "只有社区管理员可以使用")
	expect(t, f.say("私聊", "李主任", "批准志愿者 张三"), "已批准志愿者张三", "[私聊→张三] 社区协调员已批准您的志愿者资格")
	expect(t, f.say(group, "张三", "接单 #1"), "您已接下任务 #1")
	expect(t, f.say("私聊", "李主任", "暂停志愿者 路人甲"), "没有找到“路人甲”")
}
