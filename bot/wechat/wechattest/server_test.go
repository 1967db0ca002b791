package wechattest_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/eatmoreapple/openwechat"

	"linli/bot/wechat/wechattest"
)

// newBot is openwechat as an application would use it, pointed at srv.
func newBot(t *testing.T, srv *wechattest.Server, mode openwechat.BotPreparer) *openwechat.Bot {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	b := openwechat.DefaultBot(mode, openwechat.WithContextOption(ctx))
	b.Caller.Client.HTTPClient().Transport = srv.Transport()
	b.UUIDCallback, b.ScanCallBack, b.LoginCallBack, b.SyncCheckCallback = nil, nil, nil, nil
	return b
}

func TestOpenwechatLogsInListsContactsAndSends(t *testing.T) {
	// openwechat's contact cache belongs to its sync loop: without echoes
	// of our own sends, this test can read it while the loop is idle.
	srv := wechattest.New(wechattest.Options{BotNick: "小助手", NoEcho: true})
	defer srv.Close()
	srv.AddContact(wechattest.Contact{Key: "zhang", NickName: "老张", Friend: true})
	srv.AddGroup(wechattest.Group{Name: "锦霞一群", Saved: true, Members: map[string]string{"zhang": "张三"}})
	srv.AutoConfirm(true)
	type seen struct {
		text, sender string
		at           bool
	}
	got := make(chan seen, 1)
	b := newBot(t, srv, openwechat.Desktop)
	b.MessageHandler = func(m *openwechat.Message) {
		s := seen{text: m.Content, at: m.IsAt()}
		if u, err := m.SenderInGroup(); err == nil {
			s.sender = u.DisplayName
		}
		got <- s
	}
	if err := b.Login(); err != nil {
		t.Fatal(err)
	}
	self, err := b.GetCurrentUser()
	if err != nil || self.NickName != "小助手" {
		t.Fatalf("self = %v, %v", self, err)
	}
	groups, err := self.Groups()
	if err != nil || groups.Count() != 1 || groups.First().NickName != "锦霞一群" {
		t.Fatalf("groups = %v, %v", groups, err)
	}
	friends, _ := self.Friends()
	if friends.Count() != 1 || friends.First().NickName != "老张" {
		t.Fatalf("friends = %v", friends)
	}
	if _, err := groups.First().SendText("大家好"); err != nil {
		t.Fatal(err)
	}
	sent := srv.Sent()
	if len(sent) != 1 || sent[0].To != "锦霞一群" || sent[0].Text != "大家好" {
		t.Errorf("sent = %+v", sent)
	}

	srv.GroupMentions("锦霞一群", "zhang", "你好")
	select {
	case m := <-got:
		if m.sender != "张三" || !m.at || !strings.HasSuffix(m.text, "你好") {
			t.Errorf("got %+v, want an @-mention from 张三", m)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no message")
	}

	srv.Logout(1101)
	// Not b.Block(): it reads the bot's user while the sync loop clears it
	// (a data race in openwechat v1.4.10); the context is safe to wait on.
	<-b.Context().Done()
	var ret openwechat.Ret
	if err := b.CrashReason(); !errors.As(err, &ret) || int(ret) != 1101 {
		t.Errorf("after a forced logout Block returned %v, want retcode 1101", err)
	}
}

func TestPlainWebModeIsRefused(t *testing.T) {
	srv := wechattest.New(wechattest.Options{})
	defer srv.Close()
	srv.AutoConfirm(true)
	b := newBot(t, srv, openwechat.Normal)
	err := b.Login()
	if err == nil || !strings.Contains(err.Error(), "不允许登录网页微信") {
		t.Errorf("web-mode login: %v, want WeChat's refusal", err)
	}
}

func TestTransportLeavesOtherHostsAlone(t *testing.T) {
	srv := wechattest.New(wechattest.Options{})
	defer srv.Close()
	other := wechattest.New(wechattest.Options{}) // any non-WeChat server
	defer other.Close()
	c := &http.Client{Transport: srv.Transport()}
	res, err := c.Get(other.URL + "/cgi-bin/mmwebwx-bin/synccheck")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("a request for another host got %d, want it passed through untouched (404 there)", res.StatusCode)
	}
	if srv.Calls("synccheck") != 0 {
		t.Error("a non-WeChat request reached the fake WeChat")
	}
}
