package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"linli/bot/intent"
	"linli/internal/gatedre"
	"linli/numerals"
)

// A coordinator shown a draft (「要这样发吗？…回复「是」就发」) answers it in
// their own words: a yes with more said (「好的 没问题」「对 就这么发」「标题
// 改一下…其他的没问题 发吧」), or a change (「哦对再加一句 …」「只发5栋住户群
// 啊 不要发到业主群」「就限30个名额吧」「不是每周三 改成每周二吧」). The draft
// waits while they do: a yes sends it, a change shows it again changed, to
// be confirmed; words that are neither are told the draft still waits,
// instead of the menu, which would drop it.

// replyDraftWaits answers words to a waiting draft that neither confirm
// nor change it.
const replyDraftWaits = "上面那条还没发。回复「是」就发；要改就直接说改哪里（如「再加一句…」「标题改成…」「只发一群」「名额改成30」），或照着改好了整条发给我；不要了回复「不发了」。"

// replyNothingWaits answers a yes to send when no draft waits.
const replyNothingWaits = "好的。现在没有等着发的内容；要发什么、设什么，直接告诉我就行。"

// sendWord is a yes that asks something sent: 「发吧」「没问题」「就这样」.
var sendWord = gatedre.MustCompile(`发|没问题|就这样|就这么`)

// putDraft keeps a draft shown to be confirmed: a yes takes it as the one
// option of an ask-back; a change (followDraft) finds it as a draft.
func (c *choices) putDraft(key string, m intent.Match, until time.Time) {
	c.put(key, []intent.Match{m}, until)
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := c.m[key]
	ch.draft = true
	c.m[key] = ch
}

// waiting reports whether something a yes takes waits fresh and untaken
// for key at now: any options when all are taken together, else only one
// (a menu's are picked by number).
func (c *choices) waiting(key string, now time.Time, together bool) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch, ok := c.m[key]
	return ok && !now.After(ch.until) && ch.takenBy == "" && (together || len(ch.options) == 1)
}

// peekOne returns the one option waiting fresh and untaken for key at
// now, and whether it is a draft.
func (c *choices) peekOne(key string, now time.Time) (m intent.Match, draft, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch, ok := c.m[key]
	if !ok || now.After(ch.until) || ch.takenBy != "" || len(ch.options) != 1 {
		return intent.Match{}, false, false
	}
	return ch.options[0], ch.draft, true
}

// peekLast returns the latest of the options waiting fresh and untaken
// for key, and how many wait: of several drafts waiting for their groups,
// the latest is the one the coordinator's next words most likely mend.
func (c *choices) peekLast(key string, now time.Time) (intent.Match, int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch, ok := c.m[key]
	if !ok || now.After(ch.until) || ch.takenBy != "" || len(ch.options) == 0 {
		return intent.Match{}, 0, false
	}
	return ch.options[len(ch.options)-1], len(ch.options), true
}

// replaceLast puts m in place of the latest option waiting for key, the
// others kept, all fresh until until.
func (c *choices) replaceLast(key string, m intent.Match, until time.Time) {
	c.mu.Lock()
	ch, ok := c.m[key]
	c.mu.Unlock()
	options := []intent.Match{m}
	if ok && len(ch.options) > 0 {
		options = append(slices.Clone(ch.options[:len(ch.options)-1]), m)
	}
	c.put(key, options, until)
}

// sendDraft runs the draft waiting for key, as a yes would.
func (r *Router) sendDraft(ctx context.Context, t *Turn, res *intent.Resolver, key string) (bool, error) {
	m, ok := r.choices.take(key, 0, t.Now, t.Msg.ID)
	if !ok {
		return false, nil
	}
	m.Score = intent.ByKeyword
	return true, r.act(ctx, t, res, m)
}

