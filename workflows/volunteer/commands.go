package volunteer

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
	"linli/pictures"
	"linli/scheduler"
)

var (
	reTaskRef = gatedre.MustCompile(`^#?\s*([0-9]+)\s*(?:号)?\s*(.*)$`)
	reHours   = gatedre.MustCompile(`([0-9]+(?:\.[0-9]+)?|[` + cnNumberChars + `]{1,3})\s*(?:个)?\s*(半)?\s*(小时|钟头|分钟|h)`)
	reHalfHr  = gatedre.MustCompile(`半\s*(?:个)?\s*(?:小时|钟头)`)
	reRating  = gatedre.MustCompile(`(-?[0-9]+)\s*(?:分|星)?`)
)

// taskRef reads "#12 rest" from a command's arguments.
func taskRef(args, usage string) (int64, string, error) {
	args = strings.TrimSpace(args)
	m := reTaskRef.FindStringSubmatch(args)
	if m == nil {
		return 0, "", bot.Userf("请带上任务号，例如：%s", usage)
	}
	id, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil || id <= 0 {
		return 0, "", bot.Userf("任务号不对，例如：%s", usage)
	}
	return id, strings.TrimSpace(m[2]), nil
}

// loadTask finds a task of the turn's community.
func (w *Workflow) loadTask(ctx context.Context, t *bot.Turn, id int64) (Task, error) {
	task, err := w.d.Store.Task(ctx, id)
	if errors.Is(err, bot.ErrNotFound) || (err == nil && task.Community != t.Community()) {
		return Task{}, bot.Userf("没有找到任务 #%d，请核对任务号。", id)
	}
	if err != nil {
		return Task{}, wrap("load task", err)
	}
	return task, nil
}

// register handles 志愿者登记: a new profile, or an update of the old one.
func (w *Workflow) register(ctx context.Context, t *bot.Turn) error {
	text := strings.TrimSpace(t.Args)
	if text == "" {
		return bot.Userf("请在“志愿者登记”后面写上会什么、什么时候有空、住几号楼，例如：志愿者登记 会修电脑，周末有空，住5号楼")
	}
	if t.Keyword == "" {
		text = movedHere.ReplaceAllString(text, " ")
	}
	skills, _, _, building, _ := ParseProfile(text)
	if len(skills) == 0 {
		w.askedSkills.Mark(t.Member.ID, t.Now, skillsWindow)
	}
	if len(skills) == 0 && building == "" && !freeWhen.MatchString(text) {
		// Neither what they do nor when they are free nor where they
		// live: nothing yet to register.
		return bot.Userf("想当志愿者，告诉我您能帮什么、什么时候有空就行。可以写：买菜跑腿、陪诊就医、助老陪伴、家电维修、电脑手机教学、法律咨询、心理疏导、儿童看护辅导、助残服务、清洁整理、搬运。例如：志愿者登记 会修电脑，周末有空，住5号楼")
	}
	if t.InGroup() && t.Keyword == "" && w.calls.isOpen(t.Community(), t.Now) {
		// An answer to the call in the group is acknowledged as one.
		return w.saveProfile(ctx, t, text, t.Member.Name+" 已记下，社区审核后私信通知您。")
	}
	return w.saveProfile(ctx, t, text, "志愿者资料已私信发给您。")
}

// saveProfile registers the sender as a volunteer with what text tells,
// or updates their profile, tells them privately what was recorded and
// the coordinators of a new applicant; groupNote is said in a group.
func (w *Workflow) saveProfile(ctx context.Context, t *bot.Turn, text, groupNote string) error {
	skills, avail, estate, building, weeklyCap := ParseProfile(text)
	comm := t.Community()
	old, err := w.d.Store.Volunteer(ctx, comm, t.Member.ID)
	existed := err == nil
	if err != nil && !errors.Is(err, bot.ErrNotFound) {
		return wrap("load volunteer", err)
	}
	v := Volunteer{MemberID: t.Member.ID, Name: t.Member.Name, Community: comm, Skills: skills, Avail: avail,
		Estate: estate, Building: building, WeeklyCap: weeklyCap, Status: Active, Text: text, CreatedAt: t.Now, UpdatedAt: t.Now}
	if existed {
		v.Status, v.CreatedAt = old.Status, old.CreatedAt
		if v.WeeklyCap == 0 {
			v.WeeklyCap = old.WeeklyCap
		}
		if v.Building == "" {
			v.Building, v.Estate = old.Building, old.Estate
		}
	} else if w.cfg.RequireApproval {
		v.Status = Pending
	}
	if v.WeeklyCap == 0 {
		v.WeeklyCap = w.cfg.WeeklyCap
	}
	if _, err := w.d.Store.SaveVolunteer(ctx, v); err != nil {
		return wrap("save volunteer", err)
	}
	var b strings.Builder
	if existed {
		b.WriteString("您已经是志愿者，资料已更新：")
	} else {
		b.WriteString("志愿者登记成功，谢谢您！我记下的是：")
	}
	names := make([]string, len(v.Skills))
	for i, s := range v.Skills {
		names[i] = string(s)
	}
	if len(names) == 0 {
		// 「我想报名当志愿者 晚上和周末有空」: willing, with time, and no
		// word yet of what they do; what they can do is asked, not guessed.
		names = []string{"未说明"}
		b.WriteString("\n技能：未说明（会什么告诉我，比如“志愿者登记 会买菜跑腿、陪老人聊天”，派单时好推荐您）")
	} else {
		fmt.Fprintf(&b, "\n技能：%s", strings.Join(names, "、"))
	}
	fmt.Fprintf(&b, "\n有空：%s", v.Avail.Describe())
	if v.Building != "" {
		fmt.Fprintf(&b, "\n住址：%s%s号楼", v.Estate, v.Building)
	} else {
		b.WriteString("\n住址：未说明（写上几号楼，就近的求助会优先推荐给您）")
	}
	fmt.Fprintf(&b, "\n每周最多：%d单", v.WeeklyCap)
	if v.Status == Pending {
		b.WriteString("\n等社区协调员审核后开始派单。")
		if !existed {
			coords, err := w.d.Members.Coordinators(ctx, comm)
			if err != nil {
				return wrap("coordinators", err)
			}
			for _, c := range coords {
				t.Send(bot.MemberAddress(c), fmt.Sprintf("新志愿者待批准：%s（%s）。批准后才能接单、看到求助人的电话和地址；核实是本人后发送「批准志愿者 %s」。",
					v.Name, strings.Join(names, "、"), v.Name))
			}
		}
	}
	b.WriteString("\n有不对的，重新发一遍“志愿者登记 …”即可更正。")
	w.replyPrivate(t, b.String(), groupNote)
	return nil
}

// replyPrivate sends text privately and, when asked in a group, a short
// note there so the asker knows where to look.
func (w *Workflow) replyPrivate(t *bot.Turn, text, groupNote string) {
	t.ReplyPrivately(text)
	if t.InGroup() && groupNote != "" {
		t.Reply(groupNote)
	}
}

