package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"linli/bot"
)

// linkRefresh is how stale a link's last_seen may get before a message
// refreshes it; re-linking prefers recently seen links.
const linkRefresh = time.Hour

// MarkHandled records msgID as handled and reports whether this was the
// first time. Inside the message's transaction it commits with the
// message's effects.
func (d *DB) MarkHandled(ctx context.Context, msgID string, at time.Time) (bool, error) {
	res, err := d.q(ctx).ExecContext(ctx, `INSERT INTO inbound(msg_id, handled_at) VALUES (?, ?) ON CONFLICT DO NOTHING`, msgID, ms(at))
	if err != nil {
		return false, fmt.Errorf("mark message %s handled: %w", msgID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("mark message %s handled: %w", msgID, err)
	}
	return n == 1, nil
}

// ResolveMember finds the member behind s in chat, creating one on first
// sight. A known platform id keeps its member even when the display name
// changed; an unknown platform id with a display name already known in the
// same group (re-login, new avatar) links back to that member. In a private
// chat an unknown platform id links by nickname when exactly one member
// carries it. Every re-link is recorded and returned.
func (d *DB) ResolveMember(ctx context.Context, chat bot.Chat, s bot.Sender, at time.Time) (bot.Member, *bot.Relink, error) {
	if chat.Channel == bot.OfficialAccount {
		return d.resolveFollower(ctx, chat, s, at)
	}
	group := ""
	if chat.Kind == bot.Group {
		group = chat.Name
	}
	name := s.DisplayName
	if name == "" {
		name = s.NickName
	}
	q := d.q(ctx)
	var (
		memberID int64
		oldName  string
		lastSeen int64
		relink   *bot.Relink
	)
	err := q.QueryRowContext(ctx, `SELECT member_id, display_name, last_seen FROM member_links WHERE platform_id = ? AND group_name = ?`,
		s.PlatformID, group).Scan(&memberID, &oldName, &lastSeen)
	switch {
	case err == nil:
		if oldName == name && ms(at)-lastSeen < linkRefresh.Milliseconds() {
			// Known and recently seen: nothing to write.
			m, err := d.MemberByID(ctx, memberID, chat.Community)
			return m, nil, err
		}
		if oldName != name {
			relink = &bot.Relink{MemberID: memberID, Group: group, OldID: s.PlatformID, NewID: s.PlatformID,
				OldName: oldName, NewName: name, Reason: "display name changed"}
		}
	case errors.Is(err, sql.ErrNoRows):
		// Seen elsewhere under the same platform id (another group or a
		// private chat in the same session): the same person.
		err = q.QueryRowContext(ctx, `SELECT member_id FROM member_links WHERE platform_id = ? ORDER BY last_seen DESC LIMIT 1`,
			s.PlatformID).Scan(&memberID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return bot.Member{}, nil, fmt.Errorf("resolve member: %w", err)
		}
		if memberID == 0 {
			memberID, relink, err = d.findRelink(ctx, group, s, name)
			if err != nil {
				return bot.Member{}, nil, err
			}
		}
		if memberID == 0 {
			if err := q.QueryRowContext(ctx, `INSERT INTO members(name, community, created_at) VALUES (?, ?, ?) RETURNING id`,
				name, chat.Community, ms(at)).Scan(&memberID); err != nil {
				return bot.Member{}, nil, fmt.Errorf("create member: %w", err)
			}
		}
	default:
		return bot.Member{}, nil, fmt.Errorf("resolve member: %w", err)
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO member_links(member_id, platform_id, group_name, display_name, nick_name, first_seen, last_seen)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(platform_id, group_name) DO UPDATE SET display_name = excluded.display_name,
			nick_name = excluded.nick_name, last_seen = excluded.last_seen`,
		memberID, s.PlatformID, group, name, s.NickName, ms(at), ms(at)); err != nil {
		return bot.Member{}, nil, fmt.Errorf("link member %d: %w", memberID, err)
	}
	if relink != nil {
		if _, err := q.ExecContext(ctx, `INSERT INTO relinks(member_id, group_name, old_id, new_id, old_name, new_name, reason, at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, relink.MemberID, relink.Group, relink.OldID, relink.NewID,
			relink.OldName, relink.NewName, relink.Reason, ms(at)); err != nil {
			return bot.Member{}, nil, fmt.Errorf("record relink: %w", err)
		}
	}
	if _, err := q.ExecContext(ctx, `UPDATE members SET name = ?, community = CASE WHEN community = '' THEN ? ELSE community END
		WHERE id = ? AND (name != ? OR community = '')`,
		name, chat.Community, memberID, name); err != nil {
		return bot.Member{}, nil, fmt.Errorf("update member %d: %w", memberID, err)
	}
	m, err := d.MemberByID(ctx, memberID, chat.Community)
	if err != nil {
		return bot.Member{}, nil, err
	}
	return m, relink, nil
}

// findRelink looks for the member an unknown platform id belongs to: the
// same display name in the same group, or in a private chat a unique
// nickname.
func (d *DB) findRelink(ctx context.Context, group string, s bot.Sender, name string) (int64, *bot.Relink, error) {
	q := d.q(ctx)
	var (
		rows *sql.Rows
		err  error
	)
	if group != "" {
		rows, err = q.QueryContext(ctx, `SELECT member_id, platform_id FROM member_links
			WHERE group_name = ? AND display_name = ? ORDER BY last_seen DESC`, group, name)
	} else {
		nick := s.NickName
		if nick == "" {
			nick = name
		}
		rows, err = q.QueryContext(ctx, `SELECT member_id, platform_id FROM member_links
			WHERE nick_name = ? OR (group_name = '' AND display_name = ?) ORDER BY last_seen DESC`, nick, nick)
	}
	if err != nil {
		return 0, nil, fmt.Errorf("find relink: %w", err)
	}
	defer rows.Close()
	var (
		ids   = map[int64]bool{}
		first int64
		oldID string
	)
	for rows.Next() {
		var id int64
		var pid string
		if err := rows.Scan(&id, &pid); err != nil {
			return 0, nil, fmt.Errorf("find relink: %w", err)
		}
		if first == 0 {
			first, oldID = id, pid
		}
		ids[id] = true
	}
	if err := rows.Err(); err != nil {
		return 0, nil, fmt.Errorf("find relink: %w", err)
	}
	if len(ids) != 1 {
		// Nobody, or two people with the same name: a new member is safer
		// than giving one person's points to another.
		return 0, nil, nil
	}
	return first, &bot.Relink{MemberID: first, Group: group, OldID: oldID, NewID: s.PlatformID,
		OldName: name, NewName: name, Reason: "platform id changed"}, nil
}

// MemberByID returns a member with their role in community.
func (d *DB) MemberByID(ctx context.Context, id int64, community string) (bot.Member, error) {
	m := bot.Member{ID: id}
	var role sql.NullInt64
	err := d.q(ctx).QueryRowContext(ctx, `SELECT m.name, m.community,
		(SELECT r.role FROM roles r WHERE r.member_id = m.id AND r.community = coalesce(nullif(?, ''), m.community))
		FROM members m WHERE m.id = ?`, community, id).Scan(&m.Name, &m.Community, &role)
	if errors.Is(err, sql.ErrNoRows) {
		return bot.Member{}, fmt.Errorf("member %d: %w", id, bot.ErrNotFound)
	}
	if err != nil {
		return bot.Member{}, fmt.Errorf("member %d: %w", id, err)
	}
	m.Role = bot.Role(role.Int64)
	return m, nil
}

// MemberByName finds a member by the display name last seen, preferring one
// of community.
func (d *DB) MemberByName(ctx context.Context, community, name string) (bot.Member, error) {
	var id int64
	err := d.q(ctx).QueryRowContext(ctx, `SELECT m.id FROM members m
		LEFT JOIN member_links l ON l.member_id = m.id
		WHERE m.name = ? OR l.display_name = ?
		ORDER BY (m.community = ?) DESC, l.last_seen DESC NULLS LAST LIMIT 1`, name, name, community).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return bot.Member{}, fmt.Errorf("member %q: %w", name, bot.ErrNotFound)
	}
	if err != nil {
		return bot.Member{}, fmt.Errorf("member %q: %w", name, err)
	}
	return d.MemberByID(ctx, id, community)
}

