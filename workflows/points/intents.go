package points

import (
	"strings"

	"linli/bot/intent"
	"linli/internal/gatedre"
)

// codeForwarded asks to pass one's own code to family: 「那我直接把号码转给
// 他行不」.
var codeForwarded = gatedre.MustCompile(`(码|号码|兑换码|号).{0,6}(转给|发给|给)(他|她|老伴|老头|老太|家里人|孩子|儿子|女儿)(行不|行吗|可以吗|可以不|中不|成不|行)`)

// missingGift is a gift paid for and not had.
var missingGift = gatedre.MustCompile(`换了.{0,12}(没给我|没拿到|没领到|没收到|没见到)|(没给我|没拿到|没领到|没收到).{0,10}(分|积分)(也|都)?(扣了|扣掉了|没了)`)

// The shop's intents, in residents' own words (cues over intent.Fold's
// plain form).

func shopIntent() intent.Decl {
	return intent.Decl{
		Name: "shop", Label: "积分换礼品", Shape: intent.NoArgs, Asks: true,
		Cues: []string{`积分(能|可以|好)?(换|兑换|兑)(点|些)?(什么|哪些|点什么)`, `(得的|攒的|挣的)(那个|那些)?.{0,6}(能不能|能|可以)(换|兑)`, `^(换|兑换|兑)(个|一个)?\p{Han}{1,8}(要|需要|得)(多少|几)(个)?(积分|分)$`, `商城(里)?(现在)?(都)?(有)?(什么|哪些)`, `商城(里)?(头|面|边)?(有没有|有没|有)`, `商城(里)?(头|面|边)?(都)?有(些)?(什么|啥|哪些)`, `^(积分)?商城$`, `能换(什么|哪些)(东西|礼品)`,
			`(怎么|怎样|如何|在哪|去哪)(用积分|拿积分)?(换|兑换|兑)(点|些)?(东西|礼品|奖品)`, `(用|拿)积分(换|兑换|兑)(点|些|个)?(东西|礼品|奖品)?$`, `积分(要|该)?(怎么|如何|咋)(用|花|换|兑换|兑)`, `积分.{0,6}能(换|兑换|兑)(到)?.{1,6}(吗|不|么|没)`, `(能|可以)?(兑|换)(点|些)?(什么|啥|哪些)(呀|啊|呢)?$`, `兑换(的)?(清单|单子|列表|目录)`,
			// 「那积分攒着有啥用 能换东西吗」
			`积分(攒着|留着)?(有|能)?(啥|什么)用`, `积分.{0,6}能换东西`},
		Not:     []string{`在哪|位置|发(个|一个|条|一条)?通知|群(里)?(发|说)`},
		Phrases: []string{"积分商城", "积分能换什么", "积分换啥"},
	}
}

func redeemIntent() intent.Decl {
	return intent.Decl{
		// Asks: 「拿积分换个环保袋 怎么换」 redeems; what there is to get
		// (什么, 哪些) is the shop's list (Not).
		Name: "redeem", Label: "兑换礼品", Shape: intent.Name, Asks: true,
		Accept: func(args string) bool {
			return args != "" && !strings.HasPrefix(args, "了") && !strings.HasPrefix(args, "的")
		},
		Cues: []string{`^(要|想)?兑换(一|个|条|份|张|件|只|瓶|袋).+`, `^(要|想)?兑换.{1,10}$`, `^(要|想)?兑(个|一个|一下|上)[^码]{1,10}$`, `^(用|拿)?(我的)?积分(换|兑换|兑)(一|两|个|条|份|张|件|只|瓶|袋|包|盒)*[^点些]`, `(拿|用)(积)?分换(那个|个|一个)?\p{Han}{1,8}$`, `(拿|用)(积)?分换(一|两|[0-9]+)(卷|包|袋|瓶|个|盒|桶|块|条)\p{Han}{1,6}( |$)`, `(那些|这些|攒的)(积)?分(换|兑)(一|两)?(个|卷|包|袋|瓶|提|盒)?\p{Han}{1,8}$`,
			// 「帮我兑两包抽纸 到哪里领」「换两块肥皂 积分扣我的」
			`^(给我|帮我)?兑(换)?(一|两|几|[0-9]+)(卷|包|袋|瓶|提|盒|副|张|对|幅|桶|块|个|支|条)`, `^(给我|帮我)?(换|兑)(一|两|几|[0-9]+)(卷|包|袋|瓶|提|盒|副|张|对|幅|桶|块|支|条)\p{Han}{1,6} (用)?(积分|分)(扣|从|用)`},
		// 「我想换那个洗衣液」 told the bot: which item is for the shop to
		// say; a 换 with no 积分 and no 那个 may be a light bulb to change.
		Hints: []string{`^(要|想)?(换|兑)(那个|这个)(.{1,8})$`, `^(要|想)?(换|兑)(那个|这个)\p{Han}{1,8} [^ ]{0,10}(积分|分)`, `^(给我|帮我)(换|兑换|兑)(一个|个|一份|一袋)?(那个|这个)(.{1,8})$`, `(分|积分)够.{0,6}(换|兑)`, `^(给我|帮我)?(换|兑)(一|两|几|[0-9]+)(卷|包|袋|瓶|提|盒|副|张|对|幅|桶)`, `^(要|想)?(换|兑)(一|两|1|2)(个|只|条|件|份)\p{Han}{1,8}$`, `^(要|想)(换|兑)(个|一个)\p{Han}{1,8}( |$)`, `^(那)?(就)?(换|兑)(个|一个)\p{Han}{1,8}(吧)?( |$)`},
		Not:   []string{`兑换了|兑换过|换了|换的|兑换的|什么|哪些|哪个|东西|礼品|奖品|吗$|么$|多少|几`},
	}
}

