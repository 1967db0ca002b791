package volunteer

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
)

// A volunteer or a requester often says a task is done in their own words
// rather than with its number: 「陪刘奶奶看完病了 用了两个半小时」, 「王芳帮我弄好
// 了 谢谢她 给她五星」. When the speaker has exactly one task it can be
// about, it is taken as 完成 or 确认 of that task; otherwise they are asked
// which, or, with none, the words go on to the rest of the router.

// thanksScore is how sure a requester's thanks or rating is: above a
// request's cue, since 「王芳帮我弄好了 谢谢她」 asks for nothing. A told
// completion is only likely (intent.ByHint): a story that mentions
// something mended (「修好了又坏了找谁赔」) is another intent's first.
const thanksScore = 0.95

// doneTold is help told as given by the one who gave it (folded text).
var doneTold = gatedre.MustCompile(`(整完|整好|学会|教会|东西收到|菜收到|药收到|(扛|送|搬|抬|拿)(上来|下去|下来|上去|走了)|通好|修完|换完|办妥|弄妥|送上去|送上楼|搬上去|扛上去|拍好|装好|贴好|买到|完成|做完|办完|弄完|干完|搞定|弄好|修好|办好|送到|送完|送回|陪完|看完|买好|买完|买回|接回|取回|拿回|收拾好|打扫完|换好|放(在)?门口|送过去|送去了|(已经)?送(过去|到)了|交给(她|他|.{1,4})了|念完|读完|教完|教会|调好|搬完|搬好|(复查|检查|查)完|(活儿?|任务|陪诊|复查|事)(已经)?结束|扛上楼|搬上楼|拎上楼|配(来|好|到|回)|帮我\p{Han}{1,3}了( |$))`)

// hoursReported is the time a volunteer says a task took (「教了两个小时」
// 「前后四个钟头」) or the task said over (「陪诊结束了」); a report with it
// may run longer.
var hoursReported = gatedre.MustCompile(`[0-9一二两三四五六七八九十半]+(个)?(半)?(小时|钟头)|(陪诊|复查|看病|检查|任务|活儿?|事)(已经)?(结束|完成|做完|办完)( |了|$)`)

// thanksTold is a requester's thanks to the helper or rating for help
// had; thanksHim is thanks to him or her, which is that only with the help
// told done (「弄好了 谢谢她」), and is plain thanks alone.
var (
	thanksTold = gatedre.MustCompile(`(谢谢|感谢|多谢)[^ ]{0,8}(小伙子?|姑娘|小妹|师傅|志愿者|后生仔?)(帮|陪|给)我|^(谢谢|感谢|多谢)[^ ]{0,8} [^ ]{0,6}(那个|那位)(小伙子?|姑娘|小妹|师傅|志愿者|后生仔?)(帮|陪|给)我|(谢谢|感谢|多谢)[^ ]{0,6}(那个|那位)?(来|帮我|陪我|给我)[^ ]{1,10}的(那个|那位)?(后生|小伙子|小伙|小妹|姑娘|师傅|志愿者|小\p{Han})|(陪|帮)我[^ ]{0,10}的\p{Han}{0,3}(小伙子|姑娘|志愿者|师傅|大姐|大哥)[^?？吗]{0,12}(太好|真好|谢谢|感谢|辛苦)|(那个|这个|那位)(小伙子|小姑娘|姑娘|志愿者|师傅|大姐|大哥)[^?？吗]{0,30}(谢谢|感谢|辛苦)|(谢谢|感谢|多谢)(帮我|帮忙|来帮我)\p{Han}{0,8}的(志愿者|小\p{Han}|老\p{Han}|\p{Han}(师傅|阿姨|大姐|大哥|姐|哥|叔|老师))|(谢谢|感谢|多谢)(那个|这个|那位|这位)?(志愿者|小?[王张李刘陈赵杨黄周吴]|小[^助]|老[^天]|[^社](师傅|阿姨|大姐|大哥|姐|哥|叔|老师))|五星|好评|满分|最高分|打满( |$|分|星)|[1-5一二三四五]颗?星([^期]|$)|^(打|给|评)?(个)?[1-5一二三四五](分|颗星|星)(吧|了|啊)?( |$)|^(拿到|取到|东西到|菜到|快递到|东西收到|收到东西)(了)?( ?(拿到|收到)(了)?)*$`)
	thanksHim  = gatedre.MustCompile(`(谢谢|感谢|多谢)(她|他)`)
	// thanksEnd is thanks at the end of what was done: 「志愿者来过了 灯泡
	// 换好了 感谢感谢🙏」.
	thanksEnd = gatedre.MustCompile(`(谢谢|辛苦)[^ ]{0,10}( ?(谢谢|辛苦)[^ ]{0,10})*( [^ ]{1,6})?$`)
)

