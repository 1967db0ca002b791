package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"linli/program"
	"linli/scheduler"
	"linli/storage/postgres/pgtest"
)

// community is one of the 街道's communities, served by one process.
type community struct{ name, group, prefix string }

var sixCommunities = []community{
	{"锦霞社区", "锦霞一群", "锦"}, {"翠苑社区", "翠苑一群", "翠"}, {"桂园社区", "桂园一群", "桂"},
	{"枫林社区", "枫林一群", "枫"}, {"松涛社区", "松涛一群", "松"}, {"竹溪社区", "竹溪一群", "竹"},
}

const (
	pgProcesses = 3
	pgDays      = 30
	// pgResidents is the whole 街道 by default; LINLI_E2E_RESIDENTS
	// changes it (say 6000 for the size of a real one).
	pgResidents = 1200
)

// TestSharedPostgresAcrossCrashes runs three linli processes on one
// PostgreSQL database for 30 simulated days: six communities, two a
// process, whose residents check in every morning, with a coordinator's
// daily reminder in each group. Every day each process may be killed with
// SIGKILL at a random moment and restarted on the same day's messages,
// which it receives again (as WeChat redelivers what was not
// acknowledged).
//
// The processes' clocks are kept in step by the driver: each simulated
// clock follows the transcript it is fed, and day N goes to all three,
// restarts included, before any of them gets day N+1. So no process acts
// on a day the others have not reached.
//
// The same transcripts, played one process at a time without a crash on
// a second database, are the reference. The shared database must have
// lost no message and counted none twice, hold the same balances as the
// reference, have fired each reminder slot once, and give the same
// cross-community leaderboard from every process.
//
// LINLI_E2E_SEED=n replays a run; LINLI_E2E_RESIDENTS=n changes its size
// (1,200 take about three minutes on a busy 2-core machine; give a full
// 街道 of 6,000 a longer -timeout).
func TestSharedPostgresAcrossCrashes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs 30 simulated days on PostgreSQL; skipped with -short")
	}
	seed := envUint(t, "LINLI_E2E_SEED", uint64(time.Now().UnixNano()))
	residents := int(envUint(t, "LINLI_E2E_RESIDENTS", pgResidents))
	t.Logf("seed %d (LINLI_E2E_SEED=%d replays this run), %d residents", seed, seed, residents)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))

	srv := pgtest.Start()
	t.Cleanup(srv.Stop)
	shared, reference := srv.NewDatabase(t), srv.NewDatabase(t)
	dir := t.TempDir()
	bin := buildLinli(t, dir)

	sh := scheduler.DefaultLocation()
	day0 := time.Date(2026, 11, 25, 0, 0, 0, 0, sh)
	w := &streetScripts{dir: dir, perCommunity: residents / len(sixCommunities), rng: rng}
	setup := w.setup(t, time.Date(2026, 11, 24, 9, 0, 0, 0, sh))
	days := make([][]string, pgDays) // days[d][p]: process p's transcript of day d
	for d := range days {
		for p := range pgProcesses {
			days[d] = append(days[d], w.day(t, p, d, day0.AddDate(0, 0, d)))
		}
	}
	end := day0.AddDate(0, 0, pgDays)
	final := make([]string, pgProcesses)
	for p := range final {
		final[p] = w.final(t, p, end)
	}

	// The reference: one process at a time, no crash.
	sim := func(db, script string) []string { return []string{"sim", "--json", "--db", db, "--script", script} }
	for _, script := range append(append([]string{setup}, slices.Concat(days...)...), final...) {
		if life(t, filepath.Base(script), bin, sim(reference, script), false, 0); t.Failed() {
			t.FailNow()
		}
	}

	// Three processes at once, in step a day at a time, with crashes.
	if life(t, "setup", bin, sim(shared, setup), false, 0); t.Failed() {
		t.FailNow()
	}
	kills := 0
	for _, scripts := range append(days, final) {
		var wg sync.WaitGroup
		var mu sync.Mutex
		for _, script := range scripts {
			kill := rng.IntN(3) == 0
			killAfter := time.Duration(rng.IntN(600)) * time.Millisecond
			wg.Go(func() {
				if !life(t, filepath.Base(script), bin, sim(shared, script), kill, killAfter) {
					return
				}
				mu.Lock()
				kills++
				mu.Unlock()
				// Up again on the same day's messages.
				life(t, filepath.Base(script)+" (restarted)", bin, sim(shared, script), false, 0)
			})
		}
		wg.Wait()
		if t.Failed() {
			t.FailNow()
		}
	}
	t.Logf("%d process-days killed with SIGKILL and restarted", kills)

	got, want := tally(t, shared), tally(t, reference)
	if got.messages != w.messages || want.messages != w.messages {
		t.Errorf("messages handled: %d on the shared database, %d on the reference; %d were sent", got.messages, want.messages, w.messages)
	}
	if got.checkins != w.checkins || want.checkins != w.checkins {
		t.Errorf("check-ins stored: %d on the shared database, %d on the reference; %d were sent", got.checkins, want.checkins, w.checkins)
	}
	diffBalances(t, got.balances, want.balances)
	if n := len(got.slots); n != len(sixCommunities)*(pgDays+1) {
		t.Errorf("%d reminder slots fired, want %d", n, len(sixCommunities)*(pgDays+1))
	}
	for slot, n := range got.slots {
		if n != 1 {
			t.Errorf("reminder slot %s fired %d times", slot, n)
		}
		if want.slots[slot] != 1 {
			t.Errorf("reminder slot %s fired on the shared database, %d times on the reference", slot, want.slots[slot])
		}
	}
	if len(got.boards) != pgProcesses {
		t.Fatalf("%d leaderboards answered, want one from each of %d processes", len(got.boards), pgProcesses)
	}
	for i, b := range got.boards {
		if b != want.boards[0] {
			t.Errorf("leaderboard from process %d:\n%s\nwant, as on the reference:\n%s", i, b, want.boards[0])
		}
	}
	t.Logf("%d messages, %d check-ins, %d members with points, %d reminder slots: nothing lost, nothing counted twice",
		got.messages, got.checkins, len(got.balances), len(got.slots))
}

