package storetest_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"linli/bot"
	"linli/scheduler"
	"linli/storage/sqlstore"
	"linli/workflows/checkin"
)

// openT opens the test's database and closes it at the end of the test.
func openT(t *testing.T, open opener) *sqlstore.DB {
	t.Helper()
	db, err := open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

var at = time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)

func group(name string) bot.Chat {
	return bot.Chat{Kind: bot.Group, Name: name, Community: "锦霞社区"}
}

func TestMessagesAreHandledOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		db := openT(t, open)
		first, err := db.MarkHandled(ctx, "m1", "", at)
		if err != nil || !first {
			t.Fatalf("first delivery: %v, %v", first, err)
		}
		if again, _ := db.MarkHandled(ctx, "m1", "", at); again {
			t.Fatal("a redelivered message counted as new")
		}
		// A batch that fails records nothing: its redelivery is new.
		db.InTx(ctx, func(ctx context.Context) error {
			db.MarkHandled(ctx, "m2", "", at)
			return errors.New("crash")
		})
		if first, _ := db.MarkHandled(ctx, "m2", "", at); !first {
			t.Fatal("a message of a rolled-back batch counts as handled")
		}
	})
}

func TestSavepointUndoesOnlyItsMessage(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		db := openT(t, open)
		err := db.InTx(ctx, func(ctx context.Context) error {
			if err := db.Savepoint(ctx, func(ctx context.Context) error {
				_, err := db.MarkHandled(ctx, "ok", "", at)
				return err
			}); err != nil {
				return err
			}
			failed := db.Savepoint(ctx, func(ctx context.Context) error {
				db.MarkHandled(ctx, "bad", "", at)
				db.Enqueue(ctx, at, bot.Outgoing{To: bot.GroupAddress("锦霞一群"), Text: "半截回复"})
				return errors.New("handler failed")
			})
			if failed == nil {
				t.Error("the failing savepoint reported no error")
			}
			return db.Enqueue(ctx, at, bot.Outgoing{To: bot.GroupAddress("锦霞一群"), Text: "出错了，请稍后再试"})
		})
		if err != nil {
			t.Fatal(err)
		}
		if again, _ := db.MarkHandled(ctx, "ok", "", at); again {
			t.Error("the message before the failure was not kept")
		}
		if first, _ := db.MarkHandled(ctx, "bad", "", at); !first {
			t.Error("the failed message's effects were kept")
		}
		pending, err := db.Pending(ctx, at, 10)
		if err != nil || len(pending) != 1 || pending[0].Outgoing.Text != "出错了，请稍后再试" {
			t.Fatalf("outbox after the batch: %+v, %v", pending, err)
		}
	})
}

func TestOutboxDeliversInOrderAndOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		db := openT(t, open)
		to := bot.GroupAddress("锦霞一群")
		if err := db.Enqueue(ctx, at, bot.Outgoing{To: to, Text: "一"}, bot.Outgoing{To: to, Text: "二"},
			bot.Outgoing{To: bot.Address{Kind: bot.ToMember, MemberID: 7, MemberName: "张三"}, Text: "三"}); err != nil {
			t.Fatal(err)
		}
		items, err := db.Pending(ctx, at, 10)
		if err != nil || len(items) != 3 || items[0].Outgoing.Text != "一" || items[2].Outgoing.To.MemberID != 7 {
			t.Fatalf("pending %+v, %v", items, err)
		}
		if err := db.MarkSent(ctx, items[0].ID, at); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkSent(ctx, items[0].ID, at); err == nil {
			t.Error("a message was marked sent twice without complaint")
		}
		if err := db.MarkFailed(ctx, items[1].ID, at.Add(time.Minute), "gateway down"); err != nil {
			t.Fatal(err)
		}
		items, _ = db.Pending(ctx, at, 10)
		if len(items) != 1 || items[0].Outgoing.Text != "三" {
			t.Fatalf("pending after one sent and one failed: %+v", items)
		}
		if n, _ := db.Depth(ctx); n != 2 {
			t.Errorf("depth %d, want 2", n)
		}
		items, _ = db.Pending(ctx, at.Add(time.Minute), 10)
		if len(items) != 2 || items[0].Outgoing.Text != "二" || items[0].Attempts != 1 {
			t.Fatalf("pending once the retry is due: %+v", items)
		}
	})
}

