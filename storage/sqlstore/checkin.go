package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"linli/workflows/checkin"
	"linli/workflows/points"
)

// CheckinStore implements checkin.Store: challenges, check-ins, waiting
// acks and nudges, with the points ledger embedded.
type CheckinStore struct {
	*PointsStore
	db *DB
	c  *stmtCache
}

// NewCheckinStore returns the check-in store over db.
func NewCheckinStore(db *DB) *CheckinStore {
	ps := NewPointsStore(db)
	return &CheckinStore{PointsStore: ps, db: db, c: ps.c}
}

var _ checkin.Store = (*CheckinStore)(nil)

const challengeColumns = `id, community, group_name, name, days, start_day, created_by, created_at`

func scanChallenge(sc interface{ Scan(...any) error }) (checkin.Challenge, error) {
	var c checkin.Challenge
	var at int64
	err := sc.Scan(&c.ID, &c.Community, &c.Group, &c.Name, &c.Days, &c.StartDay, &c.CreatedBy, &at)
	c.CreatedAt = fromMS(at)
	return c, err
}

func (s *CheckinStore) challenges(ctx context.Context, op, where string, args ...any) ([]checkin.Challenge, error) {
	rows, err := s.c.query(ctx, `SELECT `+challengeColumns+` FROM challenges WHERE `+where, args...)
	out, err := collect(rows, err, scanChallenge)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return out, nil
}

