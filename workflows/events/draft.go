package events

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"linli/bot"
	"linli/internal/gatedre"
	"linli/numerals"
	"linli/timeexpr"
)

// A coordinator puts up an event in their own words (「礼拜六下午两点半在社
// 区活动室搞个民法典讲座 限30个人 让大家报名」): the words are read into a
// 发起活动 line, offered to be confirmed, never run on their own.

var (
	// makesEvent says an event is being put up, not asked about.
	makesEvent = gatedre.MustCompile(`(上|开|办)(个|一个|一次|一堂|一节)(手工课|课|讲座)|请(老师|医生|律师|专家)来|排队候补|(搞|办|开|组织|弄|建|发布|安排|举办|挂|发)(个|一个|场|一场|次|一次)?(活动)|(搞|办|开|组织|弄|建|发布|安排|举办)(个|一个|场|一场|次|一次)?|集合|报名限|让(大家|居民|邻居们?)(都)?(来)?报名|(开始|开放)报名|(满了|报满|看满)(的)?(就|再)?(排队|排个队|排候补|候补|等候补)|(医生|大夫|老师|律师|专家)(们)?来(社区|小区|咱们|我们|咱)?(做|搞|办|开|讲|上)|限\s*([0-9]+|[一二两三四五六七八九十百]+)\s*(个)?(人|位|名|户|孩子|小孩|学生)|只能(看|接待|收|带|教)\s*([0-9]+|[一二两三四五六七八九十]+)\s*(个|位)|(老人|居民|大家|家庭)(那边)?(报|限|收)\s*([0-9]+|[一二两三四五六七八九十]+)\s*(个|位|人|户)|名额\s*([0-9]+|[一二两三四五六七八九十百]+)|([0-9]+|[一二两三四五六七八九十百]+)\s*个名额|(要|需要|得|先|提前)报名`)
	// sendsToGroups is a notice asked to go to groups (「两个群都发一下」
	// 「在一群说一声」): a reminder, unless an event is put up in so many
	// words or its places are said (「能坐30个人」).
	sendsToGroups = gatedre.MustCompile(`群(里|上)?(都|也)?(要)?(发|说|通知|转发)|(发|说)(一下|一声|个通知|条通知)|提个醒|提醒(一下|大家)`)
	// putsUpEvent is an event put up in so many words.
	putsUpEvent = gatedre.MustCompile(`(搞|办|组织|建|发布|举办|发起|发)(个|一个|场|一场|次|一次)?活动|(开|弄|搞|做)(个|一个|一下)?报名`)
	// eventTitle is the event's name: words ending in a kind of event.
	eventTitle = gatedre.MustCompile(`\p{Han}{0,8}(` + eventNoun + `)`)
	// titleLead are the words before a name that are not part of it.
	titleLead = gatedre.MustCompile(`^(\p{Han}{0,6}?(让我|叫我|我们|咱们|社区))?(想|要|准备|打算|计划)?(再|还)?(搞|办|开|组织|弄|建|发布|安排|举办|负责)(个|一个|场|一场|次|一次)?|^(在|到)`)
	// anyLead is every word up to the last that puts an event up: 「再帮我
	// 建个」.
	anyLead = gatedre.MustCompile(`^.*(搞|办|开|组织|弄|建|发布|安排|举办|集合|挂|发个|发一个)(个|一个|场|一场|次|一次)?`)
	// wordSplit splits an event's words at spaces and punctuation.
	wordSplit = gatedre.MustCompile(`[\s，,。；;！!、]+`)
	// hanWord is a word of two to twelve Chinese characters.
	hanWord = gatedre.MustCompile(`^\p{Han}{2,12}$`)
	// eventPlace is where it is held.
	eventPlace = gatedre.MustCompile(`(在|到)?((?:[0-9]|[^\P{Han}的来去在到请让]){0,6}(活动室|会议室|活动中心|服务中心|广场|食堂|大厅|礼堂|多功能厅|多功能室|书画室|阅览室|图书室|文化站|门口|院子|会议厅|花园|凉亭|党群中心|楼下|东门|西门|南门|北门|居委会[一二三四五0-9]楼|居委会|卫生服务站|服务站|卫生站|社区食堂)(?:[一二三四五六七八九0-9]楼)?(?:活动室|会议室|多功能厅|多功能室|大厅|礼堂|会议厅|阅览室|图书室|书画室)?)`)
	// titleNamed is an event's name given in so many words: 「名字就叫民法典进
	// 万家」「活动主题是…」.
	titleNamed = gatedre.MustCompile(`(?:活动)?(?:名字|名称|标题|主题|题目)(?:就)?(?:叫|是|定为|定成)[「“"]?([^\s，,。」”"]{2,16})`)
	// placeLead are words before a place that are not part of it: 「咱居委
	// 会一楼活动室」「还是二楼活动室」.
	placeLead = gatedre.MustCompile(`^(还是|还在|也是|也在|就在|咱们|咱|我们|俺们|地点(是|在|就是|就在)?)+`)
	// eventLimit is a head count in words: 「限30个人」「30个名额」「30人」.
	eventLimit = gatedre.MustCompile(`(限|名额|共|最多|只有|只能|报)?\s*([0-9]+|[一二两三四五六七八九十百]+)\s*(个位子|个座位|个位置|个人|人|位|个名额|名|个家庭|家庭|户|个孩子|个小孩|名孩子|个学生|名学生)`)
	// placesCounted is 「名额30个」, read as 「名额30人」.
	placesCounted = gatedre.MustCompile(`(名额|位子|座位|位置)(先|暂|就|暂时|只有|一共|总共)?(定|设|是|为|给|定成|定为)?\s*([0-9]+|[一二两三四五六七八九十百]+)\s*个`)
	// placesFor is 「老人那边报25个」: the places of those it is for.
	placesFor = gatedre.MustCompile(`(老人|居民|大家|家庭)(那边)?(报|限|收)\s*([0-9]+|[一二两三四五六七八九十百]+)\s*个`)
	// mostTaken is how many one time takes: 「老师说一次最多带6个」.
	// 「大夫就俩人只能看8个」 too.
	mostTaken = gatedre.MustCompile(`(?:一次)?(?:最多|只能|就能)(?:能)?(?:看|接待|带|收|坐|容纳|来|教)\s*([0-9]+|[一二两三四五六七八九十]+)\s*个`)
	// festivalAround is a festival said as a season, before or after it:
	// 「中秋前」「国庆以后」.
	festivalAround = gatedre.MustCompile(`(中秋|国庆|春节|过年|元旦|端午|除夕|元宵|重阳|清明|七夕|腊八)(节)?(前|之前|以前|前后|后|以后|之后)`)
	// pricesThings prices things in points (「肥皂30分 环保袋50分」): the
	// shop's words, not an event's.
	pricesThings = gatedre.MustCompile(`\p{Han}{1,8}\s*[0-9]+\s*(积分|分)`)
)

