package knowledge

import (
	"regexp"
	"strings"
)

// askShape are the words that make a clause a question.
var askShape = regexp.MustCompile(`怎么|怎样|如何|咋|吗|能否|能不能|可不可以|可以|是否|谁|哪|什么|多少|要不要|该不该|算不算|有没有|合法|违法|[?？]`)

// clauseEnd are the marks between a run-on question's clauses.
const clauseEnd = "，,。！？!?；;：: \n"

// askMaxLen is how much of a clause the actual question keeps, counted
// back from where it ends: residents run the story into the question
// without a comma ("……一直不退我该怎么办").
const askMaxLen = 24

// AskPart returns the actual question of a long, run-on one: the last
// clause with a question's shape (often at the end, after the story),
// with the clause before it when it is too short to name a topic, and at
// most askMaxLen characters of it. A question without such a clause
// returns its last clause.
func AskPart(q string) string {
	clauses := strings.FieldsFunc(q, func(r rune) bool { return strings.ContainsRune(clauseEnd, r) })
	if len(clauses) == 0 {
		return ""
	}
	at := len(clauses) - 1
	for i := len(clauses) - 1; i >= 0; i-- {
		if askShape.MatchString(clauses[i]) {
			at = i
			break
		}
	}
	part := clauses[at]
	if hanCount(stripAsk(part)) < 4 && at > 0 {
		part = clauses[at-1] + "，" + part
	}
	if r := []rune(part); len(r) > askMaxLen {
		part = fromStoryBreak(string(r[len(r)-askMaxLen:]))
	}
	return part
}

// storyBreaks are where a run-on story turns to what the resident wants
// now: a finished step (交了|房东…), or a word that moves the story on
// (现在, 结果, 可是).
var storyBreaks = []string{"了", "现在", "结果", "但是", "可是", "后来", "如今", "目前", "所以", "请问", "想问"}

// askMinHan is how many Chinese characters the actual question keeps at
// least, less its question words, when it is cut at a story break.
const askMinHan = 8

// fromStoryBreak cuts a window of a run-on question at the last story
// break that leaves at least askMinHan characters of topic after it, so
// the actual question does not start mid-word.
func fromStoryBreak(w string) string {
	best := -1
	for _, b := range storyBreaks {
		for i := 0; ; {
			j := strings.Index(w[i:], b)
			if j < 0 {
				break
			}
			end := i + j + len(b)
			if hanCount(stripAsk(w[end:])) >= askMinHan && end > best {
				best = end
			}
			i = end
		}
	}
	if best < 0 {
		return w
	}
	return w[best:]
}

// hanCount is the number of Chinese characters in s.
func hanCount(s string) int {
	n := 0
	for _, r := range s {
		if isHan(r) {
			n++
		}
	}
	return n
}
