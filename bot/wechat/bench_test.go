package wechat_test

import (
	"context"
	"fmt"
	"testing"

	"linli/bot"
	"linli/bot/wechat"
	"linli/bot/wechat/wechattest"
)

// BenchmarkInbound measures group messages a second from the protocol
// server through openwechat's sync loop to the gateway's channel.
func BenchmarkInbound(b *testing.B) {
	srv := wechattest.New(wechattest.Options{})
	defer srv.Close()
	srv.AddContact(wechattest.Contact{Key: "zhang", NickName: "老张", Friend: true})
	srv.AddGroup(wechattest.Group{Name: "锦霞一群", Saved: true, Members: map[string]string{"zhang": "3号楼张三"}})
	srv.AutoConfirm(true)
	run := startGatewayB(b, testConfig(srv, b.TempDir(), &wechattest.LogBuffer{}))
	if err := run.gw.WaitOnline(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range b.N {
		srv.GroupSays("锦霞一群", "zhang", fmt.Sprintf("打卡 %d", i))
		<-run.in
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}

// BenchmarkSend measures Send calls a second to a group over the real
// client (no pacing: that is the outbox's job).
func BenchmarkSend(b *testing.B) {
	srv := wechattest.New(wechattest.Options{NoEcho: true})
	defer srv.Close()
	srv.AddGroup(wechattest.Group{Name: "锦霞一群", Saved: true, Members: map[string]string{}})
	srv.AutoConfirm(true)
	run := startGatewayB(b, testConfig(srv, b.TempDir(), &wechattest.LogBuffer{}))
	ctx := context.Background()
	if err := run.gw.WaitOnline(ctx); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range b.N {
		if err := run.gw.Send(ctx, bot.GroupAddress("锦霞一群"), fmt.Sprintf("通知 %d", i)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sends/s")
}

func startGatewayB(b *testing.B, cfg wechat.Config) *gatewayRun {
	ctx, cancel := context.WithCancel(context.Background())
	r := &gatewayRun{gw: wechat.New(cfg), in: make(chan bot.Message, 100), cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- r.gw.Run(ctx, r.in) }()
	b.Cleanup(func() { cancel(); <-r.done })
	return r
}
