package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"linli/workflows/report"
	"linli/workflows/volunteer"
)

// VolunteerStore implements volunteer.Store: profiles, tasks, the hours
// ledger and pending clarifying questions.
type VolunteerStore struct{ db *DB }

// NewVolunteerStore returns the volunteer store over db.
func NewVolunteerStore(db *DB) *VolunteerStore { return &VolunteerStore{db: db} }

var _ volunteer.Store = (*VolunteerStore)(nil)

func joinSkills(s []volunteer.Skill) string {
	out := make([]string, len(s))
	for i, k := range s {
		out[i] = string(k)
	}
	return strings.Join(out, ",")
}

func splitSkills(s string) []volunteer.Skill {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	out := make([]volunteer.Skill, len(parts))
	for i, p := range parts {
		out[i] = volunteer.Skill(p)
	}
	return out
}

// SaveVolunteer creates or updates a profile.
func (s *VolunteerStore) SaveVolunteer(ctx context.Context, v volunteer.Volunteer) (bool, error) {
	var n int
	if err := s.db.q(ctx).QueryRowContext(ctx, `SELECT count(*) FROM volunteers WHERE member_id = ? AND community = ?`,
		v.MemberID, v.Community).Scan(&n); err != nil {
		return false, fmt.Errorf("save volunteer %d: %w", v.MemberID, err)
	}
	_, err := s.db.q(ctx).ExecContext(ctx, `INSERT INTO volunteers
		(member_id, community, name, skills, avail, estate, building, weekly_cap, status, text, created_at, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT(member_id, community) DO UPDATE SET name = excluded.name, skills = excluded.skills,
			avail = excluded.avail, estate = excluded.estate, building = excluded.building,
			weekly_cap = excluded.weekly_cap, status = excluded.status, text = excluded.text,
			updated_at = excluded.updated_at`,
		v.MemberID, v.Community, v.Name, joinSkills(v.Skills), int(v.Avail), v.Estate, v.Building, v.WeeklyCap,
		string(v.Status), v.Text, ms(v.CreatedAt), ms(v.UpdatedAt))
	if err != nil {
		return false, fmt.Errorf("save volunteer %d: %w", v.MemberID, err)
	}
	return n == 0, nil
}

const volunteerCols = `member_id, community, name, skills, avail, estate, building, weekly_cap, status, text, created_at, updated_at`

func scanVolunteer(sc interface{ Scan(...any) error }) (volunteer.Volunteer, error) {
	var v volunteer.Volunteer
	var skills, status string
	var avail int
	var created, updated int64
	if err := sc.Scan(&v.MemberID, &v.Community, &v.Name, &skills, &avail, &v.Estate, &v.Building, &v.WeeklyCap,
		&status, &v.Text, &created, &updated); err != nil {
		return v, err
	}
	v.Skills, v.Avail, v.Status = splitSkills(skills), volunteer.Availability(avail), volunteer.Status(status)
	v.CreatedAt, v.UpdatedAt = fromMS(created), fromMS(updated)
	return v, nil
}

// Volunteer returns a profile or volunteer.ErrNotFound.
func (s *VolunteerStore) Volunteer(ctx context.Context, community string, memberID int64) (volunteer.Volunteer, error) {
	row := s.db.q(ctx).QueryRowContext(ctx, `SELECT `+volunteerCols+` FROM volunteers WHERE member_id = ? AND community = ?`, memberID, community)
	v, err := scanVolunteer(row)
	if errors.Is(err, sql.ErrNoRows) {
		return v, volunteer.ErrNotFound
	}
	if err != nil {
		return v, fmt.Errorf("volunteer %d: %w", memberID, err)
	}
	return v, nil
}

