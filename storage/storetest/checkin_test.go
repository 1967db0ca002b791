package storetest_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"linli/bot"
	"linli/storage/sqlstore"
	"linli/workflows/checkin"
	"linli/workflows/points"
)

// TestCreditAndProgressAgreeWithTheirParts: a check-in's points and the
// member's days come back together as they would one after the other, a
// second credit with the same source pays nothing, and a member with no
// day yet gets an empty record.
func TestCreditAndProgressAgreeWithTheirParts(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		db := openT(t, open)
		cs := sqlstore.NewCheckinStore(db)
		zhang, _, err := db.ResolveMember(ctx, group("锦霞一群"), bot.Sender{PlatformID: "@z", DisplayName: "张三"}, at)
		if err != nil {
			t.Fatal(err)
		}
		c, err := cs.CreateChallenge(ctx, checkin.Challenge{Community: "锦霞社区", Group: "锦霞一群", Name: "垃圾分类", Days: 21, CreatedAt: at})
		if err != nil {
			t.Fatal(err)
		}
		credit := func(key string) points.Entry {
			return points.Entry{MemberID: zhang.ID, Community: "锦霞社区", Amount: 10, Reason: "打卡", SourceKey: key, At: at}
		}
		if ok, p, err := cs.CreditAndProgress(ctx, credit("k0"), c.ID, zhang.ID); err != nil || !ok || len(p.Days) != 0 {
			t.Fatalf("no day yet: credited %v, %+v, %v", ok, p, err)
		}
		for _, ck := range []checkin.Checkin{{Day: 3}, {Day: 1, Makeup: true}} {
			ck.ChallengeID, ck.MemberID, ck.Source, ck.At = c.ID, zhang.ID, "m", at
			if _, _, err := cs.AddCheckin(ctx, ck); err != nil {
				t.Fatal(err)
			}
		}
		for i, want := range []bool{true, false} {
			ok, p, err := cs.CreditAndProgress(ctx, credit("k1"), c.ID, zhang.ID)
			if err != nil || ok != want {
				t.Fatalf("credit %d: %v, %v; want credited %v", i+1, ok, err, want)
			}
			alone, err := cs.Progress(ctx, c.ID, zhang.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(p.Days, []checkin.Day{1, 3}) || p.Makeups != 1 || !slices.Equal(p.MadeUp, alone.MadeUp) || !slices.Equal(p.Days, alone.Days) {
				t.Errorf("credit %d: progress %+v; Progress alone says %+v", i+1, p, alone)
			}
		}
		if bal, err := cs.Balance(ctx, zhang.ID, "锦霞社区"); err != nil || bal != 20 {
			t.Errorf("balance %d, %v; want 20 from the two sources", bal, err)
		}
	})
}

// ackTexts is what each ack says.
func ackTexts(acks []checkin.Ack) []string {
	var out []string
	for _, a := range acks {
		out = append(out, a.Text)
	}
	return out
}

// TestAcksCountedInABatch: a group's waiting acks are counted right
// through a batch, as the check-in workflow decides by the count when to
// send them: an ack whose message failed (its savepoint rolled back) is
// not counted, acks taken in the batch start the count again, and the
// next batch goes on from what the batch committed. The acks taken are
// the ones that were queued and committed, in order, however the batch
// stored them.
func TestAcksCountedInABatch(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		db := openT(t, open)
		cs := sqlstore.NewCheckinStore(db)
		var counts []int
		queue := func(ctx context.Context, name string) error {
			n, _, err := cs.QueueAck(ctx, "锦霞一群", checkin.Ack{MemberID: 1, Text: name, Checkin: true}, at)
			counts = append(counts, n)
			return err
		}
		failed := errors.New("the message failed")
		batch := func(steps ...func(ctx context.Context) error) {
			t.Helper()
			err := db.InTx(ctx, func(ctx context.Context) error {
				for _, step := range steps {
					if err := db.Savepoint(ctx, step); err != nil && !errors.Is(err, failed) {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		ack := func(name string) func(ctx context.Context) error {
			return func(ctx context.Context) error { return queue(ctx, name) }
		}
		failing := func(ctx context.Context) error {
			if err := queue(ctx, "失败的"); err != nil {
				return err
			}
			return failed
		}
		var taken []checkin.Ack
		take := func(ctx context.Context) (err error) {
			taken, err = cs.TakeAcks(ctx, "锦霞一群", at)
			return err
		}
		batch(ack("张三"), ack("李四"), failing, ack("王五"))
		batch(ack("赵六"), failing, ack("钱七"))
		if want := []int{1, 2, 3, 3, 4, 5, 5}; !slices.Equal(counts, want) {
			t.Errorf("counts %v; want %v (the failed messages' acks not counted)", counts, want)
		}
		counts = nil
		batch(ack("孙八"), ack("孙九"), take, ack("周九"), ack("吴十"))
		if got, want := ackTexts(taken), []string{"张三", "李四", "王五", "赵六", "钱七", "孙八", "孙九"}; !slices.Equal(got, want) {
			t.Errorf("took %v; want %v: the 5 waiting, 孙八's and 孙九's, in order", got, want)
		}
		batch(ack("郑十一"))
		if want := []int{6, 7, 1, 2, 3}; !slices.Equal(counts, want) {
			t.Errorf("counts %v; want %v (counting again after the acks were taken)", counts, want)
		}
		// Acks waiting to be stored at the commit are stored before the
		// acks are taken inside a message that then fails: the rollback
		// undoes the taking, and they wait again, in order.
		counts = nil
		batch(ack("甲"), ack("乙"), func(ctx context.Context) error {
			if err := take(ctx); err != nil {
				return err
			}
			return failed
		}, ack("丙"))
		if want := []int{4, 5, 6}; !slices.Equal(counts, want) {
			t.Errorf("counts %v; want %v (the failed taking undone)", counts, want)
		}
		batch(take)
		if got, want := ackTexts(taken), []string{"周九", "吴十", "郑十一", "甲", "乙", "丙"}; !slices.Equal(got, want) {
			t.Errorf("took %v; want %v", got, want)
		}
	})
}

// TestNotCheckedInNamesTheGroupsOthers: 打卡情况 lists, by the name each
// goes by in the group, the members seen in the group without a check-in
// that day, and nobody from another group.
func TestNotCheckedInNamesTheGroupsOthers(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		db := openT(t, open)
		cs := sqlstore.NewCheckinStore(db)
		var ids []int64
		for _, s := range []struct{ group, id, name string }{{"锦霞一群", "@z", "张三"}, {"锦霞一群", "@w", "3号楼王五"}, {"锦霞二群", "@l", "李四"}} {
			m, _, err := db.ResolveMember(ctx, group(s.group), bot.Sender{PlatformID: s.id, DisplayName: s.name}, at)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, m.ID)
		}
		c, err := cs.CreateChallenge(ctx, checkin.Challenge{Community: "锦霞社区", Group: "锦霞一群", Name: "垃圾分类", Days: 21, CreatedAt: at})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := cs.AddCheckin(ctx, checkin.Checkin{ChallengeID: c.ID, MemberID: ids[0], Day: 3, Source: "m", At: at}); err != nil {
			t.Fatal(err)
		}
		for day, want := range map[checkin.Day][]string{3: {"3号楼王五"}, 4: {"3号楼王五", "张三"}} {
			got, err := cs.NotCheckedIn(ctx, "锦霞一群", []int64{c.ID}, day)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, m := range got {
				names = append(names, m.Name)
			}
			if !slices.Equal(names, want) {
				t.Errorf("day %d: not checked in %v, want %v", day, names, want)
			}
		}
	})
}
