package volunteer

import (
	"context"
	"strings"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
)

// The volunteer intents, in residents' own words (cues over intent.Fold's
// plain form).

// legalShape is a question about rights, liability or compensation (有权,
// 要回, 该谁出, 算谁的, 谁有理, 可以这样安排吗), or a story of a wrong (被骗,
// 冒充, 隐瞒, 砸坏了我, 收了我两千八 根本没这回事):
// it is for the FAQ's legal answers, never a request for a volunteer, even
// when it starts with 求助 ("求助 楼上漏水找谁赔").
var legalShape = gatedre.MustCompile(`抵(修理费|欠款|债|账|工钱|房租)|找\p{Han}{1,4}还是找|(讲|说)(是)?(我|老人|他|她|我们)?自己(不小心|不当心|跌的|摔的|弄的)|谁(来)?(负责|赔|承担|管)|要不要管|管不管|该不该管|找谁赔|找谁$|赔|犯法|违法|合法|侵权|能告|起诉|归谁|能管吗|投诉|继承|遗嘱|遗产|赡养|押金|物业费|离婚|判给|抚养权|家暴|违约|担保|租给|退货|过户|宅基地|承包地|抵押|串通|被骗|骗了|冒充|弄坏了我|砸坏了我|隐瞒|中介费|官司|解除|换货|退换|责任|有权|要回|算谁的|谁出|维修(基金|资金)|请求|撤销|合同|法院|算数|算不算|扣着|扣了|扣货|还给谁|找(他|她|他们|对方)要|(谁|哪个|哪边)(有理|在理|说得对)|(可以|能)(这样|这么)(安排|约定|写)|收了(我|人家)|(根本)?没(有)?这回事|告(他|她)?(的)?(儿女|子女|儿子|女儿|物业|房东|开发商|老板|公司)|找(个)?(老)?伴|再婚|(房子|财产|存款|钱)[^ ]{0,8}(落到|归了?|给了?)(别人|外人)|保健品|抚恤金|没管用|不管用`)

// emergencyScore is a message that tells of a life in danger now: above
// any cue of another intent, so the router neither asks back nor reads
// 「我妈摔倒了起不来怎么办」 as a legal question.
const emergencyScore = 0.99

// emergencyIntent is a life in danger told in a resident's own words
// (「老伴摔倒了起不来」「厨房燃气泄漏了 快来人」), however it is put, even
// in a group that did not address the bot: the reply says to call 120
// first and the coordinators hear at once. A question about who answers
// for a fall (「…超市要赔吗」) is a legal one.
func emergencyIntent() intent.Decl {
	return intent.Decl{
		Name: "emergency", Label: "紧急求助", Shape: intent.Free, Asks: true, Unprompted: true,
		Accept: func(args string) bool { return !legalShape.MatchString(args) },
		Score: func(folded string) float64 {
			if isEmergency(folded) {
				return emergencyScore
			}
			return 0
		},
		Not: []string{legalShape.String()},
	}
}

// requestIntent asks for a volunteer's help.
// escortAskedIntent is somebody asking for company on an errand they
// dare not run alone (「卡的密码记不得了要重新弄 一个人不敢去 怕人家骗我 有没
// 有人能陪我走一趟」): a hand asked for in so many words, whatever the
// errand's own words (卡, 密码, 骗) would rule out.
func escortAskedIntent() intent.Decl {
	return intent.Decl{Name: "escort_asked", Label: "找志愿者帮忙", Shape: intent.Free, Asks: true,
		Score: intent.ScoreIf(escortAsked.MatchString, intent.ByCue),
		// 「上回找人陪我去医院的 有人应了吗」 asks after the request.
		Not: []string{`有人(应|接|管|理)(了)?(吗|没|没有)`}}
}

// escortAsked is company asked for on the way somewhere.
var escortAsked = gatedre.MustCompile(`((有没有|有)人|找个人|找人)(能|可以|有空)?陪(我|俺|她|他|老人|我妈|我爸)(去|走|一起去|一块去|跑)(一趟|一下)?|谁(能|可以|有空)陪(我|俺|她|他|老人|我妈|我爸)(去|走|一起去|一块去|跑)`)

