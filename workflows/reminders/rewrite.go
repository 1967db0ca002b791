package reminders

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"linli/bot"
	"linli/internal/gatedre"
)

// A coordinator puts a set notice right in words, when it has not all gone
// out yet: 「停水是9点到下午4点 不是8点到5点 刚才那个通知改一下」「明天周三的菜
// 单改一下 清蒸鲈鱼换成红烧带鱼」「后面再加一句 老人吃的时候注意鱼刺」. The
// reminders whose words hold what is put right are shown as 改提醒 lines to
// confirm; their time and groups stay as they were.

// rewrite handles 改提醒 #N 新内容, one line each for several.
func (w *Workflow) rewrite(ctx context.Context, t *bot.Turn) error {
	return eachLine(ctx, t, strings.Split(strings.TrimSpace(t.Args), "\n"), []string{"改提醒", "修改提醒"}, w.rewriteOne)
}

// rewriteOne gives reminder #N the words after its number.
func (w *Workflow) rewriteOne(ctx context.Context, t *bot.Turn) error {
	ref, text, _ := strings.Cut(strings.TrimSpace(t.Args), " ")
	t.Args = ref
	r, err := w.find(ctx, t, "改")
	if err != nil {
		return err
	}
	text = strings.TrimSpace(text)
	if !strings.Contains(t.Msg.Text, "\n") {
		text = original(t.Msg.Text, text) // its own punctuation, as typed
	}
	switch n := utf8.RuneCountInString(text); {
	case r.State == Done:
		return bot.Userf("提醒 #%d 已经发过了，改不了；要再发请重新设一条。", r.No)
	case n == 0:
		return bot.Userf("请把新内容写在编号后面，例如：改提醒 #%d 明天上午9点停水", r.No)
	case n > MaxText:
		return bot.Userf("提醒内容太长了（%d 字），请控制在 %d 字以内。", n, MaxText)
	}
	st := r.State
	if private := privateDetail(text); private != "" {
		if err := w.d.Scheduler.CancelTimer(ctx, timerKey(r.ID)); err != nil {
			return fmt.Errorf("rewrite reminder %d: %w", r.ID, err)
		}
		if err := w.d.Store.SetReminderText(ctx, r.ID, text, Held); err != nil {
			return fmt.Errorf("rewrite reminder %d: %w", r.ID, err)
		}
		t.Reply(fmt.Sprintf("提醒 #%d 改好了，先不发：内容里有%s，发到「%s」后群里所有人都能看到。\n内容：%s\n确认要发，请回复「确认发送 #%d」。",
			r.No, private, strings.Join(r.Groups, "、"), text, r.No))
		return nil
	}
	if st == Held {
		st = Active
	}
	if err := w.d.Store.SetReminderText(ctx, r.ID, text, st); err != nil {
		return fmt.Errorf("rewrite reminder %d: %w", r.ID, err)
	}
	if r.State == Held {
		r.State, r.Text = Active, text
		if _, err := w.arm(ctx, r, t.Now.In(w.location(r.Community))); err != nil {
			return err
		}
	}
	t.Reply(fmt.Sprintf("已改好提醒 #%d：%s\n发到：%s\n内容：%s", r.No, r.Desc, strings.Join(r.Groups, "、"), text))
	return nil
}

var (
	// rightFirst, wrongFirst and changedTo are the ways words are put
	// right: 「是9点到下午4点 不是8点到5点」, 「不是8点 是9点」, 「清蒸鲈鱼换
	// 成红烧带鱼」.
	rightFirst = gatedre.MustCompile(`是([^\s，,。]{1,12})[\s，,。]*不是([^\s，,。吧]{1,12})`)
	wrongFirst = gatedre.MustCompile(`不是([^\s，,。]{1,12})[\s，,。]*(?:是|改成|改为|换成|应该是)([^\s，,。吧]{1,12})`)
	changedTo  = gatedre.MustCompile(`([^\s，,。]{2,12}?)(?:改成|改为|换成)([^\s，,。吧]{1,12})`)
	// moreWords adds a sentence: 「后面再加一句 老人吃的时候注意鱼刺」「那个提醒里
	// 加几句 …」.
	moreWords = gatedre.MustCompile(`(?:后面|最后|末尾)?(?:再|还)?(?:加|添|补)(?:上)?(?:一句|一条|两句|几句|句)(?:话)?[\s，,:：]*`)
	// notWords are words before what is changed that are no part of it:
	// 「还有周四的凉拌黄瓜也」.
	notWords = gatedre.MustCompile(`(也|都|就|再|要|还)$`)
	// dayPart is a part of the day said before an hour.
	dayPart = `(?:凌晨|早上|上午|中午|下午|傍晚|晚上)?`
	// hourIn is an hour in words put right: 「8点」「5点半」.
	hourIn = gatedre.MustCompile(`[0-9一二三四五六七八九十两]{1,3}点`)
	// timeish are the words of a time or a day.
	timeish = gatedre.MustCompile(`[0-9一二三四五六七八九十两]+(点|号|日|月)|周[一二三四五六日天]|星期|礼拜|上午|下午|晚上|早上|中午|今天|明天|后天`)
	// whatNotWhich are the words that say what is changed, not which words:
	// 「时间改成下午3点」 names no words of a notice.
	whatNotWhich = gatedre.MustCompile(`时间|地点|名额|内容|标题|人数|日子|日期|群`)
	// partLead is the part of the day an hour put right was said with.
	partLead = gatedre.MustCompile(`^` + dayPart)
	// hourFirst is right words that start with the hour.
	hourFirst = gatedre.MustCompile(`^[0-9一二三四五六七八九十两]`)
)

