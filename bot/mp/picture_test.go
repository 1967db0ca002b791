package mp_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"linli/bot"
)

// TestPicturesReachFollowers: a picture for a follower (a certificate, the
// weekly poster) is uploaded and sent as an image by the customer-service
// API while the window is open, bytes intact; one that waits for the
// follower's next message is not flattened into the passive reply's words
// but goes as an image once they write.
func TestPicturesReachFollowers(t *testing.T) {
	f := newFixture(t, "")
	ctx := context.Background()
	f.say("oFollower5", "打卡")
	m, err := f.app.Store.MemberByID(ctx, f.member("oFollower5"), "")
	if err != nil {
		t.Fatal(err)
	}
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte("certificate"), 500)...)
	queue := func(text string) {
		t.Helper()
		pic := &bot.Picture{Name: "荣誉证书.png", PNG: png}
		if err := f.app.Store.Enqueue(ctx, f.clock.Now(), bot.Outgoing{To: bot.MemberAddress(m), Text: text, Picture: pic, Source: "job:" + text}); err != nil {
			t.Fatal(err)
		}
	}
	queue("【荣誉证书】坚持打卡21天")
	if _, err := f.app.Outbox.SendDue(ctx); err != nil {
		t.Fatal(err)
	}
	sent := f.api.Sent()
	if len(sent) != 1 || sent[0].OpenID != "oFollower5" || !bytes.Equal(sent[0].Picture, png) || sent[0].Text != "" {
		t.Fatalf("%d sent, want the certificate as an image to oFollower5", len(sent))
	}

	// Outside the window it waits; the follower's next message brings
	// the answer in words and the picture as an image.
	f.clock.Advance(49 * time.Hour)
	queue("【荣誉证书】再次坚持21天")
	if _, err := f.app.Outbox.SendDue(ctx); err != nil {
		t.Fatal(err)
	}
	if sent := f.api.Sent(); len(sent) != 1 {
		t.Fatalf("outside the window something was sent: %d messages", len(sent))
	}
	got := f.say("oFollower5", "我的积分")
	contains(t, got, "积分")
	if strings.Contains(got, "荣誉证书") {
		t.Errorf("the picture's words went into the passive reply: %q", got)
	}
	if _, err := f.app.Outbox.SendDue(ctx); err != nil {
		t.Fatal(err)
	}
	sent = f.api.Sent()
	if len(sent) != 2 || !bytes.Equal(sent[1].Picture, png) {
		t.Errorf("%d sent, want the waiting certificate as an image after the follower wrote", len(sent))
	}
	if n, _ := f.app.Store.Depth(ctx); n != 0 {
		t.Errorf("outbox depth = %d, want 0", n)
	}

	// An account without the customer-service API (unverified) has only
	// passive replies: a picture then goes as its words, not never.
	f.api.NoCustomerAPI()
	queue("【荣誉证书】第三次坚持21天")
	if _, err := f.app.Outbox.SendDue(ctx); err != nil {
		t.Fatal(err)
	}
	contains(t, f.say("oFollower5", "我的积分"), "【荣誉证书】第三次坚持21天")
	if n, _ := f.app.Store.Depth(ctx); n != 0 {
		t.Errorf("outbox depth = %d, want 0: the picture's words went with the reply", n)
	}
}
