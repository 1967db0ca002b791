package checkin

import (
	"strings"

	"linli/bot/intent"
	"linli/internal/gatedre"
)

// The check-in intents, in residents' own words. Cues are matched on the
// folded text (see intent.Fold): fillers such as 我/今天/已 and trailing
// particles are already gone, 咋/啥 read 怎么/什么. A question about an
// action ("打卡了吗", "咋打卡", "明天别忘了打卡") never is the action.

// checkinIntent is a daily check-in, with an optional note or photo.
func checkinIntent() intent.Decl {
	return intent.Decl{
		Name: "checkin", Label: "打卡", Shape: intent.Note, Unprompted: true, Menu: 1,
		// 「打卡28号就结束了 结束以后把排行榜前十名发我」 speaks of the
		// challenge; a note beside a check-in does not.
		Accept: func(args string) bool { return !aboutTheChallenge.MatchString(args) },
		Cues: []string{
			`^(我)?(也|都)?(来|快来|赶紧|帮我)?(打|签)(个|一个)?(卡|到)( ?(一下|成功|完成|好|完|打卡|签到|卡))*$`,
			`^(完成|坚持)?(今天的?)?(打卡|签到)( ?(打卡|签到))*$`,
			`^((早上好|早安|大家早|大家好|上午好|中午好|下午好|晚上好|你好|早) )?(分类|垃圾分类|每日|每天|早安|早上|晚上|晚安|早|今天的?|day ?\d+|第.{1,3}天|坚持第.{1,3}天) ?(打卡|签到)$`,
			// Told after a word of assent: 「好 那我打卡」「明白了 那我也打个卡」.
			`^(好|好的|行|嗯|哦|噢|明白|知道|懂|收到|ok)( ?(了|啦))? ?(那|那我|我)?(今天)?(也|就|先)?(来)?(打|签)(个|一个|一下)?(卡|到)$`,
			`^(今天)?的?卡打(上|了|好)?$`, `^(今天)?的?卡(我)?(来)?(打|签)(一下|上|了|好)(哈|啊|吧|了)?$`, `^补?打今天的卡$`, `^(早上好|早安|晚上好|大家早) ?(打卡|签到)$`,
			// What was done first, then the check-in: 「扔完垃圾了来打个卡」
			// 「干湿分开了签到」「差点忘了 打卡」; or the check-in, then a note:
			// 「打个卡 今天也分了」.
			`(了|完|好|过| )(来)?(打|签)(个|一个)?(卡|到)( ?(啦|喽|咯|哈|了|嗷))*$`, `^(来)?(打|签)(个|一个)(卡|到) .+`, `(帮我|给我)(打|签)(个|一个|只)(卡|到)`, `(这样|这|这个)(就)?算(是)?(打卡|签到|打了卡)(了)?(吧)?$`, `算(伐|不|吗)算(打卡|签到)`, `(垃圾|分好|分完|扔完|倒完|到完)[^ ]{0,6} 打开$`,
			`^(今日|今天|每日)?(打卡|签到)( ?(打卡|签到))* [^?？吗么]{2,}$`, `^(打卡|签到)(今天|今日)?(第.{1,3}天|day ?\d+)$`, `^(今天)?第.{1,3}天 ?(打卡|签到) [^?？吗么]{2,}$`,
			// 「…和其他垃圾分开扔了打卡一下啊最后一天了」
			`(分开|分好|分完|扔完|扔了|倒了|分类好|分类完)(了)?(来)?(打卡|签到)(一下)?`,
			`^(xiao ?zhu ?shou ?)?(wo ?)?(jin ?tian ?)?(ye ?)?(qian ?dao|da ?ka)( ?(le|la|lo|liao))?( .{0,16})?$`,
			// 「我也打卡了 厨余的倒了 …」「我搞忘了 达卡」「今天分好了 报到」
			// 「第二天 厨余垃圾湿的滴干了才倒的」「🗑✅」.
			`^(我)?(也|都|已经|已)(打卡|签到)( [^?？吗么]{2,})?$`, `(^| )(打卡|签到)$`, `(^|了|好| )报到$`,
			`^(今天)?第.{1,3}天 [^?？吗么]{0,24}(垃圾|厨余|分类|分好|倒的|扔的)`, `^(🗑️?|♻️?)\s*(✅|✔️?|☑️?|👌|👍)+$`,
			// 「那我自己的打一个」: one's own, after asking for another's.
			`^(那)?(我)?自己的?(也)?(打|签)(一个|个|一下)(卡|到)?$`,
		},
		// The day's sorting told to the bot (「今天的垃圾已经分好扔掉了」
		// 「今天分好扔了 算一次吧」「今天的也给我打上」): a check-in in a
		// private chat or the Official Account; in a group, news.
		Hints: []string{`^(今天的?)?(把)?(垃圾)?(已经|都|也)*(分好|分类好|分完|分类完|分开|分类扔完|扔完)(扔|丢|倒)?(掉|完)?( |$)`, `^(那)?(今天的?)(卡)?(也)?(给我)?(打上|记上|算上)$`},
		Not:   []string{`(没|没有)(打|签|卡)|没(吗|呢|吧)?$|^没|还没|(^|[^点搞])忘|(昨天|前天).{0,3}忘|别(忘|打|签|急|来|催)|^别|不|谁|(^|[^其])他|她|你们|大家([^早好]|$)|好多|人真多|的人|群|明天|记得|要|该|得(去)?(打|签|记)|^得`},
		Phrases: []string{"打卡", "签到", "打卡了", "今天打卡", "已打卡", "已签到", "打个卡", "签个到", "来打卡了",
			"今天的卡打上", "打卡 day3", "打卡第7天", "垃圾分类打卡", "完成打卡", "打卡成功"},
	}
}

