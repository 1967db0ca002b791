package events

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
	"linli/numerals"
)

// Events and polls in residents' own words, without numbers: 「周六那个健
// 康讲座还能报不 我跟老伴两个人」 asks about the lecture for two, 「我要报名那
// 个讲座」 signs up for it, 「讲座我去不了了 帮我退了吧」 gives the place back,
// 「我投包饺子」 votes for the option so named.

// eventNoun names a kind of event; a message that names one and says it
// cannot go is giving a place back.
const eventNoun = `讲座|流感疫苗|疫苗|托管班|辅导班|兴趣班|夏令营|大扫除|活动|课|包饺子|饺子|义诊|比赛|演出|培训|体检|报名|聚餐|展览|电影|旧物交换|交换会|集市|市集|义卖|联欢会|联欢|汤圆|晚会|茶话会|运动会|游园会|沙龙|竞赛|手工课|写春联|春联|对联|法律咨询|义剪|包粽子|猜灯谜|座谈会|宣讲会|宣讲|烘焙|亲子|社火|表演|庙会|读书会|说明会|见面会|分享会|议事会|协调会|恳谈会|交流会|动员会|培训会|做月饼|月饼|健步走|徒步|登山|爬山|剪纸|书法|国画|绘画|太极|合唱|舞蹈|插花|编织|葫芦丝|摄影`

// saidEvents are the events a message names: by their whole title, or,
// when none is named so, by a two-character word of the title other than
// 「活动」 (「那个讲座」 is 健康讲座 when it is the only lecture).
func saidEvents(text string, list []Event) []Event {
	text = sameThing.Replace(text)
	var whole, part []Event
	for _, e := range list {
		if strings.Contains(text, e.Title) {
			whole = append(whole, e)
		}
	}
	// A word of another title counts beside the titles named whole only
	// when it is not a word of theirs: 「我也要写春联 还有包饺子也算我一个」
	// names both, 「健康讲座」 not 法律讲座 too.
	inWhole := func(w string) bool {
		return slices.ContainsFunc(whole, func(e Event) bool { return strings.Contains(e.Title, w) })
	}
	for _, e := range list {
		if slices.ContainsFunc(whole, func(o Event) bool { return o.No == e.No }) {
			continue
		}
		r := []rune(e.Title)
		for i := 0; i+2 <= len(r); i++ {
			if w := string(r[i : i+2]); w != "活动" && strings.Contains(text, w) && !inWhole(w) {
				part = append(part, e)
				break
			}
		}
	}
	if len(whole)+len(part) == 0 {
		// 「7号那个讲座算我一个」 of 民法典进万家: a kind named that no
		// title holds is the events whose titles read as that kind.
		if reads := kindTitle[eventKindSaid.FindString(text)]; reads != nil {
			part = slices.DeleteFunc(slices.Clone(list), func(e Event) bool { return !reads.MatchString(e.Title) })
		}
	}
	return append(whole, part...)
}

// kindTitle are, for a kind of event residents name (讲座, 义诊), the words
// of a title that make an event of that kind without naming it: 民法典进万家
// and 普法课堂 are lectures, 健康进社区 a clinic day.
var kindTitle = func() map[string]*gatedre.Regexp {
	lecture := gatedre.MustCompile(`讲|课|堂|普法|民法典|法律|知识|宣讲|宣传|进万家|分享会|培训`)
	clinic := gatedre.MustCompile(`义诊|体检|健康|血压|血糖|医|康复|疫苗`)
	show := gatedre.MustCompile(`演出|晚会|联欢|文艺|汇演|表演|节目`)
	return map[string]*gatedre.Regexp{
		"讲座": lecture, "培训": lecture, "义诊": clinic, "体检": clinic,
		"演出": show, "晚会": show, "联欢会": show,
	}
}()

// sameThing are other words for what an event's title names: 「写对联」
// is 写春联.
var sameThing = strings.NewReplacer("对联", "春联", "包水饺", "包饺子")

// reportedCount is how many are signed up in a word: 「我们家报4个」.
const reportedCount = `报([2-9]|[1-9][0-9]|[两三四五六七八九十])个`

