package storetest_test

import (
	"context"
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
