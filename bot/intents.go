package bot

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"linli/bot/intent"
	"linli/internal/gatedre"
	"linli/internal/personal"
)

// ThanksReply is the answer to thanks said to the bot; workflows that read
// thanks for something of theirs give it when it is not.
const ThanksReply = "不客气😊 有事随时找我。"

// festiveWords are the greetings of the festivals.
const festiveWords = `过年好|新年好|新年快乐|春节快乐|节日快乐|中秋快乐|元旦快乐|端午安康|国庆快乐|元宵快乐|小年快乐`

// festive finds a festival's greeting, answered in kind.
var festive = gatedre.MustCompile(festiveWords)

// Replies of the intent layer.
const (
	replyThanks = ThanksReply
	// replyPrivate answers a request for somebody else's phone number,
	// WeChat or address: the bot never passes them on in a chat.
	replyPrivate = "为了保护大家的隐私，我不提供别人的电话、微信和住址。需要联系的话，可以请社区工作人员帮您转达；想找志愿者帮忙，直接告诉我要帮什么就行。"
	// replyPrivateCoord is the same answer to a coordinator: a task's
	// phone and address go to the volunteer it is dispatched to, no
	// further.
	replyPrivateCoord = "为保护隐私，我不在聊天里单独发别人的电话和住址。派单后，接单的志愿者会收到求助人的电话和地址。"
	// replyWeather and replyMoney answer what linli cannot know, in a
	// sentence, rather than with a menu that does not mention it.
	replyWeather = "天气我查不了，请看手机上的天气预报。"
	replyMoney   = "股票、基金和彩票的事我不懂，不敢乱说，请找正规机构咨询。"
	replyPastime = "这个我不会😊 我能帮您打卡、查积分、找志愿者，答垃圾分类和邻里法律问题。"
	replyKick    = "我没法把人移出群或禁言，这要群主来办。可以发「转告社区 要说的事」，我转给社区工作人员处理。"
	// replyOwnNumberGroup and replyOwnNumber answer a resident who gives
	// their own phone number: in a group everyone sees it.
	replyOwnNumberGroup = "手机号最好不要发在群里，群里的人都能看到。活动、求助的消息我会私信告诉您，不用留电话。"
	replyOwnNumber      = "您的手机号我不用记，也不会给别人。活动、求助的消息我会在这里私信告诉您。"
	// replyOthers answers a question about another resident's requests,
	// health or household: nobody's business is told to a neighbour.
	replyOthers = "别人的事（求助、积分、兑换码、身体和家里的情况），我不能告诉其他人。关心邻居的话，可以直接问问本人，或请社区工作人员转达。"
	// replyOthersCoord points a coordinator to where tasks are followed.
	replyOthersCoord = "任务的进展请发「任务列表」看，积分和兑换请发「导出」；求助人的电话和地址只给接单的志愿者。"
	// replyScam answers a resident asking whether a notice that wants
	// money, an ID number or a download is real.
	// replyDraftPrivately tells a coordinator in a group where the draft
	// they asked for went.
	replyDraftPrivately = "要发的内容我私信给您了，请在私聊里确认。"
	replyScam           = "社区和小助手不会在群里让大家转账、交费，也不会要身份证号、银行卡号或让您点链接下载软件。这类消息先别照做，打居委会电话问清楚；遇到诈骗可拨打96110。"
	// replyKinScam answers a relative's "new number" or sudden trouble
	// asking for money.
	replyKinScam = "说是家里人换了新号或出了事、要您马上转钱，多半是骗子冒充的。先打家人原来的号码，或问问其他家人，核实之前一分钱也别转；遇到诈骗可拨打96110。"
	// replySpeakFor answers a request to message somebody in the bot's
	// name or to call somebody out in a group.
	replySpeakFor = "我不替人私信别人，也不用社区的名义说话，更不会在群里点名说谁。有事要转告社区，请发「转告社区 …」；邻里之间有纠纷，可以请社区调解。"
	// replyBroadcast answers a resident who asks for their own words to
	// go to the groups (a lost cat, a found key).
	replyBroadcast = "往各个群发消息要社区工作人员来发，我不替居民群发。您在自己的群里直接说就行；没进的群，可以发「转告社区 要说的事」，请社区工作人员帮您转。"
	// replyLeaked answers one who posted their own number and cannot
	// take it back.
	replyLeaked = "超过2分钟撤不回的，请群主帮忙删掉那条消息。我不会复述、保存或转发您的号码。之后留意陌生来电和短信，验证码不要告诉任何人。"
	// replyIDNumber answers a message that gives somebody's ID number.
	replyIDNumber = "身份证号不要发在群里或聊天里，请尽快撤回。我也不能查别人住在哪里、是不是本社区的。"
	// replyIDNumberAside follows what was done for a message that also
	// carried an ID number.
	replyIDNumberAside = "提醒一下：身份证号别发在聊天里，别人看到了容易被冒用；发在群里的，请尽快长按撤回。"
	// replyNotice answers whether a cut of water or power is real: the
	// bot has no such notices.
	replyNotice     = "停水停电这类通知，以物业和社区的正式公告为准，我这里查不到。拿不准的，请打物业电话问一下，没核实的消息先别转发。"
	replyAskBack    = "您是想：%s？回复数字就行"
	replyAskOne     = "您是说「%s」吗？是的话回复1或「是」"
	replyDeclined   = "好的，不办了。有需要再找我。"
	replyMenuHead   = "您好！我能帮您："
	replyBotHead    = "我是社区的自动小助手，不是真人；要找人，可以联系社区工作人员。我能帮您："
	replyUnsureHead = "我没太明白您的意思。我能帮您："
	replyMenuTail   = "回复数字就行；发「全部命令」看全部。"
)

// choiceTTL is how long a numbered menu or ask-back waits for its digit.
const choiceTTL = 5 * time.Minute

// menuSize is the most items a numbered menu shows: more is too much for
// an elderly resident on a phone screen.
const menuSize = 6

// Action is what the router does with a message.
type Action int

const (
	// Pass: no intent; listeners may take it, else the place's default.
	Pass Action = iota
	// Act runs the matched intent.
	Act
	// Ask asks back with numbered options when two intents are close.
	Ask
	// Menu answers with the numbered menu.
	Menu
	// Refuse answers with a short refusal (a coordinator command, a
	// command for another place).
	Refuse
	// Audit records a resident's coordinator command in a group and
	// stays silent.
	Audit
)

// Decision is what a message means where it was said and to whom.
type Decision struct {
	Action  Action
	Match   intent.Match
	Options []intent.Match
	Reply   string
}

// rulesAsk asks for the bot's own rules or prompt: the menu says what it
// is and what it can do.
var rulesAsk = gatedre.MustCompile(`(系统)?提示词|你的(规则|设定)(是|到底)`)

// whoAmI asks whether the bot is a person: the menu says it is not.
var whoAmI = gatedre.MustCompile(`^(你|您)(到底)?是(不是)?(机器人|真人|人工|真的人|人|ai|智能客服|自动回复|程序)(吗|吧|呀|啊|还是.{1,6})?$`)

// builtin intents are the router's own: the menu, the full list, thanks,
// and the no to a request for somebody else's contact.
const (
	builtinHelp = iota
	builtinAll
	builtinThanks
	builtinContact
	builtinOutside
	builtinOwnNumber
	builtinOthers
	builtinScam
	builtinSpeakFor
	builtinIDNumber
	builtinNotice
	builtinLeaked
)

// trustScore is above a request's cue: 「帮我私信一下3栋赵大姐 用你的名义
// 说…」 asks for no volunteer.
const trustScore = 0.985