// partyWords are how many go, told: 「两个人」「俩人」「3位」「报4个」, or
// 「我跟老伴」.
var (
	partyCount = gatedre.MustCompile(`([0-9]+|[一二两三四五六七八九十]|俩|仨)\s*(个)?(人|位|口)`)
	// partyReported is how many are signed up in a word: 「我们家报4个」.
	partyReported = gatedre.MustCompile(reportedCount)
	partyPlus     = gatedre.MustCompile(`我(跟|和|带|还有|加)(我)?(老伴|老婆|老公|爱人|媳妇|孙子|孙女|外孙|外孙女|儿子|女儿|孩子|朋友|邻居|妈|爸|娃)|带(上)?(娃|孩子|小孩|孙子|孙女|老伴)(一起|一块|去|来)`)
)

// partySaid is how many people a message says will go; 0 when it does
// not say.
func partySaid(text string) int {
	m := partyCount.FindStringSubmatch(text)
	if m == nil {
		m = partyReported.FindStringSubmatch(text) // 「我们家报4个」
	}
	if m != nil {
		switch m[1] {
		case "俩":
			return 2
		case "仨":
			return 3
		}
		if n, ok := numerals.Parse(m[1]); ok {
			return n
		}
	}
	if partyPlus.MatchString(text) {
		return 2
	}
	return 0
}

// openEvents are the community's events not yet over and not cancelled,
// in its time zone.
func (w *Workflow) openEvents(ctx context.Context, t *bot.Turn) ([]Event, error) {
	list, err := w.d.Store.EventsEndingAfter(ctx, t.Chat.Community, t.Now)
	if err != nil {
		return nil, fmt.Errorf("open events: %w", err)
	}
	var open []Event
	for _, e := range list {
		if e.State == Open {
			open = append(open, w.localEvent(e))
		}
	}
	return open, nil
}

// openToSign are the events a member may still sign up for.
func (w *Workflow) openToSign(ctx context.Context, t *bot.Turn) ([]Event, error) {
	open, err := w.openEvents(ctx, t)
	return slices.DeleteFunc(open, func(e Event) bool { return !t.Now.Before(e.Closes) }), err
}

// signUpSaid reads a sign-up told in a sentence as 「#N 2人」: the one open
// event the words name (or the only one open), with the party they tell.
// It returns "" when the words name no open event.
func (w *Workflow) signUpSaid(ctx context.Context, t *bot.Turn) (string, error) {
	open, err := w.openToSign(ctx, t)
	if err != nil {
		return "", err
	}
	text := t.Msg.Text
	named := saidEvents(text, open)
	if len(named) == 0 && len(open) == 1 {
		named = open
	}
	switch len(named) {
	case 0:
		return "", nil
	case 1:
		args := "#" + strconv.Itoa(named[0].No)
		if n := partySaid(text); n > 1 {
			args += fmt.Sprintf(" %d人", n)
		}
		return args, nil
	}
	return "", whichEvent(named, "报名")
}

// whichEvent asks which of several events the words were about.
func whichEvent(es []Event, word string) error {
	names := make([]string, len(es))
	for i, e := range es {
		names[i] = label(e.No, e.Title)
	}
	return bot.Userf("有%d个活动都对得上：%s。请写编号，如「%s #%d」。", len(es), strings.Join(names, "、"), word, es[0].No)
}

// signUpAskIntent asks whether one can still sign up (「还能报不」「俩人能
// 报吗」): the answer says the places left and how to write the sign-up.
func signUpAskIntent() intent.Decl {
	return intent.Decl{Name: "signup_ask", Label: "能不能报名", Shape: intent.Free, Asks: true,
		Cues: []string{`(` + eventNoun + `).{0,12}(还能|能|可以|能不能|可不可以)(报|报名|参加|去|来|听)(吗|不|么|没)?`, `现在(过去|进去)?(还)?(能|可以)(听|参加|进去)(吗|不|么)`, `名额(满了|满没|还有)(没|吗|不)?`, `还能(去|来|参加)(不|吗|么)`,
			`^(现在|这会儿?|今天|那)?(还能|能|可以)(报|报名)(吗|不|么|没)`, `(还能|能|可以)(报|报名)(一个|个)?(` + eventNoun + `)(吗|不|么|没)`, `(还有|剩|还剩)(几个|多少)?(名额|位置|位子|空位)`, `报(名)?(还)?来得及`, `(还有|有)(地儿|地方|空儿|位儿|空位)(了)?(没|吗|不)`},
		// 「包饺子我能去不 给我报个名」 asks for the sign-up itself.
		Not: []string{`打卡|签到|志愿者|(给我|帮我)(也)?报(个)?名`}}
}

