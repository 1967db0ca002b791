package volunteer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"linli/bot"
	"linli/bot/intent"
	"linli/llm"
	"linli/pictures"
	"linli/scheduler"
	"linli/workflows/points"
)

// Load is what matching needs to know about a volunteer's recent and past
// work.
type Load struct {
	// Recent counts tasks assigned in the last 30 days; RecentHours sums
	// their confirmed hours.
	Recent      int
	RecentHours float64
	// Week counts tasks assigned in the last 7 days, those handed back
	// included (the weekly cap).
	Week int
	// HandedBack counts the hand-backs of the last 7 days.
	HandedBack int
	// Completed counts tasks done or confirmed; Dropped counts tasks
	// cancelled or closed while assigned to them.
	Completed int
	Dropped   int
	RatingSum int
	RatingN   int
}

// HandBack is a 退单 by the volunteer who had the task: it still counts
// toward their weekly cap.
type HandBack struct {
	TaskID    int64
	MemberID  int64
	Community string
	At        time.Time
	// Source is the message that handed it back.
	Source string
}

// RepeatedHandBacks is how many hand-backs in FlagWindow get a volunteer
// flagged to the coordinators: one may be bad luck, two is a pattern
// worth a look (it is also how requesters' phones would be harvested).
const (
	RepeatedHandBacks = 2
	FlagWindow        = 30 * 24 * time.Hour
)

// CompletionRate is completed over completed and dropped; a volunteer with
// no history has no rate yet (ok false).
func (l Load) CompletionRate() (float64, bool) {
	n := l.Completed + l.Dropped
	if n == 0 {
		return 0, false
	}
	return float64(l.Completed) / float64(n), true
}

// HoursEntry is one line of the hours ledger (台账): a confirmed task.
type HoursEntry struct {
	TaskID    int64
	MemberID  int64
	Community string
	Category  Skill
	Hours     float64
	Points    int64
	Rating    int
	At        time.Time
}

// Totals sums a volunteer's ledger.
type Totals struct {
	Tasks  int
	Hours  float64
	Points int64
}

// PendingAsk is a clarifying question waiting for the requester's answer
// in the chat it was asked in.
type PendingAsk struct {
	Community string
	// Chat is the group name, or "" for the private chat.
	Chat     string
	MemberID int64
	Text     string
	Missing  string
	Asked    time.Time
	// SourceMsg is the message that asked for help.
	SourceMsg string
}

// Store is what the volunteer workflow needs from storage. Called with a
// transaction's context, every method takes part in that transaction.
type Store interface {
	// SaveVolunteer creates or updates a profile; created is false for an
	// update.
	SaveVolunteer(ctx context.Context, v Volunteer) (created bool, err error)
	// Volunteer returns a profile or bot.ErrNotFound.
	Volunteer(ctx context.Context, community string, memberID int64) (Volunteer, error)
	// Volunteers lists a community's volunteers by name.
	Volunteers(ctx context.Context, community string) ([]Volunteer, error)
	SetVolunteerStatus(ctx context.Context, community string, memberID int64, s Status, at time.Time) error

	// CreateTask stores a new task and gives it its number. A task with the
	// same SourceMsg is returned instead, with created false.
	CreateTask(ctx context.Context, t Task) (task Task, created bool, err error)
	// Task returns a task or bot.ErrNotFound.
	Task(ctx context.Context, id int64) (Task, error)
	// Tasks lists a community's tasks in the given states, oldest first.
	Tasks(ctx context.Context, community string, states ...State) ([]Task, error)
	// TasksOf lists the tasks a member asked for or was assigned, newest
	// first, at most limit.
	TasksOf(ctx context.Context, community string, memberID int64, limit int) ([]Task, error)
	// UpdateTask writes t's state and lifecycle fields only if the stored
	// task is still in state from; it reports false when the task moved
	// on (another volunteer claimed it first).
	UpdateTask(ctx context.Context, t Task, from State) (bool, error)
	// AmendTask writes t's request (what, text, time, place, phone) only
	// if the stored task is still in state from; false when it moved on.
	AmendTask(ctx context.Context, t Task, from State) (bool, error)
	// Loads returns the work of every volunteer of a community as of now;
	// a task handed back in the last seven days counts in Week.
	Loads(ctx context.Context, community string, now time.Time) (map[int64]Load, error)
	// RecordHandBack keeps a 退单 by the volunteer who had the task.
	RecordHandBack(ctx context.Context, h HandBack) error
	// HandBacks counts a volunteer's hand-backs since a time.
	HandBacks(ctx context.Context, community string, memberID int64, since time.Time) (int, error)

	// RecordHours appends a ledger line; false when the task is already
	// in the ledger.
	RecordHours(ctx context.Context, h HoursEntry) (bool, error)
	// TotalsOf sums a volunteer's ledger in a community.
	TotalsOf(ctx context.Context, community string, memberID int64) (Totals, error)
	// TotalsSince sums the ledger lines of a volunteer in a community
	// dated at or after since (the month's hours on a thank-you card).
	TotalsSince(ctx context.Context, community string, memberID int64, since time.Time) (Totals, error)

	SetPendingAsk(ctx context.Context, p PendingAsk) error
	// PendingAsk returns the open question for a member in a chat or
	// bot.ErrNotFound.
	PendingAsk(ctx context.Context, community, chat string, memberID int64) (PendingAsk, error)
	// LatestPendingAsk returns a member's newest open question in any
	// chat of the community, or bot.ErrNotFound.
	LatestPendingAsk(ctx context.Context, community string, memberID int64) (PendingAsk, error)
	ClearPendingAsk(ctx context.Context, community, chat string, memberID int64) error
}

