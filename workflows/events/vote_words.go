package events

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"linli/bot"
	"linli/internal/gatedre"
	"linli/timeexpr"
)

// A resident with a poll open in their group answers it with the choice
// alone (「@社区小助手 东门车棚👍」「灯谜」「第二个」「那春联」): that is their
// vote. Said in the group without addressing the bot, only a short
// answer naming one choice and nothing else of the poll's is (「东门」「2」
// 「想了想还是车棚好 我改一下」), confirmed privately; the group hears
// nothing. Votes for others (「我老伴也投北门 你给记
// 上」「我们合唱队十个人都投合唱」) are not taken: each votes for themself.

// votesForOthers is a vote cast for somebody else or for many.
var votesForOthers = gatedre.MustCompile(`(一起|顺便|也)(帮|替|给)(她|他|我?\p{Han}{1,2})(也)?投|(老伴|老公|老婆|媳妇|儿子|女儿|闺女|爸|妈)(同|和|跟)(我)?(个|的)?\p{Han}{1,3}(都|也)+(投|选)|(老伴|她|他|我妈|我爸|妈妈|爸爸|爷爷|奶奶|姥姥|姥爷|外婆|外公|闺女|女儿|儿子|孙子|孙女|媳妇|老公|老婆|他们|她们|大家|全家|一家|[0-9两二三四五六七八九十几]+(个人|口人|人))(也|都)*(投|选|要投|要选)|(给|帮|替)(她|他|我老伴|老伴|我妈|我爸|家里|全家|我们家)\p{Han}{0,3}(投|选|记)|记[0-9两二三四五六七八九十几]+票|([两二三四五六七八九十]|[0-9]{2,})票|(给|帮|替)(我)?(老伴|老婆|老公|儿子|女儿|闺女|儿媳|女婿|妈|爸)[^。]{0,16}(都|也)(投|选)|投(两|三|几|[2-9])票|(一票|一份)(是)?(我|俺)?(媳妇|老婆|老公|老伴|儿子|女儿|家里)的`)

// votesForKin names the others voted for: 「我老伴也投北门」「帮我妈选…」;
// without them, 「我家三口人 投三票」 is one's own vote, counted once.
var votesForKin = gatedre.MustCompile(`老伴|她|他|我妈|我爸|妈妈|爸爸|爷爷|奶奶|姥姥|姥爷|外婆|外公|大家|合唱队|(给|帮|替)`)

// votedFor is a vote said outright: 「我投保安亭那」「投北门保安亭」.
var votedFor = gatedre.MustCompile(`(?:^|我|也|就|还是)(?:投|选)(?:了)?([1-9](?:号|项)?|[^ ，,。]{2,12})`)

// roomLead is the flat a vote is cast from, said first: 「401投同意」「602 同意」.
var roomLead = gatedre.MustCompile(`^[0-9]{3,4}(室|号|的)?\s*`)

// votedNumber is a choice voted for by its number: 「2」「2号」.
var votedNumber = gatedre.MustCompile(`^[1-9](号|项)?$`)

// changeTo is a vote changed: 「算了我改北门吧」「改投合唱」; the choice is
// named after it.
var changeTo = gatedre.MustCompile(`(改|换)(成|为|到|投|选)?`)

// notAVote are words that ask or tell something else.
var notAVote = gatedre.MustCompile(`[?？吗么]|什么|怎么|哪个|多少|几票|结果|谁|为什么|取消|报名|打卡|签到|积分|求助|帮忙`)

// voteWordsLen is the longest message, in runes, read as a bare vote;
// asideVoteLen the longest said in a group without addressing the bot.
const voteWordsLen, asideVoteLen = 24, 14

// outrightVoteLen is the longest message read as a vote said outright
// among other words (「…我投保安亭那」).
const outrightVoteLen = 40

// closedLately is how long after its deadline a choice named is answered
// with the poll's close rather than passed on.
const closedLately = 3 * 24 * time.Hour

