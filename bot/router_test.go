package bot_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/intent"
	"linli/storage/inproc"
	"linli/storage/sqlite"
)

// newRouter wires a router over a fresh store with one group, one resident
// command that writes nothing but a reply, and one coordinator command.
func newRouter(t testing.TB) (*bot.Router, *bot.SimClock) {
	db := openStore(t)
	clock := bot.NewSimClock(time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC))
	dir := bot.NewDirectory(time.UTC)
	dir.AddGroup("锦霞一群", "锦霞社区")
	r := &bot.Router{Store: db, Directory: dir, Clock: clock, BotName: "社区小助手"}
	r.AddCommand(bot.Command{Keywords: []string{"打卡", "签到"}, Help: "打卡", Handle: func(ctx context.Context, t *bot.Turn) error {
		t.Reply(t.Member.Name + " 打卡成功")
		return nil
	}})
	r.AddCommand(bot.Command{Keywords: []string{"统计"}, Role: bot.Coordinator, Help: "统计", Handle: func(ctx context.Context, t *bot.Turn) error {
		t.Reply("ok")
		return nil
	}})
	return r, clock
}

func groupMsg(id, who, text string, at time.Time) bot.Message {
	return bot.Message{ID: id, Chat: bot.Chat{Kind: bot.Group, Name: "锦霞一群"},
		Sender: bot.Sender{PlatformID: "@" + who, DisplayName: who, NickName: who}, Text: text, Time: at}
}

