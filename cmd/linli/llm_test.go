package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"linli/llm"
	"linli/llm/llmtest"
	"linli/workflows/faq"
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

func TestFAQWriterGivesAGroundedAnswer(t *testing.T) {
	srv := llmtest.New(t)
	srv.Push(llmtest.JSON(map[string]any{"answerable": true, "answer": "有过错的一方应当赔偿。", "citations": []int{1165}}))
	w := faqWriter{llm: llm.New(llm.Config{BaseURL: srv.URL, APIKey: "k", Model: "m"}, nil, nil)}
	got, err := w.WriteAnswer(context.Background(), "楼上漏水谁来赔？", []faq.Passage{
		{Article: 1165, Citation: "《民法典》第一千一百六十五条", Text: "行为人因过错侵害他人民事权益造成损害的，应当承担侵权责任。"},
		{Article: 0, Citation: "社区问答", Text: "物业电话见公告栏。"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got != "有过错的一方应当赔偿。（依据《民法典》第1165条）" {
		t.Errorf("answer %q", got)
	}
	if body := srv.Chats()[0].Raw; strings.Contains(body, "物业电话") {
		t.Error("a passage without an article was offered to the model as citable")
	}

	off := faqWriter{llm: llm.New(llm.Config{}, nil, nil)}
	if _, err := off.WriteAnswer(context.Background(), "q", nil); !errors.Is(err, llm.ErrNotConfigured) {
		t.Errorf("unconfigured writer: %v", err)
	}
}