// signUpAsk answers 「周六那个讲座还能报不 我跟老伴两个人」 with the places
// left and the sign-up to send.
func (w *Workflow) signUpAsk(ctx context.Context, t *bot.Turn) error {
	open, err := w.openToSign(ctx, t)
	if err != nil {
		return err
	}
	named := saidEvents(t.Msg.Text, open)
	if len(named) == 0 {
		named = open
	}
	switch len(named) {
	case 0:
		if e, ok, err := w.underway(ctx, t); err != nil || ok {
			if err != nil {
				return err
			}
			return bot.Userf("%s 已经开始了（%s），报名已截止。想去听的话，请问一下社区工作人员：发「转告社区 您的问题」。", label(e.No, e.Title), when(e, t.Now))
		}
		return bot.Userf("现在没有可以报名的活动。发「活动列表」看看近期活动。")
	case 1:
	default:
		return whichEvent(named, "报名")
	}
	e := named[0]
	taken, waiting, err := w.d.Store.Tally(ctx, e.ID)
	if err != nil {
		return fmt.Errorf("places of event %d: %w", e.ID, err)
	}
	send := fmt.Sprintf("报名 #%d", e.No)
	if n := partySaid(t.Msg.Text); n > 1 {
		send += fmt.Sprintf(" %d人", n)
	}
	if signUpToo.MatchString(intent.Fold(t.Msg.Text)) {
		// 「义诊还有地方不 给我也报上」: asked and told at once.
		t.Keyword, t.Args = "报名", strings.TrimPrefix(send, "报名 ")
		return w.signUp(ctx, t)
	}
	t.Reply(fmt.Sprintf("能报。%s：%s。要报名请发「%s」。", label(e.No, e.Title), places(e, taken, waiting), send))
	return nil
}

// signUpToo is a sign-up told beside the question of places: 「给我也报
// 上」「有的话我报一个」.
var signUpToo = gatedre.MustCompile(`(给我|帮我|替我)(也)?(报上|报一个|报个名|报个|报名|留一个|留个)|我(也)?(要|就)?(报一个|报个名|报上)|算我一个|(那|就)?给我(也)?排上`)

// underway is the event going on now, if there is one.
func (w *Workflow) underway(ctx context.Context, t *bot.Turn) (Event, bool, error) {
	open, err := w.openEvents(ctx, t)
	for _, e := range open {
		if !t.Now.Before(e.Start) {
			return e, true, err
		}
	}
	return Event{}, false, err
}

// withdrawSaid narrows 「讲座我去不了了」 to the events the words name among
// those the member signed up for; "" when they name none of them.
func withdrawSaid(text string, mine []Event) (string, error) {
	named := saidEvents(text, mine)
	switch len(named) {
	case 0:
		return "", nil
	case 1:
		return "#" + strconv.Itoa(named[0].No), nil
	}
	return "", whichEvent(named, "取消报名")
}

// changedMind is a member correcting themselves in one message: 「哦不对
// 还是包饺子」「改成看电影」.
var changedMind = gatedre.MustCompile(`不对|还是|改成|改投|算了|换成`)

// voteSaidIntent is a vote by the option's words: 「我投包饺子」「投给唱歌」.
func voteSaidIntent() intent.Decl {
	return intent.Decl{Name: "vote_said", Label: "投票", Shape: intent.Free,
		Cues: []string{`^(我|俺)?(也|还是|就)?(要|想)?(投|选|支持)(给|一票给)?[^0-9#＃]{1,16}$`,
			// 「北门离我们太远了 … 我投9栋后面那个 9栋2单元101」: the vote at
			// the end, the flat after it.
			`(^| )(我|俺|我们家|我家)?(也|还是|就)?(投|选)[\p{Han}0-9]{2,12}(那个|那块|那边|那里)( [0-9]+(栋|号楼)[0-9一二三四五六七八九十]+单元[0-9]+(室|号)?)?$`, `投票(的话)?( )?(我)?(选|投)`, `^(我)?(选|投)[^0-9#＃ ]{2,8} .{0,6}(不对|还是|改成|算了|换成).{0,3}[^0-9#＃ ]{2,8}$`},
		Not: []string{`投票结果|结果出来|几票|多少票|票数|什么|哪|吗|谁|怎么|时间到|到点|(关|结束|截止|停|收)(了|掉)?(吧)?( |$)|投诉|投资|投稿|投放|投入`}}
}