func TestRouterRollsBackAUserErrorButStillAnswersOnce(t *testing.T) {
	ctx := context.Background()
	r, clock := newRouter(t)
	calls := 0
	r.AddCommand(bot.Command{Keywords: []string{"兑换"}, Handle: func(ctx context.Context, t *bot.Turn) error {
		calls++
		t.Reply("这句不该发出")
		return bot.Userf("库存不足，换一个试试。")
	}})
	msg := groupMsg("m1", "张三", "兑换 环保袋", clock.Now())
	for range 2 {
		if err := r.Handle(ctx, msg); err != nil {
			t.Fatal(err)
		}
	}
	items, err := r.Store.Pending(ctx, clock.Now(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if calls != 1 || len(items) != 1 || items[0].Outgoing.Text != "库存不足，换一个试试。" {
		var texts []string
		for _, it := range items {
			texts = append(texts, it.Outgoing.Text)
		}
		t.Errorf("handler ran %d times and queued %q; want once, only the user error", calls, texts)
	}
}

func BenchmarkRouterCommand(b *testing.B) {
	ctx := context.Background()
	r, clock := newRouter(b)
	b.ResetTimer()
	for i := range b.N {
		msg := groupMsg(fmt.Sprintf("b%d", i), fmt.Sprintf("居民%d", i%500), "打卡", clock.Now())
		if err := r.Handle(ctx, msg); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRouterChatter(b *testing.B) {
	ctx := context.Background()
	r, clock := newRouter(b)
	b.ResetTimer()
	for i := range b.N {
		msg := groupMsg(fmt.Sprintf("c%d", i), fmt.Sprintf("居民%d", i%500), "今天菜市场鸡蛋便宜", clock.Now())
		if err := r.Handle(ctx, msg); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNormalize(b *testing.B) {
	for range b.N {
		bot.Normalize("@社区小助手\u2005我家老人腿脚不便，明天上午想找人帮忙去医院拿药，电话１３８００１３８０００")
	}
}

// flakyStore fails every Enqueue while broken is set, as a full disk would.
type flakyStore struct {
	*sqlite.DB
	broken bool
}

func (s *flakyStore) Enqueue(ctx context.Context, at time.Time, msgs ...bot.Outgoing) error {
	if s.broken {
		return errors.New("disk full")
	}
	return s.DB.Enqueue(ctx, at, msgs...)
}

func TestFailedBatchIsHandledOnRedelivery(t *testing.T) {
	ctx := context.Background()
	r, clock := newRouter(t)
	store := &flakyStore{DB: r.Store.(*sqlite.DB), broken: true}
	r.Store = store
	r.Claims = inproc.NewLocker(clock)
	msg := groupMsg("m1", "张三", "打卡", clock.Now())
	if err := r.Handle(ctx, msg); err == nil {
		t.Fatal("a batch whose store fails reported success")
	}
	store.broken = false
	if err := r.Handle(ctx, msg); err != nil {
		t.Fatal(err)
	}
	if got := pendingTexts(t, store.DB, clock.Now()); !slices.Equal(got, []string{"张三 打卡成功"}) {
		t.Errorf("after the redelivery the outbox holds %q; want the check-in's reply once", got)
	}
	if err := r.Handle(ctx, msg); err != nil {
		t.Fatal(err)
	}
	if n, _ := store.Depth(ctx); n != 1 {
		t.Errorf("a third delivery changed the outbox: depth %d", n)
	}
}

// pendingTexts is what the outbox of db holds for delivery, in order.
func pendingTexts(t *testing.T, db *sqlite.DB, now time.Time) []string {
	t.Helper()
	items, err := db.Pending(context.Background(), now, 50)
	if err != nil {
		t.Fatal(err)
	}
	texts := make([]string, len(items))
	for i, it := range items {
		texts[i] = it.Outgoing.Text
	}
	return texts
}

// conflictingStore loses its next transactions to a concurrent one, as a
// store shared by several processes does.
type conflictingStore struct {
	*sqlite.DB
	conflicts int
	// aheads records the ids of every batch whose senders were read ahead.
	aheads [][]string
}

// InTx runs fn again after a conflict, as often as bot.TryAtMost allows,
// as the PostgreSQL store does.
func (s *conflictingStore) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	for attempt := 1; ; attempt++ {
		err := s.DB.InTx(ctx, fn)
		if err == nil || !errors.Is(err, bot.ErrConflict) || attempt >= bot.Attempts(ctx) {
			return err
		}
	}
}

func (s *conflictingStore) ReadAhead(ctx context.Context, msgs []bot.Message) error {
	var ids []string
	for _, m := range msgs {
		ids = append(ids, m.ID)
	}
	s.aheads = append(s.aheads, ids)
	return s.DB.ReadAhead(ctx, msgs)
}

func (s *conflictingStore) Enqueue(ctx context.Context, at time.Time, msgs ...bot.Outgoing) error {
	if s.conflicts > 0 {
		s.conflicts--
		return fmt.Errorf("%w: could not serialize access", bot.ErrConflict)
	}
	return s.DB.Enqueue(ctx, at, msgs...)
}

// TestAConflictIsNotTheMessagesFailure: a transaction lost to a concurrent
// one is the store's to run again. The resident gets no apology, nothing
// is logged as a failed message, and the batch's error says it was a
// conflict; delivered again, the message is handled as usual.
func TestAConflictIsNotTheMessagesFailure(t *testing.T) {
	ctx := context.Background()
	r, clock := newRouter(t)
	store := &conflictingStore{DB: r.Store.(*sqlite.DB), conflicts: 1}
	r.Store = store
	var logged strings.Builder
	r.Log = slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelError}))
	msg := groupMsg("m1", "张三", "打卡", clock.Now())
	if err := r.Handle(ctx, msg); !errors.Is(err, bot.ErrConflict) {
		t.Fatalf("a conflicted batch returned %v; want the conflict", err)
	}
	if logged.Len() > 0 {
		t.Errorf("a conflict was logged as a failure: %s", logged.String())
	}
	if err := r.Handle(ctx, msg); err != nil {
		t.Fatal(err)
	}
	if got := pendingTexts(t, store.DB, clock.Now()); !slices.Equal(got, []string{"张三 打卡成功"}) {
		t.Errorf("the outbox holds %q; want the check-in's reply once and no apology", got)
	}
}

// TestABatchThatKeepsConflictingGoesThroughInParts: a batch that loses to
// concurrent transactions again and again is handled in smaller parts, and
// every message of it is answered exactly once.
func TestABatchThatKeepsConflictingGoesThroughInParts(t *testing.T) {
	ctx := context.Background()
	r, clock := newRouter(t)
	store := &conflictingStore{DB: r.Store.(*sqlite.DB), conflicts: 2}
	r.Store = store
	var batch []bot.Message
	for _, who := range []string{"张三", "李四", "王五", "赵六", "钱七"} {
		batch = append(batch, groupMsg("m-"+who, who, "打卡", clock.Now()))
	}
	if err := r.HandleBatch(ctx, batch); err != nil {
		t.Fatalf("a batch that kept conflicting failed: %v", err)
	}
	got := pendingTexts(t, store.DB, clock.Now())
	want := []string{"张三 打卡成功", "李四 打卡成功", "王五 打卡成功", "赵六 打卡成功", "钱七 打卡成功"}
	if !slices.Equal(got, want) {
		t.Errorf("the outbox holds %q; want each check-in answered once, in order", got)
	}
	// The senders are read ahead on a batch's first run only: the whole
	// batch once, not again when it ran a second time, then each half.
	wantAheads := [][]string{{"m-张三", "m-李四", "m-王五", "m-赵六", "m-钱七"}, {"m-张三", "m-李四"}, {"m-王五", "m-赵六", "m-钱七"}}
	if !slices.EqualFunc(store.aheads, wantAheads, slices.Equal) {
		t.Errorf("senders read ahead for %q; want %q", store.aheads, wantAheads)
	}
}

func TestAPanickingHandlerGetsAnApologyAndTheBatchGoesOn(t *testing.T) {
	ctx := context.Background()
	r, clock := newRouter(t)
	r.AddCommand(bot.Command{Keywords: []string{"兑换"}, Handle: func(ctx context.Context, t *bot.Turn) error {
		t.Reply("这句不该发出")
		var m map[string]int
		m["x"]++ // a bug: writing to a nil map panics
		return nil
	}})
	err := r.HandleBatch(ctx, []bot.Message{
		groupMsg("p1", "张三", "兑换 环保袋", clock.Now()),
		groupMsg("p2", "李四", "打卡", clock.Now()),
	})
	if err != nil {
		t.Fatalf("a panicking handler failed the batch: %v", err)
	}
	items, err := r.Store.Pending(ctx, clock.Now(), 10)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, it := range items {
		texts = append(texts, it.Outgoing.Text)
	}
	if len(texts) != 2 || texts[0] != "抱歉，系统出了点问题，请稍后再试。" || texts[1] != "李四 打卡成功" {
		t.Errorf("replies %q; want the apology for the panic, then the next message handled", texts)
	}
}

func TestHandlersKnowTheCommunityTheyWorkFor(t *testing.T) {
	ctx := context.Background()
	r, clock := newRouter(t)
	r.AddCommand(bot.Command{Keywords: []string{"哪个社区"}, Handle: func(ctx context.Context, t *bot.Turn) error {
		t.Reply("社区：" + bot.CommunityOf(ctx))
		return nil
	}})
	if err := r.Handle(ctx, groupMsg("c1", "张三", "哪个社区", clock.Now())); err != nil {
		t.Fatal(err)
	}
	items, err := r.Store.Pending(ctx, clock.Now(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].Outgoing.Text != "社区：锦霞社区" {
		t.Errorf("replies %+v; the handler's context should carry 锦霞社区 (the model's budget is charged by it)", items)
	}
}

// TestAConsoleActionRunAgainAnswersOnce: an action from the console whose
// transaction is lost to a concurrent one and runs again shows its answer
// once, not once a run.
func TestAConsoleActionRunAgainAnswersOnce(t *testing.T) {
	r, _ := newRouter(t)
	store := &conflictingStore{DB: r.Store.(*sqlite.DB), conflicts: 1}
	r.Store = store
	replies, err := r.Act(bot.TryAtMost(context.Background(), 3), bot.Member{Name: "运营"}, "锦霞社区", "打卡", "act-1")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"运营 打卡成功"}; !slices.Equal(replies, want) {
		t.Errorf("the console shows %q; want %q", replies, want)
	}
}

// TestADigitAnsweredInABatchRunAgainStillPicks: a resident answering a
// menu with its number, in a transaction lost to a concurrent one, gets
// what they picked when the message runs again, not silence; and the
// options, once picked from, are spent.
func TestADigitAnsweredInABatchRunAgainStillPicks(t *testing.T) {
	ctx := context.Background()
	r, clock := newRouter(t)
	r.AddCommand(bot.Command{Keywords: []string{"积分"}, Help: "查积分", Handle: func(ctx context.Context, t *bot.Turn) error {
		t.Reply(t.Member.Name + " 有 10 分")
		return nil
	}, Intent: intent.Decl{Name: "points", Label: "查积分", Shape: intent.NoArgs, Menu: 1}})
	store := &conflictingStore{DB: r.Store.(*sqlite.DB)}
	r.Store = store
	menu := groupMsg("m1", "张三", "", clock.Now())
	menu.MentionsBot = true
	if err := r.Handle(ctx, menu); err != nil {
		t.Fatal(err)
	}
	before := pendingTexts(t, store.DB, clock.Now())
	store.conflicts = 1
	pick := groupMsg("m2", "张三", "1", clock.Now())
	if err := r.Handle(ctx, pick); !errors.Is(err, bot.ErrConflict) {
		t.Fatalf("the conflicted pick returned %v; want the conflict", err)
	}
	if err := r.Handle(ctx, pick); err != nil {
		t.Fatal(err)
	}
	got := pendingTexts(t, store.DB, clock.Now())[len(before):]
	if !slices.Equal(got, []string{"张三 有 10 分"}) {
		t.Errorf("after the menu %q, the pick run again answered %q; want the first option's answer", before, got)
	}
	// The options are spent: the same digit again is only a number.
	if err := r.Handle(ctx, groupMsg("m3", "张三", "1", clock.Now())); err != nil {
		t.Fatal(err)
	}
	if again := pendingTexts(t, store.DB, clock.Now())[len(before):]; len(again) != len(got) {
		t.Errorf("a second 1 after the pick answered %q", again[len(got):])
	}
}