// draftEvent reads a coordinator's words as the arguments of 发起活动: a
// name, a time to come, and the place and places when said.
func (w *Workflow) draftEvent(ctx context.Context, t *bot.Turn, text string) (string, bool) {
	if !makesEvent.MatchString(text) || asksVote.MatchString(text) || sendsToGroups.MatchString(text) && !putsUpEvent.MatchString(text) && !eventLimit.MatchString(text) ||
		pricesThings.MatchString(text) && !eventTitle.MatchString(text) {
		return "", false
	}
	// 「中秋前搞个…」 says when it is about, not when it is.
	rest := placesCounted.ReplaceAllString(festivalAround.ReplaceAllString(text, ""), "名额${4}人")
	rest = placesFor.ReplaceAllString(rest, "名额${4}人")
	rest = mostTaken.ReplaceAllString(rest, "名额${1}人")
	limit := 0
	// The places: a number of people above one (「一个人最多带一个家属」 is
	// who may come with whom, not the places).
	for _, m := range eventLimit.FindAllStringSubmatchIndex(rest, -1) {
		if n, ok := numerals.Parse(rest[m[4]:m[5]]); ok && n > 1 && n <= MaxCapacity {
			limit = n
			rest = rest[:m[0]] + " " + rest[m[1]:]
			break
		}
	}
	_, i, j, ok, err := findTime(rest, t.Now, t.Loc)
	if err != nil || !ok {
		return "", false
	}
	when := strings.TrimSpace(rest[i:j])
	rest = rest[:i] + " " + rest[j:]
	when, rest = hourAfter(when, rest, t.Now, t.Loc)
	place := ""
	var at []int
	for _, m := range eventPlace.FindAllStringSubmatchIndex(rest, -1) {
		if (strings.HasPrefix(rest[m[1]:], "的") || strings.HasPrefix(rest[m[1]:], "来")) && m[2] < 0 {
			// 「卫生服务站的两个大夫来…」「服务站来给老人打疫苗」: where
			// somebody comes from.
			continue
		}
		if at == nil || m[2] >= 0 && at[2] < 0 {
			// The first place, or the first said with 在.
			at = m
		}
	}
	if at != nil {
		place = placeLead.ReplaceAllString(rest[at[4]:at[5]], "")
		rest = rest[:at[0]] + " " + rest[at[1]:]
	}
	title := eventTitleIn(wordSplit.Split(strings.TrimSpace(rest), -1))
	if m := titleNamed.FindStringSubmatch(rest); m != nil {
		// 「…名字就叫民法典进万家」: the name given.
		title = m[1]
	}
	if title == "" && (limit > 0 || place != "") {
		// 「那就19号下午两点 活动室 能放30个人…」: the name was said
		// before; left blank to fill in.
		title = "…"
	}
	if title == "" || utf8.RuneCountInString(title) > MaxTitle {
		return "", false
	}
	args := title + " " + when
	if place != "" {
		args += " " + place
	}
	if limit > 0 {
		args += fmt.Sprintf(" 名额%d", limit)
	}
	if things := bringSaid(text); len(things) > 0 {
		args += " 需要带：" + strings.Join(things, "、")
	}
	if _, err := parseEvent(args, t.Now, t.Loc); err != nil {
		return "", false
	}
	return w.withGroup(t, text, args), true
}