// ratedForThem is a rating given in another's place: 「帮阿婆打个一星先」
// 「帮他按个好评行不行」.
var ratedForThem = gatedre.MustCompile(`(帮|替)(\p{Han}{1,2}(婆|姨|奶奶|爷爷|大爷|大妈|叔|婶|伯|嫂)|老人|邻居|隔壁|他|她)[^ ]{0,3}(打|评|按|点|给)(个)?(好评|差评|五星|一星|[1-5一二三四五]颗?星|[1-5一二三四五]分)`)

// howToRate asks how to rate the help had: 「怎么给他好评」.
var howToRate = gatedre.MustCompile(`(怎么|如何|咋)(给|打|评)(他|她|志愿者)?(个)?(好评|评分|五星|打分|评价)|(好评|评分|打分)(怎么|咋)(给|打|弄)`)

// selfRated is a rating one gives oneself: 「给自己打个五星好评」 (「给我打电
// 话说灯换好了」 is a call).
var selfRated = gatedre.MustCompile(`(给|帮)(我|自己)(这次)?(的)?(服务)?(打|评)([^电]|$)|(帮|替)(他|她)(给)?(这次)?(的)?(服务)?(打|评)|(帮|替|代)(他|她)(点)?(个|一下)?确认`)

// notTold rules out a question or a plan (「修好了吗」「明天能送到吗」), and a
// volunteer confirming in the resident's place.
var notTold = gatedre.MustCompile(`我是志愿者[^ ]{0,24}(确认|评|好评|星)|(手机|电话|号码|微信)(号)?(发|给)(我|一下)|(帮|替|代)(她|他|人家|老人)(点|按)?(个|一下)?(确认|完成)|吗|(^|[^什])么|(^|[^没])什么|没有?$|能不能|可不可以|[?？]|明天|后天|下周|还没|没(完成|做完|办完|弄完|弄好|修好|送到)|打卡|签到|\d+ ?号?(单|任务)|任务 ?#?\d`)

// notDone rules out a completion told by or of somebody else: help asked
// for (帮我, 要我, 让我) or a story of what happened after.
var notDone = gatedre.MustCompile(`帮我|要我|让我|给我([^塞送]|$)|才知道|(^|[^查验])结果|后来|可是|但是|怎么|该|不给|拖着|不还|不认`)

func doneToldIntent() intent.Decl {
	return intent.Decl{Name: "done_told", Label: "完成任务", Shape: intent.Free,
		Score: func(folded string) float64 {
			// A report is short; a longer story with something mended
			// in it (「车修好了…扣着车不还」) asks something else.
			if doneTold.MatchString(folded) && !notTold.MatchString(folded) && !notDone.MatchString(folded) &&
				!legalShape.MatchString(folded) && (utf8.RuneCountInString(folded) <= 24 || (hoursReported.MatchString(folded) || doneFirst(folded)) && utf8.RuneCountInString(folded) <= 48) {
				if strings.HasPrefix(folded, "我是志愿者") {
					// 「我是志愿者 3幢王阿姨买菜那个我已经送过去了」: a
					// report, above the errand its words name.
					return clearOfCue
				}
				return intent.ByHint
			}
			return 0
		}}
}

// doneFirst reports whether the first clause of a report says the help
// was given (「灯泡换好了 顺手把开关也紧了紧 没啥事」): what follows tells
// more of the same visit.
func doneFirst(folded string) bool {
	first, _, more := strings.Cut(folded, " ")
	return more && utf8.RuneCountInString(first) <= doneFirstLen && doneTold.MatchString(first)
}