// flatSaid is a flat's address: 「9栋2单元101」「4号楼1单元202室」.
var flatSaid = gatedre.MustCompile(`[0-9]+(栋|号楼|幢)[0-9一二三四五六七八九十]+单元[0-9]+(室|号)?`)

// voteSaid votes for the one option of an open poll the words name.
func (w *Workflow) voteSaid(ctx context.Context, t *bot.Turn) error {
	polls, err := w.d.Store.OpenPolls(ctx, t.Chat.Community, t.Now)
	if err != nil {
		return fmt.Errorf("open polls: %w", err)
	}
	text := t.Msg.Text
	if i := strings.IndexAny(text, "投选"); i > 0 {
		// 「北门离我们太远了 … 我投9栋后面那个」: the reasons before the
		// vote name choices too.
		text = text[i:]
	}
	// The flat said after the vote (「… 9栋2单元101」) names no choice.
	text = flatSaid.ReplaceAllString(text, " ")
	type hit struct {
		at  int
		ref string
	}
	var found []hit
	for _, p := range polls {
		for i, o := range p.Options {
			if utf8.RuneCountInString(o) >= 2 && strings.Contains(text, o) {
				found = append(found, hit{strings.LastIndex(text, o), fmt.Sprintf("#%d %d", p.No, i+1)})
			}
		}
	}
	sort.Slice(found, func(i, j int) bool { return found[i].at < found[j].at })
	hits := make([]string, len(found))
	for i, h := range found {
		hits[i] = h.ref
	}
	if len(hits) == 0 {
		// 「我投beimen」「投灯谜」: a part of one choice, its place, or
		// its pinyin.
		for _, p := range polls {
			if n := choiceNamed(p, text); n > 0 {
				hits = append(hits, fmt.Sprintf("#%d %d", p.No, n))
			}
		}
	}
	if len(hits) > 1 && changedMind.MatchString(text) {
		// 「我选健步走 哦不对 还是包饺子」: the option named last.
		hits = hits[len(hits)-1:]
	}
	if len(hits) != 1 {
		// No option or several: the words are something else, or the
		// number is needed.
		return bot.ErrPass
	}
	t.Args = hits[0]
	if err := w.vote(ctx, t); err != nil {
		return err
	}
	if votesForOthers.MatchString(intent.Fold(t.Msg.Text)) {
		// 「我投3号 我老公同我个仔都投3号」: one's own vote, recorded.
		t.ReplyPrivately(onlyOwnVote)
	}
	return nil
}

// eventAskIntent asks about an event's details (「讲座讲些啥 要带身份证不」
// 「讲座能带小孩不」「活动在几楼」): what was announced is told, and what
// was not is for the coordinators.
func eventAskIntent() intent.Decl {
	return intent.Decl{Name: "event_ask", Label: "活动详情", Shape: intent.Free, Asks: true,
		Cues: []string{`(` + eventNoun + `).{0,8}(讲些啥|讲什么|讲啥|讲的啥|什么内容|啥内容|内容是|要带|带什么|带啥|能带|可以带|几楼|哪个(活动室|房间|门|楼)|多长时间|多久|收费|要钱|花钱|交钱|免费|谁讲|哪个老师|谁来讲|(要|得)(自己)?带)`, `(能|可以)带(着)?(孙子|孙女|孩子|小孩|娃|老人|老伴).{0,6}(去|来|参加)(不|吗|么)`, `(` + eventNoun + `).{0,6}(还)?(办不办|举不举行|还办吗|照常吗|取消了吗|改期|延期|搞不搞|还搞吗|还(办|搞|举办|开)(不|吗|么|没))`, `(` + eventNoun + `).{0,8}(在哪|哪里|几点|集合|结束)`, `(` + eventNoun + `).{0,4}(是)?(哪天|几号|哪一天)`, `(` + eventNoun + `).{0,4}是[0-9一二三四五六七八九十]+号还是[0-9一二三四五六七八九十]+号`, `(` + eventNoun + `)不是.{1,8}(吗|嘛)`, `带(俩|两个|个|着)?(孙子|孙女|孩子|小孩|娃).{0,4}(去|来)(行吧|行吗|行不|行|可以吗|中不|成不)( |$)`, `(` + eventNoun + `).{0,6}(小孩|孩子).{0,4}几岁`, `(用不用|需不需要|要不要)(自己)?带|(还)?(要|得)(自己)?带(啥|什么|点啥)`,
			// 「要空腹去吗 他想顺便测个血糖」: asked of a health check.
			`(要|需要|得|用不用|要不要)空腹`, `空腹(去|来)?(吗|不|么)`,
			// 「那个江滩健步走还搞不搞」
			`(那个|这个)\p{Han}{2,6}(还)?(搞不搞|办不办|还搞吗|还办吗|举不举行)`, `(` + eventNoun + `).{0,12}(还)?(弄不弄|搞不搞|办不办)`},
		Not: []string{`打卡|签到|志愿者|投票|取消报名|(去|来)不(了|成)`}}
}

