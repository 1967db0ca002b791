package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"linli/program"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// runRun is `linli run`: linli in real WeChat groups. It logs in (hot login
// from the data dir, else a QR code in the terminal), handles messages until
// interrupted, serves /healthz and /metrics, and on Ctrl-C drains: it stops
// taking messages, finishes the ones in hand and exits 0.
func runRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("run", flag.ContinueOnError)
	fl.SetOutput(stderr)
	configPath := fl.String("config", "linli.yaml", "config file (linli.yaml); a missing default file means built-in defaults")
	dataDir := fl.String("data", "", "data directory for the database and the WeChat session (overrides data_dir)")
	httpAddr := fl.String("http", "", "local address for /healthz and /metrics (overrides http_addr, default 127.0.0.1:9090)")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	path := *configPath
	if !flagSet(fl, "config") {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			path = ""
		}
	}
	cfg, err := program.LoadConfig(path, os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "linli run: %v\n", err)
		return 2
	}
	if *dataDir != "" {
		cfg.DataDir = *dataDir
	}
	if *httpAddr != "" {
		cfg.HTTPAddr = *httpAddr
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	defer oneThreadOnPostgres(cfg.StorePath(), os.Getenv, log)()
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	r, err := program.Start(ctx, cfg, program.RunOptions{Log: log, QR: stdout})
	if err != nil {
		fmt.Fprintf(stderr, "linli run: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "linli 已启动：健康检查 http://%s/healthz ，按 Ctrl-C 退出\n", r.Addr())
	if err := r.Wait(); err != nil {
		fmt.Fprintf(stderr, "linli run: %v\n", err)
		return 1
	}
	return 0
}

func flagSet(fl *flag.FlagSet, name string) bool {
	set := false
	fl.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