// myProfile handles 我的志愿.
func (w *Workflow) myProfile(ctx context.Context, t *bot.Turn) error {
	comm := t.Community()
	v, err := w.d.Store.Volunteer(ctx, comm, t.Member.ID)
	if errors.Is(err, bot.ErrNotFound) {
		return bot.Userf("您还没有登记志愿者。发送“志愿者登记 会什么、什么时候有空、住几号楼”即可登记。")
	}
	if err != nil {
		return wrap("load volunteer", err)
	}
	tot, err := w.d.Store.TotalsOf(ctx, comm, t.Member.ID)
	if err != nil {
		return wrap("totals", err)
	}
	tasks, err := w.d.Store.TasksOf(ctx, comm, t.Member.ID, 20)
	if err != nil {
		return wrap("tasks of", err)
	}
	var b strings.Builder
	names := make([]string, len(v.Skills))
	for i, s := range v.Skills {
		names[i] = string(s)
	}
	fmt.Fprintf(&b, "%s的志愿者资料（%s）", v.Name, statusLabel(v.Status))
	fmt.Fprintf(&b, "\n技能：%s\n有空：%s\n每周最多：%d单", strings.Join(names, "、"), v.Avail.Describe(), v.WeeklyCap)
	fmt.Fprintf(&b, "\n累计：%d单，%s小时，%d积分", tot.Tasks, formatHours(tot.Hours), tot.Points)
	var open []string
	for _, task := range tasks {
		if task.VolunteerID == t.Member.ID && (task.State == Assigned || task.State == Done) {
			open = append(open, fmt.Sprintf("#%d %s %s %s", task.ID, task.Category, DescribeWindow(task.Window, t.Now.In(t.Loc)), task.State.Label()))
		}
	}
	if len(open) > 0 {
		b.WriteString("\n手上的任务：\n" + strings.Join(open, "\n"))
	}
	w.replyPrivate(t, b.String(), "已私信发给您。")
	return nil
}

func statusLabel(s Status) string {
	switch s {
	case Pending:
		return "待审核"
	case Paused:
		return "已暂停"
	}
	return "已启用"
}

// request handles 求助 <text>.
func (w *Workflow) request(ctx context.Context, t *bot.Turn) error {
	text := strings.TrimSpace(t.Args)
	if text == "" {
		return bot.Userf("请在“求助”后面说说需要什么帮助，例如：求助 明天上午想找人陪我去医院复查，住3号楼")
	}
	if t.Keyword == "" && t.IsCoordinator() && !t.InGroup() {
		// A coordinator's own words in private are about their work
		// (「唐国庆来领洗衣液了 帮我核一下」「医院那个谁能顶上」) far more
		// often than a need of their own: only a clear kind of help, not
		// about a task already there, is taken as a request.
		if cat, _ := classify(intent.Fold(text)); cat == Other || claimRef.MatchString(text) {
			return bot.Userf(replyCoordinatorWords)
		}
	}
	if t.Keyword == "" {
		// 「我住2栋1单元302 明早8点在楼下等 是不是有个小伙子陪我去」 after a
		// request: the place and time of the help already asked for, not a
		// second request.
		if err := w.amend(ctx, t, text); !errors.Is(err, bot.ErrPass) {
			return err
		}
	}
	return w.intake(ctx, t, text)
}

// freeWhen is a registration saying when the member is free.
var freeWhen = gatedre.MustCompile(`有空|有时间|空闲|周末|工作日|平时|上午|下午|晚上|早上|白天|随时|每天|天天|周[一二三四五六日天]|星期|礼拜`)

// replyCoordinatorWords answers a coordinator's words that read as no
// command: how to write the ones a request is mistaken for.
const replyCoordinatorWords = "这句我没看懂。替居民登记求助请发「求助 …」；看任务发「任务列表」，派单发「派单 #任务号 名字」；发「全部命令」看全部。"

// listen takes the answer to a pending question; requests in residents'
// own words reach request through the router's intents.
func (w *Workflow) listen(ctx context.Context, t *bot.Turn) error {
	if t.Msg.Kind != bot.Text {
		return bot.ErrPass
	}
	text := strings.TrimSpace(t.Args)
	comm, chat := t.Community(), chatKey(t)
	ask, err := w.d.Store.PendingAsk(ctx, comm, chat, t.Member.ID)
	if errors.Is(err, bot.ErrNotFound) && !t.InGroup() {
		// Asked in a group, answered in private, where a door number
		// belongs.
		ask, err = w.d.Store.LatestPendingAsk(ctx, comm, t.Member.ID)
	}
	switch {
	case err == nil && t.Now.Sub(ask.Asked) <= w.cfg.AskFor && text != "" && !looksLikeQuestion(text):
		// A question in between ("电池是什么垃圾") is for the FAQ; the
		// request keeps waiting for its answer.
		if err := w.d.Store.ClearPendingAsk(ctx, comm, ask.Chat, t.Member.ID); err != nil {
			return wrap("clear question", err)
		}
		return w.answer(ctx, t, ask, text)
	case err != nil && !errors.Is(err, bot.ErrNotFound):
		return wrap("pending question", err)
	}
	return w.amend(ctx, t, text)
}

// drop takes back a request waiting on its question when the resident
// says it is no longer needed (「不用了，谢谢」): before the thanks it
// would otherwise read as, so nothing said later is folded into it.
func (w *Workflow) drop(ctx context.Context, t *bot.Turn) error {
	text := strings.TrimSpace(t.Args)
	if t.Msg.Kind != bot.Text || !dropAsk.MatchString(text) {
		return bot.ErrPass
	}
	comm, chat := t.Community(), chatKey(t)
	ask, err := w.d.Store.PendingAsk(ctx, comm, chat, t.Member.ID)
	switch {
	case errors.Is(err, bot.ErrNotFound):
		return w.dropJustMade(ctx, t)
	case err != nil:
		return wrap("pending question", err)
	case t.Now.Sub(ask.Asked) > dropFor:
		return bot.ErrPass
	}
	if err := w.d.Store.ClearPendingAsk(ctx, comm, chat, t.Member.ID); err != nil {
		return wrap("clear question", err)
	}
	t.Reply("好的，这条求助不记了。有需要随时再找我。")
	return nil
}

// dropJustMade cancels the request the member made in this chat within
// dropFor, still untaken, when they say it is no longer needed: 「不用了，谢
// 谢」 after the receipt means the request, not thanks.
func (w *Workflow) dropJustMade(ctx context.Context, t *bot.Turn) error {
	task, err := w.latestRequest(ctx, t, false)
	switch {
	case errors.Is(err, bot.ErrNotFound):
		return bot.ErrPass
	case err != nil:
		return err
	case task.State != Open || task.Chat != chatKey(t) || t.Now.Sub(task.CreatedAt) > dropFor:
		return bot.ErrPass
	}
	t.Args = fmt.Sprintf("#%d %s", task.ID, clip(strings.TrimSpace(t.Args), 40))
	return w.cancel(ctx, t)
}

// extract reads a request with the LLM when there is one, the rules
// otherwise or on any failure.
func (w *Workflow) extract(ctx context.Context, text string, now time.Time) Request {
	rules := ExtractRules(text, now)
	if w.d.LLM == nil {
		return rules
	}
	x, err := w.d.LLM.ExtractTask(ctx, text)
	if err != nil {
		w.d.Log.Debug("llm extraction failed, using rules", "err", err)
		return rules
	}
	return mergeLLM(rules, x, now)
}

// intake turns text into a task, or asks the one question it lacks. Two
// needs of different kinds in one message (「灯泡坏了帮忙换一下 还有下礼拜二
// 陪我去复查」) become two tasks; a gas appliance goes to the gas company.
func (w *Workflow) intake(ctx context.Context, t *bot.Turn, text string) error {
	text = maskIDs(text)
	now := t.Now.In(t.Loc)
	parts := splitNeeds(text)
	if parts == nil {
		if gasRepair.MatchString(text) && !gasLeak.MatchString(text) {
			t.Reply(replyGas)
			return nil
		}
		return w.intakeOne(ctx, t, text, w.extract(ctx, text, now), t.Msg.ID, "")
	}
	// The needs said in full first: a task made clears the question
	// waiting in the chat, which is asked last.
	var ask func() error
	for i, part := range parts {
		if gasRepair.MatchString(part) && !gasLeak.MatchString(part) {
			t.Reply(replyGas)
			continue
		}
		req, source := w.extract(ctx, part, now), fmt.Sprintf("%s:%d", t.Msg.ID, i+1)
		if req.Missing() == "what" && ask == nil {
			ask = func() error {
				return w.intakeOne(ctx, t, part, req, source, fmt.Sprintf("「%s」这件：", clip(summarise(part), 12)))
			}
			continue
		}
		// One question at a time: the time of another need is left for
		// the coordinators to ask.
		if err := w.createTask(ctx, t, part, req, source); err != nil {
			return err
		}
	}
	if ask != nil {
		return ask()
	}
	return nil
}