var (
	// bringTold is a thing to bring: 「带上医保卡」「平时吃的药把药盒子带来」
	// 「有病历本的带上」「自己手机带上」.
	bringTold = gatedre.MustCompile(`(?:带上|带好|带着|要带|需要带|记得带|请带|别忘了带|别忘带|时候带|时带)([^\s，,。；;！!、]{1,8})|把([^\s，,。；;！!、]{1,8}?)带(?:来|上|着|过来)|有([^\s，,。；;！!、]{1,6}?)的(?:也)?(?:带上|带来|带着)|(?:^|[\s，,。]|自己|各自)(?:自己|各自|都)?([^\s，,。；;！!、有自][^\s，,。；;！!、]{0,4}[^\s，,。；;！!、的])(?:要)?(?:带上|带好|带来)(?:[\s，,。]|$)`)
	// bringTail are words after a thing that are not part of it.
	bringTail = gatedre.MustCompile(`(来|过来|去|上|着|等|什么的|啥的|就行|就可以|吧)+$`)
	// somebodyBrought is a person brought along, which is a party, not a
	// thing to bring.
	somebodyBrought = gatedre.MustCompile(`老伴|孩子|孙|家属|朋友|人|娃|爸|妈|家里`)
)

// maxBring is how many things to bring a draft keeps.
const maxBring = 4

// bringSaid are the things an event's words say to bring, in order.
func bringSaid(text string) []string {
	var things []string
	for _, m := range bringTold.FindAllStringSubmatch(text, -1) {
		thing := bringTail.ReplaceAllString(m[1]+m[2]+m[3]+m[4], "")
		if utf8.RuneCountInString(thing) < 2 || somebodyBrought.MatchString(thing) || slices.Contains(things, thing) {
			continue
		}
		if things = append(things, thing); len(things) == maxBring {
			break
		}
	}
	return things
}

// hourAfter joins to a day said without its hour the hour said later
// (「下周二22号冬至，下午两点在活动室包饺子」), taking it out of rest.
func hourAfter(when, rest string, now time.Time, loc *time.Location) (string, string) {
	day, err := timeexpr.Parse(when, now, loc)
	if err != nil || day.Kind != timeexpr.Window || day.End.Sub(day.At) < 3*time.Hour {
		// A day, or a part of one (「14号星期六上午」), takes the hour said
		// later (「八点半到十一点」).
		return when, rest
	}
	e, i, j, ok := timeexpr.Find(rest, now, loc)
	if !ok {
		// 「八点半到十一点」 alone is too weak a sign in any text, but not
		// after the day it is on.
		if m := clockSaid.FindStringIndex(rest); m != nil {
			e, i, j, ok = timeexpr.Expr{Kind: timeexpr.Once}, m[0], m[1], true
		}
	}
	if !ok || e.Kind == timeexpr.Window && e.End.Sub(e.At) >= 12*time.Hour {
		return when, rest
	}
	joined := when + " " + strings.TrimSpace(rest[i:j])
	if _, err := timeexpr.Parse(joined, now, loc); err != nil {
		return when, rest
	}
	return joined, rest[:i] + " " + rest[j:]
}

// notATitle are words beside an event's that do not name it.
var notATitle = map[string]bool{"最多": true, "最少": true, "大约": true, "左右": true, "居民": true, "大家": true, "欢迎": true, "居民可以": true, "都可以": true, "上午": true, "下午": true, "晚上": true,
	"还有个事": true, "还有件事": true, "还有一件事": true, "还有": true, "另外": true, "对了": true, "小助手": true, "你好": true, "麻烦你": true,
	"那就": true, "那": true, "就": true, "好": true, "好的": true, "行": true, "然后": true, "那么": true}

// notATitleLead starts words of what may be done, not of a name: 「能放」
// 「能坐30个人」「让大家报名」.
var notATitleLead = gatedre.MustCompile(`^(能|可以|让|帮|满|要)`)

// clockSaid is an hour or hours in Chinese numerals: 「八点半到十一点」.
var clockSaid = gatedre.MustCompile(`[零一二两三四五六七八九十]{1,3}点(半|[零一二三四五六七八九十]{1,3}分?)?((到|至|-|—)[零一二两三四五六七八九十]{1,3}点(半|[零一二三四五六七八九十]{1,3}分?)?)?`)

