package checkin_test

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/sim"
	"linli/scheduler"
	"linli/storage/sqlite"
	"linli/workflows/checkin"
)

var (
	burstOut     = flag.String("burst-out", "", "write the morning-burst transcript to this file (for linli sim --db)")
	burstMembers = flag.Int("burst-members", 10000, "members in the generated morning burst")
)

// writeBurst writes a morning burst: members residents of one group each
// check in once between 07:00 and about 07:50, 200 a minute, then the clock
// moves on so the last acks go out.
func writeBurst(w io.Writer, members int) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# A morning burst: %d members check in to one group within the hour.\n", members)
	fmt.Fprintln(bw, "@group 锦霞一群 community=锦霞社区")
	fmt.Fprintln(bw, "@admin 李主任 community=锦霞社区")
	start := time.Date(2026, 11, 25, 6, 59, 0, 0, shanghai())
	fmt.Fprintf(bw, "@now %s\n[锦霞一群] 李主任: 发起打卡 垃圾分类 21天\n", start.Format("2006-01-02 15:04"))
	for i := range members {
		if i%200 == 0 {
			fmt.Fprintf(bw, "@now %s\n", start.Add(time.Duration(1+i/200)*time.Minute).Format("2006-01-02 15:04"))
		}
		fmt.Fprintf(bw, "[锦霞一群] 居民%05d: 打卡\n", i)
	}
	fmt.Fprintf(bw, "@now %s\n", start.Add(2*time.Hour).Format("2006-01-02 15:04"))
	return bw.Flush()
}

// TestWriteBurstTranscript writes the burst transcript when asked:
//
//	go test ./workflows/checkin -run WriteBurst -args -burst-out "$PWD/burst.sim"
//	linli sim --db burst.db --script burst.sim | grep -c '^\[锦霞一群\]'
func TestWriteBurstTranscript(t *testing.T) {
	if *burstOut == "" {
		t.Skip("set -burst-out to write the transcript")
	}
	f, err := os.Create(*burstOut)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := writeBurst(f, *burstMembers); err != nil {
		t.Fatal(err)
	}
}

// burstResult is one end-to-end run of the burst.
type burstResult struct {
	checkins  int
	elapsed   time.Duration
	cpu       time.Duration
	groupMsgs int
}

// cpuTime is the CPU time this process has used, user and system: on a
// machine shared with other jobs it shows the cost apart from the wait.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// runBurst plays the burst through the router, the workflow, the
// scheduler, the outbox and the simulated gateway, on a database on disk.

// runBurstWith plays the burst with the workflows wire registers (the
// check-in workflow when nil). With known set, every member first says
// hello the evening before (not timed), as in an established group; else
// the burst is each member's first message.
func runBurstWith(tb testing.TB, dir string, members int, known bool, wire wireFunc) burstResult {
	path := filepath.Join(dir, "burst.db")
	var p *program
	if wire == nil {
		p = newProgramAt(tb, path, checkin.DefaultConfig(), simStart)
	} else {
		p = newProgramWith(tb, path, simStart, wire)
	}
	// As `linli sim` does: consecutive message lines reach the router 64 at
	// a time, each in its own savepoint of one transaction.
	p.runner.Batch = 64
	play := func(name string, write func(io.Writer) error) time.Duration {
		script := filepath.Join(dir, name)
		f, err := os.Create(script)
		if err != nil {
			tb.Fatal(err)
		}
		if err := write(f); err != nil {
			tb.Fatal(err)
		}
		f.Close()
		body, err := os.Open(script)
		if err != nil {
			tb.Fatal(err)
		}
		defer body.Close()
		p.runner.Source = name
		p.out.Reset()
		begin := time.Now()
		if err := p.runner.Run(context.Background(), sim.NewParser(body, shanghai())); err != nil {
			tb.Fatal(err)
		}
		return time.Since(begin)
	}
	if known {
		play("hello.sim", func(w io.Writer) error { return writeHello(w, members) })
	}
	cpu := cpuTime()
	elapsed := play("burst.sim", func(w io.Writer) error { return writeBurst(w, members) })
	cpu = cpuTime() - cpu
	checkins := members
	if wire == nil {
		if err := p.db.SQL().QueryRow(`SELECT count(*) FROM checkins`).Scan(&checkins); err != nil {
			tb.Fatal(err)
		}
	}
	msgs := 0
	for _, line := range strings.Split(p.out.String(), "\n") {
		if strings.HasPrefix(line, "[锦霞一群]") {
			msgs++
		}
	}
	return burstResult{checkins: checkins, elapsed: elapsed, cpu: cpu, groupMsgs: msgs}
}

