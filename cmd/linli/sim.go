package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"linli/bot/sim"
	"linli/program"
)

func runSim(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("linli sim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "", "SQLite file or postgres:// URL (default: a temporary SQLite file, discarded at exit)")
	script := fs.String("script", "", "transcript to play (default: read lines from standard input)")
	asJSON := fs.Bool("json", false, "print one JSON object per sent message")
	cfgPath := fs.String("config", "", "linli.yaml (optional; @group lines declare groups too)")
	verbose := fs.Bool("v", false, "log to standard error")
	pictureDir := fs.String("pictures", "", "write the pictures the bot sends into this directory (default: print their names only)")
	redisURL := fs.String("redis", "", "share de-duplication and scheduler slots with other instances through this Redis")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg, err := program.LoadConfig(*cfgPath, os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "linli sim: %v\n", err)
		return 2
	}
	if *redisURL != "" {
		cfg.RedisURL = *redisURL
	}
	if *dbPath == "" {
		dir, err := os.MkdirTemp("", "linli-sim-")
		if err != nil {
			fmt.Fprintf(stderr, "linli sim: %v\n", err)
			return 1
		}
		defer os.RemoveAll(dir)
		*dbPath = filepath.Join(dir, "sim.db")
	}
	logLevel := slog.LevelError + 1
	if *verbose {
		logLevel = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: logLevel}))

	var in io.Reader = stdin
	source := fmt.Sprintf("console-%d", time.Now().UnixNano())
	if *script != "" {
		f, err := os.Open(*script)
		if err != nil {
			fmt.Fprintf(stderr, "linli sim: %v\n", err)
			return 1
		}
		defer f.Close()
		in, source = f, filepath.Base(*script)
	}
	defer oneThreadOnPostgres(*dbPath, os.Getenv, log)()
	p, err := program.NewSim(ctx, cfg, *dbPath, stdout, *asJSON, log)
	if err != nil {
		fmt.Fprintf(stderr, "linli sim: %v\n", err)
		return 1
	}
	defer p.Close()
	p.Gateway.PictureDir = *pictureDir
	if *script != "" {
		if !*asJSON {
			p.Runner.Said = stdout
		}
		if err := p.Play(ctx, in, source); err != nil {
			fmt.Fprintf(stderr, "linli sim: %s: %v\n", *script, err)
			if sim.IsScriptMistake(err) {
				return 2
			}
			return 1
		}
		return 0
	}
	p.Runner.Source = source
	if err := p.Runner.Start(ctx); err != nil {
		fmt.Fprintf(stderr, "linli sim: %v\n", err)
		return 1
	}
	parser := p.Parser(in)
	return interactive(ctx, p.Runner, parser, stderr)
}

// interactive plays lines as they are typed; a bad line is reported and
// the console goes on.
func interactive(ctx context.Context, r *sim.Runner, p *sim.Parser, stderr io.Writer) int {
	fmt.Fprintln(stderr, "linli sim: 输入对话行，例如「@group 锦霞一群 community=锦霞社区」「[锦霞一群] 张三: 打卡」；Ctrl-D 结束。")
	for {
		l, err := p.Next()
		if errors.Is(err, io.EOF) {
			return 0
		}
		if err == nil {
			err = r.Step(ctx, l)
		}
		if err != nil {
			fmt.Fprintf(stderr, "linli sim: %v\n", err)
		}
	}
}
