package points_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"linli/bot"
	linli "linli/program"
	"linli/storage/sqlite"
	"linli/workflows/points"
)

// shopFixture is a community with a points shop and a few members,
// driven by chat lines through the whole program, as `linli sim` runs it.
type shopFixture struct {
	t     *testing.T
	p     *linli.Sim
	db    *sqlite.DB
	store *sqlite.PointsStore
	now   time.Time
	mu    sync.Mutex // guards ids and seq for the concurrent test
	ids   map[string]int64
	seq   int
	// private sends say's lines as private messages instead.
	private bool
}

var group = bot.Chat{Kind: bot.Group, Name: "锦霞一群", Community: "锦霞社区"}

func newShop(t *testing.T) *shopFixture {
	t.Helper()
	cfg := linli.DefaultConfig()
	cfg.Communities = []linli.CommunityConfig{{Name: "锦霞社区", Groups: []string{"锦霞一群"}}}
	p, err := linli.NewSim(context.Background(), cfg, filepath.Join(t.TempDir(), "t.db"), io.Discard, false,
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	p.Runner.Clock.Set(time.Date(2026, 11, 24, 9, 0, 0, 0, time.FixedZone("CST", 8*3600)))
	return &shopFixture{t: t, p: p, db: p.Program.Store, store: sqlite.NewPointsStore(p.Program.Store),
		now: p.Runner.Clock.Now(), ids: map[string]int64{}}
}

func sender(name string) bot.Sender {
	return bot.Sender{PlatformID: "@" + name, DisplayName: name, NickName: name}
}

// member returns the id of a named member of 锦霞社区, who has been seen in
// the group.
func (f *shopFixture) member(name string) int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	if id, ok := f.ids[name]; ok {
		return id
	}
	m, _, err := f.db.ResolveMember(context.Background(), group, sender(name), f.now)
	if err != nil {
		f.t.Fatal(err)
	}
	f.ids[name] = m.ID
	return m.ID
}

func (f *shopFixture) give(name string, amount int64) {
	f.mu.Lock()
	f.seq++
	key := fmt.Sprintf("test-%d", f.seq)
	f.mu.Unlock()
	ok, err := f.store.Credit(context.Background(), points.Entry{MemberID: f.member(name), Community: "锦霞社区",
		Amount: amount, Reason: "打卡", SourceKey: key, At: f.now})
	if err != nil || !ok {
		f.t.Fatalf("give %s %d: %v %v", name, amount, ok, err)
	}
}

// say delivers one line from a member (made a coordinator first when role
// says so) in the group 锦霞一群 and returns what the bot answered, one
// string per message, with "私聊→name: " in front of private ones.
func (f *shopFixture) say(name string, role bot.Role, text string) []string {
	f.t.Helper()
	f.mu.Lock()
	f.seq++
	id := fmt.Sprintf("m%d", f.seq)
	f.mu.Unlock()
	return f.sayID(id, name, role, text)
}

// sayID is say with a given message id: the same id again is a redelivery.
func (f *shopFixture) sayID(id, name string, role bot.Role, text string) []string {
	f.t.Helper()
	ctx := context.Background()
	if role == bot.Coordinator {
		if err := f.db.SetRole(ctx, f.member(name), "锦霞社区", bot.Coordinator, f.now); err != nil {
			f.t.Fatal(err)
		}
	}
	chat := bot.Chat{Kind: bot.Group, Name: group.Name}
	if f.private {
		chat = bot.Chat{Kind: bot.Private, Name: name}
	}
	msg := bot.Message{ID: id, Chat: chat, Sender: sender(name), Text: text, Time: f.now}
	if err := f.p.Program.Router.Handle(ctx, msg); err != nil {
		f.t.Fatalf("%s: %s: %v", name, text, err)
	}
	items, err := f.db.Pending(ctx, f.now.Add(time.Hour), 100_000)
	if err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for _, it := range items {
		switch {
		case it.Outgoing.Source != id:
		case it.Outgoing.To.Kind == bot.ToMember:
			out = append(out, "私聊→"+it.Outgoing.To.MemberName+": "+it.Outgoing.Text)
		default:
			out = append(out, it.Outgoing.Text)
		}
	}
	return out
}

func (f *shopFixture) balance(name string) int64 {
	b, err := f.store.Balance(context.Background(), f.member(name), "锦霞社区")
	if err != nil {
		f.t.Fatal(err)
	}
	return b
}

