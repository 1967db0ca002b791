package events

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"linli/bot"
	"linli/numerals"
)

// A coordinator puts up an event in their own words (「礼拜六下午两点半在社
// 区活动室搞个民法典讲座 限30个人 让大家报名」): the words are read into a
// 发起活动 line, offered to be confirmed, never run on their own.

var (
	// makesEvent says an event is being put up, not asked about.
	makesEvent = regexp.MustCompile(`(搞|办|开|组织|弄|建|发布|安排|举办)(个|一个|场|一场|次|一次)?|让大家报名|(开始|开放)报名`)
	// eventTitle is the event's name: words ending in a kind of event.
	eventTitle = regexp.MustCompile(`\p{Han}{0,8}(` + eventNoun + `)`)
	// titleLead are the words before a name that are not part of it.
	titleLead = regexp.MustCompile(`^(再|还)?(搞|办|开|组织|弄|建|发布|安排|举办)(个|一个|场|一场|次|一次)?|^(在|到)`)
	// eventPlace is where it is held.
	eventPlace = regexp.MustCompile(`(在|到)?(\p{Han}{0,6}(活动室|会议室|活动中心|服务中心|广场|食堂|大厅|礼堂|门口|院子|会议厅|小花园|凉亭|党群中心))`)
	// eventLimit is a head count in words: 「限30个人」「30个名额」「30人」.
	eventLimit = regexp.MustCompile(`(限|名额|共)?\s*([0-9]+|[一二两三四五六七八九十百]+)\s*(个人|人|位|个名额|名)`)
)

// draftEvent reads a coordinator's words as the arguments of 发起活动: a
// name, a time to come, and the place and places when said.
func (w *Workflow) draftEvent(t *bot.Turn, text string) (string, bool) {
	if !makesEvent.MatchString(text) {
		return "", false
	}
	rest := text
	limit := 0
	if m := eventLimit.FindStringSubmatchIndex(rest); m != nil {
		if n, ok := numerals.Parse(rest[m[4]:m[5]]); ok && n > 0 && n <= MaxCapacity {
			limit = n
		}
		rest = rest[:m[0]] + " " + rest[m[1]:]
	}
	_, i, j, ok, err := findTime(rest, t.Now, t.Loc)
	if err != nil || !ok {
		return "", false
	}
	when := strings.TrimSpace(rest[i:j])
	rest = rest[:i] + " " + rest[j:]
	place := ""
	if m := eventPlace.FindStringSubmatchIndex(rest); m != nil {
		place = rest[m[4]:m[5]]
		rest = rest[:m[0]] + " " + rest[m[1]:]
	}
	var title string
	for _, word := range strings.Fields(rest) {
		if m := eventTitle.FindString(word); m != "" && m != "报名" {
			title = titleLead.ReplaceAllString(m, "")
			break
		}
	}
	if title == "" || utf8.RuneCountInString(title) > MaxTitle {
		return "", false
	}
	args := title + " " + when
	if place != "" {
		args += " " + place
	}
	if limit > 0 {
		args += fmt.Sprintf(" 名额%d", limit)
	}
	if _, err := parseEvent(args, t.Now, t.Loc); err != nil {
		return "", false
	}
	if g := w.groupSaid(t, text); g != "" {
		args = "@" + g + " " + args
	}
	return args, true
}

// groupSaid is the group a private message means: the community's only
// group, or the one its words name by a distinctive part of its name
// (「二期群」 for 枫林二期业主群); "" when that is not clear, or in a group.
func (w *Workflow) groupSaid(t *bot.Turn, text string) string {
	if t.InGroup() {
		return ""
	}
	groups := w.d.Directory.Groups(t.Chat.Community)
	if len(groups) == 1 {
		return groups[0]
	}
	var named []string
	for _, g := range groups {
		r := []rune(strings.NewReplacer("群", "", "业主", "", "居民", "", "社区", "", "邻里", "", "小区", "").Replace(g))
		for i := 0; i+2 <= len(r); i++ {
			if strings.Contains(text, string(r[i:i+2])) {
				named = append(named, g)
				break
			}
		}
	}
	if len(named) == 1 {
		return named[0]
	}
	return ""
}
