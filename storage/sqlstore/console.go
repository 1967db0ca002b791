package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"linli/console"
	"linli/workflows/points"
)

// ConsoleStore keeps the console's login links and sessions and reads the
// figures its pages show.
type ConsoleStore struct{ db *DB }

// NewConsoleStore returns the console store over db.
func NewConsoleStore(db *DB) *ConsoleStore { return &ConsoleStore{db: db} }

// SaveLoginLink stores a link's hash.
func (s *ConsoleStore) SaveLoginLink(ctx context.Context, l console.LoginLink) error {
	_, err := s.db.q(ctx).ExecContext(ctx, `INSERT INTO console_login_links(hash, member_id, name, community, role, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, l.Hash, l.Grant.MemberID, l.Grant.Name, l.Grant.Community, int(l.Grant.Role), ms(l.Created), ms(l.Expires))
	if err != nil {
		return fmt.Errorf("save login link: %w", err)
	}
	return nil
}

// UseLoginLink marks a link used in the same statement that checks it was
// not, and returns it.
func (s *ConsoleStore) UseLoginLink(ctx context.Context, hash string, at time.Time) (console.LoginLink, error) {
	var (
		l                console.LoginLink
		role             int
		created, expires int64
	)
	err := s.db.q(ctx).QueryRowContext(ctx, `UPDATE console_login_links SET used_at = ? WHERE hash = ? AND used_at IS NULL
		RETURNING hash, member_id, name, community, role, created_at, expires_at`, ms(at), hash).
		Scan(&l.Hash, &l.Grant.MemberID, &l.Grant.Name, &l.Grant.Community, &role, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		var n int
		if err := s.db.q(ctx).QueryRowContext(ctx, `SELECT count(*) FROM console_login_links WHERE hash = ?`, hash).Scan(&n); err != nil {
			return console.LoginLink{}, fmt.Errorf("use login link: %w", err)
		}
		if n > 0 {
			return console.LoginLink{}, console.ErrLinkUsed
		}
		return console.LoginLink{}, console.ErrNoLink
	}
	if err != nil {
		return console.LoginLink{}, fmt.Errorf("use login link: %w", err)
	}
	l.Grant.Role = console.Role(role)
	l.Created, l.Expires = fromMS(created), fromMS(expires)
	return l, nil
}

// SaveSession stores a session's hash.
func (s *ConsoleStore) SaveSession(ctx context.Context, se console.Session) error {
	_, err := s.db.q(ctx).ExecContext(ctx, `INSERT INTO console_sessions(hash, member_id, name, community, role, csrf, created_at, seen_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, se.Hash, se.Grant.MemberID, se.Grant.Name, se.Grant.Community, int(se.Grant.Role), se.CSRF,
		ms(se.Created), ms(se.Seen))
	if err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	return nil
}

// SessionByHash finds a session.
func (s *ConsoleStore) SessionByHash(ctx context.Context, hash string) (console.Session, error) {
	var (
		se            console.Session
		role          int
		created, seen int64
	)
	err := s.db.q(ctx).QueryRowContext(ctx, `SELECT hash, member_id, name, community, role, csrf, created_at, seen_at
		FROM console_sessions WHERE hash = ?`, hash).
		Scan(&se.Hash, &se.Grant.MemberID, &se.Grant.Name, &se.Grant.Community, &role, &se.CSRF, &created, &seen)
	if errors.Is(err, sql.ErrNoRows) {
		return console.Session{}, console.ErrNoSession
	}
	if err != nil {
		return console.Session{}, fmt.Errorf("find session: %w", err)
	}
	se.Grant.Role = console.Role(role)
	se.Created, se.Seen = fromMS(created), fromMS(seen)
	return se, nil
}

// TouchSession records that a session was used.
func (s *ConsoleStore) TouchSession(ctx context.Context, hash string, at time.Time) error {
	if _, err := s.db.q(ctx).ExecContext(ctx, `UPDATE console_sessions SET seen_at = ? WHERE hash = ?`, ms(at), hash); err != nil {
		return fmt.Errorf("touch session: %w", err)
	}
	return nil
}

// DeleteSession ends a session.
func (s *ConsoleStore) DeleteSession(ctx context.Context, hash string) error {
	if _, err := s.db.q(ctx).ExecContext(ctx, `DELETE FROM console_sessions WHERE hash = ?`, hash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// GroupCheckins counts, for each group of a community with an open
// challenge, the members who checked in on day and the members seen there.
// Each count walks an index: check-ins by (challenge, day), links by group.
func (s *ConsoleStore) GroupCheckins(ctx context.Context, community string, day int64) ([]console.GroupCount, error) {
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT c.group_name, count(DISTINCT k.member_id)
		FROM challenges c LEFT JOIN checkins k ON k.challenge_id = c.id AND k.day = ?
		WHERE c.community = ? AND c.ended_at IS NULL GROUP BY c.group_name ORDER BY c.group_name`, day, community)
	out, err := collect(rows, err, func(r rowScanner) (console.GroupCount, error) {
		g := console.GroupCount{Community: community}
		err := r.Scan(&g.Group, &g.CheckedIn)
		return g, err
	})
	if err != nil {
		return nil, fmt.Errorf("check-ins of %s: %w", community, err)
	}
	for i := range out {
		if err := s.db.q(ctx).QueryRowContext(ctx, `SELECT count(DISTINCT member_id) FROM member_links WHERE group_name = ?`,
			out[i].Group).Scan(&out[i].Members); err != nil {
			return nil, fmt.Errorf("members of %s: %w", out[i].Group, err)
		}
	}
	return out, nil
}

// DayMasks folds each member's check-ins in a community's open
// challenges over the last console.MaskDays days into one bit mask (bit 0
// today, bit i i days ago); the overview's participation chart and streak
// chart both come from these masks, so the check-ins are read once. The
// days are distinct, so the sum is the bitwise or both dialects lack a
// common name for.
//
// The query walks the primary key of the community's open challenges in
// (challenge, member, day) order and groups as it goes, one short row a
// member. Left to itself SQLite 3.54 takes the (challenge, day) index for
// the day range instead and sorts every row into groups in a temporary
// B-tree, three times slower (14 ms against 4.5 ms for 50,000 check-ins);
// the unary + keeps the day range off the index, and the IN list (not a
// join) keeps the other communities' check-ins out of the walk. An open
// challenge lasts at most checkin.Config.MaxDays, so the days before the
// range it reads are bounded.
func (s *ConsoleStore) DayMasks(ctx context.Context, community string, today int64) ([]uint64, error) {
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT CAST(sum(CAST(1 AS BIGINT) << (? - k.day)) AS BIGINT) FROM checkins k
		WHERE k.challenge_id IN (SELECT id FROM challenges WHERE community = ? AND ended_at IS NULL) AND +k.day BETWEEN ? AND ?
		GROUP BY k.challenge_id, k.member_id`, today, community, today-console.MaskDays+1, today)
	out, err := collect(rows, err, func(r rowScanner) (uint64, error) {
		var mask int64
		err := r.Scan(&mask)
		return uint64(mask), err
	})
	if err != nil {
		return nil, fmt.Errorf("check-in days of %s: %w", community, err)
	}
	return out, nil
}

// TaskStates counts a community's volunteer tasks by state.
func (s *ConsoleStore) TaskStates(ctx context.Context, community string) (map[string]int, error) {
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT state, count(*) FROM volunteer_tasks WHERE community = ? GROUP BY state`, community)
	if err != nil {
		return nil, fmt.Errorf("count tasks: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("count tasks: %w", err)
		}
		out[st] = n
	}
	return out, rows.Err()
}

// Audit reads the audit log of some communities, newest first, with the
// acting member's name; action "" means every action.
func (s *ConsoleStore) Audit(ctx context.Context, f console.AuditFilter) ([]console.AuditRow, error) {
	q := `SELECT a.at, a.member_id, coalesce(m.name, a.actor), a.community, a.action, a.detail
		FROM audit_log a LEFT JOIN members m ON m.id = a.member_id WHERE 1 = 1`
	var args []any
	if !f.All {
		if len(f.Communities) == 0 {
			return nil, nil
		}
		q += ` AND a.community IN (?` + strings.Repeat(", ?", len(f.Communities)-1) + `)`
		for _, c := range f.Communities {
			args = append(args, c)
		}
	}
	if f.Action != "" {
		q += ` AND a.action = ?`
		args = append(args, f.Action)
	}
	if f.Text != "" {
		q += ` AND (a.detail LIKE '%' || ? || '%' OR coalesce(m.name, a.actor) LIKE '%' || ? || '%')`
		args = append(args, f.Text, f.Text)
	}
	if !f.From.IsZero() {
		q += ` AND a.at >= ?`
		args = append(args, ms(f.From))
	}
	if !f.To.IsZero() {
		q += ` AND a.at < ?`
		args = append(args, ms(f.To))
	}
	q += ` ORDER BY a.id DESC LIMIT ?`
	args = append(args, f.Limit)
	rows, err := s.db.q(ctx).QueryContext(ctx, q, args...)
	out, err := collect(rows, err, func(r rowScanner) (console.AuditRow, error) {
		var a console.AuditRow
		var at int64
		err := r.Scan(&at, &a.MemberID, &a.Member, &a.Community, &a.Action, &a.Detail)
		a.Time = fromMS(at)
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	return out, nil
}

// Redemptions lists a community's redemptions with the member's name:
// those waiting to be collected first, then the newest.
func (s *ConsoleStore) Redemptions(ctx context.Context, community string, limit int) ([]console.Redemption, error) {
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT r.id, r.code, r.item_id, r.item_name, r.member_id, r.community, r.price,
			r.state, r.created_at, r.updated_at, r.updated_by, coalesce(m.name, '')
		FROM redemptions r LEFT JOIN members m ON m.id = r.member_id WHERE r.community = ?
		ORDER BY CASE WHEN r.state = ? THEN 0 ELSE 1 END, r.id DESC LIMIT ?`, community, int(points.Reserved), limit)
	out, err := collect(rows, err, func(r rowScanner) (console.Redemption, error) {
		var x console.Redemption
		var state int
		var created, updated int64
		err := r.Scan(&x.ID, &x.Code, &x.ItemID, &x.ItemName, &x.MemberID, &x.Community, &x.Price, &state, &created, &updated,
			&x.UpdatedBy, &x.Member)
		x.State = points.RedemptionState(state)
		x.CreatedAt, x.UpdatedAt = fromMS(created), fromMS(updated)
		return x, err
	})
	if err != nil {
		return nil, fmt.Errorf("redemptions of %s: %w", community, err)
	}
	return out, nil
}