// whenLead are words of when before an event's name: 「今年写春联又来了」.
var whenLead = gatedre.MustCompile(`^(今年|今天|明天|后天|这周|本周|下周|每年|年底|月底|年前|节前|过年)(的)?(又|再|还|也)?`)

// doingLead are the words of holding an event left before its name.
var doingLead = gatedre.MustCompile(`^(有|搞|办|开|弄|做|上|来|举办|组织)(个|一个|场|一场|次|一次|堂|一堂|节|一节)?`)

// doesLead are the words before a thing done together that are not its
// name: 「做环保酵素」 is 环保酵素.
var doesLead = gatedre.MustCompile(`^(一起|教大家|带大家|大家一起)?(做|学做|学)`)

// eventTitleIn is the name among the words left of an event's words: the
// first that ends in a kind of event (「厨余堆肥讲座」), else, when that
// says only 「活动」 (「再帮我建个活动」), the first other word of two or
// more characters (「旧衣回收」).
func eventTitleIn(words []string) string {
	generic := ""
	for _, word := range words {
		m := eventTitle.FindString(word)
		if m == "" || strings.HasSuffix(m, "报名") {
			continue
		}
		title := titleLead.ReplaceAllString(whenLead.ReplaceAllString(m, ""), "")
		if t, ok := strings.CutSuffix(title, "的活动"); ok && utf8.RuneCountInString(t) >= 2 {
			// 「搞个做月饼的活动」 is 做月饼.
			title = t
		} else if t, ok := strings.CutSuffix(title, "活动"); ok && eventTitle.FindString(t) == t && t != "" {
			// 「写春联活动」 is 写春联.
			title = t
		}
		for _, cut := range []string{"了", "来", "请", "做", "的"} {
			// 「社区请了区医院的医生来义诊」: the event is what comes last;
			// 「做月饼」 keeps its deed.
			if i := strings.LastIndex(title, cut); i >= 0 && utf8.RuneCountInString(title[i+len(cut):]) >= 2 && (cut != "做" || utf8.RuneCountInString(title[i+len(cut):]) >= 3) {
				title = title[i+len(cut):]
			}
		}
		if t := doingLead.ReplaceAllString(title, ""); utf8.RuneCountInString(t) >= 2 {
			// 「…来搞义诊」「有个法律讲座」「上个手工课」.
			title = t
		}
		if anyLead.ReplaceAllString(title, "") == "活动" {
			generic = "活动"
			continue
		}
		return title
	}
	for _, word := range words {
		word = anyLead.ReplaceAllString(word, "")
		if w := doesLead.ReplaceAllString(word, ""); utf8.RuneCountInString(w) >= 2 {
			word = w
		}
		if hanWord.MatchString(word) && !notATitle[word] && !notATitleLead.MatchString(word) && !strings.Contains(word, "报名") && !strings.Contains(word, "活动") && !strings.Contains(word, "投票") {
			return word
		}
	}
	return generic
}

// groupsSaid are the groups a private message means: the community's
// only group, or those its words name (「二期群」 for 枫林二期业主群, 「两个
// 群」 for both); none when that is not clear, or in a group.
func (w *Workflow) groupsSaid(t *bot.Turn, text string) []string {
	if t.InGroup() {
		return nil
	}
	if groups := w.d.Directory.Groups(t.Chat.Community); len(groups) == 1 {
		return groups
	}
	named := w.d.Directory.GroupsNamed(t.Chat.Community, text)
	if len(named) > 1 && !severalSaid.MatchString(text) {
		// Words shared by several names (「号楼」) name none of them.
		return nil
	}
	return named
}

// severalSaid says a set-up is for several groups: 「两个群」「一群二群都
// 参加」「一起投」.
var severalSaid = gatedre.MustCompile(`(所有|全部|每个|各个|两个|三个|几个)(的)?群|都(发|参加|投|能|报)|一起(投|发|参加|报)|[0-9一二三四五六七八九十]+(栋|号楼|期)(和|跟|、|\s)?[0-9一二三四五六七八九十]+(栋|号楼|期)`)

// A coordinator asks for a vote in their own words (「搞个投票 问问大家周六
// 上午还是下午好」「让大家投票选一下 去公园、去博物馆、去植物园」): the choices
// are read from 「…还是…」 or a list, the deadline is the one said or
// tomorrow evening, and the 发起投票 line is offered to be confirmed.

