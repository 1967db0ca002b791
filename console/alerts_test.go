package console_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/console"
)

// wecomRobot is a local stand-in for a 企业微信 group robot webhook.
func wecomRobot(t *testing.T) (*httptest.Server, *[]map[string]any) {
	var got []map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			t.Errorf("robot body: %v", err)
		}
		got = append(got, body)
		w.Write([]byte(`{"errcode":0,"errmsg":"ok"}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &got
}

func TestAlertsToWeComOnceAndResolved(t *testing.T) {
	robot, got := wecomRobot(t)
	clock := bot.NewSimClock(time.Date(2026, 11, 29, 2, 0, 0, 0, time.UTC))
	a := &console.Alerter{Clock: clock, Console: "https://linli.example.org",
		Sinks: []console.Sink{&console.WeCom{URL: robot.URL, Clock: clock}}}
	ctx := context.Background()
	for range 5 {
		a.Raise(ctx, "outbox", "消息积压", "发件箱有 300 条消息未发出")
		clock.Set(clock.Now().Add(time.Minute))
	}
	a.Clear(ctx, "outbox", "消息积压已消除", "发件箱剩 0 条消息。")
	a.Clear(ctx, "outbox", "消息积压已消除", "发件箱剩 0 条消息。")
	if len(*got) != 2 {
		t.Fatalf("robot got %d messages, want the alert and its end: %v", len(*got), *got)
	}
	first := (*got)[0]
	md, _ := first["markdown"].(map[string]any)
	if first["msgtype"] != "markdown" || !strings.Contains(md["content"].(string), "消息积压") ||
		!strings.Contains(md["content"].(string), "https://linli.example.org") {
		t.Errorf("robot message %v", first)
	}
}

func TestWeComRateLimit(t *testing.T) {
	robot, got := wecomRobot(t)
	clock := bot.NewSimClock(time.Date(2026, 11, 29, 2, 0, 0, 0, time.UTC))
	w := &console.WeCom{URL: robot.URL, Clock: clock}
	var refused int
	for range 25 {
		if err := w.Notify(context.Background(), console.Alert{Title: "t", Text: "x"}); err != nil {
			refused++
		}
	}
	if len(*got) != 20 || refused != 5 {
		t.Errorf("in one minute the robot got %d, %d held back; want 20 and 5", len(*got), refused)
	}
	clock.Set(clock.Now().Add(time.Minute))
	if err := w.Notify(context.Background(), console.Alert{Title: "t", Text: "x"}); err != nil {
		t.Errorf("a minute later: %v", err)
	}
}