// checkinAskedIntent is the day's sorting told with a question whether it
// counts (「今天分好了 算不算打卡」「扔完了这样算打卡了吗」「算伐算打卡」):
// the question asks for the check-in, so it is one, under the same label.
// A question word rules out checkinIntent, and its Not rules out every 不.
func checkinAskedIntent() intent.Decl {
	return intent.Decl{
		Name: "checkin_asked", Label: "打卡", Shape: intent.Note, Asks: true, Unprompted: true,
		Cues: []string{`算(吗|不)?算(我)?(打卡|签到|打了卡|打上卡)`, `(这样|这|这个|那)(就)?算(是)?(打卡|签到|打了卡|打上卡)(了)?(吗|么|没|不|没有)`,
			`(分好|分完|分类好|分类完|扔完|扔了|倒完|倒了|丢完|丢了)[^ ]{0,8}( )?(能|可以)?算(我)?(打卡|签到)?(了)?(吗|么|不|没)$`,
			// A check-in with a question beside it: 「第七天打卡 是不是有奖励」
			// 「…你给我记个达卡啊 …是不是今天第一次啊」; the question is answered.
			`^(今天)?(第.{1,3}天)?(打卡|签到) .{0,20}(奖励|积分|几分|多少分|补卡|几张)`, `(给我|帮我)?记(个|一个|上)?(打卡|签到)`,
			// The check-in, and whether it went through or the sorting was
			// right: 「打卡打卡 刚才打上没有啊」「…打卡打卡小助手你看我分的对不对」.
			`^(打卡|签到)(( ?(打卡|签到))+ ?| ).{0,6}(打上|记上|算上|成功)(了)?(没有|没|吗|不)`, `(打卡|签到) ?(打卡|签到) ?(小助手)?.{0,10}(分|放|扔|倒)的?(对不对|对吗|对吧|对不)$`,
			`^(打卡|签到) ?(今天)?第.{1,3}天.{0,30}(对吧|对吗|对不对|对)$`,
			// 「听说有打卡 我今天就打一个行不行」: may I, asked by doing it.
			`(打|签)(一个|个|一下)(卡)?(行不行|可以吗|行吗|可以不|成不|中不中)$`,
			// 「我也打卡 是不是这样发」: the check-in, and whether that is how.
			`^(我)?(也|都)?(打卡|签到)(了)? ?(是不是|是)?(这样|这么)(发|打|弄|说|写)(的)?(吗|么|对吗|对不对|对吧|行吗|就行)?$`},
		Not: []string{`没(有)?(分|扔|倒|丢|打|签)([^过]|$)|还没|忘|谁|他|她|别人|大家|你们|明天|昨天|前天|怎么|规则|(^|我|俺|家|帮|替|给)(` + kinWords + `)`},
	}
}