var (
	// asksVote says a vote is being put up.
	asksVote = gatedre.MustCompile(`(搞|发|发起|开|弄|做|组织|建|创建|新建|挂|来)(个|一个|一下)?投票|(让|请)(居民|大家|业主|邻居们?)(来)?(投票|表决)|投票(选|定|决定)|投票一下|投个票|让大家(投票|选|表决)|大家(投票|选一下|选选)|征求(一下)?(大家)?(的)?意见|(听听|听一下|问问)(大家|居民)(的)?意见|问问大家|问一下大家|问下大家`)
	// pollLeadIn are words that lead into a new matter: 「还有 电动车充电桩要装…」.
	pollLeadIn = gatedre.MustCompile(`^(还有(个|件|一个|一件)事|还有|另外|对了|再就是|小助手)[\s，,。]*`)
	// voteLead are the words before a vote's question.
	voteLead = gatedre.MustCompile(`^.*(投票|选一下|选选|表决|意见|问问大家|问一下大家|问下大家)(选|看|问|问问|决定)?(一下)?(吧|啊|呗|哈)?(大家)?[\s，,:：]*`)
	// eitherOr is a question between two or three choices: 「上午还是下午」.
	eitherOr = gatedre.MustCompile(`还是`)
	// choiceList separates listed choices.
	choiceList = gatedre.MustCompile(`\s*[、，,/／]\s*|\s+|或者|或`)
	// markedList separates choices listed with marks: 「长津湖 / 你好李焕英」.
	markedList = gatedre.MustCompile(`\s*[、，,/／|]\s*`)
	// countOfChoices says how many choices there are: 「三个选项」.
	countOfChoices = gatedre.MustCompile(`\s*[0-9一二两三四五六七八九十]+个(选项|选择)$|\s*([0-9一二两三四五六七八九十]+个)?(里)?(选|挑)(一个|一项|1个|一)(吧)?`)
	// groupsSaid are words of which groups vote: 「一群的」「一群二群一起投」.
	groupsSaid = gatedre.MustCompile(`\s*([\p{Han}0-9]{0,4}?(一群|二群|三群))+(的|一起投|都投|一起|都能投)?|\s*(两个群|所有群|各个群)(都|一起)?(投|能投)?`)
	// asksWhich ends a question: the poll's title, before its choices.
	asksWhich = gatedre.MustCompile(`(啥|什么|哪个|哪些|哪|怎么|好不好|吗|呢|[?？])$`)
	// deadlineAfter is a deadline said after its time: 「周五中午截止」.
	deadlineAfter = gatedre.MustCompile(`(到)?([^\s，,。；;：:]{2,12}?)(之前|以前|前)?截止`)
	// votedUntil is the deadline said as how long the voting runs: 「投到11号晚上」.
	votedUntil = gatedre.MustCompile(`投(票)?到([^\s,，。]{2,12}?)(为止|截止)?([ ,，。]|$)`)
	// trailingVoteAsk is a vote asked for at a message's end.
	trailingVoteAsk = gatedre.MustCompile(`[，,。\s]*(你)?(帮我)?(在[^，,。\s]{1,8}群)?(里)?(发|搞|弄|做)(个|一个|一下)(投票)(吧|啊|呗)?[。！!]*$`)
	// yesOrNo is a question answered for or against: 「要不要装充电桩」.
	yesOrNo = gatedre.MustCompile(`要不要|装不装|同不同意|同意不同意|行不行|好不好|可不可以|该不该|是否|能不能`)
	// voteRules are the rules said among a vote's choices, which are no
	// choices: 「三个地方」「每人一票」「可以改」「发到1栋2栋群」.
	voteRules = gatedre.MustCompile(`(^|\s)([0-9一二两三四五六七八九十]+个(选项|选择|地方|位置|地点|方案)|(每人|每个人|一人|每户|一户|每家|一家)(只能|只|限)?(投)?[一1两2三3]票|(可以|能|允许)(改|改票|修改|重投|改投)|(发到|发在|发|在)[\p{Han}0-9]{0,8}群(里)?(发)?)(\s|$)`)
	// pollTitleTail are the words after a vote's matter that say who
	// votes: 「5栋加装电梯的事要在5栋住户里」 is about 「5栋加装电梯」.
	pollTitleTail = gatedre.MustCompile(`(的事情?|这事|这件事)[\s，,]*(要|得|想)?((在|让|给|请)[\p{Han}0-9]{1,10}?(里|中|内|之间|里面)?)?$|(要|得)(在|让|给|请)[\p{Han}0-9]{1,10}?(里|中|内|之间|里面)$`)
	// askedOf are the words that ask the residents, at the end of what
	// comes before a vote: 「…放哪里让居民」.
	askedOf = gatedre.MustCompile(`[\s，,]*(让|请|给)?(居民|大家|业主|邻居们?)?(来)?$`)
	// voteTail are the words after a vote's question.
	voteTail = gatedre.MustCompile(`(好|比较好|合适|更好|更合适|方便|呢|吧|哪个好|选哪个|选一个|\?|？|[，,]?\s*(发|搞|弄)(个|一个)投票)+$`)
)

// voteAskedFor is how long words asking for a vote wait for its choices.
const voteAskedFor = 30 * time.Minute

// thingBuilt is the thing a clause says is built or bought, at its end:
// 「建一个集中充电棚」.
var thingBuilt = gatedre.MustCompile(`(?:一个|个|一座|座|一处|处|一台|台|一批|批)(\p{Han}{2,8})$`)

