// Package events replaces the coordinator's scrolling and hand counting
// ("接龙") for community events: sign-ups with places and a waiting list,
// private reminders to each registrant, attendance that can earn points,
// and polls such as voting for the best works of an exhibition.
//
// Events and polls of a community share one numbering (#1, #2, …), so a
// number in a message can only ever mean one thing. Groups stay quiet: the
// group hears one announcement per event or poll and one result per poll;
// every sign-up and vote is confirmed to the member privately, and only a
// mistake the member must see is answered where it was made.
package events

import (
	"context"
	"errors"
	"fmt"
	"time"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
	"linli/internal/recent"
	"linli/scheduler"
	"linli/workflows/points"
)

// EventState is where an event is in its life.
type EventState int

const (
	// Open events take sign-ups until they close.
	Open EventState = iota
	// Cancelled events are kept for the record; nobody can sign up.
	Cancelled
)

// Event is one community event with a time, a place and (optionally) a
// number of places.
type Event struct {
	ID        int64
	Community string
	// No is the number members write (#3), shared with polls.
	No int
	// Groups are where the event was announced: one group, or several
	// of the community's (「两个群都发」), whose members all sign up.
	Groups []string
	Title  string
	Place  string
	Start  time.Time
	End    time.Time
	// Closes is when sign-ups close (by default the start).
	Closes time.Time
	// Capacity is the number of places; 0 means no limit.
	Capacity int
	// Bring is what participants should bring (需要带).
	Bring string
	// Points is what attending (签到 #N during the event) earns; 0 marks an
	// event without attendance points.
	Points    int
	State     EventState
	CreatedBy int64
	Created   time.Time
	// Source is the message that created it; a redelivery cannot create a
	// second event.
	Source string
}

// SignUpState is where a registrant stands.
type SignUpState int

const (
	// In has a place.
	In SignUpState = iota
	// Waiting is on the waiting list, in order of arrival.
	Waiting
	// Withdrawn cancelled their sign-up (or the event was cancelled).
	Withdrawn
)

// SignUp is one member's registration for an event, possibly for several
// people (a household).
type SignUp struct {
	EventID    int64
	MemberID   int64
	MemberName string
	// Party is the number of people, at least 1.
	Party int
	// Note is what the member added (a dish for the potluck).
	Note  string
	State SignUpState
	// Seq orders arrivals within the event; the waiting list moves up in
	// Seq order.
	Seq    int64
	At     time.Time
	Source string
}

// Address is where to tell the registrant privately.
func (s SignUp) Address() bot.Address {
	return bot.Address{Kind: bot.ToMember, MemberID: s.MemberID, MemberName: s.MemberName}
}

// Poll is a vote among residents with a deadline.
type Poll struct {
	ID        int64
	Community string
	No        int
	// Groups are where the poll was put up and its result goes.
	Groups  []string
	Title   string
	Options []string
	// MaxChoices is how many options one ballot may pick (1 for a single
	// choice).
	MaxChoices int
	Deadline   time.Time
	// Anonymous polls never show who voted for what, not even to
	// coordinators.
	Anonymous bool
	// HideResults keeps counts from residents until the deadline.
	HideResults bool
	// Posted is when the result went to the group; zero until then.
	Posted    time.Time
	CreatedBy int64
	Created   time.Time
	Source    string
}

// Closed reports whether voting has ended at now.
func (p Poll) Closed(now time.Time) bool { return !now.Before(p.Deadline) }

// Ballot is one member's current choices in a poll; voting again replaces
// it until the deadline.
type Ballot struct {
	PollID     int64
	MemberID   int64
	MemberName string
	// Choices are 1-based option numbers, ascending.
	Choices []int
	At      time.Time
	Source  string
}

// ReminderKind tells the evening-before reminder from the hour-before one.
type ReminderKind string

// The private reminders each registrant gets.
const (
	EveningBefore ReminderKind = "eve"
	HourBefore    ReminderKind = "hour"
)