func (f *shopFixture) stock(item string) int64 {
	it, err := f.store.ItemByName(context.Background(), "锦霞社区", item)
	if err != nil {
		f.t.Fatal(err)
	}
	return it.Stock
}

var codeRe = regexp.MustCompile(`兑换码：([A-Z0-9]{6})`)

func codeIn(t *testing.T, replies []string) string {
	t.Helper()
	for _, r := range replies {
		if m := codeRe.FindStringSubmatch(r); m != nil {
			return m[1]
		}
	}
	t.Fatalf("no redemption code in %q", replies)
	return ""
}

func expect(t *testing.T, got []string, want ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d replies %q, want %d containing %q", len(got), got, len(want), want)
	}
	for i := range want {
		if !strings.Contains(got[i], want[i]) {
			t.Errorf("reply %d = %q, want it to contain %q", i, got[i], want[i])
		}
	}
}

func TestShopConversation(t *testing.T) {
	f := newShop(t)
	const coord = bot.Coordinator
	expect(t, f.say("张三", bot.Resident, "积分商城"), "还没有礼品")
	// A resident's coordinator command in the group is audited, not
	// answered.
	expect(t, f.say("张三", bot.Resident, "添加商品 环保袋 100积分 库存2"))
	expect(t, f.say("李主任", coord, "添加商品 环保袋 100积分 库存2"), "已上架：环保袋 100积分 库存2")
	expect(t, f.say("李主任", coord, "添加商品 库存5 帆布包 300 积分"), "已上架：帆布包 300积分 库存5")
	expect(t, f.say("李主任", coord, "添加商品 雨伞"), "请写明价格")

	f.give("张三", 250)
	f.give("王五", 120)
	f.give("赵六", 60)
	expect(t, f.say("张三", bot.Resident, "积分商城"), "1. 环保袋 100积分 库存2\n2. 帆布包 300积分 库存5")

	// A redemption debits points, takes stock and sends the code privately.
	got := f.say("张三", bot.Resident, "兑换 环保袋")
	expect(t, got, "私聊→张三: 兑换成功：「环保袋」，扣除100积分，剩余150积分。", "张三 兑换了「环保袋」，兑换码已私信发送")
	code1 := codeIn(t, got)
	if f.balance("张三") != 150 || f.stock("环保袋") != 1 {
		t.Fatalf("after one redemption: balance %d stock %d", f.balance("张三"), f.stock("环保袋"))
	}

	// Not enough points, unknown item: nothing changes.
	expect(t, f.say("赵六", bot.Resident, "兑换 环保袋"), "需要100积分，您现在有60积分")
	expect(t, f.say("赵六", bot.Resident, "兑换 电饭煲"), "积分商城里没有「电饭煲」")
	expect(t, f.say("张三", bot.Resident, "兑换 帆布包"), "需要300积分，您现在有150积分")
	if f.balance("赵六") != 60 || f.stock("环保袋") != 1 || f.stock("帆布包") != 5 {
		t.Fatal("a refused redemption changed something")
	}

	code2 := codeIn(t, f.say("王五", bot.Resident, "兑换 环保袋"))
	expect(t, f.say("张三", bot.Resident, "兑换 环保袋"), "「环保袋」已经兑完了")
	expect(t, f.say("张三", bot.Resident, "积分商城"), "环保袋 100积分 已兑完")
	if f.balance("张三") != 150 {
		t.Fatalf("sold-out redemption debited: %d", f.balance("张三"))
	}

	// Handing over, wrong and used codes.
	expect(t, f.say("张三", bot.Resident, "核销 "+code1))
	expect(t, f.say("李主任", coord, "核销 "+strings.ToLower(code1)), "已核销 "+code1+"：「环保袋」已领取")
	expect(t, f.say("李主任", coord, "核销 "+code1), "已于11月24日 09:00核销过了")
	expect(t, f.say("李主任", coord, "核销 ZZZZZZ"), "没有找到兑换码 ZZZZZZ")
	expect(t, f.say("张三", bot.Resident, "取消兑换 "+code1), "已经领取，不能取消")

	// Cancelling before hand-over gives points and stock back, once; only the
	// owner or a coordinator may.
	expect(t, f.say("赵六", bot.Resident, "取消兑换 "+code2), "没有找到兑换码")
	expect(t, f.say("王五", bot.Resident, "取消兑换 "+code2), "100积分已退回")
	expect(t, f.say("王五", bot.Resident, "取消兑换 "+code2), "已经取消过了")
	expect(t, f.say("李主任", coord, "核销 "+code2), "已取消，不能核销")
	if f.balance("王五") != 120 || f.stock("环保袋") != 1 {
		t.Fatalf("after cancel: balance %d stock %d", f.balance("王五"), f.stock("环保袋"))
	}
	expect(t, f.say("王五", bot.Resident, "我的兑换"), "私聊→王五: 我的兑换：\n"+code2+" 环保袋 已取消")
	expect(t, f.say("王五", bot.Resident, "积分明细"),
		"私聊→王五: 积分明细（共120积分，最近3笔）：\n11月24日 取消兑换 环保袋 +100\n11月24日 兑换 环保袋 -100\n11月24日 打卡 +120")
	expect(t, f.say("钱七", bot.Resident, "积分明细"), "私聊→钱七: 您还没有积分记录")

	expect(t, f.say("李主任", coord, "下架 环保袋"), "已下架「环保袋」")
	expect(t, f.say("王五", bot.Resident, "兑换 环保袋"), "积分商城里没有「环保袋」")
	expect(t, f.say("王五", bot.Resident, "积分商城"), "1. 帆布包 300积分 库存5")
}

