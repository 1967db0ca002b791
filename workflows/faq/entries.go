package faq

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"linli/bot"
	"linli/internal/gatedre"
	"linli/knowledge"
)

// entryLabel finds the 问/答/依据 labels of `添加问答`.
var entryLabel = gatedre.MustCompile(`(问|答|依据)\s*[:：]`)

// entryParts reads the 问/答/依据 of an entry command and checks them.
func entryParts(args string) (q, a string, arts []int, err error) {
	parts := map[string]string{}
	locs := entryLabel.FindAllStringSubmatchIndex(args, -1)
	for i, m := range locs {
		end := len(args)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		parts[args[m[2]:m[3]]] = strings.TrimSpace(args[m[1]:end])
	}
	q, a = parts["问"], parts["答"]
	if q == "" || a == "" {
		return "", "", nil, bot.Userf("格式：添加问答 问：… 答：… 依据：第X条（依据可省略）")
	}
	if utf8.RuneCountInString(q) > 200 || utf8.RuneCountInString(a) > 600 {
		return "", "", nil, bot.Userf("问题请控制在200字内，答案在600字内。")
	}
	if basis := parts["依据"]; basis != "" {
		arts = knowledge.ParseArticleRefs(basis)
		if len(arts) == 0 {
			return "", "", nil, bot.Userf("没看懂依据的条文号，请写成：依据：第1254条 或 第一千二百五十四条（1～1260）。")
		}
	}
	return q, a, arts, nil
}

// addEntry is `添加问答 问：… 答：… 依据：第X条` (coordinators): the entry is
// stored, keyed by the message id so a redelivery adds nothing, and
// answers questions at once.
func (w *Workflow) addEntry(ctx context.Context, t *bot.Turn) error {
	q, a, arts, err := entryParts(t.Args)
	if err != nil {
		return err
	}
	c := knowledge.Chunk{Source: knowledge.CommunitySource, Kind: knowledge.KindFAQ, Key: t.Msg.ID,
		Path: t.Chat.Community, Question: q, Text: a, Articles: arts}
	id, err := w.putEntry(ctx, c, t)
	if err != nil {
		return fmt.Errorf("add faq entry: %w", err)
	}
	t.Reply(entryReply(fmt.Sprintf("已添加问答 #%d（修改或删除时用这个编号）：", id), c))
	return nil
}

// entryNo reads the #N that names an entry at the start of args.
var entryNo = gatedre.MustCompile(`^[#＃]?\s*([0-9]+)\s*`)

// ownEntry finds the entry args name (#N): one added in chat in the
// turn's community, so a coordinator never touches another community's
// entries or the built-in material.
func (w *Workflow) ownEntry(ctx context.Context, t *bot.Turn, usage string) (knowledge.Chunk, string, error) {
	m := entryNo.FindStringSubmatch(t.Args)
	if m == nil {
		return knowledge.Chunk{}, "", bot.Userf("请写明问答编号。格式：%s", usage)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	c, err := w.store.ChunkByID(ctx, id)
	if errors.Is(err, bot.ErrNotFound) || (err == nil && (c.Source != knowledge.CommunitySource || c.Path != t.Chat.Community)) {
		return knowledge.Chunk{}, "", bot.Userf("没有找到问答 #%d。", id)
	}
	return c, t.Args[len(m[0]):], err
}

// editEntry is `修改问答 #N 问：… 答：… 依据：…` (coordinators): the entry
// keeps its number and answers with its new text at once.
func (w *Workflow) editEntry(ctx context.Context, t *bot.Turn) error {
	c, rest, err := w.ownEntry(ctx, t, "修改问答 #编号 问：… 答：…")
	if err != nil {
		return err
	}
	if c.Question, c.Text, c.Articles, err = entryParts(rest); err != nil {
		return err
	}
	if _, err := w.putEntry(ctx, c, t); err != nil {
		return fmt.Errorf("edit faq entry %d: %w", c.ID, err)
	}
	t.Reply(entryReply(fmt.Sprintf("已修改问答 #%d：", c.ID), c))
	return nil
}

// deleteEntry is `删除问答 #N` (coordinators).
func (w *Workflow) deleteEntry(ctx context.Context, t *bot.Turn) error {
	c, _, err := w.ownEntry(ctx, t, "删除问答 #编号")
	if err != nil {
		return err
	}
	if err := w.store.DeleteChunk(ctx, c.ID); err != nil {
		return fmt.Errorf("delete faq entry %d: %w", c.ID, err)
	}
	if err := w.kb.Reload(ctx); err != nil {
		return fmt.Errorf("delete faq entry %d: %w", c.ID, err)
	}
	t.Reply(fmt.Sprintf("已删除问答 #%d：%s", c.ID, c.Question))
	return nil
}

// putEntry stores an entry and rebuilds the index, so the next question
// is answered with it; it returns the entry's number.
func (w *Workflow) putEntry(ctx context.Context, c knowledge.Chunk, t *bot.Turn) (int64, error) {
	id, err := w.store.PutChunk(ctx, c, t.Now)
	if err != nil {
		return 0, err
	}
	return id, w.kb.Reload(ctx)
}

func entryReply(head string, c knowledge.Chunk) string {
	reply := head + c.Question
	if len(c.Articles) > 0 {
		reply += "\n依据：" + citations(c.Articles)
	}
	return reply
}

// Entries lists the entries coordinators of a community added, oldest
// first.
func (w *Workflow) Entries(ctx context.Context, community string) ([]knowledge.Chunk, error) {
	return w.store.ChunksOf(ctx, knowledge.CommunitySource, community)
}

// handOver is `转志愿者 <question>`: the question goes privately to the
// community's coordinators, who pass it to the legal volunteer. Only the
// asker's name goes with it, never contact details.
func (w *Workflow) handOver(ctx context.Context, t *bot.Turn) error {
	q := strings.TrimSpace(strings.TrimLeft(t.Args, ":：,， "))
	if q == "" {
		return bot.Userf("请把问题写在后面，比如：转志愿者 房东不退押金怎么办")
	}
	if utf8.RuneCountInString(q) > maxQuestionLen {
		return bot.Userf(replyTooLong)
	}
	community := t.Chat.Community
	if community == "" {
		community = t.Member.Community
	}
	coords, err := w.coord.Coordinators(ctx, community)
	if err != nil {
		return fmt.Errorf("hand over question: %w", err)
	}
	if len(coords) == 0 {
		return bot.Userf("社区还没有登记管理员，暂时转不了。请直接联系居委会。")
	}
	where := "私聊"
	if t.InGroup() {
		where = t.Chat.Name
	}
	note := fmt.Sprintf("【法律咨询转交】%s（%s）问：%s\n请转给社区法律志愿者，私聊回复居民。", t.Member.Name, where, q)
	for _, c := range coords {
		t.Send(bot.MemberAddress(c), note)
	}
	t.Reply("已把您的问题转给社区，法律志愿者会私聊联系您。")
	return nil
}
