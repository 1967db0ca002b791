// Package checkin runs habit challenges in community groups, such as the
// 21-day garbage-sorting challenge (21天垃圾分类习惯养成): daily check-ins with
// points, streaks, make-up cards (补卡), leaderboards within a group and
// between communities, quiet coalesced acks, and the evening nudge, daily
// summary and weekly leaderboard.
//
// Points go to the shared ledger (workflows/points); balances, ranks and the
// challenge leaderboard are computed from it.
//
// Photos: a photo sent by a member within a minute of their 打卡 (before or
// after it) is attached to that check-in and marked 📷 in the group's ack; a
// photo on its own never checks anyone in (groups share many photos) and
// earns nothing extra.
package checkin

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"linli/bot"
	"linli/bot/intent"
	"linli/pictures"
	"linli/scheduler"
	"linli/workflows/points"
)

// Config holds the challenge rules. Start from DefaultConfig and decode the
// `checkin:` section of linli.yaml over it; every field may be changed.
type Config struct {
	// DayStartHour is when a check-in day begins (0–23); earlier check-ins
	// count for the day before.
	DayStartHour int `yaml:"day_start_hour"`
	// CheckinPoints is earned by each check-in, MakeupPoints by each 补卡.
	CheckinPoints int64 `yaml:"checkin_points"`
	MakeupPoints  int64 `yaml:"makeup_points"`
	// StreakBonuses pays once per challenge when a member's consecutive run
	// first reaches the given number of days.
	StreakBonuses map[int]int64 `yaml:"streak_bonuses"`
	// CompletionBonus pays when a member has checked in on every day of the
	// challenge; the group hears about it.
	CompletionBonus int64 `yaml:"completion_bonus"`
	// SharePoints is paid once a day for a tip (分享 …) of at least
	// ShareMinRunes characters.
	SharePoints   int64 `yaml:"share_points"`
	ShareMinRunes int   `yaml:"share_min_chars"`
	// MakeupCards is how many 补卡 a member has per challenge, for days no
	// older than MakeupWindowDays.
	MakeupCards      int `yaml:"makeup_cards"`
	MakeupWindowDays int `yaml:"makeup_window_days"`
	// AckWindow is how long check-in acks wait to be sent together. When
	// AckBatch acks are waiting and the group heard nothing for a window,
	// they go at once; a message lists at most AckBatch names.
	AckWindow time.Duration `yaml:"ack_window"`
	AckBatch  int           `yaml:"ack_batch"`
	// MaxDays bounds a challenge's length.
	MaxDays int `yaml:"max_days"`
	// PhotoWindow is how close a photo must be to its 打卡.
	PhotoWindow time.Duration `yaml:"photo_window"`
}

// DefaultConfig is the rules of the flagship 21-day challenge.
func DefaultConfig() Config {
	return Config{
		DayStartHour:     4,
		CheckinPoints:    10,
		MakeupPoints:     10,
		StreakBonuses:    map[int]int64{7: 20, 14: 30, 21: 50},
		CompletionBonus:  100,
		SharePoints:      5,
		ShareMinRunes:    10,
		MakeupCards:      2,
		MakeupWindowDays: 3,
		AckWindow:        3 * time.Minute,
		AckBatch:         30,
		MaxDays:          365,
		PhotoWindow:      time.Minute,
	}
}

// Validate reports rules that cannot work.
func (c Config) Validate() error {
	switch {
	case c.DayStartHour < 0 || c.DayStartHour > 23:
		return fmt.Errorf("checkin config: day start hour %d is not 0–23", c.DayStartHour)
	case c.AckBatch < 1:
		return errors.New("checkin config: ack batch must be at least 1")
	case c.AckWindow <= 0:
		return errors.New("checkin config: ack window must be positive")
	case c.MaxDays < 1:
		return errors.New("checkin config: max days must be at least 1")
	case c.MakeupCards < 0 || c.MakeupWindowDays < 0:
		return errors.New("checkin config: make-up cards and window cannot be negative")
	}
	return nil
}

// Challenge is a habit challenge in one group: check in once a day from
// StartDay for Days days.
type Challenge struct {
	ID        int64
	Community string
	Group     string
	Name      string
	Days      int
	StartDay  Day
	CreatedBy int64
	CreatedAt time.Time
}

// EndDay is the challenge's last day.
func (c Challenge) EndDay() Day { return c.StartDay + Day(c.Days) - 1 }

