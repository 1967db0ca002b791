package program

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "linli.yaml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func noEnv(string) string { return "" }

func TestBadConfigNamesTheKey(t *testing.T) {
	tests := []struct{ body, want string }{
		{"timezone: Mars/Olympus\n", "timezone"},
		{"bot_nmae: 小助手\n", "bot_nmae"},
		{"pacing:\n  per_chat: fast\n", "per_chat"},
		{"communities:\n  - name: ''\n", "communities[0].name"},
		{"communities:\n  - name: 甲\n    groups: [一群]\n  - name: 乙\n    groups: [一群]\n", "communities[1].groups"},
		{"communities:\n  - name: 甲\n    timezone: Nowhere/City\n", "communities[0].timezone"},
	}
	for _, tt := range tests {
		_, err := LoadConfig(writeConfig(t, tt.body), noEnv)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("config %q: error %v, want one naming %q", tt.body, err, tt.want)
		}
	}
}

func TestEnvironmentOverridesConfig(t *testing.T) {
	env := map[string]string{
		"LINLI_BOT_NAME":         "邻里小帮手",
		"LINLI_PACING_PER_CHAT":  "5s",
		"LINLI_LLM_API_KEY":      "sk-test",
		"LINLI_SERVE_ALL_GROUPS": "true",
	}
	cfg, err := LoadConfig(writeConfig(t, "bot_name: 社区小助手\npacing:\n  per_chat: 2s\n"), func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.BotName != "邻里小帮手" || cfg.Pacing.PerChat != 5*time.Second || cfg.LLM.APIKey != "sk-test" || !cfg.ServeAllGroups {
		t.Errorf("environment not applied: %+v", cfg)
	}
	_, err = LoadConfig("", func(k string) string {
		if k == "LINLI_PACING_ACCOUNT_BURST" {
			return "many"
		}
		return ""
	})
	if err == nil || !strings.Contains(err.Error(), "LINLI_PACING_ACCOUNT_BURST") {
		t.Errorf("bad environment value: error %v, want one naming the variable", err)
	}
}
