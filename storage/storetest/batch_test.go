package storetest_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"linli/bot"
	"linli/storage/sqlstore"
	"linli/workflows/checkin"
)

// A batch of messages runs as the router runs it: the senders read ahead,
// then each message in its savepoint, marked handled first. On PostgreSQL
// the first run of a batch sends no savepoint and stores the marks at the
// commit; these tests hold that a batch still ends as if every message had
// had its savepoint.

// batchOf is a batch of messages in 锦霞一群, one from each id, sent by a
// resident of the same name.
func batchOf(ids ...string) []bot.Message {
	var msgs []bot.Message
	for _, id := range ids {
		msgs = append(msgs, bot.Message{ID: id, Time: at, Chat: group("锦霞一群"),
			Sender: bot.Sender{PlatformID: "@" + id, DisplayName: "居民" + id}})
	}
	return msgs
}

// nextBatchOf is the second batch of messages from residents of the same
// names as batchOf's, their first handled already: each message's id is
// its resident's with 2 after it.
func nextBatchOf(t *testing.T, db *sqlstore.DB, ids ...string) []bot.Message {
	t.Helper()
	msgs := batchOf(ids...)
	handleBatch(t, db, msgs, func(context.Context, bot.Message) error { return nil })
	for i := range msgs {
		msgs[i].ID += "2"
	}
	return msgs
}

