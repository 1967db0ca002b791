package faq

import (
	"slices"
	"strings"
	"unicode/utf8"

	"linli/bot/intent"
	"linli/internal/gatedre"
	"linli/knowledge"
	"linli/knowledge/garbage"
)

// The FAQ's intents, in residents' own words (cues over intent.Fold's
// plain form, where 啥 is 什么 and 咋 is 怎么). Both are asked with
// 「问 …」 too; the question's shape tells which.

// garbageCue are the common forms of asking which bin.
var garbageCue = gatedre.MustCompile(`(能|可以)(当|算)(厨余|其他|有害|可回收|干|湿)(垃圾)?(扔|丢|处理|投)?(吗|不|么)|是(厨余|其他|有害|可回收|干|湿)(垃圾)?(吧|不|吗|么|嘛|哦)?$|(扔|丢|倒|放)(到|进|在)?(厨余|其他|有害|可回收|干垃圾|湿垃圾)(桶|垃圾)?(里)?(行不|可以不|行吗|对吗|对不对|好吗|好不|吗|不|么)|(洗|冲|擦|沥)(了|干净|一下|干)?(再)?扔(不|吗|么)|扔(边个|哪个|什么|啥)桶|(掼|丢|扔|倒|放)(到|进)?(什么|啥)(个)?(桶|垃圾桶)|是(厨余|其他|有害|可回收|干|湿)(垃圾)?还是(厨余|其他|有害|可回收|干|湿)|(胶带|标签|瓶盖|塑料膜|包装|盖子|吸管)(上的)?.{0,4}(要不要|用不用|需不需要)(撕|拆|取|分开|拿下|拿出)|(扔|丢|倒|放|投)(到|进|在)?(什么|哪个|哪)(地方|地儿|位置)|(能|可以|还能)(放|扔|投)(进|到|在)?.{0,6}(回收箱|回收桶|垃圾桶)(里)?(吗|不|么)|(是|算)?(干的|湿的)还是(湿的|干的)|(能|可以|可)回收(吗|不|么|没|\?)?$|(往|朝)哪(个垃圾桶|个桶|个|里|儿)?(扔|丢|倒|放|投)|算(是)?(干|湿|可回收|有害|厨余|其他)(垃圾)?|(倒|扔|丢|投)(到|进|在)?(哪个垃圾桶|哪个桶|哪个|哪里|哪)|放(到|进|在)?(哪个垃圾桶|哪个桶)|` +
	`(干|湿|有害|可回收|厨余|其他)垃圾(吗|还是)|是不是(干|湿|有害|可回收|厨余|其他)垃圾$|是(干|湿|有害|可回收|厨余|其他)垃圾(不|吗|么)?$|是?什么垃圾|(属于|算|归)(哪|什么)(一)?类|垃圾分类怎么分|垃圾(要|该)?(怎么|如何)(分|分类)|垃圾分(几|哪几)类|` +
	`^(旧|废|废旧|过期|坏了的|坏的|用过的|碎了的|吃剩的|剩下的).{1,6}(怎么|如何)(处理|扔|丢)|` +
	// 「玻璃瓶是那个桶」: 那个 typed for 哪个; 「…能扔垃圾桶不」.
	`(是|扔|丢|投|放|倒|到|仍)(那个|那一个)(垃圾)?桶|(扔|丢|仍)(那个|那里|那儿)( (要|啊|呀|呢|哦).{0,4})?$|仍(到|进|在)?(哪个垃圾桶|哪个桶|哪个|哪里|哪)|(能|可以)(直接)?(扔|丢|放|倒)(进|到|在)?(垃圾桶|垃圾箱)(里)?(吗|不|么|没)?$|(能|可以)(扔|丢|放|倒|投)(进|到|在)?(干|湿|厨余|其他|有害|可回收)(垃圾)?(桶)?(里)?(吗|不|么|没)`)

// notGarbage is chatter about garbage that asks nothing.
var notGarbage = gatedre.MustCompile(`(问|问过)(它|小助手)|好用|分好了|真不容易|技术活|好臭|来晚|满了|谁放|回收站|收废品|不知道|找不到|忘了|丢了|钥匙|积分|兑换|(能|可以|就能)问|(怎么分|怎么扔)什么的|(也在|都在|正在|也要|也开始)(搞|做|推|弄)垃圾分类`)

// disposeAsk asks how to get rid of something; it is a sorting question
// only when the thing is a known item ("旧手机怎么处理", not "邻居占了楼道
// 怎么处理").
var disposeAsk = gatedre.MustCompile(`(怎么|如何)(处理|扔|丢|办)$|(怎么|如何)处理|(放|扔|丢|倒)(到)?哪(里|儿)$`)

