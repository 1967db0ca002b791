package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"linli/bot"
	"linli/scheduler"
)

// SchedulerStore keeps the scheduler's job states, slot claims and timers.
type SchedulerStore struct{ db *DB }

// NewSchedulerStore returns the scheduler's store over db.
func NewSchedulerStore(db *DB) *SchedulerStore { return &SchedulerStore{db: db} }

var _ scheduler.Store = (*SchedulerStore)(nil)

// LoadJobs returns the saved state of every job seen before.
func (s *SchedulerStore) LoadJobs(ctx context.Context) (map[string]scheduler.JobState, error) {
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT name, spec, location, next_due FROM scheduler_jobs`)
	if err != nil {
		return nil, fmt.Errorf("load job states: %w", err)
	}
	defer rows.Close()
	out := map[string]scheduler.JobState{}
	for rows.Next() {
		var st scheduler.JobState
		var next int64
		if err := rows.Scan(&st.Name, &st.Spec, &st.Location, &next); err != nil {
			return nil, fmt.Errorf("load job states: %w", err)
		}
		st.Next = fromMS(next)
		out[st.Name] = st
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load job states: %w", err)
	}
	return out, nil
}

// SaveJob records a job's next slot.
func (s *SchedulerStore) SaveJob(ctx context.Context, st scheduler.JobState) error {
	_, err := s.db.q(ctx).ExecContext(ctx, `INSERT INTO scheduler_jobs(name, spec, location, next_due)
		VALUES (?, ?, ?, ?)
		ON CONFLICT(name) DO UPDATE SET spec = excluded.spec, location = excluded.location,
			next_due = excluded.next_due`,
		st.Name, st.Spec, st.Location, ms(st.Next))
	if err != nil {
		return fmt.Errorf("save job state %s: %w", st.Name, err)
	}
	return nil
}

// ClaimSlot records that the slot key fired; false means it fired before.
func (s *SchedulerStore) ClaimSlot(ctx context.Context, key string, at time.Time, late time.Duration) (bool, error) {
	res, err := s.db.q(ctx).ExecContext(ctx, `INSERT INTO scheduler_slots(key, fired_at, late_ms) VALUES (?, ?, ?)
		ON CONFLICT(key) DO NOTHING`, key, ms(at), late.Milliseconds())
	if err != nil {
		return false, fmt.Errorf("claim slot %s: %w", key, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("claim slot %s: %w", key, err)
	}
	return n == 1, nil
}

// SlotFired reports whether the slot key fired on this store, for tests and
// the operator.
func (s *SchedulerStore) SlotFired(ctx context.Context, key string) (bool, error) {
	var n int
	if err := s.db.q(ctx).QueryRowContext(ctx, `SELECT count(*) FROM scheduler_slots WHERE key = ?`, key).Scan(&n); err != nil {
		return false, fmt.Errorf("look up slot %s: %w", key, err)
	}
	return n > 0, nil
}

// PruneSlots forgets claims made before before.
func (s *SchedulerStore) PruneSlots(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.db.q(ctx).ExecContext(ctx, `DELETE FROM scheduler_slots WHERE fired_at < ?`, ms(before))
	if err != nil {
		return 0, fmt.Errorf("prune slots: %w", err)
	}
	return res.RowsAffected()
}

// RecordFailure keeps a slot's error for the operator.
func (s *SchedulerStore) RecordFailure(ctx context.Context, key string, at time.Time, reason string) error {
	if _, err := s.db.q(ctx).ExecContext(ctx, `INSERT INTO scheduler_failures(key, at, reason) VALUES (?, ?, ?)`,
		key, ms(at), reason); err != nil {
		return fmt.Errorf("record failure of %s: %w", key, err)
	}
	return nil
}

// SlotFailure is one recorded failure of a slot.
type SlotFailure struct {
	Key    string
	At     time.Time
	Reason string
}

// Failures returns the latest recorded slot failures, newest first, so an
// operator can see what did not fire and why.
func (s *SchedulerStore) Failures(ctx context.Context, limit int) ([]SlotFailure, error) {
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT key, at, reason FROM scheduler_failures ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("list slot failures: %w", err)
	}
	defer rows.Close()
	var out []SlotFailure
	for rows.Next() {
		var f SlotFailure
		var at int64
		if err := rows.Scan(&f.Key, &at, &f.Reason); err != nil {
			return nil, fmt.Errorf("list slot failures: %w", err)
		}
		f.At = fromMS(at)
		out = append(out, f)
	}
	return out, rows.Err()
}

// PutTimer stores a timer, moving an existing one with the same key.
func (s *SchedulerStore) PutTimer(ctx context.Context, t scheduler.Timer) error {
	loc := ""
	if t.Location != nil {
		loc = t.Location.String()
	}
	_, err := s.db.q(ctx).ExecContext(ctx, `INSERT INTO scheduler_timers(key, kind, at, payload, spec, location, policy, grace_ms, chat)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(key) DO UPDATE SET kind = excluded.kind, at = excluded.at, payload = excluded.payload,
			spec = excluded.spec, location = excluded.location, policy = excluded.policy, grace_ms = excluded.grace_ms,
			chat = excluded.chat`,
		t.Key, t.Kind, ms(t.At), t.Payload, t.Spec, loc, int(t.Policy), t.Grace.Milliseconds(), t.Chat)
	if err != nil {
		return fmt.Errorf("put timer %s: %w", t.Key, err)
	}
	return nil
}

// DeleteTimer removes a timer; unknown keys are fine.
func (s *SchedulerStore) DeleteTimer(ctx context.Context, key string) error {
	if _, err := s.db.q(ctx).ExecContext(ctx, `DELETE FROM scheduler_timers WHERE key = ?`, key); err != nil {
		return fmt.Errorf("delete timer %s: %w", key, err)
	}
	return nil
}

// AdvanceTimer moves a timer from at to next, or deletes it when next is
// zero; false means it was no longer at at.
func (s *SchedulerStore) AdvanceTimer(ctx context.Context, key string, at, next time.Time) (bool, error) {
	var res sql.Result
	var err error
	if next.IsZero() {
		res, err = s.db.q(ctx).ExecContext(ctx, `DELETE FROM scheduler_timers WHERE key = ? AND at = ?`, key, ms(at))
	} else {
		res, err = s.db.q(ctx).ExecContext(ctx, `UPDATE scheduler_timers SET at = ? WHERE key = ? AND at = ?`, ms(next), key, ms(at))
	}
	if err != nil {
		return false, fmt.Errorf("advance timer %s: %w", key, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("advance timer %s: %w", key, err)
	}
	return n == 1, nil
}

// Timer returns a stored timer by key.
func (s *SchedulerStore) Timer(ctx context.Context, key string) (scheduler.Timer, bool, error) {
	ts, err := s.timers(ctx, `WHERE key = ?`, key)
	if err != nil || len(ts) == 0 {
		return scheduler.Timer{}, false, err
	}
	return ts[0], true, nil
}

// DueTimers returns the timers of the given kinds due by until, by time.
func (s *SchedulerStore) DueTimers(ctx context.Context, until time.Time, kinds []string) ([]scheduler.Timer, error) {
	return s.dueTimers(ctx, until, kinds, "", nil)
}

// dueTimers is DueTimers among the timers that also meet scope (SQL over
// scheduler_timers' columns, with its arguments; "" for all).
func (s *SchedulerStore) dueTimers(ctx context.Context, until time.Time, kinds []string, scope string, scopeArgs []any) ([]scheduler.Timer, error) {
	if len(kinds) == 0 {
		return nil, nil
	}
	cond, args := ofKinds(kinds, scope, scopeArgs)
	return s.timers(ctx, `WHERE at <= ? AND `+cond+` ORDER BY at, key`, append([]any{ms(until)}, args...)...)
}

// NextTimer returns the earliest time a timer of the given kinds is due.
func (s *SchedulerStore) NextTimer(ctx context.Context, kinds []string) (time.Time, bool, error) {
	return s.nextTimer(ctx, kinds, "", nil)
}

// nextTimer is NextTimer among the timers that also meet scope.
func (s *SchedulerStore) nextTimer(ctx context.Context, kinds []string, scope string, scopeArgs []any) (time.Time, bool, error) {
	if len(kinds) == 0 {
		return time.Time{}, false, nil
	}
	cond, args := ofKinds(kinds, scope, scopeArgs)
	query := `SELECT min(at) FROM scheduler_timers WHERE ` + cond
	var at sql.NullInt64
	err := s.db.q(ctx).QueryRowContext(ctx, query, args...).Scan(&at)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("next timer: %w", err)
	}
	if !at.Valid {
		return time.Time{}, false, nil
	}
	return fromMS(at.Int64), true, nil
}

func (s *SchedulerStore) timers(ctx context.Context, where string, args ...any) ([]scheduler.Timer, error) {
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT key, kind, at, payload, spec, location, policy, grace_ms, chat
		FROM scheduler_timers `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("list timers: %w", err)
	}
	defer rows.Close()
	var out []scheduler.Timer
	locs := map[string]*time.Location{}
	for rows.Next() {
		var t scheduler.Timer
		var at, grace int64
		var loc string
		var policy int
		if err := rows.Scan(&t.Key, &t.Kind, &at, &t.Payload, &t.Spec, &loc, &policy, &grace, &t.Chat); err != nil {
			return nil, fmt.Errorf("list timers: %w", err)
		}
		t.At = fromMS(at)
		t.Policy = scheduler.MissedPolicy(policy)
		t.Grace = time.Duration(grace) * time.Millisecond
		if loc != "" {
			l, ok := locs[loc]
			if !ok {
				if l, err = time.LoadLocation(loc); err != nil {
					return nil, fmt.Errorf("timer %s: time zone %q: %w", t.Key, loc, err)
				}
				locs[loc] = l
			}
			t.Location = l
			t.At = t.At.In(l)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list timers: %w", err)
	}
	return out, nil
}