// handleBatch runs msgs in one transaction as the router does: each
// message's handle in its savepoint after marking it handled; a message
// already handled is skipped, and one whose handle fails is marked handled
// again in a savepoint of its own and answered with an apology. It returns
// how often the transaction ran.
func handleBatch(t *testing.T, db *sqlstore.DB, msgs []bot.Message, handle func(ctx context.Context, m bot.Message) error) int {
	t.Helper()
	ctx := context.Background()
	runs := 0
	err := db.InTx(ctx, func(ctx context.Context) error {
		runs++
		if err := db.ReadAhead(ctx, msgs); err != nil {
			return err
		}
		for _, m := range msgs {
			begin := func(ctx context.Context) (bool, error) {
				first, err := db.MarkHandled(ctx, m.ID, m.Chat.Community, at)
				if err != nil || !first {
					return false, err
				}
				_, _, err = db.ResolveMember(ctx, m.Chat, m.Sender, at)
				return err == nil, err
			}
			err := db.Savepoint(ctx, func(ctx context.Context) error {
				if first, err := begin(ctx); !first {
					return err
				}
				return handle(ctx, m)
			})
			if err == nil {
				continue
			}
			if errors.Is(err, bot.ErrConflict) {
				return err
			}
			if err := db.Savepoint(ctx, func(ctx context.Context) error {
				if first, err := begin(ctx); !first {
					return err
				}
				return db.Enqueue(ctx, at, reply("抱歉，"+m.ID+"没办成"))
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return runs
}

// reply is a message to 锦霞一群.
func reply(text string) bot.Outgoing {
	return bot.Outgoing{To: bot.GroupAddress("锦霞一群"), Text: text}
}

// pending is an outbox: the whole store's, or one process's share.
type pending interface {
	Pending(ctx context.Context, now time.Time, limit int) ([]bot.OutboxItem, error)
}

// waiting is the text of every message waiting in o, in order.
func waiting(t *testing.T, o pending) []string {
	t.Helper()
	items, err := o.Pending(context.Background(), at, 100)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, it := range items {
		texts = append(texts, it.Outgoing.Text)
	}
	return texts
}

// wantOutbox holds the replies waiting in db to want, in order.
func wantOutbox(t *testing.T, db pending, want ...string) {
	t.Helper()
	if got := waiting(t, db); !slices.Equal(got, want) {
		t.Errorf("outbox %q, want %q", got, want)
	}
}

// handled reports whether id is marked handled in db.
func handled(t *testing.T, db *sqlstore.DB, id string) bool {
	t.Helper()
	first, err := db.MarkHandled(context.Background(), id, "", at)
	if err != nil {
		t.Fatal(err)
	}
	return !first
}

func TestABatchMessageFailingAfterAWriteUndoesOnlyItself(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		db := openT(t, open)
		cs := sqlstore.NewCheckinStore(db)
		handleBatch(t, db, batchOf("a", "b", "c"), func(ctx context.Context, m bot.Message) error {
			if err := db.Enqueue(ctx, at, reply(m.ID+"好了")); err != nil {
				return err
			}
			if m.ID == "b" {
				if _, err := cs.CreateChallenge(ctx, checkin.Challenge{Community: "锦霞社区", Group: "锦霞一群", Name: "半截", Days: 21, CreatedAt: at}); err != nil {
					return err
				}
				return errors.New("handler failed")
			}
			return nil
		})
		wantOutbox(t, db, "a好了", "抱歉，b没办成", "c好了")
		if open, err := cs.OpenChallenges(context.Background(), "锦霞一群"); err != nil || len(open) != 0 {
			t.Errorf("the failed message's challenge: %+v, %v; want it undone", open, err)
		}
		for _, id := range []string{"a", "b", "c"} {
			if !handled(t, db, id) {
				t.Errorf("message %s not marked handled", id)
			}
		}
	})
}

func TestABatchMessageFailingBeforeAnyWriteCostsNoSecondRun(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		db := openT(t, open)
		cs := sqlstore.NewCheckinStore(db)
		msgs := nextBatchOf(t, db, "a", "b", "c")
		runs := handleBatch(t, db, msgs, func(ctx context.Context, m bot.Message) error {
			if m.ID == "b2" {
				if _, err := cs.OpenChallenges(ctx, "锦霞一群"); err != nil {
					return err
				}
				return bot.Userf("现在没有打卡活动")
			}
			return db.Enqueue(ctx, at, reply(m.ID+"好了"))
		})
		if runs != 1 {
			t.Errorf("the batch ran %d times; a message failing having only read should not run it again", runs)
		}
		wantOutbox(t, db, "a2好了", "抱歉，b2没办成", "c2好了")
	})
}

// TestAFailureSwallowedInABatchIsNotCommitted holds that a message's
// failure its caller ignores cannot leave half its work behind: what the
// message wrote before failing is undone at the commit all the same.
func TestAFailureSwallowedInABatchIsNotCommitted(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		db := openT(t, open)
		msgs := batchOf("a", "b")
		err := db.InTx(ctx, func(ctx context.Context) error {
			if err := db.ReadAhead(ctx, msgs); err != nil {
				return err
			}
			for _, m := range msgs {
				_ = db.Savepoint(ctx, func(ctx context.Context) error {
					if _, err := db.MarkHandled(ctx, m.ID, "", at); err != nil {
						return err
					}
					if err := db.Enqueue(ctx, at, reply(m.ID+"好了")); err != nil {
						return err
					}
					if m.ID == "b" {
						return errors.New("handler failed")
					}
					return nil
				})
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		wantOutbox(t, db, "a好了")
		if !handled(t, db, "a") || handled(t, db, "b") {
			t.Errorf("marked handled: a %v, b %v; want a only", handled(t, db, "a"), handled(t, db, "b"))
		}
	})
}

func TestARedeliveryInABatchIsHandledOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		db := openT(t, open)
		answer := func(ctx context.Context, m bot.Message) error {
			return db.Enqueue(ctx, at, reply(m.ID+"好了"))
		}
		handleBatch(t, db, batchOf("a", "b"), answer)
		// a and b come again after a restart, c twice in the same batch.
		handleBatch(t, db, batchOf("c", "a", "b", "c", "d"), answer)
		if got, want := waiting(t, db), []string{"a好了", "b好了", "c好了", "d好了"}; !slices.Equal(got, want) {
			t.Errorf("outbox %q, want %q: each message answered once", got, want)
		}
	})
}

// TestMessagesCountedInTheirBatch holds that a message's community, given
// once its sender is known, and the count of messages a coordinator asks
// for within the same batch, see the batch's marks before the commit
// stores them.
func TestMessagesCountedInTheirBatch(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		db := openT(t, open)
		admin := sqlstore.NewAdminStore(db)
		msgs := batchOf("a", "b", "c")
		msgs[1].Chat = bot.Chat{Kind: bot.Private, Name: "居民b"}
		counted := func(ctx context.Context) int {
			t.Helper()
			st, err := admin.Stats(ctx, "锦霞社区", at.Add(-1))
			if err != nil {
				t.Fatal(err)
			}
			return st.MessagesSince
		}
		err := db.InTx(ctx, func(ctx context.Context) error {
			if err := db.ReadAhead(ctx, msgs); err != nil {
				return err
			}
			for i, m := range msgs {
				if err := db.Savepoint(ctx, func(ctx context.Context) error {
					if _, err := db.MarkHandled(ctx, m.ID, m.Chat.Community, at); err != nil {
						return err
					}
					if m.Chat.Community == "" {
						return db.CountFor(ctx, m.ID, "锦霞社区")
					}
					return nil
				}); err != nil {
					return err
				}
				if n := counted(ctx); n != i+1 {
					t.Errorf("after message %s: %d messages counted, want %d", m.ID, n, i+1)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n := counted(ctx); n != len(msgs) {
			t.Errorf("after the commit: %d messages counted, want %d", n, len(msgs))
		}
	})
}

// TestManyMessagesInABatch holds the marks of a batch longer than one
// statement stores at the commit.
func TestManyMessagesInABatch(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		db := openT(t, open)
		var ids []string
		for i := range 150 {
			ids = append(ids, fmt.Sprintf("m%03d", i))
		}
		handleBatch(t, db, batchOf(ids...), func(context.Context, bot.Message) error { return nil })
		for _, id := range ids {
			if !handled(t, db, id) {
				t.Fatalf("message %s of a batch of %d not marked handled", id, len(ids))
			}
		}
	})
}

