package reminders

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"linli/bot"
	"linli/internal/gatedre"
	"linli/numerals"
	"linli/timeexpr"
)

// A coordinator asks in their own words for a notice to go to groups at a
// time (「明天早上8点在一群发个通知 停水」「礼拜四下午两点 两个群都发一下 元旦
// 联欢会开始报名了」「每周三晚上提醒大家 明早收大件 一群的」): the words are
// read into a 提醒 line, offered to be confirmed, never run on their own.

const (
	// groupWord names one group or all of them.
	groupWord = `[\p{Han}0-9]{0,4}?(一群|二群|三群|四群|五群|居民群|业主群|大群|小区群|家园群|楼群|志愿者群)|[\p{Han}0-9]{1,4}?群里|群里|所有群|全部群|各个群|每个群|两个群|三个群`
)

var (
	// sendsNotice is the asking to send: to a group, to everyone, or a
	// notice of a kind (「再发一个停水通知」).
	sendsNotice = gatedre.MustCompile(`(群|大家|居民|各位)(里|上)?(都|也)?(要)?(发|群发|说|通知|提个醒|提醒|转发|讲|广播)|(发|说|讲)(一下|一声|个通知|一个通知|条通知|一条通知|个消息|条消息|个公告)|(发|出)(个|一个|条|一条|份)\p{Han}{1,6}(通知|公告|提示|告示)|(发|群发|转发)(到|去|在)?(群|大家)|(发|群发|转发)(到|去|在|给)?[\p{Han}0-9]{1,6}群|群(里|上)?(回|回复)(她|他|大家)?(一下|一声)|(通知|提醒|告诉)(一下)?(大家|居民|各位|全体)|重新发|^[^，,。]{0,10}(点|点半|号)[^，,。]{0,4}(提醒|通知)一下|(提醒|通知)(一下)?(` + groupWord + `)`)
	// whereOnly says which groups a draft goes to, not what a notice
	// says: 「只发5栋住户群啊 不要发到业主群」.
	whereOnly = gatedre.MustCompile(`只发|(不要|别|不用)(再)?(发)?(到|给|去)?[\p{Han}0-9]{0,6}群`)
	// noticeAsked asks in so many words for a notice to go: 「帮我发个通知
	// 内容是…」「通知一下二群」.
	noticeAsked = gatedre.MustCompile(`(发|群发)(个|一个|条|一条)(通知|公告|提醒)|(通知|提醒)一下|说一声|说一下`)
	// toEveryone asks for words to go to everyone now: 「你跟大家说一声」.
	toEveryone = gatedre.MustCompile(`(跟|和|给|对)大家(都)?(说|讲|通知)(一声|一下)|告诉(一下)?大家|通知(一下)?大家`)
	// toEveryoneSaid is that ask with who is asked: 「你跟大家说一声」.
	toEveryoneSaid = gatedre.MustCompile(`(你|您)?(帮我)?(` + toEveryone.String() + `)`)
	// sendingWords are the words that ask for the notice, not part of it:
	// 「在一群发个通知」「两个群都发一下」「一群的」「提醒大家」.
	sendingWords = gatedre.MustCompile(`(在|到|往|给|向|跟|和)?(` + groupWord + `)(里|上)?(都|也)?(要)?(重新)?(帮我)?(发|群发|说|提个醒|提醒|转发|讲|广播)?(到|去|在)?(一下|一声|一句|一条|个通知|一个通知|条通知|一条通知|个消息|条消息|个公告|个提醒|一个提醒|条提醒|通知)?|(重新)?(帮我)?(发|群发|说|转发|讲|广播)(到|去|在)?(群里)?(一下|一声|一句|一条|个通知|一个通知|条通知|一条通知|个消息|条消息|个公告)|重新发|(帮我|请)?(通知|提醒|告诉)(一下)?(大家|居民|各位|全体居民)|(提醒|通知)一下|[\p{Han}0-9]{0,4}(一群|二群|三群|两个群|群)的$|从(今天|明天|下周|本周|这周|下个月|今儿)(起|开始)`)
	// asksHow is a question about sending, not a notice to send: 「这个
	// 要怎么弄」「能自动发吗」.
	asksHow = gatedre.MustCompile(`怎么|如何|咋|吗|[发行能以对好是]么|[？?]|能不能|可不可以|行不行|会不会|自动`)
	// putsUpEvent is an event put up (「在二群发个活动」), which 发起活动 reads.
	putsUpEvent = gatedre.MustCompile(`(搞|办|组织|建|发布|举办|发起|发)(个|一个|场|一场|次|一次)?活动|开(个|一下)?报名|名额[0-9一二三四五六七八九十两]+|满了(就)?(排|候补)`)
	// postsBoard asks for the check-in ranking to be posted, which the
	// weekly board does (「每个星期天晚上7点把这周打卡排行在两个群里发一下」).
	postsBoard = gatedre.MustCompile(`(打卡|积分)(的)?(排行|排名|光荣榜)|排行榜|光荣榜`)
	// recruits calls for volunteers, which the volunteers' call does:
	// 「你在志愿服务队群里帮我招几个志愿者」.
	recruits = gatedre.MustCompile(`(招|招募|召集)(几个|一些|点|一批)?志愿者|找(几个|一些|一批)志愿者`)
	// setUpWords are of an event or a vote being put up, which no notice
	// without a time is: 「你在两个群里发一下吧，让大家直接在群里报名」.
	setUpWords = gatedre.MustCompile(`报名|投票|活动`)
	// noticeTrims are what is left around a notice's words.
	noticeTrims = " ，,。：:；;、"
	// askingLead are the words before a notice that ask for it, not part
	// of it: 「帮我 ：本周六…」「以后 ，周二上午是…」.
	askingLead = gatedre.MustCompile(`^((小助手你好|小助手早|你好|您好|早上好|早安|再一个|还有一个|还有|另外|对了|那你|那|帮我|帮忙|麻烦你|麻烦|请你|请|你|小助手|以后|今后|往后|从今往后|再|现在|马上|\p{Han}{1,4}让我(跟|和|给)(您|你)(对接|说)(一下)?)[ ，,。：:；;、!！]*)+`)
	// askingTail are the words after a notice that ask for it: 「发就行」
	// 「下午两点发就行」's leftover, 「说大白话」.
	askingTail = gatedre.MustCompile(`[ ，,。]*((到时候|到点)?(发|提醒|说)?(就行|就好|就可以|就成|即可)(了)?|(发|提醒)(吧|一下吧))$`)
)