// doneFirstLen is the longest first clause, in runes, read as a report
// that the help was given.
const doneFirstLen = 10

func thanksToldIntent() intent.Decl {
	// Asks: 「怎么给他好评」 (howToRate); notTold keeps other questions out.
	return intent.Decl{Name: "thanks_told", Label: "确认完成", Shape: intent.Free, Asks: true,
		Score: func(folded string) float64 {
			if (thanksTold.MatchString(folded) || (thanksHim.MatchString(folded) || thanksEnd.MatchString(folded)) && doneTold.MatchString(folded)) && (!notTold.MatchString(folded) || howToRate.MatchString(folded)) && !selfRated.MatchString(folded) && !ratedForThem.MatchString(folded) && !forKinRated.MatchString(folded) && !confirmedForThem.MatchString(folded) {
				return thanksScore
			}
			return 0
		}}
}

// doneByWords completes the one task the speaker holds as a volunteer.
func (w *Workflow) doneByWords(ctx context.Context, t *bot.Turn) error {
	mine, err := w.held(ctx, t)
	if err != nil {
		return err
	}
	if len(mine) == 0 {
		// 「小董修好了 不滴了」 from whom it was done for: their word that
		// it was.
		theirs, err := w.tasksWhere(ctx, t, func(task Task) bool {
			return task.RequesterID == t.Member.ID && (task.State == Assigned || task.State == Done)
		})
		if err != nil || len(theirs) == 0 {
			return bot.OrPass(err)
		}
		return w.thanksByWords(ctx, t)
	}
	return w.completeHeld(ctx, t, mine)
}

// whichHeld is the one of the tasks mine, held by the speaker, that their
// words point at. With several and no way to tell, it asks which, with
// usage (a format of a task number) as the example, and reports false.
func whichHeld(t *bot.Turn, mine []Task, usage string) (Task, bool) {
	if len(mine) == 1 {
		return mine[0], true
	}
	if which := pointedAt(intent.Fold(t.Msg.Text), mine, false); len(which) == 1 {
		return which[0], true
	}
	t.Reply("您手上有几个任务，请说是哪个：" + refs(mine) + "\n例如：" + fmt.Sprintf(usage, mine[0].ID))
	return Task{}, false
}

// held are the tasks the speaker holds as a volunteer.
func (w *Workflow) held(ctx context.Context, t *bot.Turn) ([]Task, error) {
	return w.tasksWhere(ctx, t, func(task Task) bool { return task.VolunteerID == t.Member.ID && task.State == Assigned })
}

// completeHeld completes the one of the tasks mine, held by the speaker,
// that their words point at, asking which when they point at none.
func (w *Workflow) completeHeld(ctx context.Context, t *bot.Turn, mine []Task) error {
	// 「菜送到了 孙大爷收下了」: the words may say which.
	task, ok := whichHeld(t, mine, "完成 #%d 用时1.5小时")
	if !ok {
		return nil
	}
	mine = []Task{task}
	if text := intent.Fold(t.Msg.Text); namesSomebody.MatchString(text) && !mentions(text, mine[0].Requester) {
		// 「吴阿姨家弄好了」 while the one task held is another's.
		t.Reply(fmt.Sprintf("您手上只有任务 #%d（%s），是它做完了吗？是的话回复：完成 #%d 用时1小时", mine[0].ID, mine[0].Category, mine[0].ID))
		return nil
	}
	t.Args = fmt.Sprintf("#%d", mine[0].ID)
	said := aboutDuration.ReplaceAllString(t.Msg.Text, "$1$4个$2$3$5")
	if m := reHours.FindString(said); m != "" {
		t.Args += " " + m
	} else if m := reHalfHr.FindString(said); m != "" {
		t.Args += " " + m
	}
	return w.complete(ctx, t)
}

