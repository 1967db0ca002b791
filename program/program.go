package program

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"linli/bot"
	"linli/bot/mp"
	"linli/console"
	"linli/llm"
	"linli/pictures"
	"linli/scheduler"
	"linli/storage/postgres"
	"linli/storage/sqlite"
	"linli/storage/sqlstore"
	"linli/workflows/admin"
	"linli/workflows/checkin"
	"linli/workflows/faq"

	"github.com/prometheus/client_golang/prometheus"
)

// Program is linli wired together: the store, the router with every workflow
// registered, the outbox and the scheduler. `linli run`, `linli sim` and the
// end-to-end tests build the same App; only the gateway and the clock differ.
//
// Each workflow is wired in a method of its own (wireAdmin below, the others
// in wire_<name>.go), listed in wireWorkflows.
type Program struct {
	Config    Config
	Log       *slog.Logger
	Clock     bot.Clock
	Store     *sqlite.DB
	Directory *bot.Directory
	Router    *bot.Router
	Outbox    *bot.Outbox
	Metrics   *bot.Metrics
	Admin     *admin.Workflow
	// Checkin and FAQ are read by the console (leaderboards, the search
	// tester); they act only through the router.
	Checkin *checkin.Workflow
	FAQ     *faq.Workflow
	// Binding is the Official Account's welcome, community choice and
	// binding to the groups (wire_mp.go).
	Binding   *mp.Binding
	Scheduler *scheduler.Scheduler
	// LLM is the optional model; a disabled client makes every caller use
	// its rules.
	LLM *llm.Client
	// Registry serves every metric of the program (see /metrics).
	Registry *prometheus.Registry
	// Alerts tell the operator (and coordinators) what went wrong.
	Alerts     *console.Alerter
	alertChats *console.Coordinators
	// alerting counts alerts still being told on their own goroutine;
	// Close waits for them.
	alerting sync.WaitGroup
	// ConsoleAuth issues the console's login links (「后台」, `linli admin
	// login-link`).
	ConsoleAuth *console.Auth
	// Shared is Redis (falling back to in-process when it goes away) or,
	// with no Redis configured, the in-process equivalents.
	Shared Shared
	// Pictures draws what residents share; nil (no CJK font) sends text.
	Pictures *pictures.Renderer

	// tick runs the scheduler's due jobs up to a time.
	tick    func(ctx context.Context, now time.Time) error
	closers []func() error
}

// Options are what differ between run, sim and tests.
type Options struct {
	// Store is the open store; the Program takes it over and closes it
	// in Close.
	Store *sqlite.DB
	// Gateway sends what the outbox delivers.
	Gateway bot.Gateway
	// Clock defaults to the system clock.
	Clock bot.Clock
	Log   *slog.Logger
}

// OpenStore opens the store that path names: a PostgreSQL database when
// it is a postgres:// URL, else a SQLite file. Both are the same *sqlite.DB
// (sqlstore's), so everything built on the store works on either.
func OpenStore(ctx context.Context, path string) (*sqlite.DB, error) {
	if postgres.IsURL(path) {
		return postgres.Open(ctx, path)
	}
	return sqlite.Open(ctx, path)
}

// coreStore is the store the router, the outbox and the scheduler use: the
// SQLite file itself, or, on a PostgreSQL database that several processes
// share, one whose outbox delivers only what this process's account can
// reach (see sqlstore.SharedOutbox). A process is named by the communities
// it is configured to serve, which no other process serves.
func coreStore(db *sqlite.DB, cfg Config, dir *bot.Directory) bot.Store {
	if db.Dialect() != sqlstore.Postgres {
		return db
	}
	names := make([]string, 0, len(cfg.Communities))
	for _, c := range cfg.Communities {
		names = append(names, c.Name)
	}
	slices.Sort(names)
	return sqlstore.SharedOutbox{DB: db, Reach: dir, Owner: strings.Join(names, ",")}
}

// schedulerStore is the scheduler's store: the SQLite file's, or, on a
// PostgreSQL database that several processes share, one that fires a
// group's timers only in a process that reaches the group (see
// sqlstore.SharedSchedulerStore).
func schedulerStore(db *sqlite.DB, dir *bot.Directory) scheduler.Store {
	store := sqlite.NewSchedulerStore(db)
	if db.Dialect() != sqlstore.Postgres {
		return store
	}
	return sqlstore.SharedSchedulerStore{SchedulerStore: store, Reach: dir}
}

// Open opens the store at path (see OpenStore) and builds the program on
// it.
func Open(ctx context.Context, cfg Config, path string, opt Options) (*Program, error) {
	db, err := OpenStore(ctx, path)
	if err != nil {
		return nil, err
	}
	opt.Store = db
	return New(ctx, cfg, opt)
}