func requestIntent() intent.Decl {
	return intent.Decl{
		Name: "request", Label: "找志愿者帮忙", Shape: intent.Free, Asks: true, Menu: 4,
		Accept: func(args string) bool {
			for _, p := range []string{"的", "人", "热线", "信息", "电话", "了", "过"} {
				if strings.HasPrefix(args, p) {
					return false
				}
			}
			return !looksLikeQuestion(args) && !legalShape.MatchString(args)
		},
		Score: func(folded string) float64 {
			if !readsAsRequest(folded) {
				return 0
			}
			if cat, _ := classify(folded); cat != Other {
				if !asksForHelp(folded) {
					// A need told without asking for a hand (「…刷了六千多
					// 块 能不能退回来 急急急」) is likely a request, not
					// sure: a question another reading places firmly
					// (the law, a sorting question) is that question.
					return intent.ByHint
				}
				return intent.ByCue
			}
			// Polite words but no kind of help: likely, not sure.
			return intent.ByHint
		},
		Not: []string{legalShape.String(), `(监护|抚养|探视|探望|继承)权|积分|分数|(加|补|送|记|充)(上)?[0-9一二三四五六七八九十百千两几]+(个|点)?分|(^|[^保行交存])卡|签到|报个?名|活动([^室中站]|$)|(^|[^倒扔丢拿提个下袋桶包把])垃圾|菜单|帮助|功能|做什么|干什么|我的求助|兑换|^不会(用|弄)$|都(通过|批准|批了)|(通过|批准)(一下)?吧`,
			// Thanks for help had, or asking after a neighbour's: 「谢谢帮我拿垃圾的小陈」「谁去她家了」.
			`^(谢谢|感谢|多谢)|(帮|替)我(谢谢|感谢|谢谢他|谢谢她|谢他|谢她)|[1-5一二三四五](个|颗)星|好评|满分|最高分|(那个|那单)[，, ]*(让|叫|安排)\p{Han}{2,4}(去|来|陪|接)|志愿者.{0,24}(登记|报名)(一下)?(吗|不|么)|(志愿者)?申请(我)?(已经)?(通过|批准)|真人|人工|(帮我|给我)(取消|退|撤)(掉)?( |$)|(^| |我)(能不能|可不可以|能|可以)直接(把锁)?换(了)?锁|(跟|和|给|向)(社区|居委会|物业|书记|主任)(讲讲|说说|讲一下|说一下|反映)|几栋|几号楼|几室|几零几|几单元|哪个单元|门牌号|(那个|那单|这个|的活|的事|的|那件事|请求|单子)[，, ]*([^，,]{0,12}[，, ])?(让|叫|安排)(志愿者)?\p{Han}{2,4}(去|来|陪|接)(她|他|一下|吧)*$|(派给|交给|分给|指派给|安排给)(志愿者)?\p{Han}{2,4}(去|来|吧)*$|谁(去|来)(了)?(她|他|\p{Han}{1,3})家|(最近|还)(有没有)?找(人|你)帮(忙|过忙)`,
			// Becoming a volunteer, asking after a request, taking one
			// or calling one off is not asking for help.
			`(参加|加入)(你们的?|社区的?)?(志愿队|志愿服务队|志愿者队)|报(个)?名(当|做)?志愿者|(当|做|报|登记|报名|申请|加入)(一下)?(个|一个|你们的?|社区的?)?志愿者([^帮来给]|$)|志愿者(咋|怎么|怎样|如何)(登记|报名|加入|申请|当|报)|(标|记|算)(成|为|作)(我)?(做完|完成|办完)|不关(他|她|我|你)(的)?事|(这个|这)(怎么|咋)算( |$)|(怎么|如何)证明|说我(吞|拿|偷|占|骗)|(还)?来得及(不|吗|么)|过(了)?(期限|时效)|标记(为|成)?(完成|做完|办完)|(帮|替|给)(他|她|人家)(把)?[^ ]{0,6}(关|取消|撤|删)(了|掉)|有人(接|帮|来|管|理).{0,8}了(没有|没|吗|么)|(什么时候|啥时候|几点)(来|到|能来)|我(来|去|接)(吧|了)$|(^|[^开好药方])单子|(那个|这个|那单|这单)[^ ]{0,4}(我|俺)(来|去|接|陪|送|帮|修)|讲座|退了|投票|认证码|验证码|密码|口令|管理员|协调员|志愿者的?(微信|电话|手机)|需要帮忙的|义诊|投(一|个|了)?票|自己(把|动手|去)?.{0,10}(锯|砍|剪|拆|挪|扔掉)|(义诊|讲座|活动|包饺子|体检|联欢会)(我|俺)?(也)?(去|报|参加)(一个|个|上)|(给我|帮我)(也)?(记|加|算|补)(上)?(个)?[0-9一二两三四五六七八九十半]|没人(领|接)|(^|[^有])(没人|没有人|也没人|都没人|还没人)(来|管|理|送)|说好.{0,8}(来|的)|靠不靠谱|(怎么|咋)还(不|没)来|(^|我|谁)(接|领)(了|的)(哪|几|什么)|说一声|讲一声|说声谢谢|说句谢谢|道个谢|带(句|个)?话|网格员|住(在)?(哪|哪里|哪儿)|地址发|带个?话|传话|转告|反映|群发|刷积分|刷分|核一下|核对一下|核销|(电话|手机|号码|微信|手机号|电话号码?)(是)?多少|谁接的|接单了(吗|没)|(咋|怎么|如何)登记|志愿者(还)?(收|要)人|名单|花名册|通讯录|(手机号|电话|住址|房号|身份证号?).{0,6}(整理|导出|发我|给我|私发|发送|列)|(发送|提供)(一下)?(姓名|名字)`,
			cancelTold.String(),
			// A ledger or a summary asked for (「…志愿者时长都汇总一下 我要写个总结」).
			`汇总|总结|台账|签(个|一下|哈|下)到|有这回事|是真的吗|真的假的|(几|多少)(个)?分([^钟]|$)|任务完成|(漏|忘|落)(了)?[^ ]{0,8} ?(帮我|给我)?补(上|一下)|有人(接|帮|来|管|理|应)(了)?(没有|没|吗|么|了没)|有没有(得)?人(接|管|理)( |$)|(安排|派)(了)?(人|志愿者)(了)?(没|没有|吗|了没)|(已经|都)[^ ]{0,6}(搬上去|送到|修好|弄好|送上去)|(^| )搞定( |$)|(啥时候|什么时候)来人`,
			// Help had, and thanks for it: 「小陈已经帮我把米扛上楼了 …谢谢」.
			`(已经|来过|换好|修好|送到|送来|扛上|搬上|收到|弄好|装好|通了|学会|陪着|办好|办完)[^?？吗]{0,30}(谢谢|辛苦)`,
			// The leaderboard: 「现在谁排第一啊 我们3栋有没有人进前十」.
			`排名|排第|前十|前三|排行`,
			// A need one may have some day (「以后需要人帮忙买菜的话直接打我电话」).
			`(以后|往后|下次|将来)(要是|如果|万一)?(需要|有事|要)[^ ]{0,16}的话`,
			// A neighbour's contact asked for (「5栋502住的是谁 … 告诉我她
			// 微信也行」) is refused, not posted.
			`(告诉|给|发)(我)?(她|他|人家)的?(微信|电话|手机号?|号码|住址|地址)|住的是谁|(微信|电话|号码)也行`,
			// A coordinator calling for volunteers: 「…帮我招几个志愿者」.
			`(招|招募|召集)(几个|一些|点|一批)?志愿者`,
			// Offering one's own hand: 「力气活可以叫我 这样算志愿者不」.
			`(可以|能|就)叫我|算(是)?志愿者`,
			// A place at an event given back: 「…中国结那个课去不了了」.
			`(课|讲座|义诊|活动|包饺子|体检)[^ ]{0,6}(去不|不去|来不|参加不)`,
			// Words to post to the groups are a notice's, not a plea:
			// 「你帮我把这个链接发到社区所有群」.
			`(发|转发|群发|转)(到|去|在|给)[^ ]{0,8}群|链接|http|www\.`,
			// Taking matters into one's own hands (「能不能直接把他家水闸关了」)
			// and how to sort (「快递箱子上的胶带要不要撕下来」) ask no helper.
			`(把|给)(他|她|他们|人家|对方|邻居|楼上|楼下)(家)?的?.{0,6}(关|拆|锁|剪|砸|停|断|扔|挪)`, `(胶带|标签|瓶盖|塑料膜|包装|盖子|吸管|纸箱)(上的)?.{0,4}(要不要|用不用|需不需要|要|得)(撕|拆|取|分开|拿下|拿出)`},
	}
}

