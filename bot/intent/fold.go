// Package intent decides what a resident's message means: which one of the
// intents the workflows declare it asks for, if any, and how sure that is.
// Residents do not learn a grammar; many are elderly and type by pinyin on
// a phone, so a message is first folded into a plain form (width, emoji,
// punctuation, particles, fillers, dialect and common pinyin slips), then
// matched against each intent's command words, its cues and its example
// phrasings. The router applies the policy of the place (private chat,
// group, @-mention) on top of the ranking this package returns.
package intent

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"linli/internal/fold"
	"linli/internal/slips"
)

// dialect maps the programme's words as residents slip on them, internet
// slang and particles onto the words the cues are written in (the spoken
// words of every question, 咋, 啥, 俺, and the law's slips are
// slips.Fix's). Longer entries come first: strings.Replacer tries them in
// the order given.
var dialect = strings.NewReplacer(
	"偶尔", "偶尔", "偶然", "偶然", "偶", "我",
	"嘞", "了", "咧", "了", "喽", "了", "咯", "了",
	"今儿个", "今天", "今儿", "今天", "今个", "今天", "今日", "今天", "昨儿个", "昨天", "昨儿", "昨天", "昨日", "昨天",
	"明儿个", "明天", "明儿", "明天", "明日", "明天",
	// Shanxi: 夜来 for yesterday, 前晌 and 后晌 for the morning and the
	// afternoon, 解不下 for not understanding; Mongolian thanks.
	"夜来", "昨天", "前晌", "上午", "后晌", "下午", "解不下", "不懂", "巴雅尔拉", "谢谢",
	"达卡", "打卡", "打咔", "打卡", "打咭", "打卡", "打咖", "打卡", "补咔", "补卡", "补咖", "补卡", "打k", "打卡", "大卡", "打卡", "答卡", "打卡", "打开打卡", "打卡",
	"签道", "签到", "点前到", "点前到", "提前到", "提前到", "之前到", "之前到", "以前到", "以前到", "前到", "签到", "签倒", "签到", "卡能不能不一下", "卡能不能补一下", "卡不一下", "卡补一下", "签个倒", "签个到", "打各卡", "打个卡", "签各到", "签个到", "签一下倒", "签一下到",
	"积份", "积分", "鸡分", "积分", "基分", "积分", "极分", "积分", "记分", "积分", "机分", "积分",
	"报明", "报名", "报铭", "报名", "报个明", "报个名", "抱名", "报名", "抱个名", "报个名", "保名", "报名", "包名", "报名",
	"拉圾", "垃圾", "拉鸡", "垃圾", "垃级", "垃圾", "拉级", "垃圾", "辣鸡", "垃圾", "垃几", "垃圾", "腊鸡", "垃圾",
	"帮主", "帮助", "帮住", "帮助", "谢拉", "谢啦", "写写", "谢谢", "谢谢谢", "谢谢", "xiexie", "谢谢", "xxxxxxxx", "xxxxxxxx", "xxxxxx", "xxxxxx", "xxxxx", "xxxxx", "xxxx", "xxxx", "xxx", "xxx", "xx", "谢谢",
	"3q", "谢谢", "thx", "谢谢", "thanks", "谢谢", "thank you", "谢谢", "多谢", "谢谢", "感谢", "谢谢", "谢了", "谢谢",
	"ok", "好", "正好滴", "正好滴", "好滴", "好的", "好嘞", "好的", "好哒", "好了", "收到收到", "收到",
	"活东", "活动", "获动", "活动", "合动", "活动",
	"排型", "排行", "排形", "排行", "排民", "排名", "排明", "排名",
	"事实垃圾", "湿垃圾", "十垃圾", "湿垃圾", "实垃圾", "湿垃圾", "时垃圾", "湿垃圾", "师垃圾", "湿垃圾", "甘垃圾", "干垃圾", "肝垃圾", "干垃圾",
	"有还垃圾", "有害垃圾", "有坏垃圾", "有害垃圾", "可回首", "可回收", "可会收", "可回收",
	"一共好多分", "一共多少分", "总共好多分", "总共多少分", "现在好多分", "现在多少分",
	"中不中", "行不行", "得不得行", "行不行",
	// Sichuan, Shanghai and Canton: 啥子/莫得, 侬/阿拉/哪能/辰光, 咗/嘅/屋企/得闲.
	"啥子", "什么", "撒子", "什么", "啥辰光", "什么时候", "辰光", "时候", "哪能", "怎么", "一道", "一起", "莫得", "没有", "阿拉", "我们", "侬", "你", "咗", "了", "嘅", "的", "屋企", "家", "得闲", "有空", "唔该", "谢谢",
	"积粉", "积分", "将坐", "讲座", "讲坐", "讲座",
	"哪嘎达", "哪里", "哪疙瘩", "哪里", "哪旮旯", "哪里", "哪儿", "哪里",
	"忒", "太", "嘿嘿", " ", "嘻嘻", " ", "呵呵", " ",
	"伐", "吗",
	// Minnan 有无 asks (「微信你有无」); 无偿 and 没有无 keep theirs.
	"有无偿", "有无偿", "没有无", "没有无", "有无", "有没有",
)

