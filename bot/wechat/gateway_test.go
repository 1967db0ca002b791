package wechat_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/wechat"
	"linli/bot/wechat/wechattest"
)

// community builds the fake WeChat of a small residential community: the
// bot, three residents and a coordinator, a saved group and one that was
// never saved to contacts.
func community(t *testing.T, opt wechattest.Options) *wechattest.Server {
	t.Helper()
	srv := wechattest.New(opt)
	t.Cleanup(srv.Close)
	srv.AddContact(wechattest.Contact{Key: "zhang", NickName: "老张", Friend: true, AvatarSeq: 1})
	srv.AddContact(wechattest.Contact{Key: "wang", NickName: "王阿姨", Friend: true, AvatarSeq: 2})
	srv.AddContact(wechattest.Contact{Key: "li", NickName: "李主任", Friend: true, AvatarSeq: 3})
	srv.AddContact(wechattest.Contact{Key: "zhao", NickName: "小赵"}) // met only in the group
	srv.AddGroup(wechattest.Group{Name: "锦霞一群", Saved: true, Members: map[string]string{
		"zhang": "3号楼张三", "wang": "", "li": "李主任", "zhao": "赵六", "self": "社区小助手"}})
	srv.AddGroup(wechattest.Group{Name: "锦霞二群", Saved: false, Members: map[string]string{"wang": "王阿姨"}})
	return srv
}

// gatewayRun is one running gateway with the messages it handed on.
type gatewayRun struct {
	gw     *wechat.Gateway
	in     chan bot.Message
	cancel context.CancelFunc
	done   chan error
	once   sync.Once
}

func testConfig(srv *wechattest.Server, dir string, logs *wechattest.LogBuffer) wechat.Config {
	return wechat.Config{
		DataDir:      dir,
		Transport:    srv.Transport(),
		Logger:       slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Backoff:      wechat.Backoff{Initial: 5 * time.Millisecond, Max: 40 * time.Millisecond, Factor: 2},
		RefreshEvery: -1,
		HTTPTimeout:  5 * time.Second,
	}
}

func startGateway(t *testing.T, cfg wechat.Config) *gatewayRun {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &gatewayRun{gw: wechat.New(cfg), in: make(chan bot.Message, 100), cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- r.gw.Run(ctx, r.in) }()
	t.Cleanup(func() { r.stop(t) })
	return r
}

