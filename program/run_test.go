package program

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/wechat"
	"linli/bot/wechat/wechattest"
	"linli/storage/sqlite"
)

// These tests run `linli run` end to end: the real router, store and outbox
// around the real openwechat client, talking to a local web-WeChat server.

// fakeWeChat is the community as WeChat sees it: the bot, residents 老张
// and 王阿姨, coordinator 李主任, two groups.
func fakeWeChat(t *testing.T) *wechattest.Server {
	t.Helper()
	srv := wechattest.New(wechattest.Options{})
	t.Cleanup(srv.Close)
	srv.AddContact(wechattest.Contact{Key: "zhang", NickName: "老张", Friend: true, AvatarSeq: 1})
	srv.AddContact(wechattest.Contact{Key: "wang", NickName: "王阿姨", Friend: true, AvatarSeq: 2})
	srv.AddContact(wechattest.Contact{Key: "li", NickName: "李主任", Friend: true, AvatarSeq: 3})
	srv.AddGroup(wechattest.Group{Name: "锦霞一群", Saved: true, Members: map[string]string{"zhang": "3号楼张三", "wang": "", "li": "李主任"}})
	srv.AddGroup(wechattest.Group{Name: "锦霞二群", Members: map[string]string{"wang": "王阿姨"}})
	srv.AutoConfirm(true)
	return srv
}

type testRun struct {
	*Running
	cancel context.CancelFunc
	logs   *wechattest.LogBuffer
	once   sync.Once
}

func testRunConfig(dir string, groups ...string) Config {
	cfg := DefaultConfig()
	cfg.DataDir = dir
	cfg.HTTPAddr = "127.0.0.1:0"
	cfg.Communities = []CommunityConfig{{Name: "锦霞社区", Groups: append([]string{"锦霞一群", "锦霞二群"}, groups...)}}
	cfg.Pacing = bot.Pacing{PerChat: 2 * time.Millisecond, AccountRate: 1000, AccountBurst: 20,
		RetryBase: 10 * time.Millisecond, RetryMax: 50 * time.Millisecond}
	return cfg
}

// whoAmI is a test-only command that answers with the member's own id, so
// the wire shows which member linli thinks is speaking.
func whoAmI(a *Program) {
	a.Router.AddCommand(bot.Command{Keywords: []string{"测试身份"}, Handle: func(_ context.Context, t *bot.Turn) error {
		t.Reply(fmt.Sprintf("成员#%d", t.Member.ID))
		return nil
	}})
}

func startTestRun(t *testing.T, srv *wechattest.Server, cfg Config) *testRun {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs := &wechattest.LogBuffer{}
	r, err := Start(ctx, cfg, RunOptions{
		Log:       slog.New(slog.NewTextHandler(logs, nil)),
		Transport: srv.Transport(),
		Gateway: func(c *wechat.Config) {
			c.Backoff = wechat.Backoff{Initial: 5 * time.Millisecond, Max: 20 * time.Millisecond, Factor: 2}
			c.RefreshEvery = -1
		},
		Wire: whoAmI,
	})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	tr := &testRun{Running: r, cancel: cancel, logs: logs}
	t.Cleanup(func() { tr.stop(t) })
	return tr
}

// stop is Ctrl-C: the run must drain and return nil.
func (r *testRun) stop(t *testing.T) {
	t.Helper()
	r.once.Do(func() {
		r.cancel()
		done := make(chan error, 1)
		go func() { done <- r.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run ended with %v, want a clean drain", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("run did not drain within 15s")
		}
	})
}

