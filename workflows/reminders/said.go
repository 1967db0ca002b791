package reminders

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
	"linli/numerals"
)

// A coordinator calls off or moves a reminder in words, naming it by when
// it goes or what it says (「周五晚上那个提醒不要了」「每天晚上8点那个改到7点
// 半吧」). The one it means is shown with the command that does it, to send;
// nothing is changed on the words alone.

// changeSaid is a reminder called off or moved (folded text).
var changeSaid = gatedre.MustCompile(`^(那|就|哦)?(还是)?(改成|改到|换到|改为)(早上|上午|中午|下午|晚上)?([0-9]{1,2}|[一二两三四五六七八九十]{1,3})点|(提醒|通知).{0,6}(不要|不用|取消|删|去掉|撤|先停|停了|停掉|别发|不发)|(那个|那条).{0,12}(不用|不要|别)(再)?(提醒|通知|发)了|(那个|那条)(提醒|通知)?.{0,12}(先)?(别发|不要发|不用发|停了|停掉|停一停)|(那个|那条)(提醒)?(不要|不用|取消|删掉|删|去掉)|(那个|那条|提醒).{0,4}(改到|改成|换到|挪到|改为)|(刚才|刚刚)(那个|那条|发的|设的)?(通知|提醒)?.{0,8}(写错|错了|不对|搞错)`)

// changeWord ends the words that name the reminder.
var changeWord = gatedre.MustCompile(`不要|不用|取消|删|去掉|撤|改到|改成|换到|挪到|改为|先停|停了|停掉|停一停|别发|不发|从下|写错|错了|搞错`)

// movedTo is the time a reminder is moved to: 「改到7点半」「改成晚上七点」.
var movedTo = gatedre.MustCompile(`(改到|改成|换到|挪到|改为|是|应该是)(明早|明天早上|明天上午|早上|上午|中午|下午|晚上)?([0-9]{1,2}|[一二两三四五六七八九十]{1,3})点(半|([0-9]{1,2})分?)?`)

// newTime is the time words move a reminder to, written as 提醒 reads it
// (「19:30」), in the half of the day the reminder was in when the words do
// not say; "<新时间>" when they give none.
func newTime(words, desc string) string {
	m := movedTo.FindStringSubmatch(words)
	if m == nil {
		return "<新时间>"
	}
	h, ok := numerals.Parse(m[3])
	if !ok {
		return "<新时间>"
	}
	min := 0
	switch {
	case m[4] == "半":
		min = 30
	case m[5] != "":
		min, _ = strconv.Atoi(m[5])
	}
	was := descHour.FindStringSubmatch(desc)
	afternoon := m[2] == "下午" || m[2] == "晚上" || m[2] == "" && was != nil && was[1] >= "12" && h < 12
	if afternoon && h < 12 {
		h += 12
	}
	return fmt.Sprintf("%02d:%02d", h, min)
}

// descHour is the hour in a reminder's schedule: 「每天 20:00」.
var descHour = gatedre.MustCompile(`([0-9]{2}):[0-9]{2}`)

// stops says the reminder is stopped for now, not called off for good:
// 「先停了吧」「先别发了」.
var stops = gatedre.MustCompile(`先停|停了|停掉|停一停|暂停|先别发|先不发|暂时`)

// moves says the reminder is moved, not called off.
var moves = gatedre.MustCompile(`改到|改成|换到|挪到|改为|写错|错了|搞错|不对`)

// changeLead are words before a change that name nothing: 「还是改成8点吧」.
var changeLead = gatedre.MustCompile(`^(那|就|哦|噢|还是|要不|算了|不对|对了|\s)+`)

// justSetFor is how soon after a reminder was set words that change it
// without naming it (「改成7点半吧」) are about it.
const justSetFor = 15 * time.Minute

// justSet names the reminder set last: 「刚才那个通知」.
var justSet = gatedre.MustCompile(`刚才|刚刚|上一(个|条)`)

// changeSaidIntent is a coordinator calling off or moving a reminder in
// words.
func changeSaidIntent() intent.Decl {
	return intent.Decl{Name: "remind_change_said", Label: "改提醒", Shape: intent.Free, Cues: []string{changeSaid.String()},
		// Things moved about a home are no notice: 「那个老衣柜想挪到阳台那边去」.
		Not: []string{`挪不动|搬不动|阳台|衣柜|柜子|沙发|床|桌子|冰箱|家具`}}
}

// hourSaid is an hour in words: 「晚上8点」「7点半」.
var hourSaid = gatedre.MustCompile(`(早上|上午|中午|下午|晚上)?([0-9]{1,2}|[一二两三四五六七八九十]{1,3})点`)