func TestRedeliveredRedemptionDebitsOnce(t *testing.T) {
	f := newShop(t)
	f.say("李主任", bot.Coordinator, "添加商品 环保袋 100积分 库存5")
	f.give("张三", 500)
	f.sayID("same", "张三", bot.Resident, "兑换 环保袋")
	// The router de-duplicates by message id; if the same message reached the
	// handler again the ledger's source key still stops a second debit and
	// the transaction rolls back.
	f.sayID("same", "张三", bot.Resident, "兑换 环保袋")
	if got := f.balance("张三"); got != 400 {
		t.Errorf("balance = %d after a redelivered redemption, want 400", got)
	}
	if got := f.stock("环保袋"); got != 4 {
		t.Errorf("stock = %d after a redelivered redemption, want 4", got)
	}
}

func TestParseItemRejectsBadInput(t *testing.T) {
	f := newShop(t)
	for _, tc := range []struct{ text, want string }{
		{"添加商品 环保袋 库存20", "请写明价格"},
		{"添加商品 环保袋 100积分", "请写明库存"},
		{"添加商品 100积分 库存20", "请写明礼品名称"},
		{"添加商品 环保袋 0积分 库存20", "价格要在1到"},
		{"添加商品 环保袋 100积分 库存1000000", "库存最多"},
	} {
		expect(t, f.say("李主任", bot.Coordinator, tc.text), tc.want)
	}
	if items, _ := f.store.Items(context.Background(), "锦霞社区"); len(items) != 0 {
		t.Errorf("bad input stocked the shop: %+v", items)
	}
}

