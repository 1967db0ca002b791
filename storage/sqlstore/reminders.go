package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"linli/workflows/reminders"
)

// ReminderStore keeps coordinators' reminders (reminders.Store).
type ReminderStore struct{ db *DB }

// NewReminderStore returns the reminders store over db.
func NewReminderStore(db *DB) *ReminderStore { return &ReminderStore{db: db} }

var _ reminders.Store = (*ReminderStore)(nil)

const reminderColumns = `id, community, no, groups_list, spec, at, location, description, text,
	created_by, creator_name, created_at, source, state, fired, until_at`

// AddReminder stores r with the next number of its community. A second
// reminder from the same source message returns the first one.
func (s *ReminderStore) AddReminder(ctx context.Context, r reminders.Reminder) (reminders.Reminder, error) {
	var out reminders.Reminder
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		if prev, ok, err := s.one(ctx, `WHERE source = ?`, r.Source); err != nil || ok {
			out = prev
			return err
		}
		var no int
		if err := s.db.q(ctx).QueryRowContext(ctx, `SELECT coalesce(max(no), 0) + 1 FROM reminders WHERE community = ?`, r.Community).Scan(&no); err != nil {
			return err
		}
		var at int64
		if !r.At.IsZero() {
			at = ms(r.At)
		}
		var until int64
		if !r.Until.IsZero() {
			until = ms(r.Until)
		}
		err := s.db.q(ctx).QueryRowContext(ctx, `INSERT INTO reminders(community, no, groups_list, spec, at, location,
			description, text, created_by, creator_name, created_at, source, state, until_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			r.Community, no, strings.Join(r.Groups, "\n"), r.Spec, at, r.Location, r.Desc, r.Text,
			r.CreatedBy, r.CreatorName, ms(r.Created), r.Source, int(r.State), until).Scan(&r.ID)
		r.No = no
		out = r
		return err
	})
	if err != nil {
		return reminders.Reminder{}, fmt.Errorf("add reminder: %w", err)
	}
	return out, nil
}

// ReminderByNo finds a community's reminder by number, not deleted.
func (s *ReminderStore) ReminderByNo(ctx context.Context, community string, no int) (reminders.Reminder, bool, error) {
	r, ok, err := s.one(ctx, `WHERE community = ? AND no = ? AND state <> ?`, community, no, int(reminders.Deleted))
	if err != nil {
		return r, false, fmt.Errorf("reminder %s #%d: %w", community, no, err)
	}
	return r, ok, nil
}

// ReminderByID finds a reminder by id.
func (s *ReminderStore) ReminderByID(ctx context.Context, id int64) (reminders.Reminder, bool, error) {
	r, ok, err := s.one(ctx, `WHERE id = ?`, id)
	if err != nil {
		return r, false, fmt.Errorf("reminder %d: %w", id, err)
	}
	return r, ok, nil
}

// Reminders lists a community's reminders that are not deleted.
func (s *ReminderStore) Reminders(ctx context.Context, community string) ([]reminders.Reminder, error) {
	rs, err := s.list(ctx, `WHERE community = ? AND state <> ? ORDER BY no`, community, int(reminders.Deleted))
	if err != nil {
		return nil, fmt.Errorf("list reminders of %s: %w", community, err)
	}
	return rs, nil
}

// SetReminderState moves a reminder to st.
func (s *ReminderStore) SetReminderState(ctx context.Context, id int64, st reminders.State) error {
	if _, err := s.db.q(ctx).ExecContext(ctx, `UPDATE reminders SET state = ? WHERE id = ?`, int(st), id); err != nil {
		return fmt.Errorf("set reminder %d state: %w", id, err)
	}
	return nil
}

// SetReminderText gives a reminder new words and moves it to st.
func (s *ReminderStore) SetReminderText(ctx context.Context, id int64, text string, st reminders.State) error {
	if _, err := s.db.q(ctx).ExecContext(ctx, `UPDATE reminders SET text = ?, state = ? WHERE id = ?`, text, int(st), id); err != nil {
		return fmt.Errorf("set reminder %d text: %w", id, err)
	}
	return nil
}

// RecordFire records a fired slot once; false means it fired before.
func (s *ReminderStore) RecordFire(ctx context.Context, id int64, slot, at time.Time, late time.Duration) (bool, error) {
	res, err := s.db.q(ctx).ExecContext(ctx, `INSERT INTO reminder_fires(reminder_id, slot, fired_at, late_ms)
		VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`, id, ms(slot), ms(at), late.Milliseconds())
	if err != nil {
		return false, fmt.Errorf("record reminder %d fire: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("record reminder %d fire: %w", id, err)
	}
	if n == 0 {
		return false, nil
	}
	if _, err := s.db.q(ctx).ExecContext(ctx, `UPDATE reminders SET fired = fired + 1, last_fired = ? WHERE id = ?`, ms(slot), id); err != nil {
		return false, fmt.Errorf("record reminder %d fire: %w", id, err)
	}
	return true, nil
}

// ReminderFires counts the fired slots of a reminder, for tests and tools.
func (s *ReminderStore) ReminderFires(ctx context.Context, id int64) ([]time.Time, error) {
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT slot FROM reminder_fires WHERE reminder_id = ? ORDER BY slot`, id)
	if err != nil {
		return nil, fmt.Errorf("reminder %d fires: %w", id, err)
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("reminder %d fires: %w", id, err)
		}
		out = append(out, fromMS(v))
	}
	return out, rows.Err()
}

func (s *ReminderStore) one(ctx context.Context, where string, args ...any) (reminders.Reminder, bool, error) {
	rs, err := s.list(ctx, where+` LIMIT 1`, args...)
	if err != nil || len(rs) == 0 {
		return reminders.Reminder{}, false, err
	}
	return rs[0], true, nil
}

func (s *ReminderStore) list(ctx context.Context, where string, args ...any) ([]reminders.Reminder, error) {
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT `+reminderColumns+` FROM reminders `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []reminders.Reminder
	for rows.Next() {
		var r reminders.Reminder
		var groups string
		var at, created, until int64
		var state int
		if err := rows.Scan(&r.ID, &r.Community, &r.No, &groups, &r.Spec, &at, &r.Location, &r.Desc, &r.Text,
			&r.CreatedBy, &r.CreatorName, &created, &r.Source, &state, &r.Fired, &until); err != nil {
			return nil, err
		}
		if until != 0 {
			r.Until = fromMS(until)
		}
		if groups != "" {
			r.Groups = strings.Split(groups, "\n")
		}
		if at != 0 {
			r.At = fromMS(at)
		}
		r.Created = fromMS(created)
		r.State = reminders.State(state)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	return out, nil
}
