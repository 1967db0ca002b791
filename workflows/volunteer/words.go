package volunteer

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
)

// What requesters and volunteers say about a task without its number:
// a requester who no longer needs help (「不用人陪了 我儿子回来了」), a
// volunteer asking what there is to take (「现在有啥活我能干的」) or taking
// one by what it is (「买菜那个我接了」「赵奶奶去医院那个我陪她去吧」).
// Each is taken for the one task it can be about, asks which when there
// are several, and passes the words on when there is none.

// cancelTold is a requester saying the help is no longer needed (folded
// text). A bare 「不用了」 may answer anything, so it needs a reason
// after it (「不用了 我儿子回来了」); Minnan says it 免了 (「买菜免了 我女儿
// 回来了」).
var cancelTold = gatedre.MustCompile(`^((不用|不需要)(了|啦)?)+( |$)|^(买菜|陪诊|送药|修\p{Han}{1,2}|搬\p{Han}{1,2}|那个|这个)?免(了)? |(不用|不需要|用不着|不必)(找)?(人|志愿者|你们|大家)?(来|陪|帮|帮忙|买|去|送|修|取|跑)(了|啦)?|(^| )(不用|不需要|用不着)(了|啦)? .{2,}|(别|不|不用)(再)?麻烦(人家|志愿者|大家|你们|别人|小.|人|了)|(那个|我的)[^ ]{1,6}(就)?(不用|不需要|用不着)(了)?( |$)|(叫人|找人)帮我[^ ]{1,8}的(就)?(不用|不需要)(了)?( |$)|(求助|单子|任务)(就)?(取消|撤了|撤|不要了|不要( |$)|算了)|(的事|的事儿|那事|那个)(就)?(不用|不需要|取消|算了|不要|撤)|(取消|撤销|撤回)(我的|那个|刚才的|刚才那个)?(求助|单子|任务)`)

// claimTold is a volunteer taking a task in their own words; claimRef is
// what points at a task without its number.
var (
	claimTold = gatedre.MustCompile(`(那个|那单|这单|的活) (我|俺)?(去|来)( |$)|(的活|的活儿|那个|那单)(儿)?(给|交给|派给)我(吧|了)?( |$)|(^|[^带陪送帮让叫跟给和替])我(今天|明天|后天|下午|上午|晚上|中午|待会儿?|一会儿?|等会儿?|马上|现在)?(就)?(来|去|接|陪|送|帮|修|跑)(她|他)?(去|来)?(弄|修|办|干|做|跑|送|陪)?(吧|了|一趟|一下|看看|瞧瞧)*( |$)|我也(去|来)(看看|瞧瞧)( |$)|我(也)?(来|去)(给|帮)(她|他|人家)(弄|修|办|干|做|跑|送|陪|扛|搬|拿|取|买|换|看|装)|(交给|派给)我(吧|了)?( |$)|我(领|揽|包)(了|吧)?$|(那个|那单|这单|单子|的活) ?(来|去)?(弄|修|办|干|做|跑)$|(单子?|那个|这个|活|任务)给我(吧)?$|给我吧$|我接(了|吧|( |$))|我可以(去|来|帮|接)|我(能|可以)?(接|去)(这|那)(个|单)|(也)?算我的|(那个|那单|这单|的活)我(替|帮)(她|他)(去|来|接|跑)|(那个|这个|那单|这单|单子).{0,12} 接$|(去|来) 接$`)
	claimRef  = gatedre.MustCompile(`那个|这个|那单|这单|单子|任务|的活`)
)

// askedToTake is a volunteer asking to take a task pointed at: 「钱大爷教
// 手机那个我能去吗」.
var askedToTake = gatedre.MustCompile(`(那个|那单|这个|这单|的活)(我|俺)(能|可以)(去|接|来|做)(吗|么|不)`)

// notClaim rules out a question, a plan for somebody else or a request
// of one's own: 「谁来接」「帮我…」「我去不了」.
var notClaim = gatedre.MustCompile(`^(我)?去 ?(我)?去( |$)|等我(一下|一会|[0-9一二三四五十几]+分钟)|(昨天|前天|上次|上礼拜|上周)[^ ]{0,14}(我)?(去|来)( |$)|吗|(^|[^怎什那这多])么|谁|行不|可以不|成不|好不|算我的.{0,2}(行|可以)|帮我|给我(买|送|修|陪|拿|取)|去不了|来不了|没空|不去|不能|不来|退|取消|\d+ ?号?(单|任务)|#|` + cancelTold.String() + `|` + legalShape.String())

