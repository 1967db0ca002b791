package garbage

import (
	"linli/internal/fold"
	"regexp"
	"strings"
	"unicode"
)

// toHalfWidth maps full-width ASCII forms and the ideographic space to their
// half-width equivalents, so "ＡＢＣ　１" reads as "ABC 1".
func toHalfWidth(s string) string {
	return fold.Width(s)
}

// questionPhrases are the ways residents ask "which bin?"; they carry no
// information about the item and are cut from the query. Longer phrases are
// tried first (see stripPhrases).
var questionPhrases = []string{
	"是属于什么垃圾", "属于什么垃圾", "属于哪类垃圾", "属于哪种垃圾", "属于哪一类垃圾", "属于哪个垃圾",
	"是什么垃圾", "是哪类垃圾", "是哪种垃圾", "是哪一类垃圾", "是啥垃圾", "算什么垃圾", "算哪类垃圾",
	"算啥垃圾", "什么垃圾", "哪类垃圾", "哪种垃圾", "啥垃圾", "哪一类", "哪类", "属于什么", "算什么", "是什么",
	"应该扔到哪个垃圾桶", "应该扔哪个垃圾桶", "该扔哪个垃圾桶", "扔到哪个垃圾桶", "扔哪个垃圾桶", "放哪个垃圾桶",
	"丢哪个垃圾桶", "投哪个垃圾桶", "进哪个垃圾桶", "哪个垃圾桶", "应该扔到哪个桶", "应该扔哪个桶", "该扔哪个桶",
	"扔到哪个桶", "扔哪个桶", "放哪个桶", "丢哪个桶", "投哪个桶", "哪个桶", "什么桶", "哪个颜色的桶", "什么颜色的桶",
	"应该扔到哪里", "应该扔到哪", "应该扔哪里", "应该扔哪儿", "应该扔哪", "应该怎么扔", "应该怎么处理",
	"该扔到哪里", "该扔哪里", "该扔哪儿", "该扔哪", "该怎么扔", "该怎么处理", "扔到哪里", "扔到哪儿", "扔到哪",
	"扔哪里", "扔哪儿", "扔哪", "丢哪里", "丢哪儿", "丢哪", "放哪里", "放哪儿", "放哪", "投哪里", "投哪",
	"怎么扔掉", "怎么扔", "怎么丢", "怎么投放", "怎么处理", "咋扔", "咋处理", "如何投放", "如何处理", "如何扔",
	"怎么分类", "如何分类", "怎样分类", "怎么分", "分什么类", "归哪类", "归什么", "分到哪",
	"垃圾分类", "请问一下", "请问", "问一下", "问下", "想问", "我想问", "问问", "问你呢", "问你", "小助手", "你好", "您好",
	"是不是", "可不可以", "能不能", "还是", "属于", "应该", "到底",
}

// categoryWords name a category inside a yes/no question ("电池是有害垃圾吗");
// the classifier answers from the item, not from the resident's guess.
var categoryWords = []string{
	"可回收垃圾", "可回收物", "可回收", "有害垃圾", "厨余垃圾", "湿垃圾", "其他垃圾", "其它垃圾", "干垃圾",
}

// particles end a question ("…呢", "…吗"); only trailing ones are cut, as
// some item names contain them (呢子大衣).
const particles = "呢吗呀啊吧哦嘛啦么"

// modifiers describe the state of a thing, not what it is: a used tissue is
// a tissue. They are cut before lookup.
var modifiers = []string{
	"用过的", "用过", "用完的", "用完", "用剩的", "坏掉的", "坏掉", "坏了的", "坏的", "过期的", "过期了的",
	"喝完的", "喝完", "喝剩的", "喝过的", "吃剩的", "吃剩下的", "吃完的", "吃过的", "吃不完的", "剩下的", "剩的",
	"旧的", "破的", "破掉的", "破了的", "破旧的", "废旧的", "废弃的", "废的", "不要的", "不用的", "没用的",
	"碎掉的", "碎了的", "碎的", "空的", "报废的", "损坏的", "烂掉的", "烂了的", "烂的", "发霉的", "变质的",
	"干掉的", "家里的", "家里", "我家的", "这个", "那个", "这些", "那些", "一些", "一堆",
	// What is on it or how long it was kept: 「外卖的盒子有油的」「腊肉放久了」.
	"上面有油的", "沾了油的", "有油的", "沾油的", "带油的", "油乎乎的", "放久了的", "放久了", "放太久了", "放太久", "放久", "长毛了", "长了毛",
}

