package volunteer

import (
	"context"
	"fmt"
	"strings"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
)

// closeSaid is a coordinator closing a request no longer needed, in their
// own words: 「孙大妈家灯泡她儿子给换好了 这个就不用了 你撤了吧」「马阿姨家水龙头
// 物业已经来修好了 那个求助撤了吧」.
var closeSaid = gatedre.MustCompile(`(撤|撤了|撤掉|撤销|关了|关掉)(吧|了|一下)?( |$)|(这个|那个|那单|这单|求助|单子)(就)?(不用了|不要了|算了)`)

// closeSaidScore is above a requester's own cancelling in words
// (thanksScore), which 「那个求助撤了吧」 also reads as; the two share a
// label, so the coordinator is not asked which.
const closeSaidScore = 0.97

func closeSaidIntent() intent.Decl {
	return intent.Decl{Name: "close_said", Label: "取消求助", Shape: intent.Free,
		Score: intent.ScoreIf(func(folded string) bool {
			return closeSaid.MatchString(folded) && personNamed.MatchString(folded)
		}, closeSaidScore),
		Not: []string{`[?？吗么]`}}
}

// closeByWords closes the one open or taken task the words describe by who
// asked for it, with the words as the reason.
func (w *Workflow) closeByWords(ctx context.Context, t *bot.Turn) error {
	text := strings.Trim(bot.StripLeadingMentions(t.Msg.Text), "，,。.！!")
	tasks, err := w.d.Store.Tasks(ctx, t.Community(), Open, Assigned)
	if err != nil {
		return wrap("close by words", err)
	}
	var named []Task
	for _, task := range tasks {
		if mentions(intent.Fold(text), task.Requester) {
			named = append(named, task)
		}
	}
	if len(named) != 1 {
		if len(named) == 0 {
			return bot.Userf("没找到这位居民进行中的求助。请发「任务列表」看看，再发「关闭 #任务号 原因」。")
		}
		return bot.Userf("这位居民有几个进行中的求助：%s。请发「关闭 #任务号 原因」。", refs(named))
	}
	t.Args = fmt.Sprintf("#%d %s", named[0].ID, clip(text, 40))
	return w.close(ctx, t)
}