// followDraft answers a coordinator's private words to the draft waiting
// for them, reporting whether it did: a yes said at more length sends it,
// a change shows it again, and words that are neither another command nor
// a new set-up are told the draft waits.
func (r *Router) followDraft(ctx context.Context, t *Turn, res *intent.Resolver, text string, place intent.Place) (bool, error) {
	if t.Member.Role < Coordinator || t.InGroup() {
		return false, nil
	}
	key := draftKey(t)
	m, draft, ok := r.choices.peekOne(key, t.Now)
	if !ok || !draft {
		if done := r.amendBlank(ctx, t, key, text); done {
			return true, nil
		}
		if !strings.Contains(text, "群") && r.filledBlank(t, text) {
			// 「好了 两个都发吧」: every group, said without the word.
			return true, nil
		}
		if r.blanks.waiting(key, t.Now, false) && agrees(text, text) {
			// 「是」 to a draft still waiting for its groups.
			t.Reply(fmt.Sprintf("还没说发到哪个群。回复群名（如「%s」，几个群都发就说「两个群都发」）；不要了回复「不发了」。", r.exampleGroup(t)))
			return true, nil
		}
		if agrees(text, text) && sendWord.MatchString(text) && !r.choices.waiting(key, t.Now, false) && !r.bundles.waiting(key, t.Now, true) && !r.blanks.waiting(key, t.Now, true) {
			// 「好的 发吧」 with nothing waiting (sent, or never drafted).
			t.Reply(replyNothingWaits)
			return true, nil
		}
		return false, nil
	}
	if _, ok := digit(text); ok {
		return false, nil
	}
	d, err := r.Decide(text, place, t.Member.Role)
	if err != nil {
		return false, err
	}
	if d.Match.Keyword != "" {
		// A command written out: the usual way.
		return false, nil
	}
	groups := r.communityGroups(t)
	if agrees(text, r.sameGroups(t, m.Args, text)) {
		return r.sendDraft(ctx, t, res, key)
	}
	if i, args, ok := r.draftOf(ctx, t, text); ok {
		// A set-up said whole again, or a new one: its own draft, which
		// now waits instead.
		r.offerDraft(t, res, i, r.commands[i], args)
		return true, nil
	}
	// Read otherwise at a cue's score or above (「…把两个群排行榜前十名发
	// 我」), the words change no groups or places, only what they name.
	sure := d.Action == Act && d.Match.Score >= intent.ByCue
	if args, ok := r.amend(t, m, text, sure, groups, func(s string) []string {
		if r.Directory == nil {
			return nil
		}
		return r.Directory.GroupsNamed(t.Community(), s)
	}); ok && args != m.Args {
		m.Args = args
		r.choices.putDraft(key, m, t.Now.Add(choiceTTL))
		if sendsNow.MatchString(text) || sendsNowFirst.MatchString(text) {
			// 「标题改一下 叫 … 其他的没问题 发吧」: changed and sent; what
			// went out is in the command's own answer.
			return r.sendDraft(ctx, t, res, key)
		}
		sayDraft(t, fmt.Sprintf("改好了，要这样发吗？\n%s %s\n回复「是」就发；不对的话，照着改好了发给我。", m.Keyword, args))
		return true, nil
	}
	if left := r.leftOutAlready(t, m.Args, text); len(left) > 0 {
		// 「7栋不停水 别发7栋群」 of a draft to 3栋 and 5栋: as it is.
		sayDraft(t, fmt.Sprintf("好的，%s本来就不发。要这样发吗？\n%s %s\n回复「是」就发；不对的话，照着改好了发给我。", strings.Join(left, "、"), m.Keyword, m.Args))
		return true, nil
	}
	if d.Action != Pass || len(text) <= maxNo && no[strings.ReplaceAll(intent.Fold(text), " ", "")] {
		// Another reading, or a no: the usual way.
		return false, nil
	}
	t.Reply(replyDraftWaits)
	return true, nil
}

// amendBlank changes the draft waiting for its groups as a coordinator's
// words say (「哦不对 限24个」), the latest of several (「第三个时间写错了
// 是下午3点」 after two set-ups), and asks for the groups again; it
// reports whether it did.
func (r *Router) amendBlank(ctx context.Context, t *Turn, key, text string) bool {
	m, waiting, ok := r.blanks.peekLast(key, t.Now)
	if !ok {
		return false
	}
	alone := waiting == 1
	if i, _, whole := r.draftOf(ctx, t, text); whole && i == m.Index {
		// Another set-up of the same kind, which its own draft answers.
		return false
	}
	args, ok := r.amend(t, m, text, false, nil, func(string) []string { return nil })
	if !ok || args == m.Args {
		return false
	}
	var named []string
	if r.Directory != nil {
		named = r.Directory.GroupsNamed(t.Community(), text)
	}
	m.Args = args
	if len(named) > 0 && alone {
		// 「今天上午10点发 一群和车友群两个都发」: the groups too, so the
		// draft is whole and waits for its yes.
		r.blanks.drop(key, t.Now)
		m.Args = strings.Replace(m.Args, "@…", "@"+strings.Join(named, " @"), 1)
		r.choices.putDraft(key, m, t.Now.Add(choiceTTL))
		sayDraft(t, fmt.Sprintf("要这样发吗？\n%s %s\n回复「是」就发；不对的话，照着改好了发给我。", m.Keyword, m.Args))
		return true
	}
	r.blanks.replaceLast(key, m, t.Now.Add(choiceTTL))
	sayDraft(t, fmt.Sprintf("改好了。要发到哪个群？回复群名（如「%s」，几个群都发就说「两个群都发」），或把…换成群名，照着改好了发给我：\n%s %s", r.exampleGroup(t), m.Keyword, args))
	return true
}

