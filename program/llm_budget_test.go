package program

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
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

// TestSpentModelBudgetIsTold: when a community's model budget is spent, the
// operator's webhook hears it once that day, naming the community, and
// the residents are still answered by the rules.
func TestSpentModelBudgetIsTold(t *testing.T) {
	ctx := context.Background()
	srv := llmtest.New(t)
	srv.Answer(func(llmtest.ChatRequest) llmtest.Reply {
		return llmtest.JSON(map[string]any{"intent": "question_garbage"})
	})
	hook := make(chan map[string]any, 10)
	ops := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			t.Errorf("webhook body: %v", err)
		}
		hook <- body
	}))
	defer ops.Close()
	cfg := DefaultConfig()
	cfg.LLM.BaseURL, cfg.LLM.APIKey, cfg.LLM.Model, cfg.LLM.Timeout = srv.URL, "k", "m", 2*time.Second
	cfg.LLM.DailyTokenBudget = 1
	cfg.Alerts.Webhook = ops.URL
	p, err := NewSim(ctx, cfg, filepath.Join(t.TempDir(), "budget.db"), io.Discard, false, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	jinxia := bot.WithCommunity(ctx, "锦霞社区")
	if _, err := p.Program.LLM.ClassifyIntent(jinxia, "电池是什么垃圾"); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := p.Program.LLM.ClassifyIntent(jinxia, "电池是什么垃圾"); !errors.Is(err, llm.ErrBudgetExhausted) {
			t.Fatalf("锦霞社区's call: %v, want its budget spent", err)
		}
	}
	select {
	case body := <-hook:
		if body["community"] != "锦霞社区" || !strings.HasPrefix(fmt.Sprint(body["key"]), "llm-budget:锦霞社区:") ||
			!strings.Contains(fmt.Sprint(body["title"]), "额度已用完") {
			t.Errorf("webhook got %v, want the spent budget of 锦霞社区", body)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the webhook never heard of the spent budget")
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case body := <-hook:
		t.Errorf("the spent budget was told again the same day: %v", body)
	default:
	}
}
