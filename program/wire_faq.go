package program

import (
	"context"

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
	kb, err := LoadKnowledge(ctx, ks, a.LLM, a.Log)
	if err != nil {
		return err
	}
	gc, err := garbage.Load(ctx, sqlite.NewGarbageStore(a.Store))
	if err != nil {
		return err
	}
	deps := faq.Deps{Knowledge: kb, Garbage: gc, Store: ks, Coordinators: a.Store, Directory: a.Directory}
	if a.LLM.Enabled() {
		// The model orders the articles of a legal answer, then words it;
		// both fall back to the rules on any failure.
		deps.Writer = faqWriter{llm: a.LLM}
		deps.Reranker = a.LLM
	}
	w, err := faq.New(faq.Config{}, deps)
	if err != nil {
		return err
	}
	w.Register(a.Router)
	a.FAQ = w
	return nil
}
