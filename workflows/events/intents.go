package events

import (
	"strings"

	"linli/bot/intent"
	"linli/internal/gatedre"
	"linli/internal/personal"
)

// The events intents, in residents' own words (cues over intent.Fold's
// plain form).

// listIntent asks what events are coming.
func listIntent() intent.Decl {
	return intent.Decl{
		Name: "events", Label: "看活动", Shape: intent.NoArgs, Unprompted: true, Asks: true, Menu: 3,
		Cues: []string{
			`(最近|近期|这周|这周末|周末|本周|下周|这个月|社区|今天|明天|小区)?(有|都有|还有)?(什么|哪些)(好玩的|好耍的|热闹的)?活动`,
			`有活动(吗|没|不|\?)`, `(搞不搞|办不办|有没有)活动`, `有没有\p{Han}{0,8}的活动`, `有(啥|什么)(好玩|热闹)的`, `^(活动|活动列表|活动安排|活动通知)( ?(呢|\?))*$`, `(最近|近期|这周|周末)(有|还有)?活动`,
			`投票(在哪|在哪里|怎么)(投|弄|参加)`, `(怎么|在哪|在哪里|去哪)投票`,
		},
		// Where and when an event is, asked of the bot: the list says.
		Hints: []string{`(讲座|活动|课|比赛|演出|义诊)(在)?(哪里|哪儿|什么地方|在哪|几点|什么时候|几号|哪天)`,
			`(讲座|活动|课|比赛|演出|义诊)(要|该|得)?(怎么|如何|咋|在哪|去哪)(报名|参加)`},
		// 「上回投票搞啥活动 结果出来了没」 asks a vote's result.
		Not:     []string{`活动(搞得|结束|真多|真好|挺好)|参加了|报了|报过|投票[^ ]{0,10} ?结果`},
		Phrases: []string{"活动列表", "最近有什么活动", "有什么活动", "近期活动", "这周有活动吗"},
	}
}

// selfLivesAt and selfFreeAt are where one lives and when one is free:
// 「报名 5栋的 退休了白天都有空」 answers a call for volunteers, it names
// no event.
var (
	selfLivesAt = gatedre.MustCompile(`[0-9一二三四五六七八九十]+(栋|号楼|幢)`)
	selfFreeAt  = gatedre.MustCompile(`有空|有时间|没事|在家|退休|放假`)
	namesEvent  = gatedre.MustCompile(`^\s*(#|` + eventNoun + `)`)
)

// toldOfSelf reports whether a sign-up's words tell where the sender
// lives and when they are free rather than which event they mean.
func toldOfSelf(args string) bool {
	return selfLivesAt.MatchString(args) && selfFreeAt.MatchString(args) && !namesEvent.MatchString(args)
}

