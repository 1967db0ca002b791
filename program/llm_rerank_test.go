package program

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"linli/knowledge"
	"linli/llm/llmtest"
	"linli/storage/sqlite"
)

// TestLegalAnswersAreRerankedByTheConfiguredModel: with a model
// configured, the wired program has it restate a legal question and order
// the retrieved articles, and the answer cites the model's choice; once
// the community's daily budget is spent, the next answer is the rules'.
func TestLegalAnswersAreRerankedByTheConfiguredModel(t *testing.T) {
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "rerank.db")
	db, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	art := func(n int, text string) knowledge.Chunk {
		return knowledge.Chunk{Kind: knowledge.KindArticle, Key: strconv.Itoa(n), Text: text, Articles: []int{n}}
	}
	if err := sqlite.NewKnowledgeStore(db).ReplaceSource(ctx, "code.jsonl", []knowledge.Chunk{
		art(1245, "饲养的动物造成他人损害的，动物饲养人或者管理人应当承担侵权责任；但是，能够证明损害是因被侵权人故意或者重大过失造成的，可以不承担或者减轻责任。"),
		art(1246, "违反管理规定，未对动物采取安全措施造成他人损害的，动物饲养人或者管理人应当承担侵权责任；但是，能够证明损害是因被侵权人故意造成的，可以减轻责任。"),
	}, time.Now()); err != nil {
		t.Fatal(err)
	}
	db.Close()

	srv := llmtest.New(t)
	srv.Answer(func(r llmtest.ChatRequest) llmtest.Reply {
		switch system := r.Messages[0].Content; {
		case strings.Contains(system, "候选法条"):
			return llmtest.JSON(map[string]any{"answerable": true, "ranking": []int{1246}})
		case strings.Contains(system, "改写成《民法典》条文里的说法"):
			return llmtest.JSON(map[string]any{"question": "未对动物采取安全措施造成他人损害", "terms": []string{"安全措施"}})
		}
		return llmtest.Good("不是 JSON") // the worded answer fails: the extractive one is sent
	})
	cfg := DefaultConfig()
	cfg.LLM.BaseURL, cfg.LLM.APIKey, cfg.LLM.Model, cfg.LLM.Timeout = srv.URL, "k", "m", 2*time.Second
	cfg.LLM.MaxRetries = -1
	cfg.LLM.DailyTokenBudget = 1500 // one question's calls
	var out bytes.Buffer
	p, err := NewSim(ctx, cfg, dbPath, &out, false, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	script := "@now 2026-11-24 09:00\n@group 锦霞一群 community=锦霞社区\n" +
		"[锦霞一群] 王阿姨: 问 邻居家狗咬了人，谁负责？\n" +
		"[锦霞一群] 赵叔: 问 邻居家狗咬了人，谁负责？\n"
	if err := p.Play(ctx, strings.NewReader(script), "rerank.sim"); err != nil {
		t.Fatal(err)
	}
	replies := strings.Split(strings.TrimSpace(out.String()), "[锦霞一群] ")
	if len(replies) != 3 {
		t.Fatalf("want two replies, got:\n%s", out.String())
	}
	if first := citedFirst(replies[1]); first != "第一千二百四十六条" {
		t.Errorf("the first answer should cite the model's choice, 1246, first:\n%s", replies[1])
	}
	if strings.Contains(replies[2], "第一千二百四十六条") || !strings.Contains(replies[2], "第一千二百四十五条") {
		t.Errorf("with the budget spent the answer should be the rules' (1245):\n%s", replies[2])
	}
	if len(srv.Chats()) < 2 {
		t.Errorf("the model was asked %d times, want the restatement and the ranking", len(srv.Chats()))
	}
}

// citedFirst is the first article a reply cites.
func citedFirst(reply string) string {
	_, after, ok := strings.Cut(reply, "《民法典》")
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(after, "条")
	return name + "条"
}