// legalCue are the forms of a question about rights, liability or
// compensation, and the subjects only a legal question names (房租, 欠条,
// 遗产): a landlord's run-on story about unpaid rent is a legal question
// even when it ends like a request ("能不能把房子收回来").
var legalCue = gatedre.MustCompile(`谁(来)?(负责|赔|承担|管)|谁(来)?(出|掏|付)钱|该谁出|要不要管|管不管|该不该管|找谁(赔|负责)|找谁\??$|(医药费|医疗费|损失|修理费|修车钱|这笔钱|这钱)(该|应该|要|得)?(去)?找谁|找谁(要|讨|报销)(钱|医药费|赔偿)|(钱|损失|医药费)[^ ]{0,4}找谁(要|讨|赔|负责|追)?(去|啊|呢)?$|担责|责任吗|有责任|赔偿|要赔|赔吗|赔不赔|犯法|违法|合法|侵权|(能|可以)告([^诉]|$)|起诉|归谁|算谁的|能管吗|` +
	`(要不要|管不管)管|投诉|继承|遗嘱|赡养|押金|物业费|维修基金|维修资金|公共收益|能要回|` + askedBack + `|扣吗|负责吗|有权|法律规定|民法典(规定|怎么说|第)|` +
	`房租|租金|租客|房东|借条|欠条|抚养费|彩礼|遗产|` +
	// 「法律上是不是全楼都同意了才能装」「真要去法院的话我要准备啥」
	// 「能让他赔我窗台吗」「钱到底谁出啊…按楼层摊」
	`法律上|(去|上|到)法院|法院(会|能|判)|打官司|(能|可以)?让(他|她|他们|对方)赔|钱(到底)?(该)?谁(来)?(出|掏|付)|按(楼层|面积|户)(摊|分摊|出钱)|` +
	// 「…星期天也不停 有没有规定几点能装修」「是不是得我全赔」
	`装修.{0,12}(几点|时间|规定)|(几点|什么时候)(才)?(能|可以)(装修|施工|打钻|电钻)|(得|该|要)我(们)?(全|都|全部)?赔|` +
	// 「微信聊天记录能当证据吗」「让他按个手印行不行」「那我能录音吗」
	`(当|作为|算)证据|证据(吗|有用|管用|算数)|按(个)?手印|(能|可以)(偷偷)?(录音|录像|拍视频)(吗|不|么)|(分|拿)(得)?(一样多|一样)|` +
	// 「能不能直接把他家水闸关了」「狗把我孙子腿咬了 打疫苗花了一千多」
	`(往楼下|从楼上|朝楼下|楼上.{0,4}往下)(扔|甩|丢|泼|倒|抛)|(能不能|可不可以|可以)(直接)?(把|给)(他|她|他们|人家|对方|邻居|楼上|楼下)(家)?的?.{0,6}(关|拆|锁|剪|砸|停|断|扔|挪)|(咬|撞|砸|烫|摔)(伤|了|破)?.{0,24}(花了|医药费|看病|打针|疫苗|住院)`)

// askedBack is something asked back (「钱还能要回来吗」) rather than
// somebody coming back (「孙子要回来」).
const askedBack = `(钱|款|金|礼|费|房|东西)[^ ]{0,3}要回来|(能|能不能|怎么|咋|还能|想)要回来|要回来(吗|不|么|没)`

