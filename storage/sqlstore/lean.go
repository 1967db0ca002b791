package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// A lean batch is how PostgreSQL handles a batch of messages on its first
// run (ReadAhead makes a transaction lean). Its messages' savepoints are
// not sent, and marking a message handled is queued to be inserted with
// the others at the commit: a resident seen before then checks in with
// one statement, and a newcomer with two. A message rarely fails after
// changing something, and a message already handled comes only with a
// redelivery; either makes the batch run again at once, careful, as it
// ran before lean batches: each message's savepoint sent, each mark
// inserted as it is made.

// errRunCareful says a lean run of a transaction cannot commit; InTx runs
// it again, careful.
var errRunCareful = errors.New("the batch runs again with a savepoint a message")

// leanSavepoint is Savepoint in a lean transaction. No SAVEPOINT is sent:
// when fn fails having sent only reads, undoing what it queued and counted
// is all a rollback would have done, and fn's error goes back as usual;
// when it fails having sent a write, nothing can undo that write alone,
// and when the database refused a statement, PostgreSQL has ended the
// transaction: either way the transaction is spoiled (see errRunCareful).
func (d *DB) leanSavepoint(ctx context.Context, st *txState, fn func(ctx context.Context) error) error {
	writes := st.writes
	undo := st.mark()
	err := fn(ctx)
	if err == nil {
		return nil
	}
	if d.dialect.retryable(err) {
		return conflict(err)
	}
	st.undo(undo)
	st.memo, st.sightings = nil, nil
	var refused sqlStater
	if st.writes == writes && !errors.As(err, &refused) {
		return err
	}
	st.spoiled = fmt.Errorf("%w: %w", errRunCareful, err)
	return conflict(st.spoiled)
}

// excuse takes back the writes counted since there were n: those of
// ResolveMember, the sender's member row and links. They stay when the
// message fails, as they only say who wrote, and the router's answer to a
// failed message resolves the sender again, which a savepoint rolled back
// would have had it write anew. A newcomer whose first message is a
// command that fails then costs the batch no second run.
func (st *txState) excuse(n int) { st.writes = n }

// inboundRows names the marks of handled messages queued in a lean
// transaction.
const inboundRows = "inbound"

// markAtCommit queues msgID's mark as handled for the commit, and reports
// whether it is the transaction's first; a mark already in the table is
// found at the commit (see insertNewAtCommit).
func (st *txState) markAtCommit(msgID, community string, at time.Time) (bool, error) {
	if _, ok := st.queuedRow(inboundRows, msgID); ok {
		return false, nil
	}
	err := st.insertNewAtCommit(inboundRows, `INSERT INTO inbound(msg_id, handled_at, community) VALUES`, msgID, ms(at), community)
	return err == nil, err
}

// insertNewAtCommit is insertAtCommit for rows that must be new, such as
// the marks of messages: at the commit an INSERT skips a row whose key is
// already in the table, and then the transaction cannot commit.
func (st *txState) insertNewAtCommit(name, head string, args ...any) error {
	if err := st.insertAtCommit(name, head, args...); err != nil {
		return err
	}
	st.rows[name].new = true
	return nil
}

// allInserted checks that an INSERT of n new rows queued under name
// inserted them all; when one was in the table already (a message handled
// before, which a lean run took for new), the transaction is spoiled.
func (st *txState) allInserted(res sql.Result, name string, n int) error {
	k, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("insert queued %s: %w", name, err)
	}
	if k != int64(n) {
		st.spoiled = fmt.Errorf("%w: %d of %d queued rows of %s were there before", errRunCareful, int64(n)-k, n, name)
		return st.spoiled
	}
	return nil
}

// queuedRow finds the row queued under name whose first value is key,
// returning the index of that value in the queue's values.
func (st *txState) queuedRow(name string, key any) (int, bool) {
	p := st.rows[name]
	if p == nil {
		return 0, false
	}
	for i := 0; i < len(p.args); i += p.width {
		if p.args[i] == key {
			return i, true
		}
	}
	return 0, false
}

// setQueued sets the value at column col of the row queued under name
// whose first value is key, reporting whether there was one. The queue's
// values are copied first, so a savepoint's marker keeps what it held.
func (st *txState) setQueued(name string, key any, col int, v any) bool {
	i, ok := st.queuedRow(name, key)
	if !ok {
		return false
	}
	p := st.rows[name]
	p.args = slices.Clone(p.args)
	p.args[i+col] = v
	return true
}

// readOnly reports whether query only reads: a SELECT (or a WITH) with
// no INSERT, UPDATE or DELETE among its words and calling nothing that
// takes a lock or a sequence's next value. Anything else counts as a write
// for a lean transaction's messages (see leanSavepoint).
func readOnly(query string) bool {
	q := strings.ToUpper(strings.TrimSpace(query))
	ro := strings.HasPrefix(q, "SELECT") || strings.HasPrefix(q, "WITH")
	for _, w := range []string{"INSERT", "UPDATE", "DELETE"} {
		ro = ro && !hasWord(q, w)
	}
	for _, s := range []string{"NEXTVAL", "SETVAL", "LOCK"} {
		ro = ro && !strings.Contains(q, s)
	}
	return ro
}

// hasWord reports whether w stands in q as a word of its own, not inside
// a name such as updated_at.
func hasWord(q, w string) bool {
	inName := func(i int) bool {
		if i < 0 || i >= len(q) {
			return false
		}
		c := q[i]
		return c == '_' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	for i := 0; ; {
		j := strings.Index(q[i:], w)
		if j < 0 {
			return false
		}
		j += i
		if !inName(j-1) && !inName(j+len(w)) {
			return true
		}
		i = j + 1
	}
}