func TestLedgerRanksAndDuplicates(t *testing.T) {
	f := newShop(t)
	ctx := context.Background()
	e := points.Entry{MemberID: f.member("张三"), Community: "锦霞社区", Amount: 10, Reason: "打卡", SourceKey: "msg-1", At: f.now}
	for i, want := range []bool{true, false} {
		ok, err := f.store.Credit(ctx, e)
		if err != nil || ok != want {
			t.Fatalf("credit #%d = %v, %v; want %v", i+1, ok, err, want)
		}
	}
	if _, err := f.store.Credit(ctx, points.Entry{MemberID: 1, Community: "x", Amount: 5, Reason: "r"}); err == nil {
		t.Error("an entry without a source key was accepted")
	}
	f.give("李四", 30)
	f.give("王五", 30)
	f.give("赵六", 5)
	st, err := f.store.Standings(ctx, "锦霞社区", 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range st {
		got = append(got, fmt.Sprintf("%d.%s:%d", s.Rank, s.Name, s.Points))
	}
	if want := "1.李四:30 1.王五:30 3.张三:10 4.赵六:5"; strings.Join(got, " ") != want {
		t.Errorf("standings = %s, want %s", strings.Join(got, " "), want)
	}
	me, err := f.store.StandingOf(ctx, "锦霞社区", f.member("张三"))
	if err != nil || me.Rank != 3 || me.Points != 10 {
		t.Errorf("standing of 张三 = %+v, %v", me, err)
	}
	nobody, err := f.store.StandingOf(ctx, "锦霞社区", f.member("钱七"))
	if err != nil || nobody.Rank != 0 {
		t.Errorf("standing of a member with no points = %+v, %v", nobody, err)
	}
	hist, err := f.store.History(ctx, f.member("张三"), "锦霞社区", 10)
	if err != nil || len(hist) != 1 || hist[0].SourceKey != "msg-1" || hist[0].Amount != 10 || !hist[0].At.Equal(f.now) {
		t.Errorf("history of 张三 = %+v, %v", hist, err)
	}
	// Spend never goes below zero.
	_, err = points.Spend(ctx, f.store, points.Entry{MemberID: f.member("赵六"), Community: "锦霞社区", Amount: 6, Reason: "兑换", SourceKey: "s1", At: f.now})
	if !errors.Is(err, points.ErrInsufficient) {
		t.Errorf("spend beyond the balance: %v", err)
	}
}

// TestConcurrentRedemptionsOfTheLastItems has 50 members redeem the last 10
// items at once: exactly 10 succeed, and points and stock add up.
func TestConcurrentRedemptionsOfTheLastItems(t *testing.T) {
	f := newShop(t)
	f.say("李主任", bot.Coordinator, "添加商品 环保袋 100积分 库存10")
	const members = 50
	names := make([]string, members)
	for i := range names {
		names[i] = fmt.Sprintf("居民%02d", i)
		f.give(names[i], 150)
	}
	// Each goroutine runs its own turn: the fixture's maps are read-only from
	// here on.
	var wg sync.WaitGroup
	results := make([][]string, members)
	for i := range names {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results[i] = f.sayID(fmt.Sprintf("c%d", i), names[i], bot.Resident, "兑换 环保袋")
		}(i)
	}
	wg.Wait()
	var won, soldOut int
	codes := map[string]bool{}
	for i, r := range results {
		switch {
		case len(r) == 2 && codeRe.MatchString(r[0]):
			won++
			codes[codeRe.FindStringSubmatch(r[0])[1]] = true
			if b := f.balance(names[i]); b != 50 {
				t.Errorf("%s won but has %d points, want 50", names[i], b)
			}
		case len(r) == 1 && strings.Contains(r[0], "已经兑完了"):
			soldOut++
			if b := f.balance(names[i]); b != 150 {
				t.Errorf("%s lost but has %d points, want 150", names[i], b)
			}
		default:
			t.Errorf("%s got %q", names[i], r)
		}
	}
	if won != 10 || soldOut != 40 || len(codes) != 10 {
		t.Errorf("won %d (%d codes), sold out %d; want 10 and 40", won, len(codes), soldOut)
	}
	if s := f.stock("环保袋"); s != 0 {
		t.Errorf("stock = %d, want 0", s)
	}
	var total int64
	if err := f.db.SQL().QueryRow(`SELECT sum(amount) FROM points_ledger`).Scan(&total); err != nil {
		t.Fatal(err)
	}
	if total != members*150-10*100 {
		t.Errorf("points in the ledger = %d, want %d", total, members*150-10*100)
	}
	sorted := make([]string, 0, len(codes))
	for c := range codes {
		sorted = append(sorted, c)
	}
	sort.Strings(sorted)
	t.Logf("codes: %v", sorted)
}

// TestSeveralLinesGoInTogetherOrNotAtAll: a confirmed draft of several
// shop things or grants runs every line, and a wrong line undoes them all.
func TestSeveralLinesGoInTogetherOrNotAtAll(t *testing.T) {
	f := newShop(t)
	f.member("张三")
	f.member("李四")
	f.private = true
	got := f.say("主任", bot.Coordinator, "加积分 张三 10 帮忙\n加积分 查无此人 10 帮忙")
	if f.balance("张三") != 0 {
		t.Fatalf("a list with a wrong name added to 张三: %d points, replies %v", f.balance("张三"), got)
	}
	f.say("主任", bot.Coordinator, "加积分 张三 10 帮忙\n加积分 李四 5 帮忙")
	if f.balance("张三") != 10 || f.balance("李四") != 5 {
		t.Fatalf("a list of two: 张三 %d, 李四 %d, want 10 and 5", f.balance("张三"), f.balance("李四"))
	}
	f.say("主任", bot.Coordinator, "添加商品 牙刷 20积分 库存30\n添加商品 毛巾 四十积分")
	items, err := f.store.Items(context.Background(), "锦霞社区")
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 0 {
		t.Fatalf("a shop list with a wrong line put up %v", items)
	}
	f.say("主任", bot.Coordinator, "添加商品 牙刷 20积分 库存30\n添加商品 毛巾 40积分 库存10")
	if f.stock("牙刷") != 30 || f.stock("毛巾") != 10 {
		t.Fatalf("a shop list of two: 牙刷 %d, 毛巾 %d, want 30 and 10", f.stock("牙刷"), f.stock("毛巾"))
	}
}