// legalFrame are the words a question about rights and duties turns on:
// what is owed, returned, divided, inherited, valid or whose
// responsibility, what a party must or may do (义务, 谁出, 该给吗, 要经过
// 同意吗, 要登记吗), and the harms and disputes residents tell of (撞伤,
// 泄露, 不承认). A message without one is not read as a legal question
// from its subject alone ("楼道的垃圾谁放的", "有人捡到手机吗").
var legalFrame = gatedre.MustCompile(`赔|退|分给|分到|分割|怎么分|能分|分遗产|分财产|分房|分家|平分|多分|(^|[^多])少分|分.{0,2}一半|分多少|继承|撤销|告(他|她|对方|到|赢)|(去|要|能)告([^诉]|$)|起诉|责任|有效|合法|算数|算不算|归谁|是谁的|权利|权益|有权|产权|抚养权|继承权|负责|承担|养老|抚养|判给|判决|判离|怎么判|过户|要回([^来]|$)|` + askedBack + `|还钱|不还|还吗|还我|能要|收回|赶([^紧快忙上到集]|$)|搬走|违约|定金|押金|利息|协议|合同|遗嘱|条件|手续|多久|几年|必须|优先|认不认|保护|法律|` +
	`伤|砸|撞|咬|(电|压|砸|撞|淹|烧|咬|毒|摔)死|侵犯|侵害|纠纷|骨折|弄坏|打碎|摔坏|泄露|卖给|发到|冒领|冒用|不让|不承认|不认|欠|借钱|借给|借了|借款|债|(要|拿)得回来|要不回来|传销|非法集资|(要|让|叫)(我|我们)(还|退)(回去|回来|给他|给她)|有(她|他|我)(的)?一半|(都|也)(要|想)分|房子(到底)?(怎么|咋)算|为什么(还|也)?(要|得)(我)?(交|给|付|出|还|赔)|(怎么|该怎么)要(钱|回来)|借(我|俺|他|她)[0-9一二两三四五六七八九十几百千]+(万|千|百|块|元)|跑路|骗|差错|出轨|打我|遗产|保证人|担保|转走|吵|噪音|扰民|油烟|挡住|挡了|挡光|挡路|占了|占用|霸占|侵占|占着|堆满|堆了|堆放|乱堆|私搭|乱搭|搭建|搭了|不管|出事|业委会|业主委员会|业主大会|监护|中介费|抵押|质押|报酬|不同意|串通|官司|` +
	`义务|该不该|应不应该|(能|可以|可)不(给|付|支付|交|缴|还|发)|(要|该|得|需要)(给|付|交|出)(吗|钱)|谁出|谁付|谁掏|合理吗|凭什么|(经过?|要|需要|得).{0,6}同意|同意吗|登记|(能|可以|能否|可否)要求|(属于|归)(谁|业主|个人|国家|集体)|(怎么|如何|怎样)解决|解决办法|` +
	// 「我妈走了 她微信支付宝里还有钱 这钱怎么取出来」: a death and what
	// was left is an inheritance told.
	`(妈|爸|娘|爹|老人|老伴|父亲|母亲|父母|爸妈|爷爷|奶奶|外公|外婆|老公|丈夫|媳妇|妻子|老爷子|老太太|老头|老太婆|公公|婆婆|岳父|岳母)[^ ]{0,6}((走|去世|过世|病逝)(了|的|后|之前|前|以后| |$)|不在(了| |$)|死了|没了).{0,30}(钱|存款|房|取|份|账户|遗物|东西|[0-9一二三四五六七八九十百千万]+(块|元|万))|有(我|我们|他|她)?(的)?份(吧|吗|没有|没|不)|(我|俺)(也)?有份(吗|没有|没|不)|` +
	`(钱|款)(还)?(能|可以)?(找|要|追|拿)回(来)?|不关(他|她|我|你)(的)?事|(这个|这)怎么算( |$)|(怎么|如何)(个)?证明|(说|是)(他|她|他们)家的|不准(动|拆|修|弄)|归(他|她|他们|我|我们)( |$|的|了)|(什么|啥)道理|(怎么|咋)(个)?要(回)?( |$)|写(的|了|着)?(他|她|我|谁)[^ ]{0,3}的?名(字)?|加上?(他|她|我|谁)?(们)?的?名(字)?|首付|保修|三包|质量问题|口头(说|答应|约定|承诺|协议|讲)|(钱|首付|房款|款)[^ ]{0,3}出了(一半|大半|多半|[0-9一二三四五六七八九十]+)|(得|要|该)签(什么|啥|哪些)|(我|俺)?(走|死|不在)了(以后|之后)?[^ ]{0,4}(房子|房|钱|存款|东西)(都)?(给|留给|归)|(兄弟|哥俩|哥仨|姐妹|姊妹|兄妹|姐弟|哥几个)[^ ]{0,12}(一人|平摊|轮流|各出|各管|各给)|没(有)?(我|他|她|我们)的份|有没有(我|俺|我们)?的?份|(没|有)资格(分|继承|拿|要)|抵(修理费|欠款|债|账|工钱|房租)|(能不能|可以)(卖掉|卖了|处理掉)|(不肯|不愿意?)(拿|交|吐|还)出来|(滑|摔|跌)(了)?(一)?(跤|倒)|(翻|跌|摔)(下来|倒)|找\p{Han}{1,4}还是找|(自己)(把|给)?[^ ]{0,6}(锯|砍|剪|拆|挪|扔|清)(掉|了|走)?[^ ]{0,2}(可以|行|能)(吗|不|么)|拦得(住|牢)|(能|可以)(阻止|拦住)|(要|让|叫)(他|她|他们|对方)(挪|拆|搬走|移|改|删)|(摄像头|监控)[^ ]{0,6}(对着|对准|正对)|(能不能|能|可以)管(他|她|他们)|找(他|她|他们|对方)赔|有这(个|种|样的?)?规定|(能|可以)管管(不|吗|么)?|堆在(过道|楼道|走廊|门口|路上|院子)|不给钱|少给|只给[0-9一二三四五六七八九十百]+|(还)?来得及(不|吗|么)|过(了)?(期限|时效)|补偿|生前(说|答应|讲|留)|全挡|泄出去|漏出去|管得着|管用吗|(要|讨)个?说法|扣着|扣了|扣货|还给谁|法院|找(他|她|他们|对方)要|` +
	`时效|租赁|宣告|债务|债权|保证期间|保证合同|承包|宅基地|` +
	// 「…说她伺候的多该她得 你给评评理」「跟老伴是后找的 没领证…」「棚改给
	// 我家算的面积少了」「对方只肯给两百」「外机正对我家窗户」「钱都揣他们
	// 自己包里去了」.
	`评评理|评理|争[^ ]{0,10}(留下|遗留)的|征地|(少|多)算了|算(少|错)了|工龄|找谁说理|说了(也)?不听|说(他|她|他们)(也)?不听|(叫|让|赶)我(回|搬|滚|走|出去)|替(他|她|老人)(取钱|取|签字|签|办)(不|吗)|^(法律咨询|咨询法律(问题)?|问(个|一下)?法律(问题|上的事)?)$|(去|能)(哪|哪里|哪儿)告|(能|还能|可以)(追|要|拿|找)(回|得回)(来)?|(人|店|老板)(都)?(找不见|找不到|跑了|关门)|(没|不)(管用|有用)|什么用(都)?没有|(有没有|找|要|请)(个)?律师|律师在(不在|吗)|缝(了)?[0-9一二三四五六七八九十几]+针|缝针|(拿|拿走)了?(她|他|我妈|老人)的?(卡|存折|银行卡)|糊涂|合理不|(这么|这样)(整|弄|做|搞)对(不|吗)|(我|俺)(走|死|不在)了(以后|之后)[^ ]{0,8}(怎么|咋|能不能)(拿|取|继承|分)|能管不能管|管不管得了|管得了(吗|不)|打断|打骨折|坐牢|判刑|(把|给)(我|我家|我的)[^ ]{0,4}(车|门|玻璃|东西)[^ ]{0,2}(划|刮|蹭)|(没|不)(领|扯)(结婚)?证|搭伙|棚改|拆迁|征收|动迁|只(肯|愿意|愿)(给|赔|出)|外机[^ ]{0,6}(对着|对准|正对)|钱(都)?(揣|装|落)(到|进)?(他们|他|她|物业|自己)|` +
	// 「我妈改嫁了 我还要养她吗」「装修做到一半 能解约吗」「开发商把绿地改成
	// 停车位卖钱 我们业主能管不」「广告灯箱每晚直射进我卧室」
	// 「我爸要是再婚他就不给生活费了」「万一以后她老糊涂了 由我管她的钱」
	`再婚|生活费|老糊涂|糊涂了|管(她|他|我)的钱|提前(定下来|安排好|立好)|` +
	`赡养|改嫁|还要养|养(她|他|我妈|我爸|老人)(吗|不|么)|解约|业主.{0,6}(能管|管不管|管得了|的吧|的吗)|商家(让|不给|不退|不管|推)|(广告费|收益).{0,8}(归|给|是)|直射|` +
	`(居住|物|抵押|质|留置|所有|使用|经营|监护|肖像|名誉|隐私|姓名|优先购买|知情|追偿|代位)权|` +
	`写谁|加名|名下|(房本|房产证|房子|证上).{0,10}名(字)?|用我(的)?(名字|名义|照片|身份|身份证|户口本)|` +
	`(要|让|叫)(我|他|她)(出|给|付|交|还|赔)|是谁的吗|还是我的|算在.{0,4}头上|转错|多转|多打了(一个)?(零|钱|[0-9])|收了(我|人家)|维权|假货|(全|都)是假的|把我拉黑|报警|报案|` +
	// 「我想把房子留给照顾我的侄女 能留吗」「安置房到现在还没有房产证 能不能
	// 卖」「儿子姑娘都要争」「包工头跑了 工钱一分没拿到」「存折叫我家二小子
	// 拿走了 …他说是我给他的」.
	`(房子|房|存款|钱|财产|遗产|东西)[^ ]{0,4}(留给|传给)|(没有?|还没|办不了|拿不到)(房产证|房本|不动产证)|(都|也)(要|想|在)争|争(房|家产|遗产|财产)|(工钱|工资|血汗钱)[^ ]{0,8}(没|不|拖|欠|木)|说是(我|你)(送|给)(他|她)的|(存折|银行卡|工资卡|钱)[^ ]{0,6}(拿走|取光|取走|转走)|(就|要|会)(给我|给我们)?(停水|停电|断水|断电)|说了(好几|几|三|两|四|五|[0-9]+)(回|次|遍)|(不得|该|要|得)陪(啊|吗|吧|不)?`)

