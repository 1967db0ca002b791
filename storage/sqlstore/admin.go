package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"linli/workflows/admin"
)

// AdminStore keeps one-time coordinator codes and pairing attempts.
type AdminStore struct{ db *DB }

// NewAdminStore returns the admin store over db.
func NewAdminStore(db *DB) *AdminStore { return &AdminStore{db: db} }

// SaveCode stores a code's hash; storing the same code again keeps the
// first (a replayed transcript issues its codes again).
func (s *AdminStore) SaveCode(ctx context.Context, c admin.Code) error {
	_, err := s.db.q(ctx).ExecContext(ctx, `INSERT INTO admin_codes(hash, community, created_at, expires_at) VALUES (?, ?, ?, ?)
		ON CONFLICT DO NOTHING`,
		c.Hash, c.Community, ms(c.Created), ms(c.Expires))
	if err != nil {
		return fmt.Errorf("save coordinator code: %w", err)
	}
	return nil
}

// CodeByHash finds a code by its hash.
func (s *AdminStore) CodeByHash(ctx context.Context, hash string) (admin.Code, error) {
	var (
		c                admin.Code
		created, expires int64
		usedAt, usedBy   sql.NullInt64
	)
	err := s.db.q(ctx).QueryRowContext(ctx, `SELECT hash, community, created_at, expires_at, used_at, used_by FROM admin_codes WHERE hash = ?`, hash).
		Scan(&c.Hash, &c.Community, &created, &expires, &usedAt, &usedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return admin.Code{}, admin.ErrNoCode
	}
	if err != nil {
		return admin.Code{}, fmt.Errorf("look up coordinator code: %w", err)
	}
	c.Created, c.Expires = fromMS(created), fromMS(expires)
	if usedAt.Valid {
		c.Used = fromMS(usedAt.Int64)
	}
	c.Voided = usedBy.Valid && usedBy.Int64 < 0 // voided codes record who leaked them, negated
	return c, nil
}

// UseCode marks a code used by a member; it fails if it was used already.
func (s *AdminStore) UseCode(ctx context.Context, hash string, memberID int64, at time.Time) error {
	res, err := s.db.q(ctx).ExecContext(ctx, `UPDATE admin_codes SET used_at = ?, used_by = ? WHERE hash = ? AND used_at IS NULL`,
		ms(at), memberID, hash)
	if err != nil {
		return fmt.Errorf("use coordinator code: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return admin.ErrNoCode
	}
	return nil
}

// RecordAttempt logs one pairing attempt.
func (s *AdminStore) RecordAttempt(ctx context.Context, memberID int64, at time.Time, ok bool) error {
	_, err := s.db.q(ctx).ExecContext(ctx, `INSERT INTO admin_attempts(member_id, at, ok) VALUES (?, ?, ?)`, memberID, ms(at), ok)
	if err != nil {
		return fmt.Errorf("record pairing attempt: %w", err)
	}
	return nil
}

// FailedAttempts counts a member's failed attempts since a time.
func (s *AdminStore) FailedAttempts(ctx context.Context, memberID int64, since time.Time) (int, error) {
	var n int
	err := s.db.q(ctx).QueryRowContext(ctx, `SELECT count(*) FROM admin_attempts WHERE member_id = ? AND at >= ? AND ok = 0`,
		memberID, ms(since)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count pairing attempts: %w", err)
	}
	return n, nil
}

// Stats counts a community's members and coordinators, and the messages
// handled since a time (across all communities: handled messages are not
// kept per community).
func (s *AdminStore) Stats(ctx context.Context, community string, since time.Time) (admin.Stats, error) {
	var st admin.Stats
	q := s.db.q(ctx)
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM members WHERE community = ?`, community).Scan(&st.Members); err != nil {
		return st, fmt.Errorf("count members: %w", err)
	}
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM roles WHERE community = ? AND role > 0`, community).Scan(&st.Coordinators); err != nil {
		return st, fmt.Errorf("count coordinators: %w", err)
	}
	if err := s.db.insertNow(ctx, inboundRows); err != nil {
		return st, err
	}
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM inbound WHERE community = ? AND handled_at >= ?`, community, ms(since)).Scan(&st.MessagesSince); err != nil {
		return st, fmt.Errorf("count messages: %w", err)
	}
	return st, nil
}
