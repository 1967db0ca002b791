package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"linli/llm"
	"linli/llm/llmtest"
)

func TestLLMCheckCommand(t *testing.T) {
	srv := llmtest.New(t)
	srv.Answer(func(llmtest.ChatRequest) llmtest.Reply { return llmtest.Good(`{"ok":true}`) })
	var out bytes.Buffer
	code := printLLMCheck(context.Background(), llm.Config{BaseURL: srv.URL, APIKey: "k", Model: "m", Timeout: time.Second}, &out)
	if code != 0 || !strings.Contains(out.String(), "✓ 对话模型可用") || !strings.HasSuffix(out.String(), "LLM 配置可用。\n") {
		t.Errorf("exit %d, output:\n%s", code, out.String())
	}

	srv.RequireKey("other")
	out.Reset()
	code = printLLMCheck(context.Background(), llm.Config{BaseURL: srv.URL, APIKey: "k", Model: "m", Timeout: time.Second}, &out)
	if code != 1 || !strings.Contains(out.String(), "✗ 对话模型不可用：密钥被拒绝") {
		t.Errorf("exit %d, output:\n%s", code, out.String())
	}

	var stderr bytes.Buffer
	if code := runLLM(context.Background(), nil, &out, &stderr); code != 2 || !strings.Contains(stderr.String(), "usage: linli llm check") {
		t.Errorf("no subcommand: exit %d, stderr %q", code, stderr.String())
	}
}
