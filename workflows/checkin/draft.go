package checkin

import (
	"regexp"
	"strconv"
	"strings"

	"linli/bot"
	"linli/numerals"
)

// A coordinator starts a challenge in their own words (「今天开始在二期群搞
// 垃圾分类打卡 21天」「开个21天垃圾分类打卡挑战」): the words are read into
// a 发起打卡 line, for the groups the words name.

var (
	// startsChallenge says a challenge is being started.
	startsChallenge = regexp.MustCompile(`(搞|开|发起|组织|办|开始|启动|弄)(个|一个)?.{0,12}打卡`)
	// challengeName is what is checked in for: the words before 打卡.
	challengeName = regexp.MustCompile(`(\p{Han}{2,6}?)打卡`)
	// daysSaid is its length: 「21天」「二十一天」.
	daysSaid = regexp.MustCompile(`([0-9]+|[一二两三四五六七八九十百]+)\s*天`)
	// startSaid is the first day said: 「明天开始」「12月15号开始」「从12月15日起」.
	startSaid = regexp.MustCompile(`(明天|后天|[0-9]{1,2}月[0-9]{1,2}日)(起|开始)|([0-9]{1,2}月[0-9]{1,2})号(起|开始)`)
	// nameLead are the words before a name that are not part of it.
	nameLead = regexp.MustCompile(`^.*(搞|开|发起|组织|办|开始|启动|弄|群)(个|一个)?`)
)

// notAName are the words before 打卡 that name no challenge: 「每天打卡1分」.
var notAName = map[string]bool{"每天": true, "每日": true, "天天": true, "今天": true, "明天": true, "一起": true, "大家": true, "都来": true, "坚持": true}

// draftStart reads a coordinator's words as the arguments of 发起打卡.
func (w *Workflow) draftStart(t *bot.Turn, text string) (string, bool) {
	if !startsChallenge.MatchString(text) {
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
	for _, n := range challengeName.FindAllStringSubmatch(daysSaid.ReplaceAllString(text, ""), -1) {
		if c := nameLead.ReplaceAllString(n[1], ""); c != "" && !notAName[c] {
			name = c
			break
		}
	}
	if name == "" {
		return "", false
	}
	args := name + " " + strconv.Itoa(days)
	if m := startSaid.FindStringSubmatch(text); m != nil {
		if m[1] != "" {
			args += " " + m[1]
		} else {
			args += " " + m[3] + "日"
		}
	}
	if t.InGroup() || len(w.dir.Groups(t.Chat.Community)) < 2 {
		return args, true
	}
	named := w.dir.GroupsNamed(t.Chat.Community, text)
	if len(named) == 0 || len(named) == len(w.dir.Groups(t.Chat.Community)) {
		// No group named: the community's programme, in all its groups,
		// shown in the line to confirm.
		return "@全部 " + args, true
	}
	return "@" + strings.Join(named, " @") + " " + args, true
}
