package console

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"linli/workflows/checkin"
)

// checkinData is the 打卡 page: a community's open challenges, the one
// shown with its leaderboard, a resident's calendar, and how the
// communities compare.
type checkinData struct {
	Challenges []checkin.Challenge
	// Shown is the challenge on the page (zero when none runs).
	Shown    checkin.Challenge
	Today    string
	Board    []checkin.Place
	Everyone []checkin.BoardRow
	Calendar *calendar
	// RatesToday and RatesWeek rank the communities as 社区排行 does.
	RatesToday, RatesWeek []checkin.Participation
}

// calendar is one member's days in a challenge, a week a row.
type calendar struct {
	MemberID int64
	Name     string
	Weeks    [][]calendarDay
	Days     int
	MadeUp   int
	Streak   int
}

// calendarDay is one square of the calendar; Class is in (checked in),
// makeup (补卡), miss (a past day without), later or outside.
type calendarDay struct {
	Day   int
	Date  string
	Class string
	Label string
}

func (s *Server) checkinPage(w http.ResponseWriter, r *http.Request) {
	all, c := s.scope(r)
	d, err := s.buildCheckin(r.Context(), c, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "checkin", view{Title: "打卡", Nav: "checkin", Communities: all, Community: c, Data: d})
}

// challengesOf lists a community's open challenges.
func (s *Server) challengesOf(ctx context.Context, community string) ([]checkin.Challenge, error) {
	open, err := s.d.Checkins.AllOpenChallenges(ctx)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(open, func(ch checkin.Challenge) bool { return ch.Community != community }), nil
}

// pickChallenge is the challenge ?challenge= names when it is the
// community's, else its first.
func pickChallenge(list []checkin.Challenge, r *http.Request) (checkin.Challenge, bool) {
	id, _ := strconv.ParseInt(r.FormValue("challenge"), 10, 64)
	for _, ch := range list {
		if ch.ID == id {
			return ch, true
		}
	}
	if len(list) == 0 {
		return checkin.Challenge{}, false
	}
	return list[0], true
}

func (s *Server) buildCheckin(ctx context.Context, c string, r *http.Request) (checkinData, error) {
	now := s.d.Clock.Now()
	today := checkin.DayOf(now, s.d.Directory.Location(c), s.d.DayStartHour)
	d := checkinData{Today: today.String()}
	var err error
	if d.RatesToday, d.RatesWeek, err = s.d.Boards.CommunityRates(ctx, now); err != nil {
		return d, err
	}
	if d.Challenges, err = s.challengesOf(ctx, c); err != nil {
		return d, err
	}
	ch, ok := pickChallenge(d.Challenges, r)
	if !ok {
		return d, nil
	}
	d.Shown = ch
	if d.Board, err = s.d.Boards.Leaderboard(ctx, ch, now); err != nil {
		return d, err
	}
	if d.Everyone, err = s.d.Checkins.Board(ctx, ch.ID); err != nil {
		return d, err
	}
	member, _ := strconv.ParseInt(r.FormValue("member"), 10, 64)
	i := slices.IndexFunc(d.Everyone, func(b checkin.BoardRow) bool { return b.MemberID == member })
	if i < 0 {
		return d, nil // only a member of this challenge has a calendar here
	}
	p, err := s.d.Checkins.Progress(ctx, ch.ID, member)
	if err != nil {
		return d, err
	}
	d.Calendar = drawCalendar(ch, p, today)
	d.Calendar.MemberID, d.Calendar.Name = member, d.Everyone[i].Name
	return d, nil
}

// drawCalendar lays a challenge's days out Monday first.
func drawCalendar(ch checkin.Challenge, p checkin.Progress, today checkin.Day) *calendar {
	cal := &calendar{Days: len(p.Days), MadeUp: len(p.MadeUp), Streak: checkin.Streak(p.Days, today)}
	first := ch.StartDay.WeekStart()
	var week []calendarDay
	for d := first; d <= ch.EndDay() || len(week) > 0; d++ {
		cd := calendarDay{Day: d.Date().Day(), Date: d.String()}
		switch {
		case d < ch.StartDay || d > ch.EndDay():
			cd.Class = "outside"
		case slices.Contains(p.MadeUp, d):
			cd.Class, cd.Label = "makeup", "补卡"
		case slices.Contains(p.Days, d):
			cd.Class, cd.Label = "in", "已打卡"
		case d < today:
			cd.Class, cd.Label = "miss", "未打卡"
		default:
			cd.Class = "later"
		}
		week = append(week, cd)
		if len(week) == 7 {
			cal.Weeks = append(cal.Weeks, week)
			week = nil
		}
	}
	return cal
}

// checkinCSV sends a challenge's whole table: every member, points,
// days and last day, most points first.
func (s *Server) checkinCSV(w http.ResponseWriter, r *http.Request) {
	_, c := s.scope(r)
	list, err := s.challengesOf(r.Context(), c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ch, ok := pickChallenge(list, r)
	if !ok {
		http.Error(w, "还没有进行中的打卡活动。", http.StatusNotFound)
		return
	}
	rows, err := s.d.Checkins.Board(r.Context(), ch.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape("打卡-"+c+"-"+ch.Name+".csv"))
	w.Write([]byte("\ufeff")) // Excel reads UTF-8 only with the mark
	cw := csv.NewWriter(w)
	cw.Write([]string{"群", "活动", "成员", "积分", "打卡天数", "最后打卡"})
	for _, b := range rows {
		cw.Write([]string{ch.Group, ch.Name, b.Name, strconv.FormatInt(b.Points, 10), strconv.Itoa(b.DaysIn), b.LastDay.String()})
	}
	cw.Flush()
}