func myRedeemIntent() intent.Decl {
	return intent.Decl{Name: "my_redeem", Label: "我的兑换", Shape: intent.NoArgs, Asks: true, Cues: []string{`^(我的)?兑换(码|记录)$`, `(取货码|兑换码|那串数字|那一串数字).{0,10}(忘|记不住|再发)`, `(兑换码|码)(找不着|找不到|丢了|忘了|不见了|没了)`, `再发(一遍|一次|一下)?(我的)?(兑换码|码)`, `(我的|我那个)兑换码`,
		// 「码呢 群里没看见啊」「那个取货的码我找不着了」「还没领呢 码给我」
		`^码(呢|在哪|哪去了)`, `(那个|兑换|取货)?码是(什么|啥)`, `(去了|到了)?(给人|给他们|给工作人员)看(一下|一眼)?手机(就行|就可以|行吗)`, `(取货|兑换|领东西)的?码.{0,6}(找不着|找不到|丢了|没了|忘了|不见了|在哪|呢)`, `(还没领|没领呢).{0,6}(码给我|把码|码发我)`,
		// 「上礼拜换的那袋米到哪里去拿」
		`换的[^ ]{0,8}(到哪|去哪|在哪|哪里|什么时候|几时|啥时候)(里)?(去)?(可以|能)?(拿|领|取)`,
		// 「昨天给我那个领袋子的号 找不到了」; a gift paid for and not had:
		// 「我上个礼拜就换了一瓶洗衣液 到现在也没给我 分也扣了」.
		`领.{0,4}的(号|码|号码).{0,8}(找不着|找不到|丢了|没了|忘了|不见了|删了|没翻到)`, missingGift.String(), codeForwarded.String()}}
}

// pointsLost asks where points went: 「积分怎么少了」「分少了20 跑哪去了」.
var pointsLost = gatedre.MustCompile(`(积分|分)(怎么|为什么|为啥)(突然)?(少|扣|没|不见)(了)?|(积分|分)(少|扣)(了)?[0-9一二三四五六七八九十百两]+[^ ]{0,3} ?[^ ]{0,3}(去|跑)(哪|到哪)`)

// lostScore is above the points balance's cue by more than intent.Close.
const lostScore = 0.985

func historyIntent() intent.Decl {
	return intent.Decl{Name: "points_history", Label: "积分明细", Shape: intent.NoArgs, Asks: true,
		// 「我积分怎么少了20 去哪里了」「我的分怎么少20 跑去哪」: where
		// they went, above the balance the same words ask.
		Score: intent.ScoreIf(pointsLost.MatchString, lostScore),
		Cues:  []string{`积分(的)?(明细|记录|流水)`}}
}

func cancelRedeemIntent() intent.Decl {
	return intent.Decl{Name: "cancel_redeem", Label: "取消兑换", Shape: intent.Free}
}

