// Package e2e runs the linli binary as separate processes, the way it is
// deployed, to test what no single process can show.
package e2e

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"linli/scheduler"
	"linli/storage/redis/redistest"
	"linli/timeexpr"
)

const (
	instances = 3
	reminders = 100
	days      = 60
	epochDays = 3
	step      = 30 * time.Minute
)

// TestExactlyOnceAcrossInstances runs three linli instances, each with its
// own SQLite file, sharing one real redis-server, through 60 simulated days
// with 100 reminders. In every 3-day epoch up to two instances are killed
// (SIGKILL) at a random moment and restarted at a random simulated time;
// one always survives the epoch, so every slot falls due while some
// instance runs. Each reminder slot must be delivered exactly once across
// the three: no duplicates, no misses.
//
// LINLI_E2E_SEED=n replays a run.
func TestExactlyOnceAcrossInstances(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs 60 simulated days; skipped with -short")
	}
	seed := envUint(t, "LINLI_E2E_SEED", uint64(time.Now().UnixNano()))
	t.Logf("seed %d (LINLI_E2E_SEED=%d replays this run)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))

	dir := t.TempDir()
	bin := buildLinli(t, dir)
	srv := redistest.StartServer(t) // an empty Redis: claims from earlier runs would hide slots

	sh := scheduler.DefaultLocation()
	start := time.Date(2026, 11, 24, 8, 0, 0, 0, sh) // where `linli sim` starts its clock
	end := start.AddDate(0, 0, days)
	setup, want := reminderScript(t, start, end, sh)
	setupPath := filepath.Join(dir, "setup.sim")
	if err := os.WriteFile(setupPath, []byte(setup), 0o644); err != nil {
		t.Fatal(err)
	}
	dbs := make([]string, instances)
	for i := range dbs {
		dbs[i] = filepath.Join(dir, fmt.Sprintf("linli-%d.db", i))
		// Each instance learns the same reminders from the same script,
		// alone; then they run together.
		out, err := exec.Command(bin, "sim", "--db", dbs[i], "--script", setupPath).CombinedOutput()
		if err != nil {
			t.Fatalf("setup of instance %d: %v\n%s", i, err, out)
		}
		if n := strings.Count(string(out), "已设置提醒"); n != reminders {
			t.Fatalf("instance %d confirmed %d reminders; want %d:\n%s", i, n, reminders, out)
		}
	}

	kills, restarts := 0, 0
	for epoch := start; epoch.Before(end); epoch = epoch.AddDate(0, 0, epochDays) {
		stop := epoch.AddDate(0, 0, epochDays)
		if stop.After(end) {
			stop = end
		}
		survivor := rng.IntN(instances)
		var wg sync.WaitGroup
		var mu sync.Mutex
		for i := range instances {
			kill := i != survivor && rng.IntN(3) > 0
			killAfter := time.Duration(rng.IntN(400)) * time.Millisecond
			restartAt := epoch.Add(time.Duration(rng.IntN(int(stop.Sub(epoch)/step))) * step)
			wg.Add(1)
			go func() {
				defer wg.Done()
				killed := run(t, bin, dbs[i], srv.URL(), filepath.Join(dir, fmt.Sprintf("e%s-%d.sim", epoch.Format("0102"), i)), epoch, stop, kill, killAfter)
				if !killed {
					return
				}
				mu.Lock()
				kills++
				restarts++
				mu.Unlock()
				// Back up at a random point of the epoch, and on to its end.
				run(t, bin, dbs[i], srv.URL(), filepath.Join(dir, fmt.Sprintf("e%s-%d-r.sim", epoch.Format("0102"), i)), restartAt, stop, false, 0)
			}()
		}
		wg.Wait()
		if t.Failed() {
			t.FailNow()
		}
	}
	t.Logf("%d instances killed with SIGKILL and restarted", kills)

	// Every reminder slot is in exactly one instance's outbox, and that
	// instance delivered it exactly once.
	got := map[string][]int{}
	perInstance := make([]int, instances)
	for i, path := range dbs {
		db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		rows, err := db.Query(`SELECT o.source, (SELECT count(*) FROM sim_wire w WHERE w.outbox_id = o.id)
			FROM outbox o WHERE o.source LIKE 'timer:reminder:%'`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var key string
			var wires int
			if err := rows.Scan(&key, &wires); err != nil {
				t.Fatal(err)
			}
			if wires != 1 {
				t.Errorf("instance %d delivered %s %d times", i, key, wires)
			}
			got[key] = append(got[key], i)
			perInstance[i]++
		}
		rows.Close()
		db.Close()
	}
	dups, misses := 0, 0
	for key, who := range got {
		if len(who) > 1 {
			dups++
			t.Errorf("slot %s sent by instances %v", key, who)
		}
		if !want[key] {
			t.Errorf("unexpected slot %s", key)
		}
	}
	var missing []string
	for key := range want {
		if _, ok := got[key]; !ok {
			misses++
			missing = append(missing, key)
		}
	}
	sort.Strings(missing)
	if misses > 0 {
		t.Errorf("%d of %d slots never sent, e.g. %v", misses, len(want), missing[:min(5, len(missing))])
	}
	t.Logf("%d reminder slots over %d days: %d duplicates, %d misses; sent per instance %v; %d restarts",
		len(want), days, dups, misses, perInstance, restarts)
}