// howToWrite are a coordinator's words on how the notice should read,
// which are not its words: 「字别多，老人能看懂就行」「简单点」.
var howToWrite = gatedre.MustCompile(`[，,。\s]*((别|不要|不)点名(道姓)?|字(别|不要)(太)?多|(别|不要)(写)?(太)?长|(写得?)?简单(点|些|一点)|简短(点|些|一点)?|(老人|老年人|大家)(都)?(能)?看(得)?懂(就行|就好|就可以)?|(用|说)(大白话|人话)|通俗(点|一点)?)(就行|就好)?`)

// checkinOnly is a notice that only says to check in: 「大家打卡」.
var checkinOnly = gatedre.MustCompile(`^(让|叫|提醒)?(大家|各位|邻居们)?(都)?(记得|别忘了?|按时)?(来)?(打卡|签到)(吧|啊|哦)?$|^(还没|没)(有)?(打卡|签到)(的)?(人|邻居|居民)?$`)

// checkinReminder is the words of a reminder to check in, short and plain.
const checkinReminder = "今天的垃圾分类打卡别忘了，分好后在群里发「打卡」就行。"

// saidUntil is the last day said after a repeating notice's words, in
// speech: 「，倒到周日就行」「一直到月底」.
var saidUntil = gatedre.MustCompile(`[\s，,。；;]+(?:一直|就|倒|先|只)?(?:提醒|发)?(?:到|至)\s*(周[一二三四五六日天]|礼拜[一二三四五六日天]|星期[一二三四五六日天]|下周[一二三四五六日天]|[0-9]{1,2}月[0-9]{1,2}[日号]|[0-9]{1,2}[日号]|月底)(?:当天|那天)?(?:为止|止|结束)?$`)

// untilAskedRe is the last day a repeating notice goes, asked among the
// asking words: 「一直发到2月20号元宵节」「就提醒到周日」.
var untilAskedRe = gatedre.MustCompile(`(?:(?:一直|就|先|只)?(?:提醒|发)|一直)(?:到|至)\s*(周[一二三四五六日天]|礼拜[一二三四五六日天]|星期[一二三四五六日天]|下周[一二三四五六日天]|[0-9]{1,2}月[0-9]{1,2}[日号]|[0-9]{1,2}[日号]|月底)(?:\p{Han}{1,3}节)?(?:当天|那天)?(?:为止|止|结束)?`)