// offersSelf opens a resident's answer to a call for volunteers:
// 「我报名」「算我一个」「报个名」「我我我」, folded.
var offersSelf = gatedre.MustCompile(`^(我|俺)?(也)?(报名|报个名|报一个|算我一个|算上我|加我一个|我来|我也来)( |$)|^我 |^(我|俺)?(也)?(可以|能)(帮忙|接送|开车|做饭|来帮)|(要|需要|缺)(帮手|人手|人帮忙)(吗|不|么)`)

// wantsHands asks whether help is wanted: with what one can do, an offer.
var wantsHands = gatedre.MustCompile(`(要|需要|缺)(帮手|人手|人帮忙)(吗|不|么)`)

// What a volunteer tells of themselves in such an answer: where they
// live, when they are free, what they can do. Two of the three make an
// offer of oneself (「5栋的 退休了白天都有空 陪老人聊天 买菜」), never a
// sign-up for an event.
var (
	selfLivesAt = gatedre.MustCompile(`[0-9一二三四五六七八九十]+(栋|号楼|幢|单元)`)
	selfFreeAt  = gatedre.MustCompile(`有空|有时间|没事|在家|退休|放假|寒假|暑假|下班|(其他|别的|平时)时间(都)?(可以|行)`)
	selfCanDo   = gatedre.MustCompile(`会(修|弄|做|开|用|点)|能干|都行|都中|都可以|都会|力气|跑腿|买菜|搬|电工|水电|陪(老人|聊天|看病|护)|开车|有车|做饭`)
)

// offerScore is above an event sign-up's cue: 「我报名 5栋的 退休了…」 is
// no event's.
const offerScore = 0.95

// offersSelfAsVolunteer reports whether folded is a resident putting
// themselves forward as a volunteer in their own words.
func offersSelfAsVolunteer(folded string) bool {
	if !offersSelf.MatchString(folded) {
		return false
	}
	if wantsHands.MatchString(folded) && selfCanDo.MatchString(folded) {
		// 「包饺子要帮手吗 我在饭店干过 和面擀皮都行」
		return true
	}
	return selfTold(folded) >= 2
}

// selfTold counts what folded tells of its writer as a volunteer: where
// they live, when they are free, what they can do.
func selfTold(folded string) int {
	told := 0
	for _, re := range []*gatedre.Regexp{selfLivesAt, selfFreeAt, selfCanDo} {
		if re.MatchString(folded) {
			told++
		}
	}
	return told
}

