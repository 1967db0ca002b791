package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// The migrations: one tree for both dialects (migrations/*.sql, in the
// SQL they share, with SQLite's type names that Dialect.ddl respells), and
// a file under migrations/<dialect>/ only where a dialect needs something
// else: a file there replaces the shared one of the same name, or adds a
// step the other dialect does not need.
//
//go:embed migrations/*.sql migrations/postgres/*.sql migrations/sqlite/*.sql
var migrationFS embed.FS

// migrationLock is the PostgreSQL advisory lock that makes processes
// starting together apply the migrations one at a time.
const migrationLock = 0x6c696e6c69 // "linli"

// migrations returns the dialect's migration files by name, in order.
func (d Dialect) migrations() ([]string, map[string]string, error) {
	files := map[string]string{}
	for _, dir := range []string{"migrations", path.Join("migrations", d.String())} {
		names, err := fs.Glob(migrationFS, dir+"/*.sql")
		if err != nil {
			return nil, nil, err
		}
		for _, n := range names {
			files[path.Base(n)] = n
		}
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names, files, nil
}

// migrate applies the pending migrations in order, each in its own
// transaction, and records them.
func (d *DB) migrate(ctx context.Context) error {
	create := `CREATE TABLE IF NOT EXISTS schema_migrations (
		name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT (datetime('now')))`
	if d.dialect == Postgres {
		create = `CREATE TABLE IF NOT EXISTS schema_migrations (
		name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`
	}
	names, files, err := d.dialect.migrations()
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	err = d.migrateTx(ctx, func(ctx context.Context) error {
		_, err := d.raw(ctx).ExecContext(ctx, create)
		return err
	})
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, base := range names {
		err := d.migrateTx(ctx, func(ctx context.Context) error {
			var n int
			if err := d.q(ctx).QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE name = ?`, base).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			body, err := migrationFS.ReadFile(files[base])
			if err != nil {
				return err
			}
			sqlText := string(body)
			if !strings.Contains(files[base], "/"+d.dialect.String()+"/") {
				sqlText = d.dialect.ddl(sqlText)
			}
			if _, err := d.raw(ctx).ExecContext(ctx, sqlText); err != nil {
				return err
			}
			_, err = d.q(ctx).ExecContext(ctx, `INSERT INTO schema_migrations(name) VALUES (?)`, base)
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate %s: %w", base, err)
		}
	}
	return nil
}

// migrateTx runs one migration step in a transaction; on PostgreSQL it
// first waits for the migration lock, so two processes starting at once
// do not both apply a step. The transaction reads committed data, not a
// snapshot: once the lock is granted it must see the step that the
// process holding it before just recorded.
func (d *DB) migrateTx(ctx context.Context, fn func(ctx context.Context) error) error {
	var opts *sql.TxOptions
	if d.dialect == Postgres {
		opts = &sql.TxOptions{Isolation: sql.LevelReadCommitted}
	}
	return d.inTxOnce(ctx, opts, true, func(ctx context.Context) error {
		if d.dialect == Postgres {
			if _, err := d.raw(ctx).ExecContext(ctx, fmt.Sprintf("SELECT pg_advisory_xact_lock(%d)", migrationLock)); err != nil {
				return err
			}
		}
		return fn(ctx)
	})
}
