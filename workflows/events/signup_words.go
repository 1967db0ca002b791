package events

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"linli/bot"
	"linli/internal/gatedre"
	"linli/numerals"
)

// A resident signs up by naming the event and saying they go (「义诊 我去
// 量个血压」「包饺子我们老两口都去」「义诊+1 带我妈」「我陪我爷爷一块去义诊
// 我俩」), before the words are read as anything else: 「陪」 and 「带」 read
// like asking for a helper. And one signed up asks when or where it is
// without naming it (「明天几点来着」).

var (
	// goesTold says one goes: 「我去」「算我一个」「+1」「都去」「报一个」.
	goesTold = gatedre.MustCompile(reportedCount + `|我(也)?(去|参加|报)|(^|\s|\p{Han})报名(\s|$)|(要|想)学|(给我)?留一个|排队|候补算我|我也要|(都|也)(去|参加|报)|算我|\+\s*[0-9一二两三]?|加一|报(一个|个|上)|我俩|俩人|两个人|老两口|带(上)?(我)?(老伴|妈|爸|爷爷|奶奶|姥姥|姥爷|孙子|孙女|外孙|孩子|娃|小孩)|去(一个|一下)`)
	// notGoing is words of not going or of asking.
	notGoing = gatedre.MustCompile(`(加|给|送|记|补)[^ ]{0,4}分|积分|让大家|让居民|让邻居|大家(都)?(来)?报名|不去|去不了|去不成|来不了|参加不了|不参加|取消|退|划|[?？吗么]|能不能|可不可以|还有(位|名额|地方|空|票|几|没)|几点|在哪|哪儿|什么|啥|多少|能(带|去|报|参加|来)|可以(带|去|报|参加|来)|(不|没)(\s|$)|行不|好不|是不是`)
	// plusMore is 「+2」: so many more than oneself.
	plusMore = gatedre.MustCompile(`\+\s*([0-9一二两三四五])`)
	// coupleTold is two going: 「老两口」「带我妈」.
	coupleTold = gatedre.MustCompile(`老两口|我们俩|我们两个|带(上)?(我)?(老伴|妈|爸|爷爷|奶奶|姥姥|姥爷|孩子|娃|小孩|孙子|孙女|外孙)|陪(我)?(爷爷|奶奶|姥姥|姥爷|老伴|妈|爸)`)
	// meToo is counting oneself in without naming the event.
	meToo = gatedre.MustCompile(`^(\+\s*1|\+|加一|算我一个|我也去|我也报|我也参加)$`)
	// commandForm is a command typed out (「报名 #1 2人」「截止报名 #1」),
	// which its keyword reads.
	commandForm = gatedre.MustCompile(`[#＃]|^报名\s|^(截止|停止|取消|关闭)报名|报名(名单|情况)`)
	// signsUpPlainly counts oneself in for the one event open where it is
	// said, named or not: 「我也凑个热闹 报一个」「候补算我一个」「中国结我要学 报名」.
	signsUpPlainly = gatedre.MustCompile(reportedCount + `|报名|报一个|报个名|算我一个|给我留一个|候补算我|我也(想|要)学`)
	// asksBring asks what to bring: 「带啥子」「要带什么」.
	asksBring = gatedre.MustCompile(`带(啥|什么|啥子|哪些|些什么)|要带|带不带`)
	// asksWhenMine is asking when or where, of no event by name.
	asksWhenMine = gatedre.MustCompile(`几点|在哪|哪儿|哪里|什么时候|啥时候|几号|哪天`)
)

// signUpTypos are sign-up words typed by sound: 「我报明」.
var signUpTypos = strings.NewReplacer("报明", "报名", "报个明", "报个名", "抱名", "报名")

// signUpWordsLen is the longest message, in runes, read as a sign-up in
// words.
const signUpWordsLen = 30

// signUpToldLen is the longest message a resident tells the bot that signs
// up in so many words (signsUpOutright); a coordinator's are set-ups.
const signUpToldLen = 60