// untilAsked is a repeating notice's words with the last day asked for
// in text put at their end (「… 到2月20号」), where 提醒 reads it; the words
// as they are when they end so already or nothing is asked.
func untilAsked(text, notice string, e timeexpr.Expr) string {
	if e.Kind != timeexpr.Recurring || saidUntil.MatchString(notice) {
		return notice
	}
	m := untilAskedRe.FindStringSubmatch(text)
	if m == nil {
		return notice
	}
	notice = strings.Trim(strings.Replace(notice, m[0], " ", 1), noticeTrims)
	return notice + " 到" + m[1]
}

// danglingAsk is a word left of the asking once the groups are gone:
// 「帮我往和平家园群发一条」 leaves 「帮」; a greeting leaves 「早」.
var danglingAsk = gatedre.MustCompile(`^(帮|帮我|你帮我|您帮我|麻烦你|麻烦|再|我|你|您|在|往|到|给|向|帮我在|帮我往|早|早啊|早上好|大家|一个|再一个|这一?个?(礼拜|星期|周)|发|先发|再发)$`)

// saysLead are the words before a notice's own: 「发个通知，说…」「发个拜
// 年的话，…」「就说…」.
var saysLead = gatedre.MustCompile(`(?:(?:的话|通知|消息)[，,：:]\s*(?:说|就说)?|(?:就说|内容是|内容就是|写上)[，,：:]?\s*)(\p{Han}.*)$`)

// saysTail are words after a notice's own that are not part of it.
var saysTail = gatedre.MustCompile(`[，,。\s]*(就行|就好|就可以|即可|就成)$`)

// contentSaid is the notice's own words after the asking, when they are
// led into so (「…的话，」「说…」); ok is false when they are not.
func contentSaid(text string) (string, bool) {
	m := saysLead.FindStringSubmatch(text)
	if m == nil {
		return "", false
	}
	said := strings.Trim(howToWrite.ReplaceAllString(saysTail.ReplaceAllString(m[1], ""), " "), noticeTrims)
	if utf8.RuneCountInString(said) < 4 || sendsNotice.MatchString(said) {
		return "", false
	}
	return said, true
}

// withoutYou is a word of the notice without the bot, asked, at its end:
// 「写春联你」 is 写春联; 「谢谢你」「祝您」 keep theirs.
func withoutYou(word string) string {
	for _, you := range []string{"你", "您"} {
		cut, ok := strings.CutSuffix(word, you)
		if ok && utf8.RuneCountInString(cut) >= 2 && !strings.HasSuffix(cut, "谢谢") && !strings.HasSuffix(cut, "祝") && !strings.HasSuffix(cut, "感谢") {
			return cut
		}
	}
	return word
}

// saidForDays is how many days a repeating notice goes: 「连着提醒七天」.
var saidForDays = gatedre.MustCompile(`[\s，,。]*(?:连着|连续|一共)(?:提醒|发)?([0-9]+|[一二两三四五六七八九十]+)天`)

// fillers are words of a reply, not of a notice.
var fillers = gatedre.MustCompile(`好的|好|行|嗯|那就|就|那|吧|了|发|的|你|让大家|大家|直接|在群里|群里|报名|报|\s`)

// sentAt are the words after a time that send at it: 「10点发」「下午3点在两
// 个群发个通知」「晚上7点在一群里提醒一下」.
var sentAt = gatedre.MustCompile(`^[\s，,]*(准时|整)?(就|再)?[\s，,]*((在|到|往|给|向)?[\p{Han}0-9]{0,6}?群(里|上)?|(给|跟|向)大家)?[\s，,]*(都|也)?(再|就)?(发|提醒|通知|推送|群发|催|公布|转发|说一声|说一下)`)

// saidOfContent are the words right after a time that make it the
// notice's own, not when it goes: 「下午2点派人来排查」「9点开始」「3月8号
// 之前挪走」「今天下午两点去3栋」.
var saidOfContent = gatedre.MustCompile(`^(开始|之前|以前|前|以后|之后|后|左右|截止|为止|起|派|来|去|停|抢修|集合|结束|前后|准时到)`)