// detailsRetired is a phone number retired (「以前那个号不用了」「旧号码不用
// 了」) or one's details to be deleted (「我不用了 把我的电话地址都删掉」).
var detailsRetired = gatedre.MustCompile(`(电话|号码|地址|住址|信息|资料)[^ ]{0,4}(删|删掉|删除)|[0-9x]{7,} .{0,6}(以前|原来|之前|旧)(的)?(那个)?(号|号码|电话|手机号)?(不用|停)|(以前|原来|之前|旧)(的|那个)?(号|号码|电话|手机号)(不用|停)`)

func cancelToldIntent() intent.Decl {
	return intent.Decl{Name: "cancel_told", Label: "取消求助", Shape: intent.Free, Asks: true,
		Score: func(folded string) float64 {
			if !hasAny(folded, []string{"不用", "不需要", "用不着", "不必", "麻烦", "取消", "撤", "算了", "不要", "免"}) {
				return 0
			}
			// 「登记一下我的号码 158… 以前那个不用了」 retires a number.
			if cancelTold.MatchString(folded) && !strings.Contains(folded, "吗") && !legalShape.MatchString(folded) && !detailsRetired.MatchString(folded) {
				// Above a request's cue: 「不用人陪了」 asks for nothing.
				return thanksScore
			}
			return 0
		}}
}

// clearOfCue is a reading above any other's cue by more than
// intent.Close, so the router acts on it rather than asking back (「有没有
// 要陪老人看病的活 区医院我熟」 also reads as a legal story).
const clearOfCue = 0.985

// workAsked is a volunteer asking for work of a kind.
var workAsked = gatedre.MustCompile(`(有|有没有|还有)(要|需要)\p{Han}{1,8}的(活|活儿|任务|单子)`)

func openTasksIntent() intent.Decl {
	return intent.Decl{Name: "open_tasks", Label: "可接的任务", Shape: intent.NoArgs, Asks: true,
		// 「有没有要陪老人看病的活 区医院我去过很多次 熟」: work asked for,
		// above a legal reading of the story beside it.
		Score: intent.ScoreIf(workAsked.MatchString, clearOfCue),
		Cues: []string{`(有|有没有|还有)(什么|啥|哪些)?(事)?(活|任务|单子|单)(儿|路)?(可以|能|我能|我可以|要|需要)?(接|干|做|帮)`, `有(什么|啥|哪些)(活儿?|事)(要|需要)(人)?(帮忙|帮|做)`,
			`(什么|啥|哪些)(活|任务|单子|单)(我)?(能|可以)(接|干|做|帮)`, `(可以|能)接的(任务|单子|单|活)`, `^(待接|可接)(的)?(任务|单子|单)`,
			`(有|有没有)(人|谁|老人)(需要|要)(帮忙|帮助)`, `(哪些|什么)(志愿)?(任务|单子|求助|事|活)(还)?(没人接|没接|没有人接|没人领|没人管)`, `没人(接|领)的(任务|单子|求助)?`,
			`(有|有没有)(啥|什么|哪些)?(需要)?帮忙的(活|事|单子|任务)`, `(有|有没有)(啥|什么)(单子|任务|活)(儿)?(没有|没|吗|可以|干)?( |$)`, `(适合|轮到)我的(活|任务|单子)`, `(现在)?(能|可以)接(任务|单|单子|活)(了)?(吗|不|么|没)`, `(今天|明天|这周|这礼拜|周末|周[六日天]|礼拜[六天日])?.{0,3}有(活|活儿)(吗|没|不|干)`}}
}

