// Package console is the coordinators' web console and the operator's
// alerts. Pages are server-rendered from embedded html/template files with
// embedded CSS and charts drawn as SVG in Go, so the console works in an
// office without internet and with no build step. Every change made in the
// console runs the chat command a coordinator would type (bot.Router.Act):
// one rule, two doors, the same checks and the same audit entry.
package console

import (
	"context"
	"embed"
	"log/slog"
	"net/http"
	"time"

	"linli/bot"
	"linli/knowledge"
	"linli/workflows/checkin"
	"linli/workflows/events"
	"linli/workflows/points"
	"linli/workflows/reminders"
	"linli/workflows/report"
	"linli/workflows/volunteer"
)

//go:embed templates/*.html static/*
var assets embed.FS

// GroupCount is one group's check-ins on a day.
type GroupCount struct {
	Community string
	Group     string
	CheckedIn int
	Members   int
}

// MaskDays is how far back the overview follows check-ins: the streak
// chart's last bucket is 21 days and more, and a member's days fit one
// 64-bit mask.
const MaskDays = 63

// AuditFilter narrows the audit log.
type AuditFilter struct {
	// All is every community (street and operator); otherwise only
	// Communities.
	All         bool
	Communities []string
	Action      string
	Text        string
	From, To    time.Time
	Limit       int
}

// AuditRow is one audit entry with the acting member's name.
type AuditRow struct {
	bot.AuditEntry
	Member string
}

// Reads are the figures the pages show.
type Reads interface {
	GroupCheckins(ctx context.Context, community string, day int64) ([]GroupCount, error)
	// DayMasks returns, per member and open challenge of a community, the
	// days they checked in among the last MaskDays as a bit mask: bit 0
	// today, bit i i days ago.
	DayMasks(ctx context.Context, community string, today int64) ([]uint64, error)
	TaskStates(ctx context.Context, community string) (map[string]int, error)
	Audit(ctx context.Context, f AuditFilter) ([]AuditRow, error)
	// Redemptions lists a community's redemptions, the ones waiting to be
	// collected first, then newest first.
	Redemptions(ctx context.Context, community string, limit int) ([]Redemption, error)
}

// Explanation is what a resident asking the bot a question would be
// answered, and why, as the FAQ workflow decides it (faq.Explanation:
// the console cannot import the workflow, whose tests import the store,
// which imports the console).
type Explanation struct {
	Reply string
	// Answers is false when the bot abstains.
	Answers bool
	// Route names the rule that decided ("法条", "社区问答", …).
	Route                 string
	Confidence, Threshold float64
	Area                  string
	Entries               []knowledge.Hit
	Articles              []int
	// RulesArticles is the rules' ranking when a model reordered
	// Articles, nil otherwise.
	RulesArticles []int
	// Searched is false when the reply came before the knowledge base
	// was asked.
	Searched bool
}

// Redemption is a redemption with the name of the member who made it.
type Redemption struct {
	points.Redemption
	Member string
}

// BotStatus is the chat gateway as the bot page and the alerts see it.
type BotStatus struct {
	// State is "online", "waiting_scan", "reconnecting", … ("" with no
	// gateway, as under `linli console`).
	State string
	Since time.Time
	// QR is what to scan to log in while State is waiting_scan.
	QR string
}

// Online reports whether the bot can send.
func (s BotStatus) Online() bool { return s.State == "online" }

// Label is the state in Chinese.
func (s BotStatus) Label() string {
	switch s.State {
	case "online":
		return "在线"
	case "waiting_scan":
		return "已掉线，等待扫码登录"
	case "scanned":
		return "已扫码，等待手机确认"
	case "reconnecting":
		return "正在重连"
	case "starting":
		return "正在启动"
	case "":
		return "未连接微信（仅后台）"
	}
	return "已停止"
}

// Deps is what the console reads and acts through.
type Deps struct {
	Auth  *Auth
	Reads Reads
	// Tasks and volunteers, read as the volunteer workflow keeps them.
	Volunteers interface {
		Tasks(ctx context.Context, community string, states ...volunteer.State) ([]volunteer.Task, error)
		Volunteers(ctx context.Context, community string) ([]volunteer.Volunteer, error)
		Volunteer(ctx context.Context, community string, memberID int64) (volunteer.Volunteer, error)
		TasksOf(ctx context.Context, community string, memberID int64, limit int) ([]volunteer.Task, error)
		TotalsOf(ctx context.Context, community string, memberID int64) (volunteer.Totals, error)
	}
	// Checkins reads challenges and check-ins as the check-in workflow
	// keeps them.
	Checkins interface {
		AllOpenChallenges(ctx context.Context) ([]checkin.Challenge, error)
		Progress(ctx context.Context, challengeID, memberID int64) (checkin.Progress, error)
		Board(ctx context.Context, challengeID int64) ([]checkin.BoardRow, error)
	}
	// Boards ranks as 排行榜 and 社区排行 do (the check-in workflow).
	Boards interface {
		Leaderboard(ctx context.Context, c checkin.Challenge, now time.Time) ([]checkin.Place, error)
		CommunityRates(ctx context.Context, now time.Time) (today, week []checkin.Participation, err error)
	}
	// Points reads the shop's shelf and the points ledger.
	Points interface {
		Items(ctx context.Context, community string) ([]points.Item, error)
		Balance(ctx context.Context, memberID int64, community string) (int64, error)
		History(ctx context.Context, memberID int64, community string, limit int) ([]points.Entry, error)
	}
	// Events reads events, sign-ups, attendance, polls and ballots.
	Events interface {
		EventsEndingAfter(ctx context.Context, community string, t time.Time) ([]events.Event, error)
		SignUps(ctx context.Context, eventID int64) ([]events.SignUp, error)
		Attended(ctx context.Context, eventID int64) (map[int64]bool, error)
		OpenPolls(ctx context.Context, community string, now time.Time) ([]events.Poll, error)
		Ballots(ctx context.Context, pollID int64) ([]events.Ballot, error)
	}
	// FAQ lists a community's own entries and explains answers (the FAQ
	// workflow, through program's adapter).
	FAQ interface {
		Entries(ctx context.Context, community string) ([]knowledge.Chunk, error)
		Explain(ctx context.Context, community, q string) Explanation
	}
	Reminders interface {
		Reminders(ctx context.Context, community string) ([]reminders.Reminder, error)
	}
	Report report.Store
	Outbox interface {
		Depth(ctx context.Context) (int, error)
	}
	Members interface {
		MemberByID(ctx context.Context, id int64, community string) (bot.Member, error)
	}
	Auditor bot.Auditor
	// Router runs console actions as chat commands.
	Router interface {
		Act(ctx context.Context, m bot.Member, community, text, id string) ([]string, error)
	}
	Directory *bot.Directory
	Clock     bot.Clock
	// DayStartHour is when a check-in day begins (checkin.Config).
	DayStartHour int
	// Bot reports the gateway; nil when the console runs alone.
	Bot func() BotStatus
	Log *slog.Logger
}

// Server serves the console.
type Server struct {
	d      Deps
	pages  *pages
	logins *loginLimiter
	mux    *http.ServeMux
}

// New builds the console's handler.
func New(d Deps) (*Server, error) {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	p, err := parsePages(d.Directory.DefaultLocation)
	if err != nil {
		return nil, err
	}
	s := &Server{d: d, pages: p, logins: newLoginLimiter(), mux: http.NewServeMux()}
	s.routes()
	return s, nil
}

// ServeHTTP serves a console request with the security headers every
// page carries.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mux.ServeHTTP(w, r)
}
