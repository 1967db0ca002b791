package console

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"html/template"
	"math/bits"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"linli/bot"
	"linli/timeexpr"
	"linli/workflows/checkin"
	"linli/workflows/points"
	"linli/workflows/reminders"
	"linli/workflows/report"
	"linli/workflows/volunteer"
)

// participationDays is how many days the participation chart covers.
const participationDays = 21

// Overview is the 概览 page's figures for the communities shown.
type Overview struct {
	Day            string
	Groups         []GroupCount
	CheckedIn      int
	Chart          template.HTML
	Streaks        template.HTML
	StreakTotal    int
	Tasks          []StateCount
	OpenTasks      int
	RemindersToday []ReminderDue
	Outbox         int
	Bot            BotStatus
}

// StateCount is the number of tasks in one state.
type StateCount struct {
	State volunteer.State
	Label string
	Count int
}

// ReminderDue is a reminder firing later today.
type ReminderDue struct {
	Community string
	No        int
	At        time.Time
	Text      string
	Groups    string
}

// boardStates are the task board's columns, in the lifecycle's order.
var boardStates = []volunteer.State{volunteer.Open, volunteer.Assigned, volunteer.Done, volunteer.Confirmed, volunteer.Closed}

// BuildOverview reads the overview of communities at now.
func (s *Server) BuildOverview(ctx context.Context, communities []string, now time.Time) (Overview, error) {
	var o Overview
	counts := map[int64]int{}
	var lengths []int
	tasks := map[string]int{}
	for _, c := range communities {
		loc := s.d.Directory.Location(c)
		today := int64(checkin.DayOf(now, loc, s.d.DayStartHour))
		o.Day = checkin.Day(today).String()
		g, err := s.d.Reads.GroupCheckins(ctx, c, today)
		if err != nil {
			return o, fmt.Errorf("overview of %s: %w", c, err)
		}
		o.Groups = append(o.Groups, g...)
		masks, err := s.d.Reads.DayMasks(ctx, c, today)
		if err != nil {
			return o, fmt.Errorf("overview of %s: %w", c, err)
		}
		for _, m := range masks {
			for i := range participationDays {
				if m&(1<<i) != 0 {
					counts[-int64(i)]++
				}
			}
			if n := currentStreak(m); n > 0 {
				lengths = append(lengths, n)
			}
		}
		ts, err := s.d.Reads.TaskStates(ctx, c)
		if err != nil {
			return o, fmt.Errorf("overview of %s: %w", c, err)
		}
		for k, v := range ts {
			tasks[k] += v
		}
		due, err := s.remindersToday(ctx, c, now)
		if err != nil {
			return o, err
		}
		o.RemindersToday = append(o.RemindersToday, due...)
	}
	for _, g := range o.Groups {
		o.CheckedIn += g.CheckedIn
	}
	var bars []bar
	for i := -participationDays + 1; i <= 0; i++ {
		d := checkin.DayOf(now, s.d.Directory.DefaultLocation, s.d.DayStartHour) + checkin.Day(i)
		bars = append(bars, bar{Label: strconv.Itoa(d.Date().Day()), Value: counts[int64(i)]})
	}
	o.Chart = barChart("近21天每日打卡人次", bars)
	o.Streaks, o.StreakTotal = streakChart(lengths)
	for _, st := range boardStates {
		o.Tasks = append(o.Tasks, StateCount{State: st, Label: st.Label(), Count: tasks[string(st)]})
	}
	o.OpenTasks = tasks[string(volunteer.Open)] + tasks[string(volunteer.Assigned)] + tasks[string(volunteer.Done)]
	depth, err := s.d.Outbox.Depth(ctx)
	if err != nil {
		return o, fmt.Errorf("overview: %w", err)
	}
	o.Outbox = depth
	if s.d.Bot != nil {
		o.Bot = s.d.Bot()
	}
	return o, nil
}

// currentStreak is the run of days ending today, or yesterday when today's
// check-in has not come yet, in a day mask (bit 0 today).
func currentStreak(mask uint64) int {
	if mask&1 == 0 {
		mask >>= 1
	}
	return bits.TrailingZeros64(^mask)
}

