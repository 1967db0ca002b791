// Package reminders lets coordinators put reminders and broadcasts into
// their community's groups: a lecture this Saturday at 9:00, the evening
// check-in nudge every day at 20:00, bin collection on weekdays.
//
// A coordinator writes `提醒 <when> <text>` in a group (for that group) or
// `提醒 @<群名>|@全部 <when> <text>` privately; the confirmation repeats the
// schedule in plain Chinese with the next three firing times, so a
// misunderstanding shows before anything is sent. Each reminder is fired
// through one scheduler timer (`reminder:<id>`), which claims each slot
// once inside the transaction that queues the messages, so a slot is
// delivered exactly once even across crashes and instances.
package reminders

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"linli/bot"
	"linli/bot/intent"
	"linli/scheduler"
	"linli/timeexpr"
)

// State is where a reminder is in its life.
type State int

const (
	// Active reminders have a timer set.
	Active State = iota
	// Paused reminders keep their schedule but have no timer until resumed.
	Paused
	// Done is a one-off reminder that fired (or was missed for good).
	Done
	// Deleted reminders are kept for the record but never fire or list.
	Deleted
	// Held reminders carry a phone number, an ID-card number or a room
	// number: everyone in the group would read it, so nothing is sent until
	// the coordinator confirms with 「确认发送 #N」.
	Held
)

// Reminder is one coordinator's reminder: what to say, to which groups,
// when. Its number (No) counts within its community, so `删除提醒 #3` can
// only ever reach the coordinator's own community.
type Reminder struct {
	ID        int64
	Community string
	No        int
	// Groups are the target group names.
	Groups []string
	// Spec is the cron spec of a repeating reminder; empty for a one-off.
	Spec string
	// At is the moment of a one-off reminder, and the first day a
	// repeating one may go when it was said to start later (「从下周一起
	// 每天…」); zero for one that goes from when it was set.
	At time.Time
	// Location is the community's time zone name the schedule is read in.
	Location string
	// Desc is the schedule in plain Chinese, as confirmed.
	Desc      string
	Text      string
	CreatedBy int64
	// CreatorName is who to tell privately when a one-off was missed.
	CreatorName string
	Created     time.Time
	// Source is the message that created it; a redelivery cannot create a
	// second one.
	Source string
	// Until is the end of the last day a repeating reminder goes (「到周日
	// 就行」); zero repeats until it is stopped.
	Until time.Time
	State State
	Fired int
}

// Repeats reports whether the reminder is on a schedule rather than once.
func (r Reminder) Repeats() bool { return r.Spec != "" }

// Store keeps reminders and the slots they fired. Methods called with a
// transaction's context take part in it.
type Store interface {
	// AddReminder stores r, numbering it within its community, and returns
	// it with ID and No set.
	AddReminder(ctx context.Context, r Reminder) (Reminder, error)
	// ReminderByNo finds a community's reminder by number; deleted ones are
	// not found.
	ReminderByNo(ctx context.Context, community string, no int) (Reminder, bool, error)
	// ReminderByID finds a reminder by id, whatever its state.
	ReminderByID(ctx context.Context, id int64) (Reminder, bool, error)
	// Reminders lists a community's reminders that are not deleted, by
	// number.
	Reminders(ctx context.Context, community string) ([]Reminder, error)
	// SetReminderState moves a reminder to st.
	SetReminderState(ctx context.Context, id int64, st State) error
	// SetReminderText gives a reminder new words and moves it to st.
	SetReminderText(ctx context.Context, id int64, text string, st State) error
	// RecordFire records that slot of reminder id fired; it reports false
	// when that slot fired before, so it is never sent twice.
	RecordFire(ctx context.Context, id int64, slot, at time.Time, late time.Duration) (bool, error)
}

// TimerKind is the scheduler timer kind of reminders.
const TimerKind = "reminder"

// Defaults for Config fields left zero.
const (
	// DefaultGrace is how late a missed slot may still be sent.
	DefaultGrace = time.Hour
	// DefaultLateNote is how late a slot must be before the message says
	// it is a late one.
	DefaultLateNote = 5 * time.Minute
	// DefaultMinInterval is the shortest gap allowed between two firings of
	// a repeating reminder, so a mistyped cron cannot flood a group.
	DefaultMinInterval = time.Hour
	// MaxText bounds a reminder's text, in characters.
	MaxText = 500
)

// Deps are the workflow's collaborators.
type Deps struct {
	Store     Store
	Scheduler scheduler.Registrar
	Directory *bot.Directory
}

// Config are the workflow's settings; the zero value uses the defaults.
type Config struct {
	// Grace, LateNote and MinInterval default to the constants above.
	Grace       time.Duration
	LateNote    time.Duration
	MinInterval time.Duration
}

// Workflow is the reminders workflow.
type Workflow struct {
	cfg Config
	d   Deps
}