// kinWords are the family and neighbours one might check in for.
const kinWords = `婆婆|公公|老伴|老公|老婆|爱人|媳妇|妈|爸|奶奶|爷爷|姥姥|姥爷|孩子|儿子|女儿|孙子|孙女|邻居|阿姨|大爷|大妈|叔|姐|哥`

// makeupForOther is a make-up card asked for somebody else.
var makeupForOther = gatedre.MustCompile(`(帮|替|给)(她|他|我妈|我爸|老人|老伴)把.{0,6}(卡|到)(打|签)|(帮|替|给)(我)?(家)?(老伴|老婆|老公|爱人|妈|爸|妈妈|爸爸|孩子|儿子|女儿|孙子|孙女|邻居|她|他|\p{Han}{1,2}(阿姨|奶奶|大爷|爷爷|叔|姐|哥|大妈))(也)?补(一下|个|上)?(卡|昨天|前天)?`)

// makeupForMe is a make-up card asked for oneself with 「帮我」「给我」.
var makeupForMe = gatedre.MustCompile(`^(给我|帮我)(也)?补(一下|个|上)?(昨天|前天|那天)?(的)?(卡)?(吧|呗|啊)?$`)

// forOtherScore is above a request's cue.
const forOtherScore = 0.985

// forOtherIntent asks to check somebody else in (「帮我老伴也打个卡」
// 「替张阿姨打卡」): a check-in is one's own, so it is refused with how the
// other can do it.
func forOtherIntent() intent.Decl {
	return intent.Decl{Name: "checkin_for_other", Label: "替别人打卡", Shape: intent.Free, Asks: true,
		Cues: []string{`(帮|替|给)(我)?(家)?(老伴|老婆|老公|爱人|妈|爸|妈妈|爸爸|孩子|儿子|女儿|孙子|孙女|邻居|她|他|\p{Han}{1,2}(阿姨|奶奶|大爷|爷爷|叔|姐|哥|大妈))(也)?(打|签)(个|一下|一个|下)?(卡|到)`,
			`(帮|替|给)(我)?(家)?(老伴|老婆|老公|爱人|妈|爸|妈妈|爸爸|孩子|儿子|女儿|孙子|孙女|邻居|她|他)(也)?(打|签)(一个|个|一下)(吧|呗|呀)?( |$)`,
			`替\p{Han}{1,4}(打卡|签到|打个卡)`, `(帮|替|给)(隔壁|对门|楼上|楼下)\p{Han}{1,3}(也)?(打|签)(个|一下|一个|下)?(卡|到)`, `卡(你)?(帮|给|替)(她|他)(打上|打|签)`, `(他|她)(那份|的)(也)?(给)?(算上|打上|记上)`, `(帮|替|给)[0-9一二三四五六七八九十]+\p{Han}{1,3}(打|签)(个|一下|一个)?(卡|到)`, `(打卡|卡)也?(给|帮|替)(她|他|老伴)(打上|记上|算上|打一个|打个|打一下)`, `(帮|替|给)(她|他)(打|签)(下|个|一下)(卡|到)`,
			`(给|帮|替)(我家|我们家)?(老头子|老太婆|老伴|老头|老太太|媳妇|老公|老婆)(也)?(记上|打上|算上|签上)`, `(打卡|签到)(能|可以)(替|帮)(别人|家人|老伴)`, `卡.{0,4}(替|帮)(她|他)(打|签)`,
			// 「我婆婆今天分好了 这样算打卡吗」
			`(` + kinWords + `)[^ ]{0,8}(分好|分完|扔完|扔了|倒了|丢了)[^ ]{0,6}( )?(这样|那)?(能)?算(吗|不)?算?(打卡|签到|她打卡|他打卡)`,
		},
		// 「给我妈也补一下昨天的」 asks no helper: above a request's cue.
		Score: func(folded string) float64 {
			if (strings.Contains(folded, "补") || strings.Contains(folded, "卡")) && makeupForOther.MatchString(folded) {
				return forOtherScore
			}
			return 0
		}}
}