// intakeOne makes a task of one need, or asks the question it lacks,
// led by lead when there are several needs.
func (w *Workflow) intakeOne(ctx context.Context, t *bot.Turn, text string, req Request, source, lead string) error {
	if prev, ok, err := w.timeFor(ctx, t, req); err != nil || ok {
		// 「医生让我二十一号去 上午 八点要到」 just after 「能不能再找个人陪
		// 我去」: the time of that request, not a second one.
		if err != nil {
			return err
		}
		return w.addTo(ctx, t, prev, text, req, false)
	}
	if prev, ok, err := w.sameNeedOpen(ctx, t, req); err != nil || ok {
		// 「男孩子也行 正好有人陪他玩」 after asking for someone to mind
		// the child: more about that request, not a second one.
		if err != nil {
			return err
		}
		return w.addTo(ctx, t, prev, text, req, false)
	}
	if missing := req.Missing(); missing == "what" {
		ask := PendingAsk{Community: t.Community(), Chat: chatKey(t), MemberID: t.Member.ID, Text: text,
			Missing: missing, Asked: t.Now, SourceMsg: source}
		if err := w.d.Store.SetPendingAsk(ctx, ask); err != nil {
			return wrap("save question", err)
		}
		t.Reply(lead + askWhat)
		return nil
	}
	return w.createTask(ctx, t, text, req, source)
}

// timeFor is the member's request made in this chat within AskFor with
// no time, of req's kind, when req brings a time: the same need told again
// with its time.
func (w *Workflow) timeFor(ctx context.Context, t *bot.Turn, req Request) (Task, bool, error) {
	if req.Window.IsZero() {
		return Task{}, false, nil
	}
	prev, ok, err := w.timelessRequest(ctx, t)
	return prev, ok && (req.Category == prev.Category || req.Category == Other), err
}

// sameNeedOpen is the member's latest request, asked in this chat within
// a day and still open or taken, when req is of its kind and brings no
// other time: the same need told again.
func (w *Workflow) sameNeedOpen(ctx context.Context, t *bot.Turn, req Request) (Task, bool, error) {
	if req.Category == Other {
		return Task{}, false, nil
	}
	prev, ok, err := w.latestIfAny(ctx, t, false)
	if !ok {
		return Task{}, false, err
	}
	sameTime := req.Window.IsZero() || req.Window == prev.Window
	return prev, prev.Category == req.Category && prev.Chat == chatKey(t) && sameTime, nil
}

// anyTimeSaid leaves the time to the volunteers in the request itself:
// 「我在9号楼一楼 随时来都行」.
var anyTimeSaid = gatedre.MustCompile(`随时|什么时候都|啥时候都|哪天都|几点都|时间不限|不限时间`)

// replyGas sends a gas appliance to those allowed to touch it.
const replyGas = "燃气灶、热水器这类燃气设备，请找燃气公司或物业报修（燃气公司一般免费上门检查），志愿者不动燃气设备。闻到燃气味请先关阀门、开窗，到室外打电话。"

// gasRepair is a gas appliance to mend or look at.
var gasRepair = gatedre.MustCompile(`(燃气|煤气|天然气)(灶|炉|热水器|管|表|阀|罐)[^，。]{0,10}(修|打不着|点不着|不着火|打不上火|坏|看看|检查|不好使)`)

// alsoNeeds joins a second need to the first: 「还有」「另外」「顺便」.
var alsoNeeds = gatedre.MustCompile(`[，,。；; ]*(还有就是|还有|另外|再就是|顺便|顺带)[，,：: ]*`)

// splitNeeds splits text into two needs when a joining word stands
// between two that are of different kinds; nil otherwise.
func splitNeeds(text string) []string {
	loc := alsoNeeds.FindStringIndex(text)
	if loc == nil || loc[0] == 0 || loc[1] == len(text) {
		return nil
	}
	a, b := strings.TrimSpace(text[:loc[0]]), strings.TrimSpace(text[loc[1]:])
	if gasRepair.MatchString(a) != gasRepair.MatchString(b) {
		// 「擦擦窗户 还有燃气灶打不着火」: the gas part goes elsewhere.
		return []string{a, b}
	}
	ca, _ := classify(intent.Fold(a))
	cb, _ := classify(intent.Fold(b))
	if ca == Other || cb == Other || ca == cb || !helpDone.MatchString(b) {
		// 「…还有付钱的那个码也不知道在哪里打开 去菜市场都是现金…」 tells
		// more of the first need, and asks for no second hand.
		return nil
	}
	return []string{a, b}
}

// helpDone is a hand asked for in a second need: what someone would do.
var helpDone = gatedre.MustCompile(`陪|帮|修|换|送|买|拿|取|搬|扛|抬|教|接|打扫|擦|通|收拾|看一下|看看|照看|念|读`)

// dropFor is how long a request waiting on its question can be called
// off in words: longer than it waits for the answer, since 「擦窗户算了」
// the next morning still means it.
const dropFor = 24 * time.Hour

// dropAsk is the answer of a resident who no longer needs the help asked
// about.
var dropAsk = gatedre.MustCompile(`^(不用了?|算了|不需要了?|不要了|不麻烦了|不找了|取消|取消吧|已经好了|好了不用了?)[。！!，, ]*(谢谢|谢了)?[。！!]*$|^\p{Han}{1,6}(就)?(算了|不用了|不要了|不需要了|不找了)([ ，,。].{0,20})?$`)

// askWhat is the one question a request is ever asked: what the help is.
// A request that does not say when is recorded at once, and the time
// is asked beside it (whenLater).
const askWhat = "请问需要帮什么忙？一句话说说就行，比如：陪我去医院复查。"

// whenLater closes the receipt of a task that does not say when: the
// time may be told next, and need not be.
const whenLater = "什么时候需要？直接告诉我就行（比如：明天上午、周六下午3点），我补进去；不说的话，接单的志愿者会先跟您约时间。"

// answer completes a request with the answer to its question. Only one
// question is ever asked: what is still missing is left for the
// coordinators.
func (w *Workflow) answer(ctx context.Context, t *bot.Turn, ask PendingAsk, text string) error {
	now := t.Now.In(t.Loc)
	full := ask.Text + "，" + maskIDs(text)
	req := w.extract(ctx, full, now)
	if !hasContent(req) {
		req.What = summarise(text)
	}
	if m := reFloor.FindStringSubmatch(text); m != nil {
		req.What += "；住" + m[2]
	}
	return w.createTask(ctx, t, full, req, ask.SourceMsg)
}

// emergencyFirst opens the reply to a request that tells of a life in
// danger: a volunteer is no ambulance.
func emergencyFirst(text string) string {
	if gasLeak.MatchString(text) {
		return "煤气泄漏请先关阀门、开窗，不要开关电器，到室外再打119。社区已收到，会尽快联系您。"
	}
	return "有生命危险请马上拨打120急救电话。社区已收到，会尽快联系您。"
}