// weakFrame are words that frame a legal question in a story of a deal
// or a family (无效, 委托, 公证, 反悔, 损失, 平摊, 改姓) but as often a question
// about the programme (「活动报名可以反悔吗」「积分无效了」): they frame one
// only when the message names nothing of the programme (programmeWord).
var weakFrame = gatedre.MustCompile(`换货|退换|无效|生效|条款|租给|委托|公证|反悔|道歉|损失|补钱|拒收|平摊|分摊|多少年|(能|可以|能否|可否|有权)拒(绝|付|收|交)|是我的吗|(改|跟|随).{0,4}姓`)

// programmeWord is a word of the community programme's own (活动, 报名,
// 积分, 打卡): a message with one is about the programme unless a strong
// legal frame word says otherwise. A group of others' (业主群, 家长群,
// 微信群) is no group of the programme's: 「有人在业主群里说我偷了…」.
var programmeWord = gatedre.MustCompile(programmeOwn + `|(^|[^主长族戚学信生个购])群`)

// programmeOwn are the programme's words but 群: a group is where a
// resident is wronged too (「拍视频发到群里」「在群里造谣」).
const programmeOwn = `活动|报名|积分|打卡|签到|讲座|课程|志愿者|奖品|兑换|补签`

// ourOwnRe matches programmeOwn.
var ourOwnRe = gatedre.MustCompile(programmeOwn)

// ourOwnWord reports whether a lexicon trigger is a word of the programme
// or of the community itself (社区): every message to the bot may carry
// one, so it places none in the law.
func ourOwnWord(trigger string) bool {
	return trigger == "社区" || ourOwnRe.MatchString(trigger)
}

// contested are the words that ask whether what the other side says or
// does stands (「物流说签收了就跟他们没关系了，真是这样吗」). Short
// messages ask so about the programme too (「活动时间是这样吗」), so they
// frame a legal question only in a story of contestedMinLen runes or more.
var contested = gatedre.MustCompile(`真的假的|有道理(吗|不|没|么)|在理(吗|不|没)|有这(个|种|样的?)?规(定|矩)|有用(吗|没|不)$|说得过去|是这样吗|是这么回事吗|能这(样|么做)吗|(可以|能)这样吗|这样做?对吗`)

// contestedMinLen is the shortest message contested words frame.
const contestedMinLen = 20

// notLegal is a message for the sorting guide or the events, never a
// legal question: a sorting question (「电池是什么垃圾」「垃圾分类」), a
// lecture, a bare 「怎么办」. Garbage that harms (「建筑垃圾绊倒了我妈」
// 「物业不收垃圾」) is for the law.
const notLegal = `(闺女|女儿|儿子|老伴|孩子|老公|老婆|媳妇|那口子|老头子|老太婆|对象|他|她|人家)说([^ ?？吗么]{0,12}(得|要|应该|最好|还是)找(个)?(正经|专业|正规)?律师|法律上)[^?？吗么]*$|谁认识|有没有人认识|(有)?(啥|什么)?(通知|消息)(可以|就|请)?(通知|告诉|发给|打给)我|^(大家|各位|邻居们)(都)?(小心|注意|当心|警惕)|(大家|各位)(千万)?(不要|别)(信|上当|转账)|在(不在)?群里(吗|不|没)|(看|回)(一下|下)?私信|私聊我|(电话|手机|号码|微信)(号)?(是|号)?多少|留的电话|(^|帮我|替我|你|请)(把|将)[^ ]{0,12}(发|转)(到|去|给)[^ ]{0,6}(所有|全部|各个|每个|几个)?(的)?群|(积分|分)(能|可以)?换|(帮我|替我|给我|你)(在|到|往|给)[\p{Han}0-9]{0,4}群(里)?(都)?(发|群发|转发|说)|谁(投诉|举报|告状)|(是|属于|算)(什么|哪种|哪类|哪一类)?垃圾|垃圾(分类|怎么分)|(^|[^不没])干垃圾([^桶]|$)|(湿|有害|可回收|厨余|其他)垃圾([^桶]|$)|分类|讲座[^，。 ]{0,8}(报名|几点|在哪|哪里|时间|地点|还有|名额|位置|取消|去不了|吗|么|没)|(报名|参加|去听)[^ 被]{0,6}讲座([^ ]{0,6}(吗|么|不|几点|在哪|哪里|时间|地点)|$)|讲座$|还能报(名)?(吗|么|不)?$|还有(名额|位置|位子)|^怎么办\??$|^(那个|这个)?\p{Han}{0,4}(义诊|讲座|活动|课|包饺子|体检)(我|俺)(也)?(要|想)(报名|报个名|报一个|参加)`

// binWord is a garbage bin or bag named.
var binWord = gatedre.MustCompile(`垃圾(桶|袋)`)