// signsUpOutright are the words of signing up outright: 「报名」「报4个」.
var signsUpOutright = gatedre.MustCompile(reportedCount + `|报名|报个名`)

// neighbourSignUpLen is the longest sign-up, in runes, read from words
// told to the neighbours in a group.
const neighbourSignUpLen = 20

// signUpWords signs the member up for the one open event their words name
// when they say they go; told to the neighbours in a group, only when
// short, naming the event and asking nothing, and the answer is private.
func (w *Workflow) signUpWords(ctx context.Context, t *bot.Turn) error {
	text := signUpTypos.Replace(strings.TrimSpace(t.Args))
	// Told to the neighbours, not the bot (「包饺子算我一个」 under the
	// notice): only a short one that names the event and asks nothing.
	toNeighbours := t.InGroup() && !t.Msg.MentionsBot
	limit := signUpWordsLen
	if !toNeighbours && t.Member.Role < bot.Coordinator && signsUpOutright.MatchString(text) {
		// 「我们家报4个 我 我老公 还有两个小孩… 12栋1单元郑丽」 to the bot.
		limit = signUpToldLen
	}
	if t.Msg.Kind != bot.Text || utf8.RuneCountInString(text) > limit || forOther.MatchString(text) || commandForm.MatchString(text) ||
		joinsVolunteers.MatchString(text) {
		return bot.ErrPass
	}
	going, asked, ok := goingAndAsked(text)
	// A question of places the sign-up answers (「还有位子吗 有的话给我留一
	// 个」「满了啊 我也想学 能排队不」) may come with it.
	if !ok || toNeighbours && (asked != "" && !signUpAsked.MatchString(asked) || utf8.RuneCountInString(text) > neighbourSignUpLen) {
		return bot.ErrPass
	}
	open, err := w.openToSign(ctx, t)
	if err != nil || len(open) == 0 {
		return bot.OrPass(err)
	}
	named := saidEvents(text, open)
	if kind := eventKindSaid.FindString(text); kind != "" && len(named) == 0 {
		// 「包饺子给我报个名」 with only the couplets open: not them.
		if toNeighbours || !signsUpPlainly.MatchString(going) {
			return bot.ErrPass
		}
		return bot.Userf("近期没有可以报名的「%s」。发「活动列表」看看近期活动；别的事发「转告社区 您的问题」，社区工作人员会回复您。", kind)
	}
	if len(named) == 0 && (meToo.MatchString(text) && !toNeighbours || signsUpPlainly.MatchString(going) && (!toNeighbours || utf8.RuneCountInString(text) <= neighbourSignUpLen)) {
		// 「+1」 with one event open where it is said; told to the bot,
		// a longer one too (「我报名 那个讲遗产的 我跟我老伴两个人」).
		named = slices.DeleteFunc(open, func(e Event) bool { return t.InGroup() && !slices.Contains(e.Groups, t.Chat.Name) })
		if len(named) > 1 && !meToo.MatchString(text) {
			return bot.ErrPass // which one is not said
		}
	}
	if len(named) == 0 || len(named) > maxSignUpsAtOnce || len(named) > 1 && toNeighbours {
		return bot.ErrPass
	}
	party := partySaid(going)
	if m := plusMore.FindStringSubmatch(going); m != nil && party == 0 {
		// 「+1」 is 「count me in」; 「+2 带孙子孙女」 is two more.
		if n, ok := numerals.Parse(m[1]); ok && n > 1 {
			party = 1 + n
		}
	}
	if party == 0 && coupleTold.MatchString(going) {
		party = 2
	}
	if len(named) > 1 {
		// 「我也要写春联 还有包饺子也算我一个」: each, in turn; a no to one
		// leaves the others standing.
		return w.signUpEach(ctx, t, named, party)
	}
	t.Keyword, t.Args = "报名", fmt.Sprintf("#%d", named[0].No)
	if party > 1 {
		t.Args += fmt.Sprintf(" %d人", party)
	}
	if err := w.signUp(ctx, t); err != nil || asked == "" || asksWhenMine.MatchString(asked) || signUpAsked.MatchString(asked) {
		// The confirmation says when and where, and whether there was a
		// place.
		return err
	}
	t.ReplyPrivately(fmt.Sprintf("您问的「%s」，%s的通知里没写，我答不上来：发「转告社区 您的问题」，社区工作人员会回复您。", asked, label(named[0].No, named[0].Title)))
	return nil
}