// createTask stores the task, tells the requester, the group and the
// coordinators, and sets the escalation timer.
func (w *Workflow) createTask(ctx context.Context, t *bot.Turn, text string, req Request, source string) error {
	comm := t.Community()
	task := Task{Community: comm, Chat: chatKey(t), RequesterID: t.Member.ID, Requester: t.Member.Name,
		Request: req, Text: text, State: Open, CreatedAt: t.Now, SourceMsg: source}
	task, created, err := w.d.Store.CreateTask(ctx, task)
	if err != nil {
		return wrap("create task", err)
	}
	// A complete request answers any question still waiting in this chat.
	if err := w.d.Store.ClearPendingAsk(ctx, comm, chatKey(t), t.Member.ID); err != nil {
		return wrap("clear question", err)
	}
	now := t.Now.In(t.Loc)
	when := DescribeWindow(task.Window, now)
	if !created {
		t.Reply(fmt.Sprintf("这条求助已经记下了，任务 #%d（%s）。", task.ID, task.Category))
		return nil
	}
	private := fmt.Sprintf("已收到，任务 #%d（%s，%s）\n%s\n有不对的，发“取消 #%d”后重新求助。", task.ID, task.Category, when, details(task, now, false), task.ID)
	if task.Missing() == "when" && !anyTimeSaid.MatchString(text) {
		private += "\n" + whenLater
	}
	first := ""
	if isEmergency(text) {
		first = emergencyFirst(text) + "\n"
		private = first + private
		w.urgent.Mark(t.Member.ID, t.Now, urgentWindow)
		w.alerts.mark(comm, alert{name: t.Member.Name, task: task.ID, at: t.Now})
	}
	if t.InGroup() {
		// The group sees the number and the category, nothing more.
		group := first + fmt.Sprintf("已收到，任务 #%d（%s），详情已私信转给社区。志愿者可回复“接单 #%d”。", task.ID, task.Category, task.ID)
		if req.Phone != "" || req.Place.Room != "" {
			group += "\n为保护隐私，电话和门牌号请私聊我，不要发在群里。"
		}
		t.Reply(group)
	}
	t.ReplyPrivately(private)
	if err := w.notifyCoordinators(ctx, t, task, now, "新求助", "", 0); err != nil {
		return err
	}
	return w.escalateLater(ctx, task, t.Now)
}

// escalateLater sets the timer that tells the coordinators again when an
// open task is still unclaimed: sooner for an urgent one.
func (w *Workflow) escalateLater(ctx context.Context, task Task, now time.Time) error {
	after := w.cfg.EscalateAfter
	if task.Urgent {
		after = w.cfg.EscalateUrgentAfter
	}
	return w.setTimer(ctx, TimerEscalate, task.ID, now.Add(after))
}

// notifyCoordinators sends the private notice with the top three
// candidates: "新求助 #12 陪诊就医 明天上午 3号楼 — 推荐：1. 张三（…）".
// A volunteer who just handed the task back (exclude, 0 for none) is not
// recommended for it again.
func (w *Workflow) notifyCoordinators(ctx context.Context, send bot.Messenger, task Task, now time.Time, head, note string, exclude int64) error {
	cands, err := w.candidates(ctx, task)
	if err != nil {
		return err
	}
	if exclude != 0 {
		cands = slices.DeleteFunc(cands, func(c Candidate) bool { return c.Volunteer.MemberID == exclude })
	}
	coords, err := w.d.Members.Coordinators(ctx, task.Community)
	if err != nil {
		return wrap("coordinators", err)
	}
	where := task.Place.Coarse()
	line := fmt.Sprintf("%s #%d %s %s", head, task.ID, task.Category, DescribeWindow(task.Window, now))
	if task.Urgent {
		line += "（急）"
	}
	if where != "" {
		line += " " + where
	}
	line += note
	text := fmt.Sprintf("%s — 推荐：%s\n%s\n派单请回复：派单 #%d 名字", line, Recommend(cands), details(task, now, false), task.ID)
	for _, c := range coords {
		send.Send(bot.MemberAddress(c), text)
	}
	return nil
}

func (w *Workflow) candidates(ctx context.Context, task Task) ([]Candidate, error) {
	vols, err := w.d.Store.Volunteers(ctx, task.Community)
	if err != nil {
		return nil, wrap("volunteers", err)
	}
	loads, err := w.d.Store.Loads(ctx, task.Community, w.d.Clock.Now())
	if err != nil {
		return nil, wrap("loads", err)
	}
	return Rank(task, vols, loads, w.loc(task.Community)), nil
}

func timerKey(kind string, id int64) string { return fmt.Sprintf("%s:%d", kind, id) }

func (w *Workflow) setTimer(ctx context.Context, kind string, id int64, at time.Time) error {
	err := w.d.Scheduler.SetTimer(ctx, scheduler.Timer{Key: timerKey(kind, id), Kind: kind, At: at, Payload: strconv.FormatInt(id, 10)})
	return wrap("set timer", err)
}

func (w *Workflow) cancelTimers(ctx context.Context, id int64, kinds ...string) error {
	for _, k := range kinds {
		if err := w.d.Scheduler.CancelTimer(ctx, timerKey(k, id)); err != nil {
			return wrap("cancel timer", err)
		}
	}
	return nil
}

// claim handles 接单 #12: the first volunteer wins.
func (w *Workflow) claim(ctx context.Context, t *bot.Turn) error {
	id, _, err := taskRef(t.Args, "接单 #12")
	if err != nil {
		return err
	}
	task, err := w.loadTask(ctx, t, id)
	if err != nil {
		return err
	}
	v, err := w.mayTake(ctx, task.Community, t.Member.ID)
	if err != nil {
		return err
	}
	return w.give(ctx, t, task, v, false)
}

// give assigns task to v (a claim, or a coordinator's 派单) if it is still
// open.
func (w *Workflow) give(ctx context.Context, t *bot.Turn, task Task, v Volunteer, byCoordinator bool) error {
	switch {
	case task.RequesterID == v.MemberID:
		return bot.Userf("不能接自己发的求助哦。")
	case task.State == Assigned && task.VolunteerID == v.MemberID:
		return bot.Userf("任务 #%d 已经是%s在做了。", task.ID, v.Name)
	case task.State == Assigned || task.State == Done:
		return bot.Userf("任务 #%d 已经有人接了，谢谢！看看别的任务吧。", task.ID)
	case !task.State.CanMoveTo(Assigned):
		return bot.Userf("任务 #%d %s，不能再接了。", task.ID, task.State.Label())
	}
	loads, err := w.d.Store.Loads(ctx, task.Community, t.Now)
	if err != nil {
		return wrap("loads", err)
	}
	if l := loads[v.MemberID]; !byCoordinator && l.Week >= v.WeeklyCap {
		return bot.Userf("您这周已经接了%d单，到上限了，先休息一下吧。", l.Week)
	}
	task.State, task.VolunteerID, task.Volunteer, task.AssignedAt = Assigned, v.MemberID, v.Name, t.Now
	ok, err := w.d.Store.UpdateTask(ctx, task, Open)
	if err != nil {
		return wrap("assign task", err)
	}
	if !ok {
		return bot.Userf("任务 #%d 已经有人接了，谢谢！看看别的任务吧。", task.ID)
	}
	now := t.Now.In(t.Loc)
	head := fmt.Sprintf("您已接下任务 #%d（%s）", task.ID, task.Category)
	if byCoordinator {
		head = fmt.Sprintf("协调员%s把任务 #%d（%s）派给了您", t.Member.Name, task.ID, task.Category)
	}
	volText := fmt.Sprintf("%s\n%s\n做完后回复：完成 #%d 用时1小时", head, details(task, now, true), task.ID)
	t.Send(bot.MemberAddress(bot.Member{ID: v.MemberID, Name: v.Name}), volText)
	t.Send(bot.MemberAddress(bot.Member{ID: task.RequesterID, Name: task.Requester}),
		fmt.Sprintf("您的任务 #%d（%s）由志愿者%s负责，%s会和您联系。", task.ID, task.Category, v.Name, v.Name))
	if byCoordinator {
		t.Reply(fmt.Sprintf("已派单：任务 #%d → %s。", task.ID, v.Name))
	} else if t.InGroup() {
		t.Reply(fmt.Sprintf("任务 #%d 由 %s 接单，详情已私信。", task.ID, v.Name))
	}
	if err := w.cancelTimers(ctx, task.ID, TimerEscalate); err != nil {
		return err
	}
	if !task.Window.IsZero() {
		if at := task.Window.Start.Add(-w.cfg.RemindBefore); at.After(t.Now) {
			return w.setTimer(ctx, TimerRemind, task.ID, at)
		}
	}
	return nil
}