// legalQuestionShape is a question, in the wider forms of a private
// message (算不算, 有没有, 多久, a question mark mid-message, the tail
// 「…房子不」) beside those of questionShape.
var legalQuestionShape = gatedre.MustCompile(questionShape.String() + `|会不会|是不是|对不对|管不管|能管不能管|有没有用|算[^ ]{1,6}还是算|(是|归)[^ ]{1,6}还是(归|是)|[^ ]的还是[^ ]|\p{Han}{1,6}还是\p{Han}{1,6}(划算|好|对|合适)$|(想)?(问|咨询)(个|一个|一下|下|问)[^ ]{0,10}(的)?(事|问题)|[吗呢么]\s|[么嘛]$|\?|怎样|算不算|有没有|多少|多久|行不行|认不认|能否|不$|(^| )(他|她|他们|人家|物业|房东|对方)(就)?(能|可以|有权)\p{Han}{1,4}$`)

// notAsking are the question words of a statement: 「医生什么都没说」,
// 「物业啥都不干」, 「谁都不管」 tell, they do not ask.
var notAsking = gatedre.MustCompile(`(什么|啥|谁|哪儿|哪里)(都|也)`)

// The scores of a legal question found by its subject rather than by a
// cue: between intent.Likely and intent.Sure, so a private chat or a
// message to the bot gets the answer and a group that did not ask hears
// nothing; a statement is only offered back (intent.Maybe).
const (
	legalBySubject       = 0.8
	legalToldByFrame     = 0.64
	legalToldOfAnother   = 0.77
	legalStatedBySubject = 0.55
	// legalTold is a grievance told in the law's words that turns on
	// nothing legalFrame knows and asks nothing (「邻居每天晚上在阳台上
	// 唱歌到十二点」): a private chat offers the legal answer among the
	// likeliest readings instead of the general menu.
	legalTold = intent.Maybe
)

// somethingWrong is what a grievance tells of: a thing not done or not
// allowed, done to someone or behind their back, broken, taken, or put up
// with every day. A story without it (「我老婆今天包了饺子」, 「明天在小区
// 门口集合」) is chatter.
var somethingWrong = gatedre.MustCompile(`没|不|未经|被|把.{1,12}(了|在|成|到)|天天|每天|一直|总是|老是|坏|漏|臭|吵|骂|难听|摔|偷|乱|拖|霸|擅自|私自|圈|围起来|闹|到处|瞒|偷拍|对着我家|裂|家暴|打伤|打我([^电手]|$)|脏|屎|尿|吵醒|(掉|滴|溅|落)(在|到)?(我家|我们家|我)|堵|挡|占|过不去|进不去|出不去|侧着|假|骗|货不对|盗(用|去|走)|塌|跑( |$)|(钻|伸|长|流|渗|淹|爬)(到|进)(了)?(我家|我们家|我这)|(拱|鼓|翘)起来|开裂|住院|住了.{1,3}院|中毒|推倒|磕(掉|破|伤|断)|(现在|又|却|反而|倒)(说|讲)(是|成)|拿(了)?我(的)?身份证|(拿|用|借)(了)?我(的)?名(字|义)?|跑了|跑掉|卷(了|走)|拿走|取光|取走|收了(我|人家)[0-9一二三四五六七八九十百千两几]+|(都|也)(要|想|在)争|争(房|家产|遗产|财产|抚养)|找不到人|联系不上|响得|太响|错`)

// grievanceMinLen is the shortest story told without a legal frame word
// that is read as one: a few words (「楼下有人吗」) are chatter.
const grievanceMinLen = 10

// framedGrievanceMinLen is the shortest wrong told in the law's words that
// is answered rather than offered back: 「借出去的钱要不回来」「被人家骗了
// 两万块」 say all there is to say.
const framedGrievanceMinLen = 8

// framedGrievance reports whether a message framed by the law's words
// tells of a wrong at the length framedGrievanceMinLen.
func framedGrievance(folded string) bool {
	return utf8.RuneCountInString(folded) >= framedGrievanceMinLen &&
		somethingWrong.MatchString(folded) && !asksLegal(folded)
}

// legalByKnowledge reads a message that names no legal cue as a legal
// question when it turns on rights or duties (legalFrame) or names
// something by the law's own term (namesLawTerm), and the
// knowledge base knows its words as the law's: 「老公
// 欠的赌债要我一起还吗」, 「签了三十年的租房合同法律认不认」. A question
// gets legalBySubject, a statement of a grievance legalStatedBySubject,
// and a grievance with no such word that tells of something wrong
// (somethingWrong) legalTold.
func (w *Workflow) legalByKnowledge(folded string) float64 {
	if w.kb == nil {
		return 0
	}
	return w.legalPlaced(folded, w.framedByWords(folded))
}

// legalPlaced is legalByKnowledge once it is known whether the message's
// words frame it (framedByWords), so a caller that has asked does not ask
// again.
func (w *Workflow) legalPlaced(folded string, byWords bool) float64 {
	contests := !byWords && utf8.RuneCountInString(folded) >= contestedMinLen && contested.MatchString(folded)
	framed := byWords || contests
	wrongAsked := !framed && askedOfAWrong(folded)
	if !framed && !wrongAsked && !toldGrievance(folded) {
		return 0 // the search is not run for the check-ins and chatter
	}
	// Its own words must place it: an example question that holds much
	// of them (residents asked so before: 「车寄放在朋友那…」), words
	// of an area of law, or everyday words the lexicon carries to the
	// Code's (望远镜 → 窥视); one character (车, 狗) says too little. A
	// story framed only by what the other side says (contested) needs
	// the area's words or an example: the programme's own words (社区,
	// 活动) have lines in the lexicon too.
	res := w.kb.Search(folded, 3)
	if !res.Place.Own && (contests || !slices.ContainsFunc(res.Expansions, func(x knowledge.Expansion) bool {
		return utf8.RuneCountInString(x.Trigger) > 1 && !ourOwnWord(x.Trigger)
	})) {
		return 0
	}
	switch {
	case wrongAsked:
		return legalToldByFrame
	case framed && asksLegal(folded):
		return legalBySubject
	case framed && toldOfAnother(folded, true):
		// A story at length of what another side did, told in the law's
		// words (「楼道里对门堆满纸壳子…说她她还骂人」), is the law's even
		// where a hand might help too.
		return legalToldOfAnother
	case framed && toldGrievance(folded), framed && framedGrievance(folded), toldOfAnother(folded, framed):
		// A story of a wrong told to the bot in the law's words (「老公
		// 喝了酒就打我我想离婚」), or at length of what another side did
		// (「邻居在走廊装了个摄像头正对着我家门…」), is answered, not
		// offered back.
		return legalToldByFrame
	case !framed:
		return legalTold
	}
	return legalStatedBySubject
}

