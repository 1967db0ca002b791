package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"linli/bot"
	"linli/llm"
	"linli/storage/sqlite"
	"linli/workflows/faq"
)

// runLLM implements `linli llm check`: one tiny request to the configured
// endpoint, and a plain-words verdict an office volunteer can act on.
func runLLM(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "check" {
		fmt.Fprintln(stderr, "usage: linli llm check [--config linli.yaml]\n\n"+
			"Sends one tiny request to the model in linli.yaml / LINLI_LLM_* and says whether it works.")
		return 2
	}
	fs := flag.NewFlagSet("linli llm check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", defaultConfigPath(), "linli.yaml")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	cfg, err := LoadConfig(*cfgPath, os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "linli llm check: %v\n", err)
		return 2
	}
	return printLLMCheck(ctx, llm.Config(cfg.LLM), stdout)
}

// printLLMCheck runs the check and prints one line per finding; the exit
// code is 0 when everything works.
func printLLMCheck(ctx context.Context, cfg llm.Config, stdout io.Writer, opts ...llm.Option) int {
	rep := llm.Check(ctx, cfg, opts...)
	for _, l := range rep.Lines {
		mark := "✓"
		if !l.OK {
			mark = "✗"
		}
		fmt.Fprintf(stdout, "%s %s\n", mark, l.Text)
	}
	if !rep.OK() {
		return 1
	}
	fmt.Fprintln(stdout, "LLM 配置可用。")
	return 0
}

// newLLM builds the optional model client once for the app: budget in the
// store, days in each community's time zone. With no model configured the
// client answers every call with llm.ErrNotConfigured, so workflows need no
// special case; the status line says which it is.
func newLLM(cfg Config, db *sqlite.DB, dir *bot.Directory, clock bot.Clock, log *slog.Logger) *llm.Client {
	c := llm.New(llm.Config(cfg.LLM), clock, log.With("component", "llm"),
		llm.WithBudget(sqlite.NewLLMBudget(db)), llm.WithDirectory(dir))
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