func TestMembersKeepTheirIdentity(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		db := openT(t, open)
		g := group("锦霞一群")
		zhang, relink, err := db.ResolveMember(ctx, g, bot.Sender{PlatformID: "@a1", DisplayName: "张三"}, at)
		if err != nil || relink != nil || zhang.ID == 0 {
			t.Fatalf("first sight: %+v %+v %v", zhang, relink, err)
		}
		// A new id with the same name before any re-login is someone else.
		other, _, err := db.ResolveMember(ctx, g, bot.Sender{PlatformID: "@x9", DisplayName: "李四"}, at)
		if err != nil || other.ID == zhang.ID {
			t.Fatalf("newcomer: %+v %v", other, err)
		}
		// After the bot re-logs in, a new platform id with the name in the
		// group links back.
		if err := db.LoggedIn(ctx, at.Add(30*time.Minute)); err != nil {
			t.Fatal(err)
		}
		again, relink, err := db.ResolveMember(ctx, g, bot.Sender{PlatformID: "@b2", DisplayName: "张三"}, at.Add(time.Hour))
		if err != nil || again.ID != zhang.ID || relink == nil || relink.OldID != "@a1" {
			t.Fatalf("after re-login: %+v %+v %v", again, relink, err)
		}
		// A renamed member keeps their id.
		renamed, relink, err := db.ResolveMember(ctx, g, bot.Sender{PlatformID: "@b2", DisplayName: "张三丰"}, at.Add(2*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if renamed.ID != zhang.ID || renamed.Name != "张三丰" || relink == nil {
			t.Fatalf("after rename: %+v %+v", renamed, relink)
		}
		if err := db.SetRole(ctx, zhang.ID, "锦霞社区", bot.Coordinator, at); err != nil {
			t.Fatal(err)
		}
		coords, err := db.Coordinators(ctx, "锦霞社区")
		if err != nil || len(coords) != 1 || coords[0].ID != zhang.ID {
			t.Fatalf("coordinators %+v, %v", coords, err)
		}
		byName, err := db.MemberByName(ctx, "锦霞社区", "张三丰")
		if err != nil || byName.ID != zhang.ID || byName.Role != bot.Coordinator {
			t.Fatalf("by name: %+v, %v", byName, err)
		}
		if pid, _ := db.PlatformID(ctx, zhang.ID); pid != "@b2" {
			t.Errorf("platform id %q, want the latest @b2", pid)
		}
		if _, err := db.MemberByID(ctx, 9999, ""); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("unknown member: %v", err)
		}
	})
}

func senderN(i int) bot.Sender {
	return bot.Sender{PlatformID: fmt.Sprintf("@p%d", i), DisplayName: fmt.Sprintf("居民%03d", i)}
}

