package program

import (
	"context"
	"errors"
	"strings"
	"testing"

	"linli/llm"
	"linli/llm/llmtest"
	"linli/workflows/faq"
)

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
