package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"linli/bot/mp/mptest"
)

func TestMPMenuPublishesTheConfiguredMenu(t *testing.T) {
	api := mptest.NewServer(t, "wx5e1f0c2d3b4a6978", "s3cret")
	api.Install(t)
	cfg := filepath.Join(t.TempDir(), "linli.yaml")
	os.WriteFile(cfg, []byte(`
mp:
  app_id: wx5e1f0c2d3b4a6978
  app_secret: s3cret
  token: linlitoken
  menu:
    - {name: 打卡, key: 打卡}
    - name: 我的
      sub:
        - {name: 我的积分, key: 我的积分}
`), 0o600)
	var out, errOut bytes.Buffer
	if code := Main(context.Background(), []string{"mp", "menu", "--config", cfg}, nil, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	menu := api.Menu()
	for _, want := range []string{`"name":"打卡"`, `"type":"click"`, `"key":"我的积分"`, `"sub_button"`} {
		if !strings.Contains(menu, want) {
			t.Errorf("published menu %s lacks %s", menu, want)
		}
	}
	if !strings.Contains(out.String(), "菜单已发布") {
		t.Errorf("output %q does not say the menu is published", out.String())
	}
}

func TestMPMenuWithoutAnAccountIsBadUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	cfg := filepath.Join(t.TempDir(), "linli.yaml")
	os.WriteFile(cfg, []byte("bot_name: 小助手\n"), 0o600)
	if code := Main(context.Background(), []string{"mp", "menu", "--config", cfg}, nil, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "mp.app_id") {
		t.Errorf("exit %d, %q; want 2 naming mp.app_id", code, errOut.String())
	}
}
