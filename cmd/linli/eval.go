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
	"linli/storage/sqlite"
)

// runEval is `linli eval legal|garbage --data FILE [--db PATH]`: it
// measures the knowledge base residents get (the one in --db, or the
// built-in material alone when --db is not given) against labelled
// questions.
func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "legal" && args[0] != "garbage") {
		fmt.Fprintln(stderr, "usage: linli eval legal|garbage --data FILE [--db PATH]")
		return 2
	}
	what := args[0]
	fs := flag.NewFlagSet("eval "+what, flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "labelled questions (legal: JSONL with question and articles; garbage: TSV query<TAB>category)")
	dbPath := fs.String("db", "", "database file (default: built-in material only)")
	misses := fs.Int("misses", 20, "garbage misses to print")
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
		if db, err = sqlite.Open(ctx, *dbPath); err != nil {
			fmt.Fprintln(stderr, "eval:", err)
			return 1
		}
		defer db.Close()
	}
	if what == "garbage" {
		return evalGarbage(ctx, db, f, *misses, stdout, stderr)
	}
	return evalLegal(ctx, db, f, stdout, stderr)
}

func evalLegal(ctx context.Context, db *sqlite.DB, data io.Reader, stdout, stderr io.Writer) int {
	rows, err := knowledge.ParseEvalRows(data)
	if err != nil {
		fmt.Fprintln(stderr, "eval legal:", err)
		return 1
	}
	var src knowledge.ChunkSource
	if db != nil {
		src = sqlite.NewKnowledgeStore(db)
	}
	base, err := knowledge.Load(ctx, src, knowledge.DefaultOptions())
	if err != nil {
		fmt.Fprintln(stderr, "eval legal:", err)
		return 1
	}
	rep := knowledge.Evaluate(base.Index(), rows, time.Now)
	fmt.Fprintf(stdout, "legal: %d chunks indexed\n", base.Index().Len())
	fmt.Fprintf(stdout, "Hit@1 %.3f\nHit@3 %.3f\nHit@5 %.3f\nMRR@10 %.3f\nlatency p50 %s p99 %s (n=%d)\n",
		rep.Hit1, rep.Hit3, rep.Hit5, rep.MRR10, rep.P50, rep.P99, rep.N)
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
