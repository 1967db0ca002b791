package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"linli/program"
)

// runConsole is `linli console`: the coordinators' console over a store,
// without a WeChat login, for an office PC. Changes made in it reach the
// groups when a `linli run` on the same store sends its outbox.
func runConsole(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("linli console", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath, cfgPath := dbFlags(fs)
	addr := fs.String("http", "", "address to serve on (default: http_addr)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg, err := program.LoadConfig(*cfgPath, os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "linli console: %v\n", err)
		return 2
	}
	if *addr != "" {
		cfg.HTTPAddr = *addr
	}
	path, err := existingDB(*dbPath, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "linli console: %v\n", err)
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	app, err := program.Open(ctx, cfg, path, program.Options{Log: log})
	if err != nil {
		fmt.Fprintf(stderr, "linli console: %v\n", err)
		return 1
	}
	defer app.Close()
	cs, err := app.Console(nil)
	if err != nil {
		fmt.Fprintf(stderr, "linli console: %v\n", err)
		return 1
	}
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		fmt.Fprintf(stderr, "linli console: %v\n", err)
		return 1
	}
	srv := &http.Server{Handler: cs, ReadHeaderTimeout: 5 * time.Second}
	fmt.Fprintf(stdout, "社区后台已启动：http://%s ，登录链接用 linli admin login-link 生成，按 Ctrl-C 退出\n", ln.Addr())
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "linli console: %v\n", err)
		return 1
	}
	return 0
}