// New wires everything around opt.Store. On error the store is closed.
func New(ctx context.Context, cfg Config, opt Options) (*Program, error) {
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	if opt.Clock == nil {
		opt.Clock = bot.SystemClock{}
	}
	db := opt.Store
	if db == nil {
		return nil, errors.New("program: no store")
	}
	a := &Program{
		Config:    cfg,
		Log:       opt.Log,
		Clock:     opt.Clock,
		Store:     db,
		Directory: cfg.Directory(),
		Metrics:   &bot.Metrics{},
		closers:   []func() error{db.Close},
	}
	shared, closeShared, err := openShared(ctx, cfg.RedisURL, opt.Clock, opt.Log)
	if err != nil {
		db.Close()
		return nil, err
	}
	a.Shared = shared
	a.closers = append(a.closers, closeShared)
	core := coreStore(db, cfg, a.Directory)
	a.Outbox = &bot.Outbox{Store: core, Gateway: opt.Gateway, Recipients: db, Clock: opt.Clock, Pacing: cfg.Pacing,
		Limiter: shared.Limiter, Log: opt.Log, Metrics: a.Metrics, Key: cfg.BotName}
	a.Router = &bot.Router{Store: core, Directory: a.Directory, Clock: opt.Clock, Log: opt.Log,
		BotName: cfg.BotName, Claims: shared.Locker, Metrics: a.Metrics, OnEnqueue: a.Outbox.Notify}
	a.newAlerts()
	a.Scheduler, err = scheduler.New(scheduler.Config{Store: schedulerStore(db, a.Directory), Tx: db, Outbox: core,
		Clock: opt.Clock, Location: a.Directory.DefaultLocation, Claimer: shared.Claimer, Logger: opt.Log,
		OnFailure: a.slotFailed})
	if err != nil {
		a.Close()
		return nil, err
	}
	a.tick = func(ctx context.Context, now time.Time) error {
		_, err := a.Scheduler.RunDue(ctx, now)
		return err
	}
	if sc, ok := opt.Clock.(*bot.SimClock); ok {
		// Simulated time: every slot up to the new time fires at its own
		// time, in order.
		a.tick = func(ctx context.Context, now time.Time) error {
			var sendErr error
			_, err := a.Scheduler.Advance(ctx, now, func(t time.Time) {
				// Deliver what the last pass queued before time moves on,
				// as a running process would.
				if _, err := a.Outbox.SendDue(ctx); err != nil && sendErr == nil {
					sendErr = err
				}
				sc.Set(t)
			})
			return errors.Join(err, sendErr)
		}
	}
	a.LLM = newLLM(cfg, db, a.Directory, opt.Clock, opt.Log, a.budgetSpent)
	a.Registry = a.newRegistry()
	if err := a.wireWorkflows(ctx); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// wireWorkflows builds and registers every workflow.
func (a *Program) wireWorkflows(ctx context.Context) error {
	for _, wire := range []func(ctx context.Context) error{
		a.wirePictures,
		a.wireAdmin,
		a.wireReminders,
		a.wireCheckin,
		a.wireVolunteer,
		a.wireFAQ,
		a.wireEvents,
		a.wireConsole,
		a.wireMP,
	} {
		if err := wire(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (a *Program) wireAdmin(ctx context.Context) error {
	w, err := admin.New(admin.Deps{Store: sqlite.NewAdminStore(a.Store), Members: a.Store, Directory: a.Directory, Identity: a.Store})
	if err != nil {
		return err
	}
	a.Admin = w
	a.Admin.Register(a.Router)
	return nil
}

// Down simulates an outage: the process stops now and starts again at t,
// when the scheduler catches up on what it missed by each job's policy.
func (a *Program) Down(ctx context.Context, t time.Time) error {
	if sc, ok := a.Clock.(*bot.SimClock); ok {
		sc.Set(t)
	}
	if _, err := a.Scheduler.RunDue(ctx, t); err != nil {
		return fmt.Errorf("catch up after outage: %w", err)
	}
	return nil
}

// Tick runs the jobs due up to now: on the real clock, the slots due now
// (late ones by each job's policy); on the simulated clock, every slot up to
// now at its own time.
func (a *Program) Tick(ctx context.Context, now time.Time) error {
	if err := a.tick(ctx, now); err != nil {
		return fmt.Errorf("run due jobs: %w", err)
	}
	return nil
}

// Close releases everything New opened, last opened first.
func (a *Program) Close() error {
	a.alerting.Wait()
	var first error
	for i := len(a.closers) - 1; i >= 0; i-- {
		if err := a.closers[i](); err != nil && first == nil {
			first = err
		}
	}
	return first
}