// communityGroups are the asker's community's groups.
func (r *Router) communityGroups(t *Turn) []string {
	if r.Directory == nil {
		return nil
	}
	return r.Directory.Groups(t.Community())
}

// sameGroups is text without the groups it names when they are the ones
// the draft goes to already (「对的 就发5栋住户群」 says yes).
func (r *Router) sameGroups(t *Turn, args, text string) string {
	if r.Directory == nil {
		return text
	}
	named := r.Directory.GroupsNamed(t.Community(), text)
	if len(named) == 0 || !slices.Equal(named, draftGroups(args)) {
		return text
	}
	return groupWord.ReplaceAllString(text, "")
}

// leftOutAlready are the groups text says a draft is not to go to when
// the draft does not go to any of them; nil otherwise.
func (r *Router) leftOutAlready(t *Turn, args, text string) []string {
	if r.Directory == nil || !leavesGroup.MatchString(text) {
		return nil
	}
	current := draftGroups(args)
	named := r.Directory.GroupsNamed(t.Community(), text)
	if len(current) == 0 || slices.Contains(current, "全部") || slices.ContainsFunc(named, func(g string) bool { return slices.Contains(current, g) }) {
		return nil
	}
	return named
}

// draftGroups are the groups a drafted line's arguments start with.
func draftGroups(args string) []string {
	var groups []string
	for _, f := range strings.Fields(args) {
		if !strings.HasPrefix(f, "@") {
			break
		}
		groups = append(groups, strings.TrimPrefix(f, "@"))
	}
	return groups
}

// agreeing is a yes said at more length: 「好的 没问题」「对 就这么发」「行 就这
// 样」「是的 没问题」「好了发吧」「其他的没问题 发吧」.
var agreeing = gatedre.MustCompile(`^(现在|马上|立刻|赶紧|那就|是的|是啊|是|对的|对啊|对呀|对|好的|好了|好滴|好|行的|行|可以的|可以|没问题|没毛病|没错|都对|确认|嗯嗯|嗯|ok|就这样|就这么|这样|这么|其他的?都?没问题|别的都?没问题|其余的?都?没问题|不用改了?|不改了|就发吧|发吧|发了吧|发出去吧?|发群里吧?|发吧|发|吧|了|啊|呀|哈|你|就|群里|群|去吧|改吧)+$`)

// agreeWord is a word of agreeing that says yes by itself.
var agreeWord = gatedre.MustCompile(`是|对|好|行|可以|没问题|没毛病|没错|确认|嗯|ok|发`)

// agrees reports whether text says only yes to a draft.
func agrees(text string, withoutSameGroups string) bool {
	f := strings.ToLower(intent.Fold(withoutSameGroups))
	f = strings.Map(func(r rune) rune {
		if strings.ContainsRune(" ，,。.！!~～、👌👍🙏", r) {
			return -1
		}
		return r
	}, f)
	return f != "" && len(f) <= 60 && agreeing.MatchString(f) && agreeWord.MatchString(f)
}