// Volunteers lists a community's volunteers by name.
func (s *VolunteerStore) Volunteers(ctx context.Context, community string) ([]volunteer.Volunteer, error) {
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT `+volunteerCols+` FROM volunteers WHERE community = ? ORDER BY name, member_id`, community)
	if err != nil {
		return nil, fmt.Errorf("list volunteers: %w", err)
	}
	defer rows.Close()
	var out []volunteer.Volunteer
	for rows.Next() {
		v, err := scanVolunteer(rows)
		if err != nil {
			return nil, fmt.Errorf("list volunteers: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// SetVolunteerStatus approves, pauses or resumes a volunteer.
func (s *VolunteerStore) SetVolunteerStatus(ctx context.Context, community string, memberID int64, st volunteer.Status, at time.Time) error {
	res, err := s.db.q(ctx).ExecContext(ctx, `UPDATE volunteers SET status = ?, updated_at = ? WHERE member_id = ? AND community = ?`,
		string(st), ms(at), memberID, community)
	if err != nil {
		return fmt.Errorf("set volunteer status %d: %w", memberID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return volunteer.ErrNotFound
	}
	return nil
}

func volunteerMS(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return ms(t)
}

func volunteerTime(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return fromMS(v)
}

func volunteerFlag(b bool) int {
	if b {
		return 1
	}
	return 0
}

// CreateTask stores a new task; the same source message finds the same
// task.
func (s *VolunteerStore) CreateTask(ctx context.Context, t volunteer.Task) (volunteer.Task, bool, error) {
	err := s.db.q(ctx).QueryRowContext(ctx, `INSERT INTO volunteer_tasks
		(community, chat, requester_id, requester, category, what, text, win_start, win_end, estate, building,
		 building_word, unit, room, landmark, urgent, phone, health, state, volunteer_id, volunteer, created_at, source_msg)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT(source_msg) DO NOTHING RETURNING id`,
		t.Community, t.Chat, t.RequesterID, t.Requester, string(t.Category), t.What, t.Text,
		volunteerMS(t.Window.Start), volunteerMS(t.Window.End), t.Place.Estate, t.Place.Building, t.Place.BuildingWord,
		t.Place.Unit, t.Place.Room, t.Place.Landmark, volunteerFlag(t.Urgent), t.Phone, volunteerFlag(t.Health),
		string(t.State), t.VolunteerID, t.Volunteer, ms(t.CreatedAt), t.SourceMsg).Scan(&t.ID)
	if errors.Is(err, sql.ErrNoRows) {
		row := s.db.q(ctx).QueryRowContext(ctx, `SELECT `+volunteerTaskCols+` FROM volunteer_tasks WHERE source_msg = ?`, t.SourceMsg)
		old, err := scanVolunteerTask(row)
		if err != nil {
			return t, false, fmt.Errorf("create task: find existing: %w", err)
		}
		return old, false, nil
	}
	if err != nil {
		return t, false, fmt.Errorf("create task: %w", err)
	}
	return t, true, nil
}

const volunteerTaskCols = `id, community, chat, requester_id, requester, category, what, text, win_start, win_end, estate, building,
	building_word, unit, room, landmark, urgent, phone, health, state, volunteer_id, volunteer, created_at, assigned_at,
	done_at, closed_at, hours, rating, note, source_msg`

func scanVolunteerTask(sc interface{ Scan(...any) error }) (volunteer.Task, error) {
	var t volunteer.Task
	var cat, state string
	var ws, we, created, assigned, done, closed int64
	var urgent, health int
	err := sc.Scan(&t.ID, &t.Community, &t.Chat, &t.RequesterID, &t.Requester, &cat, &t.What, &t.Text, &ws, &we,
		&t.Place.Estate, &t.Place.Building, &t.Place.BuildingWord, &t.Place.Unit, &t.Place.Room, &t.Place.Landmark,
		&urgent, &t.Phone, &health, &state, &t.VolunteerID, &t.Volunteer, &created, &assigned, &done, &closed,
		&t.Hours, &t.Rating, &t.Note, &t.SourceMsg)
	if err != nil {
		return t, err
	}
	t.Category, t.State = volunteer.Skill(cat), volunteer.State(state)
	t.Window = volunteer.Window{Start: volunteerTime(ws), End: volunteerTime(we)}
	t.Urgent, t.Health = urgent != 0, health != 0
	t.CreatedAt, t.AssignedAt, t.DoneAt, t.ClosedAt = fromMS(created), volunteerTime(assigned), volunteerTime(done), volunteerTime(closed)
	return t, nil
}

// Task returns a task or volunteer.ErrNotFound.
func (s *VolunteerStore) Task(ctx context.Context, id int64) (volunteer.Task, error) {
	t, err := scanVolunteerTask(s.db.q(ctx).QueryRowContext(ctx, `SELECT `+volunteerTaskCols+` FROM volunteer_tasks WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, volunteer.ErrNotFound
	}
	if err != nil {
		return t, fmt.Errorf("task %d: %w", id, err)
	}
	return t, nil
}

