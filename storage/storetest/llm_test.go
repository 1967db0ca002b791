package storetest_test

import (
	"context"
	"linli/storage/sqlstore"
	"testing"
)

func TestLLMBudgetAddsUpPerCommunityAndDay(t *testing.T) {
	eachBackend(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		db, err := open(ctx)
		if err != nil {
			t.Fatal(err)
		}
		b := sqlstore.NewLLMBudget(db)
		for _, add := range []struct {
			community, day string
			tokens         int
		}{{"锦霞社区", "2026-11-24", 300}, {"锦霞社区", "2026-11-24", 150}, {"锦霞社区", "2026-11-25", 7}, {"翠苑社区", "2026-11-24", 40}} {
			if err := b.Add(ctx, add.community, add.day, add.tokens); err != nil {
				t.Fatal(err)
			}
		}
		// Inside a rolled-back transaction the use is forgotten with the
		// message it belonged to.
		db.InTx(ctx, func(ctx context.Context) error {
			if err := b.Add(ctx, "锦霞社区", "2026-11-24", 1000); err != nil {
				t.Fatal(err)
			}
			return context.Canceled
		})
		db.Close()

		db, err = open(ctx) // the count survives a restart
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		b = sqlstore.NewLLMBudget(db)
		for _, c := range []struct {
			community, day string
			want           int
		}{{"锦霞社区", "2026-11-24", 450}, {"锦霞社区", "2026-11-25", 7}, {"翠苑社区", "2026-11-24", 40}, {"翠苑社区", "2026-11-25", 0}} {
			got, err := b.Used(ctx, c.community, c.day)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("%s on %s: %d tokens, want %d", c.community, c.day, got, c.want)
			}
		}
	})
}
