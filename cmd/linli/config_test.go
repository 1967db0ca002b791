package main

import (
	"bytes"
	"context"
	"encoding/json"
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

func TestInitWritesAConfigThatLoads(t *testing.T) {
	out := filepath.Join(t.TempDir(), "linli.yaml")
	var stdout, stderr bytes.Buffer
	if code := Main(context.Background(), []string{"init", "--out", out}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("linli init exited %d: %s", code, stderr.String())
	}
	cfg, err := LoadConfig(out, noEnv)
	if err != nil {
		t.Fatalf("the config linli init wrote does not load: %v", err)
	}
	if len(cfg.Communities) != 1 || cfg.Communities[0].Name != "锦霞社区" || cfg.Pacing.PerChat != 2*time.Second {
		t.Errorf("unexpected config from linli init: %+v", cfg)
	}
	if code := Main(context.Background(), []string{"init", "--out", out}, nil, &stdout, &stderr); code != 1 {
		t.Errorf("linli init over an existing file exited %d, want 1", code)
	}
}

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

func TestSimReportsTheBadLine(t *testing.T) {
	script := filepath.Join(t.TempDir(), "bad.sim")
	if err := os.WriteFile(script, []byte("@now 2026-11-24 08:00\n@group 一群 community=甲\n[一群] 张三 打卡\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), []string{"sim", "--script", script}, nil, &stdout, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), "line 3") {
		t.Errorf("linli sim on a bad line exited %d with %q; want 2 and the line number", code, stderr.String())
	}
	if code := Main(context.Background(), []string{"frobnicate"}, nil, &stdout, &stderr); code != 2 {
		t.Errorf("unknown command exited %d, want 2", code)
	}
}

func TestSimJSONOutput(t *testing.T) {
	script := filepath.Join(t.TempDir(), "json.sim")
	body := "@now 2026-11-24 08:00\n@group 锦霞一群 community=锦霞社区\n[锦霞一群] 张三: 电池是什么垃圾\n[私聊] 张三: 帮助\n"
	if err := os.WriteFile(script, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := Main(context.Background(), []string{"sim", "--json", "--script", script}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 JSON lines, got %q", stdout.String())
	}
	var group, private struct{ Time, Chat, To, Text string }
	if err := json.Unmarshal([]byte(lines[0]), &group); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lines[1]), &private); err != nil {
		t.Fatal(err)
	}
	if group.Chat != "锦霞一群" || group.To != "" || group.Time != "2026-11-24 08:00" || !strings.Contains(group.Text, "有害垃圾") {
		t.Errorf("group line: %+v", group)
	}
	if private.Chat != "私聊" || private.To != "张三" || !strings.Contains(private.Text, "\n") {
		t.Errorf("private line (a multi-line help joined with \\n): %+v", private)
	}
}