// New returns the workflow and registers its timer kind on the scheduler,
// so reminders stored before a restart keep firing.
func New(cfg Config, d Deps) (*Workflow, error) {
	if d.Store == nil || d.Scheduler == nil || d.Directory == nil {
		return nil, errors.New("new reminders workflow: store, scheduler and directory are required")
	}
	if cfg.Grace <= 0 {
		cfg.Grace = DefaultGrace
	}
	if cfg.LateNote <= 0 {
		cfg.LateNote = DefaultLateNote
	}
	if cfg.MinInterval <= 0 {
		cfg.MinInterval = DefaultMinInterval
	}
	w := &Workflow{cfg: cfg, d: d}
	d.Scheduler.HandleTimer(TimerKind, w.fire)
	return w, nil
}

// Register adds the coordinator commands.
func (w *Workflow) Register(r bot.Registry) {
	r.AddCommand(bot.Command{
		Keywords: []string{"提醒", "设置提醒", "新建提醒"},
		Role:     bot.Coordinator,
		Help:     "提醒 <时间> <内容> — 设置群提醒（如 提醒 每天20:00 记得打卡；私聊时写 提醒 @群名 或 @全部）",
		Handle:   w.create,
		Draft:    w.draftRemind,
		Amend:    w.amendRemind,
		// A set-up that asks to tell the groups is the set-up's.
		DraftLast: true,
		// A resident asking the bot to tell everyone something.
		Intent: intent.Decl{Label: "群发通知和提醒", Beyond: []string{
			`(给|向|跟)?(全小区|全楼|全体|所有人|全社区|大家|各家|居民|全体居民)(都)?(发|群发|通知)(个|一个|一条|条|一下)?(通知|公告|消息)?`,
			`(帮我|替我|你|给我)(发|群发)(个|一个|一条|条)?(通知|公告|广播)`, `^群发`, `(给|向|跟)(全体|所有)?志愿者(们)?(都)?(群发|发)(一条|个|条|一下)?`, `(全小区|全楼|所有人|每人|每户|每家)[^ ]{0,4}(发|群发)(一条|个|条|一下)`,
			`(链接|广告)(发|转发|群发|转)(到|去|在)(社区)?(所有|全部|每个|各个|别的|其他)?(的)?群`,
			`(提醒|通知)(一下)?(大家|群里|居民|各位|全体|全楼)`, `^[^不别莫甭免]{0,6}(帮我|给我)(发|设|定)(个|一个|一条|条)?(群)?提醒`, `(帮我|替我|给我|你)群发`,
			`(通知|消息)(你)?(都|也)?不(发|转)`, `^快(发|转)(啊|呀|吧)?( |$)`,
			// 「给所有群发个提醒」「转发到所有群」「定到每天早上7点发全群」
			`(给|往|向)?(所有|全部|每个|各个)(的)?群(都)?(发|转发|群发)`, `通知(一下)?(全小区|全楼|全体|所有人|全社区|全体居民)`, `(通知|提醒|公告).{0,30}(转发|转|发)到(所有|全部|每个|各个)(的)?群`, `每天.{0,8}发(全群|到群里|到全部群)`,
			// 「帮我在二群发个通知」
			`(帮我|替我|给我|你)(在|到|往|给)[\p{Han}0-9]{0,4}群(里)?(都)?(发|群发|转发|说)(个|一个|一条|条|一下|一声|一句|句话|几句)`, `(在|到|往|给)[\p{Han}0-9]{0,4}群(里)?(都)?(发|群发|转发)(个|一个|一条|条)(通知|公告|消息)`}},
	})
	r.AddListener(bot.Listener{Name: "reminders-notice", First: true, Handle: w.answerNotice})
	r.AddCommand(bot.Command{Role: bot.Coordinator, Handle: w.changeByWords, Intent: changeSaidIntent()})
	r.AddCommand(bot.Command{
		Role:   bot.Coordinator,
		Handle: w.createSaid,
		Intent: intent.Decl{Name: "remind_said", Label: "群发通知和提醒", Shape: intent.Free, Cues: []string{remindAsk.String()}},
	})
	r.AddCommand(bot.Command{
		Keywords: []string{"提醒列表", "查看提醒"},
		Role:     bot.Coordinator,
		// 「现在一共设了哪些提醒 给我看看」「还剩哪些没发的」「李主任设的那些提醒我能看见不」
		Intent: intent.Decl{Name: "remind_list", Label: "提醒列表", Shape: intent.NoArgs, Menu: 2, Asks: true,
			Cues: []string{`(设|定|安排)了(哪些|什么|几个|几条|啥)(提醒|通知)`, `(提醒|通知)(都)?(有哪些|有啥|还有哪些|列一下|给我看看|都有什么)`,
				`(还剩|还有)(哪些|什么|几条|几个|啥)(没发|要发|没有发|待发)`, `(哪些|什么|几条)(提醒|通知)(还)?(没发|没有发|要发)`, `\p{Han}{1,3}设的(那些|那几条)?(提醒|通知)`}},
		Help:   "提醒列表 — 本社区的提醒和下次时间",
		Handle: w.list,
	})
	r.AddCommand(bot.Command{
		Keywords: []string{"删除提醒", "取消提醒"},
		Role:     bot.Coordinator,
		Help:     "删除提醒 #N — 删除一条提醒",
		Handle:   w.remove,
	})
	r.AddCommand(bot.Command{
		Keywords: []string{"改提醒", "修改提醒"},
		Role:     bot.Coordinator,
		Help:     "改提醒 #N 新内容 — 改一条还没发完的提醒的内容，时间和群不变",
		Handle:   w.rewrite,
		Draft:    w.draftRewrite,
	})
	r.AddCommand(bot.Command{
		Keywords: []string{"暂停提醒"},
		Role:     bot.Coordinator,
		Help:     "暂停提醒 #N — 暂停，之后可恢复",
		Handle:   w.pause,
	})
	r.AddCommand(bot.Command{
		Keywords: []string{"确认发送"},
		Role:     bot.Coordinator,
		Help:     "确认发送 #N — 发出一条含电话、证件号或门牌号、等您确认的提醒",
		Handle:   w.confirm,
	})
	r.AddCommand(bot.Command{
		Keywords: []string{"恢复提醒", "继续提醒"},
		Role:     bot.Coordinator,
		Help:     "恢复提醒 #N — 恢复一条暂停的提醒",
		Handle:   w.resume,
	})
}