// registerIntent is becoming a volunteer, told to the bot or, in so many
// words, to the group (「我想报名当志愿者 周末有空 会修点水电」): the
// applicant's details go privately, and the group hears one line.
func registerIntent() intent.Decl {
	return intent.Decl{Name: "volunteer_register", Label: "当志愿者", Shape: intent.Free, Asks: true, Unprompted: true,
		// 「志愿者报名表在居委会门口贴着」: the form, not the act.
		Accept: func(args string) bool { return !strings.HasPrefix(args, "表") },
		Score:  intent.ScoreIf(offersSelfAsVolunteer, offerScore),
		Cues: []string{`(想|要|报名|申请)(当|做|成为)志愿者`, `(想|要)(给|为|在)(社区|咱们|我们|小区)(里)?(当|做)志愿者`, `(这样|这)?算(是)?志愿者(不|吗|么)`, `(可以|能)(做|当)志愿者(吗|不|么)`, `报(个)?名(当|做)?志愿者`, `(可以|能|想)(做|参加)志愿服务`, `^(当|做)(个)?志愿者`, `(想|要|能|可以)?(登记|报|报名|申请|加入)(一下)?(个|一个|当|做)?(个)?志愿者`,
			`(加入|参加)(你们的?|社区的?)?(志愿者|志愿队|志愿服务队|志愿者队伍)`, `(当|做)(个|一个)志愿者`, `志愿者(咋|怎么|怎样|如何)(登记|报名|加入|申请|当|报)`, `(帮帮忙|帮忙|做好事|出份力).{0,6}(咋|怎么|如何)(登记|报名|加入)`, `志愿者(还)?(收|要)人(不|吗|么)`, `志愿者.{0,8}(我|俺)?(也)?(想|要)(报名|报一个|参加)`, `志愿者 (我|俺)?(也)?(想|要)?(报名|报一个|参加)( |$)`,
			// 「当志愿者咋报名」「…做过志愿者 能在这边也登记一下吗」「那我报 跑腿买菜搬东西都行」
			`(当|做)志愿者(咋|怎么|怎样|如何)(报名|登记|加入|申请|报)`, `志愿者.{0,24}(登记|报名)(一下)?(吗|不|么|行吗|可以吗)`, `^(那)?(我|俺)(也)?报(名|一个|个)? .{2,24}(都行|都可以|都会|都能|能干|能做)`,
			// 「王书记说社区缺法律志愿者 我想报个名」
			`志愿者 ?(我|俺)?(也)?(想|要)?(报个名|报名|报一个)`},
		// 「这两天有几个人报名当志愿者了」「今天都谁报名志愿者了」 ask about
		// others; 「老吴是不是申请志愿者了 … 给他通过」 approves another.
		// 「我做志愿者扶老大爷 两个人一起摔了 家属要我赔」 asks who pays.
		// 「志愿者报名表在居委会门口贴着 有空去瞅瞅」 tells the neighbours.
		Not: []string{`报名表|贴着|赔|责任|告我|起诉|在哪|哪里|(几个|多少|哪些|谁)(个)?人|谁(报名|登记|申请|报了)|(几个|多少)(个)?(人)?报名|(时长|积分|小时|钟头)(有|是)?(多少|几|好多)|(几个|多少|好多)(个)?(钟头|小时|时长)|是不是(报名|申请|登记)|给(他|她)(审核)?(通过|批|过)|(给我|把我)(的申请)?(直接)?(批|通过|批准)|(帮我|给我)(直接)?(通过|批)|^[^\P{Han}我俺本也想要都还再就]\p{Han}{1,3}(要|想)(当|做)志愿者|^[^\P{Han}我俺也想要都还再就能可]\p{Han}{0,2}(报|报名|申请|登记)(了)?(个)?志愿者(了)?|(^|[^能以])(报|报名|申请)(了)?志愿者(了)?(吧|吗|没)|志愿者(来)?帮我|(申请|找|要)(个|一个)志愿者(来)?(帮|给)`,
			// Said in a group to the neighbours: another's wish, or none.
			`(女儿|儿子|孩子|老伴|我妈|我爸|闺女|孙子|孙女|老公|老婆|媳妇)(也)?(想|要|报)|不想|没时间|没空|算了|当过.{0,10}(累|烦|不想|不干|没意思)`,
			// A call to others: 「各位邻居…想当志愿者的也可以报名」.
			`各位|邻居们|大家好|(想|要)(当|做)志愿者的|(想|要|愿意)(参加|报名|来)的|欢迎.{0,8}(报名|加入)`}}
}

func myProfileIntent() intent.Decl {
	return intent.Decl{Name: "my_volunteer", Label: "我的志愿", Shape: intent.NoArgs, Asks: true,
		Cues: []string{`(啥时候|什么时候|多久|几时)(才)?(能|可以)(接|接单|接活|派单|开始)`, `(审核|批准|审批|批)(了|下来)?(没|吗|没有|了没)`, `(志愿者)?(通过|批准)了(没|吗|没有)`, `我的志愿(时长|积分|者资料|服务)`, `志愿(时长|时间)(有)?多少`,
			`(这周|本周|这个月|本月|一共|总共|累计)?的?(时长|志愿时间|服务时间)(有|是|一共|攒了|累计)?(多少|几)`, `(攒|积|干|服务|做)了?(多少|几)(个)?小时`, `(攒|积|有|记)了?(多少|几)(个)?(志愿)?(时长|钟头)`,
			`(总共|一共|累计|现在)(有)?(多少|几)(个)?小时`, `^(这个月|本月|这周|本周|上个月)(有)?(几个|多少)(个)?(小时|钟头)$`, `(啥时候|什么时候|多久)(能|才能)?(批|审|通过)(下来)?`, `志愿(者)?积分`, `(算|是)(正式)?志愿者了(没|吗)`, `(服务|干|做|记)了(多少|几)(个)?(小时|钟头)`, `志愿者的?时长`, `(时长|志愿时长|服务时长)(和|跟)?(积分)?.{0,6}(看|查)`,
			// 「…那个是接了单的 时长有没有记上」
			`(时长|小时|钟头)(有没有|都|也)?(记上|记了|算上|算进去|记进去)(了)?(没|吗|没有)?`,
			// 「我做志愿者一共几个钟头了」
			`(做|干|当)(了)?志愿者[^ ]{0,6}(几个|多少|好多)(个)?(钟头|小时)`, `志愿(时长|时间)(有)?好多`},
		// 「老王 老李 小周这个月各干了多少小时」「志愿者们上个月干了多少小时」
		// ask about others: a coordinator's 志愿时长.
		Not: []string{`各(自)?(都)?(干|做|服务|志愿|跑)?了?(多少|几)`, `谁(都)?(干|做|服务|跑|攒|记)`, `汇总|总结|台账`, `(大家|每个人|每人|每个志愿者|各个志愿者|他们|她们|队员|志愿者们)`, `(^|[^做当干])志愿者(们)?(一共|总共|都|加起来|总的)`, `^(老|小)\p{Han}(记|干|做|服务|跑)了`, `(这个月|本月|上个月|这周|上周)(老|小)\p{Han}`, `^[^\P{Han}这本上今我每现目到一总累已都还]\p{Han}{0,2}(这个月|本月|上个月|这周|上周|一共|总共|累计)`}}
}

