package volunteer

import (
	"context"
	"linli/internal/fold"
	"linli/internal/gatedre"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Extractor turns a resident's text into a Request. The rules-only
// extractor is always there; an LLM, when configured, sits in front of it
// (see LLMExtractor) and the rules take over on any failure.
type Extractor interface {
	Extract(ctx context.Context, text string, now time.Time) (Request, error)
}

// Rules is the rules-only extractor.
type Rules struct{}

// Extract reads a request from text with rules; it never fails.
func (Rules) Extract(_ context.Context, text string, now time.Time) (Request, error) {
	return ExtractRules(text, now), nil
}

var reUrgent = gatedre.MustCompile(`急|马上|立刻|立即|赶紧|赶快|尽快|越快越好|今天之内|今天内|今天以内|天黑前|速来|救命|十万火急|等不了`)

// notUrgent says there is no hurry: 「不急 年前就行」.
var notUrgent = gatedre.MustCompile(`不(太|是很|怎么)?(着)?急|不用急|不赶时间|不赶|慢慢来|不忙`)

// reEmergency is a life in danger now: someone fallen who cannot get up
// or lying on the ground, fainted or unconscious, short of breath,
// bleeding, fitting, gas leaking. Such a request is urgent whatever else
// it says, and the resident is told to call 120 first (emergencyFirst).
// Bare 起不来 (oversleeping) and 救命 (a joke's "help!") are no danger.
// A fainting or a leak is told as done (晕倒了), or ends its clause, as
// intent.Fold leaves it once the 了 is dropped.
var reEmergency = gatedre.MustCompile(`(摔|跌)倒了?[^,，。]{0,4}起不来|(摔|跌)(了|伤|一跤|倒)?[^,，。?？]{0,10}?(起不来|爬不起来|站不起来|动不了|出血|流血)|(头|脑袋|额头)(上)?(摔破|磕破|出血|流血)(了|$|\s)|(晕|头晕)[^,，。]{0,6}(站不住|站不稳)|心脏病(犯|发作)了|吐血|倒在地上|((晕|昏)倒|昏迷|` + gasLeakWords + `)(了|$|\s)|不省人事|叫不醒|喘不上气|喘不过气|呼吸困难|大出血|血止不住|抽搐` +
	// Two signs together, told at length: 「我头晕的厉害 心口也闷 站都站不住」.
	`|(头晕|晕得|晕的|心口(也)?(闷|疼|痛)|胸口(也)?(闷|疼|痛)|心慌|浑身(发抖|没劲))[^。]{0,20}(站不住|站不稳|起不来|动不了|喘不上|说不出话)` +
	`|(站不住|站不稳|起不来|动不了)[^。]{0,20}(头晕|心口(也)?(闷|疼|痛)|胸口(也)?(闷|疼|痛))`)

// notNow is the danger feared, warned of, taught, in jest or over:
// 「老人容易晕倒」「小心摔倒起不来」「差点晕倒」「燃气泄漏报警器」「热得我要晕倒了」
// 「喝多了倒在地上睡着了」.
var notNow = gatedre.MustCompile(`容易|小心|防止|预防|差点|险些|万一|如果|要是|怕|以防|会不会|没事|报警器|讲座|知识|演练|注意|喝多|睡着|(要|快|会|都|笑)(晕|昏)`)

// gasLeak is a gas leak told: the first thing to do is not to call.
var gasLeak = gatedre.MustCompile(gasLeakWords)

const gasLeakWords = `(煤气|燃气|天然气)泄漏`

// isEmergency reports whether text tells of a life in danger now: the
// danger, not feared or in jest (notNow), and either a cry for speed (快来,
// 急, 救命) or no more words than a cry takes. A longer story that tells
// of one (「邻居家老人突然晕倒了我送他去医院还垫了医药费…」) tells of the past
// and asks something else.
func isEmergency(text string) bool {
	return reEmergency.MatchString(text) && !notNow.MatchString(text) &&
		(reHurry.MatchString(text) || utf8.RuneCountInString(text) <= emergencyCryLen ||
			len(reEmergency.FindAllStringIndex(text, 2)) == 2)
}

// reHurry is a cry for speed, or for what to do now.
var reHurry = gatedre.MustCompile(`快来|快点|快救|急|赶紧|马上|救命|帮帮|扶不动|扶不起来|怎么办|咋办|救救`)

// emergencyCryLen is the longest message, in runes, read as a cry for
// help without a word of hurry or a second sign of danger (「我家老伴摔倒了起不来」「老伴晕倒了叫不醒怎么办」).
const emergencyCryLen = 16

// fillers are words that carry no content of their own: a request made
// only of them says nothing about what is needed.
var fillers = []string{"求助", "帮帮忙", "帮忙", "帮帮", "帮我", "帮一下", "一下", "麻烦", "大家好", "各位", "邻居们", "邻居", "你好", "您好", "请问", "谢谢", "谢谢了", "拜托", "有人吗", "有没有人", "谁能", "谁可以", "谁有空", "能不能", "可不可以", "需要", "找人", "找个人", "志愿者", "急", "急急急", "很急", "着急", "紧急", "我", "我家", "我们", "家里", "的", "了", "啊", "呀", "吧", "哦", "嗯", "人", "来", "有", "想", "要", "个", "请", "在", "去", "到", "住", "号", "之", "内", "时间", "地点", "电话", "手机", "联系", "联系方式", "手机号"}

// ExtractRules is the rules-only extraction of a request at time now (in
// the community's time zone).
func ExtractRules(text string, now time.Time) Request {
	text = fold.Width(strings.TrimSpace(text))
	var r Request
	r.Phone = findPhone(text)
	noPhone := stripPhones(text)
	place, rest := findPlace(noPhone)
	r.Place = place
	r.Window, _ = findWindow(rest, now)
	if !r.Window.IsZero() && !r.Window.End.After(now) {
		// 「这礼拜六礼拜天都行」 said on a Sunday read as yesterday: a time
		// already past is no time to go, and the asker is asked when.
		r.Window = Window{}
	}
	r.Urgent = reUrgent.MatchString(notUrgent.ReplaceAllString(rest, " ")) || isEmergency(rest)
	if r.Urgent && r.Window.IsZero() {
		r.Window = Window{Start: now, End: now.Add(2 * time.Hour)}
	}
	r.Category, _ = classify(rest)
	r.Health = mentionsHealth(noPhone)
	r.What = summarise(rest)
	return r
}

// askingLead is the asking before the need: 「能不能找人」「可不可以找个人」.
var askingLead = gatedre.MustCompile(`^(能不能|可不可以|能否|可以)(找|派|安排)(个)?人(来)?`)

var reSpaces = gatedre.MustCompile(`[\s,，。.!！?？、;；:：~～]+`)

// summarise keeps the words of the need: time, place, phone and the
// request's own politeness removed, at most 40 characters.
func summarise(text string) string {
	text = stripTime(text)
	text = reUrgent.ReplaceAllString(notUrgent.ReplaceAllString(text, " "), " ")
	text = strings.NewReplacer("手机号码", " ", "手机号", " ", "电话号码", " ", "电话", " ", "联系我", " ", "打我", " ").Replace(text)
	text = reSpaces.ReplaceAllString(text, "，")
	text = strings.Trim(text, "，")
	for _, p := range []string{"社区小助手", "小助手", "求助", "大家好", "各位邻居", "邻居们", "你好", "您好", "麻烦"} {
		text = strings.TrimPrefix(text, p)
		text = strings.Trim(text, "，")
	}
	// 「能不能找人帮我换个灯泡」 needs 「帮我换个灯泡」.
	text = askingLead.ReplaceAllString(text, "")
	// What is left of "住在3号楼" once the place is taken out.
	for _, suf := range []string{"我家住", "家住", "我住", "住在", "住", "在", "地址", "，"} {
		text = strings.TrimSuffix(text, suf)
	}
	text = strings.Trim(text, "，")
	rs := []rune(text)
	if len(rs) > 40 {
		rs = append(rs[:39], '…')
	}
	return string(rs)
}

// hasContent reports whether a request says what is needed, once filler
// words are left out.
func hasContent(r Request) bool {
	if r.Category != Other {
		return true
	}
	t := r.What
	for _, f := range fillers {
		t = strings.ReplaceAll(t, f, "")
	}
	n := 0
	for _, c := range t {
		if unicode.Is(unicode.Han, c) || unicode.IsLetter(c) {
			n++
		}
	}
	return n >= 2
}

// Missing names the one essential thing a request lacks: "what", "when",
// or "" when it is complete. A request that is urgent needs no time.
func (r Request) Missing() string {
	if !hasContent(r) {
		return "what"
	}
	if r.Window.IsZero() && !r.Urgent {
		return "when"
	}
	return ""
}