// Config holds the rules for volunteer tasks (the `volunteer:` section of
// linli.yaml; durations as "2h", "30m"). The zero value is the defaults.
type Config struct {
	// PointsPerHour is paid for each confirmed hour (default 10).
	PointsPerHour int `yaml:"points_per_hour"`
	// WeeklyCap is a new volunteer's weekly cap (default 3).
	WeeklyCap int `yaml:"weekly_cap"`
	// RequireApproval makes new volunteers wait for a coordinator.
	RequireApproval bool `yaml:"require_approval"`
	// EscalateAfter and EscalateUrgentAfter are how long an unclaimed task
	// waits before the coordinators hear of it again (2 h, 30 min).
	EscalateAfter       time.Duration `yaml:"escalate_after"`
	EscalateUrgentAfter time.Duration `yaml:"escalate_urgent_after"`
	// RemindBefore is when the assigned volunteer is reminded (1 h).
	RemindBefore time.Duration `yaml:"remind_before"`
	// AutoConfirmAfter confirms a done task the requester never confirmed
	// (48 h).
	AutoConfirmAfter time.Duration `yaml:"auto_confirm_after"`
	// AskFor is how long a clarifying question waits for its answer (2 h).
	AskFor time.Duration `yaml:"ask_for"`
	// DefaultHours is credited when the volunteer gives no time (1 h).
	DefaultHours float64 `yaml:"default_hours"`
}

func (c Config) withDefaults() Config {
	if c.PointsPerHour <= 0 {
		c.PointsPerHour = 10
	}
	if c.WeeklyCap <= 0 {
		c.WeeklyCap = 3
	}
	if c.EscalateAfter <= 0 {
		c.EscalateAfter = 2 * time.Hour
	}
	if c.EscalateUrgentAfter <= 0 {
		c.EscalateUrgentAfter = 30 * time.Minute
	}
	if c.RemindBefore <= 0 {
		c.RemindBefore = time.Hour
	}
	if c.AutoConfirmAfter <= 0 {
		c.AutoConfirmAfter = 48 * time.Hour
	}
	if c.AskFor <= 0 {
		c.AskFor = 2 * time.Hour
	}
	if c.DefaultHours <= 0 {
		c.DefaultHours = 1
	}
	return c
}

// TaskReader is an optional model that reads a request into the shared
// schema (llm.Client). Any error means the rules decide alone.
type TaskReader interface {
	ExtractTask(ctx context.Context, text string) (llm.TaskExtraction, error)
}

// Members is what the workflow asks of the member registry: who a
// coordinator means by a name, and whom to tell about a task.
type Members interface {
	// MembersByName lists everyone a typed name may mean, so that 派单
	// and 批准志愿者 act on exactly one person.
	MembersByName(ctx context.Context, community, name string) ([]bot.Member, error)
	Coordinators(ctx context.Context, community string) ([]bot.Member, error)
}

