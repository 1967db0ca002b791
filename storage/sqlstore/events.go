package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"linli/workflows/events"
)

// EventStore keeps community events, sign-ups, attendance, polls and
// ballots (events.Store).
type EventStore struct{ db *DB }

// NewEventStore returns the events store over db.
func NewEventStore(db *DB) *EventStore { return &EventStore{db: db} }

var _ events.Store = (*EventStore)(nil)

// Savepoint runs fn in a savepoint of the transaction in ctx.
func (s *EventStore) Savepoint(ctx context.Context, fn func(ctx context.Context) error) error {
	return s.db.Savepoint(ctx, fn)
}

// NextNo reserves the community's next number for an event or a poll.
func (s *EventStore) NextNo(ctx context.Context, community string) (int, error) {
	var no int
	err := s.db.q(ctx).QueryRowContext(ctx, `INSERT INTO event_numbers(community, last) VALUES (?, 1)
		ON CONFLICT(community) DO UPDATE SET last = event_numbers.last + 1 RETURNING last`, community).Scan(&no)
	if err != nil {
		return 0, fmt.Errorf("next event number of %s: %w", community, err)
	}
	return no, nil
}

const eventColumns = `id, community, no, group_name, title, place, starts_at, ends_at, closes_at, capacity,
	bring, points, state, created_by, created_at, source`

func scanEvent(sc interface{ Scan(...any) error }) (events.Event, error) {
	var e events.Event
	var start, end, closes, created int64
	var state int
	var groups string
	err := sc.Scan(&e.ID, &e.Community, &e.No, &groups, &e.Title, &e.Place, &start, &end, &closes, &e.Capacity,
		&e.Bring, &e.Points, &state, &e.CreatedBy, &created, &e.Source)
	e.Groups = strings.Split(groups, "\n")
	e.Start, e.End, e.Closes, e.Created = fromMS(start), fromMS(end), fromMS(closes), fromMS(created)
	e.State = events.EventState(state)
	return e, err
}

func (s *EventStore) oneEvent(ctx context.Context, where string, args ...any) (events.Event, bool, error) {
	e, err := scanEvent(s.db.q(ctx).QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return events.Event{}, false, nil
	}
	if err != nil {
		return events.Event{}, false, err
	}
	return e, true, nil
}

// AddEvent stores e; a second event from the same source message returns
// the first.
func (s *EventStore) AddEvent(ctx context.Context, e events.Event) (events.Event, bool, error) {
	if prev, ok, err := s.oneEvent(ctx, `WHERE source = ?`, e.Source); err != nil || ok {
		if err != nil {
			return events.Event{}, false, fmt.Errorf("add event: %w", err)
		}
		return prev, false, nil
	}
	if err := s.db.q(ctx).QueryRowContext(ctx, `INSERT INTO events(community, no, group_name, title, place, starts_at,
		ends_at, closes_at, capacity, bring, points, state, created_by, created_at, source)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		e.Community, e.No, strings.Join(e.Groups, "\n"), e.Title, e.Place, ms(e.Start), ms(e.End), ms(e.Closes), e.Capacity,
		e.Bring, e.Points, int(e.State), e.CreatedBy, ms(e.Created), e.Source).Scan(&e.ID); err != nil {
		return events.Event{}, false, fmt.Errorf("add event %q: %w", e.Title, err)
	}
	return e, true, nil
}

// EventByNo finds a community's event by number.
func (s *EventStore) EventByNo(ctx context.Context, community string, no int) (events.Event, bool, error) {
	e, ok, err := s.oneEvent(ctx, `WHERE community = ? AND no = ?`, community, no)
	if err != nil {
		return e, false, fmt.Errorf("event #%d of %s: %w", no, community, err)
	}
	return e, ok, nil
}

// EventByID finds an event by id.
func (s *EventStore) EventByID(ctx context.Context, id int64) (events.Event, bool, error) {
	e, ok, err := s.oneEvent(ctx, `WHERE id = ?`, id)
	if err != nil {
		return e, false, fmt.Errorf("event %d: %w", id, err)
	}
	return e, ok, nil
}

// EventsEndingAfter lists a community's events that end after t, by start.
func (s *EventStore) EventsEndingAfter(ctx context.Context, community string, t time.Time) ([]events.Event, error) {
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT `+eventColumns+` FROM events
		WHERE community = ? AND ends_at > ? ORDER BY starts_at, no`, community, ms(t))
	out, err := collect(rows, err, scanEvent)
	if err != nil {
		return nil, fmt.Errorf("list events of %s: %w", community, err)
	}
	return out, nil
}

