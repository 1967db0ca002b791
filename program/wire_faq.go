package program

import (
	"context"

	"linli/knowledge"
	"linli/knowledge/garbage"
	"linli/storage/sqlite"
	"linli/workflows/faq"
)

// wireFAQ loads the knowledge base (built-in material plus what was
// imported), with hybrid ranking when the model client has an embedding
// model, and registers the question answering. It comes after the
// workflows whose listeners take requests, so statements reach them first.
func (a *Program) wireFAQ(ctx context.Context) error {
	ks := sqlite.NewKnowledgeStore(a.Store)
	kb, err := knowledge.Load(ctx, ks, knowledge.DefaultOptions())
	if err != nil {
		return err
	}
	if a.LLM.EmbedModel() != "" {
		log := a.Log.With("component", "knowledge")
		if err := kb.SetEmbedder(ctx, a.LLM, ks, log); err != nil {
			return err
		}
		log.Info("legal questions ranked by " + kb.Ranking())
	}
	gc, err := garbage.Load(ctx, sqlite.NewGarbageStore(a.Store))
	if err != nil {
		return err
	}
	w, err := faq.New(faq.Config{}, kb, gc, ks, a.Store, a.Directory)
	if err != nil {
		return err
	}
	if a.LLM.Enabled() {
		w.SetWriter(faqWriter{llm: a.LLM})
	}
	w.Register(a.Router)
	return nil
}
