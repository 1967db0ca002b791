package storetest_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"linli/storage/postgres"
	"linli/storage/postgres/pgtest"
	"linli/storage/sqlite"
	"linli/storage/sqlstore"
)

// pg is the PostgreSQL server of this test binary, started by TestMain.
var pg *pgtest.Server

func TestMain(m *testing.M) {
	pg = pgtest.Start()
	code := m.Run()
	pg.Stop()
	os.Exit(code)
}

// opener opens the test's database: the same database each time, so a
// test can close it and open it again as a restarted process would.
type opener func(ctx context.Context) (*sqlstore.DB, error)

// eachBackend runs test once on a SQLite file and once on a PostgreSQL
// database, each new and empty.
func eachBackend(t *testing.T, test func(t *testing.T, open opener)) {
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "t.db")
		test(t, func(ctx context.Context) (*sqlstore.DB, error) { return sqlite.Open(ctx, path) })
	})
	t.Run("postgres", func(t *testing.T) {
		url := pg.NewDatabase(t)
		test(t, func(ctx context.Context) (*sqlstore.DB, error) { return postgres.Open(ctx, url) })
	})
}