// claimedDone is a task told done or asked confirmed after the word that
// takes one.
var claimedDone = gatedre.MustCompile(`(干|做|弄|搞|办)完了|修好了|确认|好评|五星|打分|改派|转派|派给`)

func claimIntent() intent.Decl {
	// 「接单15那个我已经干完了 你直接帮我确认」 names the task it took,
	// and takes nothing.
	return intent.Decl{Name: "claim", Label: "接单", Shape: intent.Ref, Unprompted: true,
		Accept: func(args string) bool { return !claimedDone.MatchString(args) },
		Cues: []string{`^接 ?#?\d+号?(单|任务)?( |$)`, `^\d+号?(单|任务)我接`, `^接\d+号?(单|任务)`,
			// 「3号任务我来 下午就去」
			`^#?\d+号?(单|任务|单子)(我|俺)(来|去|接|领)(了|吧)?( |$)`,
			// 「修阀门那个我会整 我去吧 #7」
			`(^| )(我|俺)?(来|去|接|领)(吧|了)? ?#\d+号?$`, `(我|俺)(来|去|接|领)(吧|了)? ?#\d+号?$`}}
}

func handBackIntent() intent.Decl {
	// 「8号那个单我搞不了了 家里有事 退回去吧」「12号单我临时有事 退回去给别
	// 人接」: the task given back in words, by its number.
	return intent.Decl{Name: "handback", Label: "退单", Shape: intent.Ref,
		Cues: []string{`^#?\d+号?(那个)?(单|任务|单子)[^0-9?？吗]{0,20}(退回|退掉|退了|还回)(去|来|给你|吧)?`}}
}

func completeIntent() intent.Decl {
	return intent.Decl{Name: "complete", Label: "完成任务", Shape: intent.Ref, Unprompted: true,
		Cues: []string{taskDoneByNumber}}
}

// taskDoneByNumber is a task told done by its number (「#12搞完了」): the
// volunteer's completion, never a question about one's own request.
const taskDoneByNumber = `^(任务)? ?#?\d+号?(单|任务)? ?(已)?(完成|做完|办完|搞定|弄完|干完|搞完|弄好|修好|送到|办好)`

func confirmIntent() intent.Decl {
	return intent.Decl{Name: "confirm", Label: "确认完成", Shape: intent.Ref}
}

// familyHelloIntent is a relative far away saying who they are before
// saying what is needed: 「你好 是社区小助手吗 我是7栋2单元301钱桂英的女儿
// 我在深圳上班回不去」. What is asked comes next; a need said already is
// a request (Not).
func familyHelloIntent() intent.Decl {
	return intent.Decl{Name: "family_hello", Label: "家属来问", Shape: intent.Free, Asks: true,
		Cues: []string{`我是\p{Han}{0,4}[0-9栋单元号楼室\p{Han}]{0,16}的(女儿|儿子|闺女|家属|孙女|孙子|外孙|外孙女|侄子|侄女|儿媳|女婿|亲戚|家里人)`},
		Not:  []string{`想|要|帮|请|麻烦|需要|能不能|可不可以|找人|陪|送|修|搬|怎么|咋|吗$|电话|住址|积分|打卡`}}
}

// familyHello answers a relative's greeting with what they can ask for.
var familyHello = bot.Answer("您好，我是社区小助手。家里老人需要帮什么忙，直接告诉我就行（比如送水送菜、陪着看病、上门看看），我会找志愿者，也会告诉社区工作人员。")

// confirmHowIntent asks how to confirm help had: 「水到了 屋里也凉快了 谢谢
// 小吴 这个我要怎么确认」.
func confirmHowIntent() intent.Decl {
	return intent.Decl{Name: "confirm_how", Label: "怎么确认完成", Shape: intent.Free, Asks: true,
		Cues: []string{`(怎么|咋|如何|在哪|哪里)(样)?(才能|能|去|来)?(确认|点确认|给(他|她)确认|打分|评分|评价)`}}
}

