package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"linli/bot"
)

func runAdmin(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: linli admin code --community NAME [--db PATH]\n       linli admin export [--month 2026-11] [--out FILE.xlsx] [--csv] [--db PATH]")
		return 2
	}
	switch args[0] {
	case "code":
		return runAdminCode(ctx, args[1:], stdout, stderr)
	case "export":
		return runExport(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "linli admin: unknown subcommand %q\n", args[0])
	return 2
}

func runAdminCode(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("linli admin code", flag.ContinueOnError)
	fs.SetOutput(stderr)
	community := fs.String("community", "", "the community the coordinator will run (default: the first in the config)")
	dbPath, cfgPath := dbFlags(fs)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg, err := LoadConfig(*cfgPath, os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "linli admin code: %v\n", err)
		return 2
	}
	if *community == "" && len(cfg.Communities) > 0 {
		*community = cfg.Communities[0].Name
	}
	if *community == "" {
		fmt.Fprintln(stderr, "linli admin code: say which community with --community NAME")
		return 2
	}
	app, err := NewApp(ctx, cfg, AppOptions{DBPath: resolveDB(*dbPath, cfg), Clock: bot.SystemClock{},
		Log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		fmt.Fprintf(stderr, "linli admin code: %v\n", err)
		return 1
	}
	defer app.Close()
	code, err := app.Admin.NewCode(ctx, *community, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "linli admin code: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s\n", code)
	fmt.Fprintf(stderr, "一次性验证码，24小时内有效。请社区工作人员私聊机器人发送：管理员认证 %s\n", code)
	return 0
}

// dbFlags adds the --db and --config flags every store-using command has.
func dbFlags(fs *flag.FlagSet) (db, config *string) {
	db = fs.String("db", "", "SQLite file (default: DATA_DIR/linli.db)")
	config = fs.String("config", defaultConfigPath(), "linli.yaml")
	return db, config
}

func defaultConfigPath() string {
	if _, err := os.Stat("linli.yaml"); err == nil {
		return "linli.yaml"
	}
	return ""
}

// resolveDB returns the store path: the flag, or linli.db in the data dir
// (created if needed).
func resolveDB(flagValue string, cfg Config) string {
	if flagValue != "" {
		return flagValue
	}
	_ = os.MkdirAll(cfg.DataDir, 0o700)
	return filepath.Join(cfg.DataDir, "linli.db")
}
