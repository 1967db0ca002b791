// Package sqlite is linli's embedded default store, over
// github.com/mattn/go-sqlite3 in WAL mode. It implements the store
// interfaces that the core and the workflows define. Migrations are embedded
// and applied in order at open.
//
// A transaction travels in the context (see bot.Transactor): every method
// called with a context from InTx runs inside that transaction.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	sqlite3 "github.com/mattn/go-sqlite3"
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

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is an open linli database.
type DB struct {
	db    *sql.DB
	path  string
	stmts stmtCache
	// savepoints numbers savepoint names.
	savepoints atomic.Int64
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
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	d := &DB{db: sqlDB, path: path}
	d.stmts.db = d
	if err := d.migrate(ctx); err != nil {
		sqlDB.Close()
		return nil, err
	}
	return d, nil
}

// Close closes the database and its prepared statements.
func (d *DB) Close() error {
	d.stmts.close()
	return d.db.Close()
}

// Path is the file the database lives in.
func (d *DB) Path() string { return d.path }

// SQL exposes the underlying handle for tools and benchmarks.
func (d *DB) SQL() *sql.DB { return d.db }

type txKey struct{}

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// q returns what queries run on: the transaction carried by ctx, or the
// database itself, with each query's parse cached.
func (d *DB) q(ctx context.Context) querier { return cachedQuerier{&d.stmts} }

// raw returns the transaction carried by ctx, or the database itself,
// without the statement cache (for multi-statement SQL such as
// migrations).
func (d *DB) raw(ctx context.Context) querier {
	if tx, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		return tx
	}
	return d.db
}

// InTx runs fn inside one transaction, committed when fn returns nil and
// rolled back otherwise. A nested call joins the outer transaction.
func (d *DB) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		return fn(ctx)
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := fn(context.WithValue(ctx, txKey{}, tx)); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit transaction: %w", err)
	}
	return nil
}

// Savepoint runs fn inside a savepoint of the transaction in ctx, so that
// when fn fails only its own effects are undone and the transaction goes
// on. Without a transaction in ctx it is InTx.
func (d *DB) Savepoint(ctx context.Context, fn func(ctx context.Context) error) error {
	tx, ok := ctx.Value(txKey{}).(*sql.Tx)
	if !ok {
		return d.InTx(ctx, fn)
	}
	name := fmt.Sprintf("sp%d", d.savepoints.Add(1))
	if _, err := tx.ExecContext(ctx, "SAVEPOINT "+name); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	if err := fn(ctx); err != nil {
		if _, rbErr := tx.ExecContext(ctx, "ROLLBACK TO "+name); rbErr != nil {
			return errors.Join(err, fmt.Errorf("roll back to savepoint: %w", rbErr))
		}
		if _, relErr := tx.ExecContext(ctx, "RELEASE "+name); relErr != nil {
			return errors.Join(err, fmt.Errorf("release savepoint: %w", relErr))
		}
		return err
	}
	if _, err := tx.ExecContext(ctx, "RELEASE "+name); err != nil {
		return fmt.Errorf("release savepoint: %w", err)
	}
	return nil
}

func (d *DB) migrate(ctx context.Context) error {
	if _, err := d.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT (datetime('now')))`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		err := d.InTx(ctx, func(ctx context.Context) error {
			var n int
			if err := d.raw(ctx).QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE name = ?`, base).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			body, err := migrationFS.ReadFile(name)
			if err != nil {
				return err
			}
			if _, err := d.raw(ctx).ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err = d.raw(ctx).ExecContext(ctx, `INSERT INTO schema_migrations(name) VALUES (?)`, base)
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate %s: %w", base, err)
		}
	}
	return nil
}