// Other people's business, scams, speaking for somebody, and ID numbers,
// over folded text.
var (
	// othersAsk asks after a neighbour's requests, health or task:
	// 「601老太太是不是病得厉害 她还找你求啥了」「孙奶奶那药拿回来没 谁去拿的」.
	othersAsk = gatedre.MustCompile(
		// 「我老公报名了吗 你帮我查查看」「王师傅这个月接了几单 都帮哪几家弄
		// 的」「昨天那个来问离婚的是谁 他问什么」「他问你遗产的事你怎么回的」.
		`(老公|老婆|老伴|爱人|妈|爸|儿子|女儿|邻居|婆婆|公公)(有没有|是不是)?报(了)?名(了)?(吗|没有|没)|(老公|老婆|老伴|爱人)(有没有|是不是)报名|(\p{Han}{1,3}(师傅|阿姨|大爷|姐|哥)|小\p{Han}|老\p{Han})[^ ]{0,6}接了(几|多少)(个)?(单|回|次)|(帮|给)(了)?哪(几|些)?家|\p{Han}{1,3}(是不是|有没有)报(了)?名|来问[^ ]{0,8}的(人)?(是谁|是哪个|是哪位)|问你的?(那个)?(法律)?问题是(什么|啥)|(他|她)(是不是)?问过你|(他|她|人家|那家)(家)?(最近)?(有没有)?找(过)?志愿者|(他|她|人家)问(你)?(了)?(什么|啥)( |$)|(他|她|人家)问你[^ ]{0,12}(你)?(怎么|咋)(回|答|说)的|` + `(他|她|人家|那家|\p{Han}(奶奶|爷爷|大爷|阿姨|大妈|老太|老头))(家)?(是不是|是否)(就)?(一个人|一个老头|一个老太太|自己一个人|单独)住|(是不是|是否)(就)?(他|她)(一个人|一个老头|一个老太太|自己一个人|单独)住|一个人住(吗|不|没|啊|么|吧)|(都)?有谁(私下)?(找你|向你)(要人|求助|帮忙)|(求助|要人帮忙|找你帮忙)的?(人)?(名单|都有谁|是谁)|(她|他|人家|老太太|老头|老爷子|\p{Han}(奶奶|爷爷|大爷|阿姨|大妈|婶|老太))(还)?(找你|向你|跟你)(求|要|说|问)(了)?(啥|什么)|(她|他|人家|老太太|\p{Han}(奶奶|爷爷|大爷|阿姨|大妈))(是不是|是否)?(得了?|生了?)(什么|啥|重)病|是不是病(得|了)|(谁|哪些人|哪家|哪户)(都)?(找你|向你)?(求助|求过助|找你帮忙)(了|过)?|(她|他|\p{Han}(奶奶|爷爷|大爷|阿姨|大妈)).{0,8}谁(去|来)?(接|拿|办|帮|买|送|陪)的|(任务|求助|单子)(的)?(详情|记录|信息|情况).{0,4}(发|给|告诉)(我|到)|` +
			// what a neighbour asked the lawyer (「302那个杨慧今天问律师啥了」)
			`(她|他|人家|[^我你\s]\p{Han}?[^想要能该去还再就也我你\s])(今天|昨天|刚才|上次|那天)?(问|找|咨询)(了)?(律师|志愿者|社区|主任|书记|你)(问|说)?(了)?(啥|什么|哪些)(了|呀|啊|呢)?( |$)|` +
			// a neighbour's points and what they took for them
			`(她|他|\p{Han}(奶奶|爷爷|大爷|阿姨|大妈|姐|哥|婶|叔))(现在)?(有)?(多少|几)分|(她|他)(都)?(兑|换)了(些)?(啥|什么)|(她|他|\p{Han}(奶奶|爷爷|大爷|阿姨|大妈|姐|哥|婶|叔))(那个|的)兑换码|(所有|全部|大家|今天)的?兑换码|(她|他|人家|\p{Han}(奶奶|爷爷|大爷|阿姨|大妈|叔|婶))(还)?(找你|向你|跟你)(帮|办)(了)?(啥|什么)|是不是(生)?病( |$)|(\p{Han}(奶奶|爷爷|大爷|阿姨|大妈|姐|哥|婶|叔)|她|他)(的)?(这个月|这周|最近|现在|目前|一共)?(的)?积分(有|还有|剩)?(多少|几)|[^我俺](前几天|前阵子|上次|昨天|今天|刚才|最近)?(是不是|有没有)?(在你这|在你这里|找你|向你)(问|咨询|求助|打听)(了|过)|(把|将)(她|他)[^ ]{0,6}的(积分|签到|打卡)?(明细|记录|积分)(列|发|给)|\p{Han}{1,3}(头|老头|大爷|奶奶|阿姨|叔|婶|姐|哥)(这个月|这周|最近)?(到底)?(签到|打卡)(了)?(几|多少)天|问你的(那个|啥|什么)|(你)?(咋|怎么)跟(她|他)说的|(都)?是谁找(他|她)(帮忙)?|(她|他)(最近)?接了(几|多少)(个)?单|(看|查|知道|看得到|能看到)(到)?(她|他)(最近)?的(求助|积分|记录|签到)|是谁(啊|呀)?.{0,10}(积分|分)(怎么|咋)来的|(她|他|妈|爸|阿伯|阿婆|阿姆|阿公|奶奶|爷爷|大爷|阿姨|大妈|叔|婶)(这礼拜|这周|最近|今天)?(每天)?(有没有|有没)(去)?(签到|打卡)|(他|她|\p{Han}{1,3}(老师|阿姨|奶奶|爷爷|大爷|大妈|叔|婶|姐|哥|伯|姆|夫))(是不是|有没有)(也|又)?报|(那个|姓)\p{Han}{1,3}的?报了(几个|多少|哪些|什么)|(申请|求助)[^ ]{0,10}的(那几户|那些人|那几个人|人)是谁|(问|找|咨询)(了)?(律师|志愿者|社区|主任|书记|你)(问|说)?(了)?(啥|什么|哪些)(法律)?(问题|事)|(有没有|查|看)(一下)?(她|他)(的)?(求助|打卡|签到|报名|积分)(的)?记录|(她|他|那个\p{Han}{1,3})[^ ]{0,6}(是不是|有没有)(来)?(问|找|咨询)(过)?你|(那个|这个)\p{Han}{2,3}(到底)?(攒|有)了?(多少|几)(个)?积分|[^我俺](有没有|是不是)(在你们?这(里|儿|边)?|找过?你们?|向你们?)(登记|求助|报|问|咨询|打听|申请)(过|了)?|查(一下|下)?[0-9一二三四五六七八九十]+(栋|号楼|单元)[^ ]{0,6}(签到|打卡|积分)|[^我俺]问(你)?的(是)?(啥|什么)|(都)?有谁投(了)?|(分别|都)投(给)?(了)?谁|谁投(了|的)(谁|哪个|几号)|(哪个|谁)(志愿者)?(去|来)?(帮|陪|接)的(他|她)|(\p{Han}(奶奶|爷爷|大爷|阿姨|大妈)|她|他).{0,4}(求助|找你)(是|为了)?.{0,6}(还是|什么|啥)`)
	// othersWhere asks who went to a neighbour's home, for a list that
	// names them, or for the code of what they took: 「谁去给吴大爷修水管
	// 了」「就说哪几户没打卡 门牌号就行」「把名单和楼号发出来」「王五刚换了
	// 环保袋 取货码发下」.
	othersWhere = gatedre.MustCompile(`(他|她|爸|妈|老人|老伴)(这几个月|这几天|最近|前几天)?(在你们这里|在这里|在这|找你)?问(了|过)(些|哪些)?(什么|啥)|(是不是|有没有)(来|找你)?(问|咨询)过|(她|他)(这几天|最近)?接的(单子|任务|单)[^ ]{0,3}(发|给)(我)?|(哪几户|哪些户|哪几家|哪家)(是)?(要|需要)?(帮忙|空房|空着|没(有)?人住)|(瞅瞅|看看|查查|瞧瞧|看一下|查一下|看下|查下)([0-9]+(号楼|栋))?[^ 我俺自]{2,8}(现在|这个月)?(攒了|有)?(多少|几)(个)?(积)?分|(\p{Han}(姐|哥|婶|姨|叔)|奶奶|大爷|大妈|她|他)报(了)?[^ ]{0,14}(没有|了没|没)([?？]| |$)|住院.{0,4}(什么|啥|嘛)病|(老|小)\p{Han}(这个月|最近|现在)?(的)?积分(到底)?(有|还有|剩)?(多少|几)|(老|小)\p{Han}(这个月|最近|现在)?(有)?(多少|几)(个)?积分|(听说|据说)[^。]{0,12}(她|他|\p{Han}(阿姨|奶奶|大爷|姐|哥|叔|婶))[^ ]{0,6}(在|来|找你|跟你)?(问|咨询)|(她|他)家(是不是|是否)出(了)?(什么)?事|(看看|查查|看一下|查一下)(她|他)(今天|这几天)?(签|打)(了)?(卡|到)?(没有|没|吗|了没)|(得|生)(的|了)?(什么|啥)病|(^| )(保证|绝对)?(不会|绝不|绝对不)(说出去|告诉别人|外传|乱说|传出去|出声)|(她|他|\p{Han}{1,3}(婆|姨|奶奶|爷爷|大爷|大妈|叔|婶|伯))[^ ]{0,6}(是不是|是否|有没有)(住|入)(了)?院|(租客|房客|邻居|老婆|老公|老伴|\p{Han}(姐|哥|姨|叔|婶|奶奶|爷爷|大爷|大妈)|小\p{Han}|老\p{Han})(今天|昨天|这几天|这个月|这礼拜|这周|最近)?(签了到|签到了|打卡了|打了卡|有没有签到|有没有打卡|签到|打卡)(了)?(没|未|没有|吗|了吗|了没)|(老婆|老公|老伴|媳妇|爱人|我妈|我爸|婆婆|公公|儿子|女儿)(个|的)积分(现在|还)?(有|剩|还有|还剩)?(多少|几)|(她|他)(的)?(积分|分)(够|够不够)|(她|他)想(拿|用)积分(换|兑)|(帮|替)(她|他|妈|爸|老人)(看看|查查|看一下|查一下)(打卡|积分)|(妈|爸|她|他|老人)(这几天)?(打卡)?打了(几|多少)天|谁(去|来)(了)?[\p{Han}0-9]{1,6}家|(哪个|哪位)志愿者(去|来)(了)?[\p{Han}0-9]{1,6}家|\p{Han}(奶奶|爷爷|大爷|阿姨|大妈|婶|叔|老太)(找|叫)(志愿者|人|你)(是)?(要)?(干什么|做什么|帮什么)|\p{Han}(奶奶|爷爷|大爷|阿姨|大妈|婶|叔|姐|哥)(现在|目前)?(有)?(多少|几)(个)?积分|(她|他|\p{Han}{1,3}(姐|哥|阿姨|奶奶|大爷|婶|叔|爷爷|爸|妈|老伴))的(兑换码|取件码|取货码)|(最近|还)(有没有)?找(人|你)帮(忙|过忙)|谁(去|来)(给|帮)\p{Han}{1,4}(修|拿|送|买|陪|搬)|(哪几户|哪些户|哪几家|哪些家).{0,4}(没|没有)(打卡|签到|报名)|(名单|楼号|门牌).{0,6}(发出来|公布|晒出来|发群里)|\p{Han}{2,3}(刚)?(换|兑)了.{0,8}(取货码|兑换码)|(那个|的)(.{0,12}[^证])?码(发我|给我|发给我|转给我)|(她|他)(的)?新(地址|住址|门牌号?)|(她|他)[^ ]{0,4}搬(去|到)哪(里|儿|栋|座)|(我妈|我爸|她|他|老人|老伴)(现在|还)?(有)?(多少|几)(个)?积分|` +
		// 「5栋的刘建国是不是偷快递的」「刘建国家是不是302」「刘建国打卡了没有 积分多少」
		`\p{Han}{2,4}是不是(偷|拿|小偷|贼|骗子)|谁(投诉|举报|告状)|谁(反映)(的|了|到|我)|(投诉|举报)(我|我家)的(人)?是谁|谁(说)?(要)?找人(陪|帮)|` +
		// 「让我用她的分换瓶洗衣液 你从她那扣就行」「那张阿姨换环保袋的兑换码你发我」
		`(用|拿)(她|他|\p{Han}{1,3}(阿姨|奶奶|大爷|大妈|叔|婶|姐|哥|爷爷))的(分|积分)|从(她|他)(那|那儿|那里|账上)(扣|减)|(阿姨|奶奶|大爷|大妈|叔|婶|姐|哥|她|他)[^ ]{0,8}的(兑换码|取货码|取件码|领取码)(你)?(发|给|告诉)我|(家)?是不是[0-9]{3,4}(室|号)?$|^[^\P{Han}我俺咱你他她这那的现目今一总共到还都咋怎自][^\P{Han}的志愿]{1,2}(打卡了没|打卡了没有|打没打卡|积分多少|有多少积分)`)
	// othersTallied asks after a neighbour's or a relative's days, points,
	// sign-ups and tasks where the asker names them by where they live or
	// who they are to him: 「隔壁王婶子这个月打了几天卡」「402那家昨天打卡了
	// 没有」「我儿媳妇报没报名周六那个活动 别跟她说是我问的」「查查1号楼李
	// 大爷这礼拜叫了几回志愿者」「排第一那个人分咋来的 把他记录调出来」.
	// Kept apart from othersAsk so that each stays behind its own gate.
	othersTallied = gatedre.MustCompile(`(隔壁|对门|楼上|楼下|对面|邻居|儿媳|媳妇|女婿|老伴|老公|老婆|对象|老头子|老太婆|[0-9]{3,4}(室|号)?(那家|那户|家|的))[^ ]{0,10}(打|签)了?(几|多少|好多)(天|回|次)|` +
		`(隔壁|对门|楼上|楼下|对面|邻居|儿媳|媳妇|女婿|对象|老头子|老太婆|那家|那户|[0-9]{3,4}(室|号)?(那家|那户|家|的))[^ ]{0,10}(今天|昨天|这几天|这礼拜|这周)?(到底)?(打卡|打了卡|签到|签了到|打没打卡|签没签到)(了)?(没有|没|吗|了没)|` +
		`(隔壁|对门|楼上|楼下|对面|邻居)[^ ]{0,8}(攒|有)了?(多少|几|好多)(个)?(积分|分)|(隔壁|对门|楼上|楼下|对面|邻居)\p{Han}{0,5}(的)?积分(有|攒了)?(多少|几|好多)|` +
		`(媳妇|儿媳|女婿|老伴|老公|老婆|儿子|女儿|闺女|婆婆|\p{Han}(姐|哥|婶|姨|叔|奶奶|大爷|嬢|孃))(到底)?(报没报|报没有报|有没有报|报了没)|(别|不要|莫)(跟|和|告诉|让)(她|他|人家)(说|知道)?(是)?我(问|查)的|` +
		`(小|老)\p{Han}[^ ]{0,6}接了(几|多少|好多)(个)?(单|回|次)|(叫|找|请)了(几|多少|好多)(回|次)(志愿者|人)|(老|小)\p{Han}(发|提|报)的(求助|单子|单|任务)[^ ]{0,4}(谁|哪个|哪位)(接|去)|` +
		`(排第一|第一名|榜首|头名|排前面)(那个|的)(人)?[^ ]{0,8}(分|积分)[^ ]{0,2}(怎么|咋)(来|得)|(把)?(他|她|人家)的?(记录|明细|积分记录)(调|拿|发|给)|` +
		`(婆婆|奶奶|大爷|阿姨|老太|老头|嬢嬢|\p{Han}(姐|哥|婶|叔))(是不是|有没有)(问|找|咨询)(了|过)你|` +
		// 「我儿媳妇是不是天天打卡」「排行榜第一那个人这21天打卡记录给我看看」
		// 「他攒多少分了」「18号那个单子是哪个发的」
		`(儿媳|媳妇|女婿|对象|老伴|老公|老婆)[^ ]{0,2}(是不是|有没有)(天天|每天)?(打卡|签到)|(那家|那户|[0-9]{3,4}(室|号)?(那家|那户|家))[^ ]{0,10}报(名|了)[^ ]{0,8}(没有|没|吗)|(小|老)\p{Han}[^ ]{0,6}接了(哪些|哪几)(个)?(单|活)|(妈|爸|她|他)[^ ]{0,4}找(志愿者|你|人)(干什么|做什么|帮什么)|(儿子|女儿|闺女|老伴|老公|媳妇)接的[^ ]{0,6}(单子|单|任务)|(排第一|第一名|榜首|头名|第一)(那个|的)(人)?[^ ]{0,10}(记录|明细)[^ ]{0,2}(给我|发我|调)|(她|他)(都|一共)?攒(了)?(多少|几|好多)(个)?(积分|分)|(老|小)\p{Han}(太太|老太|老头|大爷|大娘)(现在)?(有)?(多少|几)(个)?(积分|分)|(单子|任务|求助)(是)?(哪个|谁|哪位)发的`)
	// youAccused accuses the bot's keepers (「你们是不是偷我的分」): heated
	// words, not a neighbour's business.
	youAccused = gatedre.MustCompile(`(你们|您们)(是不是|就是|都是)?(偷|骗|坑|吞|贪)`)
	// scamTold is a scam named or a link to a "points" or "free" offer:
	// 「这是骗子吧 要不要报警」「这是咱们社区发的吗」.
	scamTold = gatedre.MustCompile(`是不是(你们|社区|居委会|咱们|我们)(发|派)的|卡号[^ ]{0,6}(报|给|告诉)(给)?(他|她|对方)|(讲是|说是)[^ ]{0,6}(社保局|医保局|银行|派出所|公安局)的|这是骗子( |$)|骗子(吧|吗|么)|是骗子(不|没)( |$)|(医保卡|社保卡|银行卡|养老卡)[^ ]{0,4}(要)?升级|是不是骗(子|人|局)|(这|这个)是(诈骗|骗局)|是(咱们|我们|咱)?(社区|居委会|小助手|你们)发的(吗|么|不|嘛)|积分.{0,10}清零.{0,20}(点击|链接|兑换)|(填|输|报|提供)(个)?(身份证|银行卡)[^?？]{0,12}(能信|可信|靠谱|真的假的|是真的)|免费领.{0,20}(能信|可信|靠谱|真的假的)`)
	// kinAsksMoney is somebody, often a child far away, with a "new
	// number" or sudden trouble asking for money: 「儿子说换了新号码 叫我
	// 转两万给他」「说我出车祸了要她马上转两万」.
	kinAsksMoney = gatedre.MustCompile(`(换了?(个)?(新)?(号码|号|手机号?|微信)|出(了)?车祸|住院|被抓|被拘|出事)[^?？]{0,24}(叫|让|要)(我|她|他)?(马上|赶紧|立刻|先)?(转|汇|打)(钱|款|[0-9一二两三四五六七八九十百千万])`)
	// scamAsk asks whether a notice that wants money, an ID or a
	// download is real: 「这个要交钱吗 我差点就转了」.
	scamAsk = gatedre.MustCompile(kinAsksMoney.String() + `|` + scamTold.String() + `|(收|要|登记)(大家的?)?身份证(号)?.{0,20}(补贴|补助|红包|发钱|领钱)|(补贴|补助|红包).{0,12}(收|要|交)(身份证|银行卡)|(短信|电话|微信|视频).{0,30}(让|叫|要)(我)?(赶紧|马上|立刻|快)?(打|转|汇)[^ ]{0,6}(钱|块|元)|差点(就)?(转|交|付|扫|点)|(加|添加)(那个|这个)?(微信|好友|客服)(吗|么|不)|(翻倍|免费领|领鸡蛋|送鸡蛋|发鸡蛋|中奖|返现|红包).{0,12}(是真的|真的假的)|(链接|二维码)(能|可以)(点|扫|打开)(不|吗|么)|(链接|二维码).{0,24}(点|扫|打开)得(不|吗|么)|(http|www|网址|链接).{0,80}(要|能|可以)?(点|扫|打开)(不|吗|么)|理财.{0,6}(靠谱|可信|能信|能买|能投|安全|是真的)|(体验金|高收益|保本|稳赚|日赚|躺赚)|(送|返)[0-9]+(块|元)?(呢|吗|么)|(要|让|叫|得)(我|大家|我们)?(交|转|付|缴)(钱|费|款|罚款|账)(吗|么|不|嘛)|(通知|消息|链接|这个)(是)?(真的|靠谱|可信|能信)(吗|么|不|嘛)|(点|下载|扫)(这个)?(链接|二维码|app|软件).{0,4}(吗|么|安全|没事)|(身份证|银行卡|验证码|卡号|密码)(号)?.{0,8}(发|给)(你|他|她|对方)?.{0,3}(吗|么|嘛)|(这个|那个)?是你(发)?的?吗|(链接|短信|电话|二维码|app|软件).{0,24}(真的假的|是真的(吗|么|嘛|不|[?？])|靠谱|可信|能信)|(银行卡号?|验证码|身份证号?|密码).{0,12}(真的假的|能给|给不给|要给|靠谱|能说)|(报|给|发)(个)?验证码|扫.{0,6}(送|领|返)|(扫|二维码|链接|短信|电话|app).{0,12}(填|输|报)(个)?(身份证|银行卡|验证码|密码)|(投|存).{0,6}(返|赚|收益)|下载.{0,10}(投|返|赚)|(先交|先付|先转).{0,8}(手续费|保证金|押金|费)|转到(这个|指定|个人)(账户|卡)|(扫码|扫一扫|点链接).{0,6}(就)?(给钱|送钱|返钱|领钱|领现金)|积分.{0,4}(换|兑|兑换)(成)?现金|自称|屏幕共享|(说是|讲是)(热力|燃气|供暖|电力|自来水|煤气)(公司)?的|(加|添加)(个)?微信[^ ]{0,6}(扫码|交|付|缴|转)|扫码(交|付|缴)|(讲|说)是物业的[^?？]{0,20}(扫码|加微信|转账|打折)|冻结.{0,24}(加|转|验证码|qq|链接|解冻)|解冻|共享屏幕|(快递|包裹).{0,6}理赔|(链接|http|网址).{0,60}(是真的|真的假的|真的吗|靠谱|可信|能信|假的)|(链接|短信|网址|http).{0,40}填(写)?(银行卡|身份证|验证码|密码)|验证码.{0,4}(报|发|给|告诉)(给)?(他|她|对方)|(点|打开)链接.{0,12}(兑|换|领|提)(成)?(现金|钱)|(说是|自称是?)(新)?(社区|居委会|物业|街道)(的)?(工作人员|人)?.{0,30}((交|转|付)[0-9一二三四五六七八九十百]*(块|元)?钱|加(他|她)?(的)?微信)|说是(社区|居委会|物业)[^ ]{0,6}(统一)?(安排|派)的.{0,10}(有这回事|是真的|真的假的)|收[0-9]+(块|元).{0,30}(有这回事|是真的吗|真的假的)|收[0-9]+(块|元)?.{0,30}(可信|能信|靠谱)|(说是|讲是|自称)(物业|社区|居委会|燃气公司|街道)的[^?？]{0,20}(收|交)[^ ]{0,8}(费|钱)|(说是|讲是|自称)(是)?(你们|物业|社区|居委会|街道)的(工作人员|人)?[^?？]{0,20}(收|交)[^ ]{0,10}(费|钱|押金)`)
	// speakFor asks the bot to message somebody in its name or call
	// somebody out: 「用你的名义说社区让她来交罚款」「在群里@一下张建国」.
	speakFor = gatedre.MustCompile(broadcastAsked.String() + `|@(一下)?[\p{Han}0-9]{1,8}(那家|那户|家)?.{0,4}(让|叫)(大家|所有人|全群)|让大家(都)?(看看|瞧瞧|评评理|知道知道)|(用|以)(你|社区小助手|社区|小助手|居委会|官方|你们)的?(名义|身份|口气|号|账号)|请大家(都)?投|(叫|让|请)(大家|大伙|所有人)(都)?投[0-9一二三四五六七八九十]+号|(叫|让|请)(大家|大伙|所有人)(都)?投(给)?(我|他|她|[^\P{Han}票]\p{Han}{1,2})|劝(他们|她们|大家|各户|每户)(都)?投|(帮我|替我)(在|到|往)(各个|所有|每个|全部)(的)?群(里)?(都)?(发|转|说)|(跟|和|给)(大伙|大家|大伙儿)(都)?(说|讲)(一声|一下)?.{0,4}投|(把|将)(这个|这条|这)?[^ ]{0,4}(转发|发)(到|给)[^ ]{0,6}(所有|全部|各个|每个)(的)?群|(给|跟)\p{Han}{0,6}每户(都)?发|(就说|就讲|说是)(社区|居委会|书记|主任)(支持|同意|要求|让|安排)|发(个|条)?(通知|消息|广告)(到|给)(所有|全部|每个|各个)(的)?群|(本人|我)(在)?竞选|(特价|打折|促销|优惠券|开业).{0,16}(群里|群发|发个通知|发一下)|(帮我|替我|你)(去)?(私信|私聊)(一下)?[\p{Han}0-9]|(在群里|群里)?@(一下)?\p{Han}{2,4} ?(让|叫)(大家|所有人|全群)|让(大家|所有人|全群)都知道(他|她)|(帮|替|给)(我|他|她)?(去)?拉(个|一下|点)?票|拉(个|一下|点)票|帮(我)?转发|(就说是|你说是)(社区|居委会|物业|你们)|(给|跟)\p{Han}{0,10}发(个)?(消息|私信|信息).{0,8}(警告|罚|说是)|(给|跟)[^ ]{0,12}发(个)?(消息|私信|信息) ?(就)?(说|讲)(是)?(社区|居委会|物业|你们)|(就说|你说)(是)?(社区|居委会|物业|你们)(的)?(通知|要求|说)|(让|叫)(大家|大伙|大伙儿|所有人|全群)(都)?(晓得|知道)|群里.{0,12}点(个)?名|艾特(一下)?([^我]|$)|(帮我|替我|你)(跟|和|给)\p{Han}{2,4}(说一声|说一下|讲一声|带个话|带句话).{0,3}(让|叫)(她|他)` +
		// 「你帮我在群里讲一下 5幢那个养狗的…」「你去群里讲讲3幢那个乱扔
		// 垃圾的」「群里骂骂那个乱停电瓶车的」「帮我在群里拉拉票」「你去跟
		// 楼上阿伯讲 半夜莫再剁肉了」: the bot itself sent to speak.
		`|(你|帮我|替我|麻烦你)(去)?(在|到)?群里(帮我|替我)?(讲|说|骂|喊|批评|曝光|拉)([^的过了]|$)|(替|帮)我(去)?(骂|说说|讲讲)(骂|一下|两句)?(楼上|楼下|隔壁|对门|那)|(^| )群里(骂|说|讲)(骂|说|讲|一下|两句)|拉拉票|你(去)?(跟|和|给)(楼上|楼下|对门|隔壁|对面)[^ ]{0,5}(讲|说)(一声|一下)?|^你(去)?(讲讲|说说|说一下|讲一下)(那个|那家|楼上|楼下|隔壁|对门)|(跟|和|给)(群里的人|群里|大家|大伙)(说|讲)(下|一下|一声)? (都)?投` +
		// 「帮我给楼上那家发个消息 跟他说…」「替我跟6楼那家说 …」「发个话让
		// 大家都给我孙女的画投票」.
		`|(帮我|替我|你)(去)?(给|跟|和)[^ ]{0,8}(那家|那户|邻居|隔壁|对门|楼上|楼下|对面|[0-9]+楼)[^ ]{0,4}(发(个|条)?(消息|私信|信息|微信)|说|讲)|(让|叫|请|喊)(大家|大伙|所有人|全群)(都)?(给|帮)[^ ]{1,12}投(票|一票)`)
	// contactWanted asks for a neighbour's number by who they are:
	// 「俺想要3号楼那个姓刘的老太太的电话」「跳广场舞那个领队的联系方式有没」
	// 「那个小伙子 微信号给我一下」「他们家里电话你那有没有」. Kept apart
	// from contactLookedUp so that each stays behind its own gate.
	contactWanted = gatedre.MustCompile(`(想要|要)[^ ]{0,16}(老太太|老头|老人|大爷|阿姨|奶奶|爷爷|小伙子|姑娘|领队|队长|师傅|那家|那户|邻居|他们|人家|他|她)(家)?的(电话|手机号?|微信号?|联系方式)|(领队|队长|小伙子|小伙|姑娘|师傅|阿姨|大爷|老师|那家|那户|他们|人家|他|她)(家|屋|家里)? ?(的)?(联系方式|电话|微信号?|手机号?)[^ ]{0,4}(有没有|有没|有吗|给我|发我)|(小伙子|小伙|姑娘|小姑娘|师傅|志愿者)[^ ]{0,2}(的)?(微信|电话|手机)(号)?(是)?(多少|几号)|(给我|发我)(个|一个)?[^ ]{0,10}(那家|那户)的?(电话|手机号?|微信号?|联系方式)|(那些|这些|所有|全部)[^ ]{0,6}的(手机号?|电话|号码|微信|地址)|求[^ ]{0,6}(楼上|楼下|隔壁|对门|[0-9]{3,4})[^ ]{0,4}(的)?(微信|电话|手机号?)|(地址|住址|电话|微信|门牌)(讲|说|告诉|发)给我|(小伙子|小伙|姑娘|小姑娘|阿姨|大爷|老师|师傅|志愿者)[^ ]{0,2}住(几|哪)(幢|栋|号楼|单元|楼|室|里)`)
	// cutThreatened is water or power cut by the other side of a dispute.
	cutThreatened = gatedre.MustCompile(`(房东|物业|开发商|业主|他们|他|她|对方)[^ ]{0,8}(会不会|敢|能不能|就|威胁|扬言|说要)(给我们?|给我家)?(断|停|掐)(了)?(水|电|气|暖)|(给|把)(我们?|我家)(的)?(断|停|掐)(了)?(水|电|气|暖)`)
	// contactLookedUp asks the bot to look up another's number or
	// WeChat: 「你帮我查下他微信号 他拉黑了我」.
	contactLookedUp = gatedre.MustCompile(`[0-9]+(室|号)?住的是(谁|哪个|哪位|哪家)|把(她|他|人家)(的)?(新)?(微信号?|电话|手机号?|号码|联系方式|住址|地址)(告诉|发|给)(我|给我)|\p{Han}{1,3}(师傅|老板|阿姨|大爷|叔|姐|哥|老师)(的)?(电话|手机号?|微信号?|联系方式)(是)?(多少|有吗|有没有)|(查|找|告诉|发)(到|得到)?(我)?(一下|下)?(她|他|人家)(的)?(新)?(微信号?|电话|手机号?|号码|新号|联系方式)|(她|他|人家)(家)?(现在)?(住|在|住在)(几门|几号楼|几栋|几楼|几单元|几零几)|(有|知道)(她|他|人家|业主|客人)(的)?(手机号?|电话|号码|微信号?)(吗|么|没|不)|(把)?(她|他|人家)(的)?(微信|电话|手机号?|名片)(推|发)(给)?我|有没有[^ ]{0,14}(师傅|老板|阿姨|大爷|叔|姐|哥|老师|奶奶|爷爷)的(电话|手机号?|微信号?|联系方式)|(他|她)(的)?(微信|电话|手机)(号)?(是)?多少` +
		// 「帮我查一下3号楼502那个阿嬷的电话」「7栋林伯手机几号」「他号码
		// 多少」「你系统应该有地址吧」「你把小区里志愿者的微信都推给我」
		// 「楼长名单连电话发群里一下」.
		`|(查|找)(一下|下)?[^ ]{1,16}([^我]的|老头|老太|师傅|阿姨|大爷|奶奶|爷爷|阿婆|阿公|阿伯|阿嬷|婆婆|大妈|姐|哥|叔|婶)(的)?(电话|手机号?|号码|微信号?|住址|地址|联系方式)|(那些|这些|所有|全部)(人)?的(手机号?|电话|号码|微信|地址)[^ ]{0,6}(导|发|给|拉|列)|\p{Han}{1,3}(伯|婆|嬷|公|姑|婶|师傅|阿姨|大爷)(的)?(电话|手机号?|微信号?|号码)(是)?(多少|几号)|(他|她)(的)?(号码|手机号)(是)?(多少|几号)|(你|系统|你们)[^ ]{0,6}(应该|肯定|总)有(她|他|人家)?(的)?(电话|地址|住址|微信|号码)|把[^我 ]{1,12}的(微信|电话|手机号?|号码|名片|联系方式)(都|全)?(推|发)(给)?我|名单(连|和|带|加)(上)?(电话|手机|号码|地址)` +
		// 「俺想要咱小区所有东北老乡的联系方式」「排行榜前十那几个人的微信给我
		// 呗」「你把他家房东电话给我」.
		`|(所有|全部)[^ ]{0,10}的(联系方式|电话|微信|手机号?)|(人|们)的(微信|电话|手机号?|联系方式|号码)(都)?(给|发)(我)|(他|她)家(的)?(房东|业主|租客)?(的)?(电话|手机号?|微信|联系方式)(给|发)(我)`)
	// toOffice is word for the property company or the community office.
	toOffice = gatedre.MustCompile(`(跟|和|给|向)(物业|居委会?|社区|工作人员|网格员|书记|主任|保安|门卫)(的人)?(说|讲|反映|提)`)
	// ownNamePut is a wrong to one's own name or home told (「…还把我家门牌号
	// 发出来 这能告他诽谤不」): the teller's own business, for the law.
	ownNamePut = gatedre.MustCompile(`我家[^。]{0,20}(发出来|公布|晒出来|发群里|发到群里)|(哪里|哪儿|谁)泄(露|漏)|住(在)?(哪里|哪儿|哪)都(知道|晓得)|诽谤|造谣|污蔑|冤枉|(把|将)我(家)?的?(门牌号?|电话|地址|住址|手机号)|(信息|名字|住址)[^ ]{0,8}(泄露|泄出去|漏出去|泄漏)`)
	// broadcastAsked asks for one's own words to go to the groups: 「帮我发到
	// 所有的群 一群我没进去」「讲座又改回14号了 你快发个通知更正一下」.
	broadcastAsked = gatedre.MustCompile(`(帮我|替我|你)(帮我)?(在|到|往)(所有|全部|每个|各个|两个|几个)的?(业主|楼栋|小区)?群(里)?(都)?(发|转发|群发)|(转发|发)(至|到)(各|所有|每个|全部)(个)?(业主|楼栋)?群|(帮我|替我|你)(把[^ ]{0,10})?(发|转发|转|群发)(到|去|在)(所有|全部|每个|各个|两个|三个|别的|其他)的?群|^把[^ ]{0,16}(发|转发|群发)(到|去|在)(所有|全部|每个|各个)的?群|(你|帮我)(快|赶紧|马上)(发|出)(个|一个|条|一条)(通知|公告)`)
	// leaked is one's own number posted and not taken back in time:
	// 「我前天那条撤不回了 身份证会不会被人看到啊」.
	leaked = gatedre.MustCompile(`(撤不回|撤回不了|撤不了|删不掉|删不了).{0,16}(身份证|电话|手机号|号码|地址|住址)|(身份证|电话|手机号|号码|住址)(号)?.{0,14}(撤不回|撤回不了|删不掉)|(群里|发错|那条).{0,12}(身份证|电话|手机号|号码).{0,10}(被人看到|被看到|被人看见)`)
	// noticeAsk asks whether a cut of water, power or gas is real.
	noticeAsk = gatedre.MustCompile(`(是不是|是否|会不会)(要)?[^ ]{0,6}(停水|停电|停气|断水|断电|断气)|(小区|楼|这边)(都|也)停(么|吗|不|没)$|(都|也)停(水|电|气)(么|吗|不|没)|(供暖|暖气|供热)[^ ]{0,6}(到底)?(哪天|什么时候|几号|啥时候)(开始|来|开|通)|停不停(水|电|气)|(真|是不是|是否|会|要)?(停水|停电|停气|断水|断电|断气)(吗|么|了吗|不|没|嘛|是真的)|(是不是|是否|会不会|真的?)(要)?(停水|停电|停气|断水|断电|断气)|(停水|停电|停气|停暖|断水|断电|断气).{0,14}(是真的|真事|真的假的|准不准|有这回事|瞎传|真的吗|真的不|靠谱)|(咱|我们)?(小区|楼|这边)?也停(么|吗|不|没)|(燃气|煤气|天然气|水表|电表|消防|电梯|暖气).{0,8}(入户|检查|安检|维保|检修|试水).{0,12}(哪天|什么时候|几号|几点|啥时候)|(停水|停电|停气)(的)?(通知|公告)?.{0,8}(哪天|什么时候|几号|几点|啥时候)|(停水|停电|停气).{0,10}有(这个|这)?通知(吗|没|不)|(燃气|煤气|天然气)(公司)?(上门|入户)(查表|抄表|检查|安检)|(停水|停电|停气|断水|断电)[^?？]{0,12}(是)?(我们|咱们?|这)(楼|栋|单元|小区)(吗|么|不|没|嘛)|(挨家挨户|上门|入户)[^?？]{0,10}(哪天|什么时候|几号|几点|啥时候)|(挨家挨户|上门|入户)(换|查|检查|收)[^?？]{0,16}(真的|骗子)`)
)