// SetEventState moves an event to st.
func (s *EventStore) SetEventState(ctx context.Context, id int64, st events.EventState) error {
	if _, err := s.db.q(ctx).ExecContext(ctx, `UPDATE events SET state = ? WHERE id = ?`, int(st), id); err != nil {
		return fmt.Errorf("set state of event %d: %w", id, err)
	}
	return nil
}

// MoveEvent sets an event's start, end and close of sign-ups.
func (s *EventStore) MoveEvent(ctx context.Context, id int64, start, end, closes time.Time) error {
	if _, err := s.db.q(ctx).ExecContext(ctx, `UPDATE events SET starts_at = ?, ends_at = ?, closes_at = ? WHERE id = ?`,
		ms(start), ms(end), ms(closes), id); err != nil {
		return fmt.Errorf("move event %d: %w", id, err)
	}
	return nil
}

// ReviseEvent sets an event's place, number of places and close of sign-ups.
func (s *EventStore) ReviseEvent(ctx context.Context, id int64, place string, capacity int, closes time.Time) error {
	if _, err := s.db.q(ctx).ExecContext(ctx, `UPDATE events SET place = ?, capacity = ?, closes_at = ? WHERE id = ?`,
		place, capacity, ms(closes), id); err != nil {
		return fmt.Errorf("revise event %d: %w", id, err)
	}
	return nil
}

const signUpColumns = `event_id, member_id, member_name, party, note, state, seq, signed_at, source`

func scanSignUp(sc interface{ Scan(...any) error }) (events.SignUp, error) {
	var su events.SignUp
	var state int
	var at int64
	err := sc.Scan(&su.EventID, &su.MemberID, &su.MemberName, &su.Party, &su.Note, &state, &su.Seq, &at, &su.Source)
	su.State, su.At = events.SignUpState(state), fromMS(at)
	return su, err
}

