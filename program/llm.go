package program

import (
	"context"
	"log/slog"
	"time"

	"linli/bot"
	"linli/llm"
	"linli/storage/sqlite"
	"linli/workflows/faq"
)

// newLLM builds the optional model client once for the app: budget in the
// store, days in each community's time zone, spent tells when a
// community's day is spent. With no model configured the client answers
// every call with llm.ErrNotConfigured, so workflows need no special case;
// the status line says which it is.
func newLLM(cfg Config, db *sqlite.DB, dir *bot.Directory, clock bot.Clock, log *slog.Logger, spent func(community, day string)) *llm.Client {
	c := llm.New(llm.Config(cfg.LLM), clock, log.With("component", "llm"),
		llm.WithBudget(sqlite.NewLLMBudget(db)), llm.WithDirectory(dir), llm.WithBudgetSpent(spent),
		// Each community draws on its own daily budget.
		llm.WithCommunityOf(bot.CommunityOf))
	log.Info(c.Status())
	return c
}

// budgetSpent tells the operator and the community's coordinators, once
// a day, that the community's model budget is spent: until tomorrow its
// questions and requests are read by the rules alone. It is called inside
// a handler's transaction, so the alert goes out on its own goroutine,
// with its own context, after that transaction is done with.
func (a *Program) budgetSpent(community, day string) {
	a.alerting.Add(1)
	go func() {
		defer a.alerting.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		a.Alerts.RaiseIn(ctx, community, "llm-budget:"+community+":"+day, "大模型今日额度已用完",
			community+" 今天的大模型额度（daily_token_budget）已用完。明天之前，问答、派单等改由规则处理，照常可用；如需更多额度，请运维调整配置。")
	}()
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
