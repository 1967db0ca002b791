package volunteer

import (
	"context"
	"errors"
	"time"

	"linli/bot"
	"linli/internal/gatedre"
	"linli/internal/recent"
)

// Somebody who offers to volunteer without saying what they can do
// (「我以前在别的社区做过志愿者…能在这边也登记一下吗 我白天基本都有空」)
// is asked; their answer (「陪老人看病 跑腿都行」) is what they can do, not a
// request for help. Moving house told on the way (「现在搬到金桥了」) is no
// offer to carry things.

// skillsWindow is how long after the question an answer is read as one.
const skillsWindow = 30 * time.Minute

// movedHere is moving house told, not a skill: 「现在搬到金桥了」.
var movedHere = gatedre.MustCompile(`(现在|刚|才|已经|前阵子|去年)?搬(到|来|过来|家到)\p{Han}{1,6}?(了|来|住)`)

// needsHelp is a message that asks for help for oneself, not offers it.
var needsHelp = gatedre.MustCompile(`帮我|给我|找(个)?人|能不能|有没有|有啥|有什么|需要人|谁能|求助|[?？吗]`)

// skillsAsked are the members just asked what they can do.
type skillsAsked = recent.Moments[int64]

// skillsAfter registers what a member just asked can do says they can.
func (w *Workflow) skillsAfter(ctx context.Context, t *bot.Turn) error {
	if t.InGroup() || t.Msg.Kind != bot.Text || !w.askedSkills.Within(t.Member.ID, t.Now, skillsWindow) {
		return bot.ErrPass
	}
	text := bot.StripLeadingMentions(t.Msg.Text)
	if skills, _, _, _, _ := ParseProfile(text); len(skills) == 0 || needsHelp.MatchString(text) {
		return bot.ErrPass
	}
	old, err := w.d.Store.Volunteer(ctx, t.Community(), t.Member.ID)
	switch {
	case err == nil:
		text = old.Text + "，" + text
	case !errors.Is(err, bot.ErrNotFound):
		return wrap("load volunteer", err)
	}
	w.askedSkills.Mark(t.Member.ID, t.Now.Add(-2*skillsWindow), skillsWindow) // answered
	return w.saveProfile(ctx, t, text, "志愿者资料已私信发给您。")
}