// run plays one life of an instance from `from` to `to`: it comes up (an
// outage until from, caught up by each reminder's policy), then steps the
// clock. With kill set it is SIGKILLed after killAfter; it reports whether
// it was.
func run(t *testing.T, bin, db, redisURL, script string, from, to time.Time, kill bool, killAfter time.Duration) bool {
	var b strings.Builder
	b.WriteString("@group 锦霞一群 community=锦霞社区\n@group 锦霞二群 community=锦霞社区\n")
	fmt.Fprintf(&b, "@down %s\n", from.Format("2006-01-02 15:04"))
	for now := from.Add(step); !now.After(to); now = now.Add(step) {
		fmt.Fprintf(&b, "@now %s\n", now.Format("2006-01-02 15:04"))
	}
	if err := os.WriteFile(script, []byte(b.String()), 0o644); err != nil {
		t.Error(err)
		return false
	}
	return life(t, filepath.Base(script), bin, []string{"sim", "--db", db, "--script", script, "--json", "--redis", redisURL}, kill, killAfter)
}

// life runs the binary once with args; with kill set it is SIGKILLed
// after killAfter unless it finished before. It reports whether it was
// killed; a run that fails is the test's error, named by name.
func life(t *testing.T, name, bin string, args []string, kill bool, killAfter time.Duration) bool {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Error(err)
		return false
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	if kill {
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%s: %v\n%s", name, err, tail(out.String()))
			}
			return false // finished before the kill
		case <-time.After(killAfter):
			cmd.Process.Kill()
			<-done
			return true
		}
	}
	if err := <-done; err != nil {
		t.Errorf("%s: %v\n%s", name, err, tail(out.String()))
	}
	return false
}

// reminderScript writes the coordinator's 100 reminders — daily, weekly
// and one-off, over two groups — and lists the slots they must fire in
// [start, end).
func reminderScript(t *testing.T, start, end time.Time, loc *time.Location) (string, map[string]bool) {
	var b strings.Builder
	b.WriteString("@group 锦霞一群 community=锦霞社区\n@group 锦霞二群 community=锦霞社区\n@admin 李主任 community=锦霞社区\n")
	fmt.Fprintf(&b, "@now %s\n", start.Format("2006-01-02 15:04"))
	want := map[string]bool{}
	for id := 1; id <= reminders; id++ {
		group := []string{"锦霞一群", "锦霞二群"}[id%2]
		minute := (id * 37) % (16 * 60) // 07:00 … 22:59
		h, m := 7+minute/60, minute%60
		var when, spec string
		switch {
		case id%20 == 0: // one-off
			at := start.AddDate(0, 0, id*days/(reminders+1)).Truncate(24 * time.Hour)
			at = time.Date(at.Year(), at.Month(), at.Day(), h, m, 0, 0, loc)
			when = at.Format("2006-01-02 15:04")
			want[slotKey(id, at)] = true
		case id%5 == 0: // weekly
			spec = fmt.Sprintf("%d %d * * %d", m, h, id%7)
			when = "cron:" + spec
		default:
			spec = fmt.Sprintf("%d %d * * *", m, h)
			when = "cron:" + spec
		}
		if spec != "" {
			s, err := timeexpr.ParseSpec(spec, loc)
			if err != nil {
				t.Fatal(err)
			}
			for at := s.Next(start); at.Before(end); at = s.Next(at) {
				want[slotKey(id, at)] = true
			}
		}
		fmt.Fprintf(&b, "[私聊] 李主任: 提醒 @%s %s 第%d号提醒\n", group, when, id)
	}
	return b.String(), want
}

func slotKey(id int, at time.Time) string {
	return fmt.Sprintf("timer:reminder:%d@%s", id, at.UTC().Format("2006-01-02T15:04:05.000Z"))
}

// buildLinli builds the binary under test.
func buildLinli(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "linli")
	cmd := exec.Command("go", "build", "-o", bin, "linli/cmd/linli")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build linli: %v\n%s", err, out)
	}
	return bin
}

func tail(s string) string {
	if len(s) > 2000 {
		return "…" + s[len(s)-2000:]
	}
	return s
}