// eventAsk tells the events the words name (or all coming ones) as they
// were announced, and how to ask the coordinators the rest.
func (w *Workflow) eventAsk(ctx context.Context, t *bot.Turn) error {
	named, err := w.comingSaid(ctx, t)
	if err != nil {
		return err
	}
	if len(named) == 0 {
		return bot.Userf("近期没有活动。发「转告社区 您的问题」，社区工作人员会回复您。")
	}
	if kind := eventKindSaid.FindString(t.Msg.Text); kind != "" && len(saidEvents(t.Msg.Text, named)) == 0 {
		// 「周六义诊…要不要空腹啊」 the day after the 义诊: not the
		// dumpling party that is still to come.
		return bot.Userf("近期没有「%s」。发「活动列表」看看近期活动；别的事发「转告社区 您的问题」，社区工作人员会回复您。", kind)
	}
	var b strings.Builder
	for i, e := range named {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s：%s", label(e.No, e.Title), when(e, t.Now))
		if e.Place != "" {
			b.WriteString("，" + e.Place)
		}
		if e.Bring != "" {
			b.WriteString("，需要带：" + e.Bring)
		}
		b.WriteString("。")
	}
	b.WriteString("\n通知里没写的，我答不上来：发「转告社区 您的问题」，社区工作人员会回复您。")
	t.Reply(b.String())
	return nil
}

// eventKindSaid is a kind of event named in words, to tell a question
// about one that is not coming from a question about those that are.
var eventKindSaid = gatedre.MustCompile(`义诊|讲座|包饺子|体检|培训|比赛|演出|聚餐|电影|联欢会|联欢|晚会|茶话会|运动会|春联|对联|法律咨询|义剪|包粽子|灯谜`)

// comingSaid is the coming events a message names, or all of them when it
// names none.
func (w *Workflow) comingSaid(ctx context.Context, t *bot.Turn) ([]Event, error) {
	coming, err := w.openEvents(ctx, t)
	if named := saidEvents(t.Msg.Text, coming); len(named) > 0 {
		return named, err
	}
	return coming, err
}

// rosterSaidIntent is a coordinator asking after sign-ups in words: 「讲座报
// 了多少人了」「谁报名了」.
func rosterSaidIntent() intent.Decl {
	return intent.Decl{Name: "roster_said", Label: "报名名单", Shape: intent.Free, Asks: true,
		Cues: []string{`(报|报名)了(多少|几个)(个)?人`, `(报|报名)了(多少|几个)(个|人)?( |$)`, `候补的?(还)?有(谁|哪些|几个)`, `(多少|几个)人(报名|报了)`, `报名(的)?(情况|人数|名单)(怎么样|咋样|如何)?`, `^(都有)?(谁|哪些人)(都)?报(了)?名(了)?$`, `(都|现在)(有)?(谁|哪些人)(报|报名)(了)?`, `(报名|报名的)?名单(给我|发我)?(看看|瞅瞅|看一下|发一下)`},
		// 「志愿者报了多少人」 is the volunteers'; 「…报了多少人了 志愿者够不
		// 够」 asks the roster first.
		Not: []string{`(报名|报)(当|做)?志愿者|志愿者(都|一共)?(报|报名|来|有)(了)?(多少|几个)`}}
}

// rosterSaid gives the roster of the event the words name, or of the one
// coming event.
func (w *Workflow) rosterSaid(ctx context.Context, t *bot.Turn) error {
	named, err := w.comingSaid(ctx, t)
	if err != nil {
		return err
	}
	switch len(named) {
	case 0:
		return bot.Userf("近期没有活动。")
	case 1:
		t.Args = "#" + strconv.Itoa(named[0].No)
		return w.roster(ctx, t)
	}
	return whichEvent(named, "报名名单")
}
