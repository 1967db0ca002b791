package events

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
	"linli/scheduler"
	"linli/timeexpr"
)

func pollKey(id int64) string { return fmt.Sprintf("poll:%d", id) }

// createPoll handles 发起投票: one announcement in the group and a timer
// that posts the result there at the deadline.
func (w *Workflow) createPoll(ctx context.Context, t *bot.Turn) error {
	groups, args, err := w.targetGroups(t, t.Args, "发起投票")
	if err != nil {
		return w.pollWritten(ctx, t, err)
	}
	spec, err := parsePoll(args, t.Now, t.Loc)
	if err != nil {
		return w.pollWritten(ctx, t, err)
	}
	no, err := w.d.Store.NextNo(ctx, t.Chat.Community)
	if err != nil {
		return fmt.Errorf("create poll: %w", err)
	}
	p, created, err := w.d.Store.AddPoll(ctx, Poll{
		Community: t.Chat.Community, No: no, Groups: groups, Title: spec.Title, Options: spec.Options,
		MaxChoices: spec.MaxChoices, Deadline: spec.Deadline, Anonymous: spec.Anonymous, HideResults: spec.HideResults,
		CreatedBy: t.Member.ID, Created: t.Now, Source: t.Msg.ID,
	})
	if err != nil || !created {
		return err
	}
	if err := w.d.Scheduler.SetTimer(ctx, scheduler.Timer{Key: pollKey(p.ID), Kind: PollTimer, At: p.Deadline,
		Payload: strconv.FormatInt(p.ID, 10), Policy: scheduler.Once}); err != nil {
		return fmt.Errorf("create poll: %w", err)
	}
	for _, g := range groups {
		t.Send(bot.GroupAddress(g), pollAnnouncement(p, t.Now))
	}
	t.ReplyPrivately(fmt.Sprintf("已发布投票 %s 到%s，%s截止后结果会自动发到群里。随时可发「投票结果 #%d」查看。",
		label(p.No, p.Title), strings.Join(groups, "、"), timeexpr.FormatTime(p.Deadline, t.Now), p.No))
	return nil
}

// pollWritten adds to what is wrong with a 发起投票 the line its words
// make (「发起投票：快递柜装在东门还是北门」 lacks its choices and deadline),
// to correct and send.
func (w *Workflow) pollWritten(ctx context.Context, t *bot.Turn, err error) error {
	var ue *bot.UserError
	if !errors.As(err, &ue) || optionsRe.MatchString(t.Args) || numberedRe.MatchString(t.Args) {
		// Not a user's mistake, or written in the command's own form:
		// what is wrong is all there is to say.
		return err
	}
	draft, ok := w.draftPoll(ctx, t, "发起投票 "+t.Args)
	if !ok || strings.Contains(draft, "<主题>") {
		return err
	}
	return bot.Userf("%s\n可以照着这样发（改好了发给我）：\n发起投票 %s", ue.Msg, draft)
}

func pollAnnouncement(p Poll, now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "【投票】%s", label(p.No, p.Title))
	for i, o := range p.Options {
		fmt.Fprintf(&b, "\n%d. %s", i+1, o)
	}
	if p.MaxChoices == 1 {
		b.WriteString("\n每人投1票")
	} else {
		fmt.Fprintf(&b, "\n每人最多投%d票", p.MaxChoices)
	}
	fmt.Fprintf(&b, "，%s截止，截止前可以改票。", timeexpr.FormatTime(p.Deadline, now))
	var notes []string
	if p.Anonymous {
		notes = append(notes, "匿名投票")
	}
	if p.HideResults {
		notes = append(notes, "结果截止后公布")
	}
	if len(notes) > 0 {
		b.WriteString("（" + strings.Join(notes, "，") + "）")
	}
	if p.MaxChoices == 1 {
		fmt.Fprintf(&b, "\n投票请发「投票 #%d 选项号」，如「投票 #%d 1」。", p.No, p.No)
	} else {
		fmt.Fprintf(&b, "\n投票请发「投票 #%d 选项号」，多选用空格隔开，如「投票 #%d 1 3」。", p.No, p.No)
	}
	return b.String()
}

