// Package sqlstore is the SQL that linli's two stores share: the embedded
// SQLite file (storage/sqlite) and the PostgreSQL server that several
// processes share (storage/postgres). Both run the same queries and the
// same migrations over database/sql; a Dialect holds the few differences
// (placeholders, column types, transaction isolation), so the two cannot
// drift apart. It implements the store interfaces that the core and the
// workflows define.
//
// A transaction travels in the context (see bot.Transactor): every method
// called with a context from InTx runs inside that transaction.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"linli/bot"
)

// DB is an open linli database of either dialect.
type DB struct {
	db      *sql.DB
	dialect Dialect
	name    string
	stmts   stmtCache
	// savepoints numbers savepoint names.
	savepoints atomic.Int64
	// rebound caches each query as PostgreSQL runs it (see pg).
	rebound sync.Map
	// together is the first argument that makes the driver send a
	// statement by a protocol that allows several in one (see
	// SendTogether); nil when there is none.
	together any
	// release frees what the handle was opened over (the pgx pool).
	release []func()
}

// New wraps an open handle of dialect d and applies pending migrations.
// name is what errors and tools call the database (a file path, or a URL
// without its password). release runs at Close, after the handle is
// closed.
func New(ctx context.Context, sqlDB *sql.DB, d Dialect, name string, release ...func()) (*DB, error) {
	db := &DB{db: sqlDB, dialect: d, name: name, release: release}
	db.stmts.db = db
	if err := db.migrate(ctx); err != nil {
		return nil, err
	}
	return db, nil
}

// Close closes the database and its prepared statements.
func (d *DB) Close() error {
	d.stmts.close()
	err := d.db.Close()
	for _, f := range d.release {
		f()
	}
	return err
}

// Path is where the database lives: the SQLite file, or the PostgreSQL URL
// without its password.
func (d *DB) Path() string { return d.name }

// Dialect is the database's SQL dialect.
func (d *DB) Dialect() Dialect { return d.dialect }

// SQL exposes the underlying handle for tools and benchmarks. Queries on
// it are in the database's own dialect (PostgreSQL wants $1, not ?).
func (d *DB) SQL() *sql.DB { return d.db }

type txKey struct{}

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// q returns what queries run on: the transaction carried by ctx, or the
// database itself, in the database's dialect, with each query's parse
// cached.
func (d *DB) q(ctx context.Context) querier { return cachedQuerier{&d.stmts} }

// raw returns the transaction carried by ctx, or the database itself,
// without the statement cache or placeholder rewriting (for SQL without
// parameters, such as migrations and savepoints). Savepoint commands still
// waiting for a statement to travel with go first. What is sent on it
// counts as a write of the transaction (see leanSavepoint).
func (d *DB) raw(ctx context.Context) querier {
	if st := txOf(ctx); st != nil {
		st.writes++
	}
	return d.rawRead(ctx)
}

// rawRead is raw for a statement that changes nothing (see readOnly),
// which a lean batch's message may send without a savepoint to undo it.
func (d *DB) rawRead(ctx context.Context) querier {
	if st := txOf(ctx); st != nil {
		st.flush(ctx)
		return st.tx
	}
	return d.db
}

// txState is what a transaction carries in its context: the transaction,
// the savepoint commands that wait for the next statement to travel with,
// and the reads remembered until the transaction writes what they read.
type txState struct {
	tx *sql.Tx
	// release names a savepoint that succeeded; releasing it is sent with
	// the next savepoint rather than costing a round trip of its own.
	release string
	// pending holds savepoint commands ("RELEASE sp1; SAVEPOINT sp2; ")
	// not sent yet: where the driver can send several statements at once,
	// they go with the next statement that changes something.
	pending string
	// broken is why sending pending failed, when no caller could be told:
	// the transaction is aborted, and InTx reports this cause.
	broken error
	// memo holds reads that stay true for the rest of the transaction
	// unless it changes them itself (see remember and forget).
	memo map[string]any
	// sightings holds the senders ReadAhead looked up, by the same rule.
	sightings map[sightKey]sighting
	// adds holds counts to add to rows at the commit (see addAtCommit).
	adds map[string]pendingAdd
	// rows holds rows to insert at the commit (see insertAtCommit).
	rows map[string]*pendingRows
	// lean is set by ReadAhead on a batch's first run: its messages'
	// savepoints are not sent and their marks as handled wait for the
	// commit (see leanSavepoint).
	lean bool
	// careful is set on the run after a lean one could not commit; it is
	// never lean.
	careful bool
	// writes counts the statements sent that may have changed something.
	writes int
	// spoiled is why a lean run cannot commit, when a caller might not
	// pass it on: InTx then runs the transaction again, careful.
	spoiled error
}

