package volunteer

import (
	"slices"
	"sort"
	"strings"

	"linli/internal/gatedre"
)

// cue is a word that points to a category, with its weight.
type cue struct {
	word   string
	skill  Skill
	weight int
}

// categoryCues are the words residents use for each kind of help. They are
// matched longest-first from left to right, so "卫生院" is not read as
// "卫生" and "修" does not count inside "维修".
var categoryCues = buildCues(map[Skill]map[int][]string{
	Errands: {
		3: {"买菜", "买两次菜", "买几次菜", "买趟菜", "代买", "跑腿", "去银行", "取点钱", "银行柜台", "取快递", "拿快递", "寄快递", "取个快递", "拿个快递", "代取", "代寄", "买点菜", "买些菜", "缴费", "交费", "交水费", "交电费", "交燃气费", "交煤气费", "送饭", "打饭", "代购", "水电费", "燃气费", "电费", "水费", "话费", "取药单", "倒垃圾", "倒个垃圾", "倒下垃圾", "倒一下垃圾", "扔垃圾", "扔个垃圾", "带垃圾下楼", "垃圾倒", "垃圾拿下去", "垃圾提下去", "垃圾带下去", "拿垃圾"},
		2: {"快递", "取件", "包裹", "买点", "买些", "买个", "买几", "帮忙买", "帮我买", "超市", "菜市场", "菜场", "药店", "药房", "买药", "买米", "买面", "买油", "充值", "取钱", "取个钱", "送东西", "捎", "带点", "带些", "外卖", "买早饭", "买饭", "买水果", "买东西", "交话费", "跑一趟"},
		1: {"鸡蛋", "蔬菜", "馒头", "牛奶", "水果", "银行"},
	},
	Medical: {
		5: {"倒在地上", "晕倒", "昏倒", "昏迷", "不省人事", "叫不醒", "喘不上气", "喘不过气", "呼吸困难", "大出血", "血止不住", "抽搐"},
		4: {"陪诊", "就医", "就诊", "看病", "挂号", "复查", "复诊", "体检", "输液", "挂水", "透析", "门诊", "化疗", "看医生", "看大夫", "眼科", "骨科", "牙科", "胃镜", "做B超"},
		3: {"医院", "一院", "二院", "三院", "四院", "五院", "六院", "卫生站", "卫生院", "卫生服务中心", "卫生服务站", "卫生室", "社区医院", "诊所", "拿药", "配药", "开药", "取药", "化验", "拍片", "做检查", "打针", "打疫苗", "住院", "出院", "看牙", "抽血", "拆线", "换药", "做CT", "量血压", "测血糖"},
		1: {"医生", "大夫", "检查", "病历"},
	},
	Companion: {
		4: {"陪伴", "聊天", "聊聊", "聊会", "说说话", "说会话", "唠嗑", "唠唠", "拉家常", "做伴", "读报", "念报", "念信", "读信", "念念", "给我念", "帮我念", "陪老人", "陪陪", "看望", "探望"},
		3: {"散步", "晒太阳", "独居", "空巢", "孤单", "寂寞", "下棋", "打牌", "没人说话", "一个人在家", "一个人住", "陪着", "来接我", "接我过去", "扶我过去", "送我回家", "送我回来"},
		1: {"老人", "老太太", "老爷子", "老伴"},
	},
	Repair: {
		4: {"维修", "修理", "漏水", "跳闸", "水龙头", "灯泡", "换灯", "洗衣机", "冰箱", "热水器", "燃气灶", "煤气灶", "油烟机", "抽油烟机", "不制冷", "不出水", "打不着火", "机顶盒", "插座", "电饭煲", "微波炉", "修一下", "修修", "修下", "修个", "修好", "下水道", "马桶"},
		3: {"修", "坏了", "不亮", "水管", "空调", "电视", "堵了", "电路", "线路", "门锁", "锁坏", "滴水", "没信号", "电风扇", "风扇", "不转", "不响", "漏电", "短路", "灯管", "暖气", "不热", "坏掉", "不好使", "失灵"},
		1: {"灯", "开关", "遥控器", "接线", "停电"},
	},
	Tech: {
		4: {"智能手机", "视频通话", "视频聊天", "付款码", "健康码", "发语音", "发红包", "发朋友圈", "养老金认证", "刷脸认证", "医保电子凭证", "手机支付", "网上缴费", "网上挂号", "手机上", "用手机", "玩手机", "学手机", "教我", "教教", "教一下", "教下", "教会", "不会用", "不会弄", "不会操作", "怎么操作", "上网课"},
		3: {"手机", "微信", "电脑", "平板", "打印", "上网", "app", "小程序", "下载", "抖音", "转账", "网银", "扫码", "支付宝", "字体", "拍照", "视频", "认证", "设置", "密码", "连wifi", "wifi", "WiFi", "无线网", "网络"},
		1: {"教", "学"},
	},
	Legal: {
		5: {"法律", "律师", "遗嘱", "继承", "起诉", "打官司", "法院", "法律援助"},
		4: {"合同", "纠纷", "欠钱", "欠款", "借条", "房产证", "过户", "维权", "赡养费", "离婚", "拖欠工资", "赔偿", "被骗", "诈骗", "权益", "侵权", "遗产", "抚养权", "扯皮"},
		2: {"押金", "协议", "咨询", "签字", "官司"},
	},
	Counselling: {
		5: {"心理", "抑郁", "焦虑", "想不开", "开导", "疏导", "心理咨询"},
		4: {"心情", "情绪", "难过", "伤心", "郁闷", "憋得慌", "闷得慌", "压力大", "压力", "烦躁", "心里不好受", "心里难受", "走不出来", "哭", "想不通", "钻牛角尖", "不想活"},
		2: {"睡不着", "失眠", "心里", "去世", "走了以后"},
	},
	Children: {
		5: {"作业", "功课", "辅导", "补课", "托管", "看孩子", "带孩子", "接孩子", "送孩子", "看娃", "带娃", "接娃", "放学", "幼儿园"},
		4: {"孩子", "小孩", "儿童", "小朋友", "宝宝", "娃娃", "学生", "小学", "初中", "家长会", "学习", "英语", "数学", "语文", "作文"},
		2: {"孙子", "孙女", "外孙", "外孙女", "娃", "接送"},
	},
	Disability: {
		5: {"轮椅", "残疾", "残障", "盲人", "失明", "瘫痪", "偏瘫", "截肢", "助残", "残联", "助听器", "盲杖", "残疾证", "聋哑", "手语", "无障碍"},
		3: {"看不见", "听不见", "卧床", "拄拐", "拐杖", "肢体"},
	},
	Cleaning: {
		5: {"打扫", "清洁", "大扫除", "擦窗", "擦玻璃", "拖地", "扫地", "保洁", "收拾屋", "收拾家", "收拾房", "除螨", "洗被子", "拆洗", "清理杂物", "整理房间", "整理屋"},
		4: {"收拾", "整理", "清理", "洗衣服", "倒垃圾", "扔垃圾", "垃圾拿下", "垃圾提下", "垃圾拎下", "垃圾带下", "晒被子", "洗窗帘", "搞卫生", "做卫生", "打扫卫生", "卫生搞", "脏", "灰", "洗碗", "擦擦"},
	},
	// Words that only look like cues: "卫生间" is a room, not cleaning.
	Other: {
		0: {"卫生间", "洗手间", "手机号", "手机号码", "电话号码"},
	},
	Moving: {
		5: {"搬家", "搬运", "搬上楼", "搬下楼", "搬不动", "扛不动", "抬不动", "拿不动", "提不动", "挪不动", "挪到阳台", "搬上去", "搬下来", "搬下去", "搬回", "搬进", "搬出", "抬上楼", "扛上楼", "扛上去", "抬下楼", "拿下楼", "提下楼", "拎下楼", "拿上楼", "提上楼", "拎上楼"},
		4: {"搬", "扛", "抬", "桶装水", "煤气罐", "液化气罐", "重物", "太重", "挺重", "很重", "大件"},
		2: {"家具", "沙发", "柜子", "床垫", "一袋米", "一桶油", "没电梯", "上楼"},
	},
})

