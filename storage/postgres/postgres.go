// Package postgres is linli's shared store: one PostgreSQL database that
// several linli processes use at once (a 街道's communities, each served by
// its own WeChat account and process), over github.com/jackc/pgx/v5. The
// SQL is sqlstore's, shared with storage/sqlite; transactions are
// serializable and run again when PostgreSQL reports a conflict, so every
// store keeps the guarantees it has on SQLite's single writer.
package postgres

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"linli/storage/sqlstore"
)

// IsURL reports whether a --db or db_url value names a PostgreSQL database
// rather than a SQLite file.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open connects to the database at url (postgres://user:pass@host/db, with
// pgx's options such as pool_max_conns) and applies pending migrations.
func Open(ctx context.Context, rawURL string) (*sqlstore.DB, error) {
	name := Redact(rawURL)
	cfg, err := pgxpool.ParseConfig(rawURL)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", name, err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", name, err)
	}
	sqlDB := stdlib.OpenDBFromPool(pool)
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		pool.Close()
		return nil, fmt.Errorf("open store %s: %w", name, err)
	}
	db, err := sqlstore.New(ctx, sqlDB, sqlstore.Postgres, name, pool.Close)
	if err != nil {
		sqlDB.Close()
		pool.Close()
		return nil, err
	}
	// Savepoints travel with the statement they guard: the simple
	// protocol sends several statements in one round trip.
	db.SendTogether(pgx.QueryExecModeSimpleProtocol)
	return db, nil
}

// Redact returns url without its password, for logs and errors.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}
