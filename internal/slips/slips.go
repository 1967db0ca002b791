// Package slips maps the spoken words residents type (咋, 啥, 俺, 木有)
// and the pinyin slips they make in the law's own words onto the words
// the law and the chat's cues are written in, for retrieval and for
// reading what a message means alike.
package slips

import "strings"

// fixes maps the spoken words of asking and of persons (咋办 → 怎么办,
// 俺 → 我, 娃 → 孩子), the pinyin slips residents make in the law's own
// words (赔尝 → 赔偿, 抵压 → 抵押, 公正处 → 公证处), and the old or loose
// forms of a few (撤消, 赠予, 帐) onto the Code's. Only forms that mean
// nothing else in a question about the law are mapped: 陪 is mapped only
// where it stands for 赔 (谁陪, 陪钱, but not 陪钱姐: company for Mrs
// Qian), and a real word that holds a slip is
// listed before it and kept (帐篷 stays, 帐 → 账). 在婚 is left alone: it
// is 再婚 mistyped as often as it is 在婚前. strings.Replacer tries the
// pairs in the order given at each position.
var fixes = strings.NewReplacer(
	// Spoken words of asking and of persons, dialect and internet forms.
	"咋个", "怎么", "咋样", "怎样", "咋整", "怎么办", "咋办", "怎么办", "咋弄", "怎么弄", "咋回事", "怎么回事", "咋", "怎么",
	"啥子", "什么", "啥", "什么", "么子", "什么", "甚么", "什么",
	"俺们", "我们", "俺", "我", "阿拉", "我",
	// Wuhan: 么斯/么事 (什么), 么样 (怎么), 冇得 (没有), 伢 (孩子), 克 (去)
	// only where it goes somewhere; 怎么样, 什么事 and 巧克力 are kept.
	"怎么样", "怎么样", "什么样", "什么样", "那么样", "那么样", "这么样", "这么样", "什么事", "什么事",
	"搞么斯", "干什么", "么斯", "什么", "么事", "什么事", "么样", "怎么样",
	// Sichuan and Chongqing: 哪个 for 谁 in who answers, 遭 for 被, 别个, 喊
	// for 叫, 唛 asking, 我老汉 for one's father.
	"找哪个", "找谁", "算哪个的", "算谁的", "哪个负责", "谁负责", "哪个赔", "谁赔", "哪个出钱", "谁出钱",
	"能不能遭", "能不能被", "会不会遭", "会不会被", "遭法院", "被法院", "遭人", "被人", "别个", "别人",
	"喊他", "叫他", "喊她", "叫她", "喊我", "叫我", "喊人", "叫人", "唛", "吗", "我老汉", "我爸",
	"孙伢", "孙子", "伢", "孩子", "过克", "过去", "要克", "要去", "陪我克", "陪我去", "克医院", "去医院", "克不了", "去不了", "克不成", "去不成", "落雪", "下雪",
	"我滴", "我的", "你滴", "你的",
	"木有", "没有", "有冇得", "有没有", "冇得", "没有", "冇", "没有", "莫得", "没有", "怎么得", "怎么得", "什么得", "什么得", "那么得", "那么得", "这么得", "这么得", "多么得", "多么得", "么得", "没有", "没得", "没有",
	"干嘛", "干什么", "弄啥", "干什么", "做啥", "干什么",
	"晓得", "知道", "整不明白", "弄不明白",
	"娃娃", "孩子", "娃", "孩子", "爹", "爸", "婆娘", "老婆",
	// Cantonese as it is typed (「佢屋企漏水漏到我度 点算」): persons,
	// asking, negation and the everyday verbs, only in forms Mandarin
	// does not use (仲裁 and 重点解决 keep their 仲 and 点解; 返工 is
	// redoing work in Mandarin).
	"佢哋", "他们", "我哋", "我们", "你哋", "你们", "佢", "他", "畀", "给", "俾", "给",
	"几多", "多少", "系咪", "是不是", "系唔系", "是不是", "唔系", "不是", "我系", "我是", "我係", "我是", "佢系", "他是", "都系", "都是", "但系", "但是", "就系", "就是", "仲系", "还是",
	"点算", "怎么办", "点样", "怎么", "乜嘢", "什么", "咩嘢", "什么", "咩", "什么", "乜", "什么",
	"搵", "找", "睇", "看", "喺", "在", "嚟", "来", "啱啱", "刚刚", "而家", "现在", "搞掂", "搞定",
	"仲有", "还有", "仲未", "还没", "仲要", "还要", "仲可以", "还可以", "仲去", "还去", "仲唔", "还不",
	"得唔得", "行不行", "唔识", "不会", "唔该", "谢谢", "唔好", "不要", "唔使", "不用", "唔知", "不知道", "唔记得", "忘了", "唔得", "不行", "唔", "不", "有冇", "有没有",
	"义工", "志愿者", "阿妈", "妈", "阿爸", "爸", "老豆", "爸", "阿仔", "儿子", "阿女", "女儿",
	"隔篱", "隔壁", "边度", "哪里", "几时", "什么时候", "啲", "些", "嘢", "东西", "嗰", "那", "呢个", "这个", "呢度", "这里", "呢排", "最近", "呢啲", "这些",
	"群度", "群里", "入面", "里面", "一齐", "一起", "成日", "整天", "嘈", "吵", "讲大话", "说谎", "两公婆", "两口子", "阿嫂", "嫂子", "雪柜", "冰箱", "佢话", "他说", "话我知", "告诉我",
	"攞", "拿", "瞓", "睡", "听日", "明天", "琴日", "昨天", "屋企", "家", "签埋", "也签", "报埋", "也报", "投埋", "也投",
	// The law's words as residents slip on them.
	"公正处", "公证处", "公正书", "公证书", "公正遗嘱", "公证遗嘱", "去公正", "去公证", "做公正", "做公证", "办公正", "办公证",
	"算术", "算数",
	"帐篷", "帐篷", "蚊帐", "蚊帐", "帐", "账",
	"陪钱姐", "陪钱姐", "陪钱大", "陪钱大", "陪钱奶", "陪钱奶", "陪钱爷", "陪钱爷", "陪钱阿", "陪钱阿", "陪钱老", "陪钱老", "陪钱叔", "陪钱叔", "陪钱婶", "陪钱婶",
	"陪钱", "赔钱", "陪偿", "赔偿", "谁陪", "谁赔", "陪多少", "赔多少", "陪不陪", "赔不赔", "要陪", "要赔",
	"拉级", "垃圾", "拉圾", "垃圾", "垃级", "垃圾",
	"赔尝", "赔偿", "赔常", "赔偿", "补尝", "补偿", "补常", "补偿",
	"房产正", "房产证", "不动产正", "不动产证",
	"物业废", "物业费", "物叶", "物业", "以经", "已经",
	"够成", "构成",
	"瞻养", "赡养", "扶恤", "抚恤",
	"宅机地", "宅基地",
	"诉讼实效", "诉讼时效",
	"抵压", "抵押", "质压", "质押",
	"起述", "起诉",
	"债物", "债务",
	"财礼", "彩礼",
	"赠予", "赠与",
	"撤消", "撤销",
	"遗瞩", "遗嘱", "遗祝", "遗嘱",
	"继成", "继承",
	"离昏", "离婚",
	"欠调", "欠条",
)

// Fix returns s with the spoken words and the slips mapped. s is expected
// in half-width, lower-case form.
func Fix(s string) string { return fixes.Replace(s) }
