package sqlstore

import (
	"context"
	"fmt"
	"time"

	"linli/workflows/events"
	"linli/workflows/report"
	"linli/workflows/volunteer"
)

// ReportStore is a read model across workflows: it reads the monthly
// ledger (report.Store): volunteer tasks and hours from the volunteer
// tables, sign-ups from the events tables, points from the shared points ledger
// and the check-in summary from the check-in tables.
type ReportStore struct{ db *DB }

// NewReportStore returns the ledger reader over db.
func NewReportStore(db *DB) *ReportStore { return &ReportStore{db: db} }

var _ report.Store = (*ReportStore)(nil)

// reportCommunity adds "AND col = ?" when community is set.
func reportCommunity(col, community string, args []any) (string, []any) {
	if community == "" {
		return "", args
	}
	return " AND " + col + " = ?", append(args, community)
}

// Tasks lists the tasks created in [from, to).
func (s *ReportStore) Tasks(ctx context.Context, community string, from, to time.Time) ([]report.TaskRow, error) {
	cond, args := reportCommunity("t.community", community, []any{ms(from), ms(to)})
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT t.id, t.community, t.category, t.state, t.requester, t.volunteer,
			t.created_at, COALESCE(h.at, 0), COALESCE(h.hours, 0), COALESCE(h.points, 0), t.rating
		FROM volunteer_tasks t LEFT JOIN volunteer_hours h ON h.task_id = t.id
		WHERE t.created_at >= ? AND t.created_at < ?`+cond+` ORDER BY t.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("report tasks: %w", err)
	}
	defer rows.Close()
	var out []report.TaskRow
	for rows.Next() {
		var r report.TaskRow
		var state string
		var created, confirmed int64
		if err := rows.Scan(&r.ID, &r.Community, &r.Category, &state, &r.Requester, &r.Volunteer, &created, &confirmed,
			&r.Hours, &r.Points, &r.Rating); err != nil {
			return nil, fmt.Errorf("report tasks: %w", err)
		}
		r.State, r.Created, r.Confirmed = volunteer.State(state).Label(), fromMS(created), volunteerTime(confirmed)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Hours sums each volunteer's hours confirmed in [from, to).
func (s *ReportStore) Hours(ctx context.Context, community string, from, to time.Time) ([]report.HoursRow, error) {
	cond, args := reportCommunity("h.community", community, []any{ms(from), ms(to)})
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT COALESCE(MAX(m.name), ''), h.community, count(*), SUM(h.hours), SUM(h.points),
			SUM(CASE WHEN h.rating > 0 THEN h.rating ELSE 0 END), SUM(CASE WHEN h.rating > 0 THEN 1 ELSE 0 END)
		FROM volunteer_hours h LEFT JOIN members m ON m.id = h.member_id
		WHERE h.at >= ? AND h.at < ?`+cond+`
		GROUP BY h.community, h.member_id ORDER BY SUM(h.hours) DESC, h.member_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("report hours: %w", err)
	}
	defer rows.Close()
	var out []report.HoursRow
	for rows.Next() {
		var r report.HoursRow
		if err := rows.Scan(&r.Name, &r.Community, &r.Tasks, &r.Hours, &r.Points, &r.RatingSum, &r.RatingN); err != nil {
			return nil, fmt.Errorf("report hours: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Points sums each resident's points earned and spent in [from, to).
func (s *ReportStore) Points(ctx context.Context, community string, from, to time.Time) ([]report.PointsRow, error) {
	cond, args := reportCommunity("p.community", community, []any{ms(from), ms(to)})
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT COALESCE(MAX(m.name), ''), p.community,
			SUM(CASE WHEN p.amount > 0 THEN p.amount ELSE 0 END), -SUM(CASE WHEN p.amount < 0 THEN p.amount ELSE 0 END)
		FROM points_ledger p LEFT JOIN members m ON m.id = p.member_id
		WHERE p.at >= ? AND p.at < ?`+cond+`
		GROUP BY p.community, p.member_id ORDER BY SUM(p.amount) DESC, p.member_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("report points: %w", err)
	}
	defer rows.Close()
	var out []report.PointsRow
	for rows.Next() {
		var r report.PointsRow
		if err := rows.Scan(&r.Name, &r.Community, &r.Earned, &r.Spent); err != nil {
			return nil, fmt.Errorf("report points: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Checkins summarises each challenge's check-ins made in [from, to).
func (s *ReportStore) Checkins(ctx context.Context, community string, from, to time.Time) ([]report.CheckinRow, error) {
	cond, args := reportCommunity("ch.community", community, []any{ms(from), ms(to)})
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT ch.community, ch.group_name, ch.name, COUNT(DISTINCT c.member_id),
			COUNT(*), SUM(c.makeup)
		FROM checkins c JOIN challenges ch ON ch.id = c.challenge_id
		WHERE c.at >= ? AND c.at < ?`+cond+`
		GROUP BY ch.id ORDER BY ch.community, ch.group_name, ch.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("report check-ins: %w", err)
	}
	defer rows.Close()
	var out []report.CheckinRow
	for rows.Next() {
		var r report.CheckinRow
		if err := rows.Scan(&r.Community, &r.Group, &r.Challenge, &r.Participants, &r.Checkins, &r.Makeups); err != nil {
			return nil, fmt.Errorf("report check-ins: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Signups lists every sign-up of the events that start in [from, to);
// community "" means every community. Events come by start, sign-ups in
// arrival order. Names only: never a phone number or an address.
func (s *ReportStore) Signups(ctx context.Context, community string, from, to time.Time) ([]report.SignupRow, error) {
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT e.community, e.no, e.title, e.starts_at, e.place, e.state,
			u.member_name, u.party, u.note, u.state, a.member_id IS NOT NULL
		FROM events e JOIN event_signups u ON u.event_id = e.id
		LEFT JOIN event_attendance a ON a.event_id = u.event_id AND a.member_id = u.member_id
		WHERE (? = '' OR e.community = ?) AND e.starts_at >= ? AND e.starts_at < ?
		ORDER BY e.starts_at, e.id, u.seq`, community, community, ms(from), ms(to))
	if err != nil {
		return nil, fmt.Errorf("report sign-ups: %w", err)
	}
	defer rows.Close()
	var out []report.SignupRow
	for rows.Next() {
		var r report.SignupRow
		var no int
		var title string
		var start int64
		var eventState, state int
		if err := rows.Scan(&r.Community, &no, &title, &start, &r.Place, &eventState,
			&r.Name, &r.Party, &r.Note, &state, &r.Attended); err != nil {
			return nil, fmt.Errorf("report sign-ups: %w", err)
		}
		r.Event = fmt.Sprintf("#%d %s", no, title)
		r.Start = fromMS(start)
		r.State = events.StateLabel(events.EventState(eventState), events.SignUpState(state))
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("report sign-ups: %w", err)
	}
	return out, nil
}