// SignUps lists an event's sign-ups that are in or waiting, in arrival
// order.
func (s *EventStore) SignUps(ctx context.Context, eventID int64) ([]events.SignUp, error) {
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT `+signUpColumns+` FROM event_signups
		WHERE event_id = ? AND state IN (?, ?) ORDER BY seq`, eventID, int(events.In), int(events.Waiting))
	out, err := collect(rows, err, scanSignUp)
	if err != nil {
		return nil, fmt.Errorf("sign-ups of event %d: %w", eventID, err)
	}
	return out, nil
}

// Tally counts the people with a place and the sign-ups waiting.
func (s *EventStore) Tally(ctx context.Context, eventID int64) (taken, waiting int, err error) {
	err = s.db.q(ctx).QueryRowContext(ctx, `SELECT coalesce(sum(CASE WHEN state = ? THEN party END), 0),
		count(CASE WHEN state = ? THEN 1 END) FROM event_signups WHERE event_id = ?`,
		int(events.In), int(events.Waiting), eventID).Scan(&taken, &waiting)
	if err != nil {
		return 0, 0, fmt.Errorf("count sign-ups of event %d: %w", eventID, err)
	}
	return taken, waiting, nil
}

// SignUpOf finds a member's sign-up, whatever its state.
func (s *EventStore) SignUpOf(ctx context.Context, eventID, memberID int64) (events.SignUp, bool, error) {
	su, err := scanSignUp(s.db.q(ctx).QueryRowContext(ctx, `SELECT `+signUpColumns+` FROM event_signups
		WHERE event_id = ? AND member_id = ?`, eventID, memberID))
	if errors.Is(err, sql.ErrNoRows) {
		return events.SignUp{}, false, nil
	}
	if err != nil {
		return events.SignUp{}, false, fmt.Errorf("sign-up of member %d for event %d: %w", memberID, eventID, err)
	}
	return su, true, nil
}

// PutSignUp records a sign-up at the end of the event's arrival order,
// renewing a withdrawn one.
func (s *EventStore) PutSignUp(ctx context.Context, su events.SignUp) (events.SignUp, error) {
	err := s.db.q(ctx).QueryRowContext(ctx, `INSERT INTO event_signups(event_id, member_id, member_name, party, note,
		state, seq, signed_at, updated_at, source)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT coalesce(max(seq), 0) + 1 FROM event_signups WHERE event_id = ?1), ?7, ?7, ?8)
		ON CONFLICT(event_id, member_id) DO UPDATE SET member_name = excluded.member_name, party = excluded.party,
			note = excluded.note, state = excluded.state, seq = excluded.seq, signed_at = excluded.signed_at,
			updated_at = excluded.updated_at, source = excluded.source, reminded_eve = NULL, reminded_hour = NULL
		RETURNING seq`,
		su.EventID, su.MemberID, su.MemberName, su.Party, su.Note, int(su.State), ms(su.At), su.Source).Scan(&su.Seq)
	if err != nil {
		return events.SignUp{}, fmt.Errorf("sign up member %d for event %d: %w", su.MemberID, su.EventID, err)
	}
	return su, nil
}

// SetSignUpState moves a sign-up to st, keeping its place in the order.
func (s *EventStore) SetSignUpState(ctx context.Context, eventID, memberID int64, st events.SignUpState, at time.Time) error {
	if _, err := s.db.q(ctx).ExecContext(ctx, `UPDATE event_signups SET state = ?, updated_at = ?
		WHERE event_id = ? AND member_id = ?`, int(st), ms(at), eventID, memberID); err != nil {
		return fmt.Errorf("set sign-up state of member %d for event %d: %w", memberID, eventID, err)
	}
	return nil
}

// SetSignUpParty changes how many people a sign-up is for, keeping its
// state and its place in the order.
func (s *EventStore) SetSignUpParty(ctx context.Context, eventID, memberID int64, party int, at time.Time) error {
	if _, err := s.db.q(ctx).ExecContext(ctx, `UPDATE event_signups SET party = ?, updated_at = ?
		WHERE event_id = ? AND member_id = ?`, party, ms(at), eventID, memberID); err != nil {
		return fmt.Errorf("set party of member %d for event %d: %w", memberID, eventID, err)
	}
	return nil
}

// MarkReminded records a reminder as sent, once.
func (s *EventStore) MarkReminded(ctx context.Context, eventID, memberID int64, kind events.ReminderKind, at time.Time) (bool, error) {
	col := "reminded_eve"
	if kind == events.HourBefore {
		col = "reminded_hour"
	}
	res, err := s.db.q(ctx).ExecContext(ctx, `UPDATE event_signups SET `+col+` = ?
		WHERE event_id = ? AND member_id = ? AND `+col+` IS NULL`, ms(at), eventID, memberID)
	if err != nil {
		return false, fmt.Errorf("mark %s reminder of member %d for event %d: %w", kind, memberID, eventID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("mark %s reminder of member %d for event %d: %w", kind, memberID, eventID, err)
	}
	return n == 1, nil
}

// AddAttendance records that a member came, once.
func (s *EventStore) AddAttendance(ctx context.Context, eventID, memberID int64, at time.Time, source string) (bool, error) {
	return s.db.changedOne(ctx, fmt.Sprintf("record attendance of member %d at event %d", memberID, eventID), `INSERT INTO event_attendance(event_id, member_id, at, source)
		VALUES (?, ?, ?, ?) ON CONFLICT(event_id, member_id) DO NOTHING`, eventID, memberID, ms(at), source)
}

// Attended lists who signed in at an event.
func (s *EventStore) Attended(ctx context.Context, eventID int64) (map[int64]bool, error) {
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT member_id FROM event_attendance WHERE event_id = ?`, eventID)
	if err != nil {
		return nil, fmt.Errorf("attendance of event %d: %w", eventID, err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("attendance of event %d: %w", eventID, err)
		}
		out[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("attendance of event %d: %w", eventID, err)
	}
	return out, nil
}