// makeupIntent is a make-up check-in for a missed day.
func makeupIntent() intent.Decl {
	return intent.Decl{
		Name: "makeup", Label: "补卡", Shape: intent.Free, Unprompted: true, Asks: true,
		Accept: func(args string) bool { return !startsChatter(args) },
		Cues: []string{`^补(个|一下|打)?卡`, `^(要|想)?补(一下)?(昨天|前天)?的?卡`, `忘.{0,4}(打卡|签到|打|签).{0,6}补`, `^(那|那就|就)?补(一下)?(昨天|前天)(的|那天)?(卡)?(吧|呗)?$`, `(昨天|前天)的卡(能|可以)?补`, `(昨天|前天|那天)的?(卡)?(能|可以)补(上|一下)?(不|吗|么|没)`, `补卡.{0,3}(咋|怎么|如何)(用|弄|补)`, `忘.{0,4}(打卡|签到).{0,20}(能|可以)补(上)?(不|吗|么|嘛)?`, `没(打上|打|签上)(卡)?.{0,8}补(一下|上)`, `忘.{0,8}(好|能|可以)补(吗|不|么)`, `(昨天|前天|那天)(那天)?(给我)?补上`, `没打.{0,10}(别|不要)(给我)?断`, `(还)?能补(回来)?(不|吗|么)$`, `(能|可以)用补卡(补上|补一下|补)?(吗|不|么)?$`, `(没顾上|没顾得上|没来得及)(打卡|签到).{0,10}补`, `能补几天`, `(落下|漏)(了)?.{0,20}(能|可以)(给)?补(不|吗|么)`, `把.{1,8}(那天|的)(卡)?(也)?补上`, `^(那|那就|就)?补上(吧|呗)?( |$)`, `(^| |就)用(那个|一张|一次|个)?补卡(吧|呗)?$`, `(昨天|前天).{0,20}(都)?(能|可以)补(上)?(吗|不|么)`, `([0-9]{1,2}月)?[0-9]{1,2}(号|日)(那天|的卡|的)?.{0,6}补(上|一下|个卡|卡)`, claimedSent.String(),
			// 「3月9号到14号住院了 那几天没法打卡 能不能补啊」
			`(没法|没能|不能|没办法)(打卡|签到).{0,6}(能不能|能|可以)补`, `(那张|用)?补卡(帮我|给我)(补)?(一下)?(昨天|前天)`,
			// 「你给我把这7天都补上吧」「直接给我把这七天全补上」
			`(给我|帮我)(把)?.{0,8}(都|全|全部)补(上|齐)`},
		// 「帮我补个卡」「给我补一下昨天的」 ask no helper.
		Score: func(folded string) float64 {
			if strings.Contains(folded, "补") && makeupForMe.MatchString(folded) {
				return forOtherScore
			}
			return 0
		},
		// Told the bot, a missed day offers the make-up card; said in a
		// group, it is chatter.
		Hints:   []string{`^(昨天|前天|那天|上次)?(忘|忘记|忘了|没|没有|漏|漏了)(了)?(打卡|打|签到)(了)?$`},
		Not:     []string{`的人|人不少|多少人|谁`},
		Phrases: []string{"补卡", "补个卡", "补打卡", "昨天忘了打卡补一下", "昨天的卡能补吗"},
	}
}

