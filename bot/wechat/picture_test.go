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

// TestSendFile: the month's ledger reaches a coordinator's private chat as
// a file with its own name, through openwechat's upload and app message.
func TestSendFile(t *testing.T) {
	srv := community(t, wechattest.Options{})
	srv.AutoConfirm(true)
	run := startGateway(t, testConfig(srv, t.TempDir(), &wechattest.LogBuffer{}))
	ctx := waitCtx(t)
	if err := run.gw.WaitOnline(ctx); err != nil {
		t.Fatal(err)
	}
	xlsx := append([]byte("PK\x03\x04"), bytes.Repeat([]byte("ledger row "), 70_000)...) // 770 KB: two chunks
	f := bot.File{Name: "台账-锦霞社区-2026-11.xlsx", Data: xlsx}
	if err := run.gw.SendFile(ctx, bot.Address{Kind: bot.ToMember, MemberName: "王阿姨"}, f); err != nil {
		t.Fatalf("send ledger: %v", err)
	}
	sent := srv.Sent()
	if len(sent) != 1 {
		t.Fatalf("%d sent at the wire, want 1: %+v", len(sent), sent)
	}
	if sent[0].To != "wang" || sent[0].FileName != f.Name || !bytes.Equal(sent[0].File, xlsx) {
		t.Errorf("file went to %q as %q with %d bytes, want wang, %q, %d bytes", sent[0].To, sent[0].FileName, len(sent[0].File), f.Name, len(xlsx))
	}
	if st := run.gw.Stats(); st.Sent != 1 || st.SendFailures != 0 {
		t.Errorf("stats = %+v, want 1 sent", st)
	}
}
