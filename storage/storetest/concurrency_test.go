package storetest_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"linli/bot"
	"linli/storage/postgres"
	"linli/storage/sqlstore"
	"linli/workflows/points"
)

// processes opens the test's database n times, as n linli processes
// would: each handle has its own connections.
func processes(t *testing.T, open opener, n int) []*sqlstore.DB {
	t.Helper()
	dbs := make([]*sqlstore.DB, n)
	for i := range dbs {
		dbs[i] = openT(t, open)
	}
	return dbs
}

// race runs fn n times at once, spread over the processes, and waits.
func race(dbs []*sqlstore.DB, n int, fn func(db *sqlstore.DB, i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = fn(dbs[i%len(dbs)], i)
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

func TestSlotsFireOnceAcrossProcesses(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		dbs := processes(t, open, 3)
		const slots, tries = 10, 4
		var mu sync.Mutex
		won := map[string]int{}
		errs := race(dbs, slots*tries, func(db *sqlstore.DB, i int) error {
			key := fmt.Sprintf("reminder:%d@2026-11-24T09:00", i%slots)
			return db.InTx(ctx, func(ctx context.Context) error {
				ok, err := sqlstore.NewSchedulerStore(db).ClaimSlot(ctx, key, at, 0)
				if err != nil || !ok {
					return err
				}
				// The slot's message commits with its claim.
				if _, err := db.MarkHandled(ctx, "sent:"+key+fmt.Sprint(i), "", at); err != nil {
					return err
				}
				mu.Lock()
				won[key]++
				mu.Unlock()
				return nil
			})
		})
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if len(won) != slots {
			t.Fatalf("%d slots fired, want %d", len(won), slots)
		}
		for key, n := range won {
			if n != 1 {
				t.Errorf("slot %s fired %d times", key, n)
			}
		}
	})
}

func TestTheLastItemsGoToAsManyResidents(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		dbs := processes(t, open, 3)
		shop := sqlstore.NewPointsStore(dbs[0])
		item, err := shop.PutItem(ctx, points.Item{Community: "锦霞社区", Name: "环保袋", Price: 100, Stock: 10, UpdatedAt: at})
		if err != nil {
			t.Fatal(err)
		}
		const residents = 30
		for m := range residents {
			if _, err := shop.Credit(ctx, points.Entry{MemberID: int64(m + 1), Community: "锦霞社区", Amount: 150,
				Reason: "打卡", SourceKey: fmt.Sprintf("seed:%d", m), At: at}); err != nil {
				t.Fatal(err)
			}
		}
		errOut := errors.New("sold out")
		errs := race(dbs, residents, func(db *sqlstore.DB, i int) error {
			s := sqlstore.NewPointsStore(db)
			return db.InTx(ctx, func(ctx context.Context) error {
				took, err := s.TakeStock(ctx, item.ID, at)
				if err != nil || !took {
					return errors.Join(err, errOut)
				}
				_, err = points.Spend(ctx, s, points.Entry{MemberID: int64(i + 1), Community: "锦霞社区", Amount: 100,
					Reason: "兑换 环保袋", SourceKey: fmt.Sprintf("redeem:%d", i), At: at})
				return err
			})
		})
		got := 0
		for _, err := range errs {
			switch {
			case err == nil:
				got++
			case !errors.Is(err, errOut):
				t.Fatal(err)
			}
		}
		left, _ := shop.ItemByName(ctx, "锦霞社区", "环保袋")
		if got != 10 || left.Stock != 0 {
			t.Errorf("%d residents got one, %d left in stock; want 10 and 0", got, left.Stock)
		}
		var spent int64
		for m := range residents {
			bal, _ := shop.Balance(ctx, int64(m+1), "锦霞社区")
			spent += 150 - bal
		}
		if spent != int64(got)*100 {
			t.Errorf("%d points spent for %d items", spent, got)
		}
	})
}

func TestPointsAreNotSpentTwiceAcrossProcesses(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		dbs := processes(t, open, 3)
		ledger := sqlstore.NewPointsStore(dbs[0])
		if _, err := ledger.Credit(ctx, points.Entry{MemberID: 1, Community: "锦霞社区", Amount: 100, Reason: "打卡",
			SourceKey: "seed", At: at}); err != nil {
			t.Fatal(err)
		}
		// Six spends of the whole balance from three processes at once:
		// one passes the balance check.
		errs := race(dbs, 6, func(db *sqlstore.DB, i int) error {
			return db.InTx(ctx, func(ctx context.Context) error {
				_, err := points.Spend(ctx, sqlstore.NewPointsStore(db), points.Entry{MemberID: 1, Community: "锦霞社区",
					Amount: 100, Reason: "兑换", SourceKey: fmt.Sprintf("spend:%d", i), At: at.Add(time.Duration(i) * time.Second)})
				return err
			})
		})
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, points.ErrInsufficient):
				t.Fatal(err)
			}
		}
		bal, _ := ledger.Balance(ctx, 1, "锦霞社区")
		if ok != 1 || bal != 0 {
			t.Errorf("%d spends passed, balance %d; want 1 and 0", ok, bal)
		}
	})
}

func TestNewResidentsGetDistinctIDsAcrossProcesses(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		dbs := processes(t, open, 3)
		ids := make([]int64, 30)
		errs := race(dbs, len(ids), func(db *sqlstore.DB, i int) error {
			return db.InTx(ctx, func(ctx context.Context) error {
				m, _, err := db.ResolveMember(ctx, group(fmt.Sprintf("群%d", i%3)),
					senderN(i), at)
				ids[i] = m.ID
				return err
			})
		})
		seen := map[int64]bool{}
		for i, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
			if seen[ids[i]] {
				t.Fatalf("member id %d given twice", ids[i])
			}
			seen[ids[i]] = true
		}
	})
}

func TestProcessesStartingTogetherMigrateOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		dbs := make([]*sqlstore.DB, 4)
		errs := race(dbs, len(dbs), func(_ *sqlstore.DB, i int) error {
			db, err := open(context.Background())
			dbs[i] = db
			return err
		})
		for i, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
			dbs[i].Close()
		}
	})
}

// serializationFailure is what PostgreSQL's driver reports when a
// concurrent transaction won: SQLSTATE 40001.
type serializationFailure struct{}

func (serializationFailure) Error() string    { return "could not serialize access" }
func (serializationFailure) SQLState() string { return "40001" }

// TestConflictedTransactionsRunAgain: on PostgreSQL a transaction that
// loses to a concurrent one runs again until it gets through, and a batch
// that asks to be tried at most twice (bot.TryAtMost, as the router's
// batches do before they are split) is run twice and then handed back as
// a conflict.
func TestConflictedTransactionsRunAgain(t *testing.T) {
	ctx := context.Background()
	db, err := postgres.Open(ctx, pg.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	losing := func(losses int) (fn func(context.Context) error, runs *int) {
		runs = new(int)
		return func(context.Context) error {
			*runs++
			if *runs <= losses {
				return serializationFailure{}
			}
			return nil
		}, runs
	}
	fn, runs := losing(3)
	if err := db.InTx(ctx, fn); err != nil || *runs != 4 {
		t.Errorf("a transaction that lost three times: %v after %d runs, want success on the fourth", err, *runs)
	}
	fn, runs = losing(3)
	if err := db.InTx(bot.TryAtMost(ctx, 2), fn); !errors.Is(err, bot.ErrConflict) || *runs != 2 {
		t.Errorf("tried at most twice: %v after %d runs, want the conflict after 2", err, *runs)
	}
}

// TestConnectionsPlanIndexScansFirst: a PostgreSQL store's connections
// scan a table whole only where no index serves the query, as the
// serializable transactions of processes sharing the database need (see
// postgres.Open), and the URL can still say otherwise.
func TestConnectionsPlanIndexScansFirst(t *testing.T) {
	ctx := context.Background()
	url := pg.NewDatabase(t)
	for _, c := range []struct{ url, want string }{{url, "off"}, {url + "&enable_seqscan=on", "on"}} {
		db, err := postgres.Open(ctx, c.url)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var got string
		if err := db.SQL().QueryRowContext(ctx, `SHOW enable_seqscan`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("%s: enable_seqscan = %s, want %s", postgres.Redact(c.url), got, c.want)
		}
		var plan string
		if err := db.SQL().QueryRowContext(ctx, `EXPLAIN SELECT member_id FROM member_links WHERE platform_id = 'x'`).Scan(&plan); err != nil {
			t.Fatal(err)
		}
		if c.want == "off" && strings.Contains(plan, "Seq Scan") {
			t.Errorf("looking up one sender scans the links table whole: %s", plan)
		}
	}
}

// TestNewcomersOfTwoProcessesDoNotConflict: two processes that each link
// their own community's newcomers, in transactions that overlap, both
// commit at the first attempt, a thousand newcomers each into the
// morning. Each new link's foreign-key check reads the page of the
// primary key that holds its member; the connections' blocks of member
// ids keep the two processes' new members on pages of their own, so
// neither reads a page the other writes. With blocks of 1,000, both
// processes had just begun a new block on the index's last page, and one
// of the two batches ran again (BENCHMARKS.md, the sixth round).
func TestNewcomersOfTwoProcessesDoNotConflict(t *testing.T) {
	ctx := context.Background()
	url := pg.NewDatabase(t)
	var dbs [2]*sqlstore.DB
	for i := range dbs {
		// One connection a process, so that each process's members come
		// from one block, as in a burst where its connections stay busy.
		db, err := postgres.Open(ctx, url+"&pool_max_conns=1")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		dbs[i] = db
	}
	newcomer := func(ctx context.Context, p, n int) error {
		s := bot.Sender{PlatformID: fmt.Sprintf("@%c%05d", 'a'+p, n), DisplayName: fmt.Sprintf("%s居民%05d", []string{"锦", "翠"}[p], n)}
		_, _, err := dbs[p].ResolveMember(ctx, group([]string{"锦霞一群", "翠苑一群"}[p]), s, at)
		return err
	}
	// The morning so far: the two processes' batches take turns.
	const batches, batch = 20, 50
	for b := range batches {
		for p := range dbs {
			err := dbs[p].InTx(ctx, func(ctx context.Context) error {
				for i := range batch {
					if err := newcomer(ctx, p, b*batch+i); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	// Now a batch of each at once: both read and write before either
	// commits.
	var wg sync.WaitGroup
	wrote := [2]chan struct{}{make(chan struct{}), make(chan struct{})}
	var once [2]sync.Once
	errs := [2]error{}
	for p := range dbs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			done := func() { once[p].Do(func() { close(wrote[p]) }) }
			defer done() // a batch that failed early holds the other up no longer
			errs[p] = dbs[p].InTx(bot.TryAtMost(ctx, 1), func(ctx context.Context) error {
				for i := range batch {
					if err := newcomer(ctx, p, batches*batch+i); err != nil {
						return err
					}
				}
				done()
				<-wrote[1-p]
				return nil
			})
		}()
	}
	wg.Wait()
	for p, err := range errs {
		if err != nil {
			t.Errorf("process %d's batch of newcomers: %v; want it committed at the first attempt", p+1, err)
		}
	}
}
