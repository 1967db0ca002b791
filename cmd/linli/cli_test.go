package main

import (
	"bytes"
	"context"
	"encoding/json"
	"linli/program"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestInitWritesAConfigThatLoads(t *testing.T) {
	out := filepath.Join(t.TempDir(), "linli.yaml")
	var stdout, stderr bytes.Buffer
	if code := Main(context.Background(), []string{"init", "--out", out}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("linli init exited %d: %s", code, stderr.String())
	}
	cfg, err := program.LoadConfig(out, func(string) string { return "" })
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

// runSimScript plays body with `linli sim --script` and returns the exit
// code and both outputs.
func runSimScript(t *testing.T, body string, extra ...string) (int, string, string) {
	t.Helper()
	script := filepath.Join(t.TempDir(), "t.sim")
	if err := os.WriteFile(script, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), append([]string{"sim", "--script", script}, extra...), nil, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestSimShowsWhoSaidWhatBeforeTheReply(t *testing.T) {
	code, out, errOut := runSimScript(t, "@now 2026-11-24 08:00\n@group 锦霞一群 community=锦霞社区\n[私聊] 张三: 帮助\n")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	said := strings.Index(out, "> [私聊] 张三: 帮助")
	reply := strings.Index(out, "[私聊→张三]")
	if said < 0 || reply < 0 || said > reply {
		t.Errorf("the resident's line should come before the bot's reply:\n%s", out)
	}
	if strings.Contains(out, "@group") {
		t.Errorf("declarations are not part of the conversation:\n%s", out)
	}
	_, jsonOut, _ := runSimScript(t, "@group 锦霞一群 community=锦霞社区\n[私聊] 张三: 帮助\n", "--json")
	if strings.Contains(jsonOut, "> ") {
		t.Errorf("--json output must hold only what the bot sent:\n%s", jsonOut)
	}
}

func TestSimScriptMistakesExit2(t *testing.T) {
	for name, body := range map[string]string{
		"time goes back":     "@now 2026-11-24 08:00\n@now 2026-11-23 08:00\n",
		"redeliver first":    "@group 一群 community=甲\n@redeliver\n",
		"admin before group": "@admin 李主任\n",
	} {
		code, _, errOut := runSimScript(t, body)
		if code != 2 || !strings.Contains(errOut, "line 2") && !strings.Contains(errOut, "line 1") {
			t.Errorf("%s: exit %d, stderr %q; want 2 and the line", name, code, errOut)
		}
	}
}

func TestCommandsRefuseMistakes(t *testing.T) {
	dir := t.TempDir()
	badConfig := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(badConfig, []byte("pacing:\n  per_chat: soon\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	goodConfig := filepath.Join(dir, "good.yaml")
	if err := os.WriteFile(goodConfig, []byte("communities:\n  - name: 锦霞社区\n    groups: [锦霞一群]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	missingDB := filepath.Join(dir, "typo.db")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"run with a bad config", []string{"run", "--config", badConfig}, "pacing.per_chat"},
		{"export from a database that is not there", []string{"admin", "export", "--db", missingDB, "--config", goodConfig, "--out", filepath.Join(dir, "x.xlsx")}, "no such database"},
		{"code for a database that is not there", []string{"admin", "code", "--db", missingDB, "--config", goodConfig}, "no such database"},
		{"code for a community that is not configured", []string{"admin", "code", "--community", "锦霞小区", "--config", goodConfig}, "锦霞社区"},
	} {
		var stdout, stderr bytes.Buffer
		code := Main(context.Background(), tc.args, nil, &stdout, &stderr)
		if code != 2 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want 2 naming %q", tc.name, code, stderr.String(), tc.want)
		}
	}
	if _, err := os.Stat(missingDB); err == nil {
		t.Error("a mistyped --db created an empty database")
	}
}
