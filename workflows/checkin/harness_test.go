package checkin_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/sim"
	linli "linli/program"
	"linli/scheduler"
	"linli/storage/sqlite"
	"linli/workflows/checkin"
)

// program is linli with only the check-in and shop workflows, driven by
// transcript lines through the real router, outbox, scheduler and store.
type program struct {
	t      testing.TB
	db     *sqlite.DB
	clock  *bot.SimClock
	out    *bytes.Buffer
	runner *sim.Runner
	store  *sqlite.CheckinStore
	name   string
	plays  int
}

func shanghai() *time.Location { return scheduler.DefaultLocation() }

// newProgram wires a fresh program on a database at path ("" for a
// temporary one).
func newProgram(t testing.TB, path string, cfg checkin.Config) *program {
	t.Helper()
	return newProgramAt(t, path, cfg, time.Date(2026, 11, 23, 8, 0, 0, 0, shanghai()))
}

// simStart is where `linli sim` starts its clock; golden transcripts start
// here too so they play the same through the full program.
var simStart = time.Date(2026, 11, 24, 8, 0, 0, 0, shanghai())

// newProgramAt builds the whole program (every workflow, as `linli sim`
// runs it) with cfg for check-ins, its clock at start.
func newProgramAt(t testing.TB, path string, cfg checkin.Config, start time.Time) *program {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "t.db")
	}
	out := &bytes.Buffer{}
	pcfg := linli.DefaultConfig()
	pcfg.Checkin = cfg
	s, err := linli.NewSim(context.Background(), pcfg, path, out, false, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.Runner.Clock.Set(start)
	s.Runner.Batch = 0
	return &program{t: t, db: s.Program.Store, clock: s.Runner.Clock, out: out, runner: s.Runner,
		store: sqlite.NewCheckinStore(s.Program.Store), name: filepath.Base(path)}
}

// wireFunc registers the workflows a program runs.
type wireFunc func(store *sqlite.CheckinStore, dir *bot.Directory, clock bot.Clock, sched scheduler.Registrar, r bot.Registry)

// newProgramWith wires a program running the workflows wire registers,
// with communities declared (as a config would) before they are built.
func newProgramWith(t testing.TB, path string, start time.Time, wire wireFunc, communities ...bot.Community) *program {
	t.Helper()
	ctx := context.Background()
	if path == "" {
		path = filepath.Join(t.TempDir(), "t.db")
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	loc := shanghai()
	clock := bot.NewSimClock(start)
	dir := bot.NewDirectory(loc)
	for _, c := range communities {
		dir.AddCommunity(c)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	out := &bytes.Buffer{}
	simWire, err := sqlite.NewSimWire(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	gw := &sim.Gateway{Wire: simWire, Clock: clock, Out: out}
	ob := &bot.Outbox{Store: db, Gateway: gw, Clock: clock, Log: quiet,
		Sleep: func(context.Context, time.Duration) error { return nil }}
	router := &bot.Router{Store: db, Directory: dir, Clock: clock, Log: quiet, BotName: "社区小助手"}
	sched, err := scheduler.New(scheduler.Config{Store: sqlite.NewSchedulerStore(db), Tx: db, Outbox: db,
		Clock: clock, Location: loc, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	store := sqlite.NewCheckinStore(db)
	wire(store, dir, clock, sched, router)
	p := &program{t: t, db: db, clock: clock, out: out, store: store, name: filepath.Base(path)}
	p.runner = &sim.Runner{Clock: clock, Source: filepath.Base(path), BotName: "社区小助手", Program: sim.Program{
		Router: router, Outbox: ob, Directory: dir, Store: db,
		Tick: func(ctx context.Context, now time.Time) error {
			_, err := sched.Advance(ctx, now, clock.Set)
			return err
		},
	}}
	return p
}

// play runs transcript lines and returns what the bot said meanwhile.
func (p *program) play(script string) string {
	p.t.Helper()
	p.out.Reset()
	// Message ids come from the source and the line number: each script
	// played gets its own source so its lines are new messages.
	p.plays++
	p.runner.Source = fmt.Sprintf("%s/%d", p.name, p.plays)
	return p.playAs(script)
}

// playAs runs transcript lines with the runner's source as it stands.
func (p *program) playAs(script string) string {
	p.t.Helper()
	p.out.Reset()
	if err := p.runner.Run(context.Background(), sim.NewParser(strings.NewReader(script), shanghai())); err != nil {
		p.t.Fatalf("transcript: %v", err)
	}
	return p.out.String()
}

// expectOut checks the bot's output line by line.
func expectOut(t *testing.T, got, want string) {
	t.Helper()
	got, want = strings.TrimSpace(got), strings.TrimSpace(dedent(want))
	if got != want {
		t.Errorf("bot said:\n%s\n\nwant:\n%s", got, want)
	}
}

func dedent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimLeft(l, "\t")
	}
	return strings.Join(lines, "\n")
}

func mustTime(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai())
	if err != nil {
		panic(err)
	}
	return t
}
