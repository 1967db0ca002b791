package volunteer

import (
	"context"
	"fmt"
	"strings"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
)

// A coordinator assigns a task in words, naming it by who asked or what
// for rather than by its number: 「张阿姨那个拿垃圾的活派给陈晓燕」「吴大爷水管
// 那个派给赵建国」「陪张阿姨去医院的事交给陈晓燕」. When the words fit exactly
// one open task it is assigned as 派单 would (the reply names the task and
// the volunteer); otherwise the coordinator is shown the open tasks' numbers.

// assignSaid is a task described, then who takes it.
var assignSaid = gatedre.MustCompile(`^(把)?(.{2,30}?)[，, ]*(派给|交给|分给|指派给|安排给|换成|安排|让|叫|就|派|给)\s*(志愿者)?([^\P{Han}她他让叫派给就]\p{Han}{1,3}?|[她他])\s*(今晚|今天|明天|明早|下午|上午|晚上|早上|周末)?(顺路|顺便|顺道)?(去|来|办|做|跑一趟|负责|陪着|跟着|陪|接|帮)*(她|他|一下|一趟|吧|去|来)*([，, ].{0,20})?$`)

// assignSaidIntent is a coordinator assigning a task in words.
func assignSaidIntent() intent.Decl {
	// Asks: 「…那个让周姐去 问问她这礼拜哪几天下午行」 assigns and has a
	// question word in its tail; a question about the assignment is not one.
	return intent.Decl{Name: "assign_said", Label: "派单", Shape: intent.Free, Asks: true, Not: []string{`[?？吗么]$|(让|叫|派)\p{Han}{2,4}去(行|好|合适)(不|吗)|通过|批准|批了|批一下`},
		Cues: []string{`^.{2,30}(那个|那单|的|那件事|单子|请求|任务).{0,4}(派给|交给|分给|指派给|安排给|转给|让给)(志愿者)?\p{Han}{2,4}(去|来|办|做|吧)*([ ，,].{0,20})?$`,
			`^.{2,30}(那个|那单|的|那件事|单子|请求|任务|这个|这单).{0,12}(让|叫|安排|就|派)(志愿者)?\p{Han}{2,4}?(今晚|今天|明天|明早|下午|上午|晚上|早上|周末)?(顺路|顺便|顺道)?(去|来|跑一趟|陪着|跟着|陪|接|帮)(她|他|一下|一趟|吧|去)*([ ，,].{0,20})?$`,
			// 「小杨…给她通过吧 李奶奶去医院那个就让她陪」「周奶奶那个陪看病的
			// 事小陈不是有空吗 让他去吧」: the one named.
			`(那个|那单|那件事|这个)(就)?(让|叫|派)(她|他)(去|来|陪|接|帮)`, `(那个|那单|的事|这个).{0,12}(让|叫|派)(她|他)(去|来|陪|接|帮)(吧|一下)*$`,
			`^.{2,30}(那个|那单|那件事|单子)[ ，,]?(给|换成)(志愿者)?\p{Han}{2,4}(吧)?$`,
			// 「刘大爷家水龙头让小周去吧 他会修」
			`^\p{Han}{1,3}(奶奶|爷爷|大爷|阿姨|大妈|婆婆|叔|伯|婶|姐|哥|老师|师傅)家?\p{Han}{1,8}(让|叫|派)\p{Han}{2,4}(去|来|跑一趟|帮)(她|他|一下|吧)*([ ，,].{0,20})?$`}}
}

// assignByWords assigns the one open task the words describe.
func (w *Workflow) assignByWords(ctx context.Context, t *bot.Turn) error {
	text := strings.Trim(bot.StripLeadingMentions(t.Msg.Text), "，,。.！!")
	m := assignSaid.FindStringSubmatch(text)
	if m == nil {
		if i := pronounAssign.FindStringIndex(text); i != nil {
			// The assignment is the last clause: 「…给她通过吧 李奶奶那个就让她陪」.
			m = assignSaid.FindStringSubmatch(strings.TrimSpace(lastClauses(text, i[0])))
		}
		if m == nil {
			return bot.ErrPass
		}
	}
	var err error
	said, name := m[2], m[5]
	if name == "她" || name == "他" {
		// The volunteer the words name elsewhere: 「小杨…给她通过吧 李奶
		// 奶那个就让她陪」.
		if name, err = w.volunteerNamedIn(ctx, t.Community(), text); err != nil || name == "" {
			return bot.OrPass(err)
		}
	}
	// Open ones, and assigned ones a coordinator may hand to another.
	tasks, err := w.d.Store.Tasks(ctx, t.Community(), Open, Assigned)
	if err != nil {
		return wrap("assign by words", err)
	}
	best, bestScore, tied := Task{}, 0, false
	for _, task := range tasks {
		score := taskOverlap(said, task)
		switch {
		case score > bestScore:
			best, bestScore, tied = task, score, false
		case score == bestScore && score > 0:
			tied = true
		}
	}
	if bestScore == 0 || tied {
		var nums []string
		for _, task := range tasks {
			nums = append(nums, fmt.Sprintf("#%d %s（%s）", task.ID, task.Category, task.Requester))
		}
		if len(nums) == 0 {
			return bot.Userf("现在没有进行中的任务。")
		}
		return bot.Userf("您说的是哪一单？进行中的有：%s。请发「派单 #任务号 %s」。", strings.Join(nums, "、"), name)
	}
	if best.State == Assigned && best.Volunteer != name {
		return bot.Userf("任务 #%d 现在是%s在做。要换人请先发「退单 #%d」，再发「派单 #%d %s」。", best.ID, best.Volunteer, best.ID, best.ID, name)
	}
	t.Args = fmt.Sprintf("#%d %s", best.ID, name)
	return w.assign(ctx, t)
}

