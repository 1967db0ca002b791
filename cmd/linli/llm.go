package main

import (
	"context"
	"fmt"
	"io"

	"linli/llm"
)

// runLLM implements `linli llm check`: one tiny request to the configured
// endpoint, and a plain-words verdict an office volunteer can act on.
func runLLM(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, ok := configVerb("llm", "check", "Sends one tiny request to the model in linli.yaml / LINLI_LLM_* and says whether it works.", args, stderr)
	if !ok {
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