// assign handles 派单 #12 张三. The name must mean exactly one registered
// volunteer: when several members answer to it, or the one who does took
// it recently, the coordinator is shown who is who and picks by the
// numbered name (「王芳(2)」), or confirms with 「确认」.
func (w *Workflow) assign(ctx context.Context, t *bot.Turn) error {
	id, name, err := taskRef(t.Args, "派单 #12 张三")
	if err != nil {
		return err
	}
	name = strings.TrimPrefix(strings.TrimSpace(name), "@")
	confirmed := false
	if n, ok := strings.CutSuffix(name, "确认"); ok {
		name, confirmed = strings.TrimSpace(n), true
	}
	if name == "" {
		return bot.Userf("请写上志愿者的名字，例如：派单 #12 张三")
	}
	task, err := w.loadTask(ctx, t, id)
	if err != nil {
		return err
	}
	v, err := w.pickVolunteer(ctx, t, task.Community, name, fmt.Sprintf("派单 #%d", task.ID), confirmed)
	if err != nil {
		return err
	}
	switch v.Status {
	case Paused:
		return bot.Userf("%s的志愿者资格已暂停，先发“恢复志愿者 %s”。", v.Name, v.Name)
	case Pending:
		return bot.Userf("%s还没有批准为志愿者。核实身份后发送“批准志愿者 %s”，再派单。", v.Name, v.Name)
	}
	return w.give(ctx, t, task, v, true)
}

// nameFresh is how recently a member must have taken a name for 派单 by
// that name to ask first.
const nameFresh = 7 * 24 * time.Hour

// nickname is how neighbours call one another: 小刘, 老马, 周姐, 吴师傅.
var nickname = gatedre.MustCompile(`^((小|老)\p{Han}|\p{Han}(姐|哥|师傅|阿姨|叔|婶|老师|大爷|大妈|奶奶|爷爷))$`)

// pickVolunteer finds the one volunteer a coordinator means by name. It
// answers with a numbered list (a *bot.UserError) when the name is
// ambiguous, and asks for 「确认」 when the only match took the name
// recently; usage is the command to repeat ("派单 #3").
func (w *Workflow) pickVolunteer(ctx context.Context, t *bot.Turn, comm, name, usage string, confirmed bool) (Volunteer, error) {
	members, err := w.d.Members.MembersByName(ctx, comm, name)
	if err != nil {
		return Volunteer{}, wrap("find member", err)
	}
	if len(members) == 0 {
		// One who registered in the private chat and has not spoken in
		// the community's groups yet is known by the name registered.
		vols, err := w.d.Store.Volunteers(ctx, comm)
		if err != nil {
			return Volunteer{}, wrap("list volunteers", err)
		}
		for _, v := range vols {
			if v.Name == name {
				members = append(members, bot.Member{ID: v.MemberID, Name: v.Name, Community: comm})
			}
		}
		if len(members) == 0 && nickname.MatchString(name) {
			// 「周姐」「小刘」「老马」: the one volunteer neighbours call so.
			for _, v := range vols {
				if mentions(name, v.Name) {
					members = append(members, bot.Member{ID: v.MemberID, Name: v.Name, Community: comm})
				}
			}
		}
	}
	type match struct {
		m bot.Member
		v Volunteer
	}
	var found []match
	for _, m := range members {
		v, err := w.d.Store.Volunteer(ctx, comm, m.ID)
		if errors.Is(err, bot.ErrNotFound) {
			continue
		}
		if err != nil {
			return Volunteer{}, wrap("load volunteer", err)
		}
		v.Name = m.Name
		found = append(found, match{m, v})
	}
	switch {
	case len(found) == 0 && len(members) == 0:
		return Volunteer{}, bot.Userf("没有找到“%s”，请核对名字（要和群里显示的一样）。", name)
	case len(found) == 0:
		return Volunteer{}, bot.Userf("%s还没有登记志愿者，请先让他发送“志愿者登记 …”。", name)
	case len(found) > 1:
		var b strings.Builder
		fmt.Fprintf(&b, "叫“%s”的志愿者有%d位，请按编号选：", name, len(found))
		for _, f := range found {
			label := f.m.Name
			if !strings.HasSuffix(label, ")") {
				label += "(1)" // the first of a name is shown without its number
			}
			fmt.Fprintf(&b, "\n· %s（%s，%s登记）", label, statusLabel(f.v.Status), f.v.CreatedAt.In(t.Loc).Format("1月2日"))
		}
		fmt.Fprintf(&b, "\n例如：%s %s(1)", usage, name)
		return Volunteer{}, bot.Userf("%s", b.String())
	}
	f := found[0]
	if !confirmed && f.v.Status == Active && !f.m.NameChanged.IsZero() && t.Now.Sub(f.m.NameChanged) < nameFresh {
		return Volunteer{}, bot.Userf("%s是%s才改成现在这个名字的，请确认是您要找的人（%s登记，%s）。确认请发送：%s %s 确认",
			f.m.Name, f.m.NameChanged.In(t.Loc).Format("1月2日"), f.v.CreatedAt.In(t.Loc).Format("1月2日"), statusLabel(f.v.Status), usage, f.m.Name)
	}
	return f.v, nil
}

// parseHours reads "用时1.5小时", "一个半小时", "90分钟", "半小时". It is
// strict, since hours become points: a number that is part of something
// longer (-5, 1e9, 2.5.3, 负3) or a second duration is refused, never read
// from its tail.
func parseHours(s string) (float64, bool) {
	if reHalfHr.MatchString(s) && !reHours.MatchString(strings.Replace(s, "半", "", 1)) {
		return 0.5, true
	}
	all := reHours.FindAllStringSubmatchIndex(s, -1)
	if len(all) != 1 {
		return 0, false
	}
	if before, _ := utf8.DecodeLastRuneInString(s[:all[0][0]]); strings.ContainsRune("-+−－＋负.．eE0123456789", before) {
		return 0, false
	}
	m := reHours.FindStringSubmatch(s)
	var v float64
	if f, err := strconv.ParseFloat(m[1], 64); err == nil {
		v = f
	} else if n := parseNumber(m[1]); n >= 0 {
		v = float64(n)
	} else {
		return 0, false
	}
	if m[2] == "半" {
		v += 0.5
	}
	if m[3] == "分钟" {
		v /= 60
	}
	v = math.Round(v*10) / 10
	return v, v > 0
}

// complete handles 完成 #12 [用时1.5小时].
func (w *Workflow) complete(ctx context.Context, t *bot.Turn) error {
	id, rest, err := taskRef(t.Args, "完成 #12 用时1.5小时")
	if err != nil {
		return err
	}
	task, err := w.loadTask(ctx, t, id)
	if err != nil {
		return err
	}
	if task.VolunteerID != t.Member.ID {
		return bot.Userf("任务 #%d 不是您接的，只有接单的志愿者才能报完成。", id)
	}
	if !task.State.CanMoveTo(Done) {
		return bot.Userf("任务 #%d %s，不需要再报完成。", id, task.State.Label())
	}
	hours := w.cfg.DefaultHours
	if rest != "" {
		h, ok := parseHours(rest)
		if !ok || h > 24 {
			return bot.Userf("“%s”没看懂：用时请写0.1到24之间的小时数，例如：完成 #%d 用时1.5小时", rest, id)
		}
		hours = h
	}
	task.State, task.DoneAt, task.Hours = Done, t.Now, hours
	ok, err := w.d.Store.UpdateTask(ctx, task, Assigned)
	if err != nil {
		return wrap("complete task", err)
	}
	if !ok {
		return bot.Userf("任务 #%d 状态已变，请发“我的任务”看看。", id)
	}
	t.Reply(fmt.Sprintf("辛苦了！任务 #%d 记用时%s小时，等求助人确认后计入志愿时长。", id, formatHours(hours)))
	t.Send(bot.MemberAddress(bot.Member{ID: task.RequesterID, Name: task.Requester}),
		fmt.Sprintf("志愿者%s说任务 #%d（%s）已完成。满意请回复“确认 #%d 5”（1-5分）；有问题请联系社区。%d小时内不回复将自动确认。",
			task.Volunteer, id, task.Category, id, int(w.cfg.AutoConfirmAfter.Hours())))
	if err := w.cancelTimers(ctx, id, TimerRemind); err != nil {
		return err
	}
	return w.setTimer(ctx, TimerAutoConfirm, id, t.Now.Add(w.cfg.AutoConfirmAfter))
}