// spreadsOwnPhone asks the bot to spread one's own number: 「你帮我把我电
// 话发到所有群 让大家直接打我」.
var spreadsOwnPhone = gatedre.MustCompile(`(我的?|我)(电话|手机号?|号码|微信).{0,4}(发到|发群|转发|发给大家|群发|发一下|发出去|公布)`)

// eventFee asks what an event costs (「剪纸课要交钱不」): the event's own
// question, not a scam.
var eventFee = gatedre.MustCompile(`(讲座|课|班|活动|培训|比赛|演出|义诊|体检|摆摊|摊位|集市|市集|跳蚤市场|灯谜|包饺子|春联|晚会|联欢).{0,6}(要|得)?(交|收|花)(钱|费)`)

// postedNotice is a notice the property or the office put up, asked
// after (「物业贴的燃气检修通知是真的吗 明天几点来」): the notices' answer,
// not a scam warning.
var postedNotice = gatedre.MustCompile(`(物业|社区|居委会|街道)(贴|发)的[^ ]{0,10}(通知|公告)`)

// dealLost is a deal signed and money lost by it (「在银行买的理财 说稳赚不亏
// 现在亏了两万多 她又说合同上写了」): a dispute for the law, not a scam to
// check before paying; so is a flat sold with a promise not kept
// (「买房的时候售楼的讲一楼送个小花园…这是不是骗人」), and so is money
// already paid in and not got out (「…充了二十万提不出来 还能要回来吗」).
var dealLost = gatedre.MustCompile(`(转|打|汇)了[0-9一二三四五六七八九十几两]+(万|千)(多)?(块)?(过去|给他|给她|出去)?|(叫|被)(人)?骗了|投(进去|了)[0-9一二三四五六七八九十几两]+(万|千)[^?？]{0,20}(群解散|散了|找不着|找不到|跑了|联系不上|拉黑)|亏了|亏损|合同上(写|签)|售楼|开发商|交房|买房的时候|(钱|存款|款)[^ ]{0,6}(还能|能不能|怎么|能)?(追回|要回|拿回)|提不出来|取不出来|(还|能)(能)?(要|追|拿)(得)?回来`)