// thanksByWords confirms the one task done for the speaker, with the
// rating they gave; help they thank for before the volunteer reports it
// done is confirmed when it is.
func (w *Workflow) thanksByWords(ctx context.Context, t *bot.Turn) error {
	theirs, err := w.tasksWhere(ctx, t, func(task Task) bool {
		return task.RequesterID == t.Member.ID && (task.State == Done || task.State == Assigned)
	})
	if err != nil {
		return err
	}
	if len(theirs) == 0 {
		if ratesSomeone.MatchString(intent.Fold(t.Msg.Text)) {
			// 「孙奶奶那单我给陈师傅打个一星」: a rating of help one did
			// not ask for.
			t.Reply("评分要由求助的居民本人、在志愿者做完之后给，别人替不了。对志愿者有意见，可以发「转告社区 要说的事」，我转给社区工作人员。")
			return nil
		}
		// Thanks for nothing of ours (「谢谢她」): the bot's own answer.
		t.Reply(bot.ThanksReply)
		return nil
	}
	var done []Task
	for _, task := range theirs {
		if task.State == Done {
			done = append(done, task)
		}
	}
	switch {
	case len(done) == 0:
		t.Reply(fmt.Sprintf("谢谢您的反馈！等志愿者报了完成，回复“确认 #%d 5”（1-5分）就行。", theirs[0].ID))
		return nil
	case len(done) > 1:
		t.Reply("有几个任务等您确认，请说是哪个：" + refs(done) + "\n例如：确认 #" + fmt.Sprint(done[0].ID) + " 5")
		return nil
	}
	if howToRate.MatchString(intent.Fold(t.Msg.Text)) {
		t.Reply(fmt.Sprintf("谢谢您！回复「确认 #%d 5」就行，1到5分，5分最好。", done[0].ID))
		return nil
	}
	t.Args = fmt.Sprintf("#%d", done[0].ID)
	if r := ratingTold(intent.Fold(t.Msg.Text)); r > 0 {
		t.Args += fmt.Sprintf(" %d", r)
	}
	return w.confirm(ctx, t)
}

// tasksWhere lists the speaker's recent tasks that keep.
func (w *Workflow) tasksWhere(ctx context.Context, t *bot.Turn, keep func(Task) bool) ([]Task, error) {
	tasks, err := w.d.Store.TasksOf(ctx, t.Community(), t.Member.ID, 20)
	if err != nil {
		return nil, wrap("tasks of", err)
	}
	var out []Task
	for _, task := range tasks {
		if keep(task) {
			out = append(out, task)
		}
	}
	return out, nil
}

// refs names tasks by number and kind, for asking which one is meant.
func refs(tasks []Task) string {
	parts := make([]string, len(tasks))
	for i, task := range tasks {
		parts[i] = fmt.Sprintf("#%d %s", task.ID, task.Category)
	}
	return strings.Join(parts, "、")
}

// ratingRe is a rating in stars or points, in digits or Chinese numerals.
var ratingRe = gatedre.MustCompile(`([1-5一二三四五])(颗|个)?(星|分)([^期钟数]|$)`)

// ratingTold reads 「五星」「5分」「给她5颗星」 as 1 to 5; 「满意」, no number,
// is 0.
func ratingTold(folded string) int {
	m := ratingRe.FindStringSubmatch(folded)
	if m == nil {
		return 0
	}
	if n, err := strconv.Atoi(m[1]); err == nil {
		return n
	}
	return parseNumber(m[1])
}

// doneWithHours is a volunteer's report in their own words with the time
// it took (「张奶奶的米扛上去了 前后差不多一个钟头」「医保码弄好了 半个小时吧」
// 「陪王大爷去市一院复查 来回加排队拿药 三个半小时」): a duration said as
// done, not asked.
var (
	saysDuration = gatedre.MustCompile(`([0-9]+(\.[0-9]+)?|[` + cnNumberChars + `]{1,3})\s*(来)?(个)?\s*(半)?\s*(小时|钟头|钟点|分钟)|半\s*(个)?\s*(小时|钟头)`)
	// aboutDuration is 「来」 in 「四十来分钟」「三个来钟头」: about so long.
	aboutDuration = gatedre.MustCompile(`([0-9` + cnNumberChars + `])来(个)?(小时|钟头|钟点|分钟)|([0-9` + cnNumberChars + `])个来(小时|钟头|钟点)`)
	asksDuration  = gatedre.MustCompile(`几个?(半)?(小时|钟头)|多少(个)?(小时|钟头)|多久|多长时间|吗|(^|[^怎什这那多])么|[？?]|能不能|要不要|得多|需要`)
)