const pollColumns = `id, community, no, group_name, title, options, max_choices, deadline, anonymous, hide_results,
	posted_at, created_by, created_at, source`

func scanPoll(sc interface{ Scan(...any) error }) (events.Poll, error) {
	var p events.Poll
	var options string
	var deadline, created int64
	var posted sql.NullInt64
	var groups string
	err := sc.Scan(&p.ID, &p.Community, &p.No, &groups, &p.Title, &options, &p.MaxChoices, &deadline,
		&p.Anonymous, &p.HideResults, &posted, &p.CreatedBy, &created, &p.Source)
	p.Options = strings.Split(options, "\n")
	p.Groups = strings.Split(groups, "\n")
	p.Deadline, p.Created = fromMS(deadline), fromMS(created)
	if posted.Valid {
		p.Posted = fromMS(posted.Int64)
	}
	return p, err
}

func (s *EventStore) onePoll(ctx context.Context, where string, args ...any) (events.Poll, bool, error) {
	p, err := scanPoll(s.db.q(ctx).QueryRowContext(ctx, `SELECT `+pollColumns+` FROM polls `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return events.Poll{}, false, nil
	}
	if err != nil {
		return events.Poll{}, false, err
	}
	return p, true, nil
}

// AddPoll stores p; a second poll from the same source returns the first.
func (s *EventStore) AddPoll(ctx context.Context, p events.Poll) (events.Poll, bool, error) {
	if prev, ok, err := s.onePoll(ctx, `WHERE source = ?`, p.Source); err != nil || ok {
		if err != nil {
			return events.Poll{}, false, fmt.Errorf("add poll: %w", err)
		}
		return prev, false, nil
	}
	if err := s.db.q(ctx).QueryRowContext(ctx, `INSERT INTO polls(community, no, group_name, title, options, max_choices,
		deadline, anonymous, hide_results, created_by, created_at, source)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.Community, p.No, strings.Join(p.Groups, "\n"), p.Title, strings.Join(p.Options, "\n"), p.MaxChoices, ms(p.Deadline),
		p.Anonymous, p.HideResults, p.CreatedBy, ms(p.Created), p.Source).Scan(&p.ID); err != nil {
		return events.Poll{}, false, fmt.Errorf("add poll %q: %w", p.Title, err)
	}
	return p, true, nil
}

// PollByNo finds a community's poll by number.
func (s *EventStore) PollByNo(ctx context.Context, community string, no int) (events.Poll, bool, error) {
	p, ok, err := s.onePoll(ctx, `WHERE community = ? AND no = ?`, community, no)
	if err != nil {
		return p, false, fmt.Errorf("poll #%d of %s: %w", no, community, err)
	}
	return p, ok, nil
}

// PollByID finds a poll by id.
func (s *EventStore) PollByID(ctx context.Context, id int64) (events.Poll, bool, error) {
	p, ok, err := s.onePoll(ctx, `WHERE id = ?`, id)
	if err != nil {
		return p, false, fmt.Errorf("poll %d: %w", id, err)
	}
	return p, ok, nil
}

// OpenPolls lists a community's polls still taking votes at now.
func (s *EventStore) OpenPolls(ctx context.Context, community string, now time.Time) ([]events.Poll, error) {
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT `+pollColumns+` FROM polls
		WHERE community = ? AND deadline > ? ORDER BY no`, community, ms(now))
	out, err := collect(rows, err, scanPoll)
	if err != nil {
		return nil, fmt.Errorf("open polls of %s: %w", community, err)
	}
	return out, nil
}

// ClosePoll moves a poll's deadline to at when it is still later.
func (s *EventStore) ClosePoll(ctx context.Context, pollID int64, at time.Time) (bool, error) {
	return s.db.changedOne(ctx, fmt.Sprintf("close poll %d", pollID), `UPDATE polls SET deadline = ? WHERE id = ? AND deadline > ?`, ms(at), pollID, ms(at))
}

// MarkPosted records that a poll's result went out, once.
func (s *EventStore) MarkPosted(ctx context.Context, pollID int64, at time.Time) (bool, error) {
	return s.db.changedOne(ctx, fmt.Sprintf("mark result of poll %d posted", pollID), `UPDATE polls SET posted_at = ? WHERE id = ? AND posted_at IS NULL`, ms(at), pollID)
}

// PutBallot stores a member's ballot, replacing an earlier one but keeping
// its place in the order of first votes.
func (s *EventStore) PutBallot(ctx context.Context, b events.Ballot) (bool, error) {
	_, had, err := s.BallotOf(ctx, b.PollID, b.MemberID)
	if err != nil {
		return false, err
	}
	_, err = s.db.q(ctx).ExecContext(ctx, `INSERT INTO poll_ballots(poll_id, member_id, member_name, choices, cast_at, updated_at, source)
		VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)
		ON CONFLICT(poll_id, member_id) DO UPDATE SET member_name = excluded.member_name, choices = excluded.choices,
			updated_at = excluded.updated_at, source = excluded.source`,
		b.PollID, b.MemberID, b.MemberName, joinInts(b.Choices), ms(b.At), b.Source)
	if err != nil {
		return false, fmt.Errorf("store ballot of member %d in poll %d: %w", b.MemberID, b.PollID, err)
	}
	return had, nil
}

const ballotColumns = `poll_id, member_id, member_name, choices, updated_at, source`

func scanBallot(sc interface{ Scan(...any) error }) (events.Ballot, error) {
	var b events.Ballot
	var choices string
	var at int64
	if err := sc.Scan(&b.PollID, &b.MemberID, &b.MemberName, &choices, &at, &b.Source); err != nil {
		return b, err
	}
	b.At = fromMS(at)
	b.Choices = splitInts(choices)
	return b, nil
}

// BallotOf finds a member's ballot.
func (s *EventStore) BallotOf(ctx context.Context, pollID, memberID int64) (events.Ballot, bool, error) {
	b, err := scanBallot(s.db.q(ctx).QueryRowContext(ctx, `SELECT `+ballotColumns+` FROM poll_ballots
		WHERE poll_id = ? AND member_id = ?`, pollID, memberID))
	if errors.Is(err, sql.ErrNoRows) {
		return events.Ballot{}, false, nil
	}
	if err != nil {
		return events.Ballot{}, false, fmt.Errorf("ballot of member %d in poll %d: %w", memberID, pollID, err)
	}
	return b, true, nil
}

// Ballots lists a poll's ballots in the order they were first cast.
func (s *EventStore) Ballots(ctx context.Context, pollID int64) ([]events.Ballot, error) {
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT `+ballotColumns+` FROM poll_ballots WHERE poll_id = ? ORDER BY rowid`, pollID)
	out, err := collect(rows, err, scanBallot)
	if err != nil {
		return nil, fmt.Errorf("ballots of poll %d: %w", pollID, err)
	}
	return out, nil
}