// startsWithDigit reports whether s begins with an ASCII digit.
func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// toldOfAnother reports whether a folded message tells at length of
// another side (otherSide), away from the programme's own business. A
// story in no legal frame word must tell of a wrong, and not of the
// teller's own limits or a hand asked for (「医生让我下周一去…一个人看不懂
// 那个机器挂号」 is for a volunteer).
func toldOfAnother(folded string, framed bool) bool {
	if utf8.RuneCountInString(folded) < wrongAskedMinLen || !otherSide.MatchString(folded) ||
		programmeWord.MatchString(folded) || volunteering.MatchString(folded) {
		return false
	}
	return framed || !handAsked.MatchString(folded) &&
		somethingWrong.MatchString(ownLimits.ReplaceAllString(eitherOr.ReplaceAllString(folded, ""), ""))
}

// ownLimits are what the teller cannot do or does not know: no wrong of
// another's.
var ownLimits = gatedre.MustCompile(`(看|听|弄|搞|走|拿|搬|扛|爬|下|上|去|来)不(懂|清|动|了|明白|来|去)|不(会|方便|知道|好意思|太会|认识)`)

// handAsked asks for someone to come and help.
var handAsked = gatedre.MustCompile(`陪(我|她|他)|帮(我|忙|一下)|有没有人|找(个)?人|谁(能|会|有空)`)

// framedByWords reports whether a folded message turns on a right or a
// duty by its words: a strong frame word, a weak one away from the
// programme's words, or the law's own term for something.
func (w *Workflow) framedByWords(folded string) bool {
	return legalFrame.MatchString(folded) ||
		weakFrame.MatchString(folded) && !programmeWord.MatchString(folded) ||
		w.namesLawTerm(folded)
}

// legalShaped reports whether a folded question reads as a legal one by
// its words alone, as the legal intent would read it: a cue, a frame, or
// a wrong another side did told at length.
func (w *Workflow) legalShaped(folded string) bool {
	return cuedLegal(folded) || howNow.MatchString(folded) || w.framedByWords(folded) ||
		toldOfAnother(folded, false) && toldGrievance(folded)
}

// cuedLegal reports whether a folded message asks a legal question in so
// many words (legalCue, legalAsk): the legal intent acts on it by cue.
func cuedLegal(folded string) bool {
	return legalCue.MatchString(folded) || legalAsk.MatchString(folded)
}

// howNow is a message that asks 「怎么办」「咋整」: a legal question when
// the bot is asked, but said to the neighbours (「天天在屋抱着手机 咋整」
// 「那堆纸壳子 着火咋整」) it is talk, so it is likely, not sure.
var howNow = gatedre.MustCompile(`怎么办`)

// namesLawTerm reports whether a folded message names something by the
// law's own term (留置权, 保管人, 离婚, 人格权): only a legal question
// does, whatever else it holds.
func (w *Workflow) namesLawTerm(folded string) bool {
	term, _ := w.kb.Index().LawTerm(folded)
	return term != ""
}

// toldGrievance reports whether a message with no legal frame word tells
// of something wrong at some length. A question that turns on no right or
// duty asks about something else (「电梯里贴的公告是什么意思」); a few words
// are chatter. The cheap checks come first: this runs for every message.
func toldGrievance(folded string) bool {
	return utf8.RuneCountInString(folded) >= grievanceMinLen &&
		somethingWrong.MatchString(folded) && !asksLegal(folded)
}

// wrongAskedMinLen is the shortest story with a question that is read as
// a legal one without a legal frame word: 「电梯啥时候修好啊 都没人管」 is
// shorter.
const wrongAskedMinLen = 20

// askedOfAWrong reports whether a folded message tells of a wrong done by
// another side at some length and asks about it in words legalFrame does
// not know (「…说好几次都不搬 我能自己给他清了吗」「…跟他说他说装在他自己墙上
// 关我啥事」): answered as a wrong told in the law's words is, instead of
// the menu. A story of the programme's own (积分, 活动) is not one.
func askedOfAWrong(folded string) bool {
	return utf8.RuneCountInString(folded) >= wrongAskedMinLen && asksLegal(folded) &&
		otherSide.MatchString(folded) && somethingWrong.MatchString(eitherOr.ReplaceAllString(folded, "")) &&
		!programmeWord.MatchString(folded) && !volunteering.MatchString(folded)
}

// eitherOr are the questions that ask by a 不 or 没 (能不能, 有没有): they
// tell of nothing wrong.
var eitherOr = gatedre.MustCompile(`(能|是|要|可|行|会|该|算|有|管|认|对|好|用|给|还|赔|去|来|让)(不|没)(能|是|要|可以|行|会|该|算|有|管|认|对|好|用|给|还|赔|去|来|让)|(不|没)(吗|呢|啊|呀)?$`)

// volunteering is a volunteer's own business (志愿时长, 社会实践).
var volunteering = gatedre.MustCompile(`志愿|时长|社会实践|盖章`)

