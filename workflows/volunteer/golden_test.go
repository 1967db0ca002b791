package volunteer_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/sim"
	"linli/scheduler"
	"linli/storage/sqlite"
	"linli/workflows/volunteer"
)

var update = flag.Bool("update", false, "rewrite the volunteer .golden transcripts")

// playVolunteer runs a transcript through the real router, scheduler, store
// and the volunteer workflow alone (cmd/linli runs the same scripts with
// every workflow wired).
func playVolunteer(t *testing.T, script, dbPath string) string {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out bytes.Buffer
	clock := bot.NewSimClock(time.Date(2026, 11, 24, 8, 0, 0, 0, shanghai))
	gw := &sim.Gateway{Clock: clock, Out: &out, Wire: db}
	dir := bot.NewDirectory(shanghai)
	outbox := &bot.Outbox{Store: db, Gateway: gw, Clock: clock, Key: "社区小助手"}
	router := &bot.Router{Store: db, Directory: dir, Clock: clock, BotName: "社区小助手", OnEnqueue: outbox.Notify}
	sched, err := scheduler.New(scheduler.Config{Store: sqlite.NewSchedulerStore(db), Tx: db, Outbox: db, Clock: clock, Location: shanghai})
	if err != nil {
		t.Fatal(err)
	}
	w, err := volunteer.New(volunteer.Config{}, volunteer.Deps{Store: sqlite.NewVolunteerStore(db), Members: db,
		Points: sqlite.NewPointsStore(db), Directory: dir, Scheduler: sched, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	w.Register(router)
	r := &sim.Runner{
		Program: sim.Program{Router: router, Outbox: outbox, Directory: dir, Store: db,
			Tick: func(ctx context.Context, now time.Time) error {
				_, err := sched.Advance(ctx, now, clock.Set)
				return err
			}},
		Clock:   clock,
		BotName: "社区小助手",
		Source:  filepath.Base(script),
	}
	f, err := os.Open(script)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := r.Run(ctx, sim.NewParser(f, shanghai)); err != nil {
		t.Fatalf("%s: %v", script, err)
	}
	return out.String()
}

// TestGoldenTranscripts plays testdata/*.sim and compares with the .golden
// beside each (go test -run GoldenTranscripts -update rewrites them).
func TestGoldenTranscripts(t *testing.T) {
	scripts, err := filepath.Glob("testdata/*.sim")
	if err != nil {
		t.Fatal(err)
	}
	if len(scripts) == 0 {
		t.Fatal("no transcripts in testdata")
	}
	for _, script := range scripts {
		t.Run(filepath.Base(script), func(t *testing.T) {
			got := playVolunteer(t, script, filepath.Join(t.TempDir(), "sim.db"))
			golden := strings.TrimSuffix(script, ".sim") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s:\n%s", script, golden, lineDiff(string(want), got))
			}
		})
	}
}

// TestGoldenRerunChangesNothing plays each transcript twice on one store:
// every message id comes again, every timer has fired, so the bot says
// nothing new.
func TestGoldenRerunChangesNothing(t *testing.T) {
	scripts, err := filepath.Glob("testdata/*.sim")
	if err != nil {
		t.Fatal(err)
	}
	for _, script := range scripts {
		t.Run(filepath.Base(script), func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "rerun.db")
			playVolunteer(t, script, db)
			if again := playVolunteer(t, script, db); again != "" {
				t.Errorf("replaying %s sent messages again:\n%s", script, again)
			}
		})
	}
}

// lineDiff shows the first lines that differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d\n- %s\n+ %s\n", i+1, wl, gl)
			if shown++; shown == 5 {
				break
			}
		}
	}
	return b.String()
}
