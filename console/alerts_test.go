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

// coordinatorList is a member store with fixed coordinators.
type coordinatorList map[string][]bot.Member

func (c coordinatorList) Coordinators(ctx context.Context, community string) ([]bot.Member, error) {
	return c[community], nil
}

// outboxRecord keeps what is enqueued.
type outboxRecord struct{ msgs []bot.Outgoing }

func (o *outboxRecord) Enqueue(ctx context.Context, at time.Time, msgs ...bot.Outgoing) error {
	o.msgs = append(o.msgs, msgs...)
	return nil
}

// TestCommunityAlertsReachOnlyItsCoordinators: an alert about one
// community (its model budget spent) goes to that community's
// coordinators in chat; an alert about the bot goes to all of them.
func TestCommunityAlertsReachOnlyItsCoordinators(t *testing.T) {
	dir := bot.NewDirectory(time.UTC)
	dir.AddCommunity(bot.Community{Name: "锦霞社区"})
	dir.AddCommunity(bot.Community{Name: "翠苑社区"})
	out := &outboxRecord{}
	sink := &console.Coordinators{Directory: dir, Outbox: out, Members: coordinatorList{
		"锦霞社区": {{ID: 1, Name: "李主任"}}, "翠苑社区": {{ID: 2, Name: "周书记"}}}}
	clock := bot.NewSimClock(time.Date(2026, 11, 29, 2, 0, 0, 0, time.UTC))
	a := &console.Alerter{Clock: clock, Sinks: []console.Sink{sink}}
	ctx := context.Background()
	a.RaiseIn(ctx, "翠苑社区", "llm-budget:翠苑社区:2026-11-29", "大模型今日额度已用完", "翠苑社区 今天的额度已用完。")
	if len(out.msgs) != 1 || out.msgs[0].To.MemberName != "周书记" {
		t.Fatalf("community alert went to %+v, want 周书记 only", out.msgs)
	}
	a.Raise(ctx, "outbox", "消息积压", "发件箱有 300 条消息未发出")
	if len(out.msgs) != 3 {
		t.Errorf("bot-wide alert reached %d coordinators, want both", len(out.msgs)-1)
	}
}