// signUpIntent signs up for an event: by number, by name, or bare when one
// event is open.
func signUpIntent() intent.Decl {
	return intent.Decl{
		Name: "signup", Label: "报名活动", Shape: intent.Name, Unprompted: true,
		Accept: func(args string) bool {
			// 「报名活动留个电话 139…」: a number given, never an event's
			// name; 「报名当志愿者好几天了…」 joins the volunteers.
			return !strings.HasPrefix(args, "的") && !strings.HasPrefix(args, "了") && !strings.Contains(args, "截止") && !toldOfSelf(args) && !personal.HasPhone(args) &&
				!joinsVolunteers.MatchString(args)
		},
		Cues: []string{`^(也|要|想|我也|也要|我也要)?(报|报个|报一个)名`, `^帮我报(个)?名`,
			// 「大扫除报名 我和我老婆 算两个」: the event, then the sign-up.
			`^(` + eventNoun + `)(我)?(也)?(报名|报个名|报一个)( |$)`, `^报名参加`, `^(要|想)?参加.{1,12}$`, `^(那)?(给我|帮我)(也)?报(一个|个|上)`,
			// 「讲座给我报一个」「讲座我先报上」「那我报上 带娃一起」
			`(` + eventNoun + `).{0,4}(给我|帮我)(也)?报(一个|个|上)`, `(` + eventNoun + `)(我)?(也|先)?报上`, `^\p{Han}{0,4}(` + eventNoun + `)报名(\+1|\+|加一|加1|1)?$`, `^\p{Han}{0,4}(` + eventNoun + `)报名( ?1)?( |$)`, `^(那)?(我)?(也|先)?报上`, `(给我|帮我)报上`, `(给我|帮我)(也)?报(个)?名`, `\p{Han}{1,3}(班|课)(我)?(也)?(要|想)参加`, `记上我`,
			// 「小助手你好我是二群的何奶奶我想报名那个手机课我不太会用…」
			`(我|俺)(也)?(想|要)(报|报个|报一个)名(参加)?(那个|这个)?\p{Han}{0,6}(` + eventNoun + `)`,
			// 「那个义诊我要报名我血压高好几年了…正好让大夫给看看」
			`^(那个|这个)?\p{Han}{0,4}(` + eventNoun + `)(我|俺)(也)?(要|想)(报名|报个名|报一个)`,
			// 「包饺子我报一个 我一个人住」「写春联报个名 12栋的马大爷」
			// 「写春联和包饺子都报」
			`(` + eventNoun + `)(的|那个)?(我|俺)(也|先)?报(一个|个名|个|名)`, `^#\d+ ?(我|俺)(来|去|接)( |$)`, `^\p{Han}{0,4}(` + eventNoun + `)报个名`, `(` + eventNoun + `).{0,8}都报`, `(` + eventNoun + `) (带|和|跟)\p{Han}{1,3}(一起)?报(一个|个名|个|名|两个)`,
			// 「我也报一个 502的」「201报名说明会 孙建国」「401报一个 …我代他们去听」
			`(和|跟|同)(我)?(老公|老婆|老伴|爱人|媳妇|对象|老太婆|老头子|老头|老太太|孩子|儿子|女儿|闺女|孙子|孙女)(两个人|俩人|两个|两人|俩|一起)?(都)?(报名|报个名|报一个)`, `(` + eventNoun + `)(我|俺)(也)?(要|想)(报名|报个名|报一个)$`, `^(那)?(我|俺)?(也|先)?报(一个|个|1个)(\s|$)`, `^[0-9]{3,4}(的|室|号)?\s*(也)?(报名|报一个|报个名|报个|报1个)`},
		// 「我报名了包饺子 你们去不」 asks the neighbours.
		// 「报名老年大学书法班的举个手 咱一块去」 calls the neighbours.
		// 「报名广场舞比赛的姊妹们 下午三点广场上练练」 calls them by it.
		Not: []string{`^报名[^ ]{1,12}的(姊妹|姐妹|兄弟|朋友|邻居|各位|人|老伙计)(们)?|的举(个)?手|(咱|咱们|我们)一块(儿)?去|报名的|报名表|截止|参加了|人真多|好多|不去|取消|志愿者|麻烦|难|累|烦|真|太(累|难|多|少|远|贵|麻烦|烦|早|晚)|不想|没|打卡|签到|(你们|您们|大家|谁)(都|也|还)?(去|来|参加|报)(不|吗|没)( |$)`},
		// 「讲座我也想去」, told the bot: the one event open, or which.
		Hints:   []string{`(^| |我|俺)也?(想|要)(去|参加)(一下|看看)?$`, `算我一个`, `(` + eventNoun + `).{0,10}(都)?(想|要)去`},
		Phrases: []string{"报名", "我要报名", "报名讲座", "报个名", "我也报名", "报名参加包饺子", "我想报名参加讲座"},
	}
}