// Store keeps events, sign-ups, attendance, polls and ballots. Called with a
// transaction's context, every method takes part in it.
type Store interface {
	// Savepointer undoes one of several sign-ups made at once that fails.
	bot.Savepointer
	// NextNo reserves the next number of a community, shared by events and
	// polls.
	NextNo(ctx context.Context, community string) (int, error)
	// AddEvent stores e (with its number set). A second event from the same
	// source returns the first with created false.
	AddEvent(ctx context.Context, e Event) (ev Event, created bool, err error)
	// EventByNo finds a community's event by number.
	EventByNo(ctx context.Context, community string, no int) (Event, bool, error)
	// EventByID finds an event by id.
	EventByID(ctx context.Context, id int64) (Event, bool, error)
	// EventsEndingAfter lists a community's events that end after t, by
	// start time.
	EventsEndingAfter(ctx context.Context, community string, t time.Time) ([]Event, error)
	// MoveEvent sets an event's start, end and close of sign-ups.
	MoveEvent(ctx context.Context, id int64, start, end, closes time.Time) error
	// ReviseEvent sets an event's place, number of places and close of
	// sign-ups.
	ReviseEvent(ctx context.Context, id int64, place string, capacity int, closes time.Time) error
	// SetEventState moves an event to st.
	SetEventState(ctx context.Context, id int64, st EventState) error

	// SignUps lists an event's sign-ups that are in or waiting, by Seq.
	SignUps(ctx context.Context, eventID int64) ([]SignUp, error)
	// Tally counts the people with a place and the sign-ups waiting, without
	// reading the list: a busy event's every sign-up asks.
	Tally(ctx context.Context, eventID int64) (taken, waiting int, err error)
	// SignUpOf finds a member's sign-up, whatever its state.
	SignUpOf(ctx context.Context, eventID, memberID int64) (SignUp, bool, error)
	// PutSignUp records a (new or renewed) sign-up at the end of the
	// arrival order and returns it with Seq set. Its reminders are unsent.
	PutSignUp(ctx context.Context, s SignUp) (SignUp, error)
	// SetSignUpState moves a sign-up to st, keeping its place in order.
	SetSignUpState(ctx context.Context, eventID, memberID int64, st SignUpState, at time.Time) error
	// SetSignUpParty changes how many people a sign-up is for, keeping
	// its state and its place in order.
	SetSignUpParty(ctx context.Context, eventID, memberID int64, party int, at time.Time) error
	// MarkReminded records that a reminder went out; it reports false when
	// it went out before, so it is never sent twice.
	MarkReminded(ctx context.Context, eventID, memberID int64, kind ReminderKind, at time.Time) (bool, error)
	// AddAttendance records that a member came; it reports false when they
	// had signed in before.
	AddAttendance(ctx context.Context, eventID, memberID int64, at time.Time, source string) (bool, error)
	// Attended lists the members who signed in at an event.
	Attended(ctx context.Context, eventID int64) (map[int64]bool, error)

	// AddPoll stores p (with its number set); a second poll from the same
	// source returns the first with created false.
	AddPoll(ctx context.Context, p Poll) (poll Poll, created bool, err error)
	// PollByNo finds a community's poll by number.
	PollByNo(ctx context.Context, community string, no int) (Poll, bool, error)
	// PollByID finds a poll by id.
	PollByID(ctx context.Context, id int64) (Poll, bool, error)
	// OpenPolls lists a community's polls whose deadline is after now, by
	// number.
	OpenPolls(ctx context.Context, community string, now time.Time) ([]Poll, error)
	// MarkPosted records that a poll's result went to the group; it
	// reports false when it had gone before.
	MarkPosted(ctx context.Context, pollID int64, at time.Time) (bool, error)
	// ClosePoll ends a poll at at, before its deadline; it reports false
	// when the poll had already closed.
	ClosePoll(ctx context.Context, pollID int64, at time.Time) (bool, error)
	// PutBallot stores a member's ballot, replacing an earlier one; it
	// reports whether there was one.
	PutBallot(ctx context.Context, b Ballot) (replaced bool, err error)
	// BallotOf finds a member's ballot.
	BallotOf(ctx context.Context, pollID, memberID int64) (Ballot, bool, error)
	// Ballots lists a poll's ballots in the order they were first cast.
	Ballots(ctx context.Context, pollID int64) ([]Ballot, error)
}

// Timer kinds this workflow puts on the scheduler.
const (
	// ReminderTimer fires one private reminder to one registrant.
	ReminderTimer = "event-reminder"
	// PollTimer posts a poll's result to its group at the deadline.
	PollTimer = "poll-result"
)

// Defaults for Config fields left zero.
const (
	DefaultEveningHour = 20
	DefaultHourBefore  = time.Hour
	// DefaultSignInEarly is how long before the start 签到 #N is accepted.
	DefaultSignInEarly = 30 * time.Minute
	// DefaultMaxParty bounds the people one sign-up may bring.
	DefaultMaxParty = 10
)

// Deps are the workflow's collaborators.
type Deps struct {
	Store     Store
	Scheduler scheduler.Registrar
	Directory *bot.Directory
	// Points credits attendance; nil means events never award points.
	Points points.Crediter
}