// draftPoll reads a coordinator's words as the arguments of 发起投票.
func (w *Workflow) draftPoll(ctx context.Context, t *bot.Turn, text string) (string, bool) {
	if !asksVote.MatchString(text) {
		asked, ok := w.voteAsked.Get(t.Member.ID, t.Now, voteAskedFor)
		if _, choices := ordinalChoices(text); !ok || len(choices) < 2 {
			return "", false
		}
		// 「三个地方 一是… 二是… 三是…」 after a vote asked for without
		// its choices: the two said as one.
		text = asked + " " + text
	}
	rest, deadline, found, err := takeDeadline(deadlineAfter.ReplaceAllString(votedUntil.ReplaceAllString(text, "截止$2 "), "截止$2"), t.Now, t.Loc)
	if err != nil {
		return "", false
	}
	if !found {
		local := t.Now.In(t.Loc)
		deadline = time.Date(local.Year(), local.Month(), local.Day()+1, 20, 0, 0, 0, t.Loc)
	}
	when := "截止" + timeexpr.FormatTime(deadline, t.Now)
	if title, options := labelledChoices(rest); len(options) >= 2 && len(options) <= MaxOptions {
		return w.pollLine(t, text, title, options, when)
	}
	for voteRules.MatchString(rest) {
		// Rules side by side share the space between them.
		rest = voteRules.ReplaceAllString(rest, " ")
	}
	// 「…1月9号周六还是10号周日方便，发个投票」: the ask at the end goes
	// first, or the words before it would all be taken for the lead.
	rest = trailingVoteAsk.ReplaceAllString(strings.TrimSpace(rest), "")
	rest = strings.TrimSpace(pollLeadIn.ReplaceAllString(rest, ""))
	asked := groupsSaid.ReplaceAllString(rest, " ")
	question := strings.Trim(voteTail.ReplaceAllString(voteLead.ReplaceAllString(asked, ""), ""), " ,，。")
	var title string
	var options []string
	if t, o := ordinalChoices(question); len(o) >= 2 {
		title, options = t, o
		if f := markedOrSpace.Split(strings.TrimSpace(rest), -1); utf8.RuneCountInString(title) <= 2 && len(f) > 0 {
			if k := slices.IndexFunc(f, asksVote.MatchString); k > 0 {
				// 「街道答应出钱建一个集中充电棚 位置让居民投票定」: the
				// thing the clause before speaks of, and 「位置」.
				before := strings.TrimRight(strings.TrimSpace(askedOf.ReplaceAllString(f[k][:asksVote.FindStringIndex(f[k])[0]], "")), "想要就得")
				if m := thingBuilt.FindStringSubmatch(f[k-1]); m != nil && before != "" && utf8.RuneCountInString(before) <= 2 {
					title = m[1] + before
				}
			}
			if utf8.RuneCountInString(title) <= 2 && utf8.RuneCountInString(f[0]) <= 20 {
				// 「…投票选地方」 leaves 「地方」: the question is the first
				// clause.
				title = f[0]
			}
		}
	} else if parts := eitherOr.Split(eitherOrClause(question), -1); len(parts) >= 2 {
		question = eitherOrClause(question)
		title = question
		options = parts
		options[0] = sameKind(parts[0], parts[1])
	} else {
		title, options = listedChoices(countOfChoices.ReplaceAllString(question, ""))
	}
	if title == "大家选一个" {
		// 「快递柜要装一个新的 放哪里让居民投票 …」: the words before the
		// vote asked for are its question.
		if m := asksVote.FindStringIndex(asked); m != nil {
			before := strings.TrimSpace(askedOf.ReplaceAllString(asked[:m[0]], ""))
			if clauses := markedOrSpace.Split(strings.Trim(before, " ,，。"), -1); len(clauses) > 1 && utf8.RuneCountInString(clauses[len(clauses)-1]) >= 6 {
				// 「我跟郑书记商量了，哪个社区赢了给个奖励，让大家投票选」:
				// the clause the vote is asked after, when it says enough
				// on its own (「…快递柜 放哪里」 does not).
				before = clauses[len(clauses)-1]
			}
			if before != "" && utf8.RuneCountInString(before) <= 20 {
				title = before
			}
		}
	}
	if len(options) < 2 && yesOrNo.MatchString(question) && utf8.RuneCountInString(question) <= 30 {
		// 「问问大家楼下空地要不要装充电桩」: for or against.
		title, options = question, []string{"同意", "反对"}
	}
	if len(options) < 2 {
		// A vote asked for with no choices said: the line to fill in, and
		// the words kept for the choices said next.
		w.voteAsked.Put(t.Member.ID, text, t.Now)
		line := "<主题> 选项：1.… 2.… " + when
		if t.InGroup() {
			line = w.withGroup(t, text, line)
		}
		return line, true
	}
	if len(options) > MaxOptions {
		return "", false
	}
	return w.pollLine(t, text, title, options, when)
}