func claimToldIntent() intent.Decl {
	// Asks: 「何阿姨水龙头我去 材料她出还是咋弄」 takes it and asks beside.
	return intent.Decl{Name: "claim_told", Label: "接单", Shape: intent.Free, Asks: true, Unprompted: true,
		Score: func(folded string) float64 {
			limit := 30
			if claimRef.MatchString(folded) {
				// 「3栋陶阿婆搬东西那个我接了 明天上午10点左右到 我再叫上
				// 个同学一起」: pointed at, with when after.
				limit = 42
			}
			if utf8.RuneCountInString(folded) > limit || legalShape.MatchString(folded) {
				return 0
			}
			if askedToTake.MatchString(folded) || hasAny(folded, []string{"我", "那个", "那单", "这单", "单子", "的活"}) &&
				claimTold.MatchString(folded) && !notClaim.MatchString(folded) {
				return thanksScore
			}
			return 0
		}}
}

// helpedAlready is a requester telling that a neighbour did what was
// asked, outside the tasks: 「水送到了 是小钱送的」「已经有人帮我弄好了」.
var helpedAlready = gatedre.MustCompile(`(送到|弄好|修好|搬好|擦好|买好|办好|帮好|拿到|提好|装好|换好)(了)?.{0,8}(是|被)\p{Han}{1,4}(送|帮|弄|修|搬|擦|买|提|装|换|拿)的|(已经)?有(人|邻居)(帮我|帮着|帮忙)?(弄好|修好|办好|送来|送到|搬好|买好)(了)?|(他们|她们|人家|小\p{Han}|老\p{Han})(俩|两个)?(都|已经)?(干完|弄完|做完|擦完|修完|搬完|弄好|擦好|修好)(了)?.{0,4}(我)?(确认|放心)`)

func helpedAlreadyIntent() intent.Decl {
	return intent.Decl{Name: "helped_already", Label: "已经有人帮了", Shape: intent.Free, Asks: true,
		Cues: []string{helpedAlready.String()}}
}

// helpedByNeighbour closes the speaker's one open request that a
// neighbour did outside the tasks, so nobody is sent and the coordinators
// stop being reminded of it.
func (w *Workflow) helpedByNeighbour(ctx context.Context, t *bot.Turn) error {
	theirs, err := w.tasksWhere(ctx, t, func(task Task) bool {
		return task.RequesterID == t.Member.ID && task.State == Open
	})
	if err != nil || len(theirs) != 1 {
		return bot.OrPass(err)
	}
	return w.end(ctx, t, theirs[0], Cancelled, "邻居已经帮忙办好了")
}

// cancelByWords cancels the one open request of the speaker's.
func (w *Workflow) cancelByWords(ctx context.Context, t *bot.Turn) error {
	theirs, err := w.tasksWhere(ctx, t, func(task Task) bool {
		return task.RequesterID == t.Member.ID && task.State.CanMoveTo(Cancelled)
	})
	if err != nil || len(theirs) == 0 {
		return bot.OrPass(err)
	}
	if len(theirs) > 1 {
		t.Reply("您有几个求助，要取消哪个？" + refs(theirs) + "\n例如：取消 #" + fmt.Sprint(theirs[0].ID) + " 不用了")
		return nil
	}
	t.Args = fmt.Sprintf("#%d %s", theirs[0].ID, clip(strings.TrimSpace(t.Msg.Text), 40))
	return w.cancel(ctx, t)
}

// openTasks lists, for a volunteer, the tasks nobody has taken yet: kind,
// time and building, never who asked or where exactly.
func (w *Workflow) openTasks(ctx context.Context, t *bot.Turn) error {
	if t.IsCoordinator() {
		return w.listTasks(ctx, t)
	}
	if _, err := w.mayTake(ctx, t.Community(), t.Member.ID); err != nil {
		return err
	}
	tasks, err := w.d.Store.Tasks(ctx, t.Community(), Open)
	if err != nil {
		return wrap("open tasks", err)
	}
	if len(tasks) == 0 {
		t.Reply("现在没有等人接的任务，谢谢您！有新求助时群里会通知。")
		return nil
	}
	now := t.Now.In(t.Loc)
	var b strings.Builder
	b.WriteString("等人接的任务：")
	for _, task := range tasks {
		fmt.Fprintf(&b, "\n#%d %s %s", task.ID, task.Category, DescribeWindow(task.Window, now))
		if c := task.Place.Coarse(); c != "" {
			b.WriteString(" " + c)
		}
	}
	fmt.Fprintf(&b, "\n想接哪个，回复：接单 #%d", tasks[0].ID)
	t.Reply(b.String())
	return nil
}

