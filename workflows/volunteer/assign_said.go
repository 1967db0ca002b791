package volunteer

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"linli/bot"
	"linli/bot/intent"
)

// A coordinator assigns a task in words, naming it by who asked or what
// for rather than by its number: 「张阿姨那个拿垃圾的活派给陈晓燕」「吴大爷水管
// 那个派给赵建国」「陪张阿姨去医院的事交给陈晓燕」. When the words fit exactly
// one open task it is assigned as 派单 would (the reply names the task and
// the volunteer); otherwise the coordinator is shown the open tasks' numbers.

// assignSaid is a task described, then who takes it.
var assignSaid = regexp.MustCompile(`^(把)?(.{2,30}?)[，, ]*(派给|交给|分给|指派给|安排给|安排|让|叫|就|派)\s*(志愿者)?(\p{Han}{2,4}?)\s*(去|来|办|做|跑一趟|负责|陪|接|帮)*(她|他|一下|吧)*([，, ].{0,20})?$`)

// assignSaidIntent is a coordinator assigning a task in words.
func assignSaidIntent() intent.Decl {
	return intent.Decl{Name: "assign_said", Label: "派单", Shape: intent.Free,
		Cues: []string{`^.{2,30}(那个|那单|的|那件事|单子|请求|任务).{0,4}(派给|交给|分给|指派给|安排给)(志愿者)?\p{Han}{2,4}(去|来|办|做|吧)*$`,
			`^.{2,30}(那个|那单|的|那件事|单子|请求|任务).{0,4}(让|叫|安排|就|派)(志愿者)?\p{Han}{2,4}(去|来|跑一趟|陪|接|帮)(她|他|一下|吧)*([ ，,].{0,20})?$`}}
}

// assignByWords assigns the one open task the words describe.
func (w *Workflow) assignByWords(ctx context.Context, t *bot.Turn) error {
	text := strings.Trim(bot.StripLeadingMentions(t.Msg.Text), "，,。.！!")
	m := assignSaid.FindStringSubmatch(text)
	if m == nil {
		return bot.ErrPass
	}
	said, name := m[2], m[5]
	tasks, err := w.d.Store.Tasks(ctx, community(t), Open)
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
			return bot.Userf("现在没有等人接的任务。")
		}
		return bot.Userf("您说的是哪一单？等人接的有：%s。请发「派单 #任务号 %s」。", strings.Join(nums, "、"), name)
	}
	t.Args = fmt.Sprintf("#%d %s", best.ID, name)
	return w.assign(ctx, t)
}

// personNamed is a resident named by family name and title: 「赵婆婆」.
var personNamed = regexp.MustCompile(`\p{Han}(奶奶|爷爷|大爷|阿姨|大妈|婆婆|叔|伯|婶|姐|哥|老师|师傅|大娘)`)

// taskOverlap scores how well words describe a task: who asked (「张阿姨」
// in 张阿姨's task counts most), then the two-character pieces the words
// share with the task's text and kind.
func taskOverlap(said string, task Task) int {
	score := 0
	r := []rune(task.Requester)
	if p := personNamed.FindString(said); p != "" && (len(r) == 0 || !strings.ContainsRune(p, r[0])) {
		// 「赵婆婆买菜的」 is not 刘奶奶's shopping, however alike.
		return 0
	}
	if len(r) >= 2 && strings.Contains(said, string(r[:2])) {
		score += 10
	}
	about := task.Text + string(task.Category)
	s := []rune(said)
	for i := 0; i+2 <= len(s); i++ {
		if piece := string(s[i : i+2]); !strings.ContainsAny(piece, "那个的活事") && strings.Contains(about, piece) {
			score++
		}
	}
	return score
}
