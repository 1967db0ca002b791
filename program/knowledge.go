package program

import (
	"context"
	"fmt"
	"log/slog"

	"linli/knowledge"
	"linli/llm"
	"linli/storage/sqlite"
)

// LoadKnowledge loads the knowledge base residents' questions are answered
// from: the built-in material plus what store holds (nil: the built-in
// material alone), ranked hybrid when emb has an embedding model. The
// running program, `linli kb search` and `linli eval legal` all load it
// here, so what is measured is what residents get.
func LoadKnowledge(ctx context.Context, store *sqlite.KnowledgeStore, emb *llm.Client, log *slog.Logger) (*knowledge.Base, error) {
	var src knowledge.ChunkSource
	if store != nil {
		src = store
	}
	kb, err := knowledge.Load(ctx, src, knowledge.DefaultOptions())
	if err != nil {
		return nil, fmt.Errorf("load knowledge: %w", err)
	}
	if emb == nil || emb.EmbedModel() == "" || store == nil {
		return kb, nil
	}
	log = log.With("component", "knowledge")
	if err := kb.SetEmbedder(ctx, emb, store, log); err != nil {
		return nil, fmt.Errorf("load knowledge: %w", err)
	}
	log.Info("legal questions ranked by " + kb.Ranking())
	return kb, nil
}

// Embedder returns a model client for embedding the knowledge base when
// cfg names an embedding model and the endpoint is usable, or nil: the
// knowledge base then ranks by BM25 alone. problem says why there is none
// when a model is named but cannot be used. The client keeps its token
// budget in memory: embedding the material is the operator's work, not
// charged to any community's daily budget.
func Embedder(cfg Config) (c *llm.Client, problem string) {
	if cfg.LLM.EmbedModel == "" {
		return nil, ""
	}
	c = llm.New(llm.Config(cfg.LLM), nil, nil)
	if c.EmbedModel() == "" {
		return nil, fmt.Sprintf("embedding model %s is set, but %s", cfg.LLM.EmbedModel, c.Status())
	}
	return c, ""
}

// ChatModel returns a client for the chat model the configuration names,
// for tools that measure what the model adds (`linli eval legal --model`):
// its token budget is in memory and charged to no community. problem says
// why there is none.
func ChatModel(cfg Config) (c *llm.Client, problem string) {
	c = llm.New(llm.Config(cfg.LLM), nil, nil)
	if !c.Enabled() {
		return nil, c.Status()
	}
	return c, ""
}