// claimByWords takes the one open task the volunteer's words point at: by
// the requester's name (「赵奶奶那个」), by the kind of help (「买菜那个」),
// or, with only one task open, by 「那个单子给我吧」.
// notYetVolunteer answers someone offering to take a task who may not
// take one yet: how to register, or that registration waits for approval.
func (w *Workflow) notYetVolunteer(ctx context.Context, t *bot.Turn, pending bool) error {
	tasks, err := w.d.Store.Tasks(ctx, t.Community(), Open)
	if err != nil {
		return wrap("open tasks", err)
	}
	if len(pointedAt(intent.Fold(t.Msg.Text), tasks, claimRef.MatchString(t.Msg.Text))) == 0 && (len(tasks) == 0 || !claimRef.MatchString(t.Msg.Text)) {
		// 「钱奶奶买菜这个我来」 with the task asked by her grandson: still
		// a task offered for, while any is open.
		return bot.ErrPass
	}
	if pending {
		t.Reply("谢谢您愿意帮忙！您的志愿者登记还在等社区审核，批准后就能接单。")
		return nil
	}
	t.Reply("谢谢您愿意帮忙！接单要先登记志愿者：发「志愿者登记 会什么、什么时候有空、住几号楼」，社区审核后就能接。")
	return nil
}

func (w *Workflow) claimByWords(ctx context.Context, t *bot.Turn) error {
	v, err := w.d.Store.Volunteer(ctx, t.Community(), t.Member.ID)
	aside := t.InGroup() && !t.Msg.MentionsBot
	if aside && (err != nil || v.Status != Active || !namesSomebody.MatchString(intent.Fold(t.Msg.Text))) {
		// Said to the team in a group: only an approved volunteer naming
		// the one helped (「钱大爷下礼拜二看病那个我接了」) takes a task.
		return bot.ErrPass
	}
	if errors.Is(err, bot.ErrNotFound) || err == nil && v.Status != Active {
		// Not a volunteer who may take tasks: 「我来」 is something else,
		// unless it points at a task (「扛米那个我去吧」), which is
		// taken once they may.
		return w.notYetVolunteer(ctx, t, err == nil && v.Status == Pending)
	}
	if err != nil {
		return wrap("volunteer", err)
	}
	tasks, err := w.d.Store.Tasks(ctx, t.Community(), Open, Assigned)
	if err != nil {
		return wrap("open tasks", err)
	}
	text := intent.Fold(t.Msg.Text)
	var open, held []Task
	for _, task := range tasks {
		switch {
		case task.State == Open && task.RequesterID != t.Member.ID:
			open = append(open, task)
		case task.State == Assigned && task.VolunteerID == t.Member.ID:
			held = append(held, task)
		}
	}
	if mine := pointedAt(text, held, false); len(mine) == 1 {
		return bot.Userf("任务 #%d（%s）已经是您在做了，谢谢！", mine[0].ID, mine[0].Category)
	}
	pick := pointedAt(text, open, claimRef.MatchString(text))
	if len(pick) > 1 {
		// 「周一那个我接了」: the one task on the weekday named.
		if on := onWeekdaySaid(text, pick, t.Loc); len(on) == 1 {
			pick = on
		}
	}
	switch {
	case len(pick) == 0 && len(open) > 0 && namesSomebody.MatchString(text):
		// 「吴阿姨家那个」 with no open task of hers: not another's task
		// of the same kind, unless one is for her household, asked by a
		// son (「王大姐那个体检我陪她去」 for 「我妈王秀英…」).
		pick = open
		if theirs := forHousehold(text, open); len(theirs) == 1 {
			t.Args = fmt.Sprintf("#%d", theirs[0].ID)
			return w.claim(ctx, t)
		}
	case len(pick) == 0:
		return bot.ErrPass
	case len(pick) > 1 && aside:
		return bot.ErrPass
	case len(pick) == 1:
		t.Args = fmt.Sprintf("#%d", pick[0].ID)
		return w.claim(ctx, t)
	}
	t.Reply("您说的是哪个任务？" + refs(pick) + "\n请回复：接单 #" + fmt.Sprint(pick[0].ID))
	return nil
}

