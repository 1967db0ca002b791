package sqlite

import (
	"context"
	"path/filepath"
	"testing"
)

func TestLLMBudgetAddsUpPerCommunityAndDay(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	b := NewLLMBudget(db)
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

	db, err = Open(ctx, path) // the count survives a restart
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b = NewLLMBudget(db)
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
}