// notByHours is a duration in a request or a story (「帮我…」「结果…」), or
// how late one will be or how long until one starts (「晚半个钟头到」「过一个
// 小时就到」「得先去五金店」).
var notByHours = gatedre.MustCompile(`(晚|迟|再|还要|还得|过|等|推迟|延后)(个)?[^ ,，。]{0,3}(小时|钟头|钟点|分钟)|(小时|钟头|钟点|分钟)(以?后|左右)?(到|过去|出发|来)|先去|马上|这就|一会|待会|等会|说一声|帮我|要我|让我|给我|(^|[^查验])结果|后来|可是|但是|不给|拖着|不还|不认|还没|没(弄|做|办|修)`)

// doneByHours takes a volunteer's words that tell a duration as done as
// 完成 of the task they hold, before the words are read for anything
// else: a story of a task (「扛上去了」「复查」) reads like many things.
func (w *Workflow) doneByHours(ctx context.Context, t *bot.Turn) error {
	text := t.Msg.Text
	if t.InGroup() || t.Msg.Kind != bot.Text || !saysDuration.MatchString(text) || asksDuration.MatchString(text) ||
		notByHours.MatchString(text) || commandLead.MatchString(text) || utf8.RuneCountInString(text) > 60 {
		return bot.ErrPass
	}
	return w.doneByWords(ctx, t)
}

// doneByName takes a volunteer's report that names the one they helped
// (「孙奶奶家水龙头弄好了 阀芯坏了换了个新的」「赵奶奶复查完送回家了」) as 完成
// of the task they hold for that household, before the words are read
// for anything else: a thing mended reads like a thing broken.
func (w *Workflow) doneByName(ctx context.Context, t *bot.Turn) error {
	folded := intent.Fold(t.Msg.Text)
	if t.Msg.Kind != bot.Text || !doneTold.MatchString(folded) || notTold.MatchString(folded) || notDone.MatchString(folded) ||
		commandLead.MatchString(t.Msg.Text) || utf8.RuneCountInString(folded) > 60 {
		return bot.ErrPass
	}
	mine, err := w.held(ctx, t)
	if err != nil || len(mine) == 0 {
		return bot.OrPass(err)
	}
	named := 0
	for _, task := range mine {
		if household(folded, task.Requester) {
			named++
		}
	}
	if named != 1 && !(len(mine) == 1 && closesOwn.MatchString(folded)) {
		return bot.ErrPass
	}
	return w.completeHeld(ctx, t, mine)
}

// closesOwn says the one task held is over: 「这单可以结了」.
var closesOwn = gatedre.MustCompile(`(这单|这个单|这活|这件事)(可以|能)?(结|完|关)(了|掉|单)?|可以结(单|了)`)

// household reports whether text names requester or one of their
// household: 「赵奶奶」 for 赵大爷's wife, by the family name.
func household(text, requester string) bool {
	if mentions(text, requester) {
		return true
	}
	family, _ := utf8.DecodeRuneInString(requester)
	for _, m := range namesSomebody.FindAllString(text, -1) {
		if r, _ := utf8.DecodeRuneInString(m); r == family && family != '小' && family != '老' {
			return true
		}
	}
	return false
}

// A requester tells how the help went in their own words (「小陈这孩子真好
// 给他五颗星⭐⭐⭐⭐⭐」「弄好了 小林挺耐心的 挺好的」「那就5分吧」): with one
// task of theirs reported done, that confirms it, with the rating when one
// is given; a rating said just after a confirmation without one is added
// to it.
var (
	// praise is a good word for the help had.
	praise = gatedre.MustCompile(`没说的|手艺|好样的|上心|亮堂|挺好|真好|很好|太好|弄好|修好|办好|好人|不错|满意|耐心|辛苦|热心|实在|棒|谢谢|感谢|多谢|麻利|周到|靠谱|细心|力气大|星|⭐|👍`)
	// complaint is a bad word for it, which a coordinator should hear.
	complaint = gatedre.MustCompile(`不满意|不好|太差|很差|差劲|没弄好|没修好|没好|又坏|还是坏|投诉|不行|态度|迟到|没来|不来|收钱|要钱|一般般|凑合`)
	// ratedLate is how long after a confirmation its rating may still come.
	ratedLate = 24 * time.Hour
)