// confirmHow tells the one helped how a task is confirmed.
var confirmHow = bot.Answer("志愿者说做完以后，我会私信您「确认 #任务号 5」这样的话：照着发就行，后面的数字是1到5分的打分。没收到的话，发「我的任务」看任务号。48小时不回复也会自动确认。")

func cancelIntent() intent.Decl {
	// A bare 「取消」 is too common a word to answer with a usage line.
	return intent.Decl{Name: "cancel_task", Label: "取消求助", Shape: intent.Ref, Accept: func(args string) bool { return args != "" }}
}

func myTasksIntent() intent.Decl {
	return intent.Decl{Name: "my_tasks", Label: "我的任务", Shape: intent.NoArgs, Asks: true,
		Cues: []string{`^我的(求助|任务|单)$`, `^(我)?接的(单|任务)`, `有人(接|帮|来|管|理|答应).{0,8}了(没有|没|吗|么)`,
			`(志愿者|人)(什么时候|啥时候|几点|怎么还没)(来|到|能来)`, `(^|[^有])(没人|没有人|也没人|都没人|还没人)(来|送)`, `(^|我)(领|接)的(那|这)(几)?(个)?(任务|单|活)`, `(发|叫|提|求)的[^ ]{0,12}(那个)?(单子|求助)(怎么样|咋样|有人接)`, `(今天|明天)?谁(来)?陪我去`, `(几点|什么时候|啥时候)(来|到)(啊|呀)?( |$)`, `(发|提|报|求)的[^ ]{1,10}(那个|那单)? ?(啥时候|什么时候|几点)(有人)?(来|到)`, `(安排|派)(了)?(人|志愿者)(了)?(没|没有|吗|了没)`, `(那个|的)[^ ]{0,4} ?(到底)?(啥时候|什么时候)(来人|有人来)`, `(我|我的|我那个|那个)[^ ]{0,8}(单子|求助|任务)[^ ]{0,4}(咋|怎么)?还?没人(理|接|管|来)`, `(我的|我那个|那个)?(求助|单子|任务)(怎么样|咋样|有人接|有没有人接|进展|到哪|办完|做完|弄完)`, `(谁|有人|有没有人)接(了)?我的(单|求助|任务)`, `有没有(得)?人(接|管|理)( |$)`, `(还)?(没有人|没人)(联系|找|打电话给)我`, `有人(接|管|理|来|应)(了)?(没|没有|了没|吗)( |$)`, `(^| )(我)?(那个|我的|发的|要的|求的)[^ ]{0,10} ?(有人|有没有人)(来|接|管|理)(不|吗|没|没有)?`, `(求帮忙|求助|找人|发|提|报|求)(的)?[^ ]{1,10}(那个|那单) ?(咋|怎么)?(还)?(没人|没有人)(理|接|管|来|回)`, `(求助|单子|任务).{0,4}谁接的`, `接单了(吗|没)`, `(单子|任务|求助)(怎么|咋)(没|不见|取消)`, `(^|我)(接|领)(了|的)(哪|几|什么)`, `我(领|接)的(任务|单|活)`, `有人(管|接|理)(没有|没|吗)`},
		// A neighbour's doing asked about (「这是群租吧 有人管没」) is no task
		// of one's own; 「7号任务弄完了」 tells it done.
		Not: []string{`群租|违建|隔壁|对门|楼上|楼下|邻居|义诊|讲座|活动|体检|包饺子|联欢|` + taskDoneByNumber + `(了)?( |$)`}}
}

// volunteerListIntent is the coordinator's list of volunteers asked for
// in other words (「把志愿者名单发我」「志愿者都有谁」); a resident asking
// for it is told it is for coordinators.
func volunteerListIntent() intent.Decl {
	return intent.Decl{Name: "volunteer_list", Label: "志愿者列表", Shape: intent.NoArgs, Asks: true,
		Cues: []string{`(几个|多少|哪些|谁)(个)?人?(报名|登记|申请)(当|做)?(了)?志愿者`, `志愿者(申请|报名)(的)?(有|都有)?(谁|哪些|几个|多少)`, `志愿者(的)?(申请|报名)(我)?(看看|瞧瞧|看一下|给我看)`, `(谁|哪些人|几个人)(还)?(在)?(等|待)(审核|批准)`, `志愿者(的)?(名单|列表|名册|花名册|通讯录)`, `志愿者(都|一共)?(有谁|是谁|有哪些人)`, `(有哪些|有多少)(个)?志愿者`}}
}

// approveSaidIntent is a coordinator approving volunteers in words: 「三个
// 都通过」「吴婷那个也通过吧」「小林和老马的志愿者申请都通过」. Holding back
// (「先别通过」) is not approving.
func approveSaidIntent() intent.Decl {
	// Asks: 「老吴是不是申请志愿者了 … 给他通过」 asks and approves.
	return intent.Decl{Name: "approve_said", Label: "批准志愿者", Shape: intent.Free, Asks: true,
		Cues: []string{`(志愿者|申请|报名).{0,6}(都|全|全部|也)?(通过|批准|同意)(吧|了|一下)?$`,
			// 「刘志刚的志愿者申请我通过了 他之前…」「吴刚我问过了 没问题 通过吧」
			`(志愿者)?申请(我)?(已经)?(通过|批准|批)(了)?( |$)`, `申请(你)?(给|帮)(他|她|我)?(批|通过|批准)(了|一下)?`, `(直接)?(帮|给)(我|他|她)(直接)?(通过|批)(审核|一下)?( |$)`, `(^| )(没问题|可以|靠谱)[ ，,]+(通过|批准|批|过)(吧|了)?$`, `(也|都)(通过|批准|批|过)(吧|了|一下)?( |$)`, `^(都|全部|全)(通过|批准|同意)`, `(都|全|全部)(给|都)?(他们|她们)?(通过|批准|批)(了)?(吧|一下)?$`,
			`(通过|批准)(一下)?(他们|她们|这几个|这些|所有)`, `给(他|她|他们|她们)(也)?(通过|批准|批|过)(吧|了|一下)?( |$)`, `直接(给)?(他|她|他们|她们)?(通过|批准|批了|过了)( |$)`},
		Not: []string{`(别|不|暂|没|不要|不用|不能)(给)?(他|她|他们|她们)?(通过|批准|批|过)|待定|等等|[?？吗么]$|(通过|批|过)(了)?(吗|么|没)|没(通过|批)`}}
}

