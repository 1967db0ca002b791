package bot_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"linli/bot"
)

// official is an Official Account stand-in: unpaced, and refusing (for
// now) to write to anyone in closed.
type official struct {
	mu     sync.Mutex
	sent   []bot.Address
	closed map[string]bool
}

func (o *official) Run(ctx context.Context, in chan<- bot.Message) error { <-ctx.Done(); return nil }

func (o *official) PaceExempt(bot.Address) bool { return true }

func (o *official) Send(ctx context.Context, to bot.Address, text string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed[to.PlatformID] {
		return &bot.WaitError{Reason: "window closed"}
	}
	o.sent = append(o.sent, to)
	return nil
}

// TestOutboxSendsEachMessageByItsRoad: a member who last wrote on the
// Official Account is answered there, unpaced, with their openid; a group
// and a member of the groups go by personal WeChat, paced; a refused send
// waits without counting as a failure.
func TestOutboxSendsEachMessageByItsRoad(t *testing.T) {
	ctx := context.Background()
	o, w, clock, db := newOutbox(t, bot.Pacing{PerChat: 2 * time.Second, AccountRate: 1, AccountBurst: 1})
	oa := &official{closed: map[string]bool{"oClosed": true}}
	o.Gateway = bot.Gateways{"": w, bot.OfficialAccount: oa}
	o.Recipients = db
	o.Metrics = &bot.Metrics{}
	now := clock.Now()
	member := func(chat bot.Chat, id, name string) bot.Member {
		t.Helper()
		m, _, err := db.ResolveMember(ctx, chat, bot.Sender{PlatformID: id, DisplayName: name}, now)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	follower := member(bot.Chat{Kind: bot.Private, Channel: bot.OfficialAccount, Community: "锦霞社区"}, "oOpen", "王阿姨")
	closed := member(bot.Chat{Kind: bot.Private, Channel: bot.OfficialAccount, Community: "锦霞社区"}, "oClosed", "赵大爷")
	grouped := member(bot.Chat{Kind: bot.Group, Name: "锦霞一群", Community: "锦霞社区"}, "@wx-zhang", "张三")
	if err := db.Enqueue(ctx, now,
		bot.Outgoing{To: bot.GroupAddress("锦霞一群"), Text: "群通知"},
		bot.Outgoing{To: bot.MemberAddress(follower), Text: "给王阿姨"},
		bot.Outgoing{To: bot.MemberAddress(closed), Text: "给赵大爷"},
		bot.Outgoing{To: bot.MemberAddress(grouped), Text: "给张三"},
	); err != nil {
		t.Fatal(err)
	}
	n, err := o.SendDue(ctx)
	if err != nil || n != 3 {
		t.Fatalf("SendDue = %d, %v; want 3", n, err)
	}
	if len(oa.sent) != 1 || oa.sent[0].PlatformID != "oOpen" || oa.sent[0].Channel != bot.OfficialAccount {
		t.Errorf("the Official Account got %+v; want one message to oOpen", oa.sent)
	}
	if len(w.sent) != 2 || w.sent[0].to != "锦霞一群" || w.sent[1].to != "张三" {
		t.Errorf("personal WeChat got %+v; want the group and 张三", w.sent)
	}
	if depth, _ := db.Depth(ctx); depth != 1 {
		t.Errorf("depth %d; want the refused message waiting", depth)
	}
	if f := o.Metrics.SendFailures.Load(); f != 0 {
		t.Errorf("a wait counted as %d send failures", f)
	}
	clock.Advance(23 * time.Hour)
	if n, _ := o.SendDue(ctx); n != 0 {
		t.Errorf("a waiting message was tried again within a day (%d sent)", n)
	}
}