// otherSide is who a wrong is told of: a neighbour, a landlord, a shop, a
// company, a relative, an ex.
var otherSide = gatedre.MustCompile(`邻居|隔壁|对门|楼上|楼下|一楼|顶楼|物业|房东|租客|中介|房主|买家|主播|(不知道|不晓得)谁|有人|(让|叫)(他|她)|人家|老板|店|商家|卖家|平台|公司|银行|医院|学校|单位|开发商|装修|前任|前夫|前妻|(前|男|女)(男|女)?朋?友|村里|村委|村干部|村长|幼儿园|培训班|机构|老师|亲戚|侄|外甥|儿媳|女婿|公婆|婆婆|公公|兄弟|姐妹|(^|[ 我俺他她的])(大|二|三|小)?(哥|姐|弟|妹|嫂|叔|伯|姑|舅|姨)([^夫]|$)|姐夫|妹夫|后妈|后爸|继母|继父|后老伴|男方|女方|(他|她)的?(子女|儿子|女儿|儿女)|保姆|护工|养老院|菜场|菜市场|超市|商场|饭店|餐馆|市场|被人|别人|(他|她|人家|对方)(家|不|就|还|把)`)

// asksLegal reports whether a folded message is shaped like a question,
// the question words of a statement (notAsking) aside.
func asksLegal(folded string) bool {
	return legalQuestionShape.MatchString(notAsking.ReplaceAllString(folded, ""))
}

// whatIsIt asks what a thing is (「外卖盒子里有油的算什么」), a sorting
// question when the thing is a known item; itemThen is a known item asked
// after another (「榴莲壳呢 那么硬」).
var (
	whatIsIt = gatedre.MustCompile(`(算|是|属于)(什么|啥|哪种|哪类|哪个)(东西)?$`)
	itemThen = gatedre.MustCompile(`^(那|那个|还有|再问一个)?(\p{Han}{1,8}?)(呢|咧|嘞)$`)
	// spilled is a hazardous thing broken or spilled: 「体温计碎了 水银的
	// 怎么办」, which is for safety and the red bin, not the law.
	spilled = gatedre.MustCompile(`(水银|体温计|温度计|血压计|荧光灯|节能灯|灯管).{0,8}(碎|打碎|摔碎|破|洒|漏)`)
	// askingNeighbours is a question put to the neighbours, not the bot.
	askingNeighbours = gatedre.MustCompile(`^(有人|有没有人|有没有|谁|大家|哪位|你们)(邻居|朋友|街坊)?(知道|晓得|清楚)|^(你们|大家)(说|看|觉得)`)
)

// othersDid is what somebody else did with a thing, told: asked about,
// it is still a sorting question.
var othersDid = gatedre.MustCompile(`(有人|谁|人家|邻居|楼上|楼下|他|她)(又|总|老是|天天)?把`)

// spillScore is above a legal reading's: a spill is answered with safety.
const spillScore = 0.985

// garbageScore reads a folded message as a sorting question.
func (w *Workflow) garbageScore(folded string) float64 {
	if s := w.garbageScoreOf(folded); s > 0 || w.garbage == nil {
		return s
	}
	// 「店池呢」「鸡旦壳是干的还是湿的」: typed by sound.
	if soundsSorting.MatchString(folded) {
		if again := w.garbage.Respell(folded); again != folded {
			return w.garbageScoreOf(again)
		}
	}
	return 0
}

// soundsSorting are the forms of a sorting question whose item may be
// typed by sound: only these are respelled.
var soundsSorting = gatedre.MustCompile(`扔|丢|倒|垃|圾|拉|桶|回收|干的|湿的|呢(\s|$)|算什么|是什么|还是|其他|有害|厨`)

func (w *Workflow) garbageScoreOf(folded string) float64 {
	if spilled.MatchString(folded) {
		return spillScore
	}
	switch {
	case notGarbage.MatchString(folded), othersDid.MatchString(folded) && !asksLegal(folded):
		// 「刚看到楼下有人把旧沙发扔垃圾桶边上了 真是的」 is news.
		return 0
	case garbageCue.MatchString(folded) || garbageAsk.MatchString(folded) || sortingAsk.MatchString(folded):
		return intent.ByCue
	case w.garbage == nil:
		return 0
	}
	q := strings.ReplaceAll(folded, " ", "")
	if bulkyWord.MatchString(q) && ridOfOwn.MatchString(q) && !legalCue.MatchString(q) {
		// 「家里有个旧沙发想扔掉 是放楼下还是找谁来拉」: no bin takes it.
		return intent.ByCue
	}
	if disposeAsk.MatchString(q) && !legalCue.MatchString(q) {
		if item := disposeAsk.ReplaceAllString(q, ""); item != "" && (w.sure(item) || bulky.MatchString(item)) {
			return intent.ByCue
		}
	}
	if m := whatIsIt.FindStringIndex(q); m != nil && m[0] > 0 && w.knowsItemIn(q[:m[0]]) {
		return intent.ByCue
	}
	for _, c := range clauseBreak.Split(strings.TrimSpace(folded), -1) {
		if m := itemThen.FindStringSubmatch(c); m != nil && w.sure(m[2]) {
			return intent.ByCue
		}
		// 「过期的药片放哪里 屋里翻出来一抽屉」: the item and how to get
		// rid of it in one clause, more told after.
		if item := disposeAsk.ReplaceAllString(c, ""); item != c && item != "" && w.sure(item) {
			return intent.ByCue
		}
	}
	if utf8.RuneCountInString(q) <= 14 && utf8.RuneCountInString(garbage.Normalize(q)) <= 8 && w.sure(q) {
		// A bare item name ("电池") is a sorting question too.
		return intent.ByHint
	}
	return 0
}

// sortingItem is the item of a sorting question told in more than one
// clause: in 「旧沙发咋扔啊 太大了」 or 「一次性筷子呢 木头的能回收吗」 the item is
// in one clause and chatter or the question's form in another. The whole
// question's item stands when the classifier knows it; else the first
// clause whose item it knows for sure, or that is too big for any bin.
func (w *Workflow) sortingItem(q string) string {
	item := w.sortingItemOf(q)
	if w.garbage == nil {
		return item
	}
	// 「打卡过期药」「孙子点外卖盒」: the known thing it ends in, as the
	// reply names it.
	for _, f := range w.garbage.Find(item, "", 3) {
		if f.Name != item && strings.HasSuffix(item, f.Name) {
			return f.Name
		}
	}
	return item
}