var (
	// addsWords adds words to a drafted notice: 「哦对再加一句 …」「再加上让
	// 大家…」「补充一下 …」.
	addsWords = gatedre.MustCompile(`^(哦|噢|喔|啊|哎)?(对了?|还有|对|好的?|行|可以)?[\s，,]*(就现在发|现在就发|马上发|就发|就这么发|就这样发)?[\s，,]*(再|另外|顺便|还要|还得|麻烦)?(加|补|添|补充|写)(上|一句|一下|一条|句|两句|几句|个)+(话)?[\s，,:：]*(让大家|请大家|跟大家说|告诉大家|提醒大家|说)?`)
	// namesTitle renames a drafted event or vote: 「标题改一下 叫 …」「名字
	// 换成…」.
	namesTitle = gatedre.MustCompile(`(标题|题目|名字|名称|活动名|主题)(改一下|改下|换一下|改|换|就)?(成|为)?[\s，,:：]*(叫|改成|改为|换成|用|写成?)?[\s，,:：]*[「“"]?([^\s，,。」”"]{2,20})`)
	// setsPlaces sets a drafted event's places: 「就限30个名额吧」「名额改成
	// 40」.
	setsPlaces = gatedre.MustCompile(`(限|名额|最多|人数)(改成|改为|定|就|先)?\s*([0-9]+|[一二两三四五六七八九十百]+)\s*(个)?(名额|人|位|户)?|([0-9]+|[一二两三四五六七八九十百]+)\s*个名额|(?:改成|改为|减到|加到)\s*([0-9]+)\s*(?:个(?:人|位)?(?:[\s，,。]|$)|$)`)
	// optionSaid rewrites a drafted vote's choice: 「3写清楚一点 南门停车场
	// 入口左手边那块」「第二个改成…」.
	optionSaid = gatedre.MustCompile(`^(第)?([1-9一二三四五六])(个|项|号)?(选项)?(写清楚一点|写清楚些|写清楚|改成|改为|换成|写成|改一下)[\s，,:：]*([^\s，,。]{2,20})`)
	// addsOption adds a choice to a drafted vote: 「再加一个选项 赞成但是换个
	// 地方」「再加一个 跟原来一样的白色 一共四个」; the count after is left out.
	addsOption = gatedre.MustCompile(`^(?:哦|噢|对了|还有|另外)?[\s，,]*(?:再|还要|还得)?(?:加|添|增加|补)(?:上)?(?:一个|个|一项)(?:选项|选择)?[\s，,:：]*(?:就是|是)?[\s，,:：]*(?:跟原来一样的)?([^\s，,。]{1,20}(?:[\s，,。]+(?:其他|别的|其余)[^\s]*(?:[\s，,。]+[^\s]*)?)?)(?:[\s，,。]+(?:一共|总共|共)[^\s]*)?[\s。]*$`)
	// movesTo moves a drafted event: 「改到一楼多功能活动室」.
	movesTo = gatedre.MustCompile(`(改到|换到|挪到|改在|换在|放到|放在)([\p{Han}0-9]{0,10}(` + roomWords + `))`)
	// roomPlace is a drafted event's place among its words.
	roomPlace = gatedre.MustCompile(`^[\p{Han}0-9]{0,10}(` + roomWords + `)$`)
	// notThat corrects a word of the draft: 「不是每周三 改成每周二吧」.
	notThat = gatedre.MustCompile(`不是([^\s，,。]{1,10})[\s，,。]*(是|改成|改为|换成|改到|应该是)([^\s，,。吧]{1,10})`)
	// isNotThat puts a word of the draft right, the right one said first:
	// 「等一下 是到下午6点 不是5点 改一下」.
	isNotThat = gatedre.MustCompile(`(?:^|[\s，,。])是([^\s，,。]{1,10})[\s，,。]*不是([^\s，,。吧]{1,10})`)
	// thatTo changes a word of the draft: 「每周三改成每周二」.
	thatTo = gatedre.MustCompile(`([^\s，,。]{1,10}?)(改成|改为|换成|改到)([^\s，,。吧]{1,10})`)
	// onlyGroups sends a draft to fewer groups: 「只发5栋住户群」「不要发到业主
	// 群」.
	leavesGroup = gatedre.MustCompile(`不要|不用|别|不发|不参与|去掉`)
	// sendsNow ends a change with a go-ahead: 「…其他的没问题 发吧」.
	sendsNow = gatedre.MustCompile(`(发吧|就发|直接发|发出去吧?|发了吧|可以发了?)[\s。！!]*$`)
	// sendsNowFirst starts a change with a go-ahead: 「对 就现在发 再加一句…」
	// 「可以 就这么发 再加一句…」.
	sendsNowFirst = gatedre.MustCompile(`^(对|好的?|行|可以)?[\s，,]*(就现在发|现在就发|马上发|就这么发|就这样发)`)
	// untilTail is the day a repeating notice stops, at its line's end.
	untilTail = gatedre.MustCompile(`\s到[^\s]+$`)
	// groupWord is a group named in a yes: 「就发一群」.
	groupWord = gatedre.MustCompile(`[\p{Han}0-9]{0,8}?群`)
	// draftClause splits a change into its clauses.
	draftClause = gatedre.MustCompile(`[\s，,。；;！!]+`)
	// trailingYes are words of yes after a change: 「…其他的没问题 发吧」.
	trailingYes = gatedre.MustCompile(`[\s，,。]*(其他的?都?没问题|别的都?没问题|就这样|好了|好的)?[\s，,。]*(就)?(发吧|发了吧|发出去吧?|发)?[\s，,。！!]*$`)
)