// Checkin is one member's check-in for one day of a challenge.
type Checkin struct {
	ChallengeID int64
	MemberID    int64
	Day         Day
	// Makeup marks a 补卡.
	Makeup bool
	Photo  bool
	// PhotoGroup and PhotoSince ask AddCheckin to attach a photo the
	// member sent in that group since then.
	PhotoGroup string
	PhotoSince time.Time
	Note       string
	// Source is the message id that made it.
	Source string
	At     time.Time
}

// Progress is a member's record in one challenge.
type Progress struct {
	// Days are the days checked in, ascending.
	Days    []Day
	Makeups int
	// MadeUp are the days among Days filled in by 补卡, ascending.
	MadeUp []Day
}

// BoardRow is one member in a challenge's leaderboard.
type BoardRow struct {
	MemberID int64
	Name     string
	// Points earned in this challenge (check-ins, make-ups and bonuses).
	Points  int64
	DaysIn  int
	LastDay Day
}

// Ack is a check-in acknowledgement waiting to be sent.
type Ack struct {
	MemberID int64
	Text     string
	// Checkin marks the ack of a new check-in; Photo is set when a photo
	// came with it, and the ack then shows 📷.
	Checkin bool
	Photo   bool
}

// Member is a member as the nudges need them.
type Member struct {
	ID   int64
	Name string
}

// ErrDuplicateChallenge is returned when a group already runs an open
// challenge of that name.
var ErrDuplicateChallenge = errors.New("checkin: challenge already open")

// Recorded is what AddCheckinAndCredit did: whether the check-in is new
// (false when the member had that day already), whether it got a photo,
// whether e was credited, and the member's days.
type Recorded struct {
	Added, Photo, Credited bool
	Progress               Progress
}

// Store is what the check-in workflow needs from storage. Called with a
// transaction's context, every method takes part in that transaction.
type Store interface {
	points.Ledger
	// CreateChallenge stores a new challenge; ErrDuplicateChallenge when the
	// group has an open one of the same name.
	CreateChallenge(ctx context.Context, c Challenge) (Challenge, error)
	// OpenChallenges lists a group's challenges not ended by a coordinator,
	// oldest first (the first is the group's default).
	OpenChallenges(ctx context.Context, group string) ([]Challenge, error)
	// AllOpenChallenges lists the open challenges of every group, by group
	// then age, for the scheduled summaries.
	AllOpenChallenges(ctx context.Context) ([]Challenge, error)
	// EndChallenge closes a challenge.
	EndChallenge(ctx context.Context, id int64, at time.Time) error
	// AddCheckin records a check-in; it reports false when the member has
	// that day already, changing nothing. A check-in with a PhotoGroup gets
	// the photo the member sent there at or after PhotoSince, and photo
	// reports whether it did.
	AddCheckin(ctx context.Context, c Checkin) (added, photo bool, err error)
	// Progress returns a member's days in a challenge.
	Progress(ctx context.Context, challengeID, memberID int64) (Progress, error)
	// AddCheckinAndCredit records a check-in, as AddCheckin, credits e
	// when the check-in is new, as Credit, and returns the member's days,
	// the new one included, as Progress: what every check-in does, in one
	// round trip where the store is a server.
	AddCheckinAndCredit(ctx context.Context, c Checkin, e points.Entry) (Recorded, error)
	// CreditAndProgress credits e, as Credit, and returns the member's
	// days in the challenge, as Progress: what every check-in does, in one
	// round trip where the store is a server.
	CreditAndProgress(ctx context.Context, e points.Entry, challengeID, memberID int64) (credited bool, p Progress, err error)
	// AttachPhoto marks the member's check-ins in a group's open challenges
	// made at or after since as having a photo; it reports whether any was.
	AttachPhoto(ctx context.Context, group string, memberID int64, since time.Time) (bool, error)
	// NotePhoto remembers that a member sent a photo in a group at at.
	NotePhoto(ctx context.Context, group string, memberID int64, at time.Time) error
	// QueueAck stores an ack for a group and returns how many are waiting
	// and when the group's acks were last sent (zero if never).
	QueueAck(ctx context.Context, group string, a Ack, at time.Time) (waiting int, lastSent time.Time, err error)
	// MarkAckPhoto marks the member's waiting check-in acks in a group as
	// having a photo.
	MarkAckPhoto(ctx context.Context, group string, memberID int64) error
	// TakeAcks removes and returns a group's waiting acks, oldest first,
	// and records at as the time they were sent.
	TakeAcks(ctx context.Context, group string, at time.Time) ([]Ack, error)
	// CheckedIn counts distinct members with a check-in for any of the
	// challenges on a day in [from, to].
	CheckedIn(ctx context.Context, challengeIDs []int64, from, to Day) (int, error)
	// CheckedInGroups counts distinct members with a check-in on a day in
	// [from, to] for any challenge held in the groups.
	CheckedInGroups(ctx context.Context, groups []string, from, to Day) (int, error)
	// MembersSeen counts distinct members seen in the groups.
	MembersSeen(ctx context.Context, groups ...string) (int, error)
	// MemberGroups lists the groups a member was seen in.
	MemberGroups(ctx context.Context, memberID int64) ([]string, error)
	// FirstSeen is when a member was first seen in a group (zero if never).
	FirstSeen(ctx context.Context, memberID int64, group string) (time.Time, error)
	// Board returns a challenge's members with their points there, most
	// points first.
	Board(ctx context.Context, challengeID int64) ([]BoardRow, error)
	// Streakers returns the days of every member of a challenge, for
	// streaks in summaries.
	Streakers(ctx context.Context, challengeID int64) (map[int64][]Day, error)
	// SetNudge turns a member's private evening nudge for a group on or off.
	SetNudge(ctx context.Context, memberID int64, group string, on bool, at time.Time) error
	// NudgesDue lists opted-in members of a group without a check-in on day
	// in any of the challenges.
	NudgesDue(ctx context.Context, group string, challengeIDs []int64, day Day) ([]Member, error)
	// NotCheckedIn lists the members seen in a group without a check-in on
	// day in any of the challenges, by name.
	NotCheckedIn(ctx context.Context, group string, challengeIDs []int64, day Day) ([]Member, error)
	// MemberName returns a member's display name.
	MemberName(ctx context.Context, memberID int64) (string, error)
	// PosterSchedule is the cron spec a coordinator set for a group's
	// weekly poster, "" for the default.
	PosterSchedule(ctx context.Context, group string) (string, error)
	// SetPosterSchedule stores a group's poster schedule; "" restores the
	// default.
	SetPosterSchedule(ctx context.Context, group, spec string, at time.Time) error
}

