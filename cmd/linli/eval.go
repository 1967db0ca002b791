package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"linli/knowledge"
	"linli/knowledge/garbage"
	"linli/llm"
	"linli/program"
	"linli/storage/sqlite"
)

// runEval is `linli eval legal|garbage --data FILE [--db PATH]`: it
// measures the knowledge base residents get (the one in --db, or the
// built-in material alone when --db is not given) against labelled
// questions. Legal questions are ranked the way residents' are: hybrid
// when an embedding model is configured and --db holds its vectors.
func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "intents" {
		return runEvalIntents(ctx, args[1:], stdout, stderr)
	}
	if len(args) == 0 || (args[0] != "legal" && args[0] != "garbage") {
		fmt.Fprintln(stderr, "usage: linli eval legal|garbage|intents --data FILE [--db PATH] [--config linli.yaml] [--model]")
		return 2
	}
	what := args[0]
	fs := flag.NewFlagSet("eval "+what, flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "labelled questions (legal: JSONL with question and articles; garbage: TSV query<TAB>category)")
	dbPath := fs.String("db", "", "SQLite file or postgres:// URL (default: built-in material only)")
	misses := fs.Int("misses", 20, "garbage misses to print")
	passes := fs.Int("passes", 1, "legal: also time each question as the fastest of this many passes (a shared machine's noise left out)")
	cfgPath := fs.String("config", defaultConfigPath(), "linli.yaml, for the embedding and chat models (legal)")
	withModel := fs.Bool("model", false, "legal: have the chat model in linli.yaml order the articles, as it does for residents (two calls a question)")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if *data == "" {
		fmt.Fprintln(stderr, "eval: --data FILE is required")
		return 2
	}
	f, err := os.Open(*data)
	if err != nil {
		fmt.Fprintln(stderr, "eval:", err)
		return 1
	}
	defer f.Close()
	var db *sqlite.DB
	if *dbPath != "" {
		if db, err = program.OpenStore(ctx, *dbPath); err != nil {
			fmt.Fprintln(stderr, "eval:", err)
			return 1
		}
		defer db.Close()
	}
	if what == "garbage" {
		return evalGarbage(ctx, db, f, *misses, stdout, stderr)
	}
	var emb, model *llm.Client
	if db != nil || *withModel {
		cfg, err := program.LoadConfig(*cfgPath, os.Getenv)
		if err != nil {
			fmt.Fprintln(stderr, "eval:", err)
			return 2
		}
		var problem string
		if emb, problem = program.Embedder(cfg); problem != "" && db != nil {
			fmt.Fprintf(stderr, "eval legal: %s; ranking by BM25 alone\n", problem)
		}
		if *withModel {
			if model, problem = program.ChatModel(cfg); problem != "" {
				fmt.Fprintf(stderr, "eval legal --model: %s\n", problem)
				return 2
			}
		}
	}
	return evalLegal(ctx, db, emb, model, f, *passes, stdout, stderr)
}

// evalLegal ranks the labelled questions and prints Hit@k, latency and
// the precision–coverage curve; with model set the chat model orders the
// articles, as for residents.
func evalLegal(ctx context.Context, db *sqlite.DB, emb, model *llm.Client, data io.Reader, passes int, stdout, stderr io.Writer) int {
	rows, err := knowledge.ParseEvalRows(data)
	if err != nil {
		fmt.Fprintln(stderr, "eval legal:", err)
		return 1
	}
	var store *sqlite.KnowledgeStore
	if db != nil {
		store = sqlite.NewKnowledgeStore(db)
	}
	base, err := loadBase(ctx, store, emb, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "eval legal:", err)
		return 1
	}
	var ranker knowledge.Ranker = base.Ranker(ctx)
	reordered := &modelRanker{ctx: ctx, base: base, model: model}
	if model != nil {
		ranker = reordered
	}
	rep := knowledge.Evaluate(ranker, rows, time.Now)
	fmt.Fprintf(stdout, "legal: %d chunks indexed\n", base.Index().Len())
	fmt.Fprintln(stdout, "ranking:", rankingUsed(base))
	if model != nil {
		fmt.Fprintf(stdout, "reordered by the chat model (%s): %d calls failed (rules' order kept), %d withheld (no article cited)\n",
			model.Status(), reordered.failed, reordered.withheld)
	}
	if st := base.HybridStats(); st.Fallbacks > 0 {
		fmt.Fprintf(stdout, "embedding failures: %d of %d questions ranked by BM25 alone\n", st.Fallbacks, len(rows))
	}
	fmt.Fprintf(stdout, "Hit@1 %.3f\nHit@3 %.3f\nHit@5 %.3f\nMRR@10 %.3f\nlatency p50 %s p99 %s (n=%d)\n",
		rep.Hit1, rep.Hit3, rep.Hit5, rep.MRR10, rep.P50, rep.P99, rep.N)
	if passes > 1 {
		l := knowledge.MeasureLatency(base.Ranker(ctx), rows, time.Now, passes)
		fmt.Fprintf(stdout, "latency, fastest of %d passes per question: p50 %s p99 %s slowest %s\n", l.Passes, l.P50, l.P99, l.Slowest)
	}
	if err := rep.PrintCalibration(stdout); err != nil {
		fmt.Fprintln(stderr, "eval legal:", err)
		return 1
	}
	return 0
}

func evalGarbage(ctx context.Context, db *sqlite.DB, data io.Reader, misses int, stdout, stderr io.Writer) int {
	rows, err := garbage.ParseEvalTSV(data)
	if err != nil {
		fmt.Fprintln(stderr, "eval garbage:", err)
		return 1
	}
	c := garbage.New(garbage.Builtin())
	if db != nil {
		if c, err = garbage.Load(ctx, sqlite.NewGarbageStore(db)); err != nil {
			fmt.Fprintln(stderr, "eval garbage:", err)
			return 1
		}
	}
	if err := garbage.Evaluate(c, rows).Print(stdout, misses); err != nil {
		fmt.Fprintln(stderr, "eval garbage:", err)
		return 1
	}
	return 0
}
