package points

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"linli/bot"
	"linli/bot/intent"
	"linli/internal/gatedre"
)

// lookupWays are a coordinator asking for one resident's points in their
// own words: 「王阿姨现在多少积分」「查一下张奶奶的积分」「刘大爷的积分是多少」
// 「看看5栋李建国有几分」.
var lookupWays = []*gatedre.Regexp{
	gatedre.MustCompile(`^(查一下|查查|查下|看一下|看看|瞅瞅|帮我查查|帮我查一下|帮我看看|查|看)\s*` + whoName + `\s*(的)?(积分|分数)?(现在|还)?(有|剩)?(多少|几)(个)?(积分|分)$`),
	gatedre.MustCompile(`^(查一下|查查|查下|看一下|看看|瞅瞅|帮我查查|帮我查一下|帮我看看|查|看)\s*` + whoName + `\s*(的)?(积分|分数|分)(是)?(多少|还有多少|有多少)?$`),
	gatedre.MustCompile(`^` + whoName + `\s*(的积分|积分)?(现在|目前|还|这会儿)?(一共|总共)?(还)?(有|剩|是)?(多少|几)(个)?(积分|分)(了)?(呀|啊|呢)?$`),
	gatedre.MustCompile(`^` + whoName + `\s*的(积分|分数)(现在|目前)?(是|有)?(多少|几)(分)?(了)?$`),
}

// notAName are words that stand where a name would and are not one: the
// asker, a time, the whole group, a verb of earning or spending.
var notAName = gatedre.MustCompile(`^(我|俺|咱|自己|本人|到底|究竟|现|目|今|这|本|一|总|共|还|都|大家|每|他|她|谁|哪|多|几|什么|啥|咋|怎|能|可|要|得|下|了|攒|挣|赚|拿|有|打|签|换|兑|积|分|查|看)|[积分了的吗呢么要换兑]|多少`)

// lookupScore is above a trust reading's score (0.985).
const lookupScore = 0.99

// lookupIntent reads those words. For anyone else than a coordinator they
// ask about another's points, which is refused.
func lookupIntent() intent.Decl {
	return intent.Decl{Name: "points_of", Label: "查居民积分", Shape: intent.Free, Asks: true,
		// Above the reading of a neighbour's business, which is what the
		// same words are from a resident.
		Score: func(folded string) float64 {
			if strings.Contains(folded, "分") && nameAsked(folded) != "" {
				return lookupScore
			}
			return 0
		},
	}
}

// nameAsked is the resident a coordinator's words ask about, "" when
// they name nobody.
func nameAsked(text string) string {
	// 「查一下小林多少分 补了几回卡」: the first part asks it.
	if i := strings.IndexAny(strings.TrimSpace(text), " ，,"); i > 0 {
		text = strings.TrimSpace(text)[:i]
	}
	text = strings.Trim(strings.TrimSpace(text), "？?。.！! ")
	for _, re := range lookupWays {
		if m := re.FindStringSubmatch(text); m != nil {
			name := m[re.SubexpIndex("who")]
			name = buildingLead.ReplaceAllString(name, "")
			if n := utf8.RuneCountInString(name); n >= 2 && n <= 6 && !notAName.MatchString(name) {
				return name
			}
		}
	}
	return ""
}

// pointsOf answers 查积分 <名字> privately: the resident's balance and
// their latest entries.
func (s *Shop) pointsOf(ctx context.Context, t *bot.Turn) error {
	name := strings.TrimSpace(t.Args)
	if t.Keyword == "" {
		name = nameAsked(t.Args)
	}
	if name == "" {
		return bot.Userf("请写居民的名字，例如：查积分 张三")
	}
	community := t.Chat.Community
	m, err := s.named(ctx, community, name)
	if err != nil {
		return err
	}
	bal, err := s.d.Store.Balance(ctx, m.ID, community)
	if err != nil {
		return err
	}
	entries, err := s.d.Store.History(ctx, m.ID, community, 5)
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s现在共%d积分。", m.Name, bal)
	if len(entries) > 0 {
		fmt.Fprintf(&b, "最近%d笔：", len(entries))
		for _, e := range entries {
			fmt.Fprintf(&b, "\n%s %s %+d", e.At.In(t.Loc).Format("1月2日"), e.Reason, e.Amount)
		}
	}
	t.ReplyPrivately(b.String())
	if t.InGroup() {
		t.Reply("已私信发给您。")
	}
	return nil
}