// givesIDNumber reports whether a message holds an ID card number.
func givesIDNumber(folded string) bool {
	if maskedID.MatchString(folded) {
		return true
	}
	for _, n := range personal.Find(folded) {
		if n.Kind == personal.IDCard {
			return true
		}
	}
	return false
}

// scoreIf scores trustScore when the folded text reads so.
func scoreIf(reads func(folded string) bool) func(string) float64 {
	return intent.ScoreIf(reads, trustScore)
}

// onlyReachMe is a number given only to be reached by (「有志愿者能帮忙的
// 话直接打我电话就行」「你们工作人员要联系我就打这个 微信同号」): no deed is
// asked for yet.
var onlyReachMe = gatedre.MustCompile(`(通知|消息)(直接|就)?(打|发)(给)?我(的)?(电话|手机)?|了?就打我(的)?(电话|手机)|(叫|通知|喊)我一声|(有)?(啥|什么)?(通知|消息)(可以|就|请)?(通知|告诉|发给|打给)我|(的话|有(啥|什么)?事|要联系我|联系我)(就|直接)?(打|联系|找)|新(的)?(号码|手机号|号)|微信同号|(就|直接|先)打这个|打我(这个|这个号|这号)`)

// numberChanged is one's number told changed: 「我手机换号了 新的139…
// 帮我改一下」 asks for no errand, whatever 帮我改 says.
var numberChanged = gatedre.MustCompile(`换(了)?(个)?(新)?(号|手机号|号码)|(号码|电话|手机号?)(换|改|变|不用|停)(了)?|新(的)?(号码|手机号|号)?[0-9一二三四五六七八九零幺]|以前(那个|的)(号|号码|电话)?不用`)

