// Command linli is the one binary: `linli run` serves WeChat, `linli sim`
// plays transcripts, `linli kb` manages the knowledge base, `linli eval`
// measures it, `linli admin` issues coordinator codes and exports ledgers,
// `linli store copy` moves a SQLite store into PostgreSQL, `linli init`
// writes a commented linli.yaml.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // Asia/Shanghai must resolve on machines without zoneinfo
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
			func(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
				return runRun(ctx, args, stdout, stderr)
			}},
		"console": {"serve the coordinators' web console over a store, without a WeChat login",
			func(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
				return runConsole(ctx, args, stdout, stderr)
			}},
		"kb": {"import, embed, list and search the knowledge base",
			func(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
				return runKB(ctx, args, stdout, stderr)
			}},
		"eval": {"measure retrieval: eval legal --data FILE.jsonl, eval garbage --data FILE.tsv",
			func(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
				return runEval(ctx, args, stdout, stderr)
			}},
		"mp": {"menu: publish the Official Account's custom menu from linli.yaml",
			func(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
				return runMP(ctx, args, stdout, stderr)
			}},
		"store": {"copy --from PATH.db --to postgres://…: move a SQLite store into an empty PostgreSQL database",
			func(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
				return runStore(ctx, args, stdout, stderr)
			}},
		"llm": {"check: send one tiny request to the configured model and say whether it works",
			func(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
				return runLLM(ctx, args, stdout, stderr)
			}},
	}
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