// pointsIntent asks for one's own points and streak.
func pointsIntent() intent.Decl {
	return intent.Decl{
		Name: "points", Label: "查积分", Keywords: []string{"积分", "查积分"}, Shape: intent.NoArgs, Unprompted: true, Asks: true, Menu: 2,
		Cues: []string{
			`积分(还剩|还有|一共|现在|目前)?(是|有)?(多少|几个|几分|几)`, `(查|看|查看|查询|看看|看下|查下|查一下|查查|瞧瞧)(一下|下)?(我的)?(积分|分数|分)$`,
			`^(我的)?(积分|分数|积分查询|查询积分)( ?(呢|\?))*$`, `^(我|我的)?(现在|目前)?(一共|总共|总)?(有|还有|攒了|一共)?(多少|几个?)(积分|分)`, `积分够不够`, `(我|俺)(现在|目前)?(一共|总共)?(有)?(多少|几)(积分|分)`,
			`^(现在|目前)?几分$`, `^(wo ?de ?)?ji ?fen( ?duo ?shao)?$`, `^[a-z ]*(duo ?shao ?fen|ji ?fen)[a-z ]*$`, `^(打卡|连续打卡)(了)?(多少|几)天`, `(连着|连续)(打|签)(卡|到)?(了)?(多少|几)天`, `^(我)?(打|签)(卡|到)?了(几|多少)天`, `^(我)?(现在)?连续(了)?(多少|几)天`, `打了(几|多少)(回|次)卡`, `(还剩|剩下|剩)(多少|几)(个)?(积分|分)`, `都打了(几|多少)天`, `(怎么|咋|如何)(看|查)(自己|我)?(的)?(有)?(几|多少)?(积分|分)`, `(我的?)?(积)?分(咋|怎么)(少|没|变少)`, `我的(积分|分数)(有|是)?多少`,
			// 「我积分够换一瓶洗衣液了吗」「连续天数从12天变成1天了」
			`(积分|分)(够|够不够)(换|兑)`, `连续(的)?(天数|打卡)?.{0,10}(变成|成了|清零|归零)`,
			`(现在|目前)(一共|总共)?(有)?(多少|几)(个)?(积分|分)`,
		},
		// Whether today's check-in is done, asked of the bot: the reply
		// says. Asked in a group, it is asked of the neighbours.
		Hints: []string{`^(我)?(今天)?(的)?(打卡|打了卡|签到|卡打)(了)?(没|没有|吗|了吗|了没|了没有|成功了吗|成功没)$`,
			// 「打卡 今天第几天了我都搞忘了 …是不是断了」, asked of the bot.
			`(今天)?(是)?第几天(了)?`, `(是不是|有没有|会不会)(就)?断(了|掉)`, `(打过卡|打了卡|打卡了|签过到).{0,8}(还用|还要|要不要|用不用)(再)?(打|签)`, `(打卡|卡)(算上|记上|算)(了)?(没有|没|吗)`, `断签|断(了)?没`, `积分(怎么|咋)(还是|没)`, `(是不是|有没有)(已经)?打过(卡)?`,
			`^(我)?(今天)?(的)?(卡)?(打卡|签到|签上|打上|签了|打了|卡打上)(了)?(没|没有|吗|了吗|了没|了没有|成功了吗|成功没)( |$)`},
		Not:     []string{`怎么算|怎么用|怎么得|能换(什么|啥|哪些|点啥|些什么)|换什么|有什么用|用来|他|她|别人|好多|大家|奖励|规则|志愿(者|服务)?(的)?(积分|分|时长|小时)`},
		Phrases: []string{"我的积分", "查积分", "积分还剩多少", "我有多少分", "积分查询", "看看我的积分", "查查分", "积分多少"},
	}
}