// maskedPhone and maskedID are a mobile or an ID-card number with some
// digits hidden (「139xxxx5678」「3502031956xxxx1234」), as careful
// residents type them: read as the number they stand for, never kept.
var (
	maskedPhone = gatedre.MustCompile(`(^|[^0-9a-z])1[3-9][0-9]{1,3}[x*]{4,5}[0-9]{3,4}($|[^0-9a-z])`)
	maskedID    = gatedre.MustCompile(`身份证[^ ]{0,4}[0-9]{4,14}[x*]{4,10}[0-9x]{0,8}|身份证[^0-9]{0,8}[0-9]{2,14}[x*][0-9x*]{3,15}|[0-9]{4,14}[x*]{4,10}[0-9x]{0,8}[^0-9]{0,6}身份证`)
)

// reachMeScore is above a request's cue.
const reachMeScore = 0.95

// ownNumberScore is likely, not sure: a request that gives a phone number
// with it is the request.
const ownNumberScore = 0.75

// givesOwnPhone reports whether a message gives the sender's own phone
// number (「我手机137…」).
func givesOwnPhone(folded string) bool {
	if !strings.Contains(folded, "我") && !strings.HasPrefix(folded, "手机") && !strings.HasPrefix(folded, "电话") && !strings.HasPrefix(folded, "换号") {
		return false // 「换号 新号码…」: the fold took the 我 of 「我换号了」
	}
	if maskedPhone.MatchString(folded) {
		return true
	}
	digits := 0
	for _, r := range folded {
		if r >= '0' && r <= '9' || strings.ContainsRune("零一二三四五六七八九〇幺两", r) {
			digits++
		}
	}
	if digits < 11 {
		return false // no room for a mobile number
	}
	return personal.HasPhone(folded)
}

// weatherAsk and moneyAsk are questions linli has no answer to: the
// weather, and what to buy with one's savings.
var (
	weatherAsk = gatedre.MustCompile(`^(明天|今天|后天|这几天|这两天|周末)\p{Han}{0,4}有(雨|雪)(没|吗|不|没有)?$|^(明天|今天|后天|这几天|这两天|周末)\p{Han}{0,4}会不会(下雨|下雪|降温|刮风|变天)|^(明天|今天|后天|这几天|这两天|周末)\p{Han}{0,4}(下雨|下雪)(无|没有)$|^(明天|今天|后天|这几天|这两天|周末)\p{Han}{0,4}(天气(怎么样|怎样|如何|咋样|好不好)|风大不大|刮不刮风|(能|可以)出海(不|吗|么)?)|^(明天|今天|后天|今晚|明早|周末|这几天|这周)\p{Han}{0,4}(多少度|几度|冷不冷|下不下雪|下不下雨|下雪(不|吗|么)|下雨(不|吗|么)|雾(散|大)不(散|大)|有(没有)?雾)|^(明天|今天|后天|这几天|这两天)?(还)?(这么|那么)?(热|冷)(不|吗)( |$)|^(这两天|明天|今天|后天|周末|这几天|最近)?(会|还)?(降温|升温|下雨|下雪|刮风|变天)((吗|不|没|了吗|不下)( |$)|$)|^(这两天|明天|今天|后天|周末|这几天|最近)?(会|还)?(降温|升温|下雨|下雪|刮风|变天)(吗|不|没|了吗|不下)? ?(要不要|用不用|得不得)(穿|带|加)|^(请问)?(明天|今天|后天|今晚|明早|周末|这几天|这周|下午|晚上)?(的)?(天气|会不会下雨|下不下雨|下雨不下|下雨吗|会下雨吗|下雪不下|下不下雪|下雪吗|气温|温度|几度|冷不冷|热不热)(怎么样|如何|好吗|好不好|吗|不|呢|多少|多少度|咋样)?$`)
	// pastimeAsk and kickAsk are a joke or homework, and removing a
	// member from a group: not what linli does.
	pastimeAsk = gatedre.MustCompile(`陪我聊(下|会|一会|会儿)?天|(你是)?真人还是机器人|(怎么|如何)(调|拌|和)(馅|面)?(才|好|更)?(好吃|香)|(怎么|如何)(样)?(做|炖|炒|烧|腌|包|煨|煮|蒸|熬|卤)(才|得)?(好吃|香|入味|粉|烂|软|嫩|酥|脆)|(做法|菜谱|食谱)(是|有)?(啥|什么)|(你|小助手)会(做饭|做菜|唱歌|跳舞)|(讲|说|来)(个|一个|段)?笑话|(唱|来)(个|一首|首)歌|(写|做)(作业|作文)|(陪我|跟我)(聊天|聊聊|玩)|(你|小助手)(吃饭|吃了|睡觉|睡了|下班|休息)(了)?(没有|没|吗|不)|数学题|作业题|算术|[0-9]+(乘|加|减|除以?)[0-9]+`)
	kickAsk    = gatedre.MustCompile(`(把|将).{0,10}(踢了|踢出|踢掉|踢( |$))|移出群|禁言|(踢|移|赶)(出|出去)?群`)
	moneyAsk   = gatedre.MustCompile(`(股票|基金|彩票|这只股).{0,6}(能买|买不买|能不能买|推荐|会涨|会跌|涨不涨|买哪|买什么)|(买|推荐)(什么|哪个|哪只)(股票|基金|彩票)`)
)