// Config are the workflow's settings; the zero value uses the defaults.
type Config struct {
	// EveningHour is the hour of the evening-before reminder (default 20).
	EveningHour int
	// HourBefore is how long before the start the second reminder goes.
	HourBefore time.Duration
	// SignInEarly is how long before the start 签到 #N opens.
	SignInEarly time.Duration
	// MaxParty bounds the people in one sign-up.
	MaxParty int
}

// Workflow is the community events workflow.
type Workflow struct {
	cfg Config
	d   Deps
	// voteAsked is, per coordinator, the words that asked for a vote
	// without its choices (「…位置让居民投票定」): the choices said next
	// (「三个地方 一是… 二是…」) complete them.
	voteAsked recent.Latest[int64, string]
}

// New returns the workflow and registers its timer kinds, so reminders and
// poll results stored before a restart still fire.
func New(cfg Config, d Deps) (*Workflow, error) {
	if d.Store == nil || d.Scheduler == nil || d.Directory == nil {
		return nil, errors.New("new events workflow: store, scheduler and directory are required")
	}
	if cfg.EveningHour <= 0 || cfg.EveningHour > 23 {
		cfg.EveningHour = DefaultEveningHour
	}
	if cfg.HourBefore <= 0 {
		cfg.HourBefore = DefaultHourBefore
	}
	if cfg.SignInEarly <= 0 {
		cfg.SignInEarly = DefaultSignInEarly
	}
	if cfg.MaxParty <= 0 {
		cfg.MaxParty = DefaultMaxParty
	}
	w := &Workflow{cfg: cfg, d: d}
	d.Scheduler.HandleTimer(ReminderTimer, w.fireReminder)
	d.Scheduler.HandleTimer(PollTimer, w.firePoll)
	return w, nil
}

// Register adds the chat commands.
func (w *Workflow) Register(r bot.Registry) {
	r.AddCommand(bot.Command{Keywords: []string{"发起活动", "新建活动"}, Role: bot.Coordinator,
		Help: "发起活动 <名称> <时间> <地点> 名额30 [需要带：…] [截止…] [签到积分5] — 发布活动报名", Handle: w.createEvent, Draft: w.draftEvent, Amend: w.amendEvent,
		Intent: intent.Decl{Label: "发起活动", Beyond: []string{`帮我(开|办|搞|发|发布|发起)(个|一个)?(报名|活动|讲座)`, `(开|开个|开一个)报名`}}})
	r.AddCommand(bot.Command{Keywords: []string{"改时间", "活动改时间"}, Role: bot.Coordinator,
		Help: "改时间 #N <新时间> — 活动改时间，私信告诉报名的邻居", Handle: w.moveEvent, Draft: w.draftMove,
		// 「把那个包饺子活动改到周日吧 周日人多」 from a resident.
		Intent: intent.Decl{Label: "活动改时间", Beyond: []string{`(把)?[^ ]{0,10}(活动|讲座|义诊|比赛)(改|挪|推|换)(到|成)(周|礼拜|星期|明天|后天|下周|[0-9一二三四五六七八九十]+(号|日|点))`}}})
	r.AddCommand(bot.Command{Keywords: []string{"改活动", "改地点", "改名额", "加名额"}, Role: bot.Coordinator,
		Help: "改活动 #N 地点 <新地点> 名额 <人数> — 活动换地方、加减名额（候补的先补上）", Handle: w.changeEvent, Draft: w.draftChange})
	r.AddCommand(bot.Command{Keywords: []string{"截止报名", "停止报名"}, Role: bot.Coordinator,
		Help: "截止报名 #N — 提前截止报名", Handle: w.closeSignUps, Draft: w.draftClose})
	r.AddCommand(bot.Command{Keywords: []string{"取消活动"}, Role: bot.Coordinator,
		Help: "取消活动 #N — 取消活动并私信通知报名的人", Handle: w.cancelEvent, Draft: w.draftCancel,
		// 「周六那活动直接取消了吧 报名人太少了」 from a resident.
		Intent: intent.Decl{Label: "取消活动", Beyond: []string{`(活动|讲座|义诊|比赛)[^ ]{0,2}(直接|干脆)(取消|不办|停办)`}}})
	r.AddCommand(bot.Command{Keywords: []string{"报名名单", "报名情况"}, Role: bot.Coordinator,
		Help: "报名名单 #N — 报名的人、人数和备注（私信给您）", Handle: w.roster})
	r.AddCommand(bot.Command{Keywords: []string{"活动列表", "近期活动"}, Help: "活动列表 — 近期活动和剩余名额", Handle: w.list, Intent: listIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"报名"}, Help: "报名 #N [2人] [备注] — 报名活动", Handle: w.signUp, Intent: signUpIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"取消报名"}, Help: "取消报名 #N — 把名额让给别人", Handle: w.withdraw, Intent: withdrawIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"改人数", "改报名人数"}, Help: "改人数 #N 2人 — 改报名的人数（名额不够加时，原来的名额不变）", Handle: w.changeParty})
	r.AddCommand(bot.Command{Keywords: []string{"我的报名"}, Help: "我的报名 — 我报名的活动", Handle: w.mine, Intent: mineIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"签到"}, Help: "签到 #N — 到了活动现场签到", Handle: w.attend, Intent: attendIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"发起投票", "新建投票"}, Role: bot.Coordinator,
		Intent: intent.Decl{Label: "发起投票", Beyond: []string{`(发|发起|搞|开|弄)(个|一个)投票`, `帮我(发|发起|搞|开|弄|新建|建)(个|一个)?投票`}},
		Help:   "发起投票 <主题> 选项：1.… 2.… 截止<时间> [每人N票] [匿名] [隐藏结果]", Handle: w.createPoll, Draft: w.draftPoll})
	r.AddCommand(bot.Command{Keywords: []string{"投票", "投"}, Help: "投票 #N 1 3 — 投票（只有一个投票时可直接发「投1」）", Handle: w.vote, Intent: voteIntent()})
	r.AddCommand(bot.Command{Handle: w.signUpAsk, Intent: signUpAskIntent()})
	r.AddCommand(bot.Command{Handle: w.voteSaid, Intent: voteSaidIntent()})
	r.AddCommand(bot.Command{Handle: w.notForOthers, Intent: forOtherIntent()})
	r.AddCommand(bot.Command{Handle: w.eventAsk, Intent: eventAskIntent()})
	r.AddCommand(bot.Command{Role: bot.Coordinator, Handle: w.rosterSaid, Intent: rosterSaidIntent()})
	r.AddCommand(bot.Command{Handle: changeVoteHow, Intent: changeVoteHowIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"结束投票", "关闭投票"}, Role: bot.Coordinator,
		Help: "结束投票 [#N] — 提前结束投票，结果发到群里", Handle: w.closePoll, Intent: closePollIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"投票结果"}, Help: "投票结果 #N — 看投票结果", Handle: w.results, Intent: resultsIntent()})
	r.AddListener(bot.Listener{Name: "events-party-words", First: true, InGroups: true, Handle: w.partyWords})
	r.AddListener(bot.Listener{Name: "events-signup-words", First: true, InGroups: true, Handle: w.signUpWords})
	r.AddListener(bot.Listener{Name: "events-vote-words", InGroups: true, Handle: w.voteWords})
	r.AddListener(bot.Listener{Name: "events-when-mine", Handle: w.whenMine})
	r.AddListener(bot.Listener{Name: "events-posted-already", First: true, Handle: w.postedAlready})
}