// cantGoTold is a volunteer saying they cannot do a task they took
// (「我去不了了」「临时有事 明天陪不了」「赵奶奶那个我去不成了」), over the
// normalised text; cantGoNot rules out a question, an event (its own
// 「讲座我去不了了」) and somebody else's plan.
var (
	cantGoTold = gatedre.MustCompile(`(去|来|赶|陪|送|修|帮|跑|干|做|接)不(了|成|到|过来|过去)|(没法|没办法|不能|没空)(去|来|陪|送|修|帮|跑)|走不开|抽不开身|脱不开身|临时有(事|急事)|有事(去|来)?不了|顾不上|(换|另找|再找)(个|一个)?(人|别人|志愿者)|(找|派)别人`)
	cantGoNot  = gatedre.MustCompile(`[吗么?？]|谁|讲座|活动|报名|课|演出|比赛|培训|聚餐|电影|展览|投票|打卡|签到`)
)

// cantGo hands back the task a volunteer holds when they say they cannot
// do it: the one they hold, or the one their words point at; several
// unnamed are asked about. A volunteer who holds none is not speaking of
// a task, and the words go on to the intents (an event's place given back).
func (w *Workflow) cantGo(ctx context.Context, t *bot.Turn) error {
	text := strings.TrimSpace(t.Args)
	if t.Msg.Kind != bot.Text || utf8.RuneCountInString(text) > 60 || !cantGoTold.MatchString(text) || cantGoNot.MatchString(text) {
		return bot.ErrPass
	}
	held, err := w.tasksWhere(ctx, t, func(task Task) bool {
		return task.State == Assigned && task.VolunteerID == t.Member.ID
	})
	if err != nil || len(held) == 0 {
		return bot.OrPass(err)
	}
	pick := held
	if len(held) > 1 {
		pick = pointedAt(intent.Fold(text), held, false)
	}
	if len(pick) != 1 {
		if len(pick) == 0 {
			pick = held
		}
		t.Reply("您接了几个任务，哪个去不了？" + refs(pick) + "\n请回复：退单 #" + fmt.Sprint(pick[0].ID) + " 原因")
		return nil
	}
	t.Args = fmt.Sprintf("#%d %s", pick[0].ID, clip(text, 40))
	return w.handBack(ctx, t)
}

// namesSomebody is a person named by surname and form of address
// (「吴阿姨」「老孙」).
var namesSomebody = gatedre.MustCompile(`\p{Han}(奶奶|爷爷|大爷|大妈|阿姨|叔|伯|婆婆|老师|师傅|姐|哥|老太|大娘)|老\p{Han}家`)

// forHousehold are the tasks words point at by a person of the household
// they are for: the family name of 「王大姐」 in what 「我妈王秀英…」 asked.
func forHousehold(text string, tasks []Task) []Task {
	var out []Task
	kind, _ := classify(text)
	for _, task := range tasks {
		if kind != Other && task.Category != kind {
			// 「周奶奶搬花的」 is not her son's hospital visit for her.
			continue
		}
		for _, m := range namesSomebody.FindAllStringIndex(text, -1) {
			r, _ := utf8.DecodeRuneInString(text[m[0]:])
			if r == '大' && m[0] > 0 {
				// 「王大姐」: the family name is before 大.
				r, _ = utf8.DecodeLastRuneInString(text[:m[0]])
			}
			if r != '小' && r != '老' && r != '大' && strings.ContainsRune(task.What, r) {
				out = append(out, task)
				break
			}
		}
	}
	return out
}

// pointedAt is the tasks words point at: those of the requester they name,
// narrowed by the kind of help they name; with no name, those of the kind;
// with neither, all of them when the words say 「那个」 (anyRef).
func pointedAt(text string, tasks []Task, anyRef bool) []Task {
	var named, kind []Task
	cat, _ := classify(text)
	for _, task := range tasks {
		if mentions(text, task.Requester) {
			named = append(named, task)
		}
		if cat != Other && task.Category == cat {
			kind = append(kind, task)
		}
	}
	switch {
	case len(named) > 0 && cat != Other:
		// The person and the kind of help both said: a task of that
		// person's of another kind is not meant (「周奶奶搬花的」 is no
		// hospital visit her son asked for).
		return both(named, kind)
	case len(named) > 0:
		return named
	case namesSomebody.MatchString(text):
		return nil // somebody named who asked for none of these
	case len(kind) > 1:
		return narrowByThing(text, kind)
	case len(kind) > 0:
		return kind
	case cat == Other && anyRef:
		return tasks
	}
	return nil
}