// TestEachProcessDeliversWhatItCanReach runs two processes' outboxes on one
// database: each serves one community, and each message goes out through
// exactly one of them, the one whose account is in the chat.
func TestEachProcessDeliversWhatItCanReach(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		dbs := processes(t, open, 2)
		outbox := func(db *sqlstore.DB, community, group string) sqlstore.SharedOutbox {
			dir := bot.NewDirectory(time.UTC)
			dir.AddGroup(group, community)
			return sqlstore.SharedOutbox{DB: db, Reach: dir, Owner: community}
		}
		jin, cui := outbox(dbs[0], "锦霞社区", "锦霞一群"), outbox(dbs[1], "翠苑社区", "翠苑一群")
		zhang, _, _ := dbs[0].ResolveMember(ctx, group("锦霞一群"), bot.Sender{PlatformID: "@z", DisplayName: "张三"}, at)
		// 王阿姨 has only written privately, to 翠苑's account.
		wang, _, _ := dbs[1].ResolveMember(ctx, bot.Chat{Kind: bot.Private, Name: "王阿姨"}, bot.Sender{PlatformID: "@w", DisplayName: "王阿姨"}, at)
		// 锦霞's process fired a reminder slot for 翠苑 too.
		if err := jin.Enqueue(ctx, at, bot.Outgoing{To: bot.GroupAddress("锦霞一群"), Text: "锦霞提醒"},
			bot.Outgoing{To: bot.GroupAddress("翠苑一群"), Text: "翠苑提醒"},
			bot.Outgoing{To: bot.MemberAddress(zhang), Text: "给张三"}); err != nil {
			t.Fatal(err)
		}
		if err := cui.Enqueue(ctx, at, bot.Outgoing{To: bot.MemberAddress(wang), Text: "给王阿姨"}); err != nil {
			t.Fatal(err)
		}
		texts := func(o sqlstore.SharedOutbox) []string { return waiting(t, o) }
		if got := texts(jin); !slices.Equal(got, []string{"锦霞提醒", "给张三"}) {
			t.Errorf("锦霞's process delivers %q", got)
		}
		if got := texts(cui); !slices.Equal(got, []string{"翠苑提醒", "给王阿姨"}) {
			t.Errorf("翠苑's process delivers %q", got)
		}
		if n, _ := cui.Depth(ctx); n != 2 {
			t.Errorf("翠苑's depth %d, want 2", n)
		}
	})
}

// TestGroupTimersFireWhereTheGroupIs: a timer addressed to a group (a
// group's ack flush) is due only in the process that reaches the group;
// timers addressed to no group are due in every process, and a process
// serving every group sees them all.
func TestGroupTimersFireWhereTheGroupIs(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		dbs := processes(t, open, 2)
		shared := func(db *sqlstore.DB, group string) sqlstore.SharedSchedulerStore {
			dir := bot.NewDirectory(time.UTC)
			if group == "" {
				dir.ServeAllGroups = true
			} else {
				dir.AddGroup(group, "社区")
			}
			return sqlstore.SharedSchedulerStore{SchedulerStore: sqlstore.NewSchedulerStore(db), Reach: dir}
		}
		jin, cui, all := shared(dbs[0], "锦霞一群"), shared(dbs[1], "翠苑一群"), shared(dbs[1], "")
		for i, chat := range []string{"翠苑一群", "", "锦霞一群"} {
			timer := scheduler.Timer{Key: fmt.Sprintf("t%d", i), Kind: "k", At: at.Add(time.Duration(i) * time.Minute), Chat: chat}
			if err := jin.PutTimer(ctx, timer); err != nil {
				t.Fatal(err)
			}
		}
		due := func(s sqlstore.SharedSchedulerStore) (keys []string, next time.Time) {
			ts, err := s.DueTimers(ctx, at.Add(time.Hour), []string{"k"})
			if err != nil {
				t.Fatal(err)
			}
			for _, tm := range ts {
				keys = append(keys, tm.Key+"@"+tm.Chat)
			}
			next, _, err = s.NextTimer(ctx, []string{"k"})
			if err != nil {
				t.Fatal(err)
			}
			return keys, next
		}
		if keys, next := due(jin); !slices.Equal(keys, []string{"t1@", "t2@锦霞一群"}) || !next.Equal(at.Add(time.Minute)) {
			t.Errorf("锦霞's process: due %q, next %v", keys, next)
		}
		if keys, next := due(cui); !slices.Equal(keys, []string{"t0@翠苑一群", "t1@"}) || !next.Equal(at) {
			t.Errorf("翠苑's process: due %q, next %v", keys, next)
		}
		if keys, _ := due(all); len(keys) != 3 {
			t.Errorf("a process serving every group: due %q, want all three", keys)
		}
	})
}