// withdrawIntent gives a place back.
func withdrawIntent() intent.Decl {
	// Told in a group without the @ (「饺子我去不成了 把我名字去掉吧」), it is
	// still a place given back, answered privately.
	// 「17号那个单子我临时加班去不了 退回去吧」 gives a task back.
	return intent.Decl{Name: "withdraw", Label: "取消报名", Shape: intent.Name, Unprompted: true, Cues: []string{`取消报名`, `(不去|去不了?|参加不了?|来不了?|不参加|去不成).{0,12}(取消|退|划掉|划了|删掉)`,
		`(` + eventNoun + `).{0,16}(不去|去不了?|参加不了?|来不了?|不参加|去不成)`, `报(了)?.{0,12}(给我|帮我)(退|取消|撤)`, `名额(我)?不要|让给别人`, `(我的?|我那个)?报名(给我)?(撤|退|取消)(了|掉)?( |$)`, `从.{0,8}名单(里|上)?(去掉|删掉|拿掉|划掉|删了)`,
		// 「不好意思 包饺子的我取消一下 要去闺女家」
		`(` + eventNoun + `)(的|那个)(我|俺)?(先|就)?(取消|退)(一下|了|掉|吧)?( |$)`,
		// 「写春联那个把我名撤了吧」
		`把(我|俺)(的)?(名字?|报名|名额)(给)?(撤|去掉|划掉|删|拿掉|勾掉)`},
		// 「我不去了」, told the bot: the one event signed up for.
		Hints: []string{`^(我|俺)?(不去|去不了|来不了|参加不了|不参加)(了)?$`, `^(去不|来不|参加不)$`},
		// 「讲座一期的能去不」 asks whether one may go; 「联欢活动你们去不」
		// asks the neighbours.
		Not: []string{`单子|[0-9]+号(那个)?(单|任务)|(能|可以)(去|来|参加|听)不( |$)|(你们|您们|大家|你|您|谁|咱|咱们|一起)(都|也|还)?(去|来|参加)不( |$)`}}
}

// attendIntent signs in at the event: 「签到 #3」.
func attendIntent() intent.Decl {
	return intent.Decl{Name: "attend", Label: "活动签到", Shape: intent.Ref}
}

// voteIntent votes in a poll: 「投票 #2 1」「投1」.
func voteIntent() intent.Decl { return intent.Decl{Name: "vote", Label: "投票", Shape: intent.Ref} }

// changeVoteHowIntent asks whether a vote cast can be changed: 「投了还能改不
// 我想改成弃权 算了算了 还是不同意 不改了」.
func changeVoteHowIntent() intent.Decl {
	return intent.Decl{Name: "vote_change_how", Label: "投了能不能改", Shape: intent.Free, Asks: true,
		Cues: []string{`(投了|投过|已经投)(票)?(的)?(还)?(能|可以)(改|重投|换)(不|吗|么|嘛)?`}}
}

// resultsIntent shows a poll's results.
func resultsIntent() intent.Decl {
	return intent.Decl{Name: "poll_results", Label: "投票结果", Shape: intent.OptRef, Asks: true,
		Cues: []string{`投票(的)?(结果|情况)(怎么样|咋样|如何|出来了吗|出来没)?`, `^投票(现在)?(咋样|怎么样|怎样|如何|进展)`, `(哪个|谁|什么)(的)?票(数)?最多`, `(哪个|谁)的?选项(领先|赢了)`, `(哪个|谁)(领先|赢了).{0,4}(投票|票)`, `投票.{0,4}(啥|什么)结果`, `(哪个|谁)(的)?票(多|领先)`, `票数(怎么样|咋样|多少)`,
			// 「包饺子的票投完了吧 哪天人多」
			`(票|投票)(都)?(投完|结束|截止)(了)?(吧|没|吗|没有)?`, `哪(天|个|一天)(的)?(人|票)(多|最多)`,
			// 「那总共多少同意多少不同意总能说吧」
			`(多少|几)(个|户|人|票)?同意.{0,4}(多少|几)(个|户|人|票)?(不同意|反对)`,
			// 「投票现在多少户投了 每个地方各几票」「结果给我看看」
			`(多少|几)(户|个人|人|家)(已经)?(投了|投过)`, `各(有)?(几|多少)票`, `投票.{0,8}结果(给我|发我)?(看看|看一下|瞧瞧)`,
			// 「投票到点了 结果出来发我看一下」「票数出来了吧 16号多是吧」
			`结果(出来)?(了)?(发|给)(我)?(看看|看一下|瞧瞧)`, `票数出来`, `投票[^ ]{0,10} 结果(出来)?(了)?(吗|没|没有)`, `(几号|哪个|哪天|哪家)(的)?(票)?多(是吧|吧|吗|不)`}}
}