// ratesSomeone gives somebody stars or points: 「我给她打个一星」「给他五颗星」.
var ratesSomeone = gatedre.MustCompile(`(给|帮)(她|他|人家|\p{Han}{1,3})(打|评)(个|了)?[1-5一二三四五](颗|个)?(星|分)|[1-5一二三四五](颗|个)?星([^期]|$)`)

// commandLead is a command typed out, which its keyword handles.
var commandLead = gatedre.MustCompile(`[#＃]|^\s*(完成|确认|接单|退单|取消|求助|志愿者登记)`)

// starsOrRating is a rating in words (「五颗星」「5分」) or in star emoji.
func starsOrRating(text string) int {
	if r := ratingTold(intent.Fold(text)); r > 0 {
		return r
	}
	if n := strings.Count(text, "⭐"); n >= 1 && n <= 5 {
		return n
	}
	return 0
}

// confirmByPraise confirms, or rates late, the one task a requester's good
// words are about.
func (w *Workflow) confirmByPraise(ctx context.Context, t *bot.Turn) error {
	text := t.Msg.Text
	if t.InGroup() || t.Msg.Kind != bot.Text || utf8.RuneCountInString(text) > 60 || notTold.MatchString(intent.Fold(text)) || commandLead.MatchString(text) ||
		selfRated.MatchString(text) || forKinRated.MatchString(text) {
		return bot.ErrPass
	}
	rating := starsOrRating(text)
	rated := rating > 0 && !t.IsCoordinator() && ratesSomeone.MatchString(text)
	if !rated && (complaint.MatchString(text) || rating == 0 && !praise.MatchString(text)) {
		return bot.ErrPass
	}
	mine, err := w.tasksWhere(ctx, t, func(task Task) bool { return task.RequesterID == t.Member.ID })
	if err != nil {
		return err
	}
	if rated && len(mine) == 0 {
		// 「王姐上回送马阿姨去医院 听说迟到了 我给她打个一星」: a rating
		// with no task of one's own to give it to.
		t.Reply("评分要由求助的居民本人、在志愿者做完之后给，别人替不了。对志愿者有意见，可以发「转告社区 要说的事」，我转给社区工作人员。")
		return nil
	}
	if complaint.MatchString(text) {
		return bot.ErrPass
	}
	theirs := slices.DeleteFunc(mine, func(task Task) bool {
		return task.State != Done && (task.State != Confirmed || task.Rating != 0 || t.Now.Sub(task.ClosedAt) > ratedLate)
	})
	if len(theirs) != 1 {
		return bot.ErrPass
	}
	task := theirs[0]
	if task.State == Done {
		t.Args = fmt.Sprintf("#%d", task.ID)
		if rating > 0 {
			t.Args += fmt.Sprintf(" %d", rating)
		}
		if err := w.confirm(ctx, t); err != nil || rating > 0 {
			return err
		}
		t.Reply(fmt.Sprintf("愿意的话，给%s打个分吧：回复「5分」这样就行（1到5分）。", task.Volunteer))
		return nil
	}
	if rating == 0 {
		return bot.ErrPass
	}
	task.Rating = rating
	ok, err := w.d.Store.UpdateTask(ctx, task, Confirmed)
	if err != nil || !ok {
		return bot.OrPass(wrap("rate task", err))
	}
	t.Reply(fmt.Sprintf("谢谢您给%s打了%d分！", task.Volunteer, rating))
	t.Send(bot.MemberAddress(bot.Member{ID: task.VolunteerID, Name: task.Volunteer}),
		fmt.Sprintf("任务 #%d 的求助人给您打了%d分。谢谢您！", task.ID, rating))
	return nil
}
