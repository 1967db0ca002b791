package mp_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/mp"
	"linli/bot/mp/mptest"
	"linli/program"
	"linli/storage/inproc"
	"linli/storage/sqlstore"
)

const (
	appID  = "wx5e1f0c2d3b4a6978"
	secret = "0123456789abcdef0123456789abcdef"
	token  = "linlitoken"
	// aesKey is 43 characters, as 消息加解密密钥 is.
	aesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
)

// fixture is linli with the Official Account road alone, on a simulated
// clock, its callback served over HTTP, the API answered by mptest.
type fixture struct {
	t      testing.TB
	app    *program.Program
	gw     *mp.Gateway
	api    *mptest.Server
	client *mptest.Client
	clock  *bot.SimClock
	log    *bytes.Buffer
	logMu  *sync.Mutex
	groups *groupRecorder
	gws    bot.Gateways
}

// groupRecorder is the personal-WeChat road, recording what it is given.
type groupRecorder struct {
	mu   sync.Mutex
	sent []string
}

func (g *groupRecorder) Run(ctx context.Context, in chan<- bot.Message) error {
	<-ctx.Done()
	return nil
}

func (g *groupRecorder) Send(ctx context.Context, to bot.Address, text string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	who := to.Group
	if to.Kind == bot.ToMember {
		who = "私聊→" + to.MemberName
	}
	g.sent = append(g.sent, "["+who+"] "+text)
	return nil
}

// fixtureDB is the store a fixture opens: a new SQLite file, unless a
// test runs the same scenarios on PostgreSQL.
var fixtureDB = func(t testing.TB) string { return filepath.Join(t.TempDir(), "linli.db") }

func newFixture(t testing.TB, key string) *fixture {
	t.Helper()
	api := mptest.NewServer(t, appID, secret)
	api.Install(t)
	cfg := program.DefaultConfig()
	cfg.Communities = []program.CommunityConfig{{Name: "锦霞社区", Groups: []string{"锦霞一群"}}}
	cfg.WeChat.Enabled = false
	cfg.MP.AppID, cfg.MP.AppSecret, cfg.MP.Token, cfg.MP.AESKey = appID, secret, token, key
	cfg.Pacing = bot.Pacing{}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	clock := bot.NewSimClock(time.Date(2026, 11, 24, 8, 0, 0, 0, loc))
	var logs bytes.Buffer
	sw := &syncWriter{w: &logs}
	log := slog.New(slog.NewTextHandler(sw, nil))
	groups := &groupRecorder{}
	gws := bot.Gateways{"": groups}
	app, err := program.Open(context.Background(), cfg, fixtureDB(t),
		program.Options{Clock: clock, Gateway: gws, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Close() })
	gw := app.NewMPGateway(gws, log)
	srv := httptest.NewServer(gw)
	t.Cleanup(srv.Close)
	f := &fixture{t: t, app: app, gw: gw, api: api, clock: clock, log: &logs, logMu: &sw.mu, groups: groups, gws: gws,
		client: &mptest.Client{URL: srv.URL, AppID: appID, Token: token, AESKey: key, Account: "gh_linli", Now: clock.Now}}
	// A running challenge in the community's group, started by its
	// coordinator.
	ctx := context.Background()
	coord, _, err := app.Store.ResolveMember(ctx, bot.Chat{Kind: bot.Group, Name: "锦霞一群", Community: "锦霞社区"},
		bot.Sender{PlatformID: "@wx-李主任", DisplayName: "李主任"}, clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Store.SetRole(ctx, coord.ID, "锦霞社区", bot.Coordinator, clock.Now()); err != nil {
		t.Fatal(err)
	}
	f.group("李主任", "发起打卡 垃圾分类 21天")
	return f
}

type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// group says text in 锦霞一群 as name (the group road, through the router).
func (f *fixture) group(name, text string) {
	f.t.Helper()
	err := f.app.Router.Handle(context.Background(), bot.Message{ID: "g" + time.Now().Format("150405.000000") + name + text,
		Chat: bot.Chat{Kind: bot.Group, Name: "锦霞一群"}, Kind: bot.Text, Text: text, Time: f.clock.Now(),
		Sender: bot.Sender{PlatformID: "@wx-" + name, DisplayName: name, NickName: name}})
	if err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.app.Outbox.SendDue(context.Background()); err != nil {
		f.t.Fatal(err)
	}
}

// logs is what linli logged so far.
func (f *fixture) logs() string {
	f.logMu.Lock()
	defer f.logMu.Unlock()
	return f.log.String()
}

// say posts a follower's message and returns the passive reply.
func (f *fixture) say(openid, text string) string {
	f.t.Helper()
	r, err := f.client.Say(openid, text)
	if err != nil || r.Status != http.StatusOK {
		f.t.Fatalf("say %q: %v (status %d, body %q)", text, err, r.Status, r.Body)
	}
	return r.Text
}

func (f *fixture) member(openid string) int64 {
	f.t.Helper()
	id, _, _, err := f.app.Store.FollowerState(context.Background(), openid)
	if err != nil {
		f.t.Fatal(err)
	}
	return id
}

func (f *fixture) balance(memberID int64) int64 {
	f.t.Helper()
	n, err := sqlstore.NewPointsStore(f.app.Store).Balance(context.Background(), memberID, "锦霞社区")
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}

func contains(t testing.TB, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Errorf("reply %q does not say %q", got, want)
	}
}

