package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"linli/bot"
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

// Names are read from members, so a volunteer or a requester is shown by
// the name linli shows for them now (「王芳(2)」), not the one they had
// when the row was written.
const volunteerCols = `member_id, community, coalesce((SELECT m.name FROM members m WHERE m.id = member_id), name) AS name, skills, avail, estate, building, weekly_cap, status, text, created_at, updated_at`

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

// Volunteer returns a profile or bot.ErrNotFound.
func (s *VolunteerStore) Volunteer(ctx context.Context, community string, memberID int64) (volunteer.Volunteer, error) {
	row := s.db.q(ctx).QueryRowContext(ctx, `SELECT `+volunteerCols+` FROM volunteers WHERE member_id = ? AND community = ?`, memberID, community)
	v, err := scanVolunteer(row)
	if errors.Is(err, sql.ErrNoRows) {
		return v, bot.ErrNotFound
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
		return bot.ErrNotFound
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

const volunteerTaskCols = `id, community, chat, requester_id,
	coalesce((SELECT m.name FROM members m WHERE m.id = requester_id), requester), category, what, text, win_start, win_end, estate, building,
	building_word, unit, room, landmark, urgent, phone, health, state, volunteer_id,
	coalesce((SELECT m.name FROM members m WHERE m.id = volunteer_id), volunteer), created_at, assigned_at,
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

// Task returns a task or bot.ErrNotFound.
func (s *VolunteerStore) Task(ctx context.Context, id int64) (volunteer.Task, error) {
	t, err := scanVolunteerTask(s.db.q(ctx).QueryRowContext(ctx, `SELECT `+volunteerTaskCols+` FROM volunteer_tasks WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, bot.ErrNotFound
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
	return s.db.changedOne(ctx, fmt.Sprintf("update task %d", t.ID), `UPDATE volunteer_tasks SET state = ?, volunteer_id = ?, volunteer = ?,
		assigned_at = ?, done_at = ?, closed_at = ?, hours = ?, rating = ?, note = ?
		WHERE id = ? AND state = ?`,
		string(t.State), t.VolunteerID, t.Volunteer, volunteerMS(t.AssignedAt), volunteerMS(t.DoneAt), volunteerMS(t.ClosedAt),
		t.Hours, t.Rating, t.Note, t.ID, string(from))
}

// AmendTask writes the request's fields when the task is still in from.
func (s *VolunteerStore) AmendTask(ctx context.Context, t volunteer.Task, from volunteer.State) (bool, error) {
	return s.db.changedOne(ctx, fmt.Sprintf("amend task %d", t.ID), `UPDATE volunteer_tasks SET category = ?, what = ?, text = ?, win_start = ?, win_end = ?,
		estate = ?, building = ?, building_word = ?, unit = ?, room = ?, landmark = ?, urgent = ?, phone = ?, health = ?
		WHERE id = ? AND state = ?`,
		string(t.Category), t.What, t.Text, volunteerMS(t.Window.Start), volunteerMS(t.Window.End), t.Place.Estate, t.Place.Building,
		t.Place.BuildingWord, t.Place.Unit, t.Place.Room, t.Place.Landmark, volunteerFlag(t.Urgent), t.Phone, volunteerFlag(t.Health),
		t.ID, string(from))
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
			rows.Close()
			return nil, fmt.Errorf("volunteer loads: %w", err)
		}
		out[id] = l
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("volunteer loads: %w", err)
	}
	// A task handed back still took one of the week's places.
	hb, err := s.db.q(ctx).QueryContext(ctx, `SELECT member_id, count(*) FROM volunteer_handbacks
		WHERE community = ? AND at >= ? GROUP BY member_id`, community, since7)
	if err != nil {
		return nil, fmt.Errorf("volunteer hand-backs: %w", err)
	}
	defer hb.Close()
	for hb.Next() {
		var id int64
		var n int
		if err := hb.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("volunteer hand-backs: %w", err)
		}
		l := out[id]
		l.Week += n
		l.HandedBack = n
		out[id] = l
	}
	return out, hb.Err()
}

// RecordHandBack keeps a hand-back, once per message.
func (s *VolunteerStore) RecordHandBack(ctx context.Context, h volunteer.HandBack) error {
	_, err := s.db.q(ctx).ExecContext(ctx, `INSERT INTO volunteer_handbacks(task_id, member_id, community, at, source)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT(source, task_id) DO NOTHING`, h.TaskID, h.MemberID, h.Community, ms(h.At), h.Source)
	if err != nil {
		return fmt.Errorf("record hand-back of task %d: %w", h.TaskID, err)
	}
	return nil
}

// HandBacks counts a volunteer's hand-backs in a community since a time.
func (s *VolunteerStore) HandBacks(ctx context.Context, community string, memberID int64, since time.Time) (int, error) {
	var n int
	err := s.db.q(ctx).QueryRowContext(ctx, `SELECT count(*) FROM volunteer_handbacks WHERE community = ? AND member_id = ? AND at >= ?`,
		community, memberID, ms(since)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count hand-backs: %w", err)
	}
	return n, nil
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

// TotalsSince sums a volunteer's ledger lines dated at or after since.
func (s *VolunteerStore) TotalsSince(ctx context.Context, community string, memberID int64, since time.Time) (volunteer.Totals, error) {
	var t volunteer.Totals
	err := s.db.q(ctx).QueryRowContext(ctx, `SELECT count(*), COALESCE(SUM(hours),0), COALESCE(SUM(points),0)
		FROM volunteer_hours WHERE community = ? AND member_id = ? AND at >= ?`, community, memberID, ms(since)).Scan(&t.Tasks, &t.Hours, &t.Points)
	if err != nil {
		return t, fmt.Errorf("totals of %d since %s: %w", memberID, since.Format(time.DateOnly), err)
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
	return s.pendingAsk(ctx, community, memberID, `AND chat = ?`, chat)
}

// LatestPendingAsk returns a member's newest open question in any chat.
func (s *VolunteerStore) LatestPendingAsk(ctx context.Context, community string, memberID int64) (volunteer.PendingAsk, error) {
	return s.pendingAsk(ctx, community, memberID, `ORDER BY asked_at DESC LIMIT 1`)
}

// pendingAsk reads the first open question of a member that the rest of
// the query (a condition, an order) picks.
func (s *VolunteerStore) pendingAsk(ctx context.Context, community string, memberID int64, rest string, args ...any) (volunteer.PendingAsk, error) {
	p := volunteer.PendingAsk{Community: community, MemberID: memberID}
	var asked int64
	err := s.db.q(ctx).QueryRowContext(ctx, `SELECT chat, text, missing, asked_at, source_msg FROM volunteer_asks
		WHERE community = ? AND member_id = ? `+rest, append([]any{community, memberID}, args...)...).Scan(&p.Chat, &p.Text, &p.Missing, &asked, &p.SourceMsg)
	if errors.Is(err, sql.ErrNoRows) {
		return p, bot.ErrNotFound
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