// sendingTime is when a notice is to go: a time the sending words follow
// (「…你2月4号下午3点在两个群发个通知」), else the first said with an hour,
// else the first said at all (「从今天起每天晚上八点」 goes at eight). A
// one-off time the notice's own words follow (「热力公司说今天下午2点派人来
// 排查 帮我跟两个群说一声」) is the notice's, and ok is false: it goes now.
func sendingTime(text string, now time.Time, loc *time.Location) (timeexpr.Expr, int, int, bool) {
	type found struct {
		e    timeexpr.Expr
		i, j int
	}
	var all []found
	for off := 0; off < len(text); {
		e, a, b, ok := timeexpr.Find(text[off:], now, loc)
		if !ok {
			break
		}
		all = append(all, found{e, off + a, off + b})
		off += b
	}
	if len(all) == 0 {
		return timeexpr.Expr{}, 0, 0, false
	}
	for _, f := range all {
		if f.e.Kind != timeexpr.Window && sentAt.MatchString(text[f.j:]) {
			return f.e, f.i, f.j, true
		}
	}
	pick := all[0]
	for _, f := range all {
		if f.e.Kind != timeexpr.Window {
			pick = f
			break
		}
	}
	switch {
	case pick.e.Kind == timeexpr.Recurring:
	case saidOfContent.MatchString(text[pick.j:]):
		return timeexpr.Expr{}, 0, 0, false
	case pick.e.Kind == timeexpr.Window && hourSaid.MatchString(text[pick.i:pick.j]):
		// 「今天上午9点到下午5点抢修停水 通知一下二群」: from when to when
		// is what the notice says.
		return timeexpr.Expr{}, 0, 0, false
	}
	return pick.e, pick.i, pick.j, true
}