func TestURLVerification(t *testing.T) {
	f := newFixture(t, "")
	r, err := f.client.Verify("echo-7788", token)
	if err != nil || r.Status != http.StatusOK || r.Body != "echo-7788" {
		t.Errorf("URL check with the right token: %v, %d %q; want 200 echo-7788", err, r.Status, r.Body)
	}
	r, err = f.client.Verify("echo-7788", "not-the-token")
	if err != nil || r.Status != http.StatusForbidden || strings.Contains(r.Body, "echo-7788") {
		t.Errorf("URL check with a wrong token: %v, %d %q; want 403 without the echo", err, r.Status, r.Body)
	}
	if f.gw.Stats().BadSignature.Load() != 1 {
		t.Errorf("bad signatures counted = %d, want 1", f.gw.Stats().BadSignature.Load())
	}
}

func TestCheckinByPassiveReply(t *testing.T) {
	for _, mode := range []struct{ name, key string }{{"plaintext", ""}, {"safe mode", aesKey}} {
		t.Run(mode.name, func(t *testing.T) {
			f := newFixture(t, mode.key)
			r, err := f.client.Post(f.client.Event("oFollower1", "subscribe", ""))
			if err != nil {
				t.Fatal(err)
			}
			contains(t, r.Text, "欢迎关注")
			contains(t, f.say("oFollower1", "打卡"), "已在锦霞一群为您打卡：「垃圾分类」第1天，连续1天，+10积分。")
			// The menu's 我的积分 button is a click event.
			r, err = f.client.Post(f.client.Event("oFollower1", "CLICK", "我的积分"))
			if err != nil {
				t.Fatal(err)
			}
			contains(t, r.Text, "积分：10")
			if sent := f.api.Sent(); len(sent) != 0 {
				t.Errorf("the customer-service API was used for answers that fit the response: %+v", sent)
			}
			if n, _ := f.app.Store.Depth(context.Background()); n != 0 {
				t.Errorf("outbox depth after passive replies = %d, want 0", n)
			}
		})
	}
}

func TestDuplicateCallbackChangesNothing(t *testing.T) {
	f := newFixture(t, aesKey)
	cb := f.client.Text("oFollower2", "打卡")
	first, err := f.client.Post(cb)
	if err != nil {
		t.Fatal(err)
	}
	contains(t, first.Text, "+10积分")
	// WeChat retries the same MsgId when it thinks the answer was late.
	again, err := f.client.Post(cb)
	if err != nil {
		t.Fatal(err)
	}
	if again.Text != "" {
		t.Errorf("the retry got an answer of its own: %q", again.Text)
	}
	if got := f.balance(f.member("oFollower2")); got != 10 {
		t.Errorf("balance after a retried check-in = %d, want 10", got)
	}
	contains(t, f.say("oFollower2", "我的积分"), "已打卡1/21天")
}

