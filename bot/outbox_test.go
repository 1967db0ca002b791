package bot_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"linli/bot"
	"linli/storage/inproc"
	"linli/storage/sqlite"
)

// wire is a gateway that records what reaches it and fails on demand.
type wire struct {
	mu    sync.Mutex
	clock bot.Clock
	sent  []sentMsg
	down  map[string]bool // chat key → failing
}

type sentMsg struct {
	at   time.Time
	to   string
	text string
}

func addr(a bot.Address) string {
	if a.Kind == bot.ToGroup {
		return a.Group
	}
	return a.MemberName
}

func (w *wire) Run(ctx context.Context, in chan<- bot.Message) error { <-ctx.Done(); return nil }

func (w *wire) Send(ctx context.Context, to bot.Address, text string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.down[addr(to)] {
		return errors.New("network unreachable")
	}
	w.sent = append(w.sent, sentMsg{w.clock.Now(), addr(to), text})
	return nil
}

func openStore(t testing.TB) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// newOutbox returns an outbox over a fresh store whose waits move a
// simulated clock instead of sleeping.
func newOutbox(t testing.TB, p bot.Pacing) (*bot.Outbox, *wire, *bot.SimClock, *sqlite.DB) {
	db := openStore(t)
	clock := bot.NewSimClock(time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC))
	w := &wire{clock: clock, down: map[string]bool{}}
	o := &bot.Outbox{Store: db, Gateway: w, Clock: clock, Pacing: p, Limiter: inproc.NewRateLimiter(clock), Key: "bot",
		Sleep: func(ctx context.Context, d time.Duration) error { clock.Advance(d); return nil }}
	return o, w, clock, db
}

func TestOutboxPacesPerChatAndAccount(t *testing.T) {
	ctx := context.Background()
	p := bot.Pacing{PerChat: 2 * time.Second, AccountRate: 1, AccountBurst: 1}
	o, w, _, db := newOutbox(t, p)
	var msgs []bot.Outgoing
	for i := range 30 {
		msgs = append(msgs, bot.Outgoing{To: bot.GroupAddress(fmt.Sprintf("群%d", i%3)), Text: fmt.Sprintf("通知%d", i)})
	}
	if err := db.Enqueue(ctx, time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC), msgs...); err != nil {
		t.Fatal(err)
	}
	n, err := o.SendDue(ctx)
	if err != nil || n != 30 {
		t.Fatalf("SendDue = %d, %v; want 30 sent", n, err)
	}
	last := map[string]time.Time{}
	for i, s := range w.sent {
		if prev, ok := last[s.to]; ok && s.at.Sub(prev) < p.PerChat {
			t.Errorf("%s got two messages %v apart, want at least %v", s.to, s.at.Sub(prev), p.PerChat)
		}
		last[s.to] = s.at
		if i > 0 && s.at.Sub(w.sent[i-1].at) < time.Second-time.Millisecond {
			t.Errorf("account sent two messages %v apart, want at least 1s at 1/s", s.at.Sub(w.sent[i-1].at))
		}
	}
	// Order holds within each chat.
	seen := map[string]int{}
	for _, s := range w.sent {
		var i int
		fmt.Sscanf(s.text, "通知%d", &i)
		if prev, ok := seen[s.to]; ok && i < prev {
			t.Errorf("%s: %s after 通知%d", s.to, s.text, prev)
		}
		seen[s.to] = i
	}
}

func TestOutboxRetriesUntilDeliveredInOrder(t *testing.T) {
	ctx := context.Background()
	o, w, clock, db := newOutbox(t, bot.Pacing{RetryBase: time.Second, RetryMax: time.Minute})
	now := clock.Now()
	if err := db.Enqueue(ctx, now,
		bot.Outgoing{To: bot.GroupAddress("一群"), Text: "第一条"},
		bot.Outgoing{To: bot.GroupAddress("二群"), Text: "别的群"},
		bot.Outgoing{To: bot.GroupAddress("一群"), Text: "第二条"}); err != nil {
		t.Fatal(err)
	}
	w.down["一群"] = true
	if n, err := o.SendDue(ctx); err != nil || n != 1 {
		t.Fatalf("with 一群 down: sent %d, %v; want only 二群's message", n, err)
	}
	if depth, _ := db.Depth(ctx); depth != 2 {
		t.Fatalf("outbox depth %d, want 2 kept for retry", depth)
	}
	// Not yet due again: nothing is sent and nothing overtakes.
	w.down["一群"] = false
	if n, _ := o.SendDue(ctx); n != 0 {
		t.Fatalf("sent %d before the retry was due", n)
	}
	clock.Advance(2 * time.Second)
	if n, err := o.SendDue(ctx); err != nil || n != 2 {
		t.Fatalf("after backoff: sent %d, %v; want 2", n, err)
	}
	var got []string
	for _, s := range w.sent {
		got = append(got, s.text)
	}
	if fmt.Sprint(got) != "[别的群 第一条 第二条]" {
		t.Errorf("delivery order %v, want [别的群 第一条 第二条]", got)
	}
	if depth, _ := db.Depth(ctx); depth != 0 {
		t.Errorf("outbox depth %d after delivery, want 0", depth)
	}
}

func TestOutboxSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "restart.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	clock := bot.NewSimClock(time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC))
	w := &wire{clock: clock, down: map[string]bool{"二群": true}}
	o := &bot.Outbox{Store: db, Gateway: w, Clock: clock}
	if err := db.Enqueue(ctx, clock.Now(),
		bot.Outgoing{To: bot.GroupAddress("一群"), Text: "重启前已发出"},
		bot.Outgoing{To: bot.GroupAddress("二群"), Text: "重启前没发出"}); err != nil {
		t.Fatal(err)
	}
	if n, err := o.SendDue(ctx); err != nil || n != 1 {
		t.Fatalf("first process sent %d, %v; want 1 (二群 is unreachable)", n, err)
	}
	// The process stops; the network comes back; a new process opens the
	// same file.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db2, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	w.down = nil
	clock.Advance(time.Hour) // past any retry backoff
	o2 := &bot.Outbox{Store: db2, Gateway: w, Clock: clock}
	if n, err := o2.SendDue(ctx); err != nil || n != 1 {
		t.Fatalf("restarted process sent %d, %v; want the one left over", n, err)
	}
	if n, _ := o2.SendDue(ctx); n != 0 {
		t.Errorf("sent %d again", n)
	}
	var texts []string
	for _, m := range w.sent {
		texts = append(texts, m.to+":"+m.text)
	}
	if len(texts) != 2 || texts[0] != "一群:重启前已发出" || texts[1] != "二群:重启前没发出" {
		t.Errorf("delivered %q; want each message exactly once", texts)
	}
}

func BenchmarkOutboxSend(b *testing.B) {
	ctx := context.Background()
	o, _, clock, db := newOutbox(b, bot.Pacing{})
	msgs := make([]bot.Outgoing, 100)
	for i := range msgs {
		msgs[i] = bot.Outgoing{To: bot.GroupAddress(fmt.Sprintf("群%d", i%5)), Text: "本群今日已打卡 23/87人"}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i += len(msgs) {
		if err := db.Enqueue(ctx, clock.Now(), msgs...); err != nil {
			b.Fatal(err)
		}
		if _, err := o.SendDue(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// addressBook is a gateway that records the addresses it is handed.
type addressBook struct{ got []bot.Address }

func (a *addressBook) Run(ctx context.Context, in chan<- bot.Message) error { <-ctx.Done(); return nil }
func (a *addressBook) Send(ctx context.Context, to bot.Address, text string) error {
	a.got = append(a.got, to)
	return nil
}

type platformIDs map[int64]string

func (p platformIDs) PlatformID(_ context.Context, id int64) (string, error) {
	if v, ok := p[id]; ok {
		return v, nil
	}
	return "", errors.New("never linked")
}

func TestOutboxHandsTheGatewayTheMembersCurrentID(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	clock := bot.NewSimClock(time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC))
	gw := &addressBook{}
	o := &bot.Outbox{Store: db, Gateway: gw, Clock: clock, Recipients: platformIDs{7: "@after-relogin"}}
	if err := db.Enqueue(ctx, clock.Now(),
		bot.Outgoing{To: bot.Address{Kind: bot.ToMember, MemberID: 7, MemberName: "王阿姨"}, Text: "任务 #3 已派给您"},
		bot.Outgoing{To: bot.Address{Kind: bot.ToMember, MemberID: 9, MemberName: "赵大爷"}, Text: "您好"},
		bot.Outgoing{To: bot.GroupAddress("一群"), Text: "通知"}); err != nil {
		t.Fatal(err)
	}
	if _, err := o.SendDue(ctx); err != nil {
		t.Fatal(err)
	}
	if len(gw.got) != 3 || gw.got[0].PlatformID != "@after-relogin" || gw.got[1].PlatformID != "" || gw.got[2].PlatformID != "" {
		t.Errorf("addresses %+v; want the linked id for 王阿姨 only (赵大爷 is found by name)", gw.got)
	}
}