// rulesIntent asks how to check in and how check-ins earn points
// (「怎么参加打卡」「打卡有什么用」「积分怎么算」「连续打卡几天有奖励」).
func rulesIntent() intent.Decl {
	return intent.Decl{
		Name: "checkin_rules", Label: "打卡规则", Shape: intent.NoArgs, Asks: true,
		Cues: []string{`(打卡|签到)(有)?(什么)(用|好处)`, `(打卡|积分)的?规则`, `积分(是)?(怎么|如何)(算|得|拿|计算|来)`, `(怎么|如何|怎样)(得|拿|赚|挣|攒|获得)积分`,
			`连续(打卡)?.{0,4}(有|给|能拿|能得)(什么)?(奖励|奖)`, `(打卡|签到)(一次|一天)?(给|加|得|能得)?(多少|几)(个)?(积分|分)`,
			`(怎么|如何|怎样|咋)(样)?(参加|参与|加入|报名)(这个)?(打卡|签到)`, `(打卡|签到)(活动)?(要|得|该|是)?(怎么|如何|怎样|咋)(打|弄|参加|参与|报名|玩|搞|签)`,
			`(怎么|如何|怎样|咋)(样)?(打卡|签到)(啊|呀|呢|\?)*$`, `(想|要)(参加|参与|加入)(这个|那个|你们的|社区的)?(打卡|签到)`, `(打卡|签到).{0,4}(每天|天天)都(要|得)`, `(连着|连续)(打|签).{0,8}(加分|多加|奖励|多给)`, `(打卡|签到).{0,10}(怎么个|什么)玩法`, `^(参加|参与|加入)(这个|你们的|社区的)?(打卡|签到)(活动)?$`,
			`^(这个)?(积分|分分)(是|系)?(什么|干什么|做什么)(东西|意思|用的)?$`, `(能|可以)参加(打卡|签到)(不|吗|么)?$`, `(打卡|签到).{0,4}(怎么个|什么)规则`, `不在群(里)?.{0,4}(能|可以)(打卡|签到)`, `(坚持|打)满(了)?.{0,4}(有|给)(什么)?奖励`, `(积分|分分)(拿来|用来)?(做|干)什么`, `(打卡|签到).{0,4}(行不行|能不能参加|可以参加)`, `^(打卡|签到)(是)?(每天)?.{0,10}(就行|就可以)(吗|么)?$`,
			// 「我才晓得有这个 现在打还算数不 二十一天来得及吗」: joining late.
			`(现在|中途|这会|才)(开始)?(打|参加|加入)(还)?(算数|算|来得及|行)(不|吗|么)?`, `(二十一|21)天(还)?来得及`,
			// 「昨天忘了打卡 是不是前面的都白打了」: what a missed day costs.
			`(前面|之前|以前|前几天)的?(卡|积分|分)?(都|就|全)?(白打|白费|白攒|作废|不算|清零|没了)`, `(忘|漏|没)(了)?(打卡|签到|打|签).{0,12}(白打|白费|作废|清零|重新(开始|算|来))`,
			`积分.{0,4}(过期|作废|有效期|会不会没|会清零|清零吗|清零不)`,
			// 「公众号这边能打吗 怎么算分」: where one who is not in the groups checks in.
			`(怎么|如何|咋)算分`, `(公众号|这边|这里|私聊|私信)(这边|这里|上)?(也)?(能|可以)(打卡|签到|打)(吗|不|么)?`,
			// 「今天没分 算不算打卡」: what a check-in is.
			`没(有)?(分|扔|倒|丢)[^ ]{0,8}( )?(这样|那|也)?(能)?算(吗|不)?算?(打卡|签到)`},
		Phrases: []string{"打卡规则", "打卡有什么用", "积分怎么算", "怎么得积分"},
	}
}

// boardIntent asks for the group's leaderboard.
func boardIntent() intent.Decl {
	return intent.Decl{
		Name: "board", Label: "排行榜", Shape: intent.NoArgs, Unprompted: true, Asks: true,
		Hints: []string{`^(我)?(现在|目前)?(的)?(排名|排行)(是)?(第)?几`},
		Cues: []string{`^(看看?|查看?|瞧瞧)?(打卡|积分)?(排行榜|排行|排名)( ?(呢|\?))*$`, `谁打卡最多`, `连续(打卡)?(最长|最久|最多)(的)?(是)?(哪几个|哪些|谁|几个人)`, `(看看?|瞧瞧|查查?)(咱|我们|咱们)?(群|社区)?(的)?(排行榜|排名|排行)`, `谁(打卡)?(坚持得?|打得)?最(好|久|多|勤)`, `谁(的)?(积分|分)最(多|高)`, `(积分|分)最(多|高)的(是谁|有谁|是哪些人)`, `排(个|一下)名(看看|瞧瞧)?`, `^(我)?(现在|目前)?(在排行榜|在)?排(第)?几`, `排行榜(上)?(第)?几`, `(排行榜|排名)(上)?(我)?(排)?(第)?几`,
			`^(发|来|晒|看)(一)?(下|个)?(打卡)?(排行榜|排名)`, `(这个)?(排行榜|排名)(是)?(么样|怎么样|咋样|啥样)`, `(排行榜|排名|榜|排行)(帮|给我|帮我)?(瞅瞅|看看|瞧瞧|看下|看一下)`, `(^| )(我)?排(第)?几( |$)`, `上榜(了)?(没|吗|没有)`, `排(第)?(多少|几)名`, `(积分榜|排行榜|榜)(前[0-9一二三四五六七八九十]+)?(有|上)(我|没有我)`, `^(打卡)?(排行榜|排名)(发|来|晒)(一)?下`, `^(打卡)?(排行榜|排名)(怎么样|如何)$`,
			// A coordinator's 「把两个群的排行榜前十名发我」.
			`(排行榜|排名)(的)?(前[0-9一二三四五六七八九十]+(名)?)?(发|给)(我|一份)`,
			// 「你先把我们枫林这个月打卡积分前十名给我列一下」
			`(积分|打卡)(的)?前([0-9]+|[一二三四五六七八九十]+)(名|位).{0,4}(给我|帮我)?(列|发|看|排)`},
		Not: []string{`社区|第一(天|次|个|回)|老面孔`},
	}
}