func TestReminderInsideAndOutsideTheWindow(t *testing.T) {
	f := newFixture(t, "")
	ctx := context.Background()
	f.say("oFollower3", "打卡")
	m, err := f.app.Store.MemberByID(ctx, f.member("oFollower3"), "")
	if err != nil {
		t.Fatal(err)
	}
	remind := func(text string) {
		t.Helper()
		if err := f.app.Store.Enqueue(ctx, f.clock.Now(), bot.Outgoing{To: bot.MemberAddress(m), Text: text, Source: "job:" + text}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.app.Outbox.SendDue(ctx); err != nil {
			t.Fatal(err)
		}
	}

	f.clock.Advance(12 * time.Hour)
	remind("明早9点社区讲座，别忘了。")
	if sent := f.api.Sent(); len(sent) != 1 || sent[0].OpenID != "oFollower3" || sent[0].Text != "明早9点社区讲座，别忘了。" {
		t.Fatalf("inside the 48 hours the reminder goes by the customer-service API; sent %+v", sent)
	}

	f.clock.Advance(37 * time.Hour) // 49 hours after the follower's message
	remind("今晚8点前记得打卡。")
	if sent := f.api.Sent(); len(sent) != 1 {
		t.Errorf("outside the 48 hours nothing may be sent; sent %+v", sent)
	}
	if n, _ := f.app.Store.Depth(ctx); n != 1 {
		t.Errorf("outbox depth = %d, want the waiting reminder", n)
	}
	if !strings.Contains(f.logs(), "48小时") {
		t.Errorf("the log does not say why the reminder waits:\n%s", f.logs())
	}
	if f.gw.Stats().WaitWindow.Load() != 1 {
		t.Errorf("waits counted = %d, want 1", f.gw.Stats().WaitWindow.Load())
	}
	// The follower writes again: the reminder rides with the answer.
	got := f.say("oFollower3", "我的积分")
	contains(t, got, "今晚8点前记得打卡。")
	contains(t, got, "积分：10")
	if n, _ := f.app.Store.Depth(ctx); n != 0 {
		t.Errorf("outbox depth after the follower's message = %d, want 0", n)
	}
}

var codeRe = regexp.MustCompile(`绑定 (\d{6})`)

func TestBindingMergesGroupAndOfficialAccountIntoOneLedger(t *testing.T) {
	f := newFixture(t, aesKey)
	f.group("张三", "打卡")   // day 1 in the group: +10
	f.say("oZhang", "打卡") // the same day on the Official Account, not yet bound: +10 there
	reply := f.say("oZhang", "绑定")
	code := codeRe.FindStringSubmatch(reply)
	if code == nil {
		t.Fatalf("no code in %q", reply)
	}
	follower := f.member("oZhang")
	f.group("张三", "绑定 "+code[1])
	groupMember := f.member("oZhang")
	if groupMember == follower {
		t.Fatal("binding kept the follower's own record")
	}
	// One record: day 1 counted once, its points once.
	got := f.say("oZhang", "我的积分")
	contains(t, got, "张三的积分：10")
	contains(t, got, "已打卡1/21天")
	f.clock.Advance(24 * time.Hour)
	contains(t, f.say("oZhang", "打卡"), "第2天，连续2天")
	f.group("张三", "打卡") // the same day in the group: already done
	if got := f.balance(groupMember); got != 20 {
		t.Errorf("one ledger after binding: balance %d, want 20", got)
	}
	if got := f.balance(follower); got != 0 {
		t.Errorf("the follower's old record still holds %d points", got)
	}
	// A code works once.
	contains(t, f.say("oZhang", "绑定 "+code[1]), "绑定码不对或已过期")
}

func TestExpiredTokenRefreshedOnceAcrossInstances(t *testing.T) {
	f := newFixture(t, "")
	ctx := context.Background()
	f.say("oA", "打卡")
	f.say("oB", "打卡")
	// Two instances of linli: one shared cache and lock (Redis in
	// production), one store.
	shared, locker := inproc.NewCache(bot.SystemClock{}), inproc.NewLocker(bot.SystemClock{})
	var gws []*mp.Gateway
	for range 2 {
		gws = append(gws, mp.New(mp.Config{AppID: appID, AppSecret: secret, Token: token, Cache: shared},
			mp.Options{Store: f.app.Store, Locker: locker, Clock: f.clock, Log: slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))}))
	}
	to := func(openid string) bot.Address {
		return bot.Address{Kind: bot.ToMember, MemberID: f.member(openid), PlatformID: openid, Channel: bot.OfficialAccount}
	}
	if err := gws[0].Send(ctx, to("oA"), "第一条"); err != nil {
		t.Fatal(err)
	}
	if err := gws[1].Send(ctx, to("oB"), "第二条"); err != nil {
		t.Fatal(err)
	}
	if n := f.api.TokenFetches(); n != 1 {
		t.Fatalf("two instances fetched %d tokens, want 1 shared", n)
	}
	f.api.ExpireTokens()
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, openid := range []string{"oA", "oB"} {
		wg.Go(func() { errs[i] = gws[i].Send(ctx, to(openid), "过期之后") })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("instance %d: %v", i, err)
		}
	}
	if n := f.api.TokenFetches(); n != 2 {
		t.Errorf("after the token expired, %d tokens were fetched in all; want one refresh (2)", n)
	}
	if n := len(f.api.Sent()); n != 4 {
		t.Errorf("sent %d messages, want 4", n)
	}
}

