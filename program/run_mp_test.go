package program

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/mp/mptest"
)

// TestRunOfficialAccountAlone runs `linli run` with wechat.enabled false:
// the callback listens on mp.addr, a follower is answered in the response,
// a reminder to them goes by the customer-service API, and /healthz is
// healthy with no personal-WeChat road.
func TestRunOfficialAccountAlone(t *testing.T) {
	api := mptest.NewServer(t, "wxrun", "secret")
	api.Install(t)
	cfg := testRunConfig(t.TempDir())
	cfg.WeChat.Enabled = false
	cfg.MP = MPConfig{AppID: "wxrun", AppSecret: "secret", Token: "tok", Addr: "127.0.0.1:0", Path: "/wx", ReplyWithin: 4 * time.Second}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r, err := Start(ctx, cfg, RunOptions{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		cancel()
		if err := r.Wait(); err != nil {
			t.Error(err)
		}
	}()
	client := &mptest.Client{URL: "http://" + r.MPAddr() + "/wx", AppID: "wxrun", Token: "tok", Account: "gh_run"}
	reply, err := client.Say("oRun1", "帮助")
	if err != nil || !strings.Contains(reply.Text, "我能帮您") {
		t.Fatalf("passive reply: %v, %q", err, reply.Text)
	}
	m, err := r.Program.Store.MemberByName(ctx, "锦霞社区", "居民RUN1")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Program.Store.Enqueue(ctx, time.Now(), bot.Outgoing{To: bot.MemberAddress(m), Text: "明天上午9点讲座", Source: "test"}); err != nil {
		t.Fatal(err)
	}
	r.Program.Outbox.Notify()
	if sent, err := api.WaitSent(deadline(t), 1); err != nil || sent[0].OpenID != "oRun1" || sent[0].Text != "明天上午9点讲座" {
		t.Errorf("customer-service sends: %+v, %v", sent, err)
	}
	resp, err := http.Get("http://" + r.Addr() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("/healthz = %d with the Official Account alone, want 200", resp.StatusCode)
	}
}