// skillPriority breaks ties between categories with the same score: the
// more specific need first.
var skillPriority = []Skill{Disability, Medical, Legal, Counselling, Children, Repair, Tech, Moving, Cleaning, Errands, Companion, Other}

func buildCues(m map[Skill]map[int][]string) []cue {
	var out []cue
	for s, byWeight := range m {
		for w, words := range byWeight {
			for _, word := range words {
				out = append(out, cue{word: word, skill: s, weight: w})
			}
		}
	}
	// Longest first, then by weight, so a scan takes the most specific word.
	sort.Slice(out, func(i, j int) bool {
		li, lj := len([]rune(out[i].word)), len([]rune(out[j].word))
		if li != lj {
			return li > lj
		}
		if out[i].weight != out[j].weight {
			return out[i].weight > out[j].weight
		}
		return out[i].word < out[j].word
	})
	return out
}

// cuesByRune indexes the cues (lower-cased, longest first) by their first
// rune, so a scan looks only at the words that can start at a position.
var cuesByRune = indexCues(categoryCues)

func indexCues(cues []cue) map[rune][]cue {
	idx := map[rune][]cue{}
	for _, c := range cues {
		c.word = strings.ToLower(c.word)
		r, _ := firstRune(c.word)
		idx[r] = append(idx[r], c)
	}
	return idx
}