// findPoll resolves "#5 …" to a poll, or with no number the one poll open
// where the member asked (the group, or the community in private).
func (w *Workflow) findPoll(ctx context.Context, t *bot.Turn, args string) (Poll, string, error) {
	community := t.Chat.Community
	if m := refRe.FindStringSubmatch(args); m != nil {
		no, _ := strconv.Atoi(m[1])
		p, ok, err := w.d.Store.PollByNo(ctx, community, no)
		if err != nil {
			return Poll{}, "", fmt.Errorf("find poll #%d: %w", no, err)
		}
		if ok {
			return w.localPoll(p), strings.TrimSpace(m[2]), nil
		}
		if _, isEvent, err := w.d.Store.EventByNo(ctx, community, no); err != nil {
			return Poll{}, "", fmt.Errorf("find poll #%d: %w", no, err)
		} else if isEvent {
			return Poll{}, "", bot.Userf("#%d 是活动，不是投票。报名请发「报名 #%d」。", no, no)
		}
		return Poll{}, "", bot.Userf("没有找到投票 #%d。", no)
	}
	open, err := w.d.Store.OpenPolls(ctx, community, t.Now)
	if err != nil {
		return Poll{}, "", fmt.Errorf("find open poll: %w", err)
	}
	if t.InGroup() {
		here := open[:0:0]
		for _, p := range open {
			if slices.Contains(p.Groups, t.Chat.Name) {
				here = append(here, p)
			}
		}
		if len(here) > 0 {
			open = here
		}
	}
	switch len(open) {
	case 0:
		return Poll{}, "", bot.Userf("现在没有进行中的投票。")
	case 1:
		return w.localPoll(open[0]), strings.TrimSpace(args), nil
	}
	names := make([]string, len(open))
	for i, p := range open {
		names[i] = label(p.No, p.Title)
	}
	return Poll{}, "", bot.Userf("现在有%d个投票：%s。请写编号，如「投票 #%d 1」。", len(open), strings.Join(names, "、"), open[0].No)
}

// vote handles 投票 / 投: one ballot per member, replaced by a later one
// until the deadline. The answer is private.
func (w *Workflow) vote(ctx context.Context, t *bot.Turn) error {
	p, rest, err := w.findPoll(ctx, t, t.Args)
	if err != nil {
		return err
	}
	name := label(p.No, p.Title)
	if p.Closed(t.Now) {
		return bot.Userf("投票 %s 已于%s截止，不能再投了。发「投票结果 #%d」看结果。", name, timeexpr.FormatTime(p.Deadline, t.Now), p.No)
	}
	choices, err := ballotChoices(p, rest)
	if err != nil {
		return err
	}
	if err := w.cast(ctx, t, p, choices); err != nil {
		return err
	}
	if votesForOthers.MatchString(intent.Fold(rest)) {
		// 「投2号 我老伴和我闺女也都投2号 一起算上」
		t.ReplyPrivately(onlyOwnVote)
	}
	return nil
}

// onlyOwnVote tells a member who voted for others too what was recorded.
const onlyOwnVote = "只记了您自己的一票：每人一票，家里其他人请自己跟我说。"

// ballotChoices are the choices of p that the words after 投票 name.
func ballotChoices(p Poll, rest string) ([]int, error) {
	if n := dayChoice(p, rest); n > 0 {
		// 「投27号」 where a choice is 「27号周日」: the day, not choice 27.
		return []int{n}, nil
	}
	choices, err := parseChoices(rest, p.No)
	if err != nil {
		// 「投票 我选旧物交换」: the one choice the words name, in the
		// first clause if it names one (「投19号 周日孙子要来」).
		if n := choiceNamed(p, firstClause(rest)); n > 0 {
			return []int{n}, nil
		}
		if n := choiceNamed(p, rest); n > 0 {
			return []int{n}, nil
		}
		return nil, err
	}
	return choices, nil
}