// HoldMessages keeps a fired slot's messages until the shared claim
// decides whether they are sent.
func (s *SchedulerStore) HoldMessages(ctx context.Context, key string, msgs []bot.Outgoing) error {
	b, err := json.Marshal(msgs)
	if err != nil {
		return fmt.Errorf("hold messages of %s: %w", key, err)
	}
	if _, err := s.db.q(ctx).ExecContext(ctx, `INSERT INTO scheduler_held(key, msgs) VALUES (?, ?)
		ON CONFLICT(key) DO UPDATE SET msgs = excluded.msgs`, key, string(b)); err != nil {
		return fmt.Errorf("hold messages of %s: %w", key, err)
	}
	return nil
}

// HeldSlots lists the slots whose messages are held.
func (s *SchedulerStore) HeldSlots(ctx context.Context) ([]scheduler.Held, error) {
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT key, msgs FROM scheduler_held ORDER BY key`)
	if err != nil {
		return nil, fmt.Errorf("list held slots: %w", err)
	}
	defer rows.Close()
	var out []scheduler.Held
	for rows.Next() {
		var h scheduler.Held
		var b string
		if err := rows.Scan(&h.Key, &b); err != nil {
			return nil, fmt.Errorf("list held slots: %w", err)
		}
		if err := json.Unmarshal([]byte(b), &h.Msgs); err != nil {
			return nil, fmt.Errorf("held slot %s: %w", h.Key, err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// DropHeld forgets a slot's held messages.
func (s *SchedulerStore) DropHeld(ctx context.Context, key string) error {
	if _, err := s.db.q(ctx).ExecContext(ctx, `DELETE FROM scheduler_held WHERE key = ?`, key); err != nil {
		return fmt.Errorf("drop held slot %s: %w", key, err)
	}
	return nil
}

// InstanceID returns this store's instance id, made on first use.
func (s *SchedulerStore) InstanceID(ctx context.Context) (string, error) {
	var id string
	err := s.db.q(ctx).QueryRowContext(ctx, `SELECT id FROM scheduler_instance WHERE one = 1`).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("read instance id: %w", err)
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("make instance id: %w", err)
	}
	if _, err := s.db.q(ctx).ExecContext(ctx, `INSERT INTO scheduler_instance(one, id) VALUES (1, ?) ON CONFLICT(one) DO NOTHING`,
		hex.EncodeToString(b[:])); err != nil {
		return "", fmt.Errorf("save instance id: %w", err)
	}
	if err := s.db.q(ctx).QueryRowContext(ctx, `SELECT id FROM scheduler_instance WHERE one = 1`).Scan(&id); err != nil {
		return "", fmt.Errorf("read instance id: %w", err)
	}
	return id, nil
}

// ofKinds is the condition that a timer is of one of kinds and meets
// scope ("" for any), with its arguments.
func ofKinds(kinds []string, scope string, scopeArgs []any) (string, []any) {
	cond, args := `kind IN (`+placeholders(len(kinds))+`)`, stringArgs(kinds)
	if scope != "" {
		cond += ` AND ` + scope
		args = append(args, scopeArgs...)
	}
	return cond, args
}

// SharedSchedulerStore is the scheduler store of one linli process among
// several that share a database (see SharedOutbox). A timer addressed to a
// group (scheduler.Timer.Chat) fires only in a process that reaches that
// group: a group's check-in acks are then flushed by the process whose
// batches queue them, instead of by another process whose flush updates
// the rows those batches are writing, which makes one of the two run
// again. Only that process can deliver the flush's message anyway. Timers
// addressed to no group fire wherever they are claimed first.
type SharedSchedulerStore struct {
	*SchedulerStore
	Reach *bot.Directory
}

// DueTimers returns the timers of the given kinds due by until that this
// process may fire, by time.
func (s SharedSchedulerStore) DueTimers(ctx context.Context, until time.Time, kinds []string) ([]scheduler.Timer, error) {
	scope, args := s.scope()
	return s.dueTimers(ctx, until, kinds, scope, args)
}

// NextTimer returns the earliest time a timer of the given kinds that this
// process may fire is due.
func (s SharedSchedulerStore) NextTimer(ctx context.Context, kinds []string) (time.Time, bool, error) {
	scope, args := s.scope()
	return s.nextTimer(ctx, kinds, scope, args)
}

// scope is the condition on timers that this process fires.
func (s SharedSchedulerStore) scope() (string, []any) {
	if s.Reach.ServeAllGroups {
		return "", nil
	}
	groups := s.Reach.AllGroups()
	if len(groups) == 0 {
		return `chat = ''`, nil
	}
	return `(chat = '' OR chat IN (` + placeholders(len(groups)) + `))`, stringArgs(groups)
}