// TestLateAnswerGoesByTheCustomerServiceAPI: when handling takes longer
// than mp.reply_within, WeChat gets "success" in time (no retry), and the
// answer follows by the customer-service API.
func TestLateAnswerGoesByTheCustomerServiceAPI(t *testing.T) {
	f := newFixture(t, "")
	f.say("oSlow", "打卡") // a follower already
	gate := make(chan struct{})
	handled := make(chan error, 1)
	slow := mp.New(mp.Config{AppID: appID, AppSecret: secret, Token: token, ReplyWithin: 20 * time.Millisecond},
		mp.Options{Store: f.app.Store, Locker: inproc.NewLocker(bot.SystemClock{}), Clock: f.clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
			Handle: func(ctx context.Context, msgs []bot.Message) error {
				<-gate
				err := f.app.Router.HandleBatch(ctx, msgs)
				handled <- err
				return err
			}})
	f.gws[bot.OfficialAccount] = slow
	srv := httptest.NewServer(slow)
	defer srv.Close()
	f.client.URL = srv.URL
	r, err := f.client.Say("oSlow", "我的积分")
	if err != nil || r.Status != http.StatusOK || r.Text != "" || r.Body != "success" {
		t.Fatalf("a late answer: %v, %d %q; want success at once", err, r.Status, r.Body)
	}
	close(gate)
	if err := <-handled; err != nil {
		t.Fatal(err)
	}
	if _, err := f.app.Outbox.SendDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if sent := f.api.Sent(); len(sent) != 1 || !strings.Contains(sent[0].Text, "积分：10") {
		t.Errorf("the late answer by the customer-service API: %+v", sent)
	}
	if slow.Stats().Late.Load() != 1 {
		t.Errorf("late answers counted = %d, want 1", slow.Stats().Late.Load())
	}
}

// TestRefusedSendsWait: an account without the customer-service API
// (48001) and a window WeChat says is closed (45015) keep the message for
// the follower's next message, and the log says why.
func TestRefusedSendsWait(t *testing.T) {
	for _, tc := range []struct {
		name, why string
		refuse    func(*mptest.Server)
	}{
		{"no customer-service API", "48001", func(s *mptest.Server) { s.NoCustomerAPI() }},
		{"window closed by WeChat", "45015", func(s *mptest.Server) { s.CloseWindow("oRefused") }},
		{"unfollowed", "取消关注", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, "")
			ctx := context.Background()
			f.say("oRefused", "打卡")
			if tc.refuse != nil {
				tc.refuse(f.api)
			} else if _, err := f.client.Post(f.client.Event("oRefused", "unsubscribe", "")); err != nil {
				t.Fatal(err)
			}
			m, err := f.app.Store.MemberByID(ctx, f.member("oRefused"), "")
			if err != nil {
				t.Fatal(err)
			}
			if err := f.app.Store.Enqueue(ctx, f.clock.Now(), bot.Outgoing{To: bot.MemberAddress(m), Text: "任务 #1 已有人接单", Source: "t"}); err != nil {
				t.Fatal(err)
			}
			if _, err := f.app.Outbox.SendDue(ctx); err != nil {
				t.Fatal(err)
			}
			if n, _ := f.app.Store.Depth(ctx); n != 1 || !strings.Contains(f.logs(), tc.why) {
				t.Errorf("depth %d; the log does not say %s:\n%s", n, tc.why, f.logs())
			}
			contains(t, f.say("oRefused", "我的积分"), "任务 #1 已有人接单")
		})
	}
}
