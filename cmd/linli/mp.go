package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"linli/bot"
	"linli/bot/mp"
	"linli/program"
	"linli/storage/inproc"
)

// runMP implements `linli mp menu`: publish the custom menu of linli.yaml
// to the Official Account.
func runMP(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, ok := configVerb("mp", "menu", "Publishes the custom menu under mp.menu in linli.yaml to the Official Account (公众号).", args, stderr)
	if !ok {
		return 2
	}
	if !cfg.MP.Enabled() {
		fmt.Fprintln(stderr, "linli mp menu: config key mp.app_id is empty: configure the Official Account first")
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	gw := mp.New(mp.Config{AppID: cfg.MP.AppID, AppSecret: cfg.MP.AppSecret, Token: cfg.MP.Token},
		mp.Options{Locker: inproc.NewLocker(bot.SystemClock{}), Log: log})
	if err := gw.PublishMenu(ctx, menuButtons(cfg.MP.Menu)); err != nil {
		fmt.Fprintf(stderr, "linli mp menu: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "菜单已发布（%d 个一级菜单）。居民重新进入公众号后可见，最长约需 5 分钟。\n", len(cfg.MP.Menu))
	return 0
}

func menuButtons(in []program.MenuButton) []mp.MenuButton {
	out := make([]mp.MenuButton, 0, len(in))
	for _, b := range in {
		out = append(out, mp.MenuButton{Name: b.Name, Key: b.Key, Sub: menuButtons(b.Sub)})
	}
	return out
}
