package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"linli/bot"
	"linli/bot/intent"
	"linli/program"
)

// runEvalIntents is `linli eval intents --data FILE.tsv [--half 0|1]`: it
// measures what the wired router makes of residents' messages (message,
// place, expected intent or none), with the rules alone.
func runEvalIntents(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval intents", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "labelled messages: TSV of message, place (private/group/mention), intent or none")
	half := fs.Int("half", -1, "only the first (0) or second (1) half of the rows, taken alternately")
	misses := fs.Int("misses", 40, "misses to print")
	explain := fs.Bool("explain", false, "print every row's ranked intents and scores")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *data == "" {
		fmt.Fprintln(stderr, "eval intents: --data FILE is required")
		return 2
	}
	f, err := os.Open(*data)
	if err != nil {
		fmt.Fprintln(stderr, "eval intents:", err)
		return 1
	}
	defer f.Close()
	rows, err := intent.ParseRows(f)
	if err != nil {
		fmt.Fprintln(stderr, "eval intents:", err)
		return 1
	}
	if *half == 0 || *half == 1 {
		rows = intent.Half(rows, *half)
	}
	dir, err := os.MkdirTemp("", "linli-eval-")
	if err != nil {
		fmt.Fprintln(stderr, "eval intents:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	var trace io.Writer
	if *explain {
		trace = stdout
	}
	rep, err := evalIntents(ctx, rows, filepath.Join(dir, "eval.db"), trace)
	if err != nil {
		fmt.Fprintln(stderr, "eval intents:", err)
		return 1
	}
	fmt.Fprintln(stdout, "rules only")
	rep.Write(stdout, *misses)
	return 0
}

// evalIntents decides every row with a freshly wired program's router, as
// a resident; with trace set it prints each row's ranking there.
func evalIntents(ctx context.Context, rows []intent.Row, dbPath string, trace io.Writer) (intent.Report, error) {
	p, err := program.NewSim(ctx, program.DefaultConfig(), dbPath, io.Discard, false, slog.New(slog.DiscardHandler))
	if err != nil {
		return intent.Report{}, err
	}
	defer p.Close()
	r := p.Program.Router
	var failed error
	rep := intent.Eval(rows, func(text string, place intent.Place) string {
		d, err := r.Means(text, place, bot.Resident)
		if err != nil {
			failed = err
		}
		if trace != nil {
			fmt.Fprintf(trace, "%q [%s] → %s  (folded %q)\n", text, place, r.Label(d), intent.Fold(bot.Normalize(text)))
			if res, err := r.Resolver(); err == nil {
				for _, m := range res.Resolve(bot.StripMention(bot.Normalize(text), r.BotName), int(bot.Resident)) {
					fmt.Fprintf(trace, "    %-18s %.3f keyword=%q args=%q\n", m.Name, m.Score, m.Keyword, m.Args)
				}
			}
		}
		return r.Label(d)
	})
	return rep, failed
}