// minPutRight is the fewest runes of words put right that are looked for
// in a notice: two (「带鱼」) match too much by chance.
const minPutRight = 3

// draftRewrite reads a coordinator's words as a change to the words of
// reminders not yet all sent: each whose words hold what is put right.
func (w *Workflow) draftRewrite(ctx context.Context, t *bot.Turn, text string) (string, bool) {
	if t.InGroup() || stops.MatchString(text) {
		return "", false
	}
	rs, err := w.d.Store.Reminders(ctx, t.Community())
	if err != nil {
		return "", false
	}
	rs = slices.DeleteFunc(rs, func(r Reminder) bool { return r.State == Done || r.State == Deleted })
	if len(rs) == 0 {
		return "", false
	}
	var lines []string
	if m := moreWords.FindStringIndex(text); m != nil {
		added := strings.Trim(trailingSend.ReplaceAllString(text[m[1]:], ""), noticeTrims)
		r, ok := addedTo(rs, text[:m[0]], t.Member.ID)
		if !ok || utf8.RuneCountInString(added) < 2 {
			return "", false
		}
		lines = append(lines, fmt.Sprintf("#%d %s %s", r.No, strings.TrimRight(r.Text, noticeTrims), added))
	} else {
		wrong, right, ok := putRight(text)
		if !ok {
			return "", false
		}
		for _, r := range rs {
			if changed, ok := replaced(r.Text, wrong, right); ok {
				lines = append(lines, fmt.Sprintf("#%d %s", r.No, changed))
			}
		}
	}
	if len(lines) == 0 || len(lines) > 3 {
		return "", false
	}
	return strings.Join(lines, "\n改提醒 "), true
}

// putRight is the wrong words and the right ones text says, "" when it
// says none.
func putRight(text string) (wrong, right string, ok bool) {
	if m := rightFirst.FindStringSubmatch(text); m != nil {
		return m[2], m[1], true
	}
	if m := wrongFirst.FindStringSubmatch(text); m != nil {
		return m[1], m[2], true
	}
	if m := changedTo.FindStringSubmatch(text); m != nil && timeish.MatchString(m[1]) == timeish.MatchString(m[2]) {
		// 「清蒸鲈鱼换成红烧带鱼」, not 「大件垃圾回收改成周六」, which moves
		// a day.
		return notWords.ReplaceAllString(m[1], ""), m[2], true
	}
	return "", "", false
}

// replaced is text with wrong put right, and whether it held wrong: the
// longest tail of it that is there (「还有周四的凉拌黄瓜」 is 「凉拌黄瓜」), or,
// for hours, the hours with a part of the day before each (「8点到5点」 is
// 「早上8点到下午5点」, which keeps its 早上 when the right words have none).
func replaced(text, wrong, right string) (string, bool) {
	if !hourIn.MatchString(wrong) {
		r := []rune(wrong)
		for i := 0; len(r)-i >= minPutRight; i++ {
			if tail := string(r[i:]); strings.Contains(text, tail) && !whatNotWhich.MatchString(tail) {
				return strings.Replace(text, tail, right, 1), true
			}
		}
		return "", false
	}
	var b strings.Builder
	last := 0
	for _, m := range hourIn.FindAllStringIndex(wrong, -1) {
		b.WriteString(regexp.QuoteMeta(wrong[last:m[0]]) + dayPart + regexp.QuoteMeta(wrong[m[0]:m[1]]))
		last = m[1]
	}
	b.WriteString(regexp.QuoteMeta(wrong[last:]))
	re, err := regexp.Compile(b.String())
	if err != nil {
		return "", false
	}
	loc := re.FindStringIndex(text)
	if loc == nil {
		return "", false
	}
	found := text[loc[0]:loc[1]]
	if lead := partLead.FindString(found); lead != "" && hourFirst.MatchString(right) {
		right = lead + right
	}
	return text[:loc[0]] + right + text[loc[1]:], true
}

// addedTo is the reminder words added go to: the one whose words share a
// word with those before them (「带鱼刺多 后面再加一句…」), or else the
// asker's latest.
func addedTo(rs []Reminder, before string, asker int64) (Reminder, bool) {
	r := []rune(strings.TrimSpace(before))
	var found []Reminder
	for _, x := range rs {
		for i := 0; i+2 <= len(r); i++ {
			if strings.Contains(x.Text, string(r[i:i+2])) {
				found = append(found, x)
				break
			}
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	var latest Reminder
	for _, x := range rs {
		if x.CreatedBy == asker && x.No > latest.No {
			latest = x
		}
	}
	return latest, latest.No > 0 && len(found) == 0
}