// pronounAssign is a task given to 她 or 他 in the last clause.
var pronounAssign = gatedre.MustCompile(`(那个|那单|那件事|这个)(就)?(让|叫|派)(她|他)(去|来|陪|接|帮)|(那个|那单|的事|这个)\p{Han}{2,4}不是有空(吗|么)?[，, ]*(让|叫|派)(她|他)(去|来|陪|接|帮)`)

// lastClauses is text from the clause that holds byte offset i.
func lastClauses(text string, i int) string {
	if j := strings.LastIndexAny(text[:i], "，, 。"); j >= 0 {
		return text[j+1:]
	}
	return text
}

// volunteerNamedIn is the one volunteer of the community whose name text
// holds, "" when none or several are.
func (w *Workflow) volunteerNamedIn(ctx context.Context, community, text string) (string, error) {
	vols, err := w.d.Store.Volunteers(ctx, community)
	if err != nil {
		return "", wrap("volunteers", err)
	}
	found := ""
	for _, v := range vols {
		if v.Status == Active && strings.Contains(text, v.Name) {
			if found != "" {
				return "", nil
			}
			found = v.Name
		}
	}
	return found, nil
}

// personNamed is a resident named by family name and title: 「赵婆婆」.
var personNamed = gatedre.MustCompile(`\p{Han}(奶奶|爷爷|大爷|阿姨|大妈|婆婆|叔|伯|婶|姐|哥|老师|师傅|大娘)`)

// taskOverlap scores how well words describe a task: who asked (「张阿姨」
// in 张阿姨's task counts most), then the things of the kinds of help
// both name, then the two-character pieces the words share with the task's text and kind.
func taskOverlap(said string, task Task) int {
	score := 0
	r := []rune(task.Requester)
	if p := personNamed.FindString(said); p != "" && (len(r) == 0 || !strings.ContainsRune(p, r[0])) {
		// 「赵婆婆买菜的」 is not 刘奶奶's shopping, however alike.
		return 0
	}
	if len(r) >= 2 && strings.Contains(said, string(r[:2])) {
		score += 10
	} else if p := []rune(personNamed.FindString(said)); len(p) > 0 && strings.ContainsRune(task.Text, p[0]) {
		// 「周奶奶那个」 of a son's request for 「我妈周秀英」.
		score += 5
	}
	// 「换灯那个」 of 「厨房灯坏了」: a thing of the kinds of help in both.
	score += 2 * sharedCueRunes(said, task.Text)
	about := task.Text + string(task.Category) + task.Place.Coarse()
	s := []rune(said)
	for i := 0; i+2 <= len(s); i++ {
		if piece := string(s[i : i+2]); !strings.ContainsAny(piece, "那个的活事") && !commonPieces[piece] && strings.Contains(about, piece) {
			score++
		}
	}
	return score
}

// commonPieces are in most requests and tell none from another.
var commonPieces = map[string]bool{"要人": true, "帮忙": true, "有人": true, "有没": true, "没有": true, "能不": true, "不能": true,
	"谁能": true, "一下": true, "我在": true, "我家": true, "明天": true, "今天": true, "昨天": true, "上午": true, "下午": true}

// sharedCueRunes counts the one-character words of the lexicon of kinds
// of help (灯, 修) that are in both said and text.
func sharedCueRunes(said, text string) int {
	n := 0
	seen := map[rune]bool{}
	for _, r := range said {
		if seen[r] || !strings.ContainsRune(text, r) {
			continue
		}
		seen[r] = true
		for _, c := range cuesByRune[r] {
			if c.word == string(r) {
				n++
				break
			}
		}
	}
	return n
}