// Workflow is the check-in workflow.
type Workflow struct {
	cfg   Config
	store Store
	dir   *bot.Directory
	clock bot.Clock
	sched scheduler.Registrar
	// zones are the time zones with their own jobs, by name.
	zones map[string]bool
	// pics draws the poster, certificates and calendars; nil sends
	// their text.
	pics   *pictures.Renderer
	picLog *slog.Logger
}

// Timer kinds and job names registered on the scheduler.
const (
	ackTimerKind = "checkin.ack"
	jobSummary   = "checkin.summary"
	jobNudge     = "checkin.nudge"
	jobWeekly    = "checkin.weekly"
	jobMonthly   = "checkin.monthly"
)

// Deps are the workflow's collaborators.
type Deps struct {
	Store     Store
	Directory *bot.Directory
	Clock     bot.Clock
	Scheduler scheduler.Registrar
	// Pictures, when set, draws the weekly poster, the monthly ranking,
	// certificates and calendars; without it (no font) each goes as its
	// text.
	Pictures *pictures.Renderer
	// Log records a picture that failed to draw (default slog.Default()).
	Log *slog.Logger
}

// New builds the workflow and registers its timer and its daily and
// weekly jobs on the scheduler (in the directory's default time zone).
func New(cfg Config, d Deps) (*Workflow, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	store, dir, clock, sched := d.Store, d.Directory, d.Clock, d.Scheduler
	if store == nil || dir == nil || clock == nil || sched == nil {
		return nil, errors.New("new checkin workflow: store, directory, clock and scheduler are required")
	}
	w := &Workflow{cfg: cfg, store: store, dir: dir, clock: clock, sched: sched, zones: map[string]bool{},
		pics: d.Pictures, picLog: d.Log}
	if w.picLog == nil {
		w.picLog = slog.Default()
	}
	sched.HandleTimer(ackTimerKind, w.flushTimer)
	sched.HandleTimer(posterTimerKind, w.posterTimer)
	// One set of jobs per time zone among the configured communities, so
	// 20:00 is 20:00 where each group lives; communities declared later
	// (sim's @group) use the default zone's jobs.
	zones := []*time.Location{dir.DefaultLocation}
	w.zones[dir.DefaultLocation.String()] = true
	for _, c := range dir.Communities() {
		if c.Location != nil && !w.zones[c.Location.String()] {
			w.zones[c.Location.String()] = true
			zones = append(zones, c.Location)
		}
	}
	for i, loc := range zones {
		suffix := ""
		if i > 0 {
			suffix = "@" + loc.String()
		}
		for _, j := range []scheduler.Job{
			{Name: jobNudge + suffix, Spec: "0 20 * * *", Location: loc, Run: w.inZone(loc, w.eveningNudge)},
			{Name: jobSummary + suffix, Spec: "0 21 * * *", Location: loc, Run: w.inZone(loc, w.dailySummary)},
			{Name: jobWeekly + suffix, Spec: "0 9 * * 1", Location: loc, Run: w.inZone(loc, w.weeklyBoard)},
			{Name: jobMonthly + suffix, Spec: "0 9 1 * *", Location: loc, Run: w.inZone(loc, w.monthlyRanking)},
		} {
			if err := sched.AddJob(j); err != nil {
				return nil, fmt.Errorf("new checkin workflow: %w", err)
			}
		}
	}
	return w, nil
}