func timerKey(id int64) string { return fmt.Sprintf("reminder:%d", id) }

// location is the community's time zone.
func (w *Workflow) location(community string) *time.Location {
	if loc := w.d.Directory.Location(community); loc != nil {
		return loc
	}
	return scheduler.DefaultLocation()
}

// expr rebuilds the schedule of a stored reminder.
func (w *Workflow) expr(r Reminder) timeexpr.Expr { return r.Schedule(w.location(r.Community)) }

// Schedule is the reminder's schedule read in its community's time zone
// loc; the console previews firings with it.
func (r Reminder) Schedule(loc *time.Location) timeexpr.Expr {
	if r.Repeats() {
		return timeexpr.Expr{Kind: timeexpr.Recurring, Spec: r.Spec, From: r.At, Desc: r.Desc, Loc: loc}
	}
	return timeexpr.Expr{Kind: timeexpr.Once, At: r.At.In(loc), Desc: r.Desc, Loc: loc}
}

// arm sets the reminder's timer at its next firing after now; it reports
// the time, or zero when there is none.
func (w *Workflow) arm(ctx context.Context, r Reminder, now time.Time) (time.Time, error) {
	e := w.expr(r)
	next := e.Next(now)
	if next.IsZero() {
		return next, nil
	}
	t := scheduler.Timer{
		Key:      timerKey(r.ID),
		Kind:     TimerKind,
		At:       next,
		Payload:  fmt.Sprint(r.ID),
		Spec:     r.Spec,
		Location: e.Loc,
		Policy:   scheduler.Once,
		Grace:    w.cfg.Grace,
	}
	if !r.Repeats() {
		// A one-off decides for itself when it is too late, so that the
		// coordinator hears about a reminder that was never sent.
		t.Grace = 0
	}
	if err := w.d.Scheduler.SetTimer(ctx, t); err != nil {
		return time.Time{}, fmt.Errorf("arm reminder %d: %w", r.ID, err)
	}
	return next, nil
}

// shortTime is a firing time as members read it: "20:00" on the same day as
// ref, "11月25日 20:00" otherwise.
func shortTime(t, ref time.Time) string {
	if y, m, d := t.Date(); y == ref.Year() && m == ref.Month() && d == ref.Day() {
		return t.Format("15:04")
	}
	if t.Year() != ref.Year() {
		return fmt.Sprintf("%d年%d月%d日 %s", t.Year(), int(t.Month()), t.Day(), t.Format("15:04"))
	}
	return fmt.Sprintf("%d月%d日 %s", int(t.Month()), t.Day(), t.Format("15:04"))
}

// groupsLabel names the target groups briefly.
func groupsLabel(groups []string) string {
	if len(groups) <= 2 {
		return strings.Join(groups, "、")
	}
	return fmt.Sprintf("%s等%d个群", strings.Join(groups[:2], "、"), len(groups))
}

// clip shortens a reminder text for a list line.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// span says a duration in Chinese: "1小时", "30分钟", "1小时30分钟".
func span(d time.Duration) string {
	d = d.Round(time.Minute)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h > 0 && m > 0:
		return fmt.Sprintf("%d小时%d分钟", h, m)
	case h > 0:
		return fmt.Sprintf("%d小时", h)
	}
	return fmt.Sprintf("%d分钟", m)
}
