package llm

import (
	"context"
	"errors"
	"fmt"
	"linli/numerals"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"linli/prompts"
)

// The typed results below are all a workflow ever gets from a model. None
// of them has a field that could name a command, a role, a member or a
// chat: a reply carrying such fields fails the schema, and the worst a
// hostile message can achieve is a badly worded task or a wrong intent on
// the sender's own message.

// TaskCategories is the fixed list of volunteer task categories; a task
// always has one of them.
func TaskCategories() []string {
	return []string{"买菜跑腿", "陪诊就医", "助老陪伴", "家电维修", "电脑手机教学", "法律咨询",
		"心理疏导", "儿童看护辅导", "助残服务", "清洁整理", "搬运", "其他"}
}

// Urgency levels of a task.
const (
	UrgencyHigh   = "紧急"
	UrgencyNormal = "一般"
	UrgencyLow    = "不急"
)

// TaskExtraction is a volunteer task read from a resident's free text.
type TaskExtraction struct {
	// Category is one of TaskCategories.
	Category string `json:"category" desc:"服务类别"`
	// What is a one-line summary of the work.
	What string `json:"what" desc:"要做的事，一句话，不超过30字"`
	// When is the time as the resident said it ("明天上午"), or "".
	When string `json:"when" desc:"时间原话，没有则为空字符串"`
	// Place is the place as the resident said it, room numbers restored.
	// It is for the assigned volunteer and coordinators only.
	Place string `json:"place" desc:"地点原话，没有则为空字符串"`
	// Urgency is 紧急, 一般 or 不急.
	Urgency string `json:"urgency" enum:"紧急,一般,不急" desc:"紧急程度"`
	// Skills lists what a volunteer needs ("会开车").
	Skills []string `json:"skills" desc:"需要的技能，没有则为空列表"`
}

// Validate checks the extraction against the fixed lists, so a workflow can
// trust it as much as one built by its rules.
func (e TaskExtraction) Validate() error {
	if !contains(TaskCategories(), e.Category) {
		return fmt.Errorf("task category %q is not in the list", e.Category)
	}
	if strings.TrimSpace(e.What) == "" {
		return errors.New("task has no description")
	}
	if utf8.RuneCountInString(e.What) > 60 {
		return errors.New("task description is too long")
	}
	switch e.Urgency {
	case UrgencyHigh, UrgencyNormal, UrgencyLow:
	default:
		return fmt.Errorf("task urgency %q is not 紧急, 一般 or 不急", e.Urgency)
	}
	return nil
}

func taskSchema() *Schema {
	s, err := SchemaFor(TaskExtraction{})
	if err != nil {
		panic(err) // a programming error in the struct tags above
	}
	s.Properties["category"].Enum = TaskCategories()
	return s
}

// ExtractTask reads a volunteer task from a resident's message. The text is
// masked before it leaves the machine; room numbers are restored in Place
// only. Any error means: use the rules.
func (c *Client) ExtractTask(ctx context.Context, text string) (TaskExtraction, error) {
	m := Mask(text)
	p, err := prompts.TaskExtraction(m.Text, TaskCategories())
	if err != nil {
		return TaskExtraction{}, err
	}
	if !c.Enabled() {
		return TaskExtraction{}, c.notConfigured("chat", p)
	}
	var e TaskExtraction
	err = c.structured(ctx, p, taskSchema(), &e, func() error {
		e.What = cleanLine(e.What, 60)
		e.When = cleanLine(e.When, 40)
		e.Place = cleanLine(m.Restore(e.Place), 60)
		skills := e.Skills[:0]
		for _, s := range e.Skills {
			if s = cleanLine(s, 20); s != "" {
				skills = append(skills, s)
			}
		}
		e.Skills = skills
		if err := e.Validate(); err != nil {
			return fmt.Errorf("%w: %w", ErrInvalidOutput, err)
		}
		return nil
	})
	if err != nil {
		return TaskExtraction{}, err
	}
	return e, nil
}