// Deps are the workflow's collaborators.
type Deps struct {
	Store   Store
	Members Members
	// Points credits volunteer points; nil credits none (hours are still
	// recorded).
	Points    points.Crediter
	Directory *bot.Directory
	Scheduler scheduler.Registrar
	Clock     bot.Clock
	// LLM is optional.
	LLM TaskReader
	Log *slog.Logger
	// Pictures, when set, draws the thank-you card a volunteer gets when a
	// task is confirmed; without it the card goes as text.
	Pictures *pictures.Renderer
}

// Timer kinds this workflow handles.
const (
	TimerEscalate    = "volunteer.escalate"
	TimerRemind      = "volunteer.remind"
	TimerAutoConfirm = "volunteer.autoconfirm"
)

// Workflow is the volunteer task workflow of every community linli serves.
type Workflow struct {
	cfg   Config
	d     Deps
	calls calls
	// urgent are the residents who just told of a life in danger.
	urgent urgentMoments
	// alerts are the emergencies lately passed on to coordinators.
	alerts alerts
	// askedSkills are the members just asked what they can do.
	askedSkills skillsAsked
}

// New builds the workflow and registers its timers on the scheduler.
func New(cfg Config, d Deps) (*Workflow, error) {
	if d.Store == nil || d.Members == nil || d.Directory == nil || d.Scheduler == nil {
		return nil, errors.New("volunteer: store, members, directory and scheduler are required")
	}
	if d.Clock == nil {
		d.Clock = bot.SystemClock{}
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	w := &Workflow{cfg: cfg.withDefaults(), d: d}
	d.Scheduler.HandleTimer(TimerEscalate, w.fireEscalate)
	d.Scheduler.HandleTimer(TimerRemind, w.fireRemind)
	d.Scheduler.HandleTimer(TimerAutoConfirm, w.fireAutoConfirm)
	return w, nil
}

// Register adds the workflow's commands and the listener that takes the
// answer to a pending question.
func (w *Workflow) Register(r bot.Registry) {
	r.AddCommand(bot.Command{Keywords: []string{"志愿者登记", "志愿登记", "登记志愿者", "志愿者报名", "报名志愿者"}, Loose: true, Help: "志愿者登记 <会什么、何时有空、住几号楼> — 成为志愿者", Handle: w.register, Intent: registerIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"我的志愿"}, Help: "我的志愿 — 我的志愿者资料、时长和积分", Handle: w.myProfile, Intent: myProfileIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"求助"}, Loose: true, Help: "求助 <需要什么帮助、时间、地点> — 找志愿者帮忙", Handle: w.request, Intent: requestIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"紧急求助"}, Loose: true, Help: "紧急求助 <情况> — 有人摔倒起不来、晕倒、煤气泄漏：先打120，社区马上知道", Handle: w.request, Intent: emergencyIntent()})
	r.AddCommand(bot.Command{Handle: w.request, Intent: escortAskedIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"接单"}, Help: "接单 #任务号 — 志愿者接下任务", Handle: w.claim, Intent: claimIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"退单"}, Help: "退单 #任务号 [原因] — 接了去不了，交回社区重新安排", Handle: w.handBack, Intent: handBackIntent()})
	r.AddCommand(bot.Command{Handle: w.giveBackByWords, Intent: giveBackIntent()})
	r.AddCommand(bot.Command{Handle: w.passOnByWords, Intent: passOnIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"完成"}, Help: "完成 #任务号 [用时1.5小时] — 志愿者报完成", Handle: w.complete, Intent: completeIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"确认"}, Help: "确认 #任务号 [1-5分] — 求助人确认完成并评分", Handle: w.confirm, Intent: confirmIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"取消"}, Help: "取消 #任务号 <原因> — 取消求助", Handle: w.cancel, Intent: cancelIntent()})
	r.AddCommand(bot.Command{Handle: w.doneByWords, Intent: doneToldIntent()})
	r.AddCommand(bot.Command{Handle: w.thanksByWords, Intent: thanksToldIntent()})
	r.AddCommand(bot.Command{Handle: notOnTheirBehalf, Intent: onTheirBehalfIntent()})
	r.AddCommand(bot.Command{Handle: w.cancelByWords, Intent: cancelToldIntent()})
	r.AddCommand(bot.Command{Handle: w.helpedByNeighbour, Intent: helpedAlreadyIntent()})
	r.AddCommand(bot.Command{Handle: w.claimByWords, Intent: claimToldIntent()})
	r.AddCommand(bot.Command{Handle: w.quit, Intent: quitIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"可接任务", "待接任务"}, Help: "可接任务 — 志愿者看看等人接的任务", Handle: w.openTasks, Intent: openTasksIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"我的任务"}, Help: "我的任务 — 我发的求助和接的任务", Handle: w.myTasks, Intent: myTasksIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"派单"}, Role: bot.Coordinator, Help: "派单 #任务号 <志愿者> — 指派志愿者", Handle: w.assign,
		// 「小周接的那个单子他去不了了 你直接改派给我」
		Intent: intent.Decl{Label: "派单", Beyond: []string{`(改派|转派)给`, `(直接)?派给我`,
			// 「把18号单子从小王手里拿过来给我」
			`从\p{Han}{1,3}(手里|手上|那儿|那里|那)(拿|转|要|调|换)(过来)?(给|到)`}}})
	r.AddCommand(bot.Command{Role: bot.Coordinator, Handle: w.assignByWords, Intent: assignSaidIntent()})
	r.AddCommand(bot.Command{Role: bot.Coordinator, Handle: legalVolunteerNoted, Intent: legalVolunteerToldIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"关闭"}, Role: bot.Coordinator, Help: "关闭 #任务号 [原因] — 关闭任务", Handle: w.close,
		Intent: intent.Decl{Label: "关闭任务", Beyond: []string{`(任务|单子|那单)(给)?(关|关掉|关闭|撤|撤掉)(吧|掉)?($| )`, `(求助|任务|单子)(帖)?[^?？]{0,16}(你)?(给|把它|帮)?(关|关掉|撤掉|删掉)(了|吧|掉)*( |$)`, `(求助|单子|任务)[^。]{0,24}(你)?(直接)?(给它|把它|帮它|帮他|给他)(关|关掉|撤|撤掉|删)(了|掉)?`, `把(它|这个|那个)?(任务|单子)?(关|关掉|关闭)(了|掉|吧)*( |$)`, `(任务|单子|那单)(转给|派给|交给)(我|他|她)`}}})
	r.AddCommand(bot.Command{Keywords: []string{"任务列表"}, Role: bot.Coordinator, Help: "任务列表 — 进行中的志愿任务", Handle: w.listTasks,
		Intent: intent.Decl{Name: "task_list", Label: "任务列表", Shape: intent.NoArgs, Menu: 1, Asks: true,
			// 「谁接了啥任务」「哪些事有人在做 哪些还没人管」「拿药那个办完了吗」
			Cues: []string{`(谁|哪个志愿者|哪些志愿者)(都)?(接|领)了(啥|什么|哪些|哪个)`, `(哪些|什么)(事|任务|单子|求助|活)有人(在做|在管|管|接|做)`,
				`^(任务|单子|求助)(都)?(怎么样了|进展|情况|咋样了)`, `(有)?新(的)?(求助|单子|任务)(单子)?(没|吗|没有)`, `\p{Han}(奶奶|爷爷|大爷|阿姨|大妈|叔|婶|姐|哥|师傅|老师).{0,6}(那个|那单|的单|任务).{0,3}(办完|做完|弄完|完成)(了)?(吗|没|没有)`,
				// 「这两周一共办了多少件事 还有没办完的吗」「陈奶奶那事怎么回事」
				`办了(多少|几)(件)?(事|单)`, `(还有)?没(有)?办完的`, `\p{Han}(奶奶|爷爷|大爷|阿姨|大妈|叔|婶|姐|哥|师傅|老师)(家)?(那事|那件事|的事|那个事)(怎么回事|咋回事|怎么样|咋样|怎么了)`},
			Beyond: []string{`(所有|全部|别人)(的)?(任务|求助|单子)`}}})
	r.AddCommand(bot.Command{Handle: w.hoursNotClaimed, Intent: hoursClaimedIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"志愿时长"}, Role: bot.Coordinator, Help: "志愿时长 [名字…] [上个月/累计] — 志愿者本月的时长", Handle: w.hoursReport, Intent: hoursReportIntent()})
	r.AddCommand(bot.Command{Role: bot.Coordinator, Handle: w.recruit, Intent: recruitIntent()})
	r.AddCommand(bot.Command{Role: bot.Coordinator, Handle: w.closeByWords, Intent: closeSaidIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"志愿者列表"}, Role: bot.Coordinator, Help: "志愿者列表 — 本社区志愿者", Handle: w.listVolunteers, Intent: volunteerListIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"批准志愿者", "恢复志愿者"}, Role: bot.Coordinator, Help: "批准志愿者 <名字> — 批准或恢复志愿者", Handle: w.approve,
		Intent: intent.Decl{Beyond: []string{`志愿者[^?？]{0,12}(你)?直接(给他|给她|把他|把她)?(批|通过)`, `(审核|申请)[^ ]{0,6}(你)?(给|帮)[^ ]{1,4}(批|通过)(一下)?`, `(批准|审批|通过)(一下)?(我|他|她)(当|做|成为)?(的)?志愿者`, `批准志愿者`, `(我|他|她)的志愿者(申请|资格)(给)?(通过|批准|批)`, `\p{Han}{1,3}的(志愿者)?申请(给)?批`, `(申请|报名)(当|做)?志愿者.{0,12}(直接|你)(给我|把我|给她|给他|把她|把他)?(批|通过|批准)`, `(给|把)(他|她)(的申请)?(审核|审批)(通过|一下)`, `(直接)?给我(审批|审核)(通过)?`, `(给|把)(他|她)(的申请)?(审核)?通过(了)?(吧|一下)?`, `(志愿者)?申请[^?？]{0,12}(你)?(自己|直接)(批|通过)`}}})
	r.AddCommand(bot.Command{Role: bot.Coordinator, Handle: w.approveByWords, Intent: approveSaidIntent()})
	r.AddCommand(bot.Command{Role: bot.Coordinator, Handle: w.approveByWords, Intent: approveHoldSaidIntent()})
	r.AddCommand(bot.Command{Handle: confirmHow, Intent: confirmHowIntent()})
	r.AddCommand(bot.Command{Handle: familyHello, Intent: familyHelloIntent()})
	r.AddCommand(bot.Command{Role: bot.Coordinator, Handle: w.holdByWords, Intent: holdSaidIntent()})
	r.AddCommand(bot.Command{Keywords: []string{"暂停志愿者"}, Role: bot.Coordinator, Help: "暂停志愿者 <名字> — 暂停派单", Handle: w.pause,
		Intent: intent.Decl{Beyond: []string{`(取消|撤销|暂停|开除|踢掉|踢了|除名|停掉)\p{Han}{0,4}的?志愿者(资格|身份)`}}})
	r.AddListener(bot.Listener{Name: "volunteer-drop", InGroups: true, First: true, Handle: w.drop})
	r.AddListener(bot.Listener{Name: "volunteer-offer-with-event-word", InGroups: true, First: true, Handle: w.offerWithEventWord})
	r.AddListener(bot.Listener{Name: "volunteer-call-answered", InGroups: true, First: true, Handle: w.answerCallWithDetails})
	r.AddListener(bot.Listener{Name: "volunteer-urgent-after", First: true, Handle: w.urgentAfter})
	r.AddListener(bot.Listener{Name: "volunteer-urgent-news", First: true, Handle: w.urgentNewsTold})
	r.AddListener(bot.Listener{Name: "volunteer-skills-after", First: true, Handle: w.skillsAfter})
	r.AddListener(bot.Listener{Name: "volunteer-going", First: true, Handle: w.goingTold})
	r.AddListener(bot.Listener{Name: "volunteer-phone-after", First: true, Handle: w.phoneAfter})
	r.AddListener(bot.Listener{Name: "volunteer-relay", First: true, Handle: w.relay})
	r.AddListener(bot.Listener{Name: "volunteer-reach-requester", First: true, Handle: w.reachRequester})
	r.AddListener(bot.Listener{Name: "volunteer-cant-go", First: true, Handle: w.cantGo})
	r.AddListener(bot.Listener{Name: "volunteer-done-hours", First: true, Handle: w.doneByHours})
	r.AddListener(bot.Listener{Name: "volunteer-done-by-name", InGroups: true, First: true, Handle: w.doneByName})
	r.AddListener(bot.Listener{Name: "volunteer-praise", First: true, Handle: w.confirmByPraise})
	r.AddListener(bot.Listener{Name: "volunteer-call", InGroups: true, Handle: w.answerCall})
	r.AddListener(bot.Listener{Name: "volunteer-request", InGroups: true, Handle: w.listen})
}

// chatKey is where a clarifying question waits: the group, or "" for the
// private chat.
func chatKey(t *bot.Turn) string {
	if t.InGroup() {
		return t.Chat.Name
	}
	return ""
}

func (w *Workflow) loc(community string) *time.Location {
	return w.d.Directory.Location(community)
}

func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("volunteer: %s: %w", op, err)
}
