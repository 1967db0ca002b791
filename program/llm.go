package program

import (
	"context"
	"log/slog"

	"linli/bot"
	"linli/llm"
	"linli/storage/sqlite"
	"linli/workflows/faq"
)

// newLLM builds the optional model client once for the app: budget in the
// store, days in each community's time zone. With no model configured the
// client answers every call with llm.ErrNotConfigured, so workflows need no
// special case; the status line says which it is.
func newLLM(cfg Config, db *sqlite.DB, dir *bot.Directory, clock bot.Clock, log *slog.Logger) *llm.Client {
	c := llm.New(llm.Config(cfg.LLM), clock, log.With("component", "llm"),
		llm.WithBudget(sqlite.NewLLMBudget(db)), llm.WithDirectory(dir),
		// Each community draws on its own daily budget.
		llm.WithCommunityOf(bot.CommunityOf))
	log.Info(c.Status())
	return c
}

// faqWriter lets the FAQ workflow have legal answers worded by the model.
// The answer is grounded twice: llm rejects citations outside the passages,
// and faq checks the written text again before sending it.
type faqWriter struct{ llm *llm.Client }

// WriteAnswer implements faq.AnswerWriter.
func (w faqWriter) WriteAnswer(ctx context.Context, question string, passages []faq.Passage) (string, error) {
	in := make([]llm.Passage, 0, len(passages))
	for _, p := range passages {
		if p.Article > 0 {
			in = append(in, llm.Passage{Law: "民法典", Article: p.Article, Text: p.Text})
		}
	}
	a, err := w.llm.GroundedAnswer(ctx, question, in)
	if err != nil {
		return "", err
	}
	return a.Text, nil
}