// firstClause is words up to the first space or punctuation.
func firstClause(words string) string {
	words = strings.TrimSpace(words)
	if end := strings.IndexAny(words, " ，,。；;！!"); end > 0 {
		return words[:end]
	}
	return words
}

// namedChoice is the number of the one choice of p that words name, 0
// when they name none or several.
func namedChoice(p Poll, words string) int {
	pick := 0
	for i, o := range p.Options {
		if utf8.RuneCountInString(o) >= 2 && strings.Contains(words, o) {
			if pick != 0 {
				return 0
			}
			pick = i + 1
		}
	}
	return pick
}

// cast records a member's choices in an open poll.
func (w *Workflow) cast(ctx context.Context, t *bot.Turn, p Poll, choices []int) error {
	name := label(p.No, p.Title)
	for _, c := range choices {
		if c < 1 || c > len(p.Options) {
			return bot.Userf("投票 %s 只有%d个选项，没有第%d项。", name, len(p.Options), c)
		}
	}
	if len(choices) > p.MaxChoices {
		if p.MaxChoices == 1 {
			return bot.Userf("投票 %s 每人只能选1项。", name)
		}
		return bot.Userf("投票 %s 每人最多选%d项，您选了%d项。", name, p.MaxChoices, len(choices))
	}
	sort.Ints(choices)
	prev, had, err := w.d.Store.BallotOf(ctx, p.ID, t.Member.ID)
	if err != nil {
		return fmt.Errorf("vote in poll %d: %w", p.ID, err)
	}
	picked := choiceText(p, choices)
	if had && slices.Equal(prev.Choices, choices) {
		t.ReplyPrivately(fmt.Sprintf("您在 %s 的选择没有变：%s。", name, picked))
		return nil
	}
	if _, err := w.d.Store.PutBallot(ctx, Ballot{PollID: p.ID, MemberID: t.Member.ID, MemberName: t.Member.Name,
		Choices: choices, At: t.Now, Source: t.Msg.ID}); err != nil {
		return fmt.Errorf("vote in poll %d: %w", p.ID, err)
	}
	head := "已投票"
	if had {
		head = "已改票"
	}
	t.ReplyPrivately(fmt.Sprintf("%s：%s → %s。%s截止前可以重新投票修改。", head, name, picked, timeexpr.FormatTime(p.Deadline, t.Now)))
	return nil
}

func choiceText(p Poll, choices []int) string {
	parts := make([]string, len(choices))
	for i, c := range choices {
		parts[i] = fmt.Sprintf("%d.%s", c, p.Options[c-1])
	}
	return strings.Join(parts, "、")
}

// results handles 投票结果. Residents see counts (after the deadline only,
// when the coordinator hid them); coordinators get them privately, with
// who voted for what unless the poll is anonymous.
func (w *Workflow) results(ctx context.Context, t *bot.Turn) error {
	p, _, err := w.findPoll(ctx, t, t.Args)
	if err != nil {
		// 「投票结果咋样」 after the deadline: the poll closed last.
		last, ok, lerr := w.lastClosed(ctx, t)
		if lerr != nil || !ok {
			return errors.Join(err, lerr)
		}
		p = last
	}
	ballots, err := w.d.Store.Ballots(ctx, p.ID)
	if err != nil {
		return fmt.Errorf("results of poll %d: %w", p.ID, err)
	}
	if t.IsCoordinator() {
		t.ReplyPrivately(resultText(p, ballots, t.Now, !p.Anonymous))
		return nil
	}
	if p.HideResults && !p.Closed(t.Now) {
		t.Reply(fmt.Sprintf("投票 %s 的结果%s截止后公布，目前已有%d人投票。", label(p.No, p.Title),
			timeexpr.FormatTime(p.Deadline, t.Now), len(ballots)))
		return nil
	}
	t.Reply(resultText(p, ballots, t.Now, false))
	return nil
}

// resultsFor is how long after its deadline a poll's result is what
// 「投票结果」 without a number means.
const resultsFor = 14 * 24 * time.Hour