func (w *Workflow) sortingItemOf(q string) string {
	q = garbage.DropMaterialAside(askingNeighbours.ReplaceAllString(strings.TrimSpace(q), ""))
	whole := garbageItem(q)
	if w.garbage == nil || w.sure(whole) || bulky.MatchString(whole) {
		return whole
	}
	if m := whatIsIt.FindStringIndex(q); m != nil && m[0] > 0 && w.knowsItemIn(q[:m[0]]) {
		if item := garbageItem(q[:m[0]]); w.sure(item) {
			return item
		}
		return w.garbage.Find(q[:m[0]], "", 1)[0].Name
	}
	if again := w.garbage.Respell(q); again != q {
		if item := w.sortingItemOf(again); w.sure(item) {
			return item
		}
	}
	if b := bulkyWord.FindString(q); b != "" && ridOfOwn.MatchString(q) {
		return b
	}
	if clauses := clauseBreak.Split(strings.TrimSpace(q), -1); len(clauses) >= 2 {
		for _, c := range clauses {
			item := garbageItem(c)
			if w.sure(item) || bulky.MatchString(item) {
				return item
			}
		}
	}
	if found := w.garbage.Find(q, "", 1); len(found) == 1 && (utf8.RuneCountInString(q) > 12 || w.sure(found[0].Name)) {
		// A story told in one breath: the first thing in it the list
		// knows.
		return found[0].Name
	}
	return whole
}

// clauseBreak separates the clauses of a message typed without
// punctuation or with it.
var clauseBreak = gatedre.MustCompile(`[\s，,。；;！!？?、]+`)

// knowsItemIn reports whether words are, or name, an item the list
// knows.
func (w *Workflow) knowsItemIn(words string) bool {
	return w.sure(garbageItem(words)) || len(w.garbage.Find(words, "", 1)) > 0
}

func (w *Workflow) sure(item string) bool {
	a := w.garbage.ClassifyIn(item, "")
	return a.Sure() && a.Category != garbage.Unknown
}

// isGarbageQuestion tells a sorting question from a legal one after 「问」.
func (w *Workflow) isGarbageQuestion(args string) bool {
	return w.garbageScore(intent.Fold(args)) > 0
}

func (w *Workflow) garbageIntent() intent.Decl {
	return intent.Decl{
		Name: "garbage", Label: "垃圾怎么分", Shape: intent.Free, Asks: true, Unprompted: true, Menu: 5,
		Accept: w.isGarbageQuestion,
		Score: func(folded string) float64 {
			if askingNeighbours.MatchString(folded) {
				// 「哪位邻居知道 大骨头算什么垃圾」 asks the neighbours:
				// answered when the bot is asked, not in a group.
				return min(w.garbageScore(folded), intent.ByHint)
			}
			return w.garbageScore(folded)
		},
		Phrases: []string{"电池是什么垃圾", "旧衣服能回收吗", "奶茶杯算干垃圾吗", "剩饭倒哪个桶", "过期药怎么处理",
			"塑料袋扔哪", "大棒骨是干垃圾还是湿垃圾", "垃圾怎么分类"},
	}
}

func (w *Workflow) legalIntent() intent.Decl {
	return intent.Decl{
		Name: "legal", Label: "邻里法律问题", Shape: intent.Free, Asks: true, Unprompted: true, Menu: 6,
		// 「请问3栋2单元熊师傅电话多少」 runs the command word into a
		// building number: it is read by its words like any message.
		Accept: func(args string) bool {
			return !w.isGarbageQuestion(args) && !startsWithDigit(args)
		},
		Score: func(folded string) float64 {
			if cuedLegal(folded) {
				return intent.ByCue
			}
			if binWord.MatchString(folded) {
				// 「电池扔哪个垃圾桶」 is for the sorting guide; a bin in a
				// story the law's words tell (「…房东也不管 我给他扔垃圾
				// 桶算不算我的错」) was cued above.
				return 0
			}
			if howNow.MatchString(folded) {
				if w.kb == nil {
					return intent.ByHint
				}
				byWords := w.framedByWords(folded)
				if byWords || otherSide.MatchString(folded) && somethingWrong.MatchString(folded) {
					return intent.ByCue // 「邻居家装修噪音太大怎么办」「楼上漏水到我家怎么办」
				}
				return max(intent.ByHint, w.legalPlaced(folded, byWords))
			}
			return w.legalByKnowledge(folded)
		},
		Not: []string{notLegal},
		Phrases: []string{"楼上漏水谁来赔", "狗咬了人谁负责", "高空抛物砸坏车能要赔偿吗", "在楼道堆杂物犯法吗",
			"邻居装修太吵能投诉吗", "房东不退押金怎么办"},
	}
}

func handOverIntent() intent.Decl {
	return intent.Decl{Name: "legal_handover", Label: "转志愿者", Shape: intent.Free}
}

// garbageItem is the thing a sorting question asks about: the question's
// form ("能回收吗", "倒哪个桶", "咋处理") taken away, so the classifier sees
// only "旧衣服". The question itself is kept when nothing is left.
func garbageItem(q string) string {
	f := strings.ReplaceAll(intent.Fold(q), " ", "")
	item := garbageCue.ReplaceAllString(disposeAsk.ReplaceAllString(garbageAsk.ReplaceAllString(f, ""), ""), "")
	item = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(item, "请问"), "这个"), "是")
	for again := true; again; {
		again = false
		for _, tail := range []string{"吗", "呢", "么", "不", "没", "是", "属于", "算", "能不能", "可不可以", "应该", "要", "该", "额", "伐", "哦", "呀", "啦", "嘞"} {
			if cut, ok := strings.CutSuffix(item, tail); ok && cut != "" {
				item, again = cut, true
			}
		}
	}
	if utf8.RuneCountInString(item) < 1 {
		return q
	}
	return item
}
