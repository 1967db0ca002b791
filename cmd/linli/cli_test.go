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
