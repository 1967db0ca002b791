package storetest_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"linli/program/programtest"
	"linli/storage/postgres"
	"linli/storage/sqlite"
)

// TestCopyMovesADeploymentToPostgres plays a month of check-ins, shop
// redemptions and reminders on SQLite, copies the store to PostgreSQL, and
// replays the month there: every message is already handled and every
// reminder slot already fired, so the bot says nothing.
func TestCopyMovesADeploymentToPostgres(t *testing.T) {
	ctx := context.Background()
	script := filepath.Join(repoRoot, "workflows/checkin/testdata/checkin_25days.sim")
	path := filepath.Join(t.TempDir(), "linli.db")
	if out := programtest.Play(t, script, path, false); out == "" {
		t.Fatal("the transcript said nothing on SQLite")
	}
	url := pg.NewDatabase(t)
	src, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := postgres.CopyFromSQLite(ctx, src, dst)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows["points_ledger"] == 0 || rep.Rows["checkins"] == 0 || rep.Balances == 0 {
		t.Fatalf("copied %v, %d balances", rep.Rows, rep.Balances)
	}
	if _, err := postgres.CopyFromSQLite(ctx, src, dst); !errors.Is(err, postgres.ErrNotEmpty) {
		t.Fatalf("a second copy onto the same database: %v, want a refusal", err)
	}
	dst.Close()
	if again := programtest.Play(t, script, url, false); again != "" {
		t.Errorf("after the copy, replaying the month on PostgreSQL sent messages again:\n%s", again)
	}
	// New messages after the move get new rows, numbered after the
	// copied ones.
	body, err := os.ReadFile(script)
	if err != nil {
		t.Fatal(err)
	}
	next := filepath.Join(t.TempDir(), "next_month.sim")
	if err := os.WriteFile(next, body, 0o644); err != nil {
		t.Fatal(err)
	}
	if out := programtest.Play(t, next, url, false); !strings.Contains(out, "打卡") {
		t.Errorf("new messages after the copy got no check-in answers:\n%.2000s", out)
	}
}