// communityBoardIntent asks how the communities compare.
func communityBoardIntent() intent.Decl {
	return intent.Decl{
		Name: "community_board", Label: "社区排行", Shape: intent.NoArgs, Unprompted: true, Asks: true,
		Cues: []string{`(各|各个|几个)?社区(的)?(排行|排名)`, `(跟|和|比)(别的|其他|其它|别人|隔壁)(的)?(小区|社区)`, `(别的|其他|其它|隔壁)(小区|社区)(比|比起来|相比)`, `(社区|小区)(在)?(街道|全街道|各社区)(里|中)?(排|排名)`,
			// 「咱们阳光跟康乐比 谁厉害」「咱们康乐是不是又输给阳光了」
			`(咱们|我们|咱)\p{Han}{0,4}(跟|和)\p{Han}{2,4}(比|比比|比一比|谁)`, `(跟|和)\p{Han}{2,6}(打卡)?(比一比|比比|比一下).{0,8}(谁|排)`, `谁排(在)?前(面|头)`, `(跟|和)\p{Han}{2,4}比.{0,4}谁(厉害|强|多|好|领先|第一)`, `(咱们|我们|咱)\p{Han}{0,4}(是不是)?(又)?(输给|比不过|落后于?|赢了|超过)\p{Han}{2,4}`,
			// 「北苑跟南苑现在差多少了」「我们北苑现在跟南苑比 谁领先啊」
			`\p{Han}{2,4}(跟|和)\p{Han}{2,4}(现在|目前)?(差|相差)(多少|几)`, `(跟|和)\p{Han}{2,4}比.{0,6}(谁|哪个)(领先|赢|厉害|多)`},
	}
}

// shareIntent shares a sorting tip for points.
func shareIntent() intent.Decl {
	return intent.Decl{Name: "share", Label: "分享小妙招", Shape: intent.Free,
		Accept: func(args string) bool { return args != "" && !startsChatter(args) }}
}

// nudgeOnIntent asks for the evening reminder.
func nudgeOnIntent() intent.Decl {
	return intent.Decl{Name: "nudge_on", Label: "提醒我打卡", Shape: intent.NoArgs,
		Cues: []string{`^(每天|每晚|晚上)?(提醒|叫)我?(一下)?打卡$`}, Not: []string{`别|不用|取消|不要`}}
}

// nudgeOffIntent stops the evening reminder.
func nudgeOffIntent() intent.Decl {
	return intent.Decl{Name: "nudge_off", Label: "取消打卡提醒", Shape: intent.NoArgs,
		Cues: []string{`(不用|别|不要|取消|关掉|停止)(再)?(提醒|叫)我?打卡`}}
}

// startsChatter tells "补卡的人不少" and "分享的照片" from arguments.
// aboutTheChallenge are words after 「打卡」 that speak of the challenge
// itself: when it ends, its ranking, its summary.
var aboutTheChallenge = gatedre.MustCompile(`(就|快|要)?结束|排行榜|前十|前三|前五|表彰|总结|名单`)

func startsChatter(args string) bool {
	for _, p := range []string{"的", "了", "人", "过"} {
		if len(args) >= len(p) && args[:len(p)] == p {
			return true
		}
	}
	return false
}