// amend is draft m's arguments changed as text says: what every draft
// takes, then what m's command takes of its own.
func (r *Router) amend(t *Turn, m intent.Match, text string, sure bool, all []string, named func(string) []string) (string, bool) {
	args, changed := amendDraft(m.Keyword, m.Args, text, sure, all, named)
	if m.Index < len(r.commands) {
		if c := r.commands[m.Index]; c.Amend != nil {
			if a, ok := c.Amend(t, args, text); ok {
				args, changed = a, true
			}
		}
	}
	return args, changed
}

// withOption is a drafted vote's arguments with one more choice, numbered
// after the last of 「选项：1.… 2.…」.
func withOption(args, option string) (string, bool) {
	if option == "" || utf8.RuneCountInString(option) > 20 {
		return "", false
	}
	f := strings.Split(args, " ")
	last := -1
	for i, w := range f {
		if n, _, ok := strings.Cut(w, "."); ok && len(n) == 1 && n[0] >= '1' && n[0] <= '9' {
			last = i
		}
	}
	if last < 0 {
		return "", false
	}
	n := int(f[last][0]-'0') + 1
	f = slices.Insert(f, last+1, fmt.Sprintf("%d.%s", n, option))
	return strings.Join(f, " "), true
}

// amendDraft is a drafted line's arguments changed as text says: words
// added to a notice, the groups, a new title or places, a word put right.
// It reports false when text changes nothing it can read.
func amendDraft(keyword, args, text string, sure bool, all []string, named func(string) []string) (string, bool) {
	changed := false
	if m := addsWords.FindStringIndex(text); m != nil && keyword == "提醒" {
		added := strings.TrimSpace(trailingYes.ReplaceAllString(text[m[1]:], ""))
		if added == "" {
			return "", false
		}
		// Each line of a notice set for two times gets the words, before
		// the day a daily notice stops (「… 到15号」).
		lines := strings.Split(args, "\n")
		for i, l := range lines {
			if m := untilTail.FindStringIndex(l); m != nil {
				lines[i] = l[:m[0]] + " " + added + l[m[0]:]
			} else {
				lines[i] = l + " " + added
			}
		}
		return strings.Join(lines, "\n"), true
	}
	if m := namesTitle.FindStringSubmatch(text); m != nil && (keyword == "发起活动" || keyword == "发起投票") {
		title := strings.TrimSuffix(m[len(m)-1], "吧")
		groups, body := splitGroups(args)
		f := strings.SplitN(body, " ", 2)
		if len(f) == 2 && title != "" && title != f[0] {
			args = joinGroups(groups, title+" "+f[1])
			changed = true
		}
	}
	if m := setsPlaces.FindStringSubmatch(text); m != nil && keyword == "发起活动" && !sure {
		n := m[3]
		if n == "" {
			n = m[6]
		}
		if n == "" {
			n = m[7]
		}
		if v, ok := numerals.Parse(n); ok && v > 1 {
			groups, body := splitGroups(args)
			if i := strings.Index(body, " 名额"); i >= 0 {
				j := i + len(" 名额")
				for j < len(body) && body[j] >= '0' && body[j] <= '9' {
					j++
				}
				body = body[:i] + fmt.Sprintf(" 名额%d", v) + body[j:]
			} else {
				body += fmt.Sprintf(" 名额%d", v)
			}
			args = joinGroups(groups, body)
			changed = true
		}
	}
	if m := movesTo.FindStringSubmatch(text); m != nil && keyword == "发起活动" {
		f := strings.Fields(args)
		for i, w := range f {
			if roomPlace.MatchString(w) && w != m[2] {
				f[i] = m[2]
				args = strings.Join(f, " ")
				changed = true
				break
			}
		}
	}
	if m := optionSaid.FindStringSubmatch(text); m != nil && keyword == "发起投票" {
		if n, ok := numerals.Parse(m[2]); ok {
			// The choice is the word 「N.…」 among the drafted line's.
			f := strings.Split(args, " ")
			for i, w := range f {
				if strings.HasPrefix(w, fmt.Sprintf("%d.", n)) {
					f[i] = fmt.Sprintf("%d.%s", n, m[len(m)-1])
					args, changed = strings.Join(f, " "), true
					break
				}
			}
		}
	}
	if m := addsOption.FindStringSubmatch(text); m != nil && keyword == "发起投票" && !changed {
		// 「再加一个 跟原来一样的白色 一共四个」: one more choice, numbered
		// after the last.
		if a, ok := withOption(args, strings.TrimSpace(trailingYes.ReplaceAllString(m[1], ""))); ok {
			args, changed = a, true
		}
	}
	if m := isNotThat.FindStringSubmatch(text); m != nil && strings.Contains(args, m[2]) {
		// 「是到下午6点 不是5点」: the right words, then the wrong.
		args = strings.Replace(args, m[2], rightWords(args, m[2], m[1]), 1)
		changed = true
	} else if m := notThat.FindStringSubmatch(text); m != nil && strings.Contains(args, m[1]) {
		args = strings.Replace(args, m[1], m[3], 1)
		changed = true
	} else if m := thatTo.FindStringSubmatch(text); m != nil && !changed && strings.Contains(args, m[1]) && !strings.HasPrefix(m[1], "@") {
		args = strings.Replace(args, m[1], m[3], 1)
		changed = true
	}
	if groups, ok := groupsChanged(args, text, all, named); ok && !sure {
		_, body := splitGroups(args)
		args = joinGroups(groups, body)
		changed = true
	}
	return args, changed
}

