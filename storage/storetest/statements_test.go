package storetest_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"linli/bot"
	"linli/storage/sqlstore"
	"linli/workflows/checkin"
	"linli/workflows/points"
)

// statements counts the statements pgx sends to the server.
type statements struct{ n atomic.Int64 }

func (s *statements) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	s.n.Add(1)
	return ctx
}

func (s *statements) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// openCounted opens a fresh PostgreSQL database as storage/postgres does,
// counting every statement sent on it.
func openCounted(t *testing.T) (*sqlstore.DB, *statements) {
	t.Helper()
	ctx := context.Background()
	cfg, err := pgxpool.ParseConfig(pg.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	count := &statements{}
	cfg.ConnConfig.Tracer = count
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlstore.New(ctx, stdlib.OpenDBFromPool(pool), sqlstore.Postgres, "counted", pool.Close)
	if err != nil {
		t.Fatal(err)
	}
	db.SendTogether(pgx.QueryExecModeSimpleProtocol)
	t.Cleanup(func() { db.Close() })
	return db, count
}

// TestACheckinsStatementsOnPostgres holds what the README says a check-in
// sends to PostgreSQL, each message handled inside its savepoint as the
// router handles a batch on its first run: a batch's senders are looked up
// in one statement (the next morning's residents marked as seen in it
// too), a message's savepoint and its mark as handled send nothing, a
// newcomer and their link go in one statement, a check-in with its points
// and the member's days in one, and the marks and the acks of a group
// after the batch's first are stored together at the commit.
func TestACheckinsStatementsOnPostgres(t *testing.T) {
	ctx := context.Background()
	db, count := openCounted(t)
	cs := sqlstore.NewCheckinStore(db)
	chat := group("锦霞一群")
	c, err := cs.CreateChallenge(ctx, checkin.Challenge{Community: "锦霞社区", Group: "锦霞一群", Name: "垃圾分类", Days: 21, CreatedAt: at})
	if err != nil {
		t.Fatal(err)
	}
	var batch []bot.Message
	for i := range 8 {
		batch = append(batch, bot.Message{Chat: chat, Sender: bot.Sender{PlatformID: fmt.Sprintf("@r%d", i), DisplayName: fmt.Sprintf("居民%d", i)}})
	}
	// morning sends the batch on day, counting the statements of each step:
	// reading ahead, marking the messages handled, resolving the senders,
	// recording the check-ins, queueing their acks, and what the
	// transaction sends after its last message (the marks and the acks
	// stored at the commit, the acks' count, the commit).
	morning := func(day time.Time) (readAhead, mark, resolve, record, acks, end int64) {
		t.Helper()
		step := func(n *int64, f func() error) error {
			before := count.n.Load()
			err := f()
			*n += count.n.Load() - before
			return err
		}
		err := db.InTx(ctx, func(ctx context.Context) error {
			for i := range batch {
				batch[i].Time = day
				batch[i].ID = fmt.Sprintf("%s-%d", day.Format("0102"), i)
			}
			readAhead, mark, resolve, record, acks = 0, 0, 0, 0, 0
			if err := step(&readAhead, func() error { return db.ReadAhead(ctx, batch) }); err != nil {
				return err
			}
			for _, m := range batch {
				err := db.Savepoint(ctx, func(ctx context.Context) error {
					var member bot.Member
					if err := step(&mark, func() error {
						first, err := db.MarkHandled(ctx, m.ID, chat.Community, day)
						if err == nil && !first {
							t.Errorf("message %s counted as handled before", m.ID)
						}
						return err
					}); err != nil {
						return err
					}
					if err := step(&resolve, func() (err error) {
						member, _, err = db.ResolveMember(ctx, chat, m.Sender, day)
						return err
					}); err != nil {
						return err
					}
					if err := step(&record, func() error {
						r, err := cs.AddCheckinAndCredit(ctx,
							checkin.Checkin{ChallengeID: c.ID, MemberID: member.ID, Day: checkin.Day(day.Unix() / 86400), Source: m.ID, At: day},
							points.Entry{MemberID: member.ID, Community: "锦霞社区", Amount: 10, Reason: "打卡", SourceKey: m.ID, At: day})
						if err == nil && (!r.Added || !r.Credited) {
							t.Errorf("%s's check-in: %+v; want it added and credited", member.Name, r)
						}
						return err
					}); err != nil {
						return err
					}
					return step(&acks, func() error {
						_, _, err := cs.QueueAck(ctx, "锦霞一群", checkin.Ack{MemberID: member.ID, Text: member.Name, Checkin: true}, day)
						return err
					})
				})
				if err != nil {
					return err
				}
			}
			end = count.n.Load()
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		end = count.n.Load() - end
		return readAhead, mark, resolve, record, acks, end
	}
	n := int64(len(batch))
	if ahead, mark, resolve, record, acks, end := morning(at); ahead != 1 || mark != 0 || resolve != n || record != n || acks != 2 || end != 4 {
		t.Errorf("first morning, %d newcomers: %d statements to read ahead, %d to mark the messages handled, %d to resolve, %d to record, %d to queue the acks, %d at the end; want 1, 0, %d (newcomer and link together), %d, 2 (the group's first ack ever, and its count's row; the rest stored at the commit), 4 (the acks, the marks, the acks' count, the commit)",
			n, ahead, mark, resolve, record, acks, end, n, n)
	}
	if ahead, mark, resolve, record, acks, end := morning(at.Add(24 * time.Hour)); ahead != 1 || mark != 0 || resolve != 0 || record != n || acks != 1 || end != 4 {
		t.Errorf("next morning, %d known residents: %d statements to read ahead, %d to mark the messages handled, %d to resolve, %d to record, %d to queue the acks, %d at the end; want 1, 0, 0 (marked as seen with the read-ahead), %d, 1, 4",
			n, ahead, mark, resolve, record, acks, end, n)
	}
	for _, day := range []time.Time{at, at.Add(24 * time.Hour)} {
		for i := range batch {
			id := fmt.Sprintf("%s-%d", day.Format("0102"), i)
			if first, err := db.MarkHandled(ctx, id, "", day); err != nil || first {
				t.Errorf("message %s after its batch committed: first %v, %v; want it marked handled", id, first, err)
			}
		}
	}
}
