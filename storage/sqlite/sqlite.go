// Package sqlite is linli's embedded default store: one SQLite file over
// github.com/mattn/go-sqlite3 in WAL mode, for a deployment that runs one
// linli process. The SQL is sqlstore's, shared with storage/postgres.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"linli/storage/sqlstore"
)

// driverName is mattn/go-sqlite3 with linli's per-connection settings.
const driverName = "sqlite3_linli"

// connectionPragmas tune each connection: checkpoints are rarer (the WAL
// may grow to about 16 MB between them, so a burst of small transactions
// does not stop to fsync every hundred commits) and temporary tables stay
// in memory.
var connectionPragmas = []string{
	"PRAGMA wal_autocheckpoint = 4000",
	"PRAGMA temp_store = MEMORY",
	"PRAGMA cache_size = -16000",
}

var registerDriver sync.Once

func register() {
	registerDriver.Do(func() {
		sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
			for _, p := range connectionPragmas {
				if _, err := c.Exec(p, nil); err != nil {
					return fmt.Errorf("%s: %w", p, err)
				}
			}
			return nil
		}})
	})
}

// Open opens (creating if needed) the database at path and applies pending
// migrations. The file is opened in WAL mode with a busy timeout and foreign
// keys on; write transactions take the lock at BEGIN, so concurrent writers
// queue instead of failing.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("open store: empty path")
	}
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "30000")
	q.Set("_foreign_keys", "on")
	q.Set("_synchronous", "NORMAL")
	q.Set("_txlock", "immediate")
	register()
	sqlDB, err := sql.Open(driverName, "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	sqlDB.SetMaxOpenConns(4)
	if err := ping(ctx, sqlDB); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	db, err := sqlstore.New(ctx, sqlDB, sqlstore.SQLite, path)
	if err != nil {
		sqlDB.Close()
		return nil, err
	}
	return db, nil
}

// openPatience is how long Open keeps trying a file that other processes
// are opening at the same moment; it matches the busy timeout.
const openPatience = 30 * time.Second

// ping makes the first connection. Processes that open a new file at the
// same moment all try to switch it to WAL, and SQLite answers "database
// is locked" to all but one without waiting on its busy timeout; so a
// busy answer here is tried again, with a short pause, until the file has
// settled or openPatience is spent.
func ping(ctx context.Context, sqlDB *sql.DB) error {
	deadline := time.Now().Add(openPatience)
	pause := 5 * time.Millisecond
	for {
		err := sqlDB.PingContext(ctx)
		var se sqlite3.Error
		if err == nil || !errors.As(err, &se) || se.Code != sqlite3.ErrBusy || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(pause):
		}
		pause = min(2*pause, 200*time.Millisecond)
	}
}
