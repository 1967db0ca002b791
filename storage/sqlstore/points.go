package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"linli/bot"
	"linli/workflows/points"
)

// PointsStore implements the points ledger and the shop (points.ShopStore).
type PointsStore struct {
	db *DB
	c  *stmtCache
}

// NewPointsStore returns the points store over db.
func NewPointsStore(db *DB) *PointsStore { return &PointsStore{db: db, c: &db.stmts} }

var _ points.ShopStore = (*PointsStore)(nil)

// creditSQL appends a ledger entry (creditArgs); a duplicate source key
// appends nothing.
const creditSQL = `INSERT INTO points_ledger(member_id, community, amount, reason, source_key, at)
	VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(source_key) DO NOTHING`

func creditArgs(e points.Entry) []any {
	return []any{e.MemberID, e.Community, e.Amount, e.Reason, e.SourceKey, ms(e.At)}
}

func creditFailed(e points.Entry, err error) error {
	return fmt.Errorf("credit %d points to member %d (%s): %w", e.Amount, e.MemberID, e.SourceKey, err)
}

// Credit appends an entry; a duplicate source key credits nothing.
func (s *PointsStore) Credit(ctx context.Context, e points.Entry) (bool, error) {
	if err := e.Validate(); err != nil {
		return false, err
	}
	res, err := s.c.exec(ctx, creditSQL, creditArgs(e)...)
	if err != nil {
		return false, creditFailed(e, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("credit points %s: %w", e.SourceKey, err)
	}
	return n == 1, nil
}

// Balance sums a member's entries in a community.
func (s *PointsStore) Balance(ctx context.Context, memberID int64, community string) (int64, error) {
	var bal int64
	err := s.c.queryRow(ctx, `SELECT coalesce(sum(amount), 0) FROM points_ledger
		WHERE community = ? AND member_id = ?`, community, memberID).Scan(&bal)
	if err != nil {
		return 0, fmt.Errorf("balance of member %d: %w", memberID, err)
	}
	return bal, nil
}

// Standings ranks a community's members by balance.
func (s *PointsStore) Standings(ctx context.Context, community string, limit int) ([]points.Standing, error) {
	rows, err := s.c.query(ctx, `SELECT l.member_id, coalesce(m.name, ''), l.total, rank() OVER (ORDER BY l.total DESC)
		FROM (SELECT member_id, sum(amount) AS total FROM points_ledger WHERE community = ?1 GROUP BY member_id) l
		LEFT JOIN members m ON m.id = l.member_id
		ORDER BY l.total DESC, l.member_id LIMIT ?2`, community, limit)
	if err != nil {
		return nil, fmt.Errorf("standings of %s: %w", community, err)
	}
	defer rows.Close()
	var out []points.Standing
	for rows.Next() {
		var st points.Standing
		if err := rows.Scan(&st.MemberID, &st.Name, &st.Points, &st.Rank); err != nil {
			return nil, fmt.Errorf("standings of %s: %w", community, err)
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("standings of %s: %w", community, err)
	}
	return out, nil
}

// StandingOf is one member's place in the community's table.
func (s *PointsStore) StandingOf(ctx context.Context, community string, memberID int64) (points.Standing, error) {
	st := points.Standing{MemberID: memberID}
	var n int
	err := s.c.queryRow(ctx, `SELECT count(*), coalesce(sum(amount), 0) FROM points_ledger
		WHERE community = ? AND member_id = ?`, community, memberID).Scan(&n, &st.Points)
	if err != nil {
		return st, fmt.Errorf("standing of member %d: %w", memberID, err)
	}
	if err := s.c.queryRow(ctx, `SELECT coalesce((SELECT name FROM members WHERE id = ?), '')`, memberID).Scan(&st.Name); err != nil {
		return st, fmt.Errorf("standing of member %d: %w", memberID, err)
	}
	if n == 0 {
		return st, nil
	}
	err = s.c.queryRow(ctx, `SELECT count(*) + 1 FROM
		(SELECT sum(amount) AS t FROM points_ledger WHERE community = ? GROUP BY member_id) totals WHERE t > ?`,
		community, st.Points).Scan(&st.Rank)
	if err != nil {
		return st, fmt.Errorf("rank of member %d: %w", memberID, err)
	}
	return st, nil
}

// History returns a member's latest entries, newest first.
func (s *PointsStore) History(ctx context.Context, memberID int64, community string, limit int) ([]points.Entry, error) {
	rows, err := s.c.query(ctx, `SELECT member_id, community, amount, reason, source_key, at
		FROM points_ledger WHERE community = ? AND member_id = ? ORDER BY id DESC LIMIT ?`, community, memberID, limit)
	if err != nil {
		return nil, fmt.Errorf("points history of member %d: %w", memberID, err)
	}
	defer rows.Close()
	var out []points.Entry
	for rows.Next() {
		var e points.Entry
		var at int64
		if err := rows.Scan(&e.MemberID, &e.Community, &e.Amount, &e.Reason, &e.SourceKey, &at); err != nil {
			return nil, fmt.Errorf("points history of member %d: %w", memberID, err)
		}
		e.At = fromMS(at)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("points history of member %d: %w", memberID, err)
	}
	return out, nil
}

const itemColumns = `id, community, name, price, stock, active, updated_at`

func scanItem(sc interface{ Scan(...any) error }) (points.Item, error) {
	var it points.Item
	var active int
	var at int64
	if err := sc.Scan(&it.ID, &it.Community, &it.Name, &it.Price, &it.Stock, &active, &at); err != nil {
		return it, err
	}
	it.Active = active == 1
	it.UpdatedAt = fromMS(at)
	return it, nil
}

// PutItem adds an item or restocks and reprices one of the same name.
func (s *PointsStore) PutItem(ctx context.Context, it points.Item) (points.Item, error) {
	_, err := s.c.exec(ctx, `INSERT INTO shop_items(community, name, price, stock, active, updated_at)
		VALUES (?, ?, ?, ?, 1, ?)
		ON CONFLICT(community, name) DO UPDATE SET price = excluded.price, stock = excluded.stock,
			active = 1, updated_at = excluded.updated_at`,
		it.Community, it.Name, it.Price, it.Stock, ms(it.UpdatedAt))
	if err != nil {
		return it, fmt.Errorf("put shop item %s: %w", it.Name, err)
	}
	return s.ItemByName(ctx, it.Community, it.Name)
}

// ItemByName finds an item in a community.
func (s *PointsStore) ItemByName(ctx context.Context, community, name string) (points.Item, error) {
	it, err := scanItem(s.c.queryRow(ctx, `SELECT `+itemColumns+` FROM shop_items
		WHERE community = ? AND name = ?`, community, name))
	if errors.Is(err, sql.ErrNoRows) {
		return it, bot.ErrNotFound
	}
	if err != nil {
		return it, fmt.Errorf("find shop item %s: %w", name, err)
	}
	return it, nil
}

// Items lists the items on the shelf, cheapest first.
func (s *PointsStore) Items(ctx context.Context, community string) ([]points.Item, error) {
	rows, err := s.c.query(ctx, `SELECT `+itemColumns+` FROM shop_items
		WHERE community = ? AND active = 1 ORDER BY price, name`, community)
	out, err := collect(rows, err, scanItem)
	if err != nil {
		return nil, fmt.Errorf("list shop items: %w", err)
	}
	return out, nil
}

// SetItemActive puts an item on or off the shelf.
func (s *PointsStore) SetItemActive(ctx context.Context, id int64, active bool, at time.Time) error {
	v := 0
	if active {
		v = 1
	}
	if _, err := s.c.exec(ctx, `UPDATE shop_items SET active = ?, updated_at = ? WHERE id = ?`, v, ms(at), id); err != nil {
		return fmt.Errorf("set shop item %d active=%v: %w", id, active, err)
	}
	return nil
}

// TakeStock takes one item, never below zero.
func (s *PointsStore) TakeStock(ctx context.Context, id int64, at time.Time) (bool, error) {
	res, err := s.c.exec(ctx, `UPDATE shop_items SET stock = stock - 1, updated_at = ?
		WHERE id = ? AND stock > 0`, ms(at), id)
	if err != nil {
		return false, fmt.Errorf("take stock of item %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("take stock of item %d: %w", id, err)
	}
	return n == 1, nil
}

// ReturnStock puts one item back.
func (s *PointsStore) ReturnStock(ctx context.Context, id int64, at time.Time) error {
	if _, err := s.c.exec(ctx, `UPDATE shop_items SET stock = stock + 1, updated_at = ? WHERE id = ?`, ms(at), id); err != nil {
		return fmt.Errorf("return stock of item %d: %w", id, err)
	}
	return nil
}

// AddRedemption stores a redemption; false when the code is taken.
func (s *PointsStore) AddRedemption(ctx context.Context, r points.Redemption) (points.Redemption, bool, error) {
	err := s.c.queryRow(ctx, `INSERT INTO redemptions(code, item_id, item_name, member_id, community, price, state, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(code) DO NOTHING RETURNING id`,
		r.Code, r.ItemID, r.ItemName, r.MemberID, r.Community, r.Price, int(r.State), ms(r.CreatedAt), ms(r.CreatedAt)).Scan(&r.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	if err != nil {
		return r, false, fmt.Errorf("add redemption %s: %w", r.Code, err)
	}
	r.UpdatedAt = r.CreatedAt
	return r, true, nil
}

const redemptionColumns = `id, code, item_id, item_name, member_id, community, price, state, created_at, updated_at, updated_by`

func scanRedemption(sc interface{ Scan(...any) error }) (points.Redemption, error) {
	var r points.Redemption
	var state int
	var created, updated int64
	if err := sc.Scan(&r.ID, &r.Code, &r.ItemID, &r.ItemName, &r.MemberID, &r.Community, &r.Price, &state, &created, &updated, &r.UpdatedBy); err != nil {
		return r, err
	}
	r.State = points.RedemptionState(state)
	r.CreatedAt, r.UpdatedAt = fromMS(created), fromMS(updated)
	return r, nil
}

// RedemptionByCode finds a redemption by its code (case-insensitive).
func (s *PointsStore) RedemptionByCode(ctx context.Context, code string) (points.Redemption, error) {
	r, err := scanRedemption(s.c.queryRow(ctx, `SELECT `+redemptionColumns+` FROM redemptions WHERE code = ?`,
		strings.ToUpper(code)))
	if errors.Is(err, sql.ErrNoRows) {
		return r, bot.ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("find redemption %s: %w", code, err)
	}
	return r, nil
}

// SetRedemptionState moves a reserved redemption on.
func (s *PointsStore) SetRedemptionState(ctx context.Context, id int64, to points.RedemptionState, by int64, at time.Time) (bool, error) {
	res, err := s.c.exec(ctx, `UPDATE redemptions SET state = ?, updated_at = ?, updated_by = ?
		WHERE id = ? AND state = ?`, int(to), ms(at), by, id, int(points.Reserved))
	if err != nil {
		return false, fmt.Errorf("set redemption %d state: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("set redemption %d state: %w", id, err)
	}
	return n == 1, nil
}

// Redemptions lists a member's redemptions, newest first.
func (s *PointsStore) Redemptions(ctx context.Context, memberID int64, community string, limit int) ([]points.Redemption, error) {
	rows, err := s.c.query(ctx, `SELECT `+redemptionColumns+` FROM redemptions
		WHERE member_id = ? AND community = ? ORDER BY id DESC LIMIT ?`, memberID, community, limit)
	out, err := collect(rows, err, scanRedemption)
	if err != nil {
		return nil, fmt.Errorf("list redemptions of member %d: %w", memberID, err)
	}
	return out, nil
}