// Register adds the check-in commands and the photo listener.
func (w *Workflow) Register(r bot.Registry) {
	r.AddCommand(bot.Command{Keywords: []string{"打卡", "签到"}, Help: "打卡 — 今日打卡（可附一句话或照片）", Handle: w.checkin, Intent: checkinIntent()})
	r.AddCommand(bot.Command{Handle: w.checkin, Intent: checkinAskedIntent()})
	r.AddCommand(bot.Command{Handle: countsNotChanged, Intent: countsFixIntent()})
	r.AddCommand(bot.Command{Handle: checkinsStay, Intent: movedIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"补卡"}, Help: "补卡 [11月22日] — 补最近漏打的一天", Handle: w.makeup, Intent: makeupIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"我的积分", "我的打卡"}, Help: "我的积分 — 积分、连续天数、补卡次数", Handle: w.mine, Intent: pointsIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"排行榜", "打卡排行"}, Help: "排行榜 — 本群打卡前十名", Handle: w.board, Intent: boardIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"社区排行"}, Help: "社区排行 — 各社区今日和本周参与率", Handle: w.communityBoard, Intent: communityBoardIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"分享"}, Help: "分享 <垃圾分类小妙招> — 每天一次+5积分", Handle: w.share, Intent: shareIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"提醒我打卡"}, Help: "提醒我打卡 — 每晚8点没打卡时私信提醒", Handle: w.nudgeOn, Intent: nudgeOnIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"取消打卡提醒", "不用提醒打卡"}, Handle: w.nudgeOff, Intent: nudgeOffIntent()})
	r.AddCommand(bot.Command{Handle: notForOthers, Intent: forOtherIntent()})
	r.AddCommand(bot.Command{Role: bot.Coordinator, Handle: w.makeupGranted, Intent: makeupGrantedIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"打卡情况", "没打卡名单"}, Help: "打卡情况 — 今天打卡人数；社区工作人员私信收到各群没打卡的名单和近7天人数", Handle: w.overview, Intent: overviewIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"打卡规则", "积分规则"}, Help: "打卡规则 — 打卡怎么得积分", Handle: w.explainRules, Intent: rulesIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"发起打卡"}, Role: bot.Coordinator,
		Help: "发起打卡 <名称> <天数>天 [开始日期]（私聊时写 @群名 或 @全部）", Handle: w.start, Draft: w.draftStart,
		Intent: intent.Decl{Beyond: []string{`(发起|开个|开一个|搞个|搞一个|办个|办一个|组织|创建|新建|建个|建一个)(个|一个)?.{0,6}打卡(活动)?`}}})
	r.AddCommand(bot.Command{Keywords: []string{"结束打卡"}, Role: bot.Coordinator, Scope: bot.GroupOnly,
		Help: "结束打卡 [名称]", Handle: w.end})
	r.AddCommand(bot.Command{Keywords: calendarKeywords, Help: "我的打卡日历 — 本次打卡的日历图", Handle: w.calendar})
	r.AddCommand(bot.Command{Handle: explainPoster, Intent: posterAskIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"光荣榜时间"}, Role: bot.Coordinator, Scope: bot.GroupOnly,
		Help: "光荣榜时间 <每周日 20:00|默认> — 改每周光荣榜的发送时间", Handle: w.posterTime})
	r.AddListener(bot.Listener{Name: "checkin-photo", InGroups: true, Handle: w.photo})
}

// today is the check-in day of t in a community.
func (w *Workflow) today(community string, t time.Time) Day {
	return DayOf(t, w.dir.Location(community), w.cfg.DayStartHour)
}