// transferIntent asks to move points to or from somebody else (「把孙姐的
// 分转给我」「积分能送给老伴吗」): points are one's own.
func transferIntent() intent.Decl {
	return intent.Decl{Name: "points_transfer", Label: "转积分", Shape: intent.Free, Asks: true,
		// 「租客走了 他的积分可不可以过户到我名下」: above the law's reading
		// of 过户.
		Score: intent.ScoreIf(pointsMoved.MatchString, movedScore),
		Cues: []string{`(分|积分)[^ ]{0,4}借(给)?我`, `借(我|给我)[0-9一二两三四五六七八九十百]+(个)?(积分|分)`, `(分|积分).{0,4}(转|送|过户)(给|到)`, `(转|送)(给|到)我.{0,3}(分|积分)`, `(积分|分)(能|可以)(转|送|合并)`, `(积分|分).{0,6}(合|并|转|挪)到(一起|一块|我这|我名下)`, `的积分(让|给)(我|你)(来)?(用|花|换)`, `(分|积分)(都)?(凑|合|并|转|挪)到(我|一起)`, `积分[^ ]{0,4}(拨|转|划|过)给我`, `(她|他|\p{Han}{1,3})的[0-9一二三四五六七八九十百]*(个)?(积分|分)(拿|转|挪|用|给)(过来|给我|到我)`,
			`转[0-9一二三四五六七八九十百]+(个)?分`, `积分.{0,16}(转|划|过户|挪|移)(给|到)`, `(她|他)的积分(都)?给我`, `送(他|她)[0-9一二三四五六七八九十百]+(个)?积分`, `(转|划)(到|给)(我|我的)(账户|账号|号|这)`, `从(我|我的|她|他|\p{Han}{1,3})(这|那|账户|那里|这里)?(扣|划|转)[0-9一二三四五六七八九十百]*(个)?(分)?(给|到)`, `(划|转)[0-9一二三四五六七八九十百]+(个)?分(过去|给|到)`, `转(点|些|一点|几分)(积分|分)?给(我|她|他)`, `转[0-9一二三四五六七八九十百]+(个)?(分|积分)?给`, `匀(给)?(我|她|他)?(一点|点|些|几分)`, `把(他|她)的[0-9一二三四五六七八九十百]*(个)?积分给我`, `积分.{0,4}(能|可以)(直接)?(转|送|给)(给)?(我妈|我爸|妈妈|爸爸|别人|家人|家里人|老伴|孩子|邻居|朋友)`, `(积分|分)(转|送|匀)[0-9一二三四五六七八九十百]+(个)?(积分|分)?(给|到)`, `积分(能不能|能|可以)?(并|合)(成|到|在|一)`, `(他|她)的(积)?分(送|转|给)(我|你)`, `的积分(送|转|给)(我|你)`,
			// 「帮周小雨换个环保袋 取货码发我」: a redemption is one's own
			`(帮|替)\p{Han}{2,4}(兑|兑换|换).{0,8}(取货码|兑换码)`,
			// 「我用对门老葛的积分换两副春联 她同意的」
			`(用|拿)\p{Han}{1,6}的(积分|分)(换|兑|兑换|买)`,
			// 「差20分 从我这划过去吧」「让记我名下 你给挪过来就行」
			`从(我|俺)这(里|儿)?(划|转|扣|拨|匀)(过去|给)?`, `(记|算|挪|转|划|放)(到|在)?(我|俺)(的)?名下`, `的(积)?分(分|匀|转|给|拨)(一半|一点|点|些|几分)(给|到)(我|她|他)`}}
}

// pointsMoved is points moved between members by a word the law also
// reads (过户, 转让).
var pointsMoved = gatedre.MustCompile(`(积分|的分)[^ ]{0,8}(过户|转让|转移|继承)(到|给)?|积分[^?？]{0,16}(转|送|划)[0-9一二两三四五六七八九十百千]+(个)?(分)?(给|到)|(积分|的分)[^?？]{0,16}(合并|并)到|积分(能|可以)?(卖|买|收)|(收|买|卖)[0-9一二两三四五六七八九十百千]+(个)?(积)?分|(收|卖|买)积分|(分|积分)[^?？]{0,16}划(到|给)?(我|我的)(名下|账上|账户|这)|从(她|他)(那|那儿|那里|账上)(划|转|扣)[0-9一二三四五六七八九十百千]+`)

// movedScore is above a legal reading's cue, and beyond a choice
// between the two.
const movedScore = 0.985

// holdIntent asks for a gift to be kept back until the points are there
// (「那先给我留两副 等我分攒够了再换」): gifts go to who redeems first.
func holdIntent() intent.Decl {
	return intent.Decl{Name: "points_hold", Label: "预留礼品", Shape: intent.Free, Asks: true,
		Cues: []string{`(给我|帮我|替我)(先)?(留|预留|留着|留下|存着|扣下)(一|两|几|[0-9]+)(个|副|张|瓶|袋|份|对|卷|包|桶|盒)`, `(能不能|可不可以|可以)(先)?(给我)?(预留|留)(一|两|几|[0-9]+)?(个|副|张|瓶|袋|份|对|卷|包|桶|盒)?`,
			`(分|积分)(攒|凑)够了?(再|就)(换|兑)`, `别让(人|别人)(换|兑)(完|光)`},
		Not: []string{`(留|预留)(个)?(电话|言|号码|位置|座位|位子|名额)`}}
}