// approveClause and holdClause are a clause that approves and one that
// holds back: 「小林 志愿者给他过 那个叫社区李主任的别给过」 has both.
var (
	approveClause = gatedre.MustCompile(`(通过|批准|批|过)(吧|了|一下)?$|给(他|她)(也)?(通过|批准|批|过)`)
	holdClause    = gatedre.MustCompile(`(别|不要|不用|不能|暂时?不|先不)(给)?(他|她)?(通过|批准|批|过)`)
)

// approvesAndHolds reports whether a folded message approves one and
// holds another back in separate clauses.
func approvesAndHolds(folded string) bool {
	var approves, holds bool
	for _, c := range strings.Fields(folded) {
		switch {
		case holdClause.MatchString(c):
			holds = true
		case approveClause.MatchString(c):
			approves = true
		}
	}
	return approves && holds
}

// approveHoldSaidIntent approves one and holds another back in one
// message: 「陈晓燕通过 孙浩先放着 我再了解下」.
func approveHoldSaidIntent() intent.Decl {
	return intent.Decl{Name: "approve_hold_said", Label: "批准志愿者", Shape: intent.Free,
		Score: intent.ScoreIf(approvesAndHolds, intent.ByCue),
		Cues:  []string{`^\p{Han}{2,4}(的申请)?(通过|批准)(吧|了)?[ ，,。]+.{0,16}(先放|先别|先不|暂时|等我|再说|再了解|待定)`}}
}

// holdSaidIntent is a coordinator holding an application back in words:
// 「胖虎的志愿者申请先别通过」.
func holdSaidIntent() intent.Decl {
	return intent.Decl{Name: "hold_said", Label: "暂不批准", Shape: intent.Free,
		Cues: []string{`(申请|志愿者).{0,4}(先|暂时?)?(别|不要|不用|不能)(通过|批准)`, `^(先|暂时?)(别|不要|不)(通过|批准)`,
			// 「那个阿强不是咱们小区的就算了」
			`(不是|不在)(咱|我们|本)(们)?(小区|社区)的?.{0,4}(就)?算(了)?( |$)`, `(志愿者|申请)(就)?算(了)?( |$)`, `(别|不要|不用)给(他|她)(通过|批|过)`}}
}

// onTheirBehalfIntent is a volunteer confirming or rating a task in the
// resident's place, or rating themselves (「我替她确认一下 直接记完成吧」
// 「给我这次服务打个五星好评」): only the resident who asked confirms and
// rates.
// forKinRated is a rating or confirmation passed on for a relative or a
// neighbour: 「替我爷爷说一声 医院那个给5星」「帮我妈确认一下 给个好评」.
var forKinRated = gatedre.MustCompile(`我是(他|她)(的)?(儿子|女儿|闺女|孙子|孙女|家属|老伴|家里人)[^。]{0,12}(确认|评|打分|好评)|(替|代)(她|他)给(那个|这个)?志愿者(打|评)|(替|代)(她|他)(评|打分|打个分)( |$)|(替|代|帮)(我)?(家)?(爷爷|奶奶|姥姥|姥爷|外婆|外公|妈|爸|老妈|老爸|母亲|父亲|老伴|老人|家里老人|婆婆|公公|\p{Han}{1,3}(奶奶|爷爷|大爷|阿姨|大妈|叔|婶)).{0,4}(说一声|说一下|说|确认|点确认|打分|评|给).{0,12}([0-9一二三四五]颗?星|[0-9一二三四五]分|五星|好评|满分|确认|完成)`)

// cancelledForThem is somebody else's request cancelled in their place:
// 「我老汉儿那个修水管的求助单 帮他取消了 他不晓得」.
var cancelledForThem = gatedre.MustCompile(`(帮|替|代)(他|她|人家|老人|我爸|我妈|\p{Han}{0,2}(奶奶|爷爷|大爷|阿姨|婆婆|阿婆))(把)?(的)?(那个)?(求助|单子|单|任务)?(给)?(取消|撤)`)