// stop cancels the gateway and checks that Run returns nil promptly.
func (r *gatewayRun) stop(t *testing.T) {
	t.Helper()
	r.once.Do(func() {
		r.cancel()
		select {
		case err := <-r.done:
			if err != nil {
				t.Errorf("Run returned %v, want nil on shutdown", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("gateway did not stop within 10s of cancel")
		}
	})
}

func (r *gatewayRun) next(t *testing.T) bot.Message {
	t.Helper()
	select {
	case m := <-r.in:
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("no message from the gateway within 10s")
		return bot.Message{}
	}
}

func waitCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestQRLoginThenHotLoginWithoutQR(t *testing.T) {
	srv := community(t, wechattest.Options{})
	dir := t.TempDir()
	logs := &wechattest.LogBuffer{}
	qr := &wechattest.LogBuffer{}
	cfg := testConfig(srv, dir, logs)
	cfg.QR = qr

	first := startGateway(t, cfg)
	ctx := waitCtx(t)
	if _, err := srv.WaitQR(ctx); err != nil {
		t.Fatal(err)
	}
	srv.Scan()
	srv.Confirm()
	if err := first.gw.WaitOnline(ctx); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(qr.String(), "▀") && !strings.Contains(qr.String(), "▄") {
		t.Errorf("no QR code drawn in the terminal; got %q", qr.String())
	}
	for _, want := range []string{"请用手机微信扫描二维码登录", "https://login.weixin.qq.com/qrcode/", "已扫码", "扫码登录成功"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
	srv.GroupSays("锦霞一群", "zhang", "打卡")
	firstMsg := first.next(t)
	if firstMsg.Text != "打卡" || firstMsg.Chat.Name != "锦霞一群" {
		t.Errorf("first run got %+v", firstMsg)
	}
	first.stop(t)

	info, err := os.Stat(filepath.Join(dir, "wechat-session.json"))
	if err != nil {
		t.Fatalf("session not kept in the data dir: %v", err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("session file mode %v, want 0600", info.Mode().Perm())
	}

	second := startGateway(t, cfg)
	if err := second.gw.WaitOnline(ctx); err != nil {
		t.Fatal(err)
	}
	srv.GroupSays("锦霞一群", "wang", "签到")
	// The saved sync key lags one batch, so the last batch before the stop
	// may come again, with its ids, for the router to recognise.
	m := second.next(t)
	if m.ID == firstMsg.ID {
		m = second.next(t)
	}
	if m.Text != "签到" {
		t.Errorf("after restart got %+v", m)
	}
	if n := srv.QRCount(); n != 1 {
		t.Errorf("%d QR codes shown, want 1: the restart must reuse the session", n)
	}
	if st := second.gw.Stats(); st.HotLogins != 1 || st.State != wechat.Online {
		t.Errorf("stats after restart = %+v, want one hot login and online", st)
	}
	if !strings.Contains(logs.String(), "热登录成功") {
		t.Errorf("log lacks the hot login line")
	}
}

func TestBadSessionFallsBackToQR(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, srv *wechattest.Server, file string)
		wantLog string
	}{
		{"corrupt file", func(t *testing.T, _ *wechattest.Server, file string) {
			if err := os.WriteFile(file, []byte("{not json"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, "登录会话文件已损坏"},
		{"expired session", func(t *testing.T, srv *wechattest.Server, _ string) {
			srv.Logout(1101) // WeChat ended the session while linli was stopped
		}, "保存的登录会话已失效"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := community(t, wechattest.Options{})
			srv.AutoConfirm(true)
			dir := t.TempDir()
			logs := &wechattest.LogBuffer{}
			cfg := testConfig(srv, dir, logs)
			first := startGateway(t, cfg)
			ctx := waitCtx(t)
			if err := first.gw.WaitOnline(ctx); err != nil {
				t.Fatal(err)
			}
			first.stop(t)
			tc.prepare(t, srv, filepath.Join(dir, "wechat-session.json"))

			second := startGateway(t, cfg)
			srv.PrivateSays("zhang", "我的积分")
			if m := second.next(t); m.Text != "我的积分" || m.Chat.Kind != bot.Private {
				t.Errorf("got %+v", m)
			}
			if n := srv.QRCount(); n != 2 {
				t.Errorf("%d QR codes, want 2 (the bad session needs a new scan)", n)
			}
			if !strings.Contains(logs.String(), tc.wantLog) {
				t.Errorf("log lacks %q:\n%s", tc.wantLog, logs.String())
			}
		})
	}
}

func TestInboundMessages(t *testing.T) {
	srv := community(t, wechattest.Options{})
	srv.AutoConfirm(true)
	dir := t.TempDir()
	logs := &wechattest.LogBuffer{}
	cfg := testConfig(srv, dir, logs)
	run := startGateway(t, cfg)
	if err := srv.WaitOnline(waitCtx(t)); err != nil {
		t.Fatal(err)
	}

	ids := []string{
		srv.GroupSays("锦霞一群", "zhang", "打卡 今天分了三袋"),
		srv.GroupMentions("锦霞一群", "zhao", "电池是什么垃圾"),
		srv.Say(wechattest.Message{Group: "锦霞一群", From: "wang", Image: true}),
		srv.PrivateSays("li", "任务列表"),
		srv.GroupSays("锦霞二群", "wang", "帮助"),
		srv.GroupSays("锦霞一群", "zhang", "@小赵 明天见"),
	}
	want := []struct {
		kind        bot.MessageKind
		chat        bot.Chat
		sender      bot.Sender
		text        string
		mentionsBot bool
		mentions    []string
	}{
		{bot.Text, bot.Chat{Kind: bot.Group, Name: "锦霞一群"},
			bot.Sender{DisplayName: "3号楼张三", NickName: "老张", AvatarID: "600001"}, "打卡 今天分了三袋", false, nil},
		{bot.Text, bot.Chat{Kind: bot.Group, Name: "锦霞一群"},
			bot.Sender{DisplayName: "赵六", NickName: "小赵"}, "电池是什么垃圾", true, nil},
		{bot.Image, bot.Chat{Kind: bot.Group, Name: "锦霞一群"},
			bot.Sender{DisplayName: "王阿姨", NickName: "王阿姨", AvatarID: "600002"}, "", false, nil},
		{bot.Text, bot.Chat{Kind: bot.Private, Name: "李主任"},
			bot.Sender{DisplayName: "李主任", NickName: "李主任", AvatarID: "600003"}, "任务列表", false, nil},
		{bot.Text, bot.Chat{Kind: bot.Group, Name: "锦霞二群"},
			bot.Sender{DisplayName: "王阿姨", NickName: "王阿姨", AvatarID: "600002"}, "帮助", false, nil},
		{bot.Text, bot.Chat{Kind: bot.Group, Name: "锦霞一群"},
			bot.Sender{DisplayName: "3号楼张三", NickName: "老张", AvatarID: "600001"}, "@小赵 明天见", false, []string{"小赵"}},
	}
	senders := []string{"zhang", "zhao", "wang", "li", "wang", "zhang"}
	for i, w := range want {
		m := run.next(t)
		w.sender.PlatformID = srv.UserName(senders[i])
		if m.ID != ids[i] || m.Kind != w.kind || m.Chat != w.chat || m.Sender != w.sender ||
			m.Text != w.text || m.MentionsBot != w.mentionsBot || strings.Join(m.Mentions, ",") != strings.Join(w.mentions, ",") {
			t.Errorf("message %d:\n got %+v\nwant id=%s %+v", i, m, ids[i], w)
		}
		if m.Time.IsZero() {
			t.Errorf("message %d has no time", i)
		}
	}
	if st := run.gw.Stats(); st.MessagesIn != int64(len(want)) || st.LastMessage.IsZero() {
		t.Errorf("stats = %+v", st)
	}
}

func TestOwnMessagesAreIgnored(t *testing.T) {
	srv := community(t, wechattest.Options{})
	srv.AutoConfirm(true)
	run := startGateway(t, testConfig(srv, t.TempDir(), &wechattest.LogBuffer{}))
	if err := run.gw.WaitOnline(waitCtx(t)); err != nil {
		t.Fatal(err)
	}
	// The bot's own message comes back through sync, as on real WeChat.
	if err := run.gw.Send(context.Background(), bot.GroupAddress("锦霞一群"), "打卡"); err != nil {
		t.Fatal(err)
	}
	srv.Say(wechattest.Message{Group: "锦霞一群", Text: "打卡"}) // sent from the phone
	srv.GroupSays("锦霞一群", "wang", "排行榜")
	if m := run.next(t); m.Text != "排行榜" {
		t.Errorf("first message handed on = %+v, want the resident's 排行榜", m)
	}
	select {
	case m := <-run.in:
		t.Errorf("unexpected message %+v", m)
	default:
	}
}

func TestSendAddressesGroupsAndMembers(t *testing.T) {
	srv := community(t, wechattest.Options{})
	srv.AutoConfirm(true)
	cfg := testConfig(srv, t.TempDir(), &wechattest.LogBuffer{})
	run := startGateway(t, cfg)
	ctx := waitCtx(t)
	if err := run.gw.WaitOnline(ctx); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		to     bot.Address
		wantTo string
	}{
		{bot.GroupAddress("锦霞一群"), "锦霞一群"},
		{bot.GroupAddress("锦霞二群"), "锦霞二群"}, // not saved to contacts, nobody spoke yet
		{bot.Address{Kind: bot.ToMember, MemberID: 7, MemberName: "王阿姨", PlatformID: srv.UserName("wang")}, "wang"},
		{bot.Address{Kind: bot.ToMember, MemberID: 8, MemberName: "李主任", PlatformID: "@stale-id-from-an-earlier-login"}, "li"}, // stale id: found by name
	}
	for i, tc := range tests {
		if err := run.gw.Send(ctx, tc.to, "通知"+string(rune('A'+i))); err != nil {
			t.Errorf("send to %+v: %v", tc.to, err)
		}
	}
	sent := srv.Sent()
	if len(sent) != len(tests) {
		t.Fatalf("%d sent at the wire, want %d: %+v", len(sent), len(tests), sent)
	}
	for i, tc := range tests {
		if sent[i].To != tc.wantTo || sent[i].Text != "通知"+string(rune('A'+i)) {
			t.Errorf("wire %d = %+v, want to %s", i, sent[i], tc.wantTo)
		}
	}
	err := run.gw.Send(ctx, bot.GroupAddress("没有这个群"), "x")
	if !errors.Is(err, wechat.ErrUnknownRecipient) {
		t.Errorf("send to unknown group: %v, want ErrUnknownRecipient", err)
	}
	if st := run.gw.Stats(); st.Sent != 4 || st.SendFailures != 1 {
		t.Errorf("stats = %+v, want 4 sent and 1 failure", st)
	}
}

func TestSendWhileOfflineFails(t *testing.T) {
	srv := community(t, wechattest.Options{})
	cfg := testConfig(srv, t.TempDir(), &wechattest.LogBuffer{})
	gw := wechat.New(cfg)
	err := gw.Send(context.Background(), bot.GroupAddress("锦霞一群"), "打卡提醒")
	if !errors.Is(err, wechat.ErrOffline) {
		t.Fatalf("send before login: %v, want ErrOffline", err)
	}
	if len(srv.Sent()) != 0 {
		t.Error("something reached the wire while offline")
	}
}

func TestFlappingSyncRetriesInPlace(t *testing.T) {
	srv := community(t, wechattest.Options{})
	srv.AutoConfirm(true)
	run := startGateway(t, testConfig(srv, t.TempDir(), &wechattest.LogBuffer{}))
	if err := srv.WaitOnline(waitCtx(t)); err != nil {
		t.Fatal(err)
	}
	srv.Flap(3)
	srv.GroupSays("锦霞一群", "zhang", "打卡")
	if m := run.next(t); m.Text != "打卡" {
		t.Errorf("got %+v", m)
	}
	if st := run.gw.Stats(); st.Reconnects != 0 || srv.Sessions() != 1 {
		t.Errorf("a flapping network should not cost a login: %+v, %d sessions", st, srv.Sessions())
	}
}

func TestSyncRefusalReconnectsByHotLogin(t *testing.T) {
	srv := community(t, wechattest.Options{})
	srv.AutoConfirm(true)
	logs := &wechattest.LogBuffer{}
	cfg := testConfig(srv, t.TempDir(), logs)
	back := make(chan time.Duration, 1)
	cfg.OnReconnect = func(_ context.Context, d time.Duration) { back <- d }
	run := startGateway(t, cfg)
	if err := srv.WaitOnline(waitCtx(t)); err != nil {
		t.Fatal(err)
	}
	srv.FailSync(1100)
	select {
	case <-back:
	case <-time.After(10 * time.Second):
		t.Fatal("no reconnect")
	}
	srv.GroupSays("锦霞一群", "zhang", "打卡")
	if m := run.next(t); m.Text != "打卡" {
		t.Errorf("got %+v", m)
	}
	if n := srv.QRCount(); n != 1 {
		t.Errorf("%d QR codes: a session WeChat still honours must be resumed by hot login", n)
	}
	if st := run.gw.Stats(); st.Reconnects != 1 || st.HotLogins != 1 {
		t.Errorf("stats = %+v", st)
	}
	if !strings.Contains(logs.String(), "retcode=1100") {
		t.Errorf("log does not say why the session dropped:\n%s", logs.String())
	}
}

func TestRefusedLoginIsRetried(t *testing.T) {
	srv := community(t, wechattest.Options{})
	srv.RefuseLogin("为了你的帐号安全，此微信号已不允许登录网页微信")
	srv.AutoConfirm(true)
	logs := &wechattest.LogBuffer{}
	run := startGateway(t, testConfig(srv, t.TempDir(), logs))
	ctx := waitCtx(t)
	// The third login page visit means two refusals were handled.
	if err := srv.WaitCalls(ctx, "webwxnewloginpage", 3); err != nil {
		t.Fatal(err)
	}
	if srv.Online() {
		t.Fatal("online although WeChat refused the login")
	}
	if !strings.Contains(logs.String(), "此微信号已不允许登录网页微信") {
		t.Errorf("the refusal is not in the log:\n%s", logs.String())
	}
	srv.RefuseLogin("")
	if err := run.gw.WaitOnline(ctx); err != nil {
		t.Fatal(err)
	}
	srv.PrivateSays("zhang", "帮助")
	if m := run.next(t); m.Text != "帮助" {
		t.Errorf("got %+v", m)
	}
}

func TestExpiredQRIsReplaced(t *testing.T) {
	srv := community(t, wechattest.Options{})
	logs := &wechattest.LogBuffer{}
	run := startGateway(t, testConfig(srv, t.TempDir(), logs))
	ctx := waitCtx(t)
	if _, err := srv.WaitQR(ctx); err != nil {
		t.Fatal(err)
	}
	srv.ExpireQR()
	for srv.QRCount() < 2 {
		if _, err := srv.WaitQR(ctx); err != nil {
			t.Fatal(err)
		}
	}
	srv.Confirm()
	if err := run.gw.WaitOnline(ctx); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "二维码已过期") {
		t.Errorf("log does not say the QR expired:\n%s", logs.String())
	}
	if st := run.gw.Stats(); st.QRCodes != 2 || st.LoginFailures != 0 {
		t.Errorf("stats = %+v", st)
	}
}