// confirm handles 确认 #12 [1-5].
func (w *Workflow) confirm(ctx context.Context, t *bot.Turn) error {
	id, rest, err := taskRef(t.Args, "确认 #12 5")
	if err != nil {
		return err
	}
	rating := 0
	if rest != "" {
		m := reRating.FindStringSubmatch(rest)
		if m != nil {
			rating, _ = strconv.Atoi(m[1])
		}
		if m == nil || rating < 1 || rating > 5 {
			return bot.Userf("评分请用1到5分，例如：确认 #%d 5", id)
		}
	}
	task, err := w.loadTask(ctx, t, id)
	if err != nil {
		return err
	}
	if task.RequesterID != t.Member.ID {
		return bot.Userf("任务 #%d 要由求助人本人确认。", id)
	}
	if !task.State.CanMoveTo(Confirmed) {
		if task.State == Confirmed {
			return bot.Userf("任务 #%d 已经确认过了，谢谢！", id)
		}
		return bot.Userf("任务 #%d %s，志愿者报完成后才能确认。", id, task.State.Label())
	}
	reply := fmt.Sprintf("谢谢确认！任务 #%d 已完成。", id)
	if rating > 0 {
		reply = fmt.Sprintf("谢谢确认和%d分的评价！任务 #%d 已完成。", rating, id)
	}
	t.Reply(reply)
	if err := w.settle(ctx, t, task, rating, t.Now); err != nil {
		return err
	}
	return w.cancelTimers(ctx, id, TimerAutoConfirm)
}

// settle confirms a done task, credits the volunteer's hours and points
// and tells the volunteer, through send: the requester's 确认 and the
// auto-confirm timer settle alike.
func (w *Workflow) settle(ctx context.Context, send bot.Messenger, task Task, rating int, at time.Time) error {
	task.State, task.Rating, task.ClosedAt = Confirmed, rating, at
	ok, err := w.d.Store.UpdateTask(ctx, task, Done)
	if err != nil {
		return wrap("confirm task", err)
	}
	if !ok {
		return bot.Userf("任务 #%d 已经确认过了。", task.ID)
	}
	pts := int64(math.Round(task.Hours * float64(w.cfg.PointsPerHour)))
	if _, err := w.d.Store.RecordHours(ctx, HoursEntry{TaskID: task.ID, MemberID: task.VolunteerID, Community: task.Community,
		Category: task.Category, Hours: task.Hours, Points: pts, Rating: rating, At: at}); err != nil {
		return wrap("record hours", err)
	}
	if w.d.Points != nil && pts > 0 {
		if _, err := w.d.Points.Credit(ctx, pointsEntry(task, pts, at)); err != nil {
			return wrap("credit points", err)
		}
	}
	text := fmt.Sprintf("任务 #%d 已确认，记志愿时长%s小时、积分%d。谢谢您！", task.ID, formatHours(task.Hours), pts)
	if rating > 0 {
		text += fmt.Sprintf("求助人评分：%d分。", rating)
	}
	to := bot.MemberAddress(bot.Member{ID: task.VolunteerID, Name: task.Volunteer})
	send.Send(to, text)
	return w.thankYou(ctx, send, to, task, at)
}

// thankYou sends the card a volunteer gets with a confirmation: the task
// and the month's hours. Without a renderer, or when drawing fails (which
// is logged), there is none: the confirmation already says it in words.
func (w *Workflow) thankYou(ctx context.Context, send bot.Messenger, to bot.Address, task Task, at time.Time) error {
	if w.d.Pictures == nil {
		return nil
	}
	local := at.In(w.d.Directory.Location(task.Community))
	month := time.Date(local.Year(), local.Month(), 1, 0, 0, 0, 0, local.Location())
	tot, err := w.d.Store.TotalsSince(ctx, task.Community, task.VolunteerID, month)
	if err != nil {
		return wrap("month totals", err)
	}
	card := pictures.ThankYou{Name: task.Volunteer, Community: task.Community, Task: fmt.Sprintf("#%d %s", task.ID, task.Category),
		Month: month, Hours: tot.Hours, Tasks: tot.Tasks}
	png, err := w.d.Pictures.ThankYou(card)
	if err != nil {
		w.d.Log.Error("drawing a thank-you card failed", "task", task.ID, "err", err)
		return nil
	}
	name := fmt.Sprintf("感谢卡-%d-%s.png", task.ID, local.Format("2006-01-02"))
	send.SendPicture(to, card.Text(), bot.Picture{Name: name, PNG: png})
	return nil
}

// cancel handles 取消 #12 <原因>, by the requester or a coordinator.
func (w *Workflow) cancel(ctx context.Context, t *bot.Turn) error {
	id, reason, err := taskRef(t.Args, "取消 #12 原因")
	if err != nil {
		return err
	}
	task, err := w.loadTask(ctx, t, id)
	if err != nil {
		return err
	}
	if task.RequesterID != t.Member.ID && !t.IsCoordinator() {
		return bot.Userf("任务 #%d 只能由求助人或社区协调员取消。", id)
	}
	return w.end(ctx, t, task, Cancelled, reason)
}

// handBack handles 退单 #12 [原因]: the assigned volunteer (or a
// coordinator) gives the task back; it is open again, the requester is
// told it is being rearranged, and the coordinators get new
// recommendations.
func (w *Workflow) handBack(ctx context.Context, t *bot.Turn) error {
	id, reason, err := taskRef(t.Args, "退单 #12 原因")
	if err != nil {
		return err
	}
	task, err := w.loadTask(ctx, t, id)
	if err != nil {
		return err
	}
	mine := task.State == Assigned && task.VolunteerID == t.Member.ID
	switch {
	case !task.State.CanMoveTo(Open):
		return bot.Userf("任务 #%d %s，没有可退的单。", task.ID, task.State.Label())
	case !mine && !t.IsCoordinator():
		return bot.Userf("任务 #%d 不是您接的，只有接单的志愿者或社区协调员可以退单。", task.ID)
	}
	vol := bot.Member{ID: task.VolunteerID, Name: task.Volunteer}
	task.State, task.VolunteerID, task.Volunteer, task.AssignedAt = Open, 0, "", time.Time{}
	ok, err := w.d.Store.UpdateTask(ctx, task, Assigned)
	if err != nil {
		return wrap("hand back task", err)
	}
	if !ok {
		return bot.Userf("任务 #%d 状态刚刚变了，请再看一下。", task.ID)
	}
	if mine {
		t.Reply(fmt.Sprintf("已退单：任务 #%d 交回社区重新安排。谢谢您告诉我们！", task.ID))
	} else {
		t.Reply(fmt.Sprintf("已退单：任务 #%d 收回，等待重新派单。", task.ID))
		t.Send(bot.MemberAddress(vol), fmt.Sprintf("任务 #%d（%s）已由协调员%s收回，不用去了。", task.ID, task.Category, t.Member.Name))
	}
	requester := bot.MemberAddress(bot.Member{ID: task.RequesterID, Name: task.Requester})
	note := fmt.Sprintf("（%s退单", vol.Name)
	if mine {
		t.Send(requester, fmt.Sprintf("志愿者%s不能来了，您的任务 #%d（%s）正在重新安排，有人接单后告诉您。", vol.Name, task.ID, task.Category))
	} else {
		t.Send(requester, fmt.Sprintf("您的任务 #%d（%s）要换一位志愿者，正在重新安排，有人接单后告诉您。", task.ID, task.Category))
		note = fmt.Sprintf("（%s从%s收回", t.Member.Name, vol.Name)
	}
	if reason = strings.TrimSpace(reason); reason != "" {
		note += "：" + reason
	}
	note += "）"
	flagged, handBacks := false, 0
	if mine {
		if err := w.d.Store.RecordHandBack(ctx, HandBack{TaskID: task.ID, MemberID: vol.ID, Community: task.Community,
			At: t.Now, Source: t.Msg.ID}); err != nil {
			return wrap("record hand-back", err)
		}
		n, err := w.d.Store.HandBacks(ctx, task.Community, vol.ID, t.Now.Add(-FlagWindow))
		if err != nil {
			return wrap("count hand-backs", err)
		}
		flagged = n >= RepeatedHandBacks
		handBacks = n
	}
	if err := w.notifyCoordinators(ctx, t, task, t.Now.In(t.Loc), "退单", note, vol.ID); err != nil {
		return err
	}
	if flagged {
		coords, err := w.d.Members.Coordinators(ctx, task.Community)
		if err != nil {
			return wrap("coordinators", err)
		}
		for _, c := range coords {
			t.Send(bot.MemberAddress(c), fmt.Sprintf("注意：志愿者%s 30天内已退单%d次。每次接单都会看到求助人的电话和地址，请核实情况；需要时发送「暂停志愿者 %s」。",
				vol.Name, handBacks, vol.Name))
		}
	}
	if err := w.cancelTimers(ctx, task.ID, TimerRemind); err != nil {
		return err
	}
	return w.escalateLater(ctx, task, t.Now)
}

