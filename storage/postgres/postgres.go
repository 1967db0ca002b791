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
	preferIndexes(cfg.ConnConfig)
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

// preferIndexes has every connection plan a sequential scan only where no
// index serves the query, unless the URL says otherwise
// (?enable_seqscan=on). Under serializable isolation a sequential scan
// locks the whole table for the rest of the transaction, so that a row
// any other process inserts there conflicts with it and one of the two
// transactions runs again. On a new community's first morning the tables
// are small and their statistics stale, and the planner scanned the links
// table whole to refresh a batch's senders: with three processes sharing
// the database, a morning burst lost about a third of its throughput to
// the conflicts (BENCHMARKS.md).
func preferIndexes(cfg *pgx.ConnConfig) {
	if _, set := cfg.RuntimeParams["enable_seqscan"]; !set {
		cfg.RuntimeParams["enable_seqscan"] = "off"
	}
}

// Redact returns url without its password, for logs and errors.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}