// voteWords takes a choice said alone as a vote in the one poll open
// where it is said.
func (w *Workflow) voteWords(ctx context.Context, t *bot.Turn) error {
	text := strings.TrimSpace(roomLead.ReplaceAllString(t.Args, ""))
	if t.Msg.MentionsBot || !t.InGroup() {
		// 「301 不同意 想了半天还是不同意 施工期好几个月谁受得了」, told
		// the bot: the choice first, then why.
		if f := strings.Fields(text); len(f) > 1 && utf8.RuneCountInString(f[0]) <= asideVoteLen/2 && utf8.RuneCountInString(text) > voteWordsLen && !votesForOthers.MatchString(text) {
			text = f[0]
		}
	}
	limit := voteWordsLen
	if votedFor.MatchString(text) {
		limit = outrightVoteLen
	}
	if t.Msg.Kind != bot.Text || text == "" || utf8.RuneCountInString(text) > limit || notAVote.MatchString(text) {
		return bot.ErrPass
	}
	aside := t.InGroup() && !t.Msg.MentionsBot
	// 「车库那个可别选 … 我投保安亭那」: a vote said outright among other
	// words is the choice after its last 「投」.
	outright := ""
	if m := votedFor.FindAllStringSubmatchIndex(text, -1); aside && len(m) > 0 {
		outright = text[m[len(m)-1][2]:]
		// 「我投19号 周日孙子要来」: the choice is the clause after 投.
		outright = firstClause(outright)
	}
	if aside && (utf8.RuneCountInString(text) > asideVoteLen && outright == "" || votesForOthers.MatchString(text)) {
		return bot.ErrPass
	}
	polls, err := w.d.Store.OpenPolls(ctx, t.Chat.Community, t.Now.Add(-closedLately))
	if err != nil {
		return fmt.Errorf("polls: %w", err)
	}
	var open, closed []Poll
	for _, p := range polls {
		p = w.localPoll(p)
		if t.InGroup() && !slices.Contains(p.Groups, t.Chat.Name) {
			continue
		}
		if both := ownNamed(p, changedTo(text)); aside && outright == "" && len(both) > 1 {
			// 「车棚旁边吧 东门那人来人往的」 to the neighbours: theirs to say.
			return bot.ErrPass
		}
		if both := ownNamed(p, text); len(both) > 1 && p.MaxChoices < len(both) && len(ownNamed(p, changedTo(text))) != 1 && outright == "" && !p.Closed(t.Now) {
			// 「春联跟灯谜都想要 都投了吧」
			t.Reply(fmt.Sprintf("投票 %s 每人只能选%d项：%s，您选哪个？", label(p.No, p.Title), p.MaxChoices, strings.Join(both, "、")))
			return nil
		}
		said := text
		if outright != "" {
			said = outright
		}
		if n := choiceSaid(p, said); n > 0 {
			if p.Closed(t.Now) {
				closed = append(closed, p)
			} else {
				open = append(open, p)
			}
		}
	}
	switch {
	case len(open) == 1 && votesForOthers.MatchString(text) && !aside && !votesForKin.MatchString(text):
		// 「东门 我家三口人 投三票」: one's own vote counts once.
		t.Args = fmt.Sprintf("#%d %d", open[0].No, choiceSaid(open[0], text))
		if err := w.vote(ctx, t); err != nil {
			return err
		}
		t.ReplyPrivately(onlyOwnVote)
		return nil
	case len(open) == 1 && votesForOthers.MatchString(text):
		t.Reply("每人只能投自己的一票，别人的票请他们自己跟我说（在群里@我或私信我都行）。")
		return nil
	case len(open) == 1 && outright != "" && choiceNamed(open[0], outright) > 0:
		t.Args = fmt.Sprintf("#%d %d", open[0].No, choiceNamed(open[0], outright))
		return w.vote(ctx, t)
	case len(open) == 1 && outright != "" && votedNumber.MatchString(outright):
		// 「我选2 大米实在」: the choice's number, and why.
		t.Args = fmt.Sprintf("#%d %d", open[0].No, choiceSaid(open[0], outright))
		return w.vote(ctx, t)
	case len(open) == 1 && aside && !onlyTheChoice(open[0].Options[choiceSaid(open[0], text)-1], text):
		// 「今天东门好多人」 is news, not a vote.
		return bot.ErrPass
	case len(open) == 1:
		t.Args = fmt.Sprintf("#%d %d", open[0].No, choiceSaid(open[0], text))
		return w.vote(ctx, t)
	case aside:
		return bot.ErrPass
	case len(open) == 0 && len(closed) == 1:
		p := closed[0]
		t.Reply(fmt.Sprintf("投票 %s 已于%s截止，不能再投了。发「投票结果 #%d」看结果。", label(p.No, p.Title), timeexpr.FormatTime(p.Deadline, t.Now), p.No))
		return nil
	}
	return bot.ErrPass
}

// changedTo is what words name after changing a vote, or all of them.
func changedTo(text string) string {
	if loc := changeTo.FindStringIndex(text); loc != nil && loc[1] < len(text) {
		rest := text[loc[1]:]
		if end := strings.IndexAny(rest, " ，,。；;！!"); end > 0 {
			rest = rest[:end]
		}
		return rest
	}
	return text
}

// ownNamed are the choices of p that words name by a part no other choice
// has.
func ownNamed(p Poll, words string) []string {
	var out []string
	for i, o := range p.Options {
		if sharesOwnPiece(p, i, words) {
			out = append(out, o)
		}
	}
	return out
}

// choiceSaid is the choice words name, the one after a change of mind
// first (「算了我改北门吧 东门那边晚上黑」), else any (「我改主意了 投2」).
func choiceSaid(p Poll, text string) int {
	if n := choiceNamed(p, changedTo(text)); n > 0 {
		return n
	}
	return choiceNamed(p, text)
}

// voteFillers are the words around a choice said as a vote.
var voteFillers = gatedre.MustCompile(`想了想|想想|还是|算了|觉得|我|也|投|选|改|换|一下|吧|啊|呀|哈|好|的|了|第|个|号|票|那|就|[^\p{Han}]`)

// onlyTheChoice reports whether words say nothing but the choice and the
// words of voting: 「东门」「想了想还是车棚好 我改一下」, not 「今天东门好多人」.
func onlyTheChoice(choice, words string) bool {
	rest := voteFillers.ReplaceAllString(words, "")
	rest = strings.Map(func(r rune) rune {
		if strings.ContainsRune(choice, r) {
			return -1
		}
		return r
	}, rest)
	return utf8.RuneCountInString(rest) <= 1
}