// lastClosed is the poll that closed last, within resultsFor, where the
// member asks (the group, or the community in private).
func (w *Workflow) lastClosed(ctx context.Context, t *bot.Turn) (Poll, bool, error) {
	polls, err := w.d.Store.OpenPolls(ctx, t.Chat.Community, t.Now.Add(-resultsFor))
	if err != nil {
		return Poll{}, false, fmt.Errorf("recent polls: %w", err)
	}
	var last Poll
	found := false
	for _, p := range polls {
		if !p.Closed(t.Now) || t.InGroup() && !slices.Contains(p.Groups, t.Chat.Name) {
			continue
		}
		if !found || p.Deadline.After(last.Deadline) {
			last, found = p, true
		}
	}
	return w.localPoll(last), found, nil
}

// Count counts a poll's ballots: the votes of each option, in the order
// of the options, and who cast them (never to be shown for an anonymous
// poll).
func Count(p Poll, ballots []Ballot) (counts []int, voters [][]string) {
	counts = make([]int, len(p.Options))
	voters = make([][]string, len(p.Options))
	for _, b := range ballots {
		for _, c := range b.Choices {
			if c >= 1 && c <= len(counts) {
				counts[c-1]++
				voters[c-1] = append(voters[c-1], b.MemberName)
			}
		}
	}
	return counts, voters
}

// resultText counts the ballots: each option with its votes, in the
// order of the options, and the winners named.
func resultText(p Poll, ballots []Ballot, now time.Time, names bool) string {
	counts, voters := Count(p, ballots)
	var b strings.Builder
	state := "进行中"
	if p.Closed(now) {
		state = "已截止"
	}
	fmt.Fprintf(&b, "【投票结果】%s（%s，共%d人投票）", label(p.No, p.Title), state, len(ballots))
	top := 0
	for i, o := range p.Options {
		fmt.Fprintf(&b, "\n%d. %s：%d票", i+1, o, counts[i])
		if names && len(voters[i]) > 0 {
			fmt.Fprintf(&b, "（%s）", strings.Join(voters[i], "、"))
		}
		top = max(top, counts[i])
	}
	if top > 0 {
		var lead []string
		for i, o := range p.Options {
			if counts[i] == top {
				lead = append(lead, o)
			}
		}
		word := "领先"
		switch {
		case p.Closed(now) && len(lead) > 1:
			word = "并列最多票"
		case p.Closed(now):
			word = "最多票"
		case len(lead) > 1:
			word = "并列领先"
		}
		fmt.Fprintf(&b, "\n%s：%s（%d票）", word, strings.Join(lead, "、"), top)
	}
	return b.String()
}

// firePoll posts a poll's result to its group, once, at the deadline.
func (w *Workflow) firePoll(ctx context.Context, tm scheduler.Timer, late time.Duration) ([]bot.Outgoing, error) {
	id, err := strconv.ParseInt(tm.Payload, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("fire poll timer %s: bad payload %q: %w", tm.Key, tm.Payload, err)
	}
	p, ok, err := w.d.Store.PollByID(ctx, id)
	if err != nil || !ok {
		return nil, err
	}
	p = w.localPoll(p)
	now := tm.At.Add(late).In(p.Deadline.Location())
	first, err := w.d.Store.MarkPosted(ctx, p.ID, now)
	if err != nil {
		return nil, fmt.Errorf("post result of poll %d: %w", p.ID, err)
	}
	if !first {
		return nil, nil
	}
	ballots, err := w.d.Store.Ballots(ctx, p.ID)
	if err != nil {
		return nil, fmt.Errorf("post result of poll %d: %w", p.ID, err)
	}
	var out []bot.Outgoing
	for _, g := range p.Groups {
		if c, ok := w.d.Directory.CommunityOf(g); ok && c == p.Community {
			// A group that left the config since gets nothing.
			out = append(out, bot.Outgoing{To: bot.GroupAddress(g), Text: resultText(p, ballots, now, false)})
		}
	}
	return out, nil
}