// SetRole records a member's role in a community.
func (d *DB) SetRole(ctx context.Context, memberID int64, community string, role bot.Role, at time.Time) error {
	_, err := d.q(ctx).ExecContext(ctx, `INSERT INTO roles(member_id, community, role, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT(member_id, community) DO UPDATE SET role = excluded.role, updated_at = excluded.updated_at`,
		memberID, community, int(role), ms(at))
	if err != nil {
		return fmt.Errorf("set role of member %d: %w", memberID, err)
	}
	if role == bot.Coordinator {
		// A coordinator's private chats belong to the community they run.
		if _, err := d.q(ctx).ExecContext(ctx, `UPDATE members SET community = ? WHERE id = ?`, community, memberID); err != nil {
			return fmt.Errorf("set home community of member %d: %w", memberID, err)
		}
	}
	return nil
}

// Coordinators lists a community's coordinators, oldest first.
func (d *DB) Coordinators(ctx context.Context, community string) ([]bot.Member, error) {
	rows, err := d.q(ctx).QueryContext(ctx, `SELECT m.id, m.name, m.community FROM roles r JOIN members m ON m.id = r.member_id
		WHERE r.community = ? AND r.role = ? ORDER BY r.updated_at, m.id`, community, int(bot.Coordinator))
	if err != nil {
		return nil, fmt.Errorf("coordinators of %s: %w", community, err)
	}
	defer rows.Close()
	var out []bot.Member
	for rows.Next() {
		m := bot.Member{Role: bot.Coordinator}
		if err := rows.Scan(&m.ID, &m.Name, &m.Community); err != nil {
			return nil, fmt.Errorf("coordinators of %s: %w", community, err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// PlatformID returns the platform id most recently seen for a member.
func (d *DB) PlatformID(ctx context.Context, memberID int64) (string, error) {
	var pid string
	err := d.q(ctx).QueryRowContext(ctx, `SELECT platform_id FROM member_links WHERE member_id = ? ORDER BY last_seen DESC LIMIT 1`,
		memberID).Scan(&pid)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("platform id of member %d: %w", memberID, bot.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("platform id of member %d: %w", memberID, err)
	}
	return pid, nil
}

// Audit appends an entry to the audit log.
func (d *DB) Audit(ctx context.Context, e bot.AuditEntry) error {
	_, err := d.q(ctx).ExecContext(ctx, `INSERT INTO audit_log(at, member_id, community, action, detail) VALUES (?, ?, ?, ?, ?)`,
		ms(e.Time), e.MemberID, e.Community, e.Action, e.Detail)
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// AuditLog returns the audit log, oldest first.
func (d *DB) AuditLog(ctx context.Context) ([]bot.AuditEntry, error) {
	rows, err := d.q(ctx).QueryContext(ctx, `SELECT at, member_id, community, action, detail FROM audit_log ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	defer rows.Close()
	var out []bot.AuditEntry
	for rows.Next() {
		var e bot.AuditEntry
		var at int64
		if err := rows.Scan(&at, &e.MemberID, &e.Community, &e.Action, &e.Detail); err != nil {
			return nil, fmt.Errorf("read audit log: %w", err)
		}
		e.Time = fromMS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
