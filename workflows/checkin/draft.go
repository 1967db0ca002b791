package checkin

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"linli/bot"
	"linli/internal/gatedre"
	"linli/numerals"
)

// A coordinator starts a challenge in their own words (「今天开始在二期群搞
// 垃圾分类打卡 21天」「开个21天垃圾分类打卡挑战」): the words are read into
// a 发起打卡 line, for the groups the words name.

var (
	// startsChallenge says a challenge is being started.
	startsChallenge = gatedre.MustCompile(`(搞|开|发起|组织|办|开始|启动|弄|开启|新开|开展)(个|一个|一轮|一期)?.{0,14}(打卡|挑战)|(打卡|挑战).{0,16}(也|再)?(开|搞|办|弄|来)(一个|个|一期|一轮)\s*([0-9]+|[一二两三四五六七八九十]+)天的|(打卡|挑战)[^，,。？?]{0,8}(也)?(想|要)(搞|开|办|弄)`)
	// noticeAsked is a notice written out about a challenge (「明天早上8点
	// 帮我在一群发个通知：垃圾分类21天打卡今天正式开始啦」), which the
	// reminder drafts, not the challenge.
	noticeAsked = gatedre.MustCompile(`(通知|消息|公告)[：:]`)
	// quotedName is a name in quotation marks: 「“分类小达人”挑战」.
	quotedName = gatedre.MustCompile(`[“"「『]([^”"」』]{1,14})[”"」』]`)
	// challengeName is what is checked in for: the words before 打卡.
	challengeName = gatedre.MustCompile(`(\p{Han}{2,8}?)(打卡|挑战)`)
	// daysSaid is its length: 「21天」「二十一天」.
	daysSaid = gatedre.MustCompile(`([0-9]+|[一二两三四五六七八九十百]+)\s*天`)
	// nameLead are the words before a name that are not part of it.
	nameLead = gatedre.MustCompile(`^.*(新一轮|新一期|开启|新开|开展|开始|发起|组织|启动|重新|一轮|一期|搞|开|办|弄|群|比赛|比一比|比|竞赛|一起)(个|一个)?(那个|这个|那种|这种)?|^(还有|另外|那个|这个|那种|这种)+`)
	// daysInName is a length written into a name: 「绿色家园21天」.
	daysInName = gatedre.MustCompile(`[0-9一二两三四五六七八九十]+天$`)
	// The first day said: 「明天开始」「下周一开始」「12月15号开始」「从15号起」.
	startRelative = gatedre.MustCompile(`(明天|后天)(起|开始)`)
	startWeekday  = gatedre.MustCompile(`下(周|个?星期|个?礼拜)([一二三四五六日天])(起|开始)?`)
	startDate     = gatedre.MustCompile(`([0-9]{1,2})月([0-9]{1,2})(日|号)\s*` + weekdayAside + `(起|开始)`)
	startDay      = gatedre.MustCompile(`([0-9]{1,2})(号|日)\s*` + weekdayAside + `(起|开始)`)
	// groupsMeant says some groups are meant: 「只在2号楼和5号楼的群」.
	groupsMeant = gatedre.MustCompile(`群`)
)

// weekdayAside is a weekday said beside a date: 「4号周三开始」.
const weekdayAside = `((周|星期|礼拜)[一二三四五六日天])?\s*`

// notAName are the words before 打卡 that name no challenge: 「每天打卡1分」.
var notAName = map[string]bool{"每天": true, "每日": true, "天天": true, "今天": true, "明天": true, "一起": true, "大家": true, "都来": true, "坚持": true, "活动": true, "一个": true}

// defaultName is a challenge's name when the words give none: the
// programme's own.
const defaultName = "垃圾分类"

// draftStart reads a coordinator's words as the arguments of 发起打卡: the
// name (quoted, or the words before 打卡, or the programme's), the days,
// the first day when said, and the groups the words name.
func (w *Workflow) draftStart(ctx context.Context, t *bot.Turn, text string) (string, bool) {
	if !startsChallenge.MatchString(text) || noticeAsked.MatchString(text) {
		return "", false
	}
	m := daysSaid.FindStringSubmatch(text)
	if m == nil {
		return "", false
	}
	days, ok := numerals.Parse(m[1])
	if !ok || days < 1 || days > 366 {
		return "", false
	}
	name := ""
	if q := quotedName.FindStringSubmatch(text); q != nil {
		name = daysInName.ReplaceAllString(strings.TrimSpace(q[1]), "")
	}
	for _, n := range challengeName.FindAllStringSubmatch(daysSaid.ReplaceAllString(text, ""), -1) {
		if name != "" {
			break
		}
		if c := nameLead.ReplaceAllString(n[1], ""); c != "" && !notAName[c] && utf8.RuneCountInString(c) >= 2 {
			name = c
		}
	}
	if name == "" {
		name = defaultName
	}
	args := name + " " + strconv.Itoa(days)
	if first := w.firstDaySaid(t, text); first != "" {
		args += " " + first
	}
	if t.InGroup() {
		// Drafted in a group, confirmed in private: the group it is for.
		return "@" + t.Chat.Name + " " + args, true
	}
	if len(w.dir.Groups(t.Chat.Community)) < 2 {
		return args, true
	}
	named := w.dir.GroupsNamed(t.Chat.Community, text)
	switch {
	case len(named) == 0 && groupsMeant.MatchString(text):
		return "@… " + args, true // groups meant, none known by those words
	case len(named) == 0 || len(named) == len(w.dir.Groups(t.Chat.Community)):
		// No group named: the community's programme, in all its groups,
		// shown in the line to confirm.
		return "@全部 " + args, true
	}
	return "@" + strings.Join(named, " @") + " " + args, true
}

// firstDaySaid is the first day a coordinator's words give, written as
// 发起打卡 reads it ("12月21日"), or "" for today.
func (w *Workflow) firstDaySaid(t *bot.Turn, text string) string {
	today := w.today(t.Chat.Community, t.Now)
	switch {
	case startRelative.MatchString(text):
		return startRelative.FindStringSubmatch(text)[1]
	case startWeekday.MatchString(text):
		wd := 6 // 日 and 天 are Sunday
		if i := strings.Index("一二三四五六", startWeekday.FindStringSubmatch(text)[2]); i >= 0 {
			wd = i / len("一")
		}
		monday := today + Day(7-(int(today.Weekday())+6)%7)
		return (monday + Day(wd)).String()
	case startDate.MatchString(text):
		m := startDate.FindStringSubmatch(text)
		return m[1] + "月" + m[2] + "日"
	case startDay.MatchString(text):
		d, _ := strconv.Atoi(startDay.FindStringSubmatch(text)[1])
		for day := today; day < today+62; day++ {
			if day.Date().Day() == d {
				return day.String()
			}
		}
	}
	return ""
}
