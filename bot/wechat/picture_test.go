package wechat_test

import (
	"bytes"
	"testing"

	"linli/bot"
	"linli/bot/wechat/wechattest"
)

// Pictures go up through web WeChat's upload (in 512 KB chunks when
// large) and out as picture messages, to a group and to a resident.
func TestSendPicture(t *testing.T) {
	srv := community(t, wechattest.Options{})
	srv.AutoConfirm(true)
	run := startGateway(t, testConfig(srv, t.TempDir(), &wechattest.LogBuffer{}))
	ctx := waitCtx(t)
	if err := run.gw.WaitOnline(ctx); err != nil {
		t.Fatal(err)
	}
	small := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte("poster"), 10_000)...)
	large := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte("certificate!"), 60_000)...) // 720 KB: two chunks
	if err := run.gw.SendPicture(ctx, bot.GroupAddress("锦霞一群"), bot.Picture{Name: "光荣榜.png", PNG: small}); err != nil {
		t.Fatalf("send poster: %v", err)
	}
	if err := run.gw.SendPicture(ctx, bot.Address{Kind: bot.ToMember, MemberName: "王阿姨"}, bot.Picture{Name: "证书.png", PNG: large}); err != nil {
		t.Fatalf("send certificate: %v", err)
	}
	sent := srv.Sent()
	if len(sent) != 2 {
		t.Fatalf("%d sent at the wire, want 2: %+v", len(sent), sent)
	}
	if sent[0].To != "锦霞一群" || !bytes.Equal(sent[0].Picture, small) {
		t.Errorf("first picture went to %q with %d bytes, want 锦霞一群 with %d", sent[0].To, len(sent[0].Picture), len(small))
	}
	if sent[1].To != "wang" || !bytes.Equal(sent[1].Picture, large) {
		t.Errorf("second picture went to %q with %d bytes, want wang with %d", sent[1].To, len(sent[1].Picture), len(large))
	}
	if n := srv.Calls("webwxuploadmedia"); n != 3 {
		t.Errorf("%d upload calls, want 3 (one, then two chunks)", n)
	}
	if st := run.gw.Stats(); st.Sent != 2 || st.SendFailures != 0 {
		t.Errorf("stats = %+v, want 2 sent", st)
	}
}