// pollLine is the 发起投票 line of a drafted vote, with its groups, or
// false when a choice is too long to be one or the line does not parse.
func (w *Workflow) pollLine(t *bot.Turn, text, title string, options []string, when string) (string, bool) {
	if short := pollTitleTail.ReplaceAllString(title, ""); short != "" {
		title = short
	}
	var b strings.Builder
	b.WriteString(title + " 选项：")
	for i, o := range options {
		if o = strings.TrimSpace(o); o == "" || utf8.RuneCountInString(o) > 20 {
			return "", false
		}
		fmt.Fprintf(&b, "%d.%s ", i+1, o)
	}
	b.WriteString(when)
	args := b.String()
	if _, err := parsePoll(args, t.Now, t.Loc); err != nil {
		return "", false
	}
	return w.withGroup(t, text, args), true
}

// choicesLabel marks the choices said after it: 「三个选项 米黄色 浅灰色 砖红
// 色」「选项赞成 反对 无所谓」「选项是：…」, with how many when said.
var choicesLabel = gatedre.MustCompile(`(?:([0-9一二两三四五六七八九十]+)个)?(?:选项|选择)(?:是|有|分别是|就是)?[：:\s]*`)

// notAChoice is a word among the choices listed that ends them: the
// groups, a rule, the results.
var notAChoice = gatedre.MustCompile(`群|截止|投到|每(人|户|家)|一(人|户|家)一票|结果|告诉大家|匿名|改票|可以改`)

// whereVoted is a clause of where the vote is held: 「想在两个群里」.
var whereVoted = gatedre.MustCompile(`^(想|要|得|就)?(在|到|给)?[\p{Han}0-9]{0,6}群(里)?$`)

// labelledChoices reads the choices listed after their label (「…外墙颜色
// 要让大家投票 三个选项 米黄色 浅灰色 砖红色 三个群一起投…」), as many as
// said, up to the first word of a rule or the groups; the title is what
// the vote is asked about before them.
func labelledChoices(rest string) (string, []string) {
	loc := choicesLabel.FindStringSubmatchIndex(rest)
	if loc == nil {
		return "", nil
	}
	want := 0
	if loc[2] >= 0 {
		want, _ = numerals.Parse(rest[loc[2]:loc[3]])
	}
	var options []string
	for _, f := range markedOrSpace.Split(strings.TrimSpace(rest[loc[1]:]), -1) {
		if f == "" || notAChoice.MatchString(f) || want > 0 && len(options) == want {
			break
		}
		options = append(options, f)
	}
	if want > 0 && len(options) != want {
		return "", nil
	}
	before := strings.TrimSpace(rest[:loc[0]])
	title := before
	if m := asksVote.FindStringIndex(before); m != nil {
		head, tail := strings.TrimSpace(before[:m[0]]), strings.Trim(before[m[1]:], " ，,。")
		title = strings.TrimRight(strings.TrimSpace(askedOf.ReplaceAllString(head, "")), "要想得就")
		if tail != "" && utf8.RuneCountInString(tail) <= 20 {
			title = tail
		}
	}
	clauses := markedOrSpace.Split(strings.Trim(title, " ，,。"), -1)
	for len(clauses) > 1 && whereVoted.MatchString(clauses[len(clauses)-1]) {
		clauses = clauses[:len(clauses)-1]
	}
	title = strings.Join(clauses, " ")
	if title == "" {
		title = "大家选一个"
	}
	return title, options
}

// eitherOrClause is the clause of question that holds its 「…还是…」:
// 「19号周六还是20号周日 下午两点开始」 asks the first; the hour after is the
// event's, not a choice's.
func eitherOrClause(question string) string {
	for _, f := range strings.Fields(question) {
		if eitherOr.MatchString(f) && !strings.HasPrefix(f, "还是") && !strings.HasSuffix(f, "还是") {
			return f
		}
	}
	return question
}

// choiceVerbs begin a choice that is a thing to do: 「包粽子」「做香囊」.
const choiceVerbs = "包做去吃玩看放装搞办用改选唱跳跑种画写捡扫"

// sameKind cuts the words before the first choice of 「…还是…」 that are
// the question's, not the choice's: 「周六上午」 against 「下午」 is 「上午」,
// 「联欢会是在活动室」 against 「在广场」 is 「在活动室」.
func sameKind(first, second string) string {
	f, s := []rune(first), []rune(second)
	if len(s) == 0 || len(f) <= len(s) {
		return first
	}
	if i := strings.LastIndex(first, string(s[0])); i > 0 {
		return first[i:]
	}
	if strings.ContainsRune(choiceVerbs, s[0]) {
		// 「端午活动包粽子」 against 「做香囊」: from the last deed.
		for i := len(f) - 2; i > 0; i-- {
			if strings.ContainsRune(choiceVerbs, f[i]) {
				return string(f[i:])
			}
		}
	}
	if f[len(f)-1] == s[len(s)-1] {
		return string(f[len(f)-len(s):])
	}
	return first
}

