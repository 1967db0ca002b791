package program

import (
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"time"

	"linli/bot"
	"linli/bot/sim"
	"linli/storage/sqlite"
)

// simStart is where the simulated clock stands before a script's first @now.
var simStart = time.Date(2026, 11, 24, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))

// simBatch is how many consecutive message lines sim hands the router at
// once, as one WeChat sync delivers several messages.
const simBatch = 64

// Sim is a Program driven by a transcript: the simulated gateway in place
// of WeChat and a simulated clock that the script sets.
type Sim struct {
	Program *Program
	Runner  *sim.Runner
	Gateway *sim.Gateway
}

// NewSim wires a Program with the simulated gateway and clock, its
// output going to out.
func NewSim(ctx context.Context, cfg Config, dbPath string, out io.Writer, asJSON bool, log *slog.Logger) (*Sim, error) {
	loc, err := time.LoadLocation(cfg.Timezone)
	if err != nil {
		return nil, err
	}
	clock := bot.NewSimClock(simStart.In(loc))
	gw := &sim.Gateway{Clock: clock, Out: out, JSON: asJSON, Location: loc}
	cfg.Pacing = bot.Pacing{} // simulated time: no waiting between sends
	app, err := Open(ctx, cfg, dbPath, Options{Clock: clock, Gateway: gw, Log: log})
	if err != nil {
		return nil, err
	}
	wire, err := sqlite.NewSimWire(ctx, app.Store)
	if err != nil {
		app.Close()
		return nil, err
	}
	gw.Wire = wire
	// Binding codes a transcript can foresee and send back.
	app.Binding.Random = rand.NewChaCha8([32]byte{})
	r := &sim.Runner{
		Program: sim.Program{Router: app.Router, Outbox: app.Outbox, Directory: app.Directory, Store: app.Store, Tick: app.Tick, Down: app.Down,
			IssueCode: app.Admin.IssueCode},
		Clock:   clock,
		BotName: cfg.BotName,
		Batch:   simBatch,
	}
	app.Router.OnEnqueue = r.Queued
	return &Sim{Program: app, Runner: r, Gateway: gw}, nil
}

// Play plays a whole transcript read from script; source names it, and
// message ids derive from it and the line numbers, so playing the same
// source again on the same store redelivers the same ids. A line that
// cannot be parsed is a *sim.ParseError naming the line.
func (p *Sim) Play(ctx context.Context, script io.Reader, source string) error {
	p.Runner.Source = source
	if err := p.Runner.Start(ctx); err != nil {
		return err
	}
	return p.Runner.Run(ctx, p.Parser(script))
}

// Parser reads transcript lines in the program's time zone.
func (p *Sim) Parser(script io.Reader) *sim.Parser {
	return sim.NewParser(script, p.Program.Directory.DefaultLocation)
}

// Close closes the program's store.
func (p *Sim) Close() error { return p.Program.Close() }
