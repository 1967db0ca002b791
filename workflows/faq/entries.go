package faq

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"linli/bot"
	"linli/knowledge"
)

// entryLabel finds the 问/答/依据 labels of `添加问答`.
var entryLabel = regexp.MustCompile(`(问|答|依据)\s*[:：]`)

// addEntry is `添加问答 问：… 答：… 依据：第X条` (coordinators): the entry is
// stored, keyed by the message id so a redelivery adds nothing, and
// answers questions at once.
func (w *Workflow) addEntry(ctx context.Context, t *bot.Turn) error {
	parts := map[string]string{}
	locs := entryLabel.FindAllStringSubmatchIndex(t.Args, -1)
	for i, m := range locs {
		end := len(t.Args)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		label := t.Args[m[2]:m[3]]
		parts[label] = strings.TrimSpace(t.Args[m[1]:end])
	}
	q, a := parts["问"], parts["答"]
	if q == "" || a == "" {
		return bot.Userf("格式：添加问答 问：… 答：… 依据：第X条（依据可省略）")
	}
	if utf8.RuneCountInString(q) > 200 || utf8.RuneCountInString(a) > 600 {
		return bot.Userf("问题请控制在200字内，答案在600字内。")
	}
	var arts []int
	if basis := parts["依据"]; basis != "" {
		arts = knowledge.ParseArticleRefs(basis)
		if len(arts) == 0 {
			return bot.Userf("没看懂依据的条文号，请写成：依据：第1254条 或 第一千二百五十四条（1～1260）。")
		}
	}
	c := knowledge.Chunk{Source: w.cfg.ChatSource, Kind: knowledge.KindFAQ, Key: t.Msg.ID,
		Path: t.Chat.Community, Question: q, Text: a, Articles: arts}
	if _, err := w.store.PutChunk(ctx, c, t.Now); err != nil {
		return fmt.Errorf("add faq entry: %w", err)
	}
	if err := w.kb.Reload(ctx); err != nil {
		return fmt.Errorf("add faq entry: %w", err)
	}
	reply := "已添加问答：" + q
	if len(arts) > 0 {
		reply += "\n依据：" + citations(arts)
	}
	t.Reply(reply)
	return nil
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
	t.Reply("已把你的问题转给社区，法律志愿者会私聊联系你。")
	return nil
}