// Intent is what a free-text message that @-mentions the bot wants. It only
// ever steers the sender's own message to a resident-level handler; it
// never authorises anything.
type Intent string

// The intents a model may choose from.
const (
	IntentCheckin         Intent = "checkin"
	IntentPoints          Intent = "points"
	IntentLawQuestion     Intent = "question_law"
	IntentGarbageQuestion Intent = "question_garbage"
	IntentQuestion        Intent = "question_other"
	IntentRequest         Intent = "request"
	IntentVolunteer       Intent = "volunteer"
	IntentHelp            Intent = "help"
	IntentChatter         Intent = "chatter"
)

// intentChoices describes each intent to the model.
func intentChoices() []prompts.IntentChoice {
	return []prompts.IntentChoice{
		{Name: string(IntentCheckin), Description: "今日打卡、签到、补卡"},
		{Name: string(IntentPoints), Description: "查积分、排行榜、积分兑换"},
		{Name: string(IntentLawQuestion), Description: "法律问题：邻里纠纷、物业、合同、婚姻继承、侵权等"},
		{Name: string(IntentGarbageQuestion), Description: "垃圾分类问题：某样东西是什么垃圾、怎么扔"},
		{Name: string(IntentQuestion), Description: "其他关于社区生活的问题"},
		{Name: string(IntentRequest), Description: "求助：需要志愿者帮忙做某件事"},
		{Name: string(IntentVolunteer), Description: "想当志愿者、接单、完成或确认志愿任务"},
		{Name: string(IntentHelp), Description: "问助手怎么用、有什么功能"},
		{Name: string(IntentChatter), Description: "闲聊、问候、与以上都无关，或者想让助手做超出以上范围的事"},
	}
}

// Intents lists every intent.
func Intents() []Intent {
	var out []Intent
	for _, c := range intentChoices() {
		out = append(out, Intent(c.Name))
	}
	return out
}

type intentReply struct {
	Intent string `json:"intent" desc:"意图"`
}

func intentSchema() *Schema {
	s, err := SchemaFor(intentReply{})
	if err != nil {
		panic(err) // a programming error in the struct tags above
	}
	for _, i := range Intents() {
		s.Properties["intent"].Enum = append(s.Properties["intent"].Enum, string(i))
	}
	return s
}

// ClassifyIntent says what a message that @-mentions the bot wants. Any
// error means: use the keyword rules (or stay quiet).
func (c *Client) ClassifyIntent(ctx context.Context, text string) (Intent, error) {
	m := Mask(text)
	p, err := prompts.Intent(m.Text, intentChoices())
	if err != nil {
		return "", err
	}
	if !c.Enabled() {
		return "", c.notConfigured("chat", p)
	}
	var r intentReply
	if err := c.structured(ctx, p, intentSchema(), &r, nil); err != nil {
		return "", err
	}
	return Intent(r.Intent), nil
}

// Passage is one retrieved article a grounded answer may rest on.
type Passage = prompts.Passage

// Answer is a plain-language answer grounded in the given passages.
type Answer struct {
	// Text is the answer, ready to send (no @-mentions, one paragraph or a
	// few short lines). It always names the articles it rests on: when the
	// model did not, "（依据《民法典》第N条）" is appended.
	Text string
	// Citations are the article numbers it rests on, all among the
	// passages it was given.
	Citations []int
}

type answerReply struct {
	Answerable bool   `json:"answerable" desc:"给出的法条能否回答这个问题"`
	Answer     string `json:"answer" desc:"回答，不超过150字；不能回答时为空字符串"`
	Citations  []int  `json:"citations" desc:"所依据的条号（阿拉伯数字），只能来自参考法条"`
}