// prefixes are state words that may be glued to an item ("废电池", "旧衣服");
// they are tried off when the whole word is not known.
var prefixes = []string{"废旧", "废弃", "破旧", "废", "旧", "破", "坏", "烂", "剩", "空", "碎", "脏"}

// quantityUnits are measure words that follow a number ("两节电池").
const quantityUnits = "个节袋根块张只瓶盒包颗片条件双支本把台串粒堆桶杯罐听副套卷枚份团盏部架顶管粒支颗对"

const numerals = "一二两三四五六七八九十百几半多0123456789"

// Normalize reduces a resident's question to the item it is about:
// half-width, lower case, no punctuation or spaces, no question words,
// quantities, state adjectives, 的 or 了. "请问：喝完的两杯奶茶杯怎么扔？"
// becomes "奶茶杯".
func Normalize(q string) string {
	q = strings.ToLower(toHalfWidth(q))
	q = DropMaterialAside(q)
	q = strings.Map(func(r rune) rune {
		if unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsSymbol(r) {
			return -1
		}
		return r
	}, q)
	q = strings.TrimRight(q, particles)
	q = stripAll(q, questionPhrases)
	q = stripAll(q, categoryWords)
	q = strings.TrimRight(q, particles+"是算")
	q = stripAll(q, modifiers)
	q = stripQuantity(q)
	if r := []rune(q); len(r) > 1 {
		// 的/了 between words carry nothing ("坏了灯泡"); a leading 的 is
		// part of a name (的确良).
		q = string(r[:1]) + strings.Map(func(c rune) rune {
			if c == '的' || c == '了' || c == '我' {
				return -1
			}
			return c
		}, string(r[1:]))
	}
	return q
}

// materialAside is a clause saying only what the thing is made of.
var materialAside = regexp.MustCompile(`[\s,，。]+(是)?(塑料|搪瓷|玻璃|铁|不锈钢|木头|陶瓷|瓷|布|铝|铜|金属|橡胶)(的|做的)(\s|,|，|。|$)`)

// DropMaterialAside takes out of a question a clause that says only what
// the thing is made of, after it: in 「夜壶坏了 塑料的 丢哪个桶」 the thing is
// the 夜壶, not 塑料.
func DropMaterialAside(q string) string {
	if loc := materialAside.FindStringIndex(q); loc != nil && loc[0] > 0 {
		return q[:loc[0]] + " " + q[loc[1]:]
	}
	return q
}

// stripAll removes every occurrence of each phrase, longest first (the
// lists are written with longer variants before their parts).
func stripAll(q string, phrases []string) string {
	for _, p := range phrases {
		if strings.Contains(q, p) {
			q = strings.ReplaceAll(q, p, "")
		}
	}
	return q
}

// stripQuantity drops a leading number and measure word ("两节", "一袋",
// "3个"), keeping the number when no measure word follows (as in "84消毒液").
func stripQuantity(q string) string {
	r := []rune(q)
	i := 0
	for i < len(r) && strings.ContainsRune(numerals, r[i]) {
		i++
	}
	if i == 0 || i >= len(r) || !strings.ContainsRune(quantityUnits, r[i]) {
		return q
	}
	if i+1 >= len(r) {
		return q
	}
	return string(r[i+1:])
}

// variants returns the query and the forms with a glued state prefix
// removed ("废电池" → "电池"), most specific first.
func variants(q string) []string {
	out := []string{q}
	for _, p := range prefixes {
		if strings.HasPrefix(q, p) && len(q) > len(p) {
			out = append(out, strings.TrimPrefix(q, p))
		}
	}
	// 杯子, 瓶子, 袋子: the 子 adds nothing to the head noun.
	if r := []rune(q); len(r) > 2 && r[len(r)-1] == '子' {
		out = append(out, string(r[:len(r)-1]))
	}
	return out
}