// streetScripts writes the transcripts of the 街道 and counts what they
// send.
type streetScripts struct {
	dir          string
	perCommunity int
	rng          *rand.Rand
	// messages and checkins count the message lines written and the
	// check-ins among them.
	messages, checkins int
}

// groups declares every community's group: each process knows the whole
// 街道, for the cross-community leaderboard and to deliver any group's
// reminder.
func groups(b *strings.Builder) {
	for _, c := range sixCommunities {
		fmt.Fprintf(b, "@group %s community=%s\n", c.group, c.name)
	}
}

func (w *streetScripts) write(t *testing.T, name string, b *strings.Builder) string {
	t.Helper()
	path := filepath.Join(w.dir, name)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// setup makes each community's coordinator, who starts the challenge and
// sets the evening reminder, and plays the rest of that day.
func (w *streetScripts) setup(t *testing.T, at time.Time) string {
	var b strings.Builder
	groups(&b)
	fmt.Fprintf(&b, "@now %s\n", at.Format("2006-01-02 15:04"))
	for _, c := range sixCommunities {
		fmt.Fprintf(&b, "@admin %s主任 community=%s\n", c.prefix, c.name)
		fmt.Fprintf(&b, "[%s] %s主任: 发起打卡 垃圾分类 %d天\n", c.group, c.prefix, pgDays+2)
		fmt.Fprintf(&b, "[私聊] %s主任: 提醒 @%s cron:0 20 * * * 记得打卡\n", c.prefix, c.group)
		w.messages += 2
	}
	fmt.Fprintf(&b, "@now %s\n", at.Add(14*time.Hour+55*time.Minute).Format("2006-01-02 15:04"))
	return w.write(t, "setup.sim", &b)
}

// day writes process p's transcript of one day: up at midnight, the
// morning check-ins of its two communities from 07:00, a minute for each
// hundred, then on to the evening reminder and the day's end.
func (w *streetScripts) day(t *testing.T, p, d int, day time.Time) string {
	var b strings.Builder
	groups(&b)
	fmt.Fprintf(&b, "@down %s\n", day.Add(5*time.Minute).Format("2006-01-02 15:04"))
	at := day.Add(7 * time.Hour)
	fmt.Fprintf(&b, "@now %s\n", at.Format("2006-01-02 15:04"))
	n := 0
	for _, c := range sixCommunities[2*p : 2*p+2] {
		for i := range w.perCommunity {
			if w.rng.IntN(4) == 0 {
				continue // a quarter stay away each day
			}
			if n++; n%100 == 0 {
				at = at.Add(time.Minute)
				fmt.Fprintf(&b, "@now %s\n", at.Format("2006-01-02 15:04"))
			}
			fmt.Fprintf(&b, "[%s] %s居民%04d: 打卡\n", c.group, c.prefix, i)
		}
	}
	w.messages += n
	w.checkins += n
	for _, h := range []time.Duration{12 * time.Hour, 20*time.Hour + 30*time.Minute, 23*time.Hour + 55*time.Minute} {
		fmt.Fprintf(&b, "@now %s\n", day.Add(h).Format("2006-01-02 15:04"))
	}
	return w.write(t, fmt.Sprintf("d%02d-p%d.sim", d, p), &b)
}

// final has a resident of each process's first community ask for the
// cross-community leaderboard, all at the same moment.
func (w *streetScripts) final(t *testing.T, p int, day time.Time) string {
	var b strings.Builder
	groups(&b)
	c := sixCommunities[2*p]
	fmt.Fprintf(&b, "@down %s\n@now %s\n", day.Add(9*time.Hour).Format("2006-01-02 15:04"), day.Add(9*time.Hour+time.Minute).Format("2006-01-02 15:04"))
	fmt.Fprintf(&b, "[%s] %s居民0000: 社区排行\n", c.group, c.prefix)
	fmt.Fprintf(&b, "@now %s\n", day.Add(9*time.Hour+10*time.Minute).Format("2006-01-02 15:04"))
	w.messages++
	return w.write(t, fmt.Sprintf("final-p%d.sim", p), &b)
}

// outcome is what a database holds at the end of a run.
type outcome struct {
	messages, checkins int
	// balances are by community and member label.
	balances map[string]int64
	// slots counts each reminder slot's deliveries on the wire.
	slots map[string]int
	// boards are the leaderboards answered, in the order asked.
	boards []string
}

func tally(t *testing.T, url string) outcome {
	t.Helper()
	ctx := context.Background()
	store, err := program.OpenStore(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	db := store.SQL()
	o := outcome{balances: map[string]int64{}, slots: map[string]int{}}
	if err := db.QueryRow(`SELECT (SELECT count(*) FROM inbound), (SELECT count(*) FROM checkins)`).Scan(&o.messages, &o.checkins); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT m.community || '/' || m.name, sum(l.amount) FROM points_ledger l JOIN members m ON m.id = l.member_id
		GROUP BY m.community, m.name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var who string
		var n int64
		if err := rows.Scan(&who, &n); err != nil {
			t.Fatal(err)
		}
		o.balances[who] = n
	}
	rows.Close()
	rows, err = db.Query(`SELECT o.source, count(w.outbox_id) FROM outbox o LEFT JOIN sim_wire w ON w.outbox_id = o.id
		WHERE o.source LIKE 'timer:reminder:%' GROUP BY o.source`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var slot string
		var n int
		if err := rows.Scan(&slot, &n); err != nil {
			t.Fatal(err)
		}
		o.slots[slot] = n
	}
	rows.Close()
	rows, err = db.Query(`SELECT text FROM outbox WHERE text LIKE '社区排行%' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var text string
		if err := rows.Scan(&text); err != nil {
			t.Fatal(err)
		}
		o.boards = append(o.boards, text)
	}
	return o
}

func diffBalances(t *testing.T, got, want map[string]int64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d members with points on the shared database, %d on the reference", len(got), len(want))
	}
	bad := 0
	for who, n := range want {
		if got[who] != n {
			if bad++; bad <= 5 {
				t.Errorf("balance of %s: %d on the shared database, %d on the reference", who, got[who], n)
			}
		}
	}
	if bad > 5 {
		t.Errorf("… and %d more balances differ", bad-5)
	}
}

func envUint(t *testing.T, name string, def uint64) uint64 {
	t.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return n
}