// refLead is the words that point at a task before 「那个」: 「搬花那个我去」.
var refLead = gatedre.MustCompile(`(\p{Han}{1,6}?)(那个|那单|这个|这单|的活|的)`)

// narrowByThing keeps, of tasks of one kind, those whose words hold the
// thing the pointing words name beside the deed (花 in 「搬花那个」 among
// two 搬运 tasks); it keeps them all when that does not pick one.
func narrowByThing(text string, tasks []Task) []Task {
	m := refLead.FindStringSubmatch(text)
	if m == nil {
		return tasks
	}
	var things []rune
	for _, r := range m[1] {
		if !strings.ContainsRune("搬扛抬修换陪送买拿取弄帮接去来办做家里个我", r) {
			things = append(things, r)
		}
	}
	if len(things) == 0 {
		return tasks
	}
	var kept []Task
	for _, task := range tasks {
		if strings.ContainsFunc(task.Text, func(r rune) bool { return slices.Contains(things, r) }) {
			kept = append(kept, task)
		}
	}
	if len(kept) == 1 {
		return kept
	}
	return tasks
}

// mayTake is a community's volunteer who may take tasks, or a sentence
// telling them how to become one or why they may not.
func (w *Workflow) mayTake(ctx context.Context, comm string, memberID int64) (Volunteer, error) {
	v, err := w.d.Store.Volunteer(ctx, comm, memberID)
	switch {
	case errors.Is(err, bot.ErrNotFound):
		return v, bot.Userf("接单前请先登记志愿者：发送“志愿者登记 会什么、什么时候有空、住几号楼”。")
	case err != nil:
		return v, wrap("load volunteer", err)
	case v.Status != Active:
		return v, bot.Userf("您的志愿者资格%s，暂时不能接单，请联系社区协调员。", statusLabel(v.Status))
	}
	return v, nil
}

// mentions reports whether text names a requester: by their name, or by
// the surname and a form of address (「赵奶奶」 for 赵桂英).
func mentions(text, name string) bool {
	if name == "" {
		return false
	}
	if strings.Contains(text, name) {
		return true
	}
	// 「小杨」 for 小杨同学, 「老马」 for 老马头: a name that starts with 小
	// or 老 is called by its first two characters.
	if r := []rune(name); len(r) >= 3 && (r[0] == '小' || r[0] == '老') && strings.Contains(text, string(r[:2])) {
		return true
	}
	first, _ := utf8.DecodeRuneInString(name)
	for _, title := range []string{"奶奶", "爷爷", "大爷", "大妈", "阿姨", "叔", "伯", "婆婆", "老师", "师傅", "姐", "哥", "老太", "大娘", "大哥", "大姐", "大叔", "大伯", "大嫂", "嫂", "婶", "姨"} {
		if strings.Contains(text, string(first)+title) || strings.Contains(text, "老"+string(first)) || strings.Contains(text, "小"+string(first)) {
			return true
		}
	}
	return false
}

// both is the tasks in a that are also in b.
func both(a, b []Task) []Task {
	var out []Task
	for _, x := range a {
		for _, y := range b {
			if x.ID == y.ID {
				out = append(out, x)
			}
		}
	}
	return out
}

// clip shortens s to n runes.
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// weekdayNamed is a weekday in words: 「周一」「礼拜六」「星期天」.
var weekdayNamed = gatedre.MustCompile(`(周|礼拜|星期)([一二三四五六日天])`)

// onWeekdaySaid are the tasks among tasks whose time falls on the weekday
// text names, none when it names none.
func onWeekdaySaid(text string, tasks []Task, loc *time.Location) []Task {
	m := weekdayNamed.FindStringSubmatch(text)
	if m == nil {
		return nil
	}
	day := time.Weekday(strings.IndexRune("日一二三四五六", []rune(m[2])[0]) / len("一"))
	if m[2] == "天" {
		day = time.Sunday
	}
	var out []Task
	for _, task := range tasks {
		if !task.Window.IsZero() && task.Window.Start.In(loc).Weekday() == day {
			out = append(out, task)
		}
	}
	return out
}