func (s *VolunteerStore) tasks(ctx context.Context, query string, args ...any) ([]volunteer.Task, error) {
	rows, err := s.db.q(ctx).QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []volunteer.Task
	for rows.Next() {
		t, err := scanVolunteerTask(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Tasks lists a community's tasks in the given states, oldest first.
func (s *VolunteerStore) Tasks(ctx context.Context, community string, states ...volunteer.State) ([]volunteer.Task, error) {
	q := `SELECT ` + volunteerTaskCols + ` FROM volunteer_tasks WHERE community = ?`
	args := []any{community}
	if len(states) > 0 {
		q += ` AND state IN (?` + strings.Repeat(",?", len(states)-1) + `)`
		for _, st := range states {
			args = append(args, string(st))
		}
	}
	out, err := s.tasks(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list tasks: %w", err)
	}
	return out, nil
}

// TasksOf lists a member's requested and assigned tasks, newest first.
func (s *VolunteerStore) TasksOf(ctx context.Context, community string, memberID int64, limit int) ([]volunteer.Task, error) {
	out, err := s.tasks(ctx, `SELECT `+volunteerTaskCols+` FROM volunteer_tasks
		WHERE community = ? AND (requester_id = ? OR volunteer_id = ?) ORDER BY id DESC LIMIT ?`,
		community, memberID, memberID, limit)
	if err != nil {
		return nil, fmt.Errorf("tasks of %d: %w", memberID, err)
	}
	return out, nil
}

// UpdateTask writes the lifecycle fields when the task is still in from.
func (s *VolunteerStore) UpdateTask(ctx context.Context, t volunteer.Task, from volunteer.State) (bool, error) {
	res, err := s.db.q(ctx).ExecContext(ctx, `UPDATE volunteer_tasks SET state = ?, volunteer_id = ?, volunteer = ?,
		assigned_at = ?, done_at = ?, closed_at = ?, hours = ?, rating = ?, note = ?
		WHERE id = ? AND state = ?`,
		string(t.State), t.VolunteerID, t.Volunteer, volunteerMS(t.AssignedAt), volunteerMS(t.DoneAt), volunteerMS(t.ClosedAt),
		t.Hours, t.Rating, t.Note, t.ID, string(from))
	if err != nil {
		return false, fmt.Errorf("update task %d: %w", t.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("update task %d: %w", t.ID, err)
	}
	return n == 1, nil
}

// Loads sums each volunteer's work: the last 30 and 7 days, completions,
// drops and ratings.
func (s *VolunteerStore) Loads(ctx context.Context, community string, now time.Time) (map[int64]volunteer.Load, error) {
	since30, since7 := ms(now.Add(-30*24*time.Hour)), ms(now.Add(-7*24*time.Hour))
	rows, err := s.db.q(ctx).QueryContext(ctx, `SELECT volunteer_id,
			SUM(CASE WHEN assigned_at >= ? THEN 1 ELSE 0 END),
			SUM(CASE WHEN assigned_at >= ? THEN hours ELSE 0 END),
			SUM(CASE WHEN assigned_at >= ? AND state NOT IN ('cancelled','closed') THEN 1 ELSE 0 END),
			SUM(CASE WHEN state IN ('done','confirmed') THEN 1 ELSE 0 END),
			SUM(CASE WHEN state IN ('cancelled','closed') AND done_at = 0 THEN 1 ELSE 0 END),
			SUM(CASE WHEN rating > 0 THEN rating ELSE 0 END),
			SUM(CASE WHEN rating > 0 THEN 1 ELSE 0 END)
		FROM volunteer_tasks WHERE community = ? AND volunteer_id != 0 GROUP BY volunteer_id`,
		since30, since30, since7, community)
	if err != nil {
		return nil, fmt.Errorf("volunteer loads: %w", err)
	}
	defer rows.Close()
	out := map[int64]volunteer.Load{}
	for rows.Next() {
		var id int64
		var l volunteer.Load
		if err := rows.Scan(&id, &l.Recent, &l.RecentHours, &l.Week, &l.Completed, &l.Dropped, &l.RatingSum, &l.RatingN); err != nil {
			return nil, fmt.Errorf("volunteer loads: %w", err)
		}
		out[id] = l
	}
	return out, rows.Err()
}

// RecordHours appends a ledger line, once per task.
func (s *VolunteerStore) RecordHours(ctx context.Context, h volunteer.HoursEntry) (bool, error) {
	res, err := s.db.q(ctx).ExecContext(ctx, `INSERT INTO volunteer_hours (task_id, member_id, community, category, hours, points, rating, at)
		VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(task_id) DO NOTHING`,
		h.TaskID, h.MemberID, h.Community, string(h.Category), h.Hours, h.Points, h.Rating, ms(h.At))
	if err != nil {
		return false, fmt.Errorf("record hours of task %d: %w", h.TaskID, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// TotalsOf sums a volunteer's ledger.
func (s *VolunteerStore) TotalsOf(ctx context.Context, community string, memberID int64) (volunteer.Totals, error) {
	var t volunteer.Totals
	err := s.db.q(ctx).QueryRowContext(ctx, `SELECT count(*), COALESCE(SUM(hours),0), COALESCE(SUM(points),0)
		FROM volunteer_hours WHERE community = ? AND member_id = ?`, community, memberID).Scan(&t.Tasks, &t.Hours, &t.Points)
	if err != nil {
		return t, fmt.Errorf("totals of %d: %w", memberID, err)
	}
	return t, nil
}

// SetPendingAsk stores (or replaces) a clarifying question.
func (s *VolunteerStore) SetPendingAsk(ctx context.Context, p volunteer.PendingAsk) error {
	_, err := s.db.q(ctx).ExecContext(ctx, `INSERT INTO volunteer_asks (community, chat, member_id, text, missing, asked_at, source_msg)
		VALUES (?,?,?,?,?,?,?) ON CONFLICT(community, chat, member_id) DO UPDATE SET text = excluded.text,
		missing = excluded.missing, asked_at = excluded.asked_at, source_msg = excluded.source_msg`,
		p.Community, p.Chat, p.MemberID, p.Text, p.Missing, ms(p.Asked), p.SourceMsg)
	if err != nil {
		return fmt.Errorf("save question: %w", err)
	}
	return nil
}

// PendingAsk returns the open question of a member in a chat.
func (s *VolunteerStore) PendingAsk(ctx context.Context, community, chat string, memberID int64) (volunteer.PendingAsk, error) {
	p := volunteer.PendingAsk{Community: community, Chat: chat, MemberID: memberID}
	var asked int64
	err := s.db.q(ctx).QueryRowContext(ctx, `SELECT text, missing, asked_at, source_msg FROM volunteer_asks
		WHERE community = ? AND chat = ? AND member_id = ?`, community, chat, memberID).Scan(&p.Text, &p.Missing, &asked, &p.SourceMsg)
	if errors.Is(err, sql.ErrNoRows) {
		return p, volunteer.ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("pending question: %w", err)
	}
	p.Asked = fromMS(asked)
	return p, nil
}

// ClearPendingAsk removes a question once answered.
func (s *VolunteerStore) ClearPendingAsk(ctx context.Context, community, chat string, memberID int64) error {
	_, err := s.db.q(ctx).ExecContext(ctx, `DELETE FROM volunteer_asks WHERE community = ? AND chat = ? AND member_id = ?`,
		community, chat, memberID)
	if err != nil {
		return fmt.Errorf("clear question: %w", err)
	}
	return nil
}

// ReportStore reads the monthly ledger (report.Store): volunteer tasks and
// hours from this workflow's tables, points from the shared points ledger
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

// Signups lists the sign-ups of events that started in [from, to), from
// the events store.
func (s *ReportStore) Signups(ctx context.Context, community string, from, to time.Time) ([]report.SignupRow, error) {
	rows, err := NewEventStore(s.db).Rosters(ctx, community, from, to)
	if err != nil {
		return nil, err
	}
	out := make([]report.SignupRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, report.SignupRow{Community: r.Community, Event: fmt.Sprintf("#%d %s", r.No, r.Title), Start: r.Start,
			Place: r.Place, Name: r.Name, Party: r.Party, Note: r.Note, State: r.State, Attended: r.Attended})
	}
	return out, nil
}