// writeHello has every member of the burst say hello the evening before.
func writeHello(w io.Writer, members int) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "@group 锦霞一群 community=锦霞社区")
	fmt.Fprintln(bw, "@now 2026-11-24 20:30")
	for i := range members {
		fmt.Fprintf(bw, "[锦霞一群] 居民%05d: 大家好\n", i)
	}
	return bw.Flush()
}

// bareInserts does n write transactions of one insert each, on a database
// opened the same way, the floor any check-in can reach.
func bareInserts(tb testing.TB, dir string, n int) time.Duration {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "bare.db"))
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if _, err := db.SQL().Exec(`CREATE TABLE bare (id INTEGER PRIMARY KEY, member TEXT NOT NULL, at INTEGER NOT NULL)`); err != nil {
		tb.Fatal(err)
	}
	begin := time.Now()
	for i := range n {
		tx, err := db.SQL().BeginTx(ctx, nil) // BEGIN IMMEDIATE, as every write here
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO bare(member, at) VALUES (?, ?)`, fmt.Sprintf("居民%05d", i), i); err != nil {
			tb.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			tb.Fatal(err)
		}
	}
	return time.Since(begin)
}

// BenchmarkMorningBurst measures (a) check-ins per second end to end for a
// burst of 10,000 members in one group, beside bare SQLite transactions
// doing the same number of inserts, and (b) group messages per 1,000
// check-ins. One iteration is one whole burst; "first-sight" is every
// member's first message, "known" a group whose members were seen before:
//
//	go test ./workflows/checkin -run '^$' -bench MorningBurst -benchtime 1x
func BenchmarkMorningBurst(b *testing.B) {
	for _, known := range []bool{false, true} {
		name := "first-sight"
		if known {
			name = "known"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				dir := b.TempDir()
				r := runBurstWith(b, dir, *burstMembers, known, nil)
				bare := bareInserts(b, dir, *burstMembers)
				if r.checkins != *burstMembers {
					b.Fatalf("%d check-ins stored, want %d", r.checkins, *burstMembers)
				}
				rate := float64(r.checkins) / r.elapsed.Seconds()
				bareRate := float64(*burstMembers) / bare.Seconds()
				b.ReportMetric(rate, "checkins/s")
				b.ReportMetric(float64(r.checkins)/r.cpu.Seconds(), "checkins/cpu-s")
				b.ReportMetric(bareRate, "bare-tx/s")
				b.ReportMetric(rate/bareRate, "ratio")
				b.ReportMetric(float64(r.groupMsgs)*1000/float64(r.checkins), "groupmsgs/1000")
			}
		})
	}
}

// BenchmarkCoreFloor plays the same burst with a 打卡 command that does
// nothing: what the router, identity resolution, de-duplication, the
// transaction and the outbox cost on their own, the ceiling for any
// workflow.
//
//	go test ./workflows/checkin -run '^$' -bench CoreFloor -benchtime 1x
func BenchmarkCoreFloor(b *testing.B) {
	nothing := func(store *sqlite.CheckinStore, dir *bot.Directory, clock bot.Clock, sched scheduler.Registrar, r bot.Registry) {
		noop := func(context.Context, *bot.Turn) error { return nil }
		r.AddCommand(bot.Command{Keywords: []string{"打卡"}, Handle: noop})
		r.AddCommand(bot.Command{Keywords: []string{"发起打卡"}, Handle: noop})
	}
	for _, known := range []bool{false, true} {
		name := "first-sight"
		if known {
			name = "known"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				r := runBurstWith(b, b.TempDir(), *burstMembers, known, nothing)
				b.ReportMetric(float64(r.checkins)/r.elapsed.Seconds(), "msgs/s")
				b.ReportMetric(float64(r.checkins)/r.cpu.Seconds(), "msgs/cpu-s")
			}
		})
	}
}