func builtinDecls() []intent.Decl {
	return []intent.Decl{
		builtinHelp: {
			Name: "help", Label: "帮助", Keywords: []string{"帮助", "菜单", "?", "帮助一下"}, Shape: intent.NoArgs, Asks: true,
			Cues: []string{
				`^(您|你)好(啊|呀)?( ?在吗| ?在不在)?$`, `^(在吗|在不在|在么|有人吗|有人在吗)$`, `^(小助手|社区小助手|机器人)( ?你好| ?在吗| ?在不在)?$`,
				`^(早上好|上午好|中午好|下午好|晚上好|早安|早|hi|hello|嗨|哈喽|你好你好)( ?(小助手|社区小助手))?$`,
				`(你|您|小助手|机器人)(到底)?(都)?(能|会|可以)(干|做|帮)(些|点)?(什么|我做什么|我干什么|点什么)`, `(你|您|小助手|机器人)(都)?会(什么|干什么|做什么)`,
				`(有|都有)(什么|哪些)功能`, `^(怎么用|怎么弄|怎么玩|怎么操作|怎么使用)$`, `(这个|你)(怎么用|怎么弄)( |$)`, `^(我)?不会(用|弄)$`, `教教?我怎么用`,
				`^(你是谁|你叫什么|你是什么)$`, `(这个|你|这玩意儿?|这东西)(小助手|东西)?(怎么|咋)(样)?(用|弄|使用|使)(的)?( |$)`, `会(做|干)点(什么|啥)`, `(怎么|咋)用你( |$)`, `(这个|你|小助手|公众号)(是)?(干什么|做什么|干嘛)(用)?的`, whoAmI.String(), `^(能|可以)帮我(做|干)什么`, `^(您好|你好)? ?(请问)?(这个|你|小助手)?怎么(用|使用)$`, `^怎么办$`, `^(请问)?(我)?(要|该|应该)?怎么(报名|兑换|求助|查积分)$`, rulesAsk.String(),
			},
			// 「老伴走了…都说要分 …这个怎么弄」: a story asks its own question.
			Not:     []string{`[^ ]{6,} [^ ]{2,} .{0,12}(这个|这事|这)(怎么|咋)(弄|办|搞)$`},
			Phrases: []string{"你好", "在吗", "你能干啥", "你会做什么", "有什么功能", "怎么用", "菜单", "帮助", "小助手你好", "你都能帮我做什么"},
		},
		builtinAll: {
			Name: "all_commands", Label: "全部命令", Keywords: []string{"全部命令", "所有命令", "全部功能", "所有功能", "命令列表", "命令大全"},
			// 「把你所有的命令都发给我看看」「你所有指令列出来给我看」
			Cues:  []string{`(所有|全部)(的)?(命令|指令)`, `(命令|指令)(都)?(列|发)(出来|给我)`},
			Shape: intent.NoArgs, Asks: true,
		},
		builtinThanks: {
			Name: "thanks", Label: "谢谢",
			Cues: []string{
				`^((好的|好|嗯|嗯嗯|哦|行|收到|知道|明白|懂|ok|太好)+ ?)*(谢谢|辛苦|麻烦)+(你|您|小助手|啦)*( ?你真好)?( ?谢谢)*$`,
				`^(好的|好|嗯|嗯嗯|哦|噢|行|行的|收到|知道|明白|懂|可以|没问题|好嘞)( ?(好的|好|嗯|收到|知道|明白|懂))*$`,
				`^太谢谢`, `^辛苦(你|您)?$`, `^麻烦(你|您)$`, `^(谢谢|辛苦)+.{0,4}$`,
				// 「好嘞 谢谢你啊老妹儿」: thanks, and the bot called by a pet name.
				`(谢谢|辛苦)(你|您)?[啊呀哈哦]?(老妹儿?|大妹子|老弟|大兄弟|小老弟|姑娘|宝贝|小可爱|小助手|孩子)$`, `^(谢谢|多谢)+( ?[a-z]{2,10})*$`,
				// 「谢谢啊 你真是好人」「多谢你哦 真好用」「谢谢你嘎 教我这么多」
				`^(好的|好)? ?谢谢(你|您)?(嘎)? (你)?(真是|真|太|好)?(好人|好用|厉害|贴心|棒|有用|周到|耐心|靠谱)( |$)`, `^(好的|好)? ?谢谢(你|您)?(嘎)? (你)?(懂|知道)(得)?(好多|真多|挺多|的多)`, `^谢谢(你|您)?(嘎)? (教|帮)(了)?我(这么多|半天|好多|不少)`,
				// 「好的谢谢 那我先加一下群」: thanks, and what one does next.
				`^(好的|好|嗯|哦|行)? ?(谢谢|多谢)(你|您|啦)? (那)?(我)?(先|再|就|回头)(去)?[^ ?？吗]{1,8}$`,
				`^.{0,6}(谢谢|辛苦)(你|您|小助手|啦|了|你们|啊|呀|提醒)*( .{0,6})?$`, `^(谢谢|辛苦)(你们|你|您) .{0,8}(真好|好人|热心|耐心)( ?谢谢)*$`, `^(哦|噢|嗯|好)+ .{0,6}(学会|明白|懂|知道)(了)?$`,
				// Thanks after what came right: 「物业上去把楼上水阀关了 总算
				// 不滴了 谢谢你啊小助手」; a greeting for the festival.
				`^[^帮找要想请能让给]{0,30}(了|好了|总算|终于)[^帮找要想请能让给]{0,12}(谢谢|多谢|感谢)(你|您)?(啊|呀|了|啦)?(小助手)?$`,
				`^(小助手)?(你|您)?(也)?(` + festiveWords + `)`,
				// 「明白了 我先发微信叫他限期来修 …都留着 谢谢你」
				`^(明白|知道|懂|晓得|好的|好嘞|收到)[^帮找要想请能让给吗？?]{0,36}(谢谢|多谢|感谢)(你|您)?(啊|呀|了|啦)?(小助手)?$`,
			},
			Not:     []string{`谢谢(大家|各位|王|李|张|刘|陈|邻居|阿姨|叔|姐|哥|主任)`, `(哪个|什么|啥|边个)桶|扔(哪|边)`, `[1-5一二三四五](颗|个)?星|差评|打分`},
			Phrases: []string{"谢谢", "好的谢谢", "辛苦了", "收到", "知道了", "好的"},
			Asks:    false,
		},
		builtinContact: {
			// 「我是房东 租客拖租 你帮我查下他微信号」: above the law's
			// reading of the story around it.
			Name: "contact", Label: "别人的联系方式", Asks: true, Score: scoreIf(func(s string) bool { return contactLookedUp.MatchString(s) || contactWanted.MatchString(s) }),
			Cues: []string{
				`(电话|手机|手机号|号码|微信|微信号|住址|地址|门牌号?|联系方式)(是|号)?(多少|给我|发我|发给我|告诉我|说一下|有吗|有没有)`,
				// 「我是他老邻居 你就告诉我呗」: knowing them changes nothing.
				`我是(他|她)(的)?(老)?(邻居|朋友|亲戚|同事|熟人|同学|老乡).{0,12}(告诉我|说呗|说吧|给我|发我)`, `(电话|手机|号码|微信|住址|地址|门牌)(你)?(总|肯定|应该)?有(吧|吗|没有)?( |$)`,
				`(给我|发我|发给我|告诉我|要一下|要个|推一下|推个)(一下)?[^ ]{0,8}(电话|手机|号码|微信|住址|地址|门牌|联系方式)`,
				`[^我].{0,6}住(在)?(哪里|哪儿|哪|几号楼|几栋|几楼|几单元|几零几)`,
				// 「群里不方便说那你私下告诉我嘛 我真是她老同事」
				`(私下|私聊|偷偷|悄悄)(里)?(告诉|发|说给)(我|给我)`, `(她|他)的(手机号|电话|微信|住址)`,
				// 「5栋502住的是谁啊」「…那些阿姨的微信 能给个名单带电话不」
				`[0-9]+(室|号)?住的是谁|住(在)?(那|这)(里|儿)?的?是谁`, `名单(带|和|加|附|连)(上)?(电话|手机|微信|地址)|(电话|手机|微信)(的)?名单|(加|要)(一下)?[^ ]{0,16}(她们|他们|阿姨|大爷|老人|居民|邻居)的微信`,
				// 「她几号楼几室啊」「帮我查下她几栋几室」「那个身份证号你再念一遍」
				`(她|他|人家|\p{Han}(奶奶|爷爷|大爷|阿姨|大妈|婶|叔))(家)?(是|住|在|住在)?(几号楼|几栋|几零几|几室|几单元|门牌|哪栋|哪个楼|哪个单元)`, `[^我俺咱]\p{Han}{1,2}家(是|住|在|住在)?(几号楼|几栋|几零几|几室|几单元|几楼|门牌|哪栋|哪个楼|哪个单元)`,
				`(查|告诉|发)(我)?(一下|下)?(她|他|\p{Han}{2,3})(的)?(住)?(几栋几室|几号楼|门牌号?|住哪|住址|家庭住址)`,
				// 「可不可以给他电话我」
				`给(我)?(她|他)的?(电话|手机号?|号码|微信号?)(我)?( |$)`, `身份证(号)?.{0,8}(念|读|报)(一遍|出来|一下)`,
				// 「电话你再念一遍给我」; a call told (「接了个电话说我医保卡要冻结」)
				// asks for nothing.
				`(电话|手机|手机号|号码|微信|微信号|住址|地址|联系方式)(你)?(再)?((念|报|推|发|告诉)(给|一下|一遍)?|说(给|一下|一遍))(我|群里|到群里)`,
				`(报名|登记)(时|的时候)?(填|留|写)的?(啥|什么)?(信息|资料|电话)`,
				`(就说|只说|说个)(几栋|几号楼|哪栋|楼号|几单元)`, `(那家|这家|他家|她家)(人)?(姓什么|叫什么)`, `(地址|住址|电话|手机号|门牌号?)(说出来|报出来|交出来|给出来|发一下|发下)`,
				`(电话|手机|号码|住址|地址)(发|贴|公布)(到)?(群里|群)`,
				// 「家属电话总能给一个吧」
				`(电话|手机|号码|联系方式|微信)(总|就|总该)?(能|可以)?给(我们|我)?(一个|一下|个)`,
				`(所有人|大家|全部人|群里人|群里所有人|居民|志愿者)的?[^我俺\s]{0,6}(电话|手机号|住址|地址|联系方式|通讯录)`, `做(个|一个)?通讯录`,
				`(各户|每户|业主|住户|居民|老人|所有人|群里|报名).{0,12}(名单|名字|姓名|手机号|电话|住址|房号|身份证).{0,10}(整理|导出|发我|给我|私发|发送|列)`,
				`(手机号|电话|住址|房号|身份证号?|名单).{0,6}(整理|导出|私发)`, `(家)?(地址|住址)(在)?(哪|哪里|哪儿)`,
				// 「她家是不是住8号楼」「就问个电话号码至于吗 我又不是坏人」.
				`(她|他|人家)(家)?(是不是|是否|是)(住|在|住在)[0-9一二三四五六七八九十]+(号楼|栋|幢|单元)`,
				`(就|只)?问(个|一下|下)?(电话|号码|手机号|电话号码|地址|住址|门牌号?)(都|也)?(至于|而已|怎么了|都不行|也不行|不行)`,
			},
			// Calls made (「催收的天天给我爸妈和同事打电话」), where one will live
			// (「我和孩子住哪」) and one's own put about ask for no number.
			Not: []string{ownNamePut.String(), `欠条|借条|转的账|转账|证据`, `(^| )(我)?一个\p{Han}{0,4}住(哪|哪里|哪儿)|(^|\s|我)(和|跟|带着?)\p{Han}{1,3}住(哪|哪里|哪儿)|(我们|咱们|俺们)(以后)?住(哪|哪里|哪儿)`, `打(个)?电话(给|来|去|找)|给(我|她|他|你)[^ ，,。电号]{0,6}打(了)?(个)?电话|^(我|俺)(的|家|住|现在|以后|手机|电话)`, `我(的|家)(电话|手机|号码|微信|住址|地址)`, `(物业|社区|居委|街道|派出所|医院|客服|办事处|服务中心|热线|门卫|保安室|卫生站|居委会)(的)?(电话|手机|号码|地址|微信|联系方式|在哪|办公|值班)`,
				`(^| |我|俺)(改|换|更新|登记|留)(了)?(一下)?(电话|手机|号码|地址)`,
				// A phone given as a present: 「孙女给我买了个新手机」.
				`给(我|她|他)(买|换|装|送)(了|的)?(个|一个|部|台)?(新|智能)?(手机|电话)`},
			Phrases: []string{"把他电话给我", "王大爷住哪栋楼", "志愿者的手机号多少"},
		},
		builtinOutside: {
			Name: "outside", Label: "天气和理财", Asks: true,
			Cues: []string{weatherAsk.String(), moneyAsk.String(), pastimeAsk.String(), kickAsk.String()},
		},
		builtinOthers: {
			Name: "others_affairs", Label: "别人的事", Shape: intent.Free, Asks: true, Score: scoreIf(func(s string) bool {
				return (othersAsk.MatchString(s) || othersWhere.MatchString(s) || othersTallied.MatchString(s)) && !ownNamePut.MatchString(s) && !youAccused.MatchString(s)
			}),
		},
		builtinScam: {
			Name: "scam", Label: "防诈骗", Shape: intent.Free, Asks: true,
			Score: scoreIf(func(folded string) bool {
				return scamAsk.MatchString(folded) && !eventFee.MatchString(folded) && !dealLost.MatchString(folded) && !postedNotice.MatchString(folded)
			}),
		},
		builtinSpeakFor: {
			// A coordinator's 「在两个群发个通知，说群里不让发广告，别点名」 is a
			// notice of their own.
			// 「你跟物业说一声让他们来瞅瞅」 is word for the office, passed on.
			Name: "speak_for", Label: "替人传话", Shape: intent.Free, Asks: true, Score: scoreIf(func(s string) bool { return speakFor.MatchString(s) && !toOffice.MatchString(s) }), Below: int(Coordinator),
		},
		builtinIDNumber: {
			Name: "id_number", Label: "身份证号", Shape: intent.Free, Asks: true, Score: scoreIf(givesIDNumber),
		},
		builtinLeaked: {
			Name: "leaked", Label: "发错了号码", Shape: intent.Free, Asks: true, Score: scoreIf(leaked.MatchString),
		},
		builtinNotice: {
			// 「不搬他会不会断水断电」 is a cut threatened by the other
			// side: a legal question, not a notice.
			Name: "notice", Label: "停水停电", Shape: intent.Free, Asks: true, Score: scoreIf(func(s string) bool { return noticeAsk.MatchString(s) && !cutThreatened.MatchString(s) }),
		},
		builtinOwnNumber: {
			Name: "own_number", Label: "留电话", Shape: intent.Free, Asks: true,
			Score: func(folded string) float64 {
				if spreadsOwnPhone.MatchString(folded) {
					return trustScore // 「把我电话发到所有群」: no request
				}
				switch {
				case !givesOwnPhone(folded):
					return 0
				case numberChanged.MatchString(folded):
					return trustScore // 「我换号了 新的139… 帮我改一下」: no request
				case onlyReachMe.MatchString(folded):
					return reachMeScore // 「…有事直接打我电话就行」: no request
				}
				return ownNumberScore
			},
		},
	}
}

