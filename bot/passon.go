package bot

import (
	"unicode/utf8"

	"linli/bot/intent"
)

// passOnIntent is the intent that carries a resident's words to the
// community's coordinators (转告社区), when a workflow declares it.
const passOnIntent = "pass_on"

// replyPassOn offers a question nothing reads to a person.
const replyPassOn = "这个我答不上来。要我把您的问题转给社区工作人员吗？回复「是」就转，他们会回复您。"

// minPassOn is the shortest question, in runes, offered to a person: a few
// words are better met with the menu.
const minPassOn = 8

// offerPassOn answers a resident's question that nothing reads
// (「听儿子说电梯投票通过了 啥时候开工啊」) with an offer to pass it to the
// community's coordinators, taken by a yes, instead of the menu. It
// reports whether it did.
func (r *Router) offerPassOn(t *Turn, res *intent.Resolver, text string) bool {
	if t.Member.Role >= Coordinator || t.Community() == "" || utf8.RuneCountInString(text) < minPassOn || !intent.Asking(intent.Fold(text)) {
		return false
	}
	for i := range res.Len() {
		if res.Decl(i).Name == passOnIntent {
			t.Reply(replyPassOn)
			r.choices.put(choiceKey(t), []intent.Match{{Index: i, Name: passOnIntent, Score: intent.ByKeyword, Args: text}}, t.Now.Add(choiceTTL))
			return true
		}
	}
	return false
}

// roomWords are the rooms and halls an event is held in.
const roomWords = `活动室|会议室|多功能厅|多功能室|活动中心|服务中心|大厅|礼堂|广场|食堂|阅览室|书画室`