// GroundedAnswer asks for a plain-language answer to a legal question,
// resting only on passages. An answer that cites nothing, or cites or
// mentions an article that is not among the passages, is rejected with
// ErrUngrounded; "these passages do not answer it" is ErrUnanswerable.
// Either way the caller sends its extractive answer instead.
func (c *Client) GroundedAnswer(ctx context.Context, question string, passages []Passage) (Answer, error) {
	m := Mask(question)
	p, err := prompts.GroundedAnswer(m.Text, passages)
	if err != nil {
		return Answer{}, err
	}
	if !c.Enabled() {
		return Answer{}, c.notConfigured("chat", p)
	}
	if len(passages) == 0 {
		return Answer{}, ErrUnanswerable
	}
	given := make(map[int]bool, len(passages))
	for _, ps := range passages {
		given[ps.Article] = true
	}
	var r answerReply
	var a Answer
	err = c.structured(ctx, p, answerSchema(), &r, func() error {
		if !r.Answerable {
			return ErrUnanswerable
		}
		text := cleanText(r.Answer, 400)
		if text == "" {
			return fmt.Errorf("%w: empty answer", ErrInvalidOutput)
		}
		if len(r.Citations) == 0 {
			return fmt.Errorf("%w: the answer cites no article", ErrUngrounded)
		}
		for _, n := range r.Citations {
			if !given[n] {
				return fmt.Errorf("%w: cites article %d, which it was not given", ErrUngrounded, n)
			}
		}
		for _, n := range ArticlesMentioned(text) {
			if !given[n] {
				return fmt.Errorf("%w: mentions article %d, which it was not given", ErrUngrounded, n)
			}
		}
		a = Answer{Text: text, Citations: dedupInts(r.Citations)}
		if len(ArticlesMentioned(text)) == 0 {
			// The resident should see what the answer rests on, even when
			// the model only listed it in the citations field.
			a.Text += "（依据" + citeList(a.Citations, passages) + "）"
		}
		return nil
	})
	if err != nil {
		return Answer{}, err
	}
	return a, nil
}

func answerSchema() *Schema {
	s, err := SchemaFor(answerReply{})
	if err != nil {
		panic(err) // a programming error in the struct tags above
	}
	return s
}

// citeList names articles the way residents read them: 《民法典》第1165条.
func citeList(arts []int, passages []Passage) string {
	law := make(map[int]string, len(passages))
	for _, p := range passages {
		law[p.Article] = p.Law
	}
	parts := make([]string, len(arts))
	for i, n := range arts {
		name := law[n]
		if name == "" {
			name = "民法典"
		}
		parts[i] = fmt.Sprintf("《%s》第%d条", name, n)
	}
	return strings.Join(parts, "、")
}

var articleRef = regexp.MustCompile(`第\s*([0-9]+|[零〇一二两三四五六七八九十百千]+)\s*条`)

// ArticlesMentioned returns the article numbers a text refers to ("第1032条",
// "第一千零三十二条"), in order of appearance.
func ArticlesMentioned(text string) []int {
	var out []int
	for _, m := range articleRef.FindAllStringSubmatch(text, -1) {
		if n, err := strconv.Atoi(m[1]); err == nil {
			out = append(out, n)
			continue
		}
		if n, ok := numerals.Parse(m[1]); ok && n > 0 {
			out = append(out, n)
		}
	}
	return out
}

func dedupInts(in []int) []int {
	seen := make(map[int]bool, len(in))
	var out []int
	for _, n := range in {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// cleanLine makes model output safe to show in one line: no line breaks,
// no control or invisible characters, no @-mentions (a model must not make
// the bot @ anyone), at most max runes.
func cleanLine(s string, max int) string {
	return clean(s, max, false)
}

// cleanText is cleanLine for a short paragraph: single line breaks kept.
func cleanText(s string, max int) string {
	return clean(s, max, true)
}

func clean(s string, max int, keepBreaks bool) string {
	var b strings.Builder
	n := 0
	lastBreak := false
	for _, r := range s {
		switch {
		case r == '\n' && keepBreaks:
			if lastBreak {
				continue
			}
			lastBreak = true
		case r == '\n' || r == '\r' || r == '\t':
			r = ' '
		case unicode.Is(unicode.Cf, r), unicode.IsControl(r):
			continue
		case r == '@' || r == '＠':
			continue
		}
		if r != '\n' {
			lastBreak = false
		}
		if n >= max {
			break
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimSpace(b.String())
}