// forOtherIntent votes or gives back a place for somebody else (「老刘说他想
// 投2 你帮他投一下」「把何小妹报名取消了 她跟我说不去了」): a vote and a
// place are the member's own. It is above a withdrawal's cue.
func forOtherIntent() intent.Decl {
	return intent.Decl{Name: "events_for_other", Label: "替别人投票", Shape: intent.Free, Asks: true,
		Score: func(folded string) float64 {
			if forOther.MatchString(folded) || forOthersListed.MatchString(folded) {
				return forOtherScore
			}
			return 0
		}}
}

// joinsVolunteers is joining the volunteers rather than an event: a whole
// message (「我报名当志愿者好几天了都没人审核」) or what follows 报名.
var joinsVolunteers = gatedre.MustCompile(`(^|报名|报|申请|登记)(了)?(当|做|成为)(个|一个)?志愿者`)

// forOtherScore is above a withdrawal's cue.
const forOtherScore = 0.985

// forOther is a vote or a place of somebody else's (folded text).
var forOther = gatedre.MustCompile(`(帮|替|给)` + someoneElse + `(也)?投(一下|一票|个|一个|票|了)|(再|多)投(一次|一票|两票|几票)|帮[^?？]{0,20}(都|也)报上|(再|多)投[0-9两三四五六七八九十几]票|一个号投(两|2|几|三|3)票|(帮|替)(我)?把[^?？]{0,16}(的人|大家|他们|她们|全家|一家)(都|也)?报(名|上)|(帮|替)` + someoneElse + `(投|选)[0-9一二三四五六七八九]|` +
	`(把|帮|替)` + someoneElse + `的?.{0,8}(报名|名额)(给)?(取消|退|撤)|(取消|退)(掉)?` + someoneElse + `的(报名|名额)|(你)?(给|帮|替)(她|他)(退|取消|撤)|` +
	// 「帮我公公吴大爷也报个讲座」「我妈让我帮她报」「我代表7栋全体投跳蚤市场 算10票」
	`(帮|替|给)` + someoneElse + `\p{Han}{0,3}(也)?(报个|报一个|报上|报名|报一下)|(帮|替|给)(她|他)(也)?报( |$|了|吧|一下)|代表\p{Han}{0,8}(投|全体)|算[0-9一二三四五六七八九十]+票|` +
	// 「我老伴也投北门 你给记上」「合唱队十个人都投合唱 你给记十票」
	someoneElse + `(也|都)+(投|选|要投|要选)|(帮我|给我)?把` + someoneElse + `(也)?(报上|报个名|报名|报一个)|(用|拿|以)(我)?` + someoneElse + `(的|个)?(名字|名义|名|号|账号|微信|手机)[^ ]{0,3}(投|报|选)|(帮|替)(我们|我们家|我们全家|我们俩)(一起|都)?投|(帮|替|给)(我们|我)?(家|楼|楼下|楼上|隔壁|对门|单元)?(的)?(几个|两个|三个|[0-9一二两三四五六七八九十]+个)(租客|房客|邻居|老人家|老人|朋友|工友|人)(都)?(报名|报个名|报上|投)|(统一|一起|全部)(帮|替|给)(他们|她们|大家)(投|报)|(那票|那一票)(也)?(我)?(帮|替|给)(他|她)投|(帮|替|给)(大家|全楼|全家|老人们)(统一|一起|都)?(投|报)|(帮|替|给)(他们|她们)[^ ]{0,3}(统一|一起|都|全部|每人|每个人)(投|报)|(用|拿|以)(他|她|他们|人家)家?的?(名义|名字|号)(投|报)|[0-9两二三四五六七八九十几]+(个人|口人|人)(都|也)?(投|选)|记[0-9两二三四五六七八九十几]+票|(投|投一票|选).{0,8}算(我|俺)?(家)?(老婆|老伴|老公|媳妇|家里|妈|爸|老头子?|儿子|女儿)(的|那票)|` +
	// 「…你记在他名下」「帮我把楼上老周退掉」「302 402 502三户都给我报上」
	// 「把我们整栋楼都报上去」「我帮他投广场舞」.
	`记在` + someoneElse + `(的)?名下|(帮|替)(我)?把` + someoneElse + `(退掉|退了|取消|撤了|撤掉)|[0-9一二两三四五六七八九十]+(户|家)(都|也)?(给我|帮我)?(报上|报名|报了|投)|把(我们|我)?(整栋|整个|全)(楼|单元|栋)(的人)?(都)?报(上|名)|(帮|替)(她|他)投\p{Han}{1,6}|(帮|替)` + someoneElse + `把[^ ]{0,10}(退(了|掉)?|取消)( |$)|(帮|替)(我)?(隔壁|楼上|楼下|对门)*(几户|几家|[0-9一二三四五六七八九十]+户)(人)?(都)?投|(替|帮)(我们)?(单元|楼|楼栋)(的)?[^ ]{0,4}(户|个人|家)(人)?(都)?报`)