// scoreCategories scans text once, taking the longest cue at each position,
// and sums the weights per category.
func scoreCategories(text string) map[Skill]int {
	scores := map[Skill]int{}
	lower := strings.ToLower(grownChildrenAway.ReplaceAllString(text, ""))
	lower = brokenAtEnd.ReplaceAllString(lower, "${1}了${2}")
	for i := 0; i < len(lower); {
		r, size := firstRune(lower[i:])
		step := size
		cands := cuesByRune[r]
		for k, c := range cands {
			if !strings.HasPrefix(lower[i:], c.word) {
				continue
			}
			// Several categories may share a word; credit each of them.
			for _, d := range cands[k:] {
				if d.word == c.word {
					scores[d.skill] += d.weight
				}
			}
			step = len(c.word)
			break
		}
		i += step
	}
	return scores
}

// brokenAtEnd is a thing broken told at a clause's end, where the fold
// took its 了 (「我家灯坏了」 folds to 「我家灯坏」): given back, it reads as
// the lexicon's 坏了.
var brokenAtEnd = gatedre.MustCompile(`(坏|堵)(\s|$)`)

// grownChildrenAway is why no family can help (「孩子都在外地」「儿女不在身
// 边」): it asks for no child care.
var grownChildrenAway = gatedre.MustCompile(`(孩子|儿女|子女|儿子|女儿|小孩)(们)?(都)?(在外地|不在身边|不在跟前|不在家|在外面|回不来|上班|忙|没空|不管)`)

// classify picks the category with the highest score, Other when nothing
// points anywhere.
func classify(text string) (Skill, int) {
	scores := scoreCategories(text)
	best, bestScore := Other, 0
	for _, s := range skillPriority {
		if scores[s] > bestScore {
			best, bestScore = s, scores[s]
		}
	}
	return best, bestScore
}

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 1
}

// healthWords mark health details: a text with any of them is kept out of
// every shared message (it never is anyway, but the flag tells the
// coordinators to handle the task with care).
var healthWords = []string{"病", "医院", "药", "腿脚不便", "行动不便", "腿不好", "腿脚不好", "高血压", "糖尿病", "心脏", "中风", "脑梗", "骨折", "手术", "住院", "透析", "癌", "化疗", "瘫痪", "残疾", "抑郁", "失眠", "痴呆", "摔", "发烧", "咳嗽", "疼", "痛", "血压", "血糖", "怀孕", "视力", "轮椅", "复查", "输液", "打针", "体检"}

