// Package report is the monthly ledger (台账) a community hands in: the
// volunteer tasks of the month, each volunteer's confirmed hours and points,
// the points ledger of every resident and the check-in summary, written as
// an Excel workbook (github.com/xuri/excelize/v2) or CSV files. Coordinators
// get it from `linli admin export` or by sending 导出 in chat.
package report

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"linli/internal/gatedre"
)

// TaskRow is one volunteer task created in the month. It carries no phone,
// room or health detail: the ledger is handed around the office.
type TaskRow struct {
	ID        int64
	Community string
	Category  string
	// State is the state's Chinese label (已完成, 待接单…).
	State     string
	Requester string
	Volunteer string
	Created   time.Time
	// Confirmed is when hours were credited (zero if not yet).
	Confirmed time.Time
	Hours     float64
	Points    int64
	Rating    int
}

// HoursRow is one volunteer's confirmed work in the month.
type HoursRow struct {
	Name      string
	Community string
	Tasks     int
	Hours     float64
	Points    int64
	// RatingSum and RatingN give the average rating (RatingN 0: none).
	RatingSum int
	RatingN   int
}

// PointsRow is one resident's points movement in the month, from the
// shared points ledger.
type PointsRow struct {
	Name      string
	Community string
	Earned    int64
	Spent     int64
}

// CheckinRow is one check-in challenge's month.
type CheckinRow struct {
	Community    string
	Group        string
	Challenge    string
	Participants int
	Checkins     int
	Makeups      int
}

// SignupRow is one sign-up for an event that started in the month.
type SignupRow struct {
	Community string
	Event     string
	Start     time.Time
	Place     string
	Name      string
	Party     int
	Note      string
	// State is 已报名, 候补 or 已取消.
	State    string
	Attended bool
}

// Store reads the month's ledger. community "" means every community; from
// is inclusive, to exclusive.
type Store interface {
	Tasks(ctx context.Context, community string, from, to time.Time) ([]TaskRow, error)
	Hours(ctx context.Context, community string, from, to time.Time) ([]HoursRow, error)
	Points(ctx context.Context, community string, from, to time.Time) ([]PointsRow, error)
	Checkins(ctx context.Context, community string, from, to time.Time) ([]CheckinRow, error)
	Signups(ctx context.Context, community string, from, to time.Time) ([]SignupRow, error)
}

// Report is one month's ledger, ready to write.
type Report struct {
	// Month is "2026-11".
	Month     string
	Community string
	From, To  time.Time
	Tasks     []TaskRow
	Hours     []HoursRow
	Points    []PointsRow
	Checkins  []CheckinRow
	Signups   []SignupRow
}

var reMonth = gatedre.MustCompile(`^(\d{4})[-/年.]?(\d{1,2})月?$`)

// ParseMonth reads "2026-11" (or "2026年11月") as the month's first day and
// the next month's first day in loc.
func ParseMonth(s string, loc *time.Location) (time.Time, time.Time, error) {
	m := reMonth.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, time.Time{}, fmt.Errorf("月份请写成 2026-11 这样：%q", s)
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	if mo < 1 || mo > 12 {
		return time.Time{}, time.Time{}, fmt.Errorf("没有 %d 月", mo)
	}
	from := time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, loc)
	return from, from.AddDate(0, 1, 0), nil
}

// Build reads the month's ledger of a community ("" for all).
func Build(ctx context.Context, s Store, community, month string, loc *time.Location) (Report, error) {
	from, to, err := ParseMonth(month, loc)
	if err != nil {
		return Report{}, err
	}
	r := Report{Month: from.Format("2006-01"), Community: community, From: from, To: to}
	if r.Tasks, err = s.Tasks(ctx, community, from, to); err != nil {
		return r, fmt.Errorf("report %s: tasks: %w", r.Month, err)
	}
	if r.Hours, err = s.Hours(ctx, community, from, to); err != nil {
		return r, fmt.Errorf("report %s: hours: %w", r.Month, err)
	}
	if r.Points, err = s.Points(ctx, community, from, to); err != nil {
		return r, fmt.Errorf("report %s: points: %w", r.Month, err)
	}
	if r.Checkins, err = s.Checkins(ctx, community, from, to); err != nil {
		return r, fmt.Errorf("report %s: check-ins: %w", r.Month, err)
	}
	if r.Signups, err = s.Signups(ctx, community, from, to); err != nil {
		return r, fmt.Errorf("report %s: event sign-ups: %w", r.Month, err)
	}
	return r, nil
}