// groupsChanged are the groups text sends a draft to instead: those named
// in a clause that does not leave them out, or the draft's without those
// left out.
func groupsChanged(args, text string, all []string, named func(string) []string) ([]string, bool) {
	current, _ := splitGroups(args)
	if len(current) == 0 {
		return nil, false
	}
	if slices.Contains(current, "全部") {
		current = all
	}
	var in, out []string
	for _, c := range draftClause.Split(text, -1) {
		gs := named(c)
		if len(gs) == len(all) && len(all) > 1 && !strings.Contains(c, "群") {
			// Words shared by every group's name name none.
			continue
		}
		if leavesGroup.MatchString(c) {
			out = append(out, gs...)
		} else {
			in = append(in, gs...)
		}
	}
	groups := slices.Clone(current)
	if len(in) > 0 {
		groups = in
	}
	groups = slices.DeleteFunc(groups, func(g string) bool { return slices.Contains(out, g) })
	slices.Sort(groups)
	groups = slices.Compact(groups)
	sorted := slices.Clone(current)
	slices.Sort(sorted)
	if len(groups) == 0 || slices.Equal(groups, sorted) {
		return nil, false
	}
	// Keep the community's order.
	var ordered []string
	for _, g := range all {
		if slices.Contains(groups, g) {
			ordered = append(ordered, g)
		}
	}
	return ordered, true
}

// splitGroups splits a drafted line's arguments into its leading groups
// and the rest.
func splitGroups(args string) ([]string, string) {
	groups := draftGroups(args)
	body := args
	for range groups {
		body = strings.TrimSpace(body[strings.IndexByte(body, ' ')+1:])
	}
	if len(groups) > 0 && !strings.Contains(args, " ") {
		body = ""
	}
	return groups, body
}

// DraftLead splits a drafted line's arguments into its leading groups, as
// written with the space after them, and the rest: an Amend changes the
// rest and puts the groups back as they were.
func DraftLead(args string) (lead, rest string) {
	i := 0
	for strings.HasPrefix(args[i:], "@") {
		k := strings.IndexByte(args[i:], ' ')
		if k < 0 {
			return args, ""
		}
		i += k + 1
	}
	return args[:i], args[i:]
}

// joinGroups puts groups back before a drafted line's arguments.
func joinGroups(groups []string, body string) string {
	if len(groups) == 0 {
		return body
	}
	return "@" + strings.Join(groups, " @") + " " + body
}

// rightWords are the words said right in place of wrong in args, without
// what args already has before wrong: 「到下午6点」 for 「5点」 in 「9点到下午
// 5点」 is 「6点」.
func rightWords(args, wrong, right string) string {
	right = strings.TrimPrefix(strings.TrimPrefix(right, "改到"), "到")
	before := args[:strings.Index(args, wrong)]
	for k := len(right); k > 0; k-- {
		if strings.HasSuffix(before, right[:k]) && k < len(right) && utf8.ValidString(right[:k]) {
			return right[k:]
		}
	}
	return right
}