// TestSentLoginLinksAreNotKept: a message that holds a login link is sent
// as written, and once delivered the outbox no longer holds the link.
func TestSentLoginLinksAreNotKept(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		db := openT(t, open)
		to := bot.Address{Kind: bot.ToMember, MemberID: 7, MemberName: "李主任"}
		link := "社区后台登录链接：https://console.example/login?t=secret-token"
		if err := db.Enqueue(ctx, at, bot.Outgoing{To: to, Text: link, Secret: true}, bot.Outgoing{To: to, Text: "普通消息"}); err != nil {
			t.Fatal(err)
		}
		items, err := db.Pending(ctx, at, 10)
		if err != nil || len(items) != 2 || items[0].Outgoing.Text != link {
			t.Fatalf("pending %+v, %v; want the link as written", items, err)
		}
		for _, it := range items {
			if err := db.MarkSent(ctx, it.ID, at); err != nil {
				t.Fatal(err)
			}
		}
		var texts []string
		rows, err := db.SQL().QueryContext(ctx, `SELECT text FROM outbox ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			texts = append(texts, s)
		}
		if len(texts) != 2 || texts[0] != bot.SentSecret || texts[1] != "普通消息" {
			t.Errorf("outbox texts after delivery = %q, want the link gone and the other kept", texts)
		}
	})
}

// TestSavepointsSentLater covers the savepoints that travel with the next
// statement: nested ones, ones inside which nothing was sent, failures
// before and after anything was sent; and the open challenges a
// transaction remembers, which a rolled-back savepoint must not leave
// behind.
func TestSavepointsSentLater(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		db := openT(t, open)
		cs := sqlstore.NewCheckinStore(db)
		fail := errors.New("handler failed")
		challenge := checkin.Challenge{Community: "锦霞社区", Group: "锦霞一群", Name: "垃圾分类", Days: 21, CreatedAt: at}
		count := func(ctx context.Context) int {
			t.Helper()
			cs, err := cs.OpenChallenges(ctx, "锦霞一群")
			if err != nil {
				t.Fatal(err)
			}
			return len(cs)
		}
		err := db.InTx(ctx, func(ctx context.Context) error {
			if n := count(ctx); n != 0 {
				t.Errorf("%d open challenges in an empty database", n)
			}
			// Started inside a savepoint that fails: gone, and forgotten.
			if err := db.Savepoint(ctx, func(ctx context.Context) error {
				if _, err := cs.CreateChallenge(ctx, challenge); err != nil {
					return err
				}
				if n := count(ctx); n != 1 {
					t.Errorf("%d open challenges after starting one", n)
				}
				return fail
			}); !errors.Is(err, fail) {
				t.Errorf("failing savepoint: %v", err)
			}
			if n := count(ctx); n != 0 {
				t.Errorf("%d open challenges after the savepoint that started one rolled back", n)
			}
			// Nothing sent inside, success and failure alike.
			if err := db.Savepoint(ctx, func(ctx context.Context) error { return nil }); err != nil {
				t.Errorf("empty savepoint: %v", err)
			}
			if err := db.Savepoint(ctx, func(ctx context.Context) error { return fail }); !errors.Is(err, fail) {
				t.Errorf("empty failing savepoint: %v", err)
			}
			// Nested: the inner one fails, the outer one keeps its own.
			return db.Savepoint(ctx, func(ctx context.Context) error {
				if _, err := db.MarkHandled(ctx, "outer", "", at); err != nil {
					return err
				}
				db.Savepoint(ctx, func(ctx context.Context) error {
					db.MarkHandled(ctx, "inner", "", at)
					return fail
				})
				return db.Savepoint(ctx, func(ctx context.Context) error {
					_, err := cs.CreateChallenge(ctx, challenge)
					return err
				})
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		if again, _ := db.MarkHandled(ctx, "outer", "", at); again {
			t.Error("the outer savepoint's message was not kept")
		}
		if first, _ := db.MarkHandled(ctx, "inner", "", at); !first {
			t.Error("the failed inner savepoint's message was kept")
		}
		if n := count(ctx); n != 1 {
			t.Errorf("%d open challenges after the commit, want 1", n)
		}
	})
}