// CreateChallenge stores a challenge.
func (s *CheckinStore) CreateChallenge(ctx context.Context, c checkin.Challenge) (checkin.Challenge, error) {
	var n int
	if err := s.c.queryRow(ctx, `SELECT count(*) FROM challenges WHERE group_name = ? AND name = ? AND ended_at IS NULL`,
		c.Group, c.Name).Scan(&n); err != nil {
		return c, fmt.Errorf("create challenge %s: %w", c.Name, err)
	}
	if n > 0 {
		return c, checkin.ErrDuplicateChallenge
	}
	if err := s.c.queryRow(ctx, `INSERT INTO challenges(community, group_name, name, days, start_day, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.Community, c.Group, c.Name, c.Days, int64(c.StartDay), c.CreatedBy,
		ms(c.CreatedAt)).Scan(&c.ID); err != nil {
		return c, fmt.Errorf("create challenge %s: %w", c.Name, err)
	}
	forget(ctx, openMemo+c.Group)
	return c, nil
}

// openMemo is where a transaction remembers a group's open challenges:
// every check-in of a batch asks for them, and only starting or ending a
// challenge changes them.
const openMemo = "checkin.open:"

// OpenChallenges lists a group's open challenges, oldest first.
func (s *CheckinStore) OpenChallenges(ctx context.Context, group string) ([]checkin.Challenge, error) {
	open, err := remember(ctx, openMemo+group, func() ([]checkin.Challenge, error) {
		return s.challenges(ctx, "open challenges of "+group, `group_name = ? AND ended_at IS NULL ORDER BY id`, group)
	})
	return slices.Clone(open), err
}

// AllOpenChallenges lists every open challenge by group, then age.
func (s *CheckinStore) AllOpenChallenges(ctx context.Context) ([]checkin.Challenge, error) {
	return s.challenges(ctx, "open challenges", `ended_at IS NULL ORDER BY group_name, id`)
}

// EndChallenge closes a challenge.
func (s *CheckinStore) EndChallenge(ctx context.Context, id int64, at time.Time) error {
	forget(ctx, openMemo)
	if _, err := s.c.exec(ctx, `UPDATE challenges SET ended_at = ? WHERE id = ? AND ended_at IS NULL`, ms(at), id); err != nil {
		return fmt.Errorf("end challenge %d: %w", id, err)
	}
	return nil
}

// AddCheckin records a check-in, with a recent photo when asked; false
// when that day is in.
func (s *CheckinStore) AddCheckin(ctx context.Context, c checkin.Checkin) (bool, bool, error) {
	var photo bool
	err := s.c.queryRow(ctx, checkinSQL+` RETURNING photo`, checkinArgs(c)...).Scan(&photo)
	if errors.Is(err, sql.ErrNoRows) {
		return false, false, nil
	}
	if err != nil {
		return false, false, fmt.Errorf("record check-in of member %d: %w", c.MemberID, err)
	}
	return true, photo, nil
}

// checkinSQL inserts a check-in (checkinArgs), attaching the member's
// recent photo in the group when asked.
const checkinSQL = `INSERT INTO checkins(challenge_id, member_id, day, makeup, photo, note, source, at)
		VALUES (?1, ?2, ?3, ?4,
			CASE WHEN ?5 = 1 OR EXISTS (SELECT 1 FROM checkin_photos WHERE group_name = ?6 AND member_id = ?2 AND at >= ?7)
				THEN 1 ELSE 0 END,
			?8, ?9, ?10)
		ON CONFLICT DO NOTHING`

func checkinArgs(c checkin.Checkin) []any {
	return []any{c.ChallengeID, c.MemberID, int64(c.Day), c.Makeup, c.Photo, c.PhotoGroup, ms(c.PhotoSince), c.Note, c.Source, ms(c.At)}
}

// AddCheckinAndCredit records a check-in and, when it is new, credits e;
// it returns the member's days either way. On PostgreSQL, where each
// statement is a round trip to the server, the three go in one statement;
// SQLite runs AddCheckin, Credit and Progress in process.
func (s *CheckinStore) AddCheckinAndCredit(ctx context.Context, c checkin.Checkin, e points.Entry) (checkin.Recorded, error) {
	var r checkin.Recorded
	if err := e.Validate(); err != nil {
		return r, err
	}
	if s.db.dialect != Postgres {
		added, photo, err := s.AddCheckin(ctx, c)
		if err != nil {
			return r, err
		}
		r.Added, r.Photo = added, photo
		if added {
			r.Credited, r.Progress, err = s.CreditAndProgress(ctx, e, c.ChallengeID, c.MemberID)
		} else {
			r.Progress, err = s.Progress(ctx, c.ChallengeID, c.MemberID)
		}
		return r, err
	}
	// The statement's own query does not see what its WITH inserted, so
	// the new day is added to the member's days from what the insert
	// returned. One row even when the member has no day at all.
	rows, err := s.c.query(ctx, `WITH ck AS (`+checkinSQL+` RETURNING photo, day, makeup),
		credited AS (INSERT INTO points_ledger(member_id, community, amount, reason, source_key, at)
			SELECT ?11, ?12, ?13, ?14, ?15, ?16 WHERE EXISTS (SELECT 1 FROM ck)
			ON CONFLICT(source_key) DO NOTHING RETURNING 1)
		SELECT (SELECT count(*) FROM ck), coalesce((SELECT photo FROM ck), 0), (SELECT count(*) FROM credited), d.day, d.makeup
		FROM (SELECT 1) AS one LEFT JOIN (SELECT day, makeup FROM checkins WHERE challenge_id = ?1 AND member_id = ?2
			UNION ALL SELECT day, makeup FROM ck) d ON TRUE
		ORDER BY d.day`, append(checkinArgs(c), creditArgs(e)...)...)
	if err != nil {
		return r, fmt.Errorf("record check-in of member %d: %w", c.MemberID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var added, photo, credited int64
		var d, makeup sql.NullInt64
		if err := rows.Scan(&added, &photo, &credited, &d, &makeup); err != nil {
			return r, fmt.Errorf("record check-in of member %d: %w", c.MemberID, err)
		}
		r.Added, r.Photo, r.Credited = added == 1, photo == 1, credited == 1
		if d.Valid {
			addDay(&r.Progress, d.Int64, makeup.Int64 == 1)
		}
	}
	if err := rows.Err(); err != nil {
		return r, fmt.Errorf("record check-in of member %d: %w", c.MemberID, err)
	}
	return r, nil
}

// Progress returns a member's days in a challenge.
func (s *CheckinStore) Progress(ctx context.Context, challengeID, memberID int64) (checkin.Progress, error) {
	var p checkin.Progress
	rows, err := s.c.query(ctx, `SELECT day, makeup FROM checkins
		WHERE challenge_id = ? AND member_id = ? ORDER BY day`, challengeID, memberID)
	if err != nil {
		return p, fmt.Errorf("progress of member %d: %w", memberID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var d int64
		var makeup bool
		if err := rows.Scan(&d, &makeup); err != nil {
			return p, fmt.Errorf("progress of member %d: %w", memberID, err)
		}
		addDay(&p, d, makeup)
	}
	if err := rows.Err(); err != nil {
		return p, fmt.Errorf("progress of member %d: %w", memberID, err)
	}
	return p, nil
}

// addDay adds a day, in order, to a member's progress.
func addDay(p *checkin.Progress, d int64, makeup bool) {
	p.Days = append(p.Days, checkin.Day(d))
	if makeup {
		p.Makeups++
		p.MadeUp = append(p.MadeUp, checkin.Day(d))
	}
}

// CreditAndProgress credits e and returns the member's days in the
// challenge. Every check-in does both, so on PostgreSQL, where each
// statement is a round trip to the server, they go in one.
func (s *CheckinStore) CreditAndProgress(ctx context.Context, e points.Entry, challengeID, memberID int64) (bool, checkin.Progress, error) {
	if s.db.dialect != Postgres {
		credited, err := s.Credit(ctx, e)
		if err != nil {
			return false, checkin.Progress{}, err
		}
		p, err := s.Progress(ctx, challengeID, memberID)
		return credited, p, err
	}
	var p checkin.Progress
	if err := e.Validate(); err != nil {
		return false, p, err
	}
	// One row even when the member has no day yet.
	rows, err := s.c.query(ctx, `WITH credited AS (`+creditSQL+` RETURNING 1)
		SELECT (SELECT count(*) FROM credited), c.day, c.makeup
		FROM (SELECT 1) AS one LEFT JOIN checkins c ON c.challenge_id = ? AND c.member_id = ?
		ORDER BY c.day`, append(creditArgs(e), challengeID, memberID)...)
	if err != nil {
		return false, p, creditFailed(e, err)
	}
	defer rows.Close()
	var credited int64
	for rows.Next() {
		var d, makeup sql.NullInt64
		if err := rows.Scan(&credited, &d, &makeup); err != nil {
			return false, p, creditFailed(e, err)
		}
		if d.Valid {
			addDay(&p, d.Int64, makeup.Int64 == 1)
		}
	}
	if err := rows.Err(); err != nil {
		return false, p, creditFailed(e, err)
	}
	return credited == 1, p, nil
}

// AttachPhoto marks recent check-ins in the group's open challenges.
func (s *CheckinStore) AttachPhoto(ctx context.Context, group string, memberID int64, since time.Time) (bool, error) {
	res, err := s.c.exec(ctx, `UPDATE checkins SET photo = 1
		WHERE challenge_id IN (SELECT id FROM challenges WHERE group_name = ? AND ended_at IS NULL)
			AND member_id = ? AND at >= ? AND makeup = 0`, group, memberID, ms(since))
	if err != nil {
		return false, fmt.Errorf("attach photo of member %d: %w", memberID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("attach photo of member %d: %w", memberID, err)
	}
	return n > 0, nil
}

// NotePhoto remembers the member's latest photo in a group.
func (s *CheckinStore) NotePhoto(ctx context.Context, group string, memberID int64, at time.Time) error {
	if _, err := s.c.exec(ctx, `INSERT INTO checkin_photos(group_name, member_id, at) VALUES (?, ?, ?)
		ON CONFLICT(group_name, member_id) DO UPDATE SET at = excluded.at`, group, memberID, ms(at)); err != nil {
		return fmt.Errorf("note photo of member %d: %w", memberID, err)
	}
	return nil
}

// queueAckSQL stores an ack (?1 to ?6, the group first); bumpAckSQL
// counts it among the group's (?1) waiting acks, returning the count and
// when the last ack message went out, where the group has acked before;
// countAckSQL does the same for a group's first ack.
//
// The count is a plain UPDATE, not an upsert: in a batch every check-in of
// a group counts on the same row, each in its own savepoint, and on
// PostgreSQL an upsert locks the row before updating it, so that each
// version of the row carried a MultiXact whose members every later count
// in the transaction had to look up again.
const (
	queueAckHead = `INSERT INTO checkin_acks(group_name, member_id, text, checkin, photo, at) VALUES`
	queueAckSQL  = queueAckHead + ` (?1, ?2, ?3, ?4, ?5, ?6)`
	bumpAckSQL   = `UPDATE checkin_ack_sent SET waiting = waiting + 1 WHERE group_name = ?1
		RETURNING waiting, at`
	countAckSQL = `INSERT INTO checkin_ack_sent(group_name, at, waiting) VALUES (?1, 0, 1)
		ON CONFLICT(group_name) DO UPDATE SET waiting = checkin_ack_sent.waiting + 1
		RETURNING waiting, at`
)

// ackCount is a group's waiting acks and when its last ack message went
// out (0: never), as a transaction counted them.
type ackCount struct {
	waiting int
	last    int64
}

// addAckSQL adds ?1 to the group's (?2) waiting acks, at the commit.
const addAckSQL = `UPDATE checkin_ack_sent SET waiting = waiting + ?1 WHERE group_name = ?2`

func ackCountKey(group string) string { return "ack-count\x00" + group }

// ackRows names the acks a transaction queued to store at its commit.
const ackRows = "checkin_acks"

// QueueAck stores an ack and counts the group's waiting ones.
//
// Every check-in queues an ack. The first ack of a group in a transaction
// is counted on the group's row (on PostgreSQL, where each statement is a
// round trip to the server, in the statement that stores it); the
// transaction then counts the group's next acks itself and adds them to
// the group's row once, at the commit (addAtCommit). No other
// transaction can change the count meanwhile (SQLite's single writer;
// on PostgreSQL, not without a serialization conflict), and TakeAcks,
// which resets it, forgets what was counted. Those next acks are stored
// at the commit too, all in one statement (insertAtCommit): nothing reads
// them before then but TakeAcks and MarkAckPhoto, which store them first.
func (s *CheckinStore) QueueAck(ctx context.Context, group string, a checkin.Ack, at time.Time) (int, time.Time, error) {
	args := []any{group, a.MemberID, a.Text, a.Checkin, a.Photo, ms(at)}
	st := txOf(ctx)
	if st != nil {
		if c, ok := st.memo[ackCountKey(group)].(ackCount); ok {
			if err := st.insertAtCommit(ackRows, queueAckHead, args...); err != nil {
				return 0, time.Time{}, fmt.Errorf("queue check-in ack in %s: %w", group, err)
			}
			st.addAtCommit(ackCountKey(group), addAckSQL, group, 1)
			c.waiting++
			st.keep(ackCountKey(group), c)
			return c.waiting, c.lastSent(), nil
		}
	}
	// Acks still queued go first, so that the group's keep their order.
	if err := s.db.insertNow(ctx, ackRows); err != nil {
		return 0, time.Time{}, err
	}
	bump, bumpArgs := bumpAckSQL, args[:1]
	if s.db.dialect == Postgres {
		bump, bumpArgs = `WITH queued AS (`+queueAckSQL+`) `+bumpAckSQL, args
	} else if _, err := s.c.exec(ctx, queueAckSQL, args...); err != nil {
		return 0, time.Time{}, fmt.Errorf("queue check-in ack in %s: %w", group, err)
	}
	var c ackCount
	err := s.c.queryRow(ctx, bump, bumpArgs...).Scan(&c.waiting, &c.last)
	if errors.Is(err, sql.ErrNoRows) {
		err = s.c.queryRow(ctx, countAckSQL, group).Scan(&c.waiting, &c.last)
	}
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("queue check-in ack in %s: %w", group, err)
	}
	if st != nil {
		// Acks this transaction counted before a savepoint was rolled
		// back (which forgets the count) are still to be added.
		c.waiting += addedAtCommit(ctx, ackCountKey(group))
		st.keep(ackCountKey(group), c)
	}
	return c.waiting, c.lastSent(), nil
}

func (c ackCount) lastSent() time.Time {
	if c.last == 0 {
		return time.Time{}
	}
	return fromMS(c.last)
}

// MarkAckPhoto marks the member's waiting check-in acks as with a photo.
func (s *CheckinStore) MarkAckPhoto(ctx context.Context, group string, memberID int64) error {
	if err := s.db.insertNow(ctx, ackRows); err != nil {
		return err
	}
	if _, err := s.c.exec(ctx, `UPDATE checkin_acks SET photo = 1
		WHERE group_name = ? AND member_id = ? AND checkin = 1`, group, memberID); err != nil {
		return fmt.Errorf("mark photo on ack of member %d: %w", memberID, err)
	}
	return nil
}

// TakeAcks removes and returns the group's waiting acks and records when.
func (s *CheckinStore) TakeAcks(ctx context.Context, group string, at time.Time) ([]checkin.Ack, error) {
	// The count goes back to 0: what this transaction counted is moot.
	forget(ctx, ackCountKey(group))
	dropAtCommit(ctx, ackCountKey(group))
	if err := s.db.insertNow(ctx, ackRows); err != nil {
		return nil, err
	}
	if _, err := s.c.exec(ctx, `INSERT INTO checkin_ack_sent(group_name, at, waiting) VALUES (?, ?, 0)
		ON CONFLICT(group_name) DO UPDATE SET at = excluded.at, waiting = 0`, group, ms(at)); err != nil {
		return nil, fmt.Errorf("record check-in acks sent in %s: %w", group, err)
	}
	rows, err := s.c.query(ctx, `DELETE FROM checkin_acks WHERE group_name = ? RETURNING id, member_id, text, checkin, photo`, group)
	if err != nil {
		return nil, fmt.Errorf("take check-in acks of %s: %w", group, err)
	}
	defer rows.Close()
	type row struct {
		id  int64
		ack checkin.Ack
	}
	var got []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.ack.MemberID, &r.ack.Text, &r.ack.Checkin, &r.ack.Photo); err != nil {
			return nil, fmt.Errorf("take check-in acks of %s: %w", group, err)
		}
		got = append(got, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("take check-in acks of %s: %w", group, err)
	}
	// RETURNING gives no order guarantee.
	slices.SortFunc(got, func(a, b row) int { return cmp.Compare(a.id, b.id) })
	out := make([]checkin.Ack, len(got))
	for i := range got {
		out[i] = got[i].ack
	}
	return out, nil
}

func placeholders(n int) string {
	if n == 0 {
		return "NULL"
	}
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// CheckedIn counts members with a check-in on a day in [from, to].
func (s *CheckinStore) CheckedIn(ctx context.Context, challengeIDs []int64, from, to checkin.Day) (int, error) {
	if len(challengeIDs) == 0 {
		return 0, nil
	}
	args := make([]any, 0, len(challengeIDs)+2)
	for _, id := range challengeIDs {
		args = append(args, id)
	}
	args = append(args, int64(from), int64(to))
	var n int
	err := s.c.queryRow(ctx, `SELECT count(DISTINCT member_id) FROM checkins
		WHERE challenge_id IN (`+placeholders(len(challengeIDs))+`) AND day BETWEEN ? AND ?`, args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count check-ins: %w", err)
	}
	return n, nil
}

// CheckedInGroups counts members with a check-in in the groups' challenges.
func (s *CheckinStore) CheckedInGroups(ctx context.Context, groups []string, from, to checkin.Day) (int, error) {
	if len(groups) == 0 {
		return 0, nil
	}
	args := make([]any, 0, len(groups)+2)
	for _, g := range groups {
		args = append(args, g)
	}
	args = append(args, int64(from), int64(to))
	var n int
	err := s.c.queryRow(ctx, `SELECT count(DISTINCT k.member_id) FROM checkins k
		JOIN challenges c ON c.id = k.challenge_id
		WHERE c.group_name IN (`+placeholders(len(groups))+`) AND k.day BETWEEN ? AND ?`, args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count check-ins in groups: %w", err)
	}
	return n, nil
}

// MembersSeen counts distinct members seen in the groups.
func (s *CheckinStore) MembersSeen(ctx context.Context, groups ...string) (int, error) {
	if len(groups) == 0 {
		return 0, nil
	}
	args := make([]any, len(groups))
	for i, g := range groups {
		args[i] = g
	}
	var n int
	err := s.c.queryRow(ctx, `SELECT count(DISTINCT member_id) FROM member_links
		WHERE group_name IN (`+placeholders(len(groups))+`)`, args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count members seen: %w", err)
	}
	return n, nil
}

// MemberGroups lists the groups a member was seen in, by name.
func (s *CheckinStore) MemberGroups(ctx context.Context, memberID int64) ([]string, error) {
	// A follower of the Official Account is in the groups of their
	// community that run a challenge.
	rows, err := s.c.query(ctx, `SELECT group_name FROM member_links WHERE member_id = ?1 AND group_name <> ''
		UNION SELECT c.group_name FROM challenges c JOIN members m ON m.community = c.community
		WHERE m.id = ?1 AND m.community <> '' AND c.ended_at IS NULL
			AND EXISTS (SELECT 1 FROM mp_followers f WHERE f.member_id = ?1)
		ORDER BY 1`, memberID)
	if err != nil {
		return nil, fmt.Errorf("groups of member %d: %w", memberID, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var g string
		if err := rows.Scan(&g); err != nil {
			return nil, fmt.Errorf("groups of member %d: %w", memberID, err)
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("groups of member %d: %w", memberID, err)
	}
	return out, nil
}

// FirstSeen is when a member was first seen in a group.
func (s *CheckinStore) FirstSeen(ctx context.Context, memberID int64, group string) (time.Time, error) {
	var at sql.NullInt64
	if err := s.c.queryRow(ctx, `SELECT min(first_seen) FROM member_links
		WHERE member_id = ? AND group_name = ?`, memberID, group).Scan(&at); err != nil {
		return time.Time{}, fmt.Errorf("first seen of member %d: %w", memberID, err)
	}
	if !at.Valid {
		return time.Time{}, nil
	}
	return fromMS(at.Int64), nil
}

// Board returns a challenge's members with their points there. Points are
// the ledger entries whose source key carries the challenge's prefix.
func (s *CheckinStore) Board(ctx context.Context, challengeID int64) ([]checkin.BoardRow, error) {
	lo := fmt.Sprintf("ck:%d:", challengeID)
	hi := fmt.Sprintf("ck:%d;", challengeID) // ';' follows ':'
	rows, err := s.c.query(ctx, `SELECT k.member_id, coalesce(m.name, ''), coalesce(p.pts, 0), k.n, k.last
		FROM (SELECT member_id, count(*) AS n, max(day) AS last FROM checkins WHERE challenge_id = ? GROUP BY member_id) k
		LEFT JOIN (SELECT member_id, sum(amount) AS pts FROM points_ledger
			WHERE source_key >= ? AND source_key < ? GROUP BY member_id) p ON p.member_id = k.member_id
		LEFT JOIN members m ON m.id = k.member_id
		ORDER BY 3 DESC, 4 DESC, 1`, challengeID, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("board of challenge %d: %w", challengeID, err)
	}
	defer rows.Close()
	var out []checkin.BoardRow
	for rows.Next() {
		var r checkin.BoardRow
		var last int64
		if err := rows.Scan(&r.MemberID, &r.Name, &r.Points, &r.DaysIn, &last); err != nil {
			return nil, fmt.Errorf("board of challenge %d: %w", challengeID, err)
		}
		r.LastDay = checkin.Day(last)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("board of challenge %d: %w", challengeID, err)
	}
	return out, nil
}

// Streakers returns every member's days in a challenge.
func (s *CheckinStore) Streakers(ctx context.Context, challengeID int64) (map[int64][]checkin.Day, error) {
	rows, err := s.c.query(ctx, `SELECT member_id, day FROM checkins WHERE challenge_id = ? ORDER BY member_id, day`, challengeID)
	if err != nil {
		return nil, fmt.Errorf("days of challenge %d: %w", challengeID, err)
	}
	defer rows.Close()
	out := map[int64][]checkin.Day{}
	for rows.Next() {
		var id, d int64
		if err := rows.Scan(&id, &d); err != nil {
			return nil, fmt.Errorf("days of challenge %d: %w", challengeID, err)
		}
		out[id] = append(out[id], checkin.Day(d))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("days of challenge %d: %w", challengeID, err)
	}
	return out, nil
}

// SetNudge turns a member's evening nudge for a group on or off.
func (s *CheckinStore) SetNudge(ctx context.Context, memberID int64, group string, on bool, at time.Time) error {
	var err error
	if on {
		_, err = s.c.exec(ctx, `INSERT INTO checkin_nudges(member_id, group_name, at) VALUES (?, ?, ?)
			ON CONFLICT DO NOTHING`, memberID, group, ms(at))
	} else {
		_, err = s.c.exec(ctx, `DELETE FROM checkin_nudges WHERE member_id = ? AND group_name = ?`, memberID, group)
	}
	if err != nil {
		return fmt.Errorf("set nudge of member %d in %s: %w", memberID, group, err)
	}
	return nil
}

// NudgesDue lists opted-in members of a group with no check-in on day.
func (s *CheckinStore) NudgesDue(ctx context.Context, group string, challengeIDs []int64, day checkin.Day) ([]checkin.Member, error) {
	args := []any{group}
	for _, id := range challengeIDs {
		args = append(args, id)
	}
	args = append(args, int64(day))
	rows, err := s.c.query(ctx, `SELECT n.member_id, coalesce(m.name, '') FROM checkin_nudges n
		LEFT JOIN members m ON m.id = n.member_id
		WHERE n.group_name = ? AND NOT EXISTS (SELECT 1 FROM checkins k
			WHERE k.member_id = n.member_id AND k.challenge_id IN (`+placeholders(len(challengeIDs))+`) AND k.day = ?)
		ORDER BY n.member_id`, args...)
	return scanMembers(rows, err, "nudges due in "+group)
}

// NotCheckedIn lists the members seen in a group with no check-in on day in
// any of the challenges, by the name they go by there.
func (s *CheckinStore) NotCheckedIn(ctx context.Context, group string, challengeIDs []int64, day checkin.Day) ([]checkin.Member, error) {
	args := []any{group}
	for _, id := range challengeIDs {
		args = append(args, id)
	}
	args = append(args, int64(day))
	rows, err := s.c.query(ctx, `SELECT l.member_id, min(coalesce(nullif(l.display_name, ''), m.name, '')) FROM member_links l
		LEFT JOIN members m ON m.id = l.member_id
		WHERE l.group_name = ? AND NOT EXISTS (SELECT 1 FROM checkins k
			WHERE k.member_id = l.member_id AND k.challenge_id IN (`+placeholders(len(challengeIDs))+`) AND k.day = ?)
		GROUP BY l.member_id ORDER BY 2, 1`, args...)
	return scanMembers(rows, err, "not checked in in "+group)
}

// scanMembers reads the (id, name) rows of a query that returned err, and
// closes them; what names the query in errors.
func scanMembers(rows *sql.Rows, err error, what string) ([]checkin.Member, error) {
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []checkin.Member
	for rows.Next() {
		var m checkin.Member
		if err := rows.Scan(&m.ID, &m.Name); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// MemberName returns a member's display name.
func (s *CheckinStore) MemberName(ctx context.Context, memberID int64) (string, error) {
	var name string
	err := s.c.queryRow(ctx, `SELECT name FROM members WHERE id = ?`, memberID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("name of member %d: %w", memberID, err)
	}
	return name, nil
}

// PosterSchedule returns the spec a coordinator set for a group's poster.
func (s *CheckinStore) PosterSchedule(ctx context.Context, group string) (string, error) {
	var spec string
	err := s.db.q(ctx).QueryRowContext(ctx, `SELECT spec FROM checkin_poster_schedules WHERE group_name = ?`, group).Scan(&spec)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("poster schedule of %s: %w", group, err)
	}
	return spec, nil
}

// SetPosterSchedule stores a group's poster schedule; "" removes it.
func (s *CheckinStore) SetPosterSchedule(ctx context.Context, group, spec string, at time.Time) error {
	var err error
	if spec == "" {
		_, err = s.db.q(ctx).ExecContext(ctx, `DELETE FROM checkin_poster_schedules WHERE group_name = ?`, group)
	} else {
		_, err = s.db.q(ctx).ExecContext(ctx, `INSERT INTO checkin_poster_schedules(group_name, spec, set_at) VALUES (?, ?, ?)
			ON CONFLICT(group_name) DO UPDATE SET spec = excluded.spec, set_at = excluded.set_at`, group, spec, ms(at))
	}
	if err != nil {
		return fmt.Errorf("set poster schedule of %s: %w", group, err)
	}
	return nil
}