// emojiWords keeps what an emoji says when the emoji itself is dropped: a
// folded palm is thanks, a thumbs-up is an acknowledgement.
var emojiWords = map[rune]string{
	'🙏': "谢谢", '🌹': "谢谢", '💐': "谢谢", '🌷': "谢谢",
	'👍': "好", '👌': "好", '🤝': "好",
}

// particles end a clause without changing its meaning.
const particles = "了啦吧哦呀嘛呗哈啊噢喔哟呐滴嗷捏哇噻撒"

// fillers start a clause without changing what it asks for. Longest first.
var fillers = []string{"我已经", "我今天", "我要", "我来", "我想", "我先", "我已", "今天", "已经", "已", "我"}

// wechatCode is a WeChat emoji code or a placeholder typed or pasted into
// a text (「[捂脸]」「[强]」「[图片]」): noise to reading.
var wechatCode = regexp.MustCompile(`\[[\p{Han}a-zA-Z]{1,6}\]`)

// Fold returns the plain form of a normalised message that cues and
// phrasings are matched against: lower case, half-width, emoji and symbols
// dropped (a few kept as the word they stand for), dialect and common slips
// mapped, punctuation turned into clause breaks (a space; '?' and '#' are
// kept), trailing particles and leading fillers dropped from every clause.
func Fold(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	if strings.Contains(s, "[") {
		s = wechatCode.ReplaceAllString(s, " ")
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = unicode.ToLower(fold.Rune(r))
		switch {
		case emojiWords[r] != "":
			b.WriteString(" " + emojiWords[r] + " ")
		case r == '?' || r == '#':
			b.WriteRune(r)
		case r == '。' || r == '，' || r == '、' || r == '；' || r == '：' || r == '！' || r == '～' || r == '…' || r == '“' || r == '”' || r == '「' || r == '」' || r == '【' || r == '】' || r == '《' || r == '》' || r == '（' || r == '）':
			b.WriteByte(' ')
		case unicode.IsSpace(r) || unicode.IsPunct(r):
			b.WriteByte(' ')
		case unicode.In(r, unicode.So, unicode.Sk, unicode.Sm, unicode.Mn, unicode.Me, unicode.Cf, unicode.Co, unicode.Cc):
			// emoji, check marks, variation selectors, joiners: noise
		default:
			b.WriteRune(r)
		}
	}
	out := dialect.Replace(slips.Fix(b.String()))
	clauses := strings.Fields(out)
	kept := clauses[:0]
	for _, c := range clauses {
		if c = clean(c); c != "" {
			kept = append(kept, c)
		}
	}
	if len(kept) > 1 && (kept[0] == "小助手" || kept[0] == "社区小助手") {
		kept = kept[1:] // the bot addressed, then what is asked of it
	}
	return strings.Join(kept, " ")
}

// askingParticles are the clause-final particles dialects ask with, read
// as 吗, and for each the runes before it that make a word of it instead:
// Minnan and Hainanese 无 (「可信无」「5栋王姐报名明天的活动无」; 毫无, 虚无,
// 并无 kept) and the northwest's 么 (「我儿媳妇这几天打卡了么」「真的么」;
// 什么, 怎么, 那么 kept), and Cantonese 咩 (「要带碗筷咩」).
var askingParticles = []struct{ particle, notAsked string }{
	{"无", "毫全虚南并绝别空一有从"},
	{"么", "什怎那这多要为么"},
	{"咩", ""},
}

// dialectAsks reads a clause ending in a dialect's asking particle as a
// question: 吗.
func dialectAsks(c string) string {
	for _, a := range askingParticles {
		body, ok := strings.CutSuffix(c, a.particle)
		if !ok || utf8.RuneCountInString(body) < 2 {
			continue
		}
		if prev, _ := utf8.DecodeLastRuneInString(body); strings.ContainsRune(a.notAsked, prev) {
			return c
		}
		return body + "吗"
	}
	return c
}

// clean drops a clause's trailing particles and leading fillers, and reads
// a dialect's asking particle as 吗.
func clean(c string) string {
	for {
		r, n := utf8.DecodeLastRuneInString(c)
		if n == 0 || !strings.ContainsRune(particles, r) || utf8.RuneCountInString(c) == 1 {
			break
		}
		c = c[:len(c)-n]
	}
	c = dialectAsks(c)
	for again := true; again; {
		again = false
		for _, f := range fillers {
			rest, ok := strings.CutPrefix(c, f)
			if !ok || rest == "" {
				continue
			}
			if next, _ := utf8.DecodeRuneInString(rest); next == '的' || f == "我" && strings.ContainsRune("们家是在也还", next) {
				continue
			}
			c, again = rest, true
			break
		}
	}
	return c
}