// Sheet is one table of the report: its name, header and rows, the last row
// being the totals.
type Sheet struct {
	Name   string
	File   string // the CSV file suffix
	Header []string
	Rows   [][]any
}

func formatTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2006-01-02 15:04")
}

func avg(sum, n int) any {
	if n == 0 {
		return ""
	}
	return float64(int(float64(sum)/float64(n)*10+0.5)) / 10
}

// Sheets lays the report out as tables: 任务, 志愿时长, 积分 and, when there
// were any, 打卡汇总 and 活动报名. Each ends with a 合计 row.
func (r Report) Sheets() []Sheet {
	loc := r.From.Location()
	tasks := Sheet{Name: "任务", File: "tasks", Header: []string{"任务号", "社区", "类别", "状态", "求助人", "志愿者", "发布时间", "确认时间", "时长(小时)", "积分", "评分"}}
	var tHours float64
	var tPoints int64
	for _, t := range r.Tasks {
		rating := any("")
		if t.Rating > 0 {
			rating = t.Rating
		}
		tasks.Rows = append(tasks.Rows, []any{t.ID, t.Community, t.Category, t.State, t.Requester, t.Volunteer,
			formatTime(t.Created, loc), formatTime(t.Confirmed, loc), t.Hours, t.Points, rating})
		tHours += t.Hours
		tPoints += t.Points
	}
	tasks.Rows = append(tasks.Rows, []any{"合计", fmt.Sprintf("%d单", len(r.Tasks)), "", "", "", "", "", "", tHours, tPoints, ""})

	hours := Sheet{Name: "志愿时长", File: "hours", Header: []string{"志愿者", "社区", "完成任务", "时长(小时)", "积分", "平均评分"}}
	var hTasks, hSum, hN int
	var hHours float64
	var hPoints int64
	for _, h := range r.Hours {
		hours.Rows = append(hours.Rows, []any{h.Name, h.Community, h.Tasks, h.Hours, h.Points, avg(h.RatingSum, h.RatingN)})
		hTasks += h.Tasks
		hHours += h.Hours
		hPoints += h.Points
		hSum += h.RatingSum
		hN += h.RatingN
	}
	hours.Rows = append(hours.Rows, []any{"合计", fmt.Sprintf("%d人", len(r.Hours)), hTasks, hHours, hPoints, avg(hSum, hN)})

	pts := Sheet{Name: "积分", File: "points", Header: []string{"居民", "社区", "获得积分", "使用积分", "净增"}}
	var earned, spent int64
	for _, p := range r.Points {
		pts.Rows = append(pts.Rows, []any{p.Name, p.Community, p.Earned, p.Spent, p.Earned - p.Spent})
		earned += p.Earned
		spent += p.Spent
	}
	pts.Rows = append(pts.Rows, []any{"合计", fmt.Sprintf("%d人", len(r.Points)), earned, spent, earned - spent})

	sheets := []Sheet{tasks, hours, pts}
	if len(r.Checkins) > 0 {
		ck := Sheet{Name: "打卡汇总", File: "checkins", Header: []string{"社区", "群", "打卡活动", "参与人数", "打卡次数", "补卡次数"}}
		var people, n, makeups int
		for _, c := range r.Checkins {
			ck.Rows = append(ck.Rows, []any{c.Community, c.Group, c.Challenge, c.Participants, c.Checkins, c.Makeups})
			people += c.Participants
			n += c.Checkins
			makeups += c.Makeups
		}
		ck.Rows = append(ck.Rows, []any{"合计", "", fmt.Sprintf("%d项", len(r.Checkins)), people, n, makeups})
		sheets = append(sheets, ck)
	}
	if len(r.Signups) > 0 {
		su := Sheet{Name: "活动报名", File: "signups", Header: []string{"社区", "活动", "时间", "地点", "姓名", "人数", "备注", "状态", "签到"}}
		var people, came int
		for _, x := range r.Signups {
			attended := ""
			if x.Attended {
				attended = "已签到"
				came++
			}
			if x.State == "已报名" {
				people += x.Party
			}
			su.Rows = append(su.Rows, []any{x.Community, x.Event, formatTime(x.Start, loc), x.Place, x.Name, x.Party, x.Note, x.State, attended})
		}
		su.Rows = append(su.Rows, []any{"合计", "", "", "", fmt.Sprintf("%d条", len(r.Signups)), people, "", "", came})
		sheets = append(sheets, su)
	}
	return sheets
}
