package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"linli/bot"
)

// This file is the Official Account's side of identity: a follower is a
// member by openid (never linked by name, since the 公众号 shows no
// name), until they bind to the member the groups know.

// resolveFollower finds or creates the member behind an openid and notes
// the message time, which opens the 48-hour window of the customer-service
// API.
func (d *DB) resolveFollower(ctx context.Context, chat bot.Chat, s bot.Sender, at time.Time) (bot.Member, *bot.Relink, error) {
	q := d.q(ctx)
	var memberID int64
	err := q.QueryRowContext(ctx, `SELECT member_id FROM mp_followers WHERE openid = ?`, s.PlatformID).Scan(&memberID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		name := s.DisplayName
		if name == "" {
			name = s.NickName
		}
		// The gateway names the community when linli serves only one;
		// otherwise the follower picks theirs from the list.
		if err := q.QueryRowContext(ctx, `INSERT INTO members(name, community, created_at) VALUES (?, ?, ?) RETURNING id`,
			name, chat.Community, ms(at)).Scan(&memberID); err != nil {
			return bot.Member{}, nil, fmt.Errorf("create follower: %w", err)
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO mp_followers(openid, member_id, first_seen, last_inbound, community_chosen)
			VALUES (?, ?, ?, ?, ?)`, s.PlatformID, memberID, ms(at), ms(at), chat.Community != ""); err != nil {
			return bot.Member{}, nil, fmt.Errorf("record follower: %w", err)
		}
	case err != nil:
		return bot.Member{}, nil, fmt.Errorf("resolve follower: %w", err)
	default:
		if _, err := q.ExecContext(ctx, `UPDATE mp_followers SET last_inbound = CASE WHEN last_inbound > ?1 THEN last_inbound ELSE ?1 END, subscribed = 1
			WHERE openid = ?2`, ms(at), s.PlatformID); err != nil {
			return bot.Member{}, nil, fmt.Errorf("note follower message: %w", err)
		}
	}
	m, err := d.MemberByID(ctx, memberID, chat.Community)
	return m, nil, err
}

// Road is the channel a member last wrote on and their id there: the
// Official Account when their latest message came through it and they
// still follow it, else personal WeChat; a follower who left and has no
// other road stays on the Official Account, where their messages wait.
func (d *DB) Road(ctx context.Context, memberID int64) (channel, platformID string, err error) {
	q := d.q(ctx)
	var (
		openid, pid  string
		mpAt, linkAt int64
		subscribed   bool
	)
	err = q.QueryRowContext(ctx, `SELECT openid, last_inbound, subscribed FROM mp_followers WHERE member_id = ?
		ORDER BY subscribed DESC, last_inbound DESC LIMIT 1`, memberID).Scan(&openid, &mpAt, &subscribed)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", "", fmt.Errorf("road to member %d: %w", memberID, err)
	}
	err = q.QueryRowContext(ctx, `SELECT platform_id, last_seen FROM member_links WHERE member_id = ?
		ORDER BY last_seen DESC LIMIT 1`, memberID).Scan(&pid, &linkAt)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", "", fmt.Errorf("road to member %d: %w", memberID, err)
	}
	switch {
	case openid != "" && subscribed && mpAt >= linkAt:
		return bot.OfficialAccount, openid, nil
	case pid != "":
		return "", pid, nil
	case openid != "":
		// Unfollowed, and no other road: the gateway keeps the message
		// until they follow again.
		return bot.OfficialAccount, openid, nil
	}
	return "", "", fmt.Errorf("road to member %d: %w", memberID, bot.ErrNotFound)
}

// FollowerState is what the Official Account gateway needs to know before
// it writes to a follower: their member, whether they still follow, and
// their last message (the customer-service API may write for 48 hours
// after it).
func (d *DB) FollowerState(ctx context.Context, openid string) (memberID int64, lastInbound time.Time, subscribed bool, err error) {
	var last int64
	err = d.q(ctx).QueryRowContext(ctx, `SELECT member_id, subscribed, last_inbound FROM mp_followers WHERE openid = ?`,
		openid).Scan(&memberID, &subscribed, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, time.Time{}, false, fmt.Errorf("follower %s: %w", openid, bot.ErrNotFound)
	}
	if err != nil {
		return 0, time.Time{}, false, fmt.Errorf("follower %s: %w", openid, err)
	}
	return memberID, fromMS(last), subscribed, nil
}

// FollowerChoice reports whether a member follows the Official Account
// and whether they have picked their community (binding counts as
// picking).
func (d *DB) FollowerChoice(ctx context.Context, memberID int64) (follower, chosen bool, err error) {
	err = d.q(ctx).QueryRowContext(ctx, `SELECT count(*) > 0, coalesce(max(community_chosen), 0) FROM mp_followers WHERE member_id = ?`,
		memberID).Scan(&follower, &chosen)
	if err != nil {
		return false, false, fmt.Errorf("follower of member %d: %w", memberID, err)
	}
	return follower, chosen, nil
}

// SetSubscribed records a follow or an unfollow. An unfollowed account
// cannot be written to, so its messages wait.
func (d *DB) SetSubscribed(ctx context.Context, openid string, on bool, at time.Time) error {
	if _, err := d.q(ctx).ExecContext(ctx, `UPDATE mp_followers SET subscribed = ? WHERE openid = ?`, on, openid); err != nil {
		return fmt.Errorf("follower %s subscribed=%v: %w", openid, on, err)
	}
	return nil
}

// ChooseCommunity sets a follower's home community, once.
func (d *DB) ChooseCommunity(ctx context.Context, memberID int64, community string) error {
	q := d.q(ctx)
	defer forgetMember(ctx, memberID)
	if _, err := q.ExecContext(ctx, `UPDATE members SET community = ? WHERE id = ?`, community, memberID); err != nil {
		return fmt.Errorf("choose community for member %d: %w", memberID, err)
	}
	if _, err := q.ExecContext(ctx, `UPDATE mp_followers SET community_chosen = 1 WHERE member_id = ?`, memberID); err != nil {
		return fmt.Errorf("choose community for member %d: %w", memberID, err)
	}
	return nil
}

// TakeReplies marks every undelivered message to a member as delivered and
// returns them, oldest first: the Official Account hands them over in the
// response to the member's message, at once and only once.
func (d *DB) TakeReplies(ctx context.Context, memberID int64, at time.Time) ([]bot.OutboxItem, error) {
	rows, err := d.q(ctx).QueryContext(ctx, `UPDATE outbox SET sent_at = ?, attempts = attempts + 1
		WHERE to_kind = ? AND to_member = ? AND sent_at IS NULL
		RETURNING id, to_name, text, source, created_at, image_name, image, secret`, ms(at), int(bot.ToMember), memberID)
	if err != nil {
		return nil, fmt.Errorf("take replies to member %d: %w", memberID, err)
	}
	defer rows.Close()
	var out []bot.OutboxItem
	for rows.Next() {
		it := bot.OutboxItem{Outgoing: bot.Outgoing{To: bot.Address{Kind: bot.ToMember, MemberID: memberID}}}
		var created int64
		var picName string
		var pic []byte
		var secret int
		if err := rows.Scan(&it.ID, &it.Outgoing.To.MemberName, &it.Outgoing.Text, &it.Outgoing.Source, &created, &picName, &pic, &secret); err != nil {
			return nil, fmt.Errorf("take replies to member %d: %w", memberID, err)
		}
		if pic != nil {
			it.Outgoing.Picture = &bot.Picture{Name: picName, PNG: pic}
		}
		it.Outgoing.Secret = secret == 1
		it.Created = fromMS(created)
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("take replies to member %d: %w", memberID, err)
	}
	rows.Close()
	// Taken is delivered: a login link among them is not kept (MarkSent).
	if slices.ContainsFunc(out, func(it bot.OutboxItem) bool { return it.Outgoing.Secret }) {
		if _, err := d.q(ctx).ExecContext(ctx, `UPDATE outbox SET text = ? WHERE to_kind = ? AND to_member = ? AND secret = 1 AND sent_at IS NOT NULL AND text <> ?`,
			bot.SentSecret, int(bot.ToMember), memberID, bot.SentSecret); err != nil {
			return nil, fmt.Errorf("take replies to member %d: %w", memberID, err)
		}
	}
	slices.SortFunc(out, func(a, b bot.OutboxItem) int { return int(a.ID - b.ID) })
	return out, nil
}

// Unsent reports whether an outbox message is still undelivered.
func (d *DB) Unsent(ctx context.Context, id int64) (bool, error) {
	var n int
	if err := d.q(ctx).QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE id = ? AND sent_at IS NULL`, id).Scan(&n); err != nil {
		return false, fmt.Errorf("outbox %d unsent: %w", id, err)
	}
	return n == 1, nil
}

// SaveBindCode stores the hash of a binding code given to a member on a
// road ("mp" or "group"); an older unused code of theirs stops working.
func (d *DB) SaveBindCode(ctx context.Context, hash string, memberID int64, givenOn string, at, expires time.Time) error {
	q := d.q(ctx)
	if _, err := q.ExecContext(ctx, `UPDATE mp_bind_codes SET used_at = ? WHERE member_id = ? AND used_at IS NULL`, ms(at), memberID); err != nil {
		return fmt.Errorf("retire bind codes of member %d: %w", memberID, err)
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO mp_bind_codes(hash, member_id, given_on, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		hash, memberID, givenOn, ms(at), ms(expires)); err != nil {
		return fmt.Errorf("save bind code: %w", err)
	}
	return nil
}

// UseBindCode spends a live code and returns the member it was given to
// and the road it was given on; ErrNotFound when no live code matches.
func (d *DB) UseBindCode(ctx context.Context, hash string, at time.Time) (memberID int64, givenOn string, err error) {
	err = d.q(ctx).QueryRowContext(ctx, `UPDATE mp_bind_codes SET used_at = ? WHERE hash = ? AND used_at IS NULL AND expires_at > ?
		RETURNING member_id, given_on`, ms(at), hash, ms(at)).Scan(&memberID, &givenOn)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", fmt.Errorf("bind code: %w", bot.ErrNotFound)
	}
	if err != nil {
		return 0, "", fmt.Errorf("use bind code: %w", err)
	}
	return memberID, givenOn, nil
}

// memberColumns are the columns outside member_id that name a member.
var memberColumns = map[string][]string{
	"volunteer_tasks": {"requester_id", "volunteer_id"},
	"reminders":       {"created_by"},
}

// notMerged are tables whose member rows stay with the old id: roles never
// move on binding, and the audit trail keeps who did what under which id.
var notMerged = []string{"roles", "audit_log", "admin_attempts", "relinks", "mp_bind_codes", "mp_merges", "members"}

// MergeMembers moves everything of member from onto member into: check-ins,
// points, tasks, sign-ups, links and the follower. Where both have a row
// for the same thing (a check-in on the same day) the one of into stays.
// Roles stay where they were: binding never moves a role. It must run in
// the binding message's transaction.
func (d *DB) MergeMembers(ctx context.Context, into, from int64, at time.Time) error {
	if into == from {
		return nil
	}
	defer forgetSightings(ctx)
	q := d.q(ctx)
	tables, err := d.memberTables(ctx)
	if err != nil {
		return fmt.Errorf("merge members: %w", err)
	}
	move := func(table, col string) error {
		// into's row stays where both have one; from's leftover is then
		// removed.
		if err := d.moveRows(ctx, table, col, into, from); err != nil {
			return fmt.Errorf("merge %s.%s: %w", table, col, err)
		}
		if _, err := q.ExecContext(ctx, fmt.Sprintf(`DELETE FROM %s WHERE %s = ?`, table, col), from); err != nil {
			return fmt.Errorf("merge %s.%s: %w", table, col, err)
		}
		return nil
	}
	// A day both checked in on counts once: the follower's check-in of
	// that day is dropped below, and its points are given back here (the
	// ledger is append-only, so by a reversing entry). The key is the one
	// workflows/checkin credits a check-in under.
	if _, err := q.ExecContext(ctx, `INSERT INTO points_ledger(member_id, community, amount, reason, source_key, at)
		SELECT ?1, l.community, -l.amount, '绑定合并：同一天只算一次打卡', 'merge:' || l.id, ?3
		FROM checkins f
		JOIN checkins i ON i.challenge_id = f.challenge_id AND i.day = f.day AND i.member_id = ?1
		JOIN points_ledger l ON l.source_key = 'ck:' || f.challenge_id || ':msg:' || f.source AND l.member_id = ?2
		WHERE f.member_id = ?2`, into, from, ms(at)); err != nil {
		return fmt.Errorf("merge check-ins of the same day: %w", err)
	}
	for _, t := range tables {
		if err := move(t, "member_id"); err != nil {
			return err
		}
	}
	for t, cols := range memberColumns {
		for _, c := range cols {
			if _, err := q.ExecContext(ctx, fmt.Sprintf(`UPDATE %s SET %s = ? WHERE %s = ?`, t, c, c), into, from); err != nil {
				return fmt.Errorf("merge %s.%s: %w", t, c, err)
			}
		}
	}
	if _, err := q.ExecContext(ctx, `UPDATE outbox SET to_member = ? WHERE to_member = ? AND sent_at IS NULL`, into, from); err != nil {
		return fmt.Errorf("merge outbox: %w", err)
	}
	if _, err := q.ExecContext(ctx, `UPDATE mp_followers SET community_chosen = 1 WHERE member_id = ?`, into); err != nil {
		return fmt.Errorf("merge follower: %w", err)
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO mp_merges(kept, merged, at) VALUES (?, ?, ?)`, into, from, ms(at)); err != nil {
		return fmt.Errorf("record merge: %w", err)
	}
	return nil
}

// memberTables are the tables with a member_id column whose rows move on
// a merge, from the database's own catalogue.
func (d *DB) memberTables(ctx context.Context) ([]string, error) {
	query := `SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND p.name = 'member_id' ORDER BY m.name`
	if d.dialect == Postgres {
		query = `SELECT table_name FROM information_schema.columns
			WHERE column_name = 'member_id' AND table_schema = current_schema() ORDER BY table_name`
	}
	rows, err := d.q(ctx).QueryContext(ctx, query)
	var tables []string
	names, err := collect(rows, err, func(r rowScanner) (string, error) {
		var t string
		return t, r.Scan(&t)
	})
	for _, t := range names {
		if !slices.Contains(notMerged, t) {
			tables = append(tables, t)
		}
	}
	return tables, err
}

// moveRows gives from's rows of table to into, except those that would
// collide with a row into has under one of the table's unique keys.
// SQLite says that with UPDATE OR IGNORE; PostgreSQL has no such thing,
// so the keys are read from its catalogue and each collision is excluded
// by name.
func (d *DB) moveRows(ctx context.Context, table, col string, into, from int64) error {
	if d.dialect != Postgres {
		_, err := d.q(ctx).ExecContext(ctx, fmt.Sprintf(`UPDATE OR IGNORE %s SET %s = ? WHERE %s = ?`, table, col, col), into, from)
		return err
	}
	keys, err := d.uniqueKeys(ctx, table, col)
	if err != nil {
		return err
	}
	query := fmt.Sprintf(`UPDATE %s SET %s = ? WHERE %s = ?`, table, col, col)
	for _, others := range keys {
		same := fmt.Sprintf("k.%s = ?", col)
		for _, c := range others {
			same += fmt.Sprintf(" AND k.%s = %s.%s", c, table, c)
		}
		query += fmt.Sprintf(` AND NOT EXISTS (SELECT 1 FROM %s k WHERE %s)`, table, same)
	}
	args := []any{into, from}
	for range keys {
		args = append(args, into)
	}
	_, err = d.q(ctx).ExecContext(ctx, query, args...)
	return err
}

// uniqueKeys lists, for each unique key of a PostgreSQL table that holds
// col, its other columns.
func (d *DB) uniqueKeys(ctx context.Context, table, col string) ([][]string, error) {
	rows, err := d.q(ctx).QueryContext(ctx, `SELECT i.indexrelid::text, a.attname
		FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
		WHERE i.indrelid = ?::regclass AND i.indisunique ORDER BY i.indexrelid, a.attnum`, table)
	type keyCol struct{ index, col string }
	cols, err := collect(rows, err, func(r rowScanner) (keyCol, error) {
		var k keyCol
		return k, r.Scan(&k.index, &k.col)
	})
	if err != nil {
		return nil, fmt.Errorf("unique keys of %s: %w", table, err)
	}
	byIndex := map[string][]string{}
	var order []string
	for _, k := range cols {
		if _, ok := byIndex[k.index]; !ok {
			order = append(order, k.index)
		}
		byIndex[k.index] = append(byIndex[k.index], k.col)
	}
	var keys [][]string
	for _, ix := range order {
		if cs := byIndex[ix]; slices.Contains(cs, col) {
			keys = append(keys, slices.DeleteFunc(slices.Clone(cs), func(c string) bool { return c == col }))
		}
	}
	return keys, nil
}

// InGroups reports whether a member has been seen in any group.
func (d *DB) InGroups(ctx context.Context, memberID int64) (bool, error) {
	var n int
	if err := d.q(ctx).QueryRowContext(ctx, `SELECT count(*) FROM member_links WHERE member_id = ? AND group_name <> ''`,
		memberID).Scan(&n); err != nil {
		return false, fmt.Errorf("groups of member %d: %w", memberID, err)
	}
	return n > 0, nil
}