// draftRemind reads a coordinator's words as the arguments of 提醒: the
// groups named (a lone group when the community has one), the time it goes
// and the notice. A time of day without an hour (「每周三晚上」) leaves a
// blank to fill.
func (w *Workflow) draftRemind(ctx context.Context, t *bot.Turn, text string) (string, bool) {
	// A notice written out after a colon is the coordinator's own words:
	// only the asking before it is read (「…看看咱北苑能不能赢南苑！」
	// asks nothing of the bot).
	asking := text
	if k := quoteColon(text); k >= 0 && sendsNotice.MatchString(text[:k]) {
		asking = text[:k]
	}
	if !sendsNotice.MatchString(asking) || keptFromGroups.MatchString(asking) || asksHow.MatchString(asking) || putsUpEvent.MatchString(asking) || postsBoard.MatchString(asking) || recruits.MatchString(asking) || votesAsked.MatchString(text) {
		return "", false
	}
	comm := t.Community()
	groups := w.d.Directory.GroupsNamed(comm, text)
	if all := w.d.Directory.Groups(comm); len(groups) == 0 && len(all) == 1 {
		groups = all
	}
	if len(groups) == 0 && t.InGroup() {
		// Drafted in a group, confirmed in private: the group asked in.
		groups = []string{t.Chat.Name}
	}
	loc := w.location(comm)
	e, i, j, ok := sendingTime(text, t.Now, loc)
	if !ok {
		asked := strings.Contains(text, "群") || toEveryone.MatchString(text) || noticeAsked.MatchString(text) && !t.InGroup()
		if len(groups) == 0 && !noticeAsked.MatchString(text) || !asked || setUpWords.MatchString(text) || whereOnly.MatchString(text) {
			return "", false
		}
		// 「那你在两个群说一下结果 桶下周放车棚旁边」: now, which is
		// the next minute, shown to confirm.
		next := t.Now.In(loc).Truncate(time.Minute).Add(time.Minute)
		stamp := "今天" + next.Format("15:04")
		text = stamp + " " + text
		e, i, j = timeexpr.Expr{Kind: timeexpr.Once, At: next}, 0, len(stamp)
	}
	if strings.HasSuffix(text[:i], "每") {
		// 「每周三晚上」 is read as 「周三晚上」 when it has no hour.
		i -= len("每")
	}
	when := strings.TrimSpace(text[i:j])
	if quoted, ok := noticeQuoted(text, j); ok {
		// 「明天早上8点帮我在一群发个通知：打卡今天正式开始啦！每天在群里
		// 发“打卡”两个字就行」: the words after the colon, as written,
		// with their own punctuation.
		if k := quoteColon(t.Msg.Text); k >= 0 {
			_, size := utf8.DecodeRuneInString(t.Msg.Text[k:])
			if raw := strings.Trim(t.Msg.Text[k+size:], noticeTrims); raw != "" {
				quoted = raw
			}
		}
		return draftLine(groups, when, e, untilAsked(text, quoted, e)), true
	}
	if said, ok := contentSaid(text[j:]); ok {
		// 「发个拜年的话，祝大家新春快乐、注意用火安全就行」: what it says.
		return draftLine(groups, when, e, untilAsked(text, said, e)), true
	}
	rest := text[:i] + " " + text[j:]
	kind := ""
	if m := noticeKind.FindStringSubmatchIndex(rest); m != nil {
		// 「再发一个停水通知 …」: the kind heads the notice.
		kind = rest[m[2]:m[3]]
		rest = rest[:m[0]] + " " + rest[m[1]:]
	}
	rest = sentTimes.ReplaceAllString(sentTo.ReplaceAllString(rest, " "), " ")
	notice := strings.Trim(sendingWords.ReplaceAllString(toEveryoneSaid.ReplaceAllString(rest, " "), " "), noticeTrims)
	for _, g := range groups {
		notice = strings.ReplaceAll(notice, g, " ")
	}
	notice = strings.Trim(howToWrite.ReplaceAllString(notice, " "), noticeTrims)
	notice = strings.Trim(askingLead.ReplaceAllString(notice, ""), noticeTrims)
	notice = strings.Trim(askingTail.ReplaceAllString(notice, ""), noticeTrims)
	var kept []string
	for _, f := range strings.Fields(notice) {
		if !danglingAsk.MatchString(f) {
			// 「写春联你每天早上8点…」: 你 is the bot, asked.
			kept = append(kept, withoutYou(f))
		}
	}
	notice = strings.TrimSuffix(strings.Join(kept, " "), " 的")
	if m := saidForDays.FindStringSubmatchIndex(notice); m != nil && e.Kind == timeexpr.Recurring {
		// 「连着提醒七天」: from today, so many days.
		if n, ok := numerals.Parse(notice[m[2]:m[3]]); ok && n > 0 && n <= 366 {
			last := t.Now.In(loc).AddDate(0, 0, n-1)
			notice = strings.TrimRight(notice[:m[0]]+notice[m[1]:], noticeTrims) + fmt.Sprintf(" 到%d月%d日", int(last.Month()), last.Day())
		}
	}
	if m := saidUntil.FindStringSubmatchIndex(notice); m != nil && e.Kind == timeexpr.Recurring {
		// 「倒到周日就行」「到活动结束为止」 is when it stops: 「到周日」.
		notice = strings.TrimRight(notice[:m[0]], noticeTrims) + " 到" + notice[m[2]:m[3]]
	}
	notice = untilAsked(text, notice, e)
	again, notice := sentAgain(notice, t.Now, loc)
	if checkinOnly.MatchString(notice) {
		// 「提醒一下大家打卡，字别多，老人能看懂就行」: the words are ours.
		notice = checkinReminder
	}
	if utf8.RuneCountInString(fillers.ReplaceAllString(notice, "")) < 2 {
		// 「好的 那就每周一早上8点发」: the notice was said before.
		return "", false
	}
	if kind != "" && !strings.Contains(notice, kind) {
		notice = kind + "：" + notice
	}
	line := draftLine(groups, when, e, notice)
	if again != "" && e.Kind == timeexpr.Once {
		// 「11号晚上7点发 12号早上7点再提醒一次」: the same notice twice.
		line += "\n提醒 " + draftLine(groups, again, timeexpr.Expr{Kind: timeexpr.Once}, notice)
	}
	return line, true
}

// noticeKind is a notice of a kind asked for (「再发一个停水通知」): the
// asking goes, the kind heads the notice.
var noticeKind = gatedre.MustCompile(`(?:再|帮我)?(?:发|出)(?:个|一个|条|一条|份)(\p{Han}{1,6}(?:通知|公告|提示|告示))`)

