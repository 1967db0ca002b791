package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"linli/bot"
)

// linkRefresh is how stale a link's last_seen may get before a message
// refreshes it; re-linking prefers recently seen links.
const linkRefresh = time.Hour

// numbered matches a label that tells a member from others of one name.
var numbered = regexp.MustCompile(`\(\d+\)$`)

// MarkHandled records msgID as handled for community ("" until CountFor
// says) and reports whether this was the first time. Inside the message's
// transaction it commits with the message's effects; in a lean one (see
// lean.go) it is stored at the commit, and a message handled before is
// found there.
func (d *DB) MarkHandled(ctx context.Context, msgID, community string, at time.Time) (bool, error) {
	if st := txOf(ctx); st != nil && st.lean {
		return st.markAtCommit(msgID, community, at)
	}
	res, err := d.q(ctx).ExecContext(ctx, `INSERT INTO inbound(msg_id, handled_at, community) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
		msgID, ms(at), community)
	if err != nil {
		return false, fmt.Errorf("mark message %s handled: %w", msgID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("mark message %s handled: %w", msgID, err)
	}
	return n == 1, nil
}

// CountFor records the community a handled message counts for.
func (d *DB) CountFor(ctx context.Context, msgID, community string) error {
	if st := txOf(ctx); st != nil && st.setQueued(inboundRows, msgID, 2, community) {
		return nil // its mark waits for the commit
	}
	if _, err := d.q(ctx).ExecContext(ctx, `UPDATE inbound SET community = ? WHERE msg_id = ?`, community, msgID); err != nil {
		return fmt.Errorf("count message %s for %s: %w", msgID, community, err)
	}
	return nil
}

// sighting is what one query tells ResolveMember about a platform id: its
// link in this chat, or else its latest link elsewhere, with that link's
// member; and the bot's latest login. A morning burst resolves most
// senders with this query alone.
type sighting struct {
	memberID int64
	// here is set when the link is the one of this chat.
	here     bool
	linkName string
	lastSeen int64
	member   memberRow
	login    int64
}

// memberRow is a member's row with their role in the chat's community.
type memberRow struct {
	base, label, home string
	changed           int64
	role              int64
}

// bot returns the member as the router sees them.
func (r memberRow) bot(id int64) bot.Member {
	m := bot.Member{ID: id, Name: r.label, Community: r.home, Role: bot.Role(r.role)}
	if r.changed != 0 {
		m.NameChanged = fromMS(r.changed)
	}
	return m
}

// sightingColumns are the columns a sighting is scanned from (see
// sighting.dest): x is the sender's link (sightingOf), b the latest login
// (latestLogin); lastSeen is when the link was last seen, x.last_seen
// unless the statement itself refreshed it.
func sightingColumns(lastSeen string) string {
	return `coalesce(x.member_id, 0), coalesce(x.here, 0), coalesce(x.display_name, ''),
	coalesce(` + lastSeen + `, 0), coalesce(x.base_name, ''), coalesce(x.name, ''), coalesce(x.community, ''),
	coalesce(x.name_changed_at, 0), coalesce(x.role, 0), b.login`
}

// latestLoginID is the id of the bot's latest login, 0 before the first.
const latestLoginID = `(SELECT coalesce(max(id), 0) FROM bot_logins)`

// latestLogin is the bot's latest login, as b.
const latestLogin = `(SELECT ` + latestLoginID + ` AS login) b`

// sightingOf is the link of the platform id pid: in the chat group if it
// has one there, else its latest elsewhere; with its member and their role
// in community (their home when ""). The three are SQL expressions: a
// parameter, or a column of the rows the links are looked up for.
func sightingOf(pid, group, community string) string {
	return `(SELECT l.member_id, CASE WHEN l.group_name = ` + group + ` THEN 1 ELSE 0 END AS here, l.display_name, l.last_seen,
			m.base_name, m.name, m.community, m.name_changed_at,
			(SELECT r.role FROM roles r WHERE r.member_id = m.id AND r.community = coalesce(nullif(` + community + `, ''), m.community)) AS role
		FROM member_links l JOIN members m ON m.id = l.member_id
		WHERE l.platform_id = ` + pid + `
		ORDER BY 2 DESC, l.last_seen DESC LIMIT 1)`
}

// dest is where a row of sightingColumns is scanned.
func (v *sighting) dest() []any {
	return []any{&v.memberID, &v.here, &v.linkName, &v.lastSeen, &v.member.base, &v.member.label, &v.member.home,
		&v.member.changed, &v.member.role, &v.login}
}

// sightSQL reads one platform id's sighting (?1) in a chat (?2) of a
// community (?3); built once, as every message asks it.
var sightSQL = `SELECT ` + sightingColumns("x.last_seen") + ` FROM ` + latestLogin + `
	LEFT JOIN ` + sightingOf("?1", "?2", "?3") + ` x ON TRUE`

// sight reads what ResolveMember needs about a platform id, unless
// ReadAhead left it in the transaction.
func (d *DB) sight(ctx context.Context, platformID, group, community string) (sighting, error) {
	if v, ok := sighted(ctx, sightKey{platformID, group, community}); ok {
		return v, nil
	}
	var v sighting
	err := d.q(ctx).QueryRowContext(ctx, sightSQL, platformID, group, community).Scan(v.dest()...)
	if err != nil {
		return v, fmt.Errorf("resolve member: %w", err)
	}
	return v, nil
}

// ResolveMember finds the member behind s in chat, creating one on first
// sight. A display name is never proof of who someone is:
//
//   - a known platform id keeps its member whatever name it now shows, and a
//     platform id seen elsewhere in the same session (another group, a
//     private chat) is the same account;
//   - an unknown platform id is re-linked to an existing member by name
//     only after the bot itself re-logged in (every id changed), only to a
//     member none of whose ids has spoken since that login, only when
//     exactly one member had that display name and nickname in that group
//     (or, in a private chat, that nickname), and never to a member who
//     holds a role or an approved-volunteer status: such a newcomer becomes
//     a new member, acting as a resident, with a claim they can prove with
//     their PIN or a fresh code;
//   - anyone else is a new member, shown as 「王芳(2)」 when the community
//     already has a 王芳.
//
// Every re-link and every refused re-link is recorded and returned.
func (d *DB) ResolveMember(ctx context.Context, chat bot.Chat, s bot.Sender, at time.Time) (bot.Member, *bot.Relink, error) {
	if st := txOf(ctx); st != nil && st.lean {
		defer st.excuse(st.writes)
	}
	if chat.Channel == bot.OfficialAccount {
		return d.resolveFollower(ctx, chat, s, at)
	}
	group := ""
	if chat.Kind == bot.Group {
		group = chat.Name
	}
	name := shownName(s)
	v, err := d.sight(ctx, s.PlatformID, group, chat.Community)
	if err != nil {
		return bot.Member{}, nil, err
	}
	if v.memberID == 0 {
		return d.firstSight(ctx, chat, s, group, name, v.login, at)
	}
	var relink *bot.Relink
	if v.here {
		if v.linkName == name && ms(at)-v.lastSeen < linkRefresh.Milliseconds() {
			// Known and recently seen: nothing to write.
			return v.member.bot(v.memberID), nil, nil
		}
		if v.linkName != name {
			relink = &bot.Relink{MemberID: v.memberID, Group: group, OldID: s.PlatformID, NewID: s.PlatformID,
				OldName: v.linkName, NewName: name, Reason: "display name changed"}
		}
	}
	// Seen here long ago or under another name, or seen elsewhere under
	// the same platform id (another group or a private chat in the same
	// session): the same person.
	if err := d.link(ctx, v.memberID, s, group, name, relink, at); err != nil {
		return bot.Member{}, nil, err
	}
	row, err := d.relabel(ctx, v.memberID, v.member, chat.Community, name, false, at)
	if err != nil {
		return bot.Member{}, nil, err
	}
	if relink != nil {
		relink.Community = row.home
	}
	return row.bot(v.memberID), relink, nil
}

// shownName is the name a sender shows: their display name in the group,
// else their nickname.
func shownName(s bot.Sender) string {
	if s.DisplayName != "" {
		return s.DisplayName
	}
	return s.NickName
}

// firstSight resolves a platform id never seen before: re-linked to the
// member it replaces after a re-login, or a new member.
func (d *DB) firstSight(ctx context.Context, chat bot.Chat, s bot.Sender, group, name string, login int64, at time.Time) (bot.Member, *bot.Relink, error) {
	memberID, relink, claims, err := d.findRelink(ctx, group, s, name, login)
	if err != nil {
		return bot.Member{}, nil, err
	}
	if memberID != 0 {
		if err := d.link(ctx, memberID, s, group, name, relink, at); err != nil {
			return bot.Member{}, nil, err
		}
		if err := d.rename(ctx, memberID, chat.Community, name, false, at); err != nil {
			return bot.Member{}, nil, err
		}
		m, err := d.MemberByID(ctx, memberID, chat.Community)
		if err != nil {
			return bot.Member{}, nil, err
		}
		relink.Community = m.Community
		return m, relink, nil
	}
	if relink == nil && d.dialect == Postgres {
		m, err := d.newLinkedMember(ctx, chat.Community, s, group, name, at)
		return m, nil, err
	}
	m, err := d.newMember(ctx, chat.Community, name, at)
	if err != nil {
		return bot.Member{}, nil, err
	}
	if relink != nil && relink.Refused {
		relink.NewMemberID = m.ID
		for _, old := range claims {
			if _, err := d.q(ctx).ExecContext(ctx, `INSERT INTO identity_claims(new_member_id, old_member_id, group_name, at)
				VALUES (?, ?, ?, ?) ON CONFLICT (new_member_id, old_member_id) DO NOTHING`, m.ID, old, group, ms(at)); err != nil {
				return bot.Member{}, nil, fmt.Errorf("record identity claim: %w", err)
			}
		}
	}
	if err := d.link(ctx, m.ID, s, group, name, relink, at); err != nil {
		return bot.Member{}, nil, err
	}
	if relink != nil {
		relink.Community = m.Community
	}
	return m, relink, nil
}

// newMember creates a member of community shown under name, or under the
// first free 「name(2)」, 「name(3)」… when the community has one so named.
// The first name a member comes with is not a change of name.
func (d *DB) newMember(ctx context.Context, community, name string, at time.Time) (bot.Member, error) {
	m := bot.Member{Community: community}
	if err := d.q(ctx).QueryRowContext(ctx, newMemberSQL+` RETURNING id, name`, name, community, ms(at)).Scan(&m.ID, &m.Name); err != nil {
		return m, fmt.Errorf("create member: %w", err)
	}
	return d.named(ctx, m, name, at)
}

// newMemberSQL creates a member shown under the name ?1 in the community
// ?2 at ?3: the name itself, when free, is given in the same statement,
// else the member is left unnamed ("") for named.
const newMemberSQL = `INSERT INTO members(name, base_name, community, created_at)
	VALUES (CASE WHEN EXISTS (SELECT 1 FROM members WHERE community = ?2 AND name = ?1) THEN '' ELSE ?1 END, ?1, ?2, ?3)`

// named finishes a member just created as m: one left unnamed, because
// another member of the community had the name, gets the first free
// 「name(2)」, 「name(3)」….
func (d *DB) named(ctx context.Context, m bot.Member, name string, at time.Time) (bot.Member, error) {
	if m.Name != "" {
		return m, nil
	}
	if err := d.rename(ctx, m.ID, m.Community, name, true, at); err != nil {
		return m, err
	}
	return d.MemberByID(ctx, m.ID, m.Community)
}

// newLinkedMember is newMember and link in one statement, for PostgreSQL,
// where each statement is a round trip to the server: every newcomer of a
// morning burst is both.
func (d *DB) newLinkedMember(ctx context.Context, community string, s bot.Sender, group, name string, at time.Time) (bot.Member, error) {
	m := bot.Member{Community: community}
	err := d.q(ctx).QueryRowContext(ctx, `WITH m AS (`+newMemberSQL+` RETURNING id, name),
		l AS (INSERT INTO member_links(member_id, platform_id, group_name, display_name, nick_name, first_seen, last_seen, session)
			SELECT id, ?4, ?5, ?1, ?6, ?3, ?3, `+latestLoginID+` FROM m)
		SELECT id, name FROM m`, name, community, ms(at), s.PlatformID, group, s.NickName).Scan(&m.ID, &m.Name)
	if err != nil {
		return m, fmt.Errorf("create member: %w", err)
	}
	forgetPlatformID(ctx, s.PlatformID)
	return d.named(ctx, m, name, at)
}

// link records that memberID spoke as s in group (a private chat's group
// is ""), and the re-link that brought them there.
func (d *DB) link(ctx context.Context, memberID int64, s bot.Sender, group, name string, relink *bot.Relink, at time.Time) error {
	if _, err := d.q(ctx).ExecContext(ctx, `INSERT INTO member_links(member_id, platform_id, group_name, display_name, nick_name, first_seen, last_seen, session)
		VALUES (?, ?, ?, ?, ?, ?, ?, `+latestLoginID+`)
		ON CONFLICT(platform_id, group_name) DO UPDATE SET display_name = excluded.display_name,
			nick_name = excluded.nick_name, last_seen = excluded.last_seen, session = excluded.session`,
		memberID, s.PlatformID, group, name, s.NickName, ms(at), ms(at)); err != nil {
		return fmt.Errorf("link member %d: %w", memberID, err)
	}
	forgetPlatformID(ctx, s.PlatformID)
	if relink != nil {
		return d.recordRelink(ctx, relink, at)
	}
	return nil
}

func (d *DB) recordRelink(ctx context.Context, rl *bot.Relink, at time.Time) error {
	reason := rl.Reason
	if rl.Refused {
		reason = fmt.Sprintf("%s; refused, new member %d", reason, rl.NewMemberID)
	}
	if _, err := d.q(ctx).ExecContext(ctx, `INSERT INTO relinks(member_id, group_name, old_id, new_id, old_name, new_name, reason, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, rl.MemberID, rl.Group, rl.OldID, rl.NewID,
		rl.OldName, rl.NewName, reason, ms(at)); err != nil {
		return fmt.Errorf("record relink: %w", err)
	}
	return nil
}

// rename gives a member the label for the display name they now show (see
// relabel), reading their row first.
func (d *DB) rename(ctx context.Context, memberID int64, community, name string, created bool, at time.Time) error {
	var row memberRow
	if err := d.q(ctx).QueryRowContext(ctx, `SELECT base_name, name, community FROM members WHERE id = ?`, memberID).
		Scan(&row.base, &row.label, &row.home); err != nil {
		return fmt.Errorf("rename member %d: %w", memberID, err)
	}
	_, err := d.relabel(ctx, memberID, row, community, name, created, at)
	return err
}

// relabel gives a member whose row is row the label for the display name
// they now show: the name itself, or the name with the first free (2),
// (3)… when another member of the community already goes by it. A member
// whose display name did not change keeps their label. It returns the row
// as it now is.
func (d *DB) relabel(ctx context.Context, memberID int64, row memberRow, community, name string, created bool, at time.Time) (memberRow, error) {
	q := d.q(ctx)
	defer forgetMember(ctx, memberID)
	if row.base == name && row.label != "" {
		if row.home == "" && community != "" {
			// First seen privately, now in a group: that group's
			// community is home.
			_, err := q.ExecContext(ctx, `UPDATE members SET community = ? WHERE id = ?`, community, memberID)
			if err != nil {
				return row, fmt.Errorf("rename member %d: %w", memberID, err)
			}
			row.home = community
		}
		return row, nil
	}
	if row.home == "" {
		row.home = community
	}
	label := name
	for k := 2; ; k++ {
		var taken int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM members WHERE community = ? AND name = ? AND id != ?`,
			row.home, label, memberID).Scan(&taken); err != nil {
			return row, fmt.Errorf("rename member %d: %w", memberID, err)
		}
		if taken == 0 {
			break
		}
		label = fmt.Sprintf("%s(%d)", name, k)
	}
	var changed int64 // the first name a member comes with is not a change
	if !created {
		changed = ms(at)
	}
	if _, err := q.ExecContext(ctx, `UPDATE members SET name = ?, base_name = ?, community = ?, name_changed_at = ? WHERE id = ?`,
		label, name, row.home, changed, memberID); err != nil {
		return row, fmt.Errorf("rename member %d: %w", memberID, err)
	}
	row.label, row.base, row.changed = label, name, changed
	return row, nil
}

// LoggedIn records a new session of the bot's platform account.
func (d *DB) LoggedIn(ctx context.Context, at time.Time) error {
	if _, err := d.q(ctx).ExecContext(ctx, `INSERT INTO bot_logins(at) VALUES (?)`, ms(at)); err != nil {
		return fmt.Errorf("record bot login: %w", err)
	}
	forgetSightings(ctx)
	return nil
}

// findRelink looks for the member an unknown platform id may be after the
// bot re-logged in (login is the latest login's id, 0 for none). Candidates are the members who showed the same display
// name and nickname in the same group (in a private chat, the same
// nickname). The id is re-linked only when there is exactly one, none of
// whose ids has spoken since the login, and who holds no privilege. Every
// silent candidate who holds a role or an approved-volunteer status is
// returned as a claim instead: the newcomer stays a new member until they
// prove to be one of them (and a real coordinator is never locked out by
// an impostor who spoke first under the same name).
func (d *DB) findRelink(ctx context.Context, group string, s bot.Sender, name string, login int64) (int64, *bot.Relink, []int64, error) {
	q := d.q(ctx)
	if login == 0 {
		return 0, nil, nil, nil // the bot never re-logged in: ids did not change
	}
	nick := s.NickName
	if nick == "" {
		nick = name
	}
	var (
		rows *sql.Rows
		err  error
	)
	if group != "" {
		rows, err = q.QueryContext(ctx, `SELECT l.member_id, max(l.platform_id),
			(SELECT max(session) FROM member_links a WHERE a.member_id = l.member_id)
			FROM member_links l
			WHERE l.group_name = ? AND l.display_name = ? AND (l.nick_name = ? OR l.nick_name = '' OR ? = '')
			GROUP BY l.member_id ORDER BY l.member_id`, group, name, s.NickName, s.NickName)
	} else {
		rows, err = q.QueryContext(ctx, `SELECT l.member_id, max(l.platform_id),
			(SELECT max(session) FROM member_links a WHERE a.member_id = l.member_id)
			FROM member_links l
			WHERE l.nick_name = ? OR (l.group_name = '' AND l.display_name = ?)
			GROUP BY l.member_id ORDER BY l.member_id`, nick, nick)
	}
	if err != nil {
		return 0, nil, nil, fmt.Errorf("find relink: %w", err)
	}
	type candidate struct {
		id      int64
		oldID   string
		session int64
	}
	var cands []candidate
	for rows.Next() {
		var c candidate
		if err := rows.Scan(&c.id, &c.oldID, &c.session); err != nil {
			rows.Close()
			return 0, nil, nil, fmt.Errorf("find relink: %w", err)
		}
		cands = append(cands, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, nil, nil, fmt.Errorf("find relink: %w", err)
	}
	var (
		claims []int64
		first  *candidate
		silent int
	)
	for i, c := range cands {
		if c.session >= login {
			continue // spoke in this session already: someone else
		}
		silent++
		privileged, err := d.Privileged(ctx, c.id)
		if err != nil {
			return 0, nil, nil, err
		}
		if privileged {
			claims = append(claims, c.id)
			if first == nil {
				first = &cands[i]
			}
		}
	}
	if len(claims) > 0 {
		return 0, &bot.Relink{MemberID: first.id, Group: group, OldID: first.oldID, NewID: s.PlatformID,
			OldName: name, NewName: name, Reason: "platform id changed; holds a role or volunteer approval", Refused: true}, claims, nil
	}
	if len(cands) != 1 || silent != 1 {
		// Nobody, two people with the same name, or one who already spoke
		// since the login: a new member is safer than giving one person's
		// points to another.
		return 0, nil, nil, nil
	}
	c := cands[0]
	return c.id, &bot.Relink{MemberID: c.id, Group: group, OldID: c.oldID, NewID: s.PlatformID,
		OldName: name, NewName: name, Reason: "platform id changed"}, nil, nil
}

// Privileged reports whether a member holds a role or an approved-volunteer
// status anywhere: what no name alone may carry to a new id.
func (d *DB) Privileged(ctx context.Context, memberID int64) (bool, error) {
	var n int
	err := d.q(ctx).QueryRowContext(ctx, `SELECT (SELECT count(*) FROM roles WHERE member_id = ? AND role > 0)
		+ (SELECT count(*) FROM volunteers WHERE member_id = ? AND status = 'active')`, memberID, memberID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("privileges of member %d: %w", memberID, err)
	}
	return n > 0, nil
}

// Claims lists the privileged members a member carried the name of after
// a re-login and has not yet proven to be.
func (d *DB) Claims(ctx context.Context, memberID int64) ([]int64, error) {
	rows, err := d.q(ctx).QueryContext(ctx, `SELECT old_member_id FROM identity_claims
		WHERE new_member_id = ? AND resolved_at IS NULL ORDER BY id`, memberID)
	if err != nil {
		return nil, fmt.Errorf("identity claims of member %d: %w", memberID, err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("identity claims of member %d: %w", memberID, err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// PINHash returns a member's stored PIN hash ("" when none is set).
func (d *DB) PINHash(ctx context.Context, memberID int64) (string, error) {
	var h string
	err := d.q(ctx).QueryRowContext(ctx, `SELECT hash FROM member_pins WHERE member_id = ?`, memberID).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("PIN of member %d: %w", memberID, err)
	}
	return h, nil
}

// SetPINHash stores a member's PIN hash, replacing an earlier one.
func (d *DB) SetPINHash(ctx context.Context, memberID int64, hash string, at time.Time) error {
	_, err := d.q(ctx).ExecContext(ctx, `INSERT INTO member_pins(member_id, hash, set_at) VALUES (?, ?, ?)
		ON CONFLICT(member_id) DO UPDATE SET hash = excluded.hash, set_at = excluded.set_at`, memberID, hash, ms(at))
	if err != nil {
		return fmt.Errorf("set PIN of member %d: %w", memberID, err)
	}
	return nil
}

// Merge moves every platform id of newID (a newcomer who proved to be
// oldID) to oldID, closes newID's claims and records the re-link. What
// newID did before the proof stays with newID.
func (d *DB) Merge(ctx context.Context, newID, oldID int64, at time.Time) (*bot.Relink, error) {
	q := d.q(ctx)
	rl := &bot.Relink{MemberID: oldID, Reason: fmt.Sprintf("proved; ids of member %d moved", newID)}
	if err := q.QueryRowContext(ctx, `SELECT platform_id, group_name, display_name FROM member_links WHERE member_id = ?
		ORDER BY last_seen DESC LIMIT 1`, newID).Scan(&rl.NewID, &rl.Group, &rl.NewName); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("merge member %d into %d: %w", newID, oldID, err)
	}
	if err := q.QueryRowContext(ctx, `SELECT platform_id, display_name FROM member_links WHERE member_id = ?
		ORDER BY last_seen DESC LIMIT 1`, oldID).Scan(&rl.OldID, &rl.OldName); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("merge member %d into %d: %w", newID, oldID, err)
	}
	if _, err := q.ExecContext(ctx, `UPDATE member_links SET member_id = ? WHERE member_id = ?`, oldID, newID); err != nil {
		return nil, fmt.Errorf("merge member %d into %d: %w", newID, oldID, err)
	}
	forgetSightings(ctx)
	if _, err := q.ExecContext(ctx, `UPDATE identity_claims SET resolved_at = ? WHERE new_member_id = ? AND resolved_at IS NULL`,
		ms(at), newID); err != nil {
		return nil, fmt.Errorf("merge member %d into %d: %w", newID, oldID, err)
	}
	if err := d.recordRelink(ctx, rl, at); err != nil {
		return nil, err
	}
	var community string
	if err := q.QueryRowContext(ctx, `SELECT community FROM members WHERE id = ?`, oldID).Scan(&community); err != nil {
		return nil, fmt.Errorf("merge member %d into %d: %w", newID, oldID, err)
	}
	rl.Community = community
	return rl, nil
}

// MemberByID returns a member with their role in community.
func (d *DB) MemberByID(ctx context.Context, id int64, community string) (bot.Member, error) {
	m := bot.Member{ID: id}
	var role sql.NullInt64
	var changed int64
	err := d.q(ctx).QueryRowContext(ctx, `SELECT m.name, m.community, m.name_changed_at,
		(SELECT r.role FROM roles r WHERE r.member_id = m.id AND r.community = coalesce(nullif(?, ''), m.community))
		FROM members m WHERE m.id = ?`, community, id).Scan(&m.Name, &m.Community, &changed, &role)
	if errors.Is(err, sql.ErrNoRows) {
		return bot.Member{}, fmt.Errorf("member %d: %w", id, bot.ErrNotFound)
	}
	if err != nil {
		return bot.Member{}, fmt.Errorf("member %d: %w", id, err)
	}
	m.Role = bot.Role(role.Int64)
	if changed != 0 {
		m.NameChanged = fromMS(changed)
	}
	return m, nil
}

// MemberByName finds a member by the name linli shows for them, preferring
// one of community. A typed name that two members could answer to (「王芳」
// when there are 王芳 and 王芳(2)) still finds the one shown as 「王芳」;
// callers that act on a person use MembersByName.
func (d *DB) MemberByName(ctx context.Context, community, name string) (bot.Member, error) {
	var id int64
	err := d.q(ctx).QueryRowContext(ctx, `SELECT id FROM members WHERE name = ?
		ORDER BY (community = ?) DESC, id LIMIT 1`, name, community).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return bot.Member{}, fmt.Errorf("member %q: %w", name, bot.ErrNotFound)
	}
	if err != nil {
		return bot.Member{}, fmt.Errorf("member %q: %w", name, err)
	}
	return d.MemberByID(ctx, id, community)
}

// MembersByName lists the members of community a typed name may mean: the
// one shown under it, and those whose display name is or was it, in the
// order they were first seen. A name with its number (「王芳(2)」) means
// that member only.
func (d *DB) MembersByName(ctx context.Context, community, name string) ([]bot.Member, error) {
	if base, ok := strings.CutSuffix(name, "(1)"); ok {
		// 「王芳(1)」 is the first 王芳, shown without a number.
		var id int64
		err := d.q(ctx).QueryRowContext(ctx, `SELECT id FROM members WHERE community = ? AND name = ?`, community, base).Scan(&id)
		if err == nil {
			m, err := d.MemberByID(ctx, id, community)
			if err != nil {
				return nil, err
			}
			return []bot.Member{m}, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("members named %q: %w", name, err)
		}
	}
	rows, err := d.q(ctx).QueryContext(ctx, `SELECT DISTINCT m.id FROM members m
		LEFT JOIN member_links l ON l.member_id = m.id
		WHERE m.community = ? AND (m.name = ? OR m.base_name = ? OR l.display_name = ?)
		ORDER BY m.id`, community, name, name, name)
	if err != nil {
		return nil, fmt.Errorf("members named %q: %w", name, err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("members named %q: %w", name, err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("members named %q: %w", name, err)
	}
	var out []bot.Member
	for _, id := range ids {
		m, err := d.MemberByID(ctx, id, community)
		if err != nil {
			return nil, err
		}
		if m.Name == name && numbered.MatchString(name) {
			return []bot.Member{m}, nil // 「王芳(2)」 means that one
		}
		out = append(out, m)
	}
	return out, nil
}

// SetRole records a member's role in a community.
func (d *DB) SetRole(ctx context.Context, memberID int64, community string, role bot.Role, at time.Time) error {
	defer forgetMember(ctx, memberID)
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

// Audit appends an entry to the audit log. Without an actor of its own the
// entry takes the one ctx names (bot.WithActor), if any.
func (d *DB) Audit(ctx context.Context, e bot.AuditEntry) error {
	if e.Actor == "" {
		e.Actor = bot.ActorOf(ctx)
	}
	_, err := d.q(ctx).ExecContext(ctx, `INSERT INTO audit_log(at, member_id, community, action, detail, actor) VALUES (?, ?, ?, ?, ?, ?)`,
		ms(e.Time), e.MemberID, e.Community, e.Action, e.Detail, e.Actor)
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// AuditLog returns the audit log, oldest first.
func (d *DB) AuditLog(ctx context.Context) ([]bot.AuditEntry, error) {
	rows, err := d.q(ctx).QueryContext(ctx, `SELECT at, member_id, community, action, detail, actor FROM audit_log ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	defer rows.Close()
	var out []bot.AuditEntry
	for rows.Next() {
		var e bot.AuditEntry
		var at int64
		if err := rows.Scan(&at, &e.MemberID, &e.Community, &e.Action, &e.Detail, &e.Actor); err != nil {
			return nil, fmt.Errorf("read audit log: %w", err)
		}
		e.Time = fromMS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
