package program

import (
	"strings"
	"testing"
)

func TestOfficialAccountConfigNamesTheKey(t *testing.T) {
	const account = "mp:\n  app_id: wx1\n  app_secret: s\n  token: t\n"
	for _, tc := range []struct{ body, want string }{
		{"wechat:\n  enabled: false\n", "wechat.enabled"},
		{"mp:\n  app_id: wx1\n", "mp.app_secret"},
		{"mp:\n  app_id: wx1\n  app_secret: s\n", "mp.token"},
		{account + "  aes_key: short\n", "mp.aes_key"},
		{account + "  path: wx\n", "mp.path"},
		{account + "  reply_within: 6s\n", "mp.reply_within"},
	} {
		_, err := LoadConfig(writeConfig(t, tc.body), noEnv)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v does not name %s", tc.body, err, tc.want)
		}
	}
	cfg, err := LoadConfig(writeConfig(t, account+"wechat:\n  enabled: false\n"), noEnv)
	if err != nil || !cfg.MP.Enabled() || cfg.WeChat.Enabled || cfg.MP.Path != "/wx" {
		t.Errorf("the Official Account alone: %+v, %v", cfg.MP, err)
	}
}