// StateLabel names a sign-up's state for the ledger.
func StateLabel(e EventState, s SignUpState) string {
	switch {
	case e == Cancelled || s == Withdrawn:
		return "已取消"
	case s == Waiting:
		return "候补"
	}
	return "已报名"
}

// notForOthers answers a vote or a withdrawal asked for somebody else. A
// child signed up by a grandparent (「给我孙子报个名 亲子那个 8岁了」) has
// no phone of their own: the adult who brings the child signs up for two.
func (w *Workflow) notForOthers(ctx context.Context, t *bot.Turn) error {
	if text := intent.Fold(t.Msg.Text); childSignedUp.MatchString(text) && !givenBack.MatchString(text) {
		named, err := w.comingSaid(ctx, t)
		if err != nil {
			return err
		}
		how := "「报名 #活动号 2人」（您和孩子），备注里可以写孩子几岁。不知道活动号，发「活动列表」看看。"
		if len(named) == 1 {
			how = fmt.Sprintf("「报名 #%d 2人」（您和孩子），备注里可以写孩子几岁。", named[0].No)
		}
		t.Reply("小孩子由带他来的大人报名就行：用您自己的名字报，写上人数，例如" + how)
		return nil
	}
	t.Reply("投票、报名和取消报名都要本人来：请本人自己发给我。不会用手机的，可以请社区工作人员帮忙。")
	return nil
}

// givenBack is a place given back or a vote: not a child's sign-up.
var givenBack = gatedre.MustCompile(`取消|退|撤|不去|投`)

// childSignedUp is a sign-up asked for a child: a grandchild or a child
// named with an age or a school year.
var childSignedUp = gatedre.MustCompile(`(孙子|孙女|外孙|外孙女|小孙子|小孙女)[^ ]{0,4}(报|报名|报个名)|(孩子|娃|儿子|女儿|闺女)[^ ]{0,4}(报|报名|报个名)[^?？]{0,16}([0-9一二三四五六七八九十]+岁|小学|幼儿园|上学|年级)`)
