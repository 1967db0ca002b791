// Command linli is the one binary: `linli run` serves WeChat, `linli sim`
// plays transcripts, `linli kb` manages the knowledge base, `linli eval`
// measures it, `linli admin` issues coordinator codes and exports ledgers,
// `linli store copy` moves a SQLite store into PostgreSQL, `linli init`
// writes a commented linli.yaml.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // Asia/Shanghai must resolve on machines without zoneinfo

	"linli/program"
)

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

func commands() map[string]command {
	return map[string]command{
		"sim":   {"play a transcript (or type one) through the real router, workflows and store", runSim},
		"admin": {"admin code --community X: print a one-time coordinator code", runAdmin},
		"init":  {"write a commented linli.yaml", runInit},
		"run": {"serve WeChat: login (QR or saved session), handle messages, /healthz and /metrics",
			noInput(runRun)},
		"console": {"serve the coordinators' web console over a store, without a WeChat login",
			noInput(runConsole)},
		"kb": {"import, embed, list and search the knowledge base",
			noInput(runKB)},
		"eval": {"measure retrieval: eval legal --data FILE.jsonl, eval garbage --data FILE.tsv",
			noInput(runEval)},
		"mp": {"menu: publish the Official Account's custom menu from linli.yaml",
			noInput(runMP)},
		"store": {"copy --from PATH.db --to postgres://…: move a SQLite store into an empty PostgreSQL database",
			noInput(runStore)},
		"llm": {"check: send one tiny request to the configured model and say whether it works",
			noInput(runLLM)},
	}
}

// noInput adapts a command that reads no standard input.
func noInput(run func(ctx context.Context, args []string, stdout, stderr io.Writer) int) func(context.Context, []string, io.Reader, io.Writer, io.Writer) int {
	return func(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
		return run(ctx, args, stdout, stderr)
	}
}

// configVerb parses `linli NAME VERB [--config FILE]` for a command with
// one verb and no other flag, and loads the config. ok is false when the
// usage or the config was wrong; that has been said on stderr, and the
// exit code is 2.
func configVerb(name, verb, about string, args []string, stderr io.Writer) (cfg program.Config, ok bool) {
	full := "linli " + name + " " + verb
	if len(args) == 0 || args[0] != verb {
		fmt.Fprintf(stderr, "usage: %s [--config linli.yaml]\n\n%s\n", full, about)
		return cfg, false
	}
	fs := flag.NewFlagSet(full, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", defaultConfigPath(), "linli.yaml")
	if err := fs.Parse(args[1:]); err != nil {
		return cfg, false
	}
	cfg, err := program.LoadConfig(*cfgPath, os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", full, err)
		return cfg, false
	}
	return cfg, true
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Main runs linli with args and returns the exit code: 0 success, 1 failure,
// 2 bad usage.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout, cmds)
		return 0
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "linli: unknown command %q\n", args[0])
		usage(stderr, cmds)
		return 2
	}
	return c.run(ctx, args[1:], stdin, stdout, stderr)
}

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "usage: linli <command> [flags]\n\ncommands:")
	for _, name := range []string{"run", "console", "sim", "kb", "eval", "admin", "store", "mp", "llm", "init"} {
		if c, ok := cmds[name]; ok {
			fmt.Fprintf(w, "  %-6s %s\n", name, c.summary)
		}
	}
	fmt.Fprintln(w, "\nRun 'linli <command> -h' for a command's flags.")
}
