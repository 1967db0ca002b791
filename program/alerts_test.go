package program

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestAlertsWhenWeChatLogsOut logs the bot out in the local WeChat server
// and expects the operator's webhook to hear it once, with the console's
// address and without the QR code, then once more when it is back.
func TestAlertsWhenWeChatLogsOut(t *testing.T) {
	type call struct {
		Key, Title, Text, Console string
		Resolved                  bool
	}
	calls := make(chan call, 16)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var c call
		if err := json.NewDecoder(r.Body).Decode(&c); err != nil {
			t.Errorf("webhook body: %v", err)
		}
		calls <- c
	}))
	defer hook.Close()

	srv := fakeWeChat(t)
	cfg := testRunConfig(t.TempDir())
	cfg.Alerts.Webhook = hook.URL
	cfg.ConsoleURL = "https://linli.example.org"
	r := startTestRun(t, srv, cfg)
	ctx := deadline(t)
	if err := srv.WaitOnline(ctx); err != nil {
		t.Fatal(err)
	}
	next := func() call {
		t.Helper()
		select {
		case c := <-calls:
			return c
		case <-ctx.Done():
			t.Fatal("no webhook call")
			return call{}
		}
	}

	srv.AutoConfirm(false)
	srv.Logout(1101)
	if _, err := srv.WaitQR(ctx); err != nil {
		t.Fatal(err)
	}
	down := next()
	if down.Key != "wechat" || down.Resolved || !strings.Contains(down.Title, "掉线") || down.Console != "https://linli.example.org" {
		t.Fatalf("first alert %+v, want the bot down with the console's address", down)
	}
	if strings.Contains(down.Text, "login.weixin.qq.com") {
		t.Fatalf("the alert carries the QR code: %q", down.Text)
	}
	if st := r.Gateway.Stats(); st.QR == "" {
		t.Error("the gateway does not offer the QR code to the console while waiting for a scan")
	}
	// Several ticks pass while nobody scans: still one alert.
	for range 3 {
		r.Check(ctx)
	}
	srv.Scan()
	srv.Confirm()
	if err := srv.WaitOnline(ctx); err != nil {
		t.Fatal(err)
	}
	back := next()
	if back.Key != "wechat" || !back.Resolved || !strings.Contains(back.Title, "重新上线") {
		t.Fatalf("second alert %+v, want back online", back)
	}
	// An alert is posted before Check returns, so an empty channel after
	// it means nothing more was said.
	r.Check(ctx)
	select {
	case c := <-calls:
		t.Fatalf("unexpected third alert %+v", c)
	default:
	}
}