// choice is a numbered menu or ask-back waiting for its digit.
type choice struct {
	// options are the intents offered, with the arguments each would
	// act on: an ask-back keeps the message it asked about, so the digit
	// acts on what the resident wrote rather than asking them again.
	options []intent.Match
	until   time.Time
	// takenBy is the message that picked from the options. Run again
	// (its transaction lost to a concurrent one, or a batch run again),
	// it picks the same; no other message picks from them.
	takenBy string
	// draft marks a drafted command shown to be confirmed, which a
	// coordinator's next words may change (followDraft).
	draft bool
}

// choices remembers, per member and chat, the numbered options last
// offered. It lives in the process: a digit answered after a restart, or
// on another instance, gets the menu again, which is harmless.
type choices struct {
	mu sync.Mutex
	m  map[string]choice
}

func (c *choices) put(key string, options []intent.Match, until time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]choice{}
	}
	for k, v := range c.m {
		if !until.Add(-choiceTTL).Before(v.until) {
			delete(c.m, k)
		}
	}
	c.m[key] = choice{options: options, until: until}
}

// take returns the option for digit n, sent as message msgID, when one is
// waiting and fresh, and not taken by another message. A yes (n == 0)
// takes the only option of a one-option ask-back.
func (c *choices) take(key string, n int, now time.Time, msgID string) (intent.Match, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch, ok := c.m[key]
	if ok && n == 0 && len(ch.options) == 1 {
		n = 1
	}
	if !ok || now.After(ch.until) || n < 1 || n > len(ch.options) {
		return intent.Match{}, false
	}
	switch {
	case msgID == "":
		delete(c.m, key) // nothing tells a second run from another message
	case ch.takenBy == "":
		ch.takenBy = msgID
		c.m[key] = ch
	case ch.takenBy != msgID:
		return intent.Match{}, false
	}
	return ch.options[n-1], true
}

// maxBlanks is the most drafts waiting together for their groups.
const maxBlanks = 3

// add puts option after those still waiting fresh and untaken for key at
// now, the oldest dropped beyond maxBlanks.
func (c *choices) add(key string, option intent.Match, now, until time.Time) {
	c.mu.Lock()
	ch, ok := c.m[key]
	c.mu.Unlock()
	options := []intent.Match{option}
	if ok && !now.After(ch.until) && ch.takenBy == "" {
		options = append(ch.options, option)
		options = options[max(0, len(options)-maxBlanks):]
	}
	c.put(key, options, until)
}

// takeAll returns every option waiting for key when a yes (n == 0) takes
// them, as take does one.
func (c *choices) takeAll(key string, n int, now time.Time, msgID string) ([]intent.Match, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch, ok := c.m[key]
	if !ok || n != 0 || now.After(ch.until) || len(ch.options) == 0 {
		return nil, false
	}
	switch {
	case msgID == "":
		delete(c.m, key)
	case ch.takenBy == "":
		ch.takenBy = msgID
		c.m[key] = ch
	case ch.takenBy != msgID:
		return nil, false
	}
	return slices.Clone(ch.options), true
}

// drop forgets the options waiting for key, reporting whether any were
// still fresh at now.
func (c *choices) drop(key string, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch, ok := c.m[key]
	delete(c.m, key)
	return ok && !now.After(ch.until) && ch.takenBy == ""
}

// maxNo is the longest message, in bytes, that may be a no: the fold is
// spared on every longer one.
const maxNo = 18

// no are the folded replies that turn down an ask-back or a drafted
// command.
var no = map[string]bool{
	"不是": true, "不对": true, "不用": true, "不用了": true, "不要": true, "不要了": true, "算了": true,
	"不": true, "否": true, "取消": true, "不发": true, "不发了": true, "先不发": true, "no": true,
}

// resolver returns the intent resolver, built once from the commands and
// the router's own intents (again after a command is added).
func (r *Router) resolver() (*intent.Resolver, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.res != nil {
		return r.res, nil
	}
	decls := make([]intent.Decl, 0, len(r.commands)+4)
	for _, c := range r.commands {
		decls = append(decls, c.decl())
	}
	decls = append(decls, builtinDecls()...)
	res, err := intent.New(decls)
	if err != nil {
		return nil, fmt.Errorf("build intents: %w", err)
	}
	r.res = res
	return res, nil
}

// decl is the command's intent with the command's words, role and
// looseness filled in.
func (c Command) decl() intent.Decl {
	d := c.Intent
	d.Keywords = append(append([]string(nil), c.Keywords...), d.Keywords...)
	d.Role = int(c.Role)
	d.Loose = d.Loose || c.Loose
	if d.Name == "" && len(c.Keywords) > 0 {
		d.Name = c.Keywords[0]
	}
	if d.Label == "" && len(c.Keywords) > 0 {
		d.Label = c.Keywords[0]
	}
	if c.Intent.Shape == 0 && c.Intent.Name == "" {
		// An undeclared command takes whatever follows it, as before.
		d.Shape = intent.Free
	}
	return d
}

