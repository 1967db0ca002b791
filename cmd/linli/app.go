package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"linli/bot"
	"linli/storage/sqlite"
	"linli/workflows/admin"
)

// App is linli wired together: the store, the router with every workflow
// registered, the outbox and the scheduler. `linli run`, `linli sim` and the
// end-to-end tests build the same App; only the gateway and the clock differ.
//
// Each workflow is wired in a method of its own (wireAdmin below, the others
// in wire_<name>.go), listed in wireWorkflows.
type App struct {
	Config    Config
	Log       *slog.Logger
	Clock     bot.Clock
	Store     *sqlite.DB
	Directory *bot.Directory
	Router    *bot.Router
	Outbox    *bot.Outbox
	Metrics   *bot.Metrics
	Admin     *admin.Workflow

	// tick runs the scheduler's due jobs up to a time (sim drives it).
	tick    func(ctx context.Context, now time.Time) error
	closers []func() error
}

// AppOptions are what differ between run, sim and tests.
type AppOptions struct {
	DBPath  string
	Clock   bot.Clock
	Gateway bot.Gateway
	Log     *slog.Logger
}

// NewApp opens the store and wires everything.
func NewApp(ctx context.Context, cfg Config, opt AppOptions) (*App, error) {
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	db, err := sqlite.Open(ctx, opt.DBPath)
	if err != nil {
		return nil, err
	}
	a := &App{
		Config:    cfg,
		Log:       opt.Log,
		Clock:     opt.Clock,
		Store:     db,
		Directory: cfg.Directory(),
		Metrics:   &bot.Metrics{},
		closers:   []func() error{db.Close},
	}
	a.Outbox = &bot.Outbox{Store: db, Gateway: opt.Gateway, Clock: opt.Clock, Pacing: cfg.Pacing,
		Log: opt.Log, Metrics: a.Metrics, Key: cfg.BotName}
	a.Router = &bot.Router{Store: db, Directory: a.Directory, Clock: opt.Clock, Log: opt.Log,
		BotName: cfg.BotName, Metrics: a.Metrics, OnEnqueue: a.Outbox.Notify}
	if err := a.wireWorkflows(ctx); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// wireWorkflows builds and registers every workflow.
func (a *App) wireWorkflows(ctx context.Context) error {
	for _, wire := range []func(ctx context.Context) error{
		a.wireAdmin,
	} {
		if err := wire(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (a *App) wireAdmin(ctx context.Context) error {
	a.Admin = &admin.Workflow{Store: sqlite.NewAdminStore(a.Store), Members: a.Store, Directory: a.Directory}
	a.Admin.Register(a.Router)
	return nil
}

// Tick runs the jobs due up to now.
func (a *App) Tick(ctx context.Context, now time.Time) error {
	if a.tick == nil {
		return nil
	}
	if err := a.tick(ctx, now); err != nil {
		return fmt.Errorf("run due jobs: %w", err)
	}
	return nil
}

// Close releases everything NewApp opened, last opened first.
func (a *App) Close() error {
	var first error
	for i := len(a.closers) - 1; i >= 0; i-- {
		if err := a.closers[i](); err != nil && first == nil {
			first = err
		}
	}
	return first
}
