package garbage

import "strings"

// askPhrases mark a message as a sorting question. They are specific
// enough that a group chat's ordinary talk rarely contains them.
var askPhrases = []string{
	"什么垃圾", "哪类垃圾", "哪种垃圾", "哪一类垃圾", "啥垃圾", "哪个垃圾桶", "哪个桶", "什么桶",
	"扔哪", "丢哪", "投哪", "怎么扔", "怎么丢", "咋扔", "怎么投放", "如何投放", "垃圾分类",
	"干垃圾吗", "湿垃圾吗", "厨余垃圾吗", "其他垃圾吗", "有害垃圾吗", "可回收吗", "可回收物吗", "能回收吗",
}

// maxQuestionRunes bounds what counts as a sorting question: a long message
// that happens to contain "扔哪" is chatter, not a question about one item.
const maxQuestionRunes = 40

// IsQuestion reports whether a message is clearly a garbage-sorting
// question ("电池是什么垃圾", "喝完的奶茶杯怎么扔"), so a group listener may
// answer it without an @-mention. It does not judge whether the item is
// known; check Answer.Sure for that.
func IsQuestion(text string) bool {
	t := strings.ToLower(toHalfWidth(text))
	if n := len([]rune(t)); n == 0 || n > maxQuestionRunes {
		return false
	}
	t = strings.Join(strings.Fields(t), "")
	for _, p := range askPhrases {
		if strings.Contains(t, p) {
			return true
		}
	}
	return false
}