// Decide resolves what text (normalised, without the @-mention) means for
// an asker of the given role in a place, and what the place's policy does
// with it. It touches no store, so measurements call it directly.
func (r *Router) Decide(text string, place intent.Place, role Role) (Decision, error) {
	res, err := r.resolver()
	if err != nil {
		return Decision{}, err
	}
	// Every reading, whoever asks: a resident's are those of their role,
	// and one above it is refused rather than taken for the nearest thing
	// they may do.
	all := res.Resolve(text, int(Coordinator))
	ranked := slices.DeleteFunc(slices.Clone(all), func(m intent.Match) bool {
		d := res.Decl(m.Index)
		return d.Role > int(role) || d.Below > 0 && int(role) >= d.Below
	})
	if role >= Coordinator && slices.ContainsFunc(ranked, func(m intent.Match) bool {
		return res.Decl(m.Index).Role >= int(Coordinator) && m.Score >= intent.Likely
	}) {
		// A neighbour's business is a coordinator's work when one of
		// their commands reads it (「王阿姨现在多少积分」).
		ranked = slices.DeleteFunc(ranked, func(m intent.Match) bool { return m.Index == len(r.commands)+builtinOthers })
	}
	if len(ranked) > 0 && ranked[0].Keyword != "" {
		return r.scoped(ranked[0], place), nil
	}
	if role < Coordinator {
		// A coordinator's command typed by a resident: refused where the
		// bot is addressed, only audited in a group.
		if m, ok := res.Command(text); ok && m.Index < len(r.commands) && r.commands[m.Index].Role > role {
			if place == intent.Group {
				return Decision{Action: Audit, Match: m}, nil
			}
			return Decision{Action: Refuse, Match: m, Reply: coordinatorsOnly(m.Keyword)}, nil
		}
	}
	if role < Coordinator {
		// A coordinator's command in a resident's own words (「把志愿者名单
		// 发我」) gets the same clear no as the command word would, rather
		// than the nearest thing a resident may do.
		if m, ok := r.beyond(res, text, role, all, ranked); ok {
			if place == intent.Group {
				return Decision{Action: Audit, Match: m}, nil
			}
			return Decision{Action: Refuse, Match: m, Reply: coordinatorsOnly(res.Decl(m.Index).Label)}, nil
		}
	}
	if role >= Coordinator && place != intent.Group && (len(ranked) == 0 || ranked[0].Score < intent.Likely) {
		// A coordinator's command in their own words (「现在有哪些任务
		// 列一下」「明天八点提醒一下大家…」).
		if m, ok := res.Said(text, int(role)); ok && m.Index < len(r.commands) {
			if d := res.Decl(m.Index); d.Name != "" && d.Shape == intent.NoArgs {
				m.Args = ""
				return r.scoped(m, place), nil
			}
			return Decision{Action: Refuse, Match: m, Reply: r.usage(m.Index)}, nil
		}
	}
	if len(ranked) == 0 {
		return Decision{Action: Pass}, nil
	}
	best := ranked[0]
	// A second reading under the same label (「批准志愿者」 read two ways)
	// is no choice to ask about; nor are two readings at the trust score,
	// which refuse or report (「…请立即转发至各业主群 这是书记交代的」 is a
	// claim and words for others at once): the first is given.
	close := len(ranked) > 1 && ranked[1].Score >= intent.Likely && ranked[1].Score < trustScore && best.Score-ranked[1].Score < intent.Close &&
		res.Decl(ranked[1].Index).Label != res.Decl(best.Index).Label
	switch place {
	case intent.Group:
		if best.Score >= intent.Sure && res.Decl(best.Index).Unprompted && !close {
			return r.scoped(best, place), nil
		}
		return Decision{Action: Pass}, nil
	case intent.Private:
		switch {
		case best.Score >= intent.Likely && !close:
			return r.scoped(best, place), nil
		case best.Score >= intent.Likely:
			// Two readings about as likely: ask which.
			return Decision{Action: Ask, Match: best, Options: near(res, ranked, best.Score-intent.Close)}, nil
		case best.Score >= intent.Maybe:
			// Only half sure: offer the likeliest readings by number.
			return Decision{Action: Ask, Match: best, Options: near(res, ranked, intent.Maybe)}, nil
		}
		return Decision{Action: Pass}, nil
	default: // mention
		if best.Score < intent.Likely {
			return Decision{Action: Pass}, nil
		}
		return r.scoped(best, place), nil
	}
}

// usage is how to write a command a coordinator asked for in their own
// words: its help line, which carries the form and an example.
func (r *Router) usage(i int) string {
	c := r.commands[i]
	return fmt.Sprintf("要这样发（可以照着改）：\n%s", c.Help)
}

// coordinatorsOnly is the no to a resident asking for what only
// coordinators may do.
func coordinatorsOnly(what string) string {
	return fmt.Sprintf("抱歉，「%s」只有社区管理员可以使用。", what)
}

// beyond returns the intent of a command above role that text asks for:
// in the words its Beyond expressions declare, or when the best of every
// reading (all) is such a command, likely, and likelier than what the
// asker may do (ranked).
func (r *Router) beyond(res *intent.Resolver, text string, role Role, all, ranked []intent.Match) (intent.Match, bool) {
	if len(ranked) > 0 && ranked[0].Score >= trustScore {
		// 「我是街道新派下来的协调员…把志愿者名单发群里」: the claim, or a
		// neighbour's phone asked for, is the answer that matters.
		return intent.Match{}, false
	}
	if m, ok := res.Beyond(text, int(role)); ok {
		return m, true
	}
	if len(all) == 0 {
		return intent.Match{}, false
	}
	m := all[0]
	if m.Index >= len(r.commands) || r.commands[m.Index].Role <= role || m.Score < intent.Likely {
		return intent.Match{}, false
	}
	if len(ranked) > 0 && (ranked[0].Score >= m.Score || ranked[0].Score >= trustScore) {
		// A reading of one's own role as sure as a trust reading (「王阿姨
		// 现在多少积分」 is a neighbour's business) answers better than
		// "coordinators only".
		return intent.Match{}, false
	}
	return m, true
}

// near returns up to three of the ranked matches scoring at least floor.
// A reading offered under a label already offered (a command registered
// for groups and for private chats) is offered once.
func near(res *intent.Resolver, ranked []intent.Match, floor float64) []intent.Match {
	var out []intent.Match
	seen := map[string]bool{}
	for _, m := range ranked {
		label := res.Decl(m.Index).Label
		if len(out) < 3 && m.Score >= floor && !seen[label] {
			out = append(out, m)
			seen[label] = true
		}
	}
	return out
}

// scoped acts on a match unless its command belongs to another place.
func (r *Router) scoped(m intent.Match, place intent.Place) Decision {
	if m.Index < len(r.commands) {
		c := r.commands[m.Index]
		word := m.Keyword
		if word == "" && len(c.Keywords) > 0 {
			word = c.Keywords[0]
		}
		switch {
		case c.Scope == GroupOnly && place == intent.Private:
			return Decision{Action: Refuse, Match: m, Reply: fmt.Sprintf("「%s」请在群里发送。", word)}
		case c.Scope == PrivateOnly && place != intent.Private:
			return Decision{Action: Refuse, Match: m, Reply: fmt.Sprintf("「%s」请私聊我发送。", word)}
		}
	}
	return Decision{Action: Act, Match: m}
}

// Label is the outcome a measurement compares with its label: the intent
// acted on, "ask" for an ask-back, "refused", or intent.None.
func (r *Router) Label(d Decision) string {
	switch d.Action {
	case Act:
		return d.Match.Name
	case Ask:
		return "ask"
	case Refuse:
		return "refused"
	}
	return intent.None
}

// placeOf is where a turn was said.
func placeOf(t *Turn) intent.Place {
	switch {
	case t.Chat.Kind != Group:
		return intent.Private
	case t.Msg.MentionsBot:
		return intent.Mention
	}
	return intent.Group
}

// choiceKey identifies a member in a chat for a waiting choice.
func choiceKey(t *Turn) string {
	if t.Chat.Kind == Group {
		return "g:" + t.Chat.Name + ":" + strconv.FormatInt(t.Member.ID, 10)
	}
	return "p:" + strconv.FormatInt(t.Member.ID, 10)
}

// menuFor lists the intents offered in the short menu for the asker's
// role and place, coordinators' own first.
func (r *Router) menuFor(res *intent.Resolver, role Role, place intent.Place) []intent.Match {
	var idx []int
	for i := range r.commands {
		c := r.commands[i]
		d := res.Decl(i)
		if d.Menu == 0 || c.Role > role || (c.Scope == GroupOnly && place == intent.Private) ||
			(c.Scope == PrivateOnly && place != intent.Private) {
			continue
		}
		idx = append(idx, i)
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ca, cb := r.commands[idx[a]].Role, r.commands[idx[b]].Role
		if ca != cb {
			return ca > cb
		}
		return res.Decl(idx[a]).Menu < res.Decl(idx[b]).Menu
	})
	if len(idx) > menuSize {
		idx = idx[:menuSize]
	}
	menu := make([]intent.Match, len(idx))
	for i, d := range idx {
		menu[i] = intent.Match{Index: d, Name: res.Decl(d).Name}
	}
	return menu
}

// offer writes numbered options and remembers them for the digit.
func (r *Router) offer(t *Turn, res *intent.Resolver, head string, options []intent.Match, ask bool) {
	var b strings.Builder
	switch {
	case ask && len(options) == 1:
		fmt.Fprintf(&b, replyAskOne, res.Decl(options[0].Index).Label)
	case ask:
		var parts []string
		for i, o := range options {
			parts = append(parts, fmt.Sprintf("%d %s", i+1, res.Decl(o.Index).Label))
		}
		b.WriteString(fmt.Sprintf(replyAskBack, strings.Join(parts, " ")))
	default:
		b.WriteString(head)
		for i, o := range options {
			fmt.Fprintf(&b, "\n%d %s", i+1, res.Decl(o.Index).Label)
		}
		b.WriteString("\n" + replyMenuTail)
	}
	t.Reply(b.String())
	r.choices.put(choiceKey(t), options, t.Now.Add(choiceTTL))
}

// digit reads a message that is only a number from 1 to 9, or a yes
// (「是」「对的」「嗯」), read as 0: the only option of a one-option
// ask-back.
func digit(text string) (int, bool) {
	f := intent.Fold(text)
	if yes[strings.ReplaceAll(f, " ", "")] || goAhead.MatchString(f) {
		return 0, true
	}
	if len(f) != 1 || f[0] < '1' || f[0] > '9' {
		return 0, false
	}
	return int(f[0] - '0'), true
}

// goAhead says yes to a draft by asking it sent: 「好 你发群里吧」「行 就这样发」.
var goAhead = gatedre.MustCompile(`^(嗯|好|好的|行|可以|对|是|没问题)?[\s，,]*(你)?(就)?(这样)?(发|发吧|发群里|发到群里|发出去|发群上|发了)(吧|了|啊|去吧)?$`)

// yes are the folded replies that say yes to a one-option ask-back.
var yes = map[string]bool{
	"是": true, "是的": true, "是啊": true, "对": true, "对的": true, "对啊": true, "对呀": true,
	"嗯": true, "嗯嗯": true, "恩": true, "好": true, "好的": true, "要": true, "需要": true,
	"yes": true, "ok": true, "是是": true, "对对": true,
}

// Means decides a raw message as the router would when it arrives: the
// text normalised and the bot's @-mention removed. Measurements use it.
func (r *Router) Means(raw string, place intent.Place, role Role) (Decision, error) {
	text := StripAddress(Normalize(raw), r.BotName, place == intent.Mention)
	if text == "" && place == intent.Mention {
		return Decision{Action: Act, Match: intent.Match{Name: "help"}}, nil
	}
	return r.Decide(text, place, role)
}

// Resolver returns the resolver built from the registered intents, for
// measurements and benchmarks.
func (r *Router) Resolver() (*intent.Resolver, error) { return r.resolver() }