// sentTo are the buildings named as where a notice goes (「到3栋和5栋」),
// which its groups say.
var sentTo = gatedre.MustCompile(`(?:发到|到)[0-9一二三四五六七八九十]+(?:栋|号楼)(?:(?:和|跟|、)[0-9一二三四五六七八九十]+(?:栋|号楼))*(?:群)?(?:里)?(?:\s|$)`)

// sentTimes are the words of how often a notice goes: 「明天晚上7点发一次」.
var sentTimes = gatedre.MustCompile(`(?:^|\s)(?:发|提醒|通知)(?:一次|一遍|一回)(?:\s|$)`)

// againSaid is a notice asked to go once more at another time, after the
// time: 「12号早上7点再提醒一次」「当天早上再发一遍」.
var againSaid = gatedre.MustCompile(`(再|又)(提醒|发|通知|说)(一次|一遍|一下|一回)?(吧)?$`)

// dayOfNotice is the day a notice tells of: 「3月18号周四 …停水」.
var dayOfNotice = gatedre.MustCompile(`([0-9]{1,2}月)?[0-9]{1,2}(号|日)`)

// sentAgain finds in a notice's words a time it is to go again
// (「…影响2栋到9栋 12号早上7点再提醒一次」) and returns that time's words
// and the notice without them; the time is "" when none is said.
func sentAgain(notice string, now time.Time, loc *time.Location) (string, string) {
	fields := strings.Fields(notice)
	for k, f := range fields {
		m := againSaid.FindStringIndex(f)
		if m == nil || m[0] == 0 {
			continue
		}
		before := f[:m[0]]
		if day := dayOfNotice.FindString(notice); strings.HasPrefix(before, "当天") && day != "" {
			// 「当天早上7点再提醒一次」: the day the notice tells of.
			before = day + strings.TrimPrefix(before, "当天")
		}
		e, i, j, ok := timeexpr.Find(before, now, loc)
		if !ok || e.Kind != timeexpr.Once || i != 0 || j != len(before) {
			continue
		}
		rest := slices.Delete(slices.Clone(fields), k, k+1)
		return before, strings.Join(rest, " ")
	}
	return "", notice
}

// draftLine is a 提醒 line's arguments: the groups (a blank when none is
// known), the time (a blank hour for a part of a day) and the notice.
func draftLine(groups []string, when string, e timeexpr.Expr, notice string) string {
	to := "@…"
	if len(groups) > 0 {
		to = "@" + strings.Join(groups, " @")
	}
	if e.Kind == timeexpr.Window {
		when += "…点"
	}
	return to + " " + when + " " + notice
}

// keptFromGroups says nothing goes to the groups: 「…前十名给我列一下 我看看
// 先别往群里发」.
var keptFromGroups = gatedre.MustCompile(`(先|暂时)?(别|不要|不用|先不)(往|在|发到|发)?(群|群里)(发|说)?|(不|别)(要)?(发|公布)(到|在)?群`)

// votesAsked is a vote asked for, which the poll drafts: 「让大家投票选：1包
// 饺子聚餐 2每户一袋大米…两个群都发一下」.
var votesAsked = gatedre.MustCompile(`投票(选|决定|定|表决)|(让|请|叫)大家(来)?(投票|投个票|选一选|选一下)|(发|搞|弄|开|发起)(个|一个)?投票`)

// quoteColon is the index of the first colon in s that opens words, not
// one of a clock time (「8:00」), or -1.
func quoteColon(s string) int {
	for _, m := range colonRe.FindAllStringIndex(s, -1) {
		if !(m[0] > 0 && isDigit(s[m[0]-1]) && m[1] < len(s) && isDigit(s[m[1]])) {
			return m[0]
		}
	}
	return -1
}

// colonRe is a colon, full or half width.
var colonRe = gatedre.MustCompile(`[:：]`)

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// noticeQuoted is the notice a coordinator wrote out after a colon, when
// the words before it ask for it to be sent and say when (ending at
// timeEnd): ok is false when there is no such colon or nothing after it.
func noticeQuoted(text string, timeEnd int) (string, bool) {
	k := quoteColon(text[timeEnd:])
	if k < 0 {
		return "", false
	}
	k += timeEnd
	if !sendsNotice.MatchString(text[:k]) {
		return "", false
	}
	_, size := utf8.DecodeRuneInString(text[k:])
	quoted := strings.Trim(text[k+size:], noticeTrims)
	return quoted, utf8.RuneCountInString(quoted) >= 2
}
