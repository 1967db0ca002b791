package sqlstore

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// pgQuery is a query as PostgreSQL runs it: spelled with $n, and whether
// it only reads (see readOnly).
type pgQuery struct {
	text     string
	readOnly bool
}

// pg returns query as PostgreSQL runs it, worked out once per query.
func (d *DB) pg(query string) pgQuery {
	if v, ok := d.rebound.Load(query); ok {
		return v.(pgQuery)
	}
	q := pgQuery{text: rebind(query), readOnly: readOnly(query)}
	d.rebound.Store(query, q)
	return q
}

// stmtCache keeps the hot queries of a store prepared, so SQLite parses
// each once per connection instead of on every call: on a morning burst the
// parse was a quarter of the work. Inside a transaction a cached statement
// is bound to it (Tx.StmtContext reuses the parse on the transaction's
// connection), so the transaction in the context is joined as with d.q.
// PostgreSQL needs no such cache: pgx prepares and caches each query on
// each connection itself.
type stmtCache struct {
	db *DB
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// prepareTimeout bounds the first preparation of a query, which needs a
// free connection of the pool; past it the query runs unprepared rather
// than wait on connections held by transactions.
const prepareTimeout = 50 * time.Millisecond

func (c *stmtCache) stmt(ctx context.Context, query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[query]; ok {
		return st
	}
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), prepareTimeout)
	defer cancel()
	st, err := c.db.db.PrepareContext(pctx, query)
	if err != nil {
		return nil // try again next time; run it unprepared now
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[query] = st
	return st
}

// bind returns the cached statement for query in ctx's transaction, or
// nil when it is not prepared.
func (c *stmtCache) bind(ctx context.Context, query string) *sql.Stmt {
	st := c.stmt(ctx, query)
	if st == nil {
		return nil
	}
	if tx := txOf(ctx); tx != nil {
		return tx.tx.StmtContext(ctx, st)
	}
	return st
}

func (c *stmtCache) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := txOf(ctx); st != nil && st.pending != "" && c.db.together != nil {
		// The waiting savepoint commands travel with this statement;
		// the result is the statement's, the last one sent.
		st.writes++
		return st.tx.ExecContext(ctx, st.take()+c.db.pg(query).text, append([]any{c.db.together}, pgArgs(args)...)...)
	}
	if c.db.dialect == Postgres {
		return c.db.raw(ctx).ExecContext(ctx, c.db.pg(query).text, pgArgs(args)...)
	}
	if st := c.bind(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return c.db.raw(ctx).ExecContext(ctx, query, args...)
}

func (c *stmtCache) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if c.db.dialect == Postgres {
		q := c.db.pg(query)
		return c.db.sender(ctx, q).QueryContext(ctx, q.text, pgArgs(args)...)
	}
	if st := c.bind(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return c.db.raw(ctx).QueryContext(ctx, query, args...)
}

func (c *stmtCache) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if c.db.dialect == Postgres {
		q := c.db.pg(query)
		return c.db.sender(ctx, q).QueryRowContext(ctx, q.text, pgArgs(args)...)
	}
	if st := c.bind(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return c.db.raw(ctx).QueryRowContext(ctx, query, args...)
}

// sender is what q is sent on: rawRead when it only reads, else raw.
func (d *DB) sender(ctx context.Context, q pgQuery) querier {
	if q.readOnly {
		return d.rawRead(ctx)
	}
	return d.raw(ctx)
}

// cachedQuerier runs every query through the statement cache.
type cachedQuerier struct{ c *stmtCache }

func (q cachedQuerier) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return q.c.exec(ctx, query, args...)
}

func (q cachedQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return q.c.query(ctx, query, args...)
}

func (q cachedQuerier) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return q.c.queryRow(ctx, query, args...)
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = nil
}
