package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"linli/llm"
	"linli/program"
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
	cfg, err := program.LoadConfig(*cfgPath, os.Getenv)
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