// withGroup puts the group a private message's words name before a
// command's arguments, or 「@…」 to fill in where the community has several
// and the words name none.
func (w *Workflow) withGroup(t *bot.Turn, text, args string) string {
	if t.InGroup() {
		// Drafted in a group, confirmed in private: the groups named, or
		// the one it was asked in.
		named := w.d.Directory.GroupsNamed(t.Chat.Community, text)
		if len(named) == 0 {
			named = []string{t.Chat.Name}
		}
		return "@" + strings.Join(named, " @") + " " + args
	}
	if gs := w.groupsSaid(t, text); len(gs) > 0 {
		return "@" + strings.Join(gs, " @") + " " + args
	}
	return "@… " + args
}

// ordinalMark numbers a choice told in words: 「一是…二是…」「第一个…」
// 「1、…」.
var ordinalMark = gatedre.MustCompile(`(^|[\s，,。；;：:])(第?[一二三四五六]个?是|第[一二三四五六]个?|[1-6一二三四五六][、.．)）]|[1-6]\s)`)

// ordinalChoices reads choices numbered in words, each up to its clause's
// end: 「…三个地方 一是5号楼和6号楼中间那块空地 二是东门进来左手边 三是地下车
// 库入口旁边 一人一票…」. The question is the first clause before them.
func ordinalChoices(question string) (string, []string) {
	question = spacedNumbers(question)
	marks := ordinalMark.FindAllStringSubmatchIndex(question, -1)
	if len(marks) < 2 {
		return "", nil
	}
	var options []string
	for i, m := range marks {
		end := len(question)
		if i+1 < len(marks) {
			end = marks[i+1][0]
		}
		o := strings.TrimSpace(question[m[5]:end])
		if f := markedOrSpace.Split(o, 2); len(f) > 0 {
			o = f[0]
		}
		if rest, ok := strings.CutPrefix(o, "是"); ok && utf8.RuneCountInString(rest) >= 2 {
			// 「2是6栋和8栋中间空地」
			o = rest
		}
		if o == "" {
			return "", nil
		}
		options = append(options, o)
	}
	title := "大家选一个"
	if f := markedOrSpace.Split(strings.TrimSpace(question[:marks[0][0]]), 2); len(f) > 0 && f[0] != "" {
		title = f[0]
	}
	return title, options
}

// runNumber is a choice's number run into its words: 「：1包饺子聚餐 2每户
// 一袋大米」.
var runNumber = gatedre.MustCompile(`(^|[\s，,。；;：:])([1-6])(\p{Han})`)

// spacedNumbers spaces choices numbered 1, 2, 3… in order and run into
// their words, so they read as numbered; other numbers (「5栋」) are left.
func spacedNumbers(s string) string {
	ms := runNumber.FindAllStringSubmatch(s, -1)
	if len(ms) < 2 {
		return s
	}
	for i, m := range ms {
		if m[2] != strconv.Itoa(i+1) {
			return s
		}
	}
	return runNumber.ReplaceAllString(s, "$1$2 $3")
}

// markedOrSpace ends a clause.
var markedOrSpace = gatedre.MustCompile(`[\s，,。；;]+`)

// listedChoices reads a list of choices and the question before them:
// 「下次电影放映选 长津湖 / 你好李焕英 / 流浪地球」 or 「让居民选广场舞音响
// 音量 大 中 小」. A first part much longer than the rest is the question.
func listedChoices(question string) (string, []string) {
	if head, list, ok := strings.Cut(question, ":"); ok && strings.TrimSpace(head) != "" {
		// 「元旦社区活动搞什么：包饺子、写春联、老年合唱」: the question, then
		// its choices.
		if _, parts := listedChoices(list); len(parts) >= 2 {
			return strings.TrimSpace(head), parts
		}
	}
	question = strings.ReplaceAll(question, ":", " ")
	parts := markedList.Split(question, -1)
	if len(parts) < 2 {
		parts = choiceList.Split(question, -1)
	}
	if len(parts) < 2 {
		return "", nil
	}
	title := "大家选一个"
	if len(parts) >= 3 && asksWhich.MatchString(parts[0]) {
		// 「元旦活动搞啥 猜灯谜 合唱 写春联」
		return parts[0], parts[1:]
	}
	if first := strings.Fields(parts[0]); len(first) > 1 {
		// 「下次电影放映选 长津湖」: the question, then the first choice.
		title, parts[0] = strings.Join(first[:len(first)-1], " "), first[len(first)-1]
	} else if len(parts) >= 3 && utf8.RuneCountInString(parts[0]) >= 6 && utf8.RuneCountInString(parts[0]) > 2*utf8.RuneCountInString(parts[1]) {
		title, parts = parts[0], parts[1:]
	}
	return title, parts
}