// maxSignUpsAtOnce is the most events one message signs up for.
const maxSignUpsAtOnce = 3

// signUpEach signs the member up for each of events, with the same party;
// a reason one cannot be is told, and the others go on.
func (w *Workflow) signUpEach(ctx context.Context, t *bot.Turn, events []Event, party int) error {
	for _, e := range events {
		t.Keyword, t.Args = "报名", fmt.Sprintf("#%d", e.No)
		if party > 1 {
			t.Args += fmt.Sprintf(" %d人", party)
		}
		err := w.d.Store.Savepoint(ctx, func(ctx context.Context) error { return w.signUp(ctx, t) })
		var userErr *bot.UserError
		switch {
		case errors.As(err, &userErr):
			t.ReplyPrivately(userErr.Msg)
		case err != nil:
			return err
		}
	}
	return nil
}

// signUpClause is a clause of a message: a message is cut into them at
// spaces and punctuation.
var signUpClause = gatedre.MustCompile(`[\s，,。！!；;、]+`)

// goingAndAsked reads a message that says one goes, perhaps with a
// question beside it (「周六义诊我也去一个 要不要空腹啊」「义诊算我一个
// 几点开始」): the clause that says so, and the rest when that is a
// question. A message saying one does not go, or only asking, is not
// one (ok false).
func goingAndAsked(text string) (going, asked string, ok bool) {
	clauses := signUpClause.Split(text, -1)
	if len(clauses) == 1 || !asksSomething.MatchString(text) {
		return text, "", goesTold.MatchString(text) && !notGoing.MatchString(text)
	}
	var rest []string
	for _, c := range clauses {
		switch {
		case c == "":
		case going == "" && goesTold.MatchString(c) && !notGoing.MatchString(c):
			going = c
		case notAsked.MatchString(c):
			return "", "", false
		default:
			rest = append(rest, c)
		}
	}
	asked = strings.Join(rest, " ")
	if going == "" || !asksSomething.MatchString(asked) {
		return "", "", false
	}
	return going, asked, true
}

var (
	// notAsked is a clause of not going or of going only perhaps.
	notAsked = gatedre.MustCompile(`不去|去不了|去不成|来不了|参加不了|不参加|取消|退|划掉|不一定|看情况|再说`)
	// signUpAsked is a question the sign-up answers: 「还有名额吗」「能报上吗」.
	signUpAsked = gatedre.MustCompile(`名额|位置|位子|满了|排队|候补|报上|报名|能(去|报|参加|来)|可以(去|报|参加|来)|行不行|行吗|可以吗`)
	// asksSomething is a question.
	asksSomething = gatedre.MustCompile(`[?？吗么嘛]|(能|可以|行)[^ ]{0,4}不$|要不要|用不用|能不能|可不可以|是不是|有没有|几点|在哪|哪儿|哪里|什么|啥|多少|多久|怎么|咋`)
)

// whenMine answers 「明天几点来着」 from one signed up for events: when and
// where they are, privately, when the words name no event.
func (w *Workflow) whenMine(ctx context.Context, t *bot.Turn) error {
	text := strings.TrimSpace(t.Args)
	if t.Msg.Kind != bot.Text || utf8.RuneCountInString(text) > 20 || !asksWhenMine.MatchString(text) {
		return bot.ErrPass
	}
	es, _, err := w.mySignUps(ctx, t)
	if err != nil || len(es) == 0 {
		return bot.OrPass(err)
	}
	var b strings.Builder
	b.WriteString("您报名的活动：")
	for _, e := range es {
		writeEventLine(&b, e, t.Now, "，")
		if e.Bring != "" && asksBring.MatchString(text) {
			b.WriteString("，需要带：" + e.Bring)
		}
	}
	t.Reply(b.String())
	return nil
}