// TestABatchMessageWhoseReadFailsUndoesOnlyItself holds that a message
// whose read the database refuses (here, text PostgreSQL cannot store)
// fails alone: the database's error ends the transaction on PostgreSQL,
// and the messages after it are still handled.
func TestABatchMessageWhoseReadFailsUndoesOnlyItself(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		db := openT(t, open)
		cs := sqlstore.NewCheckinStore(db)
		msgs := nextBatchOf(t, db, "a", "b", "c")
		handleBatch(t, db, msgs, func(ctx context.Context, m bot.Message) error {
			group := "锦霞一群"
			if m.ID == "b2" {
				group = "锦霞\x00一群"
			}
			open, err := cs.OpenChallenges(ctx, group)
			if err != nil {
				return err
			}
			if m.ID == "b2" {
				return bot.Userf("没有这个群")
			}
			return db.Enqueue(ctx, at, reply(fmt.Sprintf("%s好了，%d个活动", m.ID, len(open))))
		})
		got := waiting(t, db)
		if want := []string{"a2好了，0个活动", "抱歉，b2没办成", "c2好了，0个活动"}; !slices.Equal(got, want) {
			t.Errorf("outbox %q, want %q", got, want)
		}
	})
}

// TestABatchMessageHidingTheDatabasesRefusal holds the same when the
// handler reports the refusal in words of its own, losing the database's
// error, and is the batch's last message: the commit finds the
// transaction ended, and the batch runs again with its savepoints.
func TestABatchMessageHidingTheDatabasesRefusal(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		db := openT(t, open)
		cs := sqlstore.NewCheckinStore(db)
		msgs := nextBatchOf(t, db, "a", "b")
		handleBatch(t, db, msgs, func(ctx context.Context, m bot.Message) error {
			if m.ID == "b2" {
				_, err := cs.OpenChallenges(ctx, "锦霞\x00一群")
				return fmt.Errorf("no such group (%v)", err)
			}
			return db.Enqueue(ctx, at, reply(m.ID+"好了"))
		})
		wantOutbox(t, db, "a2好了", "抱歉，b2没办成")
	})
}

// TestANewcomersFailingFirstMessageCostsNoSecondRun: a newcomer whose
// first message fails (a command with a wrong argument) is answered, is a
// member once, and costs the batch no second run.
func TestANewcomersFailingFirstMessageCostsNoSecondRun(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		db := openT(t, open)
		msgs := batchOf("a", "b", "c")
		runs := handleBatch(t, db, msgs, func(ctx context.Context, m bot.Message) error {
			if m.ID == "b" {
				return bot.Userf("积分商城里没有「金条」")
			}
			return db.Enqueue(ctx, at, reply(m.ID+"好了"))
		})
		if runs != 1 {
			t.Errorf("the batch ran %d times; a newcomer's failing first message should not run it again", runs)
		}
		wantOutbox(t, db, "a好了", "抱歉，b没办成", "c好了")
		st, err := sqlstore.NewAdminStore(db).Stats(ctx, "锦霞社区", at)
		if err != nil || st.Members != len(msgs) {
			t.Errorf("%d members after the batch (%v); want one for each of the %d residents", st.Members, err, len(msgs))
		}
		b, _, err := db.ResolveMember(ctx, msgs[1].Chat, msgs[1].Sender, at)
		if err != nil || b.Name != "居民b" {
			t.Errorf("the newcomer after their failed message: %+v, %v; want 居民b", b, err)
		}
	})
}
