package mp_test

import (
	"context"
	"testing"
	"time"

	"linli/bot"
)

// TestLoginLinkInAPassiveReplyIsNotKept: a login link waiting for the
// follower's next message goes out in the passive reply, and once it has,
// the outbox no longer holds it; other messages are kept as sent.
func TestLoginLinkInAPassiveReplyIsNotKept(t *testing.T) {
	f := newFixture(t, "")
	ctx := context.Background()
	f.say("oCoord", "打卡")
	m, err := f.app.Store.MemberByID(ctx, f.member("oCoord"), "")
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(49 * time.Hour) // the window is closed: it waits
	link := "社区后台登录链接：https://console.example/login?t=once-only"
	if err := f.app.Store.Enqueue(ctx, f.clock.Now(), bot.Outgoing{To: bot.MemberAddress(m), Text: link, Secret: true, Source: "test:link"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.app.Outbox.SendDue(ctx); err != nil {
		t.Fatal(err)
	}
	contains(t, f.say("oCoord", "我的积分"), link)
	var kept int
	if err := f.app.Store.SQL().QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE text LIKE '%once-only%'`).Scan(&kept); err != nil {
		t.Fatal(err)
	}
	if kept != 0 {
		t.Errorf("%d outbox rows still hold the login link after the passive reply", kept)
	}
	var texts int
	if err := f.app.Store.SQL().QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE text LIKE '%积分%'`).Scan(&texts); err != nil {
		t.Fatal(err)
	}
	if texts == 0 {
		t.Error("the other replies' texts were not kept")
	}
}
