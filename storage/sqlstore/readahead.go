package sqlstore

import (
	"context"
	"fmt"

	"linli/bot"
)

// sightKey names what ResolveMember asks about a sender: their platform id
// in a chat (a private chat's group is "") of a community ("" when the
// chat does not say).
type sightKey struct {
	platformID, group, community string
}

// sightKeyOf is the key ResolveMember looks msg's sender up by; ok is
// false for a message ResolveMember does not look up that way (the
// Official Account's followers, a message without a sender).
func sightKeyOf(chat bot.Chat, s bot.Sender) (sightKey, bool) {
	if chat.Channel == bot.OfficialAccount || s.PlatformID == "" {
		return sightKey{}, false
	}
	k := sightKey{platformID: s.PlatformID, community: chat.Community}
	if chat.Kind == bot.Group {
		k.group = chat.Name
	}
	return k, true
}

// ReadAhead looks up, in one statement, the sender of every message in
// msgs, so that ResolveMember finds each in the transaction instead of
// asking the server once a message. It is for PostgreSQL, where each
// statement is a round trip; on SQLite, which answers in process, it reads
// nothing. Outside a transaction it does nothing.
//
// The same statement refreshes what ResolveMember would refresh for a
// sender seen in this chat under the same name more than linkRefresh ago
// (the next morning's check-ins): the link's last sighting, nickname and
// session. It does so only where ResolveMember would write nothing else,
// so that ResolveMember then writes nothing at all.
//
// It makes the transaction lean (see lean.go), unless it is running again
// because a lean run could not commit.
//
// What it read stays true for the transaction (one snapshot, see
// remember) until the transaction itself changes it: linking a platform id
// forgets that id's sightings, changing a member forgets the sightings of
// that member, a re-login or a merge forgets them all, and so does a
// savepoint rolled back.
func (d *DB) ReadAhead(ctx context.Context, msgs []bot.Message) error {
	st := txOf(ctx)
	if st == nil || d.dialect != Postgres {
		return nil
	}
	st.lean = !st.careful
	var pids, groups, communities, names, nicks []string
	var ats []int64
	seen := map[sightKey]bool{}
	for _, m := range msgs {
		k, ok := sightKeyOf(m.Chat, m.Sender)
		if !ok || seen[k] {
			continue
		}
		if _, ok := st.sightings[k]; ok {
			continue
		}
		seen[k] = true
		pids, groups, communities = append(pids, k.platformID), append(groups, k.group), append(communities, k.community)
		names, nicks = append(names, shownName(m.Sender)), append(nicks, m.Sender.NickName)
		at := int64(0) // a message without a time refreshes nothing here
		if !m.Time.IsZero() {
			at = ms(m.Time)
		}
		ats = append(ats, at)
	}
	if len(pids) == 0 {
		return nil
	}
	rows, err := d.q(ctx).QueryContext(ctx, readAheadSQL,
		pids, groups, communities, names, nicks, ats, linkRefresh.Milliseconds())
	if err != nil {
		return fmt.Errorf("read senders ahead: %w", err)
	}
	defer rows.Close()
	if st.sightings == nil {
		st.sightings = make(map[sightKey]sighting, len(pids))
	}
	for rows.Next() {
		var k sightKey
		var v sighting
		if err := rows.Scan(append([]any{&k.platformID, &k.group, &k.community}, v.dest()...)...); err != nil {
			return fmt.Errorf("read senders ahead: %w", err)
		}
		st.sightings[k] = v
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read senders ahead: %w", err)
	}
	return nil
}

// readAheadSQL reads the sightings of a batch's senders (platform ids,
// chats, communities, shown names, nicknames, message times: ?1 to ?6)
// and refreshes the links that need only that (seen more than ?7 ms
// before). The statement's own query sees the links as they were, so a
// link it refreshed is read with the time the refresh gave it.
var readAheadSQL = `WITH q AS (SELECT * FROM unnest(?1::text[], ?2::text[], ?3::text[], ?4::text[], ?5::text[], ?6::bigint[])
			AS q(pid, grp, comm, name, nick, at)),
		fresh AS (UPDATE member_links l SET nick_name = q.nick, last_seen = q.at,
				session = ` + latestLoginID + `
			FROM q, members m
			WHERE l.platform_id = q.pid AND l.group_name = q.grp AND l.display_name = q.name
				AND q.at > 0 AND l.last_seen <= q.at - ?7
				AND m.id = l.member_id AND m.base_name = q.name AND m.name <> '' AND (m.community <> '' OR q.comm = '')
			RETURNING l.platform_id, l.group_name, l.last_seen)
		SELECT q.pid, q.grp, q.comm, ` + sightingColumns("f.last_seen, x.last_seen") + `
		FROM q CROSS JOIN ` + latestLogin + `
		LEFT JOIN LATERAL ` + sightingOf("q.pid", "q.grp", "q.comm") + ` x ON TRUE
		LEFT JOIN fresh f ON f.platform_id = q.pid AND f.group_name = q.grp`

// sighted returns the sighting ReadAhead left for k in ctx's transaction.
func sighted(ctx context.Context, k sightKey) (sighting, bool) {
	st := txOf(ctx)
	if st == nil {
		return sighting{}, false
	}
	v, ok := st.sightings[k]
	return v, ok
}

// forgetPlatformID drops the sightings of a platform id whose links the
// transaction changed.
func forgetPlatformID(ctx context.Context, platformID string) {
	if st := txOf(ctx); st != nil {
		for k := range st.sightings {
			if k.platformID == platformID {
				delete(st.sightings, k)
			}
		}
	}
}

// forgetMember drops the sightings of a member whose row or role the
// transaction changed.
func forgetMember(ctx context.Context, memberID int64) {
	if st := txOf(ctx); st != nil {
		for k, v := range st.sightings {
			if v.memberID == memberID {
				delete(st.sightings, k)
			}
		}
	}
}

// forgetSightings drops every sighting read ahead, when the transaction
// changed what they all rest on (a re-login, a merge of members).
func forgetSightings(ctx context.Context) {
	if st := txOf(ctx); st != nil {
		st.sightings = nil
	}
}
