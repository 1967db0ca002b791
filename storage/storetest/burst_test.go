package storetest_test

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"linli/program"
)

var burstResidents = flag.Int("burst-residents", 10000, "residents checking in during the shared morning burst")

// writeShardBurst writes the morning burst of one community: members
// residents of its group each check in once between 07:00 and about 07:50,
// the coordinator having started the challenge at 06:59.
func writeShardBurst(path, community, group, prefix string, members int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	bw := bufio.NewWriter(f)
	loc, _ := time.LoadLocation("Asia/Shanghai")
	start := time.Date(2026, 11, 25, 6, 59, 0, 0, loc)
	fmt.Fprintf(bw, "@group %s community=%s\n@admin %s主任 community=%s\n", group, community, prefix, community)
	fmt.Fprintf(bw, "@now %s\n[%s] %s主任: 发起打卡 垃圾分类 21天\n", start.Format("2006-01-02 15:04"), group, prefix)
	for i := range members {
		if i%200 == 0 {
			fmt.Fprintf(bw, "@now %s\n", start.Add(time.Duration(1+i/200)*time.Minute).Format("2006-01-02 15:04"))
		}
		fmt.Fprintf(bw, "[%s] %s居民%05d: 打卡\n", group, prefix, i)
	}
	fmt.Fprintf(bw, "@now %s\n", start.Add(2*time.Hour).Format("2006-01-02 15:04"))
	return bw.Flush()
}

// BenchmarkSharedMorningBurst is the morning burst of a 街道 through real
// `linli sim` processes: the residents of one community on a SQLite file,
// then on PostgreSQL, then spread over three communities whose three
// processes run at once on one PostgreSQL database. check-ins/s is every
// stored check-in over the wall time of the slowest process, start-up and
// migrations included; start-s and checkins/s-after-start tell the
// processes' start-up from the burst. The PostgreSQL runs are repeated
// with two Go threads a process, where linli's default on PostgreSQL is
// one.
//
//	go test ./storage/storetest -run '^$' -bench SharedMorningBurst -benchtime 1x
func BenchmarkSharedMorningBurst(b *testing.B) {
	dir := b.TempDir()
	linli := filepath.Join(dir, "linli")
	if out, err := exec.Command("go", "build", "-o", linli, "../../cmd/linli").CombinedOutput(); err != nil {
		b.Fatalf("build linli: %v\n%s", err, out)
	}
	communities := []struct{ name, group, prefix string }{{"锦霞社区", "锦霞一群", "锦"}, {"翠苑社区", "翠苑一群", "翠"}, {"桂园社区", "桂园一群", "桂"}}
	// play runs one linli sim process a script at once on db and returns
	// the wall time until the slowest is done.
	play := func(db string, scripts []string, env []string) (time.Duration, error) {
		var wg sync.WaitGroup
		errs := make([]error, len(scripts))
		begin := time.Now()
		for i, script := range scripts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// --json batches messages as linli run does (64 a transaction).
				cmd := exec.Command(linli, "sim", "--json", "--db", db, "--script", script)
				cmd.Env = append(os.Environ(), env...)
				cmd.Stdout = io.Discard
				var stderr strings.Builder
				cmd.Stderr = &stderr
				if err := cmd.Run(); err != nil {
					errs[i] = fmt.Errorf("%s: %v\n%s", communities[i].name, err, stderr.String())
				}
			}()
		}
		wg.Wait()
		return time.Since(begin), errors.Join(errs...)
	}
	// run plays the burst on a database fresh() makes. Before it, the same
	// processes start with nothing to play on another fresh database:
	// that wall time (start-up, opening the store, the migrations) is
	// reported as start-s, and the check-ins over the rest of the burst's
	// wall time as checkins/s-after-start.
	run := func(b *testing.B, fresh func() string, procs int, env ...string) {
		per := *burstResidents / procs
		empty := make([]string, procs)
		for i := range empty {
			c := communities[i]
			empty[i] = filepath.Join(dir, fmt.Sprintf("empty-%d-%d.sim", procs, i))
			if err := os.WriteFile(empty[i], fmt.Appendf(nil, "@group %s community=%s\n", c.group, c.name), 0o644); err != nil {
				b.Fatal(err)
			}
		}
		startup, err := play(fresh(), empty, env)
		if err != nil {
			b.Fatal(err)
		}
		db := fresh()
		scripts := make([]string, procs)
		for i := range scripts {
			c := communities[i]
			scripts[i] = filepath.Join(dir, fmt.Sprintf("burst-%d-%d.sim", procs, i))
			if err := writeShardBurst(scripts[i], c.name, c.group, c.prefix, per); err != nil {
				b.Fatal(err)
			}
		}
		elapsed, err := play(db, scripts, env)
		if err != nil {
			b.Fatal(err)
		}
		store, err := program.OpenStore(context.Background(), db)
		if err != nil {
			b.Fatal(err)
		}
		defer store.Close()
		var checkins, acks int
		q := `SELECT (SELECT count(*) FROM checkins), (SELECT count(*) FROM outbox WHERE to_kind = 0)`
		if err := store.SQL().QueryRow(q).Scan(&checkins, &acks); err != nil && err != sql.ErrNoRows {
			b.Fatal(err)
		}
		if checkins != per*procs {
			b.Fatalf("%d check-ins stored, want %d", checkins, per*procs)
		}
		b.ReportMetric(float64(checkins)/elapsed.Seconds(), "checkins/s")
		b.ReportMetric(elapsed.Seconds(), "wall-s")
		b.ReportMetric(startup.Seconds(), "start-s")
		if elapsed > startup {
			b.ReportMetric(float64(checkins)/(elapsed-startup).Seconds(), "checkins/s-after-start")
		}
		b.ReportMetric(float64(acks)*1000/float64(checkins), "groupmsgs/1000")
	}
	sqliteFile := func(b *testing.B) func() string {
		return func() string { return filepath.Join(b.TempDir(), "linli.db") }
	}
	postgresDB := func(b *testing.B) func() string {
		return func() string { return pg.NewDatabase(b) }
	}
	b.Run("sqlite/1-process", func(b *testing.B) {
		for b.Loop() {
			run(b, sqliteFile(b), 1)
		}
	})
	b.Run("postgres/1-process", func(b *testing.B) {
		for b.Loop() {
			run(b, postgresDB(b), 1)
		}
	})
	b.Run("postgres/3-processes", func(b *testing.B) {
		for b.Loop() {
			run(b, postgresDB(b), 3)
		}
	})
	// On PostgreSQL linli runs one Go thread unless GOMAXPROCS says
	// otherwise; these runs give each process two, for comparison.
	b.Run("postgres/1-process/GOMAXPROCS=2", func(b *testing.B) {
		for b.Loop() {
			run(b, postgresDB(b), 1, "GOMAXPROCS=2")
		}
	})
	b.Run("postgres/3-processes/GOMAXPROCS=2", func(b *testing.B) {
		for b.Loop() {
			run(b, postgresDB(b), 3, "GOMAXPROCS=2")
		}
	})
}
