package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"linli/program"
	"linli/storage/postgres"
	"linli/storage/sqlite"
	"linli/workflows/admin"
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
	cfg, err := program.LoadConfig(*cfgPath, os.Getenv)
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
	if names := cfg.CommunityNames(); len(names) > 0 && !slices.Contains(names, *community) {
		fmt.Fprintf(stderr, "linli admin code: --community %q is not in the config; configured: %s\n", *community, strings.Join(names, "、"))
		return 2
	}
	path, err := existingDB(*dbPath, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "linli admin code: %v\n", err)
		return 2
	}
	// A code needs the store and nothing else: no knowledge index, no
	// scheduler, no model.
	db, err := program.OpenStore(ctx, path)
	if err != nil {
		fmt.Fprintf(stderr, "linli admin code: %v\n", err)
		return 1
	}
	defer db.Close()
	w, err := admin.New(admin.Deps{Store: sqlite.NewAdminStore(db), Members: db, Directory: cfg.Directory()})
	if err != nil {
		fmt.Fprintf(stderr, "linli admin code: %v\n", err)
		return 1
	}
	code, err := w.NewCode(ctx, *community, time.Now())
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
	db = fs.String("db", "", "SQLite file or postgres:// URL (default: db_url, else DATA_DIR/linli.db)")
	config = fs.String("config", defaultConfigPath(), "linli.yaml")
	return db, config
}

func defaultConfigPath() string {
	if _, err := os.Stat("linli.yaml"); err == nil {
		return "linli.yaml"
	}
	return ""
}

// resolveDB returns the store path: the flag, or the configured store (the
// db_url, or linli.db in the data dir, created if needed).
func resolveDB(flagValue string, cfg program.Config) string {
	if flagValue != "" {
		return flagValue
	}
	if cfg.DBURL == "" {
		_ = os.MkdirAll(cfg.DataDir, 0o700)
	}
	return cfg.StorePath()
}

// existingDB is resolveDB for commands that must not create a store by
// mistake: a --db that names no file is refused (a typo would otherwise
// give an empty database and an empty answer).
func existingDB(flagValue string, cfg program.Config) (string, error) {
	if flagValue == "" || postgres.IsURL(flagValue) {
		return resolveDB(flagValue, cfg), nil
	}
	if _, err := os.Stat(flagValue); err != nil {
		return "", fmt.Errorf("--db %s: no such database (check the path)", flagValue)
	}
	return flagValue, nil
}
