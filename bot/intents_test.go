package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/intent"
	"linli/storage/sqlite"
)

// said returns the texts queued in reply to the message with id.
func said(t *testing.T, r *bot.Router, id string, now time.Time) []string {
	t.Helper()
	items, err := r.Store.Pending(context.Background(), now.Add(time.Hour), 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range items {
		if it.Outgoing.Source == id {
			out = append(out, it.Outgoing.Text)
		}
	}
	return out
}

func privateMsg(id, who, text string, at time.Time) bot.Message {
	return bot.Message{ID: id, Chat: bot.Chat{Kind: bot.Private},
		Sender: bot.Sender{PlatformID: "@" + who, DisplayName: who, NickName: who}, Text: text, Time: at}
}

// TestResidentCoordinatorCommandInGroupIsAuditedNotAnswered: the group does
// not hear a resident trying 「统计」, the audit log does; in private the
// resident is told why.
func TestResidentCoordinatorCommandInGroupIsAuditedNotAnswered(t *testing.T) {
	ctx := context.Background()
	r, clock := newRouter(t)
	if err := r.Handle(ctx, groupMsg("g1", "张三", "统计", clock.Now())); err != nil {
		t.Fatal(err)
	}
	if got := said(t, r, "g1", clock.Now()); len(got) != 0 {
		t.Errorf("group heard %q, want silence", got)
	}
	log, err := r.Store.(*sqlite.DB).AuditLog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 1 || log[0].Action != "refused" || log[0].Detail != "统计" {
		t.Errorf("audit log = %+v, want one refused 统计", log)
	}
	if err := r.Handle(ctx, privateMsg("p1", "张三", "统计", clock.Now())); err != nil {
		t.Fatal(err)
	}
	if got := said(t, r, "p1", clock.Now()); len(got) != 1 || !strings.Contains(got[0], "只有社区管理员可以使用") {
		t.Errorf("private reply = %q, want the refusal", got)
	}
}

// TestMenuDigitRunsTheItemForAFewMinutes: the digit after a menu runs its
// item; after five minutes it is just a digit again.
func TestMenuDigitRunsTheItemForAFewMinutes(t *testing.T) {
	r, clock := newRouter(t)
	r.AddCommand(bot.Command{Keywords: []string{"我的积分"}, Handle: func(ctx context.Context, t *bot.Turn) error {
		t.Reply("积分：10")
		return nil
	}, Intent: intent.Decl{Name: "points", Label: "查积分", Shape: intent.NoArgs, Menu: 2}})
	addList(r)
	say := privateSayer(t, r, clock)
	if got := say("m1", "你好"); len(got) != 1 || !strings.Contains(got[0], "1 打卡列表\n2 查积分") {
		t.Fatalf("greeting got %q, want the numbered menu", got)
	}
	if got := say("m2", "2"); len(got) != 1 || got[0] != "积分：10" {
		t.Errorf("digit got %q, want the points", got)
	}
	say("m3", "菜单")
	clock.Advance(6 * time.Minute)
	if got := say("m4", "2"); len(got) != 1 || got[0] == "积分：10" {
		t.Errorf("stale digit got %q, want the menu again", got)
	}
}

// addList registers a second menu item, 打卡列表, that replies 「列表」.
func addList(r *bot.Router) {
	r.AddCommand(bot.Command{Keywords: []string{"打卡列表"}, Handle: func(ctx context.Context, t *bot.Turn) error {
		t.Reply("列表")
		return nil
	}, Intent: intent.Decl{Name: "list", Label: "打卡列表", Shape: intent.NoArgs, Menu: 1}})
}

// privateSayer returns a function that has 王奶奶 send text privately as
// message id and returns what the bot said to it.
func privateSayer(t *testing.T, r *bot.Router, clock interface{ Now() time.Time }) func(id, text string) []string {
	return func(id, text string) []string {
		t.Helper()
		if err := r.Handle(context.Background(), privateMsg(id, "王奶奶", text, clock.Now())); err != nil {
			t.Fatal(err)
		}
		return said(t, r, id, clock.Now())
	}
}

// TestThanksIsAnsweredInPrivateOnly: acknowledgements get a friendly word
// in private and nothing in a group.
func TestThanksIsAnsweredInPrivateOnly(t *testing.T) {
	ctx := context.Background()
	r, clock := newRouter(t)
	if err := r.Handle(ctx, privateMsg("p1", "王奶奶", "好的谢谢🙏", clock.Now())); err != nil {
		t.Fatal(err)
	}
	if got := said(t, r, "p1", clock.Now()); len(got) != 1 || strings.Contains(got[0], "没听懂") {
		t.Errorf("private thanks got %q, want one friendly reply", got)
	}
	if err := r.Handle(ctx, groupMsg("g1", "王奶奶", "谢谢", clock.Now())); err != nil {
		t.Fatal(err)
	}
	if got := said(t, r, "g1", clock.Now()); len(got) != 0 {
		t.Errorf("group thanks got %q, want silence", got)
	}
}

// TestYesTakesTheOnlyReading: asked back with one reading, a resident's
// 「是的」, 「好的。」 or 👍 takes it as the digit would; after a menu of
// several, a yes picks nothing.
func TestYesTakesTheOnlyReading(t *testing.T) {
	r, clock := newRouter(t)
	r.AddCommand(bot.Command{Keywords: []string{"我的积分"}, Handle: func(ctx context.Context, t *bot.Turn) error {
		t.Reply("积分：10")
		return nil
	}, Intent: intent.Decl{Name: "points", Label: "查积分", Shape: intent.NoArgs, Asks: true, Menu: 2,
		// Half sure: offered back, never acted on at once.
		Score: func(folded string) float64 {
			if strings.Contains(folded, "分数") {
				return intent.Maybe + 0.05
			}
			return 0
		}}})
	addList(r)
	say := privateSayer(t, r, clock)
	for i, yes := range []string{"是的", "好的。", "👍", "对"} {
		id := string(rune('a' + i))
		if got := say(id+"1", "我的分数"); len(got) != 1 || !strings.Contains(got[0], "您是说「查积分」吗") {
			t.Fatalf("half-sure reading got %q, want a yes-or-no question", got)
		}
		if got := say(id+"2", yes); len(got) != 1 || got[0] != "积分：10" {
			t.Errorf("%q after the question got %q, want the points", yes, got)
		}
	}
	say("m1", "你好")
	if got := say("m2", "是"); len(got) == 1 && (got[0] == "积分：10" || got[0] == "列表") {
		t.Errorf("a yes after a menu of two got %q, want neither item", got)
	}
}