// confirmedForThem is a volunteer confirming the task in the resident's
// place: 「…她不会操作 我帮她点个完成 顺便给个好评」「他说让我自己在这确认
// 一下」. A volunteer's own completion done by another is not it.
var confirmedForThem = gatedre.MustCompile(`(帮我|你)(直接)?(把)?(单子|任务|求助)(给)?确认|(你)?(直接)?(帮我|替我|给我)确认(结束|完成|一下)|好评(也)?(帮我|给我)(打|点|评)|好评(我)?(帮|替)(他|她)(打|点|评)|(我)?自己(先)?结(掉|了|单)|(帮|替|代)(他|她|我爸|我妈|老人)[^ ]{0,6}确认|(帮|替|代)(她|他|人家|老人)(点|按)?(个|一下)?确认|(帮|替|代)(她|他|人家|老人)(点|按)?(个|一下)?完成.{0,8}(好评|五星|5星|满分|打分|评)|(帮|替|代)(她|他|人家|老人|老太太?|老爷子|老头|\p{Han}{0,2}(奶奶|爷爷|大爷|阿姨|婆婆|阿婆))(点|按)(个|一下)?(确认|验收)|(直接)?(帮|替|代)\p{Han}{1,3}(大娘|奶奶|大爷|阿姨|婆婆|阿婆|婶|姨)(把[^ ]{0,8})?确认|(帮我|你)(直接)?把(那个|这个)?(单子|任务|求助)(给)?确认|(帮我|你)(直接)?把[^ ]{0,8}确认(点|按)(了)?|(就|直接)?(当|算)(她|他|人家|\p{Han}{1,3}(婶|姨|奶奶|大爷|阿姨|婆婆|叔|伯))(已经)?(确认|点|验收)(了)?|(给|帮)(他|她)(评|打)(个)?(优秀|先进|标兵|之星)|让我(自己)?(在这|来)?(帮(她|他)?)?(点)?(确认|完成)(一下)?|(都)?(帮|给)我(打|评)(个)?(满分|五星|5星|好评)|(让|叫)我(替|帮)(他|她)(评价|评分|打分|确认)|(我)?自己(来)?(点)?确认(完成)?(一下)?|我是[^ ]{0,12}志愿者.{0,40}(评分|打分|满分|好评|五星|5星)` +
	// 「15号单我做完了 你直接帮我确认 阿嬷不会用手机」「…你就算她确认了」
	// 「修水龙头那个单我来确认」「给我自己打个五星好评」「帮我把志愿者评价
	// 改成非常满意」「帮王阿姨评价一下我那单」.
	`|(你)?(直接)?(帮我|替我|给我)(点|按)?(个|一下)?确认(掉|了|下|吧)?( |$)|(标成|改成|设成|弄成|记成)(他|她)?(已)?(确认|完成)|(就)?算(她|他|老人|人家|\p{Han}{0,2}(婆|嬷|伯|公|奶奶|爷爷|阿姨|大爷))确认(了|过)?|单(子)?(我|俺)(来|自己)(点)?确认|(给|帮)(我)?自己(这次|这单)?(的)?(服务)?(打|评|点)(个)?(满分|五星|5星|好评|[0-9一二三四五]颗?星)|评价(改成|改为|打成|弄成|给成)|(帮|替)\p{Han}{1,4}评价(一下)?(我|俺)(的|那|这)`)

// behalfScore is well above thanksScore, so the two are no choice to ask
// about.
const behalfScore = 0.985

func onTheirBehalfIntent() intent.Decl {
	return intent.Decl{Name: "on_their_behalf", Label: "替人确认", Shape: intent.Free, Asks: true,
		// Above thanks (「替我爷爷说一声 医院那个给5星」 thanks for him).
		Score: intent.ScoreIf(func(s string) bool {
			return forKinRated.MatchString(s) || confirmedForThem.MatchString(s) || ratedForThem.MatchString(s) || cancelledForThem.MatchString(s)
		}, behalfScore),
		Cues: []string{`替(她|他|人家|\p{Han}{1,3}(奶奶|爷爷|大爷|阿姨|大妈|叔|婶))(确认|评分|打分|评价|点确认)`, `(代|帮)(她|他)(点)?(个|一下)?确认`, `(帮|替)(她|他)(给)?(这次)?(的)?(服务)?(打|评)(个)?(五星|5星|好评|满分|[0-9一二三四五]分)`, `(给|帮)(我)?自己(这次)?(的)?(服务)?(打|评)(个)?([0-9一二三四五]分|五星|5星|好评|满分)`,
			`^(顺便)?(给|帮)(我|自己)?(这次|这单|这回)?(的)?(服务)?(打|评|给)(个)?(五星|5星|好评|满分|高分)`, `(给|帮)自己(打|评)(个)?(分|五星|5星|好评|满分)`}}
}

// notOnTheirBehalf answers a confirmation or rating not the volunteer's to
// give.
func notOnTheirBehalf(ctx context.Context, t *bot.Turn) error {
	if cancelledForThem.MatchString(intent.Fold(t.Msg.Text)) {
		t.Reply("别人的求助我不能替他取消，要由发求助的本人来说。请他自己跟我说一句「不用了」；不方便的话，社区工作人员会打电话跟他本人确认。")
		return nil
	}
	if forKinRated.MatchString(intent.Fold(t.Msg.Text)) {
		t.Reply("确认和评分要由求助的居民本人来做，家里人也替不了。请老人自己跟我说一句，比如「满意 5分」；不方便的话，社区工作人员会联系老人本人。")
		return nil
	}
	t.Reply("确认和评分要由求助的居民本人来做，别人替不了，志愿者也不能给自己评。做完了请发「完成 #任务号 用时1.5小时」，我会请居民本人确认。")
	return nil
}
