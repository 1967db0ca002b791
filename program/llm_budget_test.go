package program

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"linli/bot"
	"linli/llm"
	"linli/llm/llmtest"
)

// TestEachCommunityHasItsOwnModelBudget: a community that spent its daily
// tokens does not stop another community's residents from being helped.
func TestEachCommunityHasItsOwnModelBudget(t *testing.T) {
	ctx := context.Background()
	srv := llmtest.New(t)
	srv.Answer(func(llmtest.ChatRequest) llmtest.Reply {
		return llmtest.JSON(map[string]any{"intent": "question_garbage"})
	})
	cfg := DefaultConfig()
	cfg.LLM.BaseURL, cfg.LLM.APIKey, cfg.LLM.Model, cfg.LLM.Timeout = srv.URL, "k", "m", 2*time.Second
	cfg.LLM.DailyTokenBudget = 1
	p, err := NewSim(ctx, cfg, filepath.Join(t.TempDir(), "budget.db"), io.Discard, false, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	jinxia := bot.WithCommunity(ctx, "锦霞社区")
	if _, err := p.Program.LLM.ClassifyIntent(jinxia, "电池是什么垃圾"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Program.LLM.ClassifyIntent(jinxia, "电池是什么垃圾"); !errors.Is(err, llm.ErrBudgetExhausted) {
		t.Fatalf("锦霞社区's second call: %v, want its budget spent", err)
	}
	if _, err := p.Program.LLM.ClassifyIntent(bot.WithCommunity(ctx, "翠苑社区"), "电池是什么垃圾"); err != nil {
		t.Errorf("翠苑社区 was charged for 锦霞社区's calls: %v", err)
	}
}