// flush sends the pending savepoint commands on their own.
func (st *txState) flush(ctx context.Context) error {
	if st.pending == "" {
		return nil
	}
	cmds := st.pending
	st.pending = ""
	if _, err := st.tx.ExecContext(ctx, cmds); err != nil {
		st.broken = fmt.Errorf("savepoint: %w", err)
		return st.broken
	}
	return nil
}

// take returns the pending savepoint commands for a statement to carry.
func (st *txState) take() string {
	cmds := st.pending
	st.pending = ""
	return cmds
}

// txOf returns the transaction state carried by ctx, or nil.
func txOf(ctx context.Context) *txState {
	st, _ := ctx.Value(txKey{}).(*txState)
	return st
}

// remember returns the value stored under key in ctx's transaction, or
// calls read and stores what it returns. Outside a transaction it just
// reads. A transaction sees one snapshot of the database (SQLite's single
// writer, PostgreSQL's serializable isolation), so a read repeated inside
// it returns the same rows unless the transaction wrote them: whatever
// writes them calls forget, and a savepoint rolled back forgets all.
func remember[T any](ctx context.Context, key string, read func() (T, error)) (T, error) {
	st := txOf(ctx)
	if st == nil {
		return read()
	}
	if v, ok := st.memo[key]; ok {
		return v.(T), nil
	}
	v, err := read()
	if err != nil {
		return v, err
	}
	st.keep(key, v)
	return v, nil
}

// keep remembers v under key for the rest of the transaction (see
// remember).
func (st *txState) keep(key string, v any) {
	if st.memo == nil {
		st.memo = map[string]any{}
	}
	st.memo[key] = v
}

// forget drops what ctx's transaction remembered under every key that
// starts with prefix.
func forget(ctx context.Context, prefix string) {
	st := txOf(ctx)
	if st == nil {
		return
	}
	for k := range st.memo {
		if strings.HasPrefix(k, prefix) {
			delete(st.memo, k)
		}
	}
}

// maxAttempts bounds how often a PostgreSQL transaction that lost a
// serialization conflict is run again.
const maxAttempts = 30

// InTx runs fn inside one transaction, committed when fn returns nil and
// rolled back otherwise. A nested call joins the outer transaction.
//
// On SQLite the transaction takes the write lock at BEGIN, so writers
// queue. On PostgreSQL it is serializable, which gives every caller the
// same guarantee as SQLite's single writer without locking the whole
// database: when PostgreSQL reports that a concurrent transaction
// conflicted, fn is run again from the start, so fn must leave nothing
// behind outside the transaction that a second run would double. Each run
// again waits a random moment first, longer after each conflict, so that
// processes whose batches keep meeting fall out of step rather than meet
// again, at most maxAttempts times or as bot.TryAtMost says; a conflict
// returned is bot.ErrConflict. A lean run that cannot commit (see lean.go)
// runs again at once, careful, and that run is not counted.
func (d *DB) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if txOf(ctx) != nil {
		return fn(ctx)
	}
	attempts := maxAttempts
	if n := bot.Attempts(ctx); n > 0 {
		attempts = n
	}
	careful := false
	for attempt := 1; ; attempt++ {
		err := d.inTxOnce(ctx, d.dialect.txOptions(), careful, fn)
		if errors.Is(err, errRunCareful) && !careful && ctx.Err() == nil {
			// Not a conflict: the same work, each message guarded by
			// its savepoint, at once and not counted as an attempt.
			careful = true
			attempt--
			continue
		}
		if err == nil || !d.dialect.retryable(err) || ctx.Err() != nil {
			return err
		}
		if attempt == attempts {
			return fmt.Errorf("%d attempts: %w", attempt, conflict(err))
		}
		select {
		case <-time.After(retryPause(attempt)):
		case <-ctx.Done():
			return err
		}
	}
}

// conflict marks a serialization failure as bot.ErrConflict, so that
// callers outside the store can tell it from a failure of their own.
func conflict(err error) error {
	if errors.Is(err, bot.ErrConflict) {
		return err
	}
	return fmt.Errorf("%w: %w", bot.ErrConflict, err)
}

// retryPause is how long a transaction waits before its next attempt: up
// to a millisecond a conflict so far, at random.
func retryPause(attempt int) time.Duration {
	return rand.N(time.Duration(attempt) * time.Millisecond)
}