// closePollIntent is a coordinator ending a poll early in words: 「元旦投票
// 差不多了 提前关了吧 结果发一下」「投票到此为止吧」.
func closePollIntent() intent.Decl {
	return intent.Decl{Name: "poll_close", Label: "结束投票", Shape: intent.Free,
		Cues: []string{`投票.{0,12}(提前)?(关|结束|截止|停|收)(了|掉)?(吧|一下)?`, `投票(就)?到此为止`, `(提前)(结束|截止|关闭)(这个)?投票`},
		// 「…让大家投个票 19号还是20号 投票到15号晚上8点截止」 puts one up;
		// 「有人说投票作废了 根本没这回事 投票照常进行 20号晚上8点截止」
		// keeps it open: a closing denied, or a deadline told, ends nothing.
		Not: []string{asksVote.String(), keepsPollOpen.String(), `(结果|票数).{0,4}(看看|看一下|瞧瞧|发我|给我)|截止了(吧|吗|没)`}}
}

// changeVoteHow says a vote is changed by voting again before the close.
var changeVoteHow = bot.Answer("能改。截止前再投一次就行，以最后一次为准；不改的话，原来那票照样算。")

// keepsPollOpen are words that deny a poll is ending or tell when it ends:
// a rumour answered, 「照常进行」, 「20号晚上8点截止」.
var keepsPollOpen = gatedre.MustCompile(`照常|继续(进行|投)|没(有)?这(回)?事|不是真的|别信|不要信|谣言|辟谣|澄清|有人(说|讲)|谁说|(号|日|点|半|时)(前)?截止|不(要|用)?(结束|关|停)|别(结束|关|停)`)

// pollNamed is 「#N」 for the one open poll whose title shares a piece
// of two characters with the words, or "".
func (w *Workflow) pollNamed(ctx context.Context, t *bot.Turn) string {
	open, err := w.d.Store.OpenPolls(ctx, t.Chat.Community, t.Now)
	if err != nil || len(open) < 2 {
		return ""
	}
	text := []rune(t.Msg.Text)
	var named []Poll
	for _, p := range open {
		for i := 0; i+1 < len(text); i++ {
			if piece := string(text[i : i+2]); piece != "投票" && strings.Contains(p.Title, piece) {
				named = append(named, p)
				break
			}
		}
	}
	if len(named) != 1 {
		return ""
	}
	return fmt.Sprintf("#%d", named[0].No)
}

// closePoll ends the one open poll (or #N) now and posts its result to
// its group.
func (w *Workflow) closePoll(ctx context.Context, t *bot.Turn) error {
	args := t.Args
	if t.Keyword == "" {
		args = refRe.FindString(args)
		if args == "" {
			// 「充电桩投票时间到了 关了吧」: the open poll whose title
			// the words share a piece of.
			args = w.pollNamed(ctx, t)
		}
	}
	p, _, err := w.findPoll(ctx, t, args)
	if err != nil {
		return err
	}
	closed, err := w.d.Store.ClosePoll(ctx, p.ID, t.Now)
	if err != nil {
		return err
	}
	if !closed {
		return bot.Userf("投票 %s 已经截止了。", label(p.No, p.Title))
	}
	if err := w.d.Scheduler.CancelTimer(ctx, pollKey(p.ID)); err != nil {
		return fmt.Errorf("close poll %d: %w", p.ID, err)
	}
	if _, err := w.d.Store.MarkPosted(ctx, p.ID, t.Now); err != nil {
		return err
	}
	p.Deadline = t.Now
	ballots, err := w.d.Store.Ballots(ctx, p.ID)
	if err != nil {
		return fmt.Errorf("close poll %d: %w", p.ID, err)
	}
	for _, g := range p.Groups {
		t.Send(bot.GroupAddress(g), resultText(p, ballots, t.Now, false))
	}
	t.ReplyPrivately(fmt.Sprintf("投票 %s 已提前结束，结果已发到%s。", label(p.No, p.Title), strings.Join(p.Groups, "、")))
	return nil
}
