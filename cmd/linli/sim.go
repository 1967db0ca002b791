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

	"linli/bot"
	"linli/bot/sim"
)

// simBatch is how many consecutive message lines sim hands the router at
// once, as one WeChat sync delivers several messages.
const simBatch = 64

// simStart is where the simulated clock stands before a script's first @now.
var simStart = time.Date(2026, 11, 24, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))

func runSim(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("linli sim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "", "SQLite file (default: a temporary database, discarded at exit)")
	script := fs.String("script", "", "transcript to play (default: read lines from standard input)")
	asJSON := fs.Bool("json", false, "print one JSON object per sent message")
	cfgPath := fs.String("config", "", "linli.yaml (optional; @group lines declare groups too)")
	verbose := fs.Bool("v", false, "log to standard error")
	pictureDir := fs.String("pictures", "", "write the pictures the bot sends into this directory (default: print their names only)")
	redisURL := fs.String("redis", "", "share de-duplication and scheduler slots with other instances through this Redis")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg, err := LoadConfig(*cfgPath, os.Getenv)
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
	p, err := NewSimProgram(ctx, cfg, *dbPath, stdout, *asJSON, log)
	if err != nil {
		fmt.Fprintf(stderr, "linli sim: %v\n", err)
		return 1
	}
	defer p.Close()
	p.Gateway.PictureDir = *pictureDir
	p.Runner.Source = source
	if err := p.Runner.Start(ctx); err != nil {
		fmt.Fprintf(stderr, "linli sim: %v\n", err)
		return 1
	}
	parser := sim.NewParser(in, p.App.Directory.DefaultLocation)
	if *script != "" {
		if err := p.Runner.Run(ctx, parser); err != nil {
			fmt.Fprintf(stderr, "linli sim: %s: %v\n", *script, err)
			var perr *sim.ParseError
			if errors.As(err, &perr) {
				return 2
			}
			return 1
		}
		return 0
	}
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

// SimProgram is an App driven by a transcript.
type SimProgram struct {
	App     *App
	Runner  *sim.Runner
	Gateway *sim.Gateway
}

// NewSimProgram wires an App with the simulated gateway and clock, its
// output going to out.
func NewSimProgram(ctx context.Context, cfg Config, dbPath string, out io.Writer, asJSON bool, log *slog.Logger) (*SimProgram, error) {
	loc, err := time.LoadLocation(cfg.Timezone)
	if err != nil {
		return nil, err
	}
	clock := bot.NewSimClock(simStart.In(loc))
	gw := &sim.Gateway{Clock: clock, Out: out, JSON: asJSON, Location: loc}
	cfg.Pacing = bot.Pacing{} // simulated time: no waiting between sends
	app, err := NewApp(ctx, cfg, AppOptions{DBPath: dbPath, Clock: clock, Gateway: gw, Log: log})
	if err != nil {
		return nil, err
	}
	gw.Wire = app.Store
	r := &sim.Runner{
		Program: sim.Program{Router: app.Router, Outbox: app.Outbox, Directory: app.Directory, Store: app.Store, Tick: app.Tick, Down: app.Down,
			IssueCode: app.Admin.IssueCode},
		Clock:   clock,
		BotName: cfg.BotName,
		Batch:   simBatch,
	}
	app.Router.OnEnqueue = r.Queued
	return &SimProgram{App: app, Runner: r, Gateway: gw}, nil
}

// Close closes the program's store.
func (p *SimProgram) Close() error { return p.App.Close() }
