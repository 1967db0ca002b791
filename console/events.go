package console

import (
	"context"
	"html/template"
	"net/http"
	"time"

	"linli/workflows/events"
)

// eventsShownFor is how long after its end an event stays on the page,
// and after its deadline a poll.
const eventsShownFor = 14 * 24 * time.Hour

// eventsData is the 活动/投票 page.
type eventsData struct {
	Events []eventRow
	Polls  []pollRow
}

// eventRow is an event with its people: those with a place, the waiting
// list in order, and who came.
type eventRow struct {
	events.Event
	In, Waiting []signUpRow
	// People counts everyone with a place (households count each member).
	People    int
	Came      int
	Cancelled bool
}

// signUpRow is a sign-up and whether they signed in at the event.
type signUpRow struct {
	events.SignUp
	Came bool
}

// pollRow is a poll with its counts drawn as a chart.
type pollRow struct {
	events.Poll
	Voters int
	Chart  template.HTML
	Closed bool
}

// eventCommands are the page's forms as chat commands.
var eventCommands = commands{
	"cancel": func(f fields) string { return "取消活动 #" + f("no") },
}

func (s *Server) eventsPage(w http.ResponseWriter, r *http.Request) {
	s.showEvents(w, r, nil)
}

func (s *Server) showEvents(w http.ResponseWriter, r *http.Request, notes []string) {
	all, c := s.scope(r)
	d, err := s.buildEvents(r.Context(), c, s.d.Clock.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "events", view{Title: "活动/投票", Nav: "events", Communities: all, Community: c, Notes: notes, Data: d})
}

func (s *Server) buildEvents(ctx context.Context, c string, now time.Time) (eventsData, error) {
	var d eventsData
	evs, err := s.d.Events.EventsEndingAfter(ctx, c, now.Add(-eventsShownFor))
	if err != nil {
		return d, err
	}
	for _, e := range evs {
		row, err := s.eventRow(ctx, e)
		if err != nil {
			return d, err
		}
		d.Events = append(d.Events, row)
	}
	polls, err := s.d.Events.OpenPolls(ctx, c, now.Add(-eventsShownFor))
	if err != nil {
		return d, err
	}
	for _, p := range polls {
		ballots, err := s.d.Events.Ballots(ctx, p.ID)
		if err != nil {
			return d, err
		}
		counts, _ := events.Count(p, ballots) // names stay out, anonymous or not
		bars := make([]bar, len(p.Options))
		for i, o := range p.Options {
			bars[i] = bar{Label: o, Value: counts[i]}
		}
		d.Polls = append(d.Polls, pollRow{Poll: p, Voters: len(ballots), Chart: hbarChart(p.Title, bars), Closed: p.Closed(now)})
	}
	return d, nil
}

func (s *Server) eventRow(ctx context.Context, e events.Event) (eventRow, error) {
	row := eventRow{Event: e, Cancelled: e.State == events.Cancelled}
	list, err := s.d.Events.SignUps(ctx, e.ID)
	if err != nil {
		return row, err
	}
	came, err := s.d.Events.Attended(ctx, e.ID)
	if err != nil {
		return row, err
	}
	row.Came = len(came)
	for _, su := range list {
		sr := signUpRow{SignUp: su, Came: came[su.MemberID]}
		if su.State == events.Waiting {
			row.Waiting = append(row.Waiting, sr)
			continue
		}
		row.In = append(row.In, sr)
		row.People += su.Party
	}
	return row, nil
}