// weekdaySaid is a weekday in words: 「周五」「礼拜六」.
var weekdaySaid = gatedre.MustCompile(`(周|星期|礼拜)([一二三四五六日天])`)

// liveReminders are the reminders not done.
func liveReminders(rs []Reminder) []Reminder {
	var out []Reminder
	for _, r := range rs {
		if r.State != Done {
			out = append(out, r)
		}
	}
	return out
}

// changeByWords shows the reminder the words mean and how to call it off
// or move it.
func (w *Workflow) changeByWords(ctx context.Context, t *bot.Turn) error {
	comm := t.Community()
	rs, err := w.d.Store.Reminders(ctx, comm)
	if err != nil {
		return fmt.Errorf("reminders said: %w", err)
	}
	// The words that name the reminder: those before 不要 or 改到.
	words := t.Msg.Text
	if loc := changeWord.FindStringIndex(words); loc != nil {
		words = words[:loc[0]]
	}
	var best []Reminder
	top := 0
	for _, r := range rs {
		if r.State == Done {
			continue
		}
		if justSet.MatchString(words) {
			if len(best) == 0 || r.No > best[0].No {
				best = []Reminder{r}
			}
			continue
		}
		if s := reminderScore(words, r); s > top {
			best, top = []Reminder{r}, s
		} else if s == top && s > 0 {
			best = append(best, r)
		}
	}
	if strings.TrimSpace(changeLead.ReplaceAllString(intent.Fold(words), "")) == "" {
		// 「改成7点半吧」 just after a reminder was set: that one.
		best = nil
		for _, r := range rs {
			if r.State != Done && r.State != Deleted && r.CreatedBy == t.Member.ID && t.Now.Sub(r.Created) <= justSetFor && (len(best) == 0 || r.No > best[0].No) {
				best = []Reminder{r}
			}
		}
	}
	if live := liveReminders(rs); len(best) == 0 && len(live) == 1 {
		// 「晚上那个提醒改到六点半吧」 with one reminder set: that one.
		best = live
	}
	if len(best) != 1 {
		return w.list(ctx, t)
	}
	r := best[0]
	line := fmt.Sprintf("#%d %s → %s：%s", r.No, r.Desc, groupsLabel(r.Groups), clip(r.Text, 20))
	// 「大件垃圾回收改成周六了，每周一那个提醒先停了吧」: stopped, though
	// something else moved.
	if stops.MatchString(t.Msg.Text) {
		t.Reply(fmt.Sprintf("要停的是这条吧：\n%s\n确认请发「暂停提醒 #%d」，以后发「恢复提醒 #%d」再接着发；不要了发「删除提醒 #%d」。", line, r.No, r.No, r.No))
		return nil
	}
	if moves.MatchString(t.Msg.Text) {
		until := ""
		if !r.Until.IsZero() {
			// The last day goes with it: 「… 到2月20日」.
			until = fmt.Sprintf(" 到%d月%d日", int(r.Until.Month()), r.Until.Day())
		}
		t.Reply(fmt.Sprintf("要改的是这条吧：\n%s\n改时间请先发「删除提醒 #%d」，再按新时间设一条：\n提醒 @%s %s%s %s%s", line, r.No,
			strings.Join(r.Groups, " @"), strings.TrimSpace(descHour.ReplaceAllString(r.Desc, ""))+" ", newTime(t.Msg.Text, r.Desc), r.Text, until))
		return nil
	}
	t.Reply(fmt.Sprintf("要删的是这条吧：\n%s\n确认请发「删除提醒 #%d」。", line, r.No))
	return nil
}

// reminderScore is how well words name a reminder: its weekday and hour,
// then the words it shares with the reminder's text.
func reminderScore(words string, r Reminder) int {
	score := 0
	for _, m := range weekdaySaid.FindAllStringSubmatch(words, -1) {
		day := strings.NewReplacer("天", "日").Replace(m[2])
		if strings.Contains(r.Desc, "周"+day) {
			score += 3
		}
	}
	for _, m := range hourSaid.FindAllStringSubmatch(words, -1) {
		h, err := strconv.Atoi(m[2])
		if err != nil {
			continue
		}
		if (m[1] == "下午" || m[1] == "晚上") && h < 12 {
			h += 12
		}
		if strings.Contains(r.Desc, fmt.Sprintf("%02d:", h)) {
			score += 3
		}
	}
	if strings.Contains(words, "每天") && strings.Contains(r.Desc, "每天") {
		score++
	}
	s := []rune(words)
	for i := 0; i+2 <= len(s); i++ {
		if piece := string(s[i : i+2]); !strings.ContainsAny(piece, "那个的提醒") && strings.Contains(r.Text, piece) {
			score++
		}
	}
	return score
}