func mentionsHealth(text string) bool {
	for _, w := range healthWords {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// requestCues are the phrases that make a message read as asking for help.
// Not 求 alone (要求, 请求): 「可以要求他拆除吗」 asks about a right, not for
// a hand; 能不能 counts only before a deed of help (askingForAHand).
var requestCues = []string{"帮忙", "帮个忙", "帮把手", "搭把手", "帮我", "帮帮", "帮下", "帮一下", "求助", "找人", "找个人", "找个", "需要人", "需要志愿者", "需要帮助", "有没有人", "有人能", "有人可以", "谁能", "谁可以", "谁有空", "麻烦", "请人", "想找", "想请", "来个人", "救救", "劳驾", "拜托", "求求", "求你", "求大家", "跪求", "求帮", "求救", "派个", "派人", "陪我", "陪他", "陪她", "陪老人", "来一趟", "来趟", "上门", "志愿者"}

// questionCues make a message read as a question for the FAQ rather than a
// request, unless a request cue is also there.
var questionCues = []string{"是什么垃圾", "什么垃圾", "怎么分", "属于什么", "算什么", "哪类", "哪一类", "怎么办", "怎么处理", "为什么", "是不是", "是否", "什么意思", "有什么规定", "规定", "民法典", "法律规定", "几点", "在哪", "哪里", "多少", "多久", "行不行", "怎么算", "能不能", "可不可以", "要不要", "能否", "吗", "么", "呢", "?", "？"}

// askingForAHand is 「能不能」 and its kin before a deed of help (能不能送,
// 可不可以派, 能否来): 「能不能退」「能不能有个保障」 ask about a right. 换
// and 拿 are left out: 「能不能换货」「能不能拿回来」 ask about one too, and
// so does anything returned on the way (「能不能退回来」「能不能要回来」).
var askingForAHand = gatedre.MustCompile(`(能不能|可不可以|能否)[^ ,，。退还赔要回]{0,6}(送|帮|来|派|陪|教|修|搬|取|买|接|找|安排|照顾|看一?看|上门|过来|打扫|收拾|扶|推|抬)|(要|需要|得有)(个)?(人|志愿者)(来)?(接|送|陪|扶)(我|一下|一趟)`)

// helpNarrated is help told as hired or had, not asked for: 「我找人把门
// 撬开关了水闸」「托朋友帮我去银行」「表哥帮我把车卖出去了」「叫师傅上门换了个
// 水龙头」「请人给家里做的柜子」「帮楼下看了一下午孩子」, and 「找个老伴」「找个信得过的朋友」 are no
// helpers at all. It reads the folded text, where a clause's leading 我
// and trailing 了 are gone: a helper hired is told by a 了 inside the
// clause, a helper had by a third person who helped.
var helpNarrated = gatedre.MustCompile(`(找|请|叫)了?个?(人|师傅|工人)[^ ]{0,12}了|(找|请|叫|喊)了个?(人|师傅|工人|棒棒|小工|保姆|护工|搬运工|跑腿的)|(^| )托[^ ]{1,4}帮我|(^|[^有位谁个请求的])((表|堂)(哥|姐|弟|妹)|亲戚|朋友|同学|同事|老公|老婆|儿子|女儿|中介|他|她)帮我|说是?帮我|请人给[^ ]{0,6}的|找上门|找个(老伴|对象|男朋友|女朋友|工作)|找个(信得过|靠得住|可靠)的?(人|朋友|亲戚)|(^| )帮[^ 我]{1,4}(看|带|接|送|照看|照顾|搬|修|拿|买|垫)了|好心帮忙|帮(了)?(个)?忙(倒|反倒|反而|结果|却)`)

// asksForHelp reports whether text asks for someone's hand.
func asksForHelp(text string) bool {
	text = helpNarrated.ReplaceAllString(text, "")
	return hasAny(text, requestCues) || askingForAHand.MatchString(text) || whoWillHelp.MatchString(text)
}

// asksForADeed reports whether text asks for a hand in so many words, a
// polite 麻烦 (「麻烦别发到群里」) aside.
func asksForADeed(text string) bool {
	text = helpNarrated.ReplaceAllString(text, "")
	return hasAny(text, deedCues) || askingForAHand.MatchString(text) || whoWillHelp.MatchString(text)
}

// deedCues are the requestCues that ask for somebody to do something.
var deedCues = slices.DeleteFunc(slices.Clone(requestCues), func(c string) bool { return c == "麻烦" || c == "劳驾" || c == "拜托" })

// whoWillHelp asks who will lend a hand with a deed: 「谁会修给看看」「谁这两天
// 下午有空帮换一下」「谁来给换一个」.
var whoWillHelp = gatedre.MustCompile(`有人(来)?(教|帮|陪)(教|帮|陪)?我(不|吗|么|没)|(谁|有没有(人)?)(会|能|来|给|帮)[^ ,，。]{0,8}(修|换|弄|整|搬|扛|陪|送|买|拿|装|扶|看看|瞅瞅|瞧瞧|给看|给瞅|念|读|教)|谁[^ ,，。]{0,6}有空[^ ,，。]{0,3}(帮|来|给|陪)`)

func hasAny(text string, words []string) bool {
	for _, w := range words {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// otherDomains are what the other workflows answer.
// rooms are places named after what is done there, which name no
// workflow's things: 「帮我去活动室拿一下」.
var rooms = strings.NewReplacer("活动室", "", "活动中心", "", "活动站", "")

var otherDomains = []string{"积分", "打卡", "签到", "补卡", "排行", "兑换", "商城", "提醒", "垃圾", "民法典", "报名", "活动"}

// looksLikeQuestion reports whether text asks for information rather than
// for someone's help: such text goes to the FAQ.
func looksLikeQuestion(text string) bool {
	if hasAny(text, []string{"是什么垃圾", "什么垃圾", "怎么分", "属于什么垃圾", "哪类垃圾"}) {
		return true
	}
	return hasAny(text, questionCues) && !asksForHelp(text)
}

// readsAsRequest reports whether free text (an @-mention, a private
// message) asks for a volunteer's help.
func readsAsRequest(text string) bool {
	if looksLikeQuestion(text) {
		return false
	}
	cat, score := classify(text)
	// "帮我查下积分" is for the points workflow: a request that names no
	// kind of help and speaks of another workflow's things is not ours.
	if cat == Other && hasAny(rooms.Replace(text), otherDomains) {
		return false
	}
	if asksForHelp(text) {
		return true
	}
	// No polite cue, but a clear need: "卫生间水管爆了，急！". A story of
	// what another side says or refuses is a dispute, not a need
	// (disputeTold), so is one of harm another side did (harmTold) unless
	// it is urgent (急), and one of help already had tells of none. 得 counts only as "must"
	// (得去, 得找): in 「吵得不行」 it is no need.
	return score >= 3 && hasAny(text, []string{"想", "要", "需要", "得去", "得找", "得请", "得有人", "急", "坏", "爆", "漏", "堵", "不亮", "滴水", "不出水", "不转", "失灵", "不好使", "不会", "没法", "不能", "弄不了", "修不了", "搬不动", "扛不动", "拿不动", "挪不动", "够不着", "爬不上"}) &&
		!disputeTold.MatchString(text) && (!harmTold.MatchString(text) || strings.Contains(text, "急")) && !helpNarrated.MatchString(text)
}

// harmTold is a story of harm another side did to the resident's home or
// family: 「把阳台改成了卫生间结果漏水到我家」「遛狗不牵绳把我家孩子吓得摔倒」. It
// asks who answers for it; a hand asked for in so many words still makes
// it a request. So does a harm by somebody unknown (「车被人划了」) or a
// wall drilled next door (「隔壁在共用的墙上打孔」).
var harmTold = gatedre.MustCompile(`把(我|我家|我们家|家里|孩子|老人)[^ ,，。]{0,10}(弄|搞|泡|淹|砸|撞|烧|吓|咬|打|刮|碰|挤|堵)|(漏|渗|流|冒|淌)[^ ,，。]{0,3}(到|进)(了)?我家|害得|吓得|被人[^ ,，。]{0,3}(划|砸|偷|撞|弄坏|刮|扎)|(隔壁|楼上|楼下|邻居|对门|他家)[^ ,，。]{0,12}(打孔|打洞|钻孔|凿)|(那户|那家|他家|她家|人家|顶楼|一楼|楼上|楼下|隔壁|对门|邻居)[^ ,，。]{0,4}把[^ ,，。]{0,12}(锁|占|圈|堵|封|拆|弄成|改成|围)|招呼都没打`)

// disputeTold is a story of what another side says, refuses or puts on
// the resident (「楼上说不是他家的问题」「商家让我自己去找厂家修他们不管」
// 「他说不给改」「物业说要业主自己出钱修」「客服说删不了」): it asks who is right, not for a
// hand, unless it asks for one in so many words (requestCues).
var disputeTold = gatedre.MustCompile(`(隔壁|对门|老二|老大|老三|我哥|我姐|我弟|我妹|兄弟|姐妹|侄儿|侄子|亲戚|家属)[^ ,，。]{0,4}(说|不准|不让|不干|不认|不管|不肯|不给|不同意|不承认)|(他|她|他们|对方|楼上|楼下|邻居|物业|商家|卖家|厂家|老板|房东|医院|公司|师傅|工人|家里人|婆家|娘家|公公|婆婆|前妻|前夫|继父|继母|装修队|开发商|客服|平台|店家|中介|学校|单位|领导|银行|保险公司)[^ ,，。]{0,4}(说|不认|不管|不肯|不给|不出|不同意|不承认|推|要(把|跟|和|分|让|我))|不怪|(要|让)我(自己)?(出|还|赔|付)|(要|让|叫|逼)(她|他|我|我们|老人)[^ ]{0,4}(搬出去|搬走|走人|腾房)|(能|可以)?(让|叫)(他|她|他们|人家)[^ ]{0,4}(挪|搬|拆|移|改|收)(走|掉|开|进去|回去)?(不|吗|么)|让我自己|自己出钱|另外收钱|(非|硬|偏)要`)