func deadline(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// wire waits for n messages at webwxsendmsg.
func wire(t *testing.T, srv *wechattest.Server, n int) []wechattest.Sent {
	t.Helper()
	sent, err := srv.WaitSent(deadline(t), n)
	if err != nil {
		t.Fatalf("%v; sent so far: %+v", err, sent)
	}
	return sent
}

func TestRunHelpInGroupIsAnsweredInThatGroup(t *testing.T) {
	srv := fakeWeChat(t)
	r := startTestRun(t, srv, testRunConfig(t.TempDir()))
	if err := srv.WaitOnline(deadline(t)); err != nil {
		t.Fatal(err)
	}
	srv.GroupSays("锦霞二群", "wang", "帮助")
	srv.GroupSays("锦霞一群", "zhang", "测试身份")
	// The outbox records a delivery just after the wire sees it; once the
	// second reply is on the wire, the first is recorded.
	sent := wire(t, srv, 2)
	if sent[0].To != "锦霞二群" || sent[0].ToUserName != srv.GroupUserName("锦霞二群") || !strings.Contains(sent[0].Text, "我能帮您") {
		t.Errorf("reply = %+v, want the help text in 锦霞二群", sent[0])
	}

	res, err := http.Get("http://" + r.Addr() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	var h health
	json.NewDecoder(res.Body).Decode(&h)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || h.Gateway != "online" || h.MessagesIn != 2 || h.LastMessage.IsZero() {
		t.Errorf("/healthz = %d %+v", res.StatusCode, h)
	}
	res, err = http.Get("http://" + r.Addr() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{"linli_messages_in_total 2\n", "linli_gateway_up 1\n", "linli_outbox_depth ",
		"linli_handler_seconds_count 2\n", "linli_llm_retries_total 0\n", `linli_gateway_state{state="online"} 1`, "linli_wechat_received_total 2\n"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q:\n%s", want, body)
		}
	}
	if !strings.Contains(string(body), "linli_messages_out_total 1\n") && !strings.Contains(string(body), "linli_messages_out_total 2\n") {
		t.Errorf("/metrics does not count the replies sent:\n%s", body)
	}
}

func TestRunRestartUsesSessionAndNeverReplaysHistory(t *testing.T) {
	srv := fakeWeChat(t)
	dir := t.TempDir()
	first := startTestRun(t, srv, testRunConfig(dir))
	if err := srv.WaitOnline(deadline(t)); err != nil {
		t.Fatal(err)
	}
	srv.GroupSays("锦霞一群", "zhang", "测试身份")
	wire(t, srv, 1)
	first.stop(t)

	// While linli is down: an old message WeChat still holds back.
	srv.Say(wechattest.Message{Group: "锦霞一群", From: "wang", Text: "测试身份", Time: time.Now().Add(-3 * time.Hour)})
	second := startTestRun(t, srv, testRunConfig(dir))
	if err := srv.WaitOnline(deadline(t)); err != nil {
		t.Fatal(err)
	}
	if n := srv.ReplayHistory(); n < 1 {
		t.Fatalf("replayed %d messages, want the earlier ones", n)
	}
	srv.GroupSays("锦霞一群", "li", "测试身份")
	sent := wire(t, srv, 2)
	// The fresh message is answered; its reply comes after everything
	// replayed before it was handled, so nothing else can still be coming.
	if len(sent) != 2 || srv.QRCount() != 1 {
		t.Errorf("wire = %+v with %d QR codes; want 2 replies and a hot login", sent, srv.QRCount())
	}
	st := second.Gateway.Stats()
	if st.HistoryDropped < 1 || st.HotLogins != 1 {
		t.Errorf("gateway stats = %+v, want the old message dropped and a hot login", st)
	}
	if d := second.Program.Metrics.Duplicates.Load(); d < 1 {
		t.Errorf("%d duplicates counted, want the replayed recent message recognised", d)
	}
}

func TestRunForcedLogoutLosesNothing(t *testing.T) {
	srv := fakeWeChat(t)
	r := startTestRun(t, srv, testRunConfig(t.TempDir()))
	ctx := deadline(t)
	if err := srv.WaitOnline(ctx); err != nil {
		t.Fatal(err)
	}
	srv.GroupSays("锦霞一群", "li", "测试身份")
	srv.GroupSays("锦霞一群", "zhang", "测试身份")
	before := wire(t, srv, 2)
	li, err := r.Program.Store.MemberByName(ctx, "锦霞社区", "李主任")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Program.Store.SetRole(ctx, li.ID, "锦霞社区", bot.Coordinator, time.Now()); err != nil {
		t.Fatal(err)
	}
	oldZhang := srv.UserName("zhang")

	srv.Logout(1101)
	// While the bot is logged out: a resident writes, and a reminder is due.
	srv.GroupSays("锦霞一群", "zhang", "测试身份")
	if err := r.Program.Store.Enqueue(ctx, time.Now(), bot.Outgoing{To: bot.GroupAddress("锦霞二群"), Text: "今晚八点垃圾分类讲座", Source: "job:test"}); err != nil {
		t.Fatal(err)
	}
	r.Program.Outbox.Notify()
	if err := srv.WaitCalls(ctx, "webwxnewloginpage", 2); err != nil {
		t.Fatal(err)
	}
	if err := srv.WaitOnline(ctx); err != nil {
		t.Fatal(err)
	}
	srv.ReplayHistory() // WeChat shows the new login the recent history
	sent := wire(t, srv, 5)
	if srv.UserName("zhang") == oldZhang {
		t.Fatal("the re-login kept UserNames; the test needs them changed")
	}

	got := map[string][]wechattest.Sent{}
	for _, s := range sent[2:] {
		got[s.Text] = append(got[s.Text], s)
	}
	zhangReply := before[1].Text
	checks := []struct {
		text, to string
	}{
		{zhangReply, "锦霞一群"},                   // same member after the UserName changed
		{"今晚八点垃圾分类讲座", "锦霞二群"},                 // held while down, sent once back
		{"已重新上线，离线不到 1 分钟。离线期间的消息正在补发。", "li"}, // coordinator told privately
	}
	for _, c := range checks {
		if len(got[c.text]) != 1 || got[c.text][0].To != c.to {
			t.Errorf("%q at the wire: %+v, want once to %s", c.text, got[c.text], c.to)
		}
	}
	if len(sent) != 5 {
		t.Errorf("wire has %d messages, want 5: %+v", len(sent), sent)
	}
	if st := r.Gateway.Stats(); st.Reconnects != 1 || srv.Sessions() != 2 {
		t.Errorf("stats %+v, %d sessions; want one reconnect by QR", st, srv.Sessions())
	}
	// A last message proves the replayed history is behind us.
	srv.GroupSays("锦霞一群", "wang", "测试身份")
	if all := wire(t, srv, 6); len(all) != 6 || all[5].To != "锦霞一群" {
		t.Errorf("after replay: %+v", all[5:])
	}
}

func TestRunFailedSendsAreRetriedOnce(t *testing.T) {
	srv := fakeWeChat(t)
	startTestRun(t, srv, testRunConfig(t.TempDir()))
	if err := srv.WaitOnline(deadline(t)); err != nil {
		t.Fatal(err)
	}
	srv.FailSends(2, 1205)
	srv.SlowSends(20 * time.Millisecond)
	srv.GroupSays("锦霞一群", "zhang", "帮助")
	srv.GroupSays("锦霞一群", "wang", "测试身份")
	sent := wire(t, srv, 2)
	if !strings.Contains(sent[0].Text, "我能帮您") || !strings.HasPrefix(sent[1].Text, "成员#") {
		t.Errorf("wire = %+v, want help then the id reply, each once, in order", sent)
	}
}

// TestRunPacingHoldsAtTheWire broadcasts 200 messages to four groups and
// checks the times WeChat received them: never two to one group closer than
// the per-chat interval, never more in any stretch than the account rate
// allows.
func TestRunPacingHoldsAtTheWire(t *testing.T) {
	const (
		perChat = 30 * time.Millisecond
		rate    = 100.0 // messages a second
		burst   = 2
		total   = 200
	)
	groups := []string{"一号楼", "二号楼", "三号楼", "四号楼"}
	srv := fakeWeChat(t)
	for _, g := range groups {
		srv.AddGroup(wechattest.Group{Name: g, Saved: true, Members: map[string]string{"zhang": ""}})
	}
	cfg := testRunConfig(t.TempDir(), groups...)
	cfg.Pacing = bot.Pacing{PerChat: perChat, AccountRate: rate, AccountBurst: burst,
		RetryBase: 10 * time.Millisecond, RetryMax: 50 * time.Millisecond}
	r := startTestRun(t, srv, cfg)
	ctx := deadline(t)
	if err := srv.WaitOnline(ctx); err != nil {
		t.Fatal(err)
	}
	var out []bot.Outgoing
	for i := range total {
		out = append(out, bot.Outgoing{To: bot.GroupAddress(groups[i%len(groups)]), Text: fmt.Sprintf("通知 %03d", i), Source: "broadcast"})
	}
	if err := r.Program.Store.Enqueue(ctx, time.Now(), out...); err != nil {
		t.Fatal(err)
	}
	r.Program.Outbox.Notify()
	sent := wire(t, srv, total)

	last := map[string]wechattest.Sent{}
	seen := map[string]bool{}
	for _, s := range sent {
		if seen[s.Text] {
			t.Errorf("%q sent twice", s.Text)
		}
		seen[s.Text] = true
		if p, ok := last[s.To]; ok {
			if gap := s.At.Sub(p.At); gap < perChat {
				t.Errorf("%s: %q %v after %q, want at least %v", s.To, s.Text, gap, p.Text, perChat)
			}
			if s.Text < p.Text {
				t.Errorf("%s: %q after %q, out of order", s.To, s.Text, p.Text)
			}
		}
		last[s.To] = s
	}
	// Token bucket: in any stretch [i, j] at most burst + rate·Δt sends
	// (plus one for the clock's grain at the wire).
	times := make([]time.Time, len(sent))
	for i, s := range sent {
		times[i] = s.At
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	worst := 0.0
	for i := range times {
		for j := i + 1; j < len(times); j++ {
			allowed := float64(burst) + rate*times[j].Sub(times[i]).Seconds() + 1
			if over := float64(j-i+1) - allowed; over > worst {
				worst = over
			}
		}
	}
	if worst > 0 {
		t.Errorf("account rate exceeded by %.1f messages in some stretch", worst)
	}
	span := times[len(times)-1].Sub(times[0])
	t.Logf("%d messages to %d groups in %v: %.1f/s (limit %.0f/s, %v per chat)", total, len(groups), span.Round(time.Millisecond),
		float64(total-1)/span.Seconds(), rate, perChat)
}

func TestRunHealthzIsUnavailableUntilLoggedIn(t *testing.T) {
	srv := fakeWeChat(t)
	srv.AutoConfirm(false)
	r := startTestRun(t, srv, testRunConfig(t.TempDir()))
	if _, err := srv.WaitQR(deadline(t)); err != nil {
		t.Fatal(err)
	}
	res, err := http.Get("http://" + r.Addr() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	var h health
	json.NewDecoder(res.Body).Decode(&h)
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable || h.Gateway != "waiting_scan" || h.Status != "degraded" {
		t.Errorf("/healthz while waiting for the scan = %d %+v", res.StatusCode, h)
	}
}

// TestRunCtrlCFinishesTheMessageInHand interrupts linli while a handler is
// busy: the message must still be handled and its reply kept for the next
// start.
func TestRunCtrlCFinishesTheMessageInHand(t *testing.T) {
	srv := fakeWeChat(t)
	dir := t.TempDir()
	started, release := make(chan struct{}), make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r, err := Start(ctx, testRunConfig(dir), RunOptions{
		Log:       slog.New(slog.NewTextHandler(io.Discard, nil)),
		Transport: srv.Transport(),
		Wire: func(a *Program) {
			a.Router.AddCommand(bot.Command{Keywords: []string{"慢慢来"}, Handle: func(_ context.Context, t *bot.Turn) error {
				close(started)
				<-release
				t.Reply("好的，已记下")
				return nil
			}})
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.WaitOnline(deadline(t)); err != nil {
		t.Fatal(err)
	}
	srv.GroupSays("锦霞一群", "zhang", "慢慢来")
	<-started
	cancel() // Ctrl-C
	close(release)
	if err := r.Wait(); err != nil {
		t.Fatalf("drain: %v", err)
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, "linli.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sent := len(srv.Sent())
	depth, err := db.Depth(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if sent+depth != 1 {
		t.Errorf("reply sent %d times and %d queued; want it handled once, sent or kept for the next start", sent, depth)
	}
}