// close handles 关闭 #12 [原因] (coordinators).
func (w *Workflow) close(ctx context.Context, t *bot.Turn) error {
	id, reason, err := taskRef(t.Args, "关闭 #12")
	if err != nil {
		return err
	}
	task, err := w.loadTask(ctx, t, id)
	if err != nil {
		return err
	}
	return w.end(ctx, t, task, Closed, reason)
}

// end cancels or closes a task that is not finished yet.
func (w *Workflow) end(ctx context.Context, t *bot.Turn, task Task, to State, reason string) error {
	if !task.State.CanMoveTo(to) {
		return bot.Userf("任务 #%d %s，不用再%s了。", task.ID, task.State.Label(), verb(to))
	}
	from := task.State
	task.State, task.ClosedAt, task.Note = to, t.Now, reason
	ok, err := w.d.Store.UpdateTask(ctx, task, from)
	if err != nil {
		return wrap("end task", err)
	}
	if !ok {
		return bot.Userf("任务 #%d 状态刚刚变了，请再看一下。", task.ID)
	}
	t.Reply(fmt.Sprintf("任务 #%d 已%s。", task.ID, verb(to)))
	note := ""
	if reason != "" {
		note = "原因：" + reason
	}
	if task.VolunteerID != 0 {
		t.Send(bot.MemberAddress(bot.Member{ID: task.VolunteerID, Name: task.Volunteer}),
			fmt.Sprintf("任务 #%d（%s）已%s，不用去了。%s", task.ID, task.Category, verb(to), note))
	}
	if task.RequesterID != t.Member.ID {
		t.Send(bot.MemberAddress(bot.Member{ID: task.RequesterID, Name: task.Requester}),
			fmt.Sprintf("您的任务 #%d（%s）已由社区%s。%s", task.ID, task.Category, verb(to), note))
	}
	return w.cancelTimers(ctx, task.ID, TimerEscalate, TimerRemind, TimerAutoConfirm)
}

func verb(s State) string {
	if s == Closed {
		return "关闭"
	}
	return "取消"
}

// listTasks handles 任务列表: open work by state, privately.
func (w *Workflow) listTasks(ctx context.Context, t *bot.Turn) error {
	tasks, err := w.d.Store.Tasks(ctx, t.Community(), Open, Assigned, Done)
	if err != nil {
		return wrap("list tasks", err)
	}
	if len(tasks) == 0 {
		t.Reply("目前没有进行中的志愿任务。")
		return nil
	}
	now := t.Now.In(t.Loc)
	var b strings.Builder
	for _, st := range []State{Open, Assigned, Done} {
		var lines []string
		for _, task := range tasks {
			if task.State != st {
				continue
			}
			line := fmt.Sprintf("#%d %s %s", task.ID, task.Category, DescribeWindow(task.Window, now))
			if task.Urgent {
				line += "（急）"
			}
			if c := task.Place.Coarse(); c != "" {
				line += " " + c
			}
			if task.Volunteer != "" {
				line += " — " + task.Volunteer
			}
			lines = append(lines, line)
		}
		if len(lines) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "【%s %d】\n%s", st.Label(), len(lines), strings.Join(lines, "\n"))
	}
	w.replyPrivate(t, b.String(), "任务列表已私信发给您。")
	return nil
}

// myTasks handles 我的任务.
func (w *Workflow) myTasks(ctx context.Context, t *bot.Turn) error {
	tasks, err := w.d.Store.TasksOf(ctx, t.Community(), t.Member.ID, 10)
	if err != nil {
		return wrap("my tasks", err)
	}
	if len(tasks) == 0 {
		t.Reply("您还没有志愿任务。需要帮忙请发“求助 …”。")
		return nil
	}
	now := t.Now.In(t.Loc)
	var asked, took []string
	for _, task := range tasks {
		line := fmt.Sprintf("#%d %s %s %s", task.ID, task.Category, DescribeWindow(task.Window, now), task.State.Label())
		if task.RequesterID == t.Member.ID {
			asked = append(asked, line)
		} else {
			took = append(took, line)
		}
	}
	var b strings.Builder
	if len(asked) > 0 {
		b.WriteString("我的求助：\n" + strings.Join(asked, "\n"))
	}
	if len(took) > 0 {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString("我接的任务：\n" + strings.Join(took, "\n"))
	}
	if noShow.MatchString(intent.Fold(t.Msg.Text)) {
		// 「说好上午来人的 等了一上午也没人来」: sorry first, and the
		// coordinators hear it for the open request it is about.
		for _, task := range tasks {
			if task.RequesterID == t.Member.ID && task.State == Open {
				if err := w.notifyCoordinators(ctx, t, task, now, "求助人在催", "（"+clip(t.Msg.Text, 40)+"）", 0); err != nil {
					return err
				}
				t.Reply("对不起，让您久等了！社区工作人员已经知道了，会尽快安排人。\n" + b.String())
				return nil
			}
		}
	}
	t.Reply(b.String())
	return nil
}

// noShow is a requester telling that nobody came: 「等了一上午也没人来」
// 「你们这志愿者靠不靠谱」「怎么还没来」.
var noShow = gatedre.MustCompile(`(没人|没有人|也没人|都没人|还没人)来|靠不靠谱|(怎么|咋)还(不|没)来|说好.{0,8}(来|的)`)