func (d *DB) inTxOnce(ctx context.Context, opts *sql.TxOptions, careful bool, fn func(ctx context.Context) error) error {
	tx, err := d.db.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	st := &txState{tx: tx, careful: careful}
	ctx = context.WithValue(ctx, txKey{}, st)
	if err := fn(ctx); err != nil {
		tx.Rollback()
		for _, cause := range []error{st.broken, st.spoiled} {
			if cause != nil && !errors.Is(err, cause) {
				err = errors.Join(err, cause)
			}
		}
		return err
	}
	if st.spoiled != nil {
		tx.Rollback()
		return st.spoiled
	}
	if err := d.insertQueued(ctx, st); err != nil {
		tx.Rollback()
		return err
	}
	if err := d.addCounts(ctx, st); err != nil {
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
//
// Savepoints cost no round trip of their own where the driver sends
// several statements at once (PostgreSQL, see SendTogether): the SAVEPOINT
// travels with fn's first statement that changes something (its first
// statement, for a message: marking it handled), and a savepoint that
// succeeded is released with the next one, or by the commit. Releasing
// later changes nothing, since what a released savepoint did belongs to
// the enclosing transaction either way; and a savepoint inside which
// nothing was sent is never sent at all.
//
// In a lean transaction (a batch's first run on PostgreSQL, see
// ReadAhead) no savepoint is sent at all; leanSavepoint says how a failure
// is undone there.
//
// A serialization conflict is not fn's failure but the transaction's: the
// savepoint is not rolled back, so the transaction stays aborted and InTx
// runs it again, rather than letting the caller record the message as
// failed.
func (d *DB) Savepoint(ctx context.Context, fn func(ctx context.Context) error) error {
	st := txOf(ctx)
	if st == nil {
		return d.InTx(ctx, fn)
	}
	if st.lean {
		return d.leanSavepoint(ctx, st, fn)
	}
	name := fmt.Sprintf("sp%d", d.savepoints.Add(1))
	if st.release != "" {
		st.pending += "RELEASE " + st.release + "; "
		st.release = ""
	}
	open := "SAVEPOINT " + name + "; "
	st.pending += open
	if d.together == nil {
		if err := st.flush(ctx); err != nil {
			return err
		}
	}
	undo := st.mark()
	err := fn(ctx)
	if err != nil && !d.dialect.retryable(err) {
		st.undo(undo) // what fn counted and queued is undone with it
	}
	if unsent, ok := strings.CutSuffix(st.pending, open); ok {
		// Nothing of fn reached the database: no savepoint to undo or
		// release.
		st.pending = unsent
		if err != nil && d.dialect.retryable(err) {
			return conflict(err)
		}
		if err != nil {
			st.memo, st.sightings = nil, nil
		}
		return err
	}
	if err != nil {
		if d.dialect.retryable(err) {
			return conflict(err)
		}
		// A release still waiting was of a savepoint inside this one,
		// which the rollback undoes with everything fn remembered.
		st.release, st.pending, st.memo, st.sightings = "", "", nil, nil
		if _, rbErr := st.tx.ExecContext(ctx, "ROLLBACK TO "+name+"; RELEASE "+name); rbErr != nil {
			return errors.Join(err, fmt.Errorf("roll back to savepoint: %w", rbErr))
		}
		return err
	}
	st.release = name // releasing it releases any savepoint inside it
	return nil
}

// pendingAdd is a count to add to a row at the commit: query adds ?1 to
// the row named by ?2, key.
type pendingAdd struct {
	query string
	key   any
	n     int
}

// addAtCommit adds n to the row that query (adding ?1 to the row ?2
// names) updates, once, when the transaction commits, under name; a
// savepoint rolled back takes back what was added inside it. A row that
// every message of a batch counts on, each in its own savepoint, is then
// written once a transaction instead of once a message: on PostgreSQL
// every write of it leaves another version of the row for the next one to
// walk, and once they fill its page, an index entry that the transactions
// of other processes reading the index conflict with.
func (st *txState) addAtCommit(name, query string, key any, n int) {
	if st.adds == nil {
		st.adds = map[string]pendingAdd{}
	}
	a := st.adds[name]
	a.query, a.key, a.n = query, key, a.n+n
	st.adds[name] = a
}

// addedAtCommit is what ctx's transaction will add under name at the
// commit.
func addedAtCommit(ctx context.Context, name string) int {
	if st := txOf(ctx); st != nil {
		return st.adds[name].n
	}
	return 0
}

// dropAtCommit forgets what ctx's transaction would add under name, for a
// caller that resets the row instead.
func dropAtCommit(ctx context.Context, name string) {
	if st := txOf(ctx); st != nil {
		delete(st.adds, name)
	}
}

// addCounts writes the counts st holds, in the order of their names.
func (d *DB) addCounts(ctx context.Context, st *txState) error {
	for _, name := range slices.Sorted(maps.Keys(st.adds)) {
		a := st.adds[name]
		if a.n == 0 {
			continue
		}
		if _, err := d.q(ctx).ExecContext(ctx, a.query, a.n, a.key); err != nil {
			return fmt.Errorf("add %s: %w", name, err)
		}
	}
	st.adds = nil
	return nil
}

// pendingRows are rows queued for one table by insertAtCommit: head is
// the INSERT up to VALUES, and each row has width values in args. Rows
// queued by insertNewAtCommit are new: the INSERT skips any already in the
// table, and insertNow reports that it found one.
type pendingRows struct {
	head  string
	width int
	args  []any
	new   bool
}

// marker is what a savepoint restores when it is rolled back: the counts
// to add and the rows queued when it began. Rows queued before it and
// inserted inside it are queued again, since the rollback undoes their
// insert; queues only grow at their end, so the values a marker holds are
// never overwritten.
type marker struct {
	adds map[string]pendingAdd
	rows map[string][]any
}

// mark records what a savepoint beginning now would restore.
func (st *txState) mark() marker {
	m := marker{adds: maps.Clone(st.adds)}
	for name, p := range st.rows {
		if m.rows == nil {
			m.rows = map[string][]any{}
		}
		m.rows[name] = p.args
	}
	return m
}

// undo forgets what was counted and queued since m.
func (st *txState) undo(m marker) {
	st.adds = m.adds
	for name, p := range st.rows {
		p.args = m.rows[name]
	}
}

// insertAtCommit queues one row, whose values are args, for head (an
// INSERT up to and including VALUES, without the values), under name; the
// rows queued under a name are inserted together, in the order queued,
// when the transaction commits or when insertNow is called first. A
// savepoint rolled back takes back the rows queued inside it. A message's
// row that nothing reads back within the transaction then costs no round
// trip of its own.
func (st *txState) insertAtCommit(name, head string, args ...any) error {
	if st.rows == nil {
		st.rows = map[string]*pendingRows{}
	}
	p := st.rows[name]
	if p == nil {
		p = &pendingRows{head: head, width: len(args)}
		st.rows[name] = p
	}
	if len(args) != p.width {
		return fmt.Errorf("queue a row of %s: %d values, want %d", name, len(args), p.width)
	}
	p.args = append(p.args, args...)
	return nil
}

// insertBatch is the most rows one statement of insertNow inserts.
const insertBatch = 64

// insertNow inserts the rows ctx's transaction queued under name, for a
// caller about to read or change the table.
func (d *DB) insertNow(ctx context.Context, name string) error {
	st := txOf(ctx)
	if st == nil || st.rows[name] == nil {
		return nil
	}
	p := st.rows[name]
	for len(p.args) > 0 {
		n := min(len(p.args)/p.width, insertBatch)
		query := p.head + " " + strings.TrimSuffix(strings.Repeat("("+placeholders(p.width)+"),", n), ",")
		if p.new {
			query += " ON CONFLICT DO NOTHING"
		}
		res, err := d.q(ctx).ExecContext(ctx, query, p.args[:n*p.width]...)
		if err != nil {
			return fmt.Errorf("insert queued %s: %w", name, err)
		}
		if p.new {
			if err := st.allInserted(res, name, n); err != nil {
				return err
			}
		}
		p.args = p.args[n*p.width:]
	}
	return nil
}

// insertQueued inserts every row st queued, a table at a time in the order
// of their names.
func (d *DB) insertQueued(ctx context.Context, st *txState) error {
	for _, name := range slices.Sorted(maps.Keys(st.rows)) {
		if err := d.insertNow(ctx, name); err != nil {
			return err
		}
	}
	return nil
}

// SendTogether tells the store how to ask its driver to send several
// statements as one (pgx's simple protocol, as a first argument), so that
// savepoints travel with the statements they guard. Without it each
// savepoint command is a statement of its own.
func (d *DB) SendTogether(arg any) { d.together = arg }

// changedOne runs a statement that changes at most one row and reports
// whether it changed one; errors are wrapped with what it does.
func (d *DB) changedOne(ctx context.Context, what, query string, args ...any) (bool, error) {
	res, err := d.q(ctx).ExecContext(ctx, query, args...)
	if err != nil {
		return false, fmt.Errorf("%s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("%s: %w", what, err)
	}
	return n == 1, nil
}