// remindersToday lists a community's active reminders that fire between
// now and the end of its day.
func (s *Server) remindersToday(ctx context.Context, community string, now time.Time) ([]ReminderDue, error) {
	rs, err := s.d.Reminders.Reminders(ctx, community)
	if err != nil {
		return nil, fmt.Errorf("reminders of %s: %w", community, err)
	}
	loc := s.d.Directory.Location(community)
	local := now.In(loc)
	end := time.Date(local.Year(), local.Month(), local.Day()+1, 0, 0, 0, 0, loc)
	var out []ReminderDue
	for _, r := range rs {
		if r.State != reminders.Active {
			continue
		}
		e := r.Schedule(loc)
		for t := e.Next(now); !t.IsZero() && t.Before(end); t = e.Next(t) {
			out = append(out, ReminderDue{Community: community, No: r.No, At: t, Text: r.Text, Groups: strings.Join(r.Groups, "、")})
		}
	}
	return out, nil
}

func (s *Server) overview(w http.ResponseWriter, r *http.Request) {
	all, _ := s.scope(r)
	shown := all
	if c := r.FormValue("c"); c != "" && slices.Contains(all, c) {
		shown = []string{c}
	}
	o, err := s.BuildOverview(r.Context(), shown, s.d.Clock.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	community := ""
	if len(shown) == 1 {
		community = shown[0]
	}
	s.render(w, r, http.StatusOK, "overview", view{Title: "概览", Nav: "overview", Communities: all, Community: community, Data: o})
}

// volunteerData is the 志愿 page.
type volunteerData struct {
	Columns    []column
	Volunteers []volunteer.Volunteer
	Active     []string
	Month      string
}

type column struct {
	Label string
	Tasks []volunteer.Task
	Open  bool
}

func (s *Server) volunteerPage(w http.ResponseWriter, r *http.Request) {
	s.showVolunteer(w, r, nil)
}

func (s *Server) showVolunteer(w http.ResponseWriter, r *http.Request, notes []string) {
	all, c := s.scope(r)
	ctx := r.Context()
	tasks, err := s.d.Volunteers.Tasks(ctx, c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	vols, err := s.d.Volunteers.Volunteers(ctx, c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := volunteerData{Volunteers: vols, Month: s.d.Clock.Now().In(s.d.Directory.Location(c)).Format("2006-01")}
	for _, v := range vols {
		if v.Status == volunteer.Active {
			d.Active = append(d.Active, v.Name)
		}
	}
	for _, st := range boardStates {
		col := column{Label: st.Label(), Open: st == volunteer.Open}
		for _, t := range tasks {
			if t.State == st || (st == volunteer.Closed && t.State == volunteer.Cancelled) {
				col.Tasks = append(col.Tasks, t)
			}
		}
		slices.Reverse(col.Tasks) // newest first
		d.Columns = append(d.Columns, col)
	}
	s.render(w, r, http.StatusOK, "volunteer", view{Title: "志愿", Nav: "volunteer", Communities: all, Community: c, Notes: notes, Data: d})
}

// volunteerCommands are the 志愿 page's forms as chat commands: 派单,
// 关闭, 批准志愿者 and 暂停志愿者.
var volunteerCommands = commands{
	"dispatch": func(f fields) string { return fmt.Sprintf("派单 #%s %s", f("task"), f("name")) },
	"close":    func(f fields) string { return fmt.Sprintf("关闭 #%s %s", f("task"), f("reason")) },
	"approve":  func(f fields) string { return "批准志愿者 " + f("name") },
	"pause":    func(f fields) string { return "暂停志愿者 " + f("name") },
}

// act runs a chat command for the signed-in user in the community picked
// and returns what the chat would have answered them.
func (s *Server) act(w http.ResponseWriter, r *http.Request, text string) ([]string, bool) {
	_, c := s.scope(r)
	g := sessionOf(r.Context()).Grant
	m := bot.Member{ID: g.MemberID, Name: g.Name, Community: c, Role: bot.Coordinator}
	if g.MemberID != 0 {
		// The member's role now, not at login: a coordinator removed since
		// is refused by the router, as in chat.
		var err error
		if m, err = s.d.Members.MemberByID(r.Context(), g.MemberID, c); err != nil {
			s.fail(w, r, err)
			return nil, false
		}
	}
	// The form's CSRF token is fresh per session; with the form's own
	// nonce it keys the action, so a double-click acts once.
	id := "console:" + hashSecret(sessionOf(r.Context()).Hash + r.PostFormValue("nonce"))[:32]
	if r.PostFormValue("nonce") == "" {
		id = ""
	}
	notes, err := s.d.Router.Act(r.Context(), m, c, text, id)
	switch {
	case errors.Is(err, bot.ErrActedBefore):
		return []string{"这个操作已经提交过了。"}, true
	case err != nil:
		s.fail(w, r, err)
		return nil, false
	}
	return notes, true
}

// ledger sends the month's 台账 as the export command writes it.
func (s *Server) ledger(w http.ResponseWriter, r *http.Request) {
	_, c := s.scope(r)
	loc := s.d.Directory.Location(c)
	month := r.FormValue("month")
	if _, _, err := report.ParseMonth(month, loc); err != nil {
		month = s.d.Clock.Now().In(loc).Format("2006-01")
	}
	rep, err := report.Build(r.Context(), s.d.Report, c, month, loc)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := report.FileName(c, rep.Month)
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	if err := rep.WriteXLSX(w); err != nil {
		s.d.Log.Error("write ledger", "err", err)
	}
}

// remindersData is the 提醒 page.
type remindersData struct {
	List    []reminderRow
	Groups  []string
	When    string
	Text    string
	Target  string
	Preview []time.Time
	Desc    string
	Problem string
}

type reminderRow struct {
	reminders.Reminder
	Next   []time.Time
	Paused bool
}

func (s *Server) remindersPage(w http.ResponseWriter, r *http.Request) {
	s.showReminders(w, r, nil)
}

func (s *Server) showReminders(w http.ResponseWriter, r *http.Request, notes []string) {
	all, c := s.scope(r)
	loc := s.d.Directory.Location(c)
	now := s.d.Clock.Now().In(loc)
	rs, err := s.d.Reminders.Reminders(r.Context(), c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := remindersData{Groups: s.d.Directory.Groups(c), When: r.FormValue("when"), Text: r.FormValue("text"), Target: r.FormValue("target")}
	for _, rm := range rs {
		row := reminderRow{Reminder: rm, Paused: rm.State == reminders.Paused}
		if rm.State == reminders.Active {
			row.Next = rm.Schedule(loc).NextN(now, 3)
		}
		d.List = append(d.List, row)
	}
	if d.When != "" && notes == nil {
		// The preview reads the time as the 提醒 command will.
		e, _, err := timeexpr.Leading(d.When, now, loc)
		var pe *timeexpr.Error
		switch {
		case errors.As(err, &pe):
			d.Problem = pe.Msg
		case err != nil:
			s.fail(w, r, err)
			return
		case e.Kind == timeexpr.Window:
			d.Problem = "「" + e.Desc + "」是一个时间段，提醒需要具体到几点。"
		default:
			d.Desc, d.Preview = e.Desc, e.NextN(now, 3)
			if len(d.Preview) == 0 {
				d.Problem = "这个时间已经过去了。"
			}
		}
	}
	s.render(w, r, http.StatusOK, "reminders", view{Title: "提醒", Nav: "reminders", Communities: all, Community: c, Notes: notes, Data: d})
}

// reminderCommands are the 提醒 page's forms as chat commands.
var reminderCommands = commands{
	"create": func(f fields) string {
		target := ""
		if g := f("target"); g != "" {
			target = "@" + g + " "
		}
		return "提醒 " + target + f("when") + " " + f("text")
	},
	"pause":  func(f fields) string { return "暂停提醒 #" + f("no") },
	"resume": func(f fields) string { return "恢复提醒 #" + f("no") },
	"delete": func(f fields) string { return "删除提醒 #" + f("no") },
}

// auditFilter reads the audit page's filter from the query.
func (s *Server) auditFilter(r *http.Request, limit int) (AuditFilter, []string) {
	all, _ := s.scope(r)
	g := sessionOf(r.Context()).Grant
	f := AuditFilter{All: g.Role != Coordinator, Communities: all, Action: r.FormValue("action"), Text: strings.TrimSpace(r.FormValue("q")), Limit: limit}
	if c := r.FormValue("c"); c != "" && slices.Contains(all, c) {
		f.All, f.Communities = false, []string{c}
	}
	loc := s.d.Directory.DefaultLocation
	if t, err := time.ParseInLocation("2006-01-02", r.FormValue("from"), loc); err == nil {
		f.From = t
	}
	if t, err := time.ParseInLocation("2006-01-02", r.FormValue("to"), loc); err == nil {
		f.To = t.AddDate(0, 0, 1)
	}
	return f, all
}

// auditActions are the actions the filter offers.
var auditActions = []string{"command", "refused", "role", "console login", "console login refused", "pairing refused"}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	f, all := s.auditFilter(r, 200)
	rows, err := s.d.Reads.Audit(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "audit", view{Title: "审计", Nav: "audit", Communities: all, Community: r.FormValue("c"), Data: map[string]any{
		"Rows": rows, "Actions": auditActions, "Action": f.Action, "Q": f.Text, "From": r.FormValue("from"), "To": r.FormValue("to"),
		"Query": r.URL.RawQuery,
	}})
}

func (s *Server) auditCSV(w http.ResponseWriter, r *http.Request) {
	f, _ := s.auditFilter(r, 100000)
	rows, err := s.d.Reads.Audit(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape("审计日志.csv"))
	w.Write([]byte("\ufeff")) // Excel reads UTF-8 only with the mark
	cw := csv.NewWriter(w)
	cw.Write([]string{"时间", "成员", "社区", "操作", "内容"})
	for _, a := range rows {
		cw.Write([]string{a.Time.In(s.d.Directory.DefaultLocation).Format("2006-01-02 15:04:05"), a.Member, a.Community, a.Action, a.Detail})
	}
	cw.Flush()
}

// botData is the 机器人 page.
type botData struct {
	Bot    BotStatus
	QR     template.URL
	Outbox int
}

func (s *Server) botPage(w http.ResponseWriter, r *http.Request) {
	var d botData
	if s.d.Bot != nil {
		d.Bot = s.d.Bot()
	}
	if d.Bot.QR != "" {
		img, err := qrDataURL(d.Bot.QR)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.QR = img
	}
	depth, err := s.d.Outbox.Depth(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Outbox = depth
	s.render(w, r, http.StatusOK, "bot", view{Title: "机器人", Nav: "bot", Data: d})
}

// volunteerHistoryData is one volunteer's record: tasks taken, hours and
// the points ledger.
type volunteerHistoryData struct {
	Volunteer volunteer.Volunteer
	Tasks     []volunteer.Task
	Totals    volunteer.Totals
	Balance   int64
	Ledger    []points.Entry
}

// historyShown bounds the tasks and ledger entries the page lists.
const historyShown = 100

func (s *Server) volunteerHistory(w http.ResponseWriter, r *http.Request) {
	all, c := s.scope(r)
	id, _ := strconv.ParseInt(r.FormValue("id"), 10, 64)
	d, err := s.buildVolunteerHistory(r.Context(), c, id)
	if errors.Is(err, bot.ErrNotFound) {
		s.render(w, r, http.StatusNotFound, "message", view{Title: "没有这位志愿者", Data: message{Text: "本社区没有这位志愿者。", Link: "/volunteer"}})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "volunteer_history", view{Title: "志愿者 " + d.Volunteer.Name, Nav: "volunteer", Communities: all, Community: c, Data: d})
}

// buildVolunteerHistory reads a volunteer of community c; bot.ErrNotFound
// when c has no such volunteer.
func (s *Server) buildVolunteerHistory(ctx context.Context, c string, id int64) (volunteerHistoryData, error) {
	var d volunteerHistoryData
	var err error
	if d.Volunteer, err = s.d.Volunteers.Volunteer(ctx, c, id); err != nil {
		return d, err
	}
	tasks, err := s.d.Volunteers.TasksOf(ctx, c, id, historyShown)
	if err != nil {
		return d, err
	}
	for _, t := range tasks {
		if t.VolunteerID == id { // TasksOf also lists what they asked for
			d.Tasks = append(d.Tasks, t)
		}
	}
	if d.Totals, err = s.d.Volunteers.TotalsOf(ctx, c, id); err != nil {
		return d, err
	}
	if d.Balance, err = s.d.Points.Balance(ctx, id, c); err != nil {
		return d, err
	}
	d.Ledger, err = s.d.Points.History(ctx, id, c, historyShown)
	return d, err
}