// listVolunteers handles 志愿者列表, privately.
func (w *Workflow) listVolunteers(ctx context.Context, t *bot.Turn) error {
	comm := t.Community()
	vols, err := w.d.Store.Volunteers(ctx, comm)
	if err != nil {
		return wrap("list volunteers", err)
	}
	if len(vols) == 0 {
		t.Reply("本社区还没有登记的志愿者。")
		return nil
	}
	loads, err := w.d.Store.Loads(ctx, comm, t.Now)
	if err != nil {
		return wrap("loads", err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "志愿者 %d 人：", len(vols))
	for _, v := range vols {
		names := make([]string, len(v.Skills))
		for i, s := range v.Skills {
			names[i] = string(s)
		}
		l := loads[v.MemberID]
		fmt.Fprintf(&b, "\n%s（%s）%s；%s", v.Name, statusLabel(v.Status), strings.Join(names, "、"), v.Avail.Describe())
		if v.Building != "" {
			fmt.Fprintf(&b, "；%s号楼", v.Building)
		}
		fmt.Fprintf(&b, "；本周%d/%d单", l.Week, v.WeeklyCap)
	}
	w.replyPrivate(t, b.String(), "志愿者列表已私信发给您。")
	return nil
}

func (w *Workflow) setStatus(ctx context.Context, t *bot.Turn, to Status, done string) error {
	name := strings.TrimPrefix(strings.TrimSpace(t.Args), "@")
	confirmed := false
	if n, ok := strings.CutSuffix(name, "确认"); ok {
		name, confirmed = strings.TrimSpace(n), true
	}
	if name == "" {
		return bot.Userf("请写上志愿者的名字，例如：%s 张三", t.Keyword)
	}
	comm := t.Community()
	v, err := w.pickVolunteer(ctx, t, comm, name, t.Keyword, confirmed || to == Paused)
	if err != nil {
		return err
	}
	return w.changeStatus(ctx, t, comm, v, to, done)
}

// changeStatus sets a volunteer's status and tells the coordinator and
// the volunteer.
func (w *Workflow) changeStatus(ctx context.Context, t *bot.Turn, comm string, v Volunteer, to Status, done string) error {
	if err := w.d.Store.SetVolunteerStatus(ctx, comm, v.MemberID, to, t.Now); err != nil {
		return wrap("set volunteer status", err)
	}
	t.Reply(fmt.Sprintf("已%s志愿者%s。", done, v.Name))
	note := ""
	if to == Active {
		note = "\n建议私聊我发送「设置口令 6位以上数字或字母」设一个个人口令：我重新登录后，要用它确认是您本人。"
	}
	t.Send(bot.MemberAddress(bot.Member{ID: v.MemberID, Name: v.Name}), fmt.Sprintf("社区协调员已%s您的志愿者资格。%s", done, note))
	return nil
}

// approve handles 批准志愿者 / 恢复志愿者.
func (w *Workflow) approve(ctx context.Context, t *bot.Turn) error {
	word := "批准"
	if strings.HasPrefix(t.Keyword, "恢复") {
		word = "恢复"
	}
	return w.setStatus(ctx, t, Active, word)
}

// clauseSplit splits a coordinator's words into clauses.
var clauseSplit = gatedre.MustCompile(`[\s，,。；;！!]+`)

// holdWords hold an application back: 「先放着」「等我问问」「再了解下」.
var holdWords = gatedre.MustCompile(`先放|先别|先不|暂时|暂不|等等|等我|再说|再了解|再看看|待定|不通过|不批|(别|不)(给)?(他|她)?(通过|批|过)|算了|就算( |$)|不是(咱|我们|本)`)

// verdicts sorts a coordinator's clauses into those that approve and
// those that hold back. A clause that says neither goes with the next
// that does (「孙浩那个我不认识 先放着」 holds 孙浩 back); clauses after the
// last that does go with it (「吴师傅都批 小杨那孩子也行」 approves 小杨).
func verdicts(clauses []string) (approving, holding []string) {
	var waiting []string
	last := &approving
	for _, c := range clauses {
		waiting = append(waiting, c)
		switch {
		case holdWords.MatchString(c):
			last = &holding
		case approveClause.MatchString(c) || allOfThem.MatchString(c) && approveVerb.MatchString(c):
			last = &approving
		default:
			continue
		}
		*last = append(*last, waiting...)
		waiting = nil
	}
	*last = append(*last, waiting...)
	return approving, holding
}

// approveVerb is a word of approving.
var approveVerb = gatedre.MustCompile(`通过|批准|批|过|同意`)

// approveByWords approves the pending volunteers a coordinator's words
// name (「吴婷那个也通过吧」), or all of them when the words say so (「三个
// 都通过」); naming none, it lists who is waiting.
func (w *Workflow) approveByWords(ctx context.Context, t *bot.Turn) error {
	comm := t.Community()
	vols, err := w.d.Store.Volunteers(ctx, comm)
	if err != nil {
		return wrap("list volunteers", err)
	}
	text := intent.Fold(t.Msg.Text)
	approving, holding := verdicts(clauseSplit.Split(text, -1))
	var pending, named []Volunteer
	for _, v := range vols {
		if v.Status != Pending {
			continue
		}
		pending = append(pending, v)
		if mentions(strings.Join(approving, " "), v.Name) && !mentions(strings.Join(holding, " "), v.Name) {
			named = append(named, v)
		}
	}
	pick := named
	if len(pick) == 0 && allOfThem.MatchString(strings.Join(approving, " ")) || allApproved(approving, pending) {
		pick = nil
		for _, v := range pending {
			if !mentions(strings.Join(holding, " "), v.Name) {
				pick = append(pick, v)
			}
		}
	}
	if len(pick) == 0 {
		if len(pending) == 0 {
			return bot.Userf("现在没有等待批准的志愿者。")
		}
		names := make([]string, len(pending))
		for i, v := range pending {
			names[i] = v.Name
		}
		return bot.Userf("等待批准的志愿者：%s。请写名字，例如：批准志愿者 %s", strings.Join(names, "、"), pending[0].Name)
	}
	seen := map[string]bool{}
	for _, v := range pick {
		if seen[v.Name] {
			// Two waiting under one name: which is for the command to ask.
			return bot.Userf("等待批准的志愿者里有两位叫%s，请发「批准志愿者 %s」按编号选。", v.Name, v.Name)
		}
		seen[v.Name] = true
	}
	for _, v := range pick {
		if err := w.changeStatus(ctx, t, comm, v, Active, "批准"); err != nil {
			return err
		}
	}
	return nil
}

// allApproved reports whether an approving clause says all of them with
// no name of its own (「都通过吧，老吴那个人我熟的」 approves all who wait;
// 「张三和李四都通过」 only those two).
func allApproved(approving []string, pending []Volunteer) bool {
	for _, c := range approving {
		if !allOfThem.MatchString(c) || !approveVerb.MatchString(c) {
			continue
		}
		named := false
		for _, v := range pending {
			named = named || mentions(c, v.Name)
		}
		if !named {
			return true
		}
	}
	return false
}

// tellThem asks the bot to let the applicant know: 「你客气点跟他说」.
var tellThem = gatedre.MustCompile(`(跟|和|给)(他|她|人家)(说|讲|回)|告诉(他|她|人家)|通知(他|她)`)

// holdByWords answers an application held back: nothing needs doing. When
// the coordinator asks for the applicant to be told (「阿强不是咱们小区的就
// 算了，你客气点跟他说」), the one waiting applicant named hears a polite
// no; the application stays on the list in case the coordinator changes
// their mind.
func (w *Workflow) holdByWords(ctx context.Context, t *bot.Turn) error {
	const held = "好的，不批准就不用操作：没批准的志愿者不能接单，也看不到求助人的电话和地址。要批准时发「批准志愿者 名字」。"
	text := intent.Fold(t.Msg.Text)
	if !tellThem.MatchString(text) {
		t.Reply(held)
		return nil
	}
	vols, err := w.d.Store.Volunteers(ctx, t.Community())
	if err != nil {
		return wrap("list volunteers", err)
	}
	var named []Volunteer
	for _, v := range vols {
		if v.Status == Pending && mentions(text, v.Name) {
			named = append(named, v)
		}
	}
	if len(named) != 1 {
		t.Reply(held)
		return nil
	}
	v := named[0]
	t.Send(bot.MemberAddress(bot.Member{ID: v.MemberID, Name: v.Name}),
		"谢谢您愿意帮忙！您的志愿者申请，社区这次没有通过。有疑问可以找社区工作人员问问。")
	t.Reply(fmt.Sprintf("好的，%s的申请不批准，我已经客气地告诉他（她）了。以后要批准，发「批准志愿者 %s」。", v.Name, v.Name))
	return nil
}

// allOfThem says every one waiting: 「都通过」「三个都批准」「全部同意」.
var allOfThem = gatedre.MustCompile(`都|全|所有|他们|她们|这几个|这些`)

// pause handles 暂停志愿者.
func (w *Workflow) pause(ctx context.Context, t *bot.Turn) error {
	return w.setStatus(ctx, t, Paused, "暂停")
}