// forOthersListed is several neighbours put on a list, a household voted
// for, or one taken off: 「把我们一楼那几个老太婆都报上重阳节活动」「我们单元
// 8户全给报上」「帮我们全家四口都投2号」「把隔壁张阿姨从包饺子活动里撤了」.
var forOthersListed = gatedre.MustCompile(`把[^ ]{1,16}(都|全|全部)(给)?(报上|报名|报了)|[0-9一二两三四五六七八九十]+(户|家)(都|也|全)(给我|帮我|给)?(报上|报名|报了|投)|(帮|替)(我们)?(全家|一家)[^ ]{0,4}(都|全)?投|把[^我俺 ][^ ]{0,9}从[^ ]{1,12}(撤|删|去掉|拿掉|划掉|退)|(给|帮|替)(我们)?(一家子|全家|一家)(都)?投|把(我)?(对门|隔壁|楼上|楼下|邻居)(的|家)(也)?(报上|报名|报个名)`)

// someoneElse is another member named: 他, 老伴, 何小妹, 老刘.
const someoneElse = `(我家|我们家|我们楼的|我们单元的|我们楼|咱楼|楼里的|我|楼上|楼下|隔壁|对门|邻居|[0-9一二三四五六七八九十]+(栋|号楼|幢|单元)(的)?)*(他|她|老伴|老头子?|老太婆|老婆|老公|媳妇|儿子|女儿|孙子|孙女|外孙|外孙女|公公|婆婆|姥姥|姥爷|外婆|外公|岳父|岳母|爸|妈|爸爸|妈妈|父亲|母亲|妹妹|弟弟|姐姐|哥哥|嫂子|侄子|侄女|外甥|同事|朋友|同学|工友|闺蜜|闺女|对象|亲家母|亲家|妹子|弟娃|哥子|\p{Han}(小妹|小弟|阿姨|奶奶|大爷|爷爷|叔|婶|姐|哥|老师|大妈|伯|婆|姆|姨|嬢|孃)|小\p{Han}{1,2}|老\p{Han}子?|阿\p{Han}|\p{Han}阿(婆|公|伯|姨|嬷))`
