package points

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"linli/bot"
	"linli/internal/gatedre"
	"linli/numerals"
)

// A coordinator may add points to a resident by hand (「加积分 张三 10 帮忙
// 搬桌椅」), for work no rule counts, or take back points recorded by
// mistake (「扣积分 张三 5 重复打卡」). Each grant is a ledger entry with the
// coordinator's name and the reason, paid once whatever the redelivery,
// and the resident is told privately; nobody grants points to themselves.

// MaxGrant is the most points one 加积分 or 扣积分 moves, to catch an extra
// zero.
const MaxGrant = 200

// Members finds the members a coordinator names.
type Members interface {
	// MembersByName lists the members of a community a typed name may
	// mean.
	MembersByName(ctx context.Context, community, name string) ([]bot.Member, error)
}

// grantUsage is how 加积分 and 扣积分 are written.
const grantUsage = "格式：加积分 张三 10 帮忙搬桌椅（扣积分同样写法，每次最多%d分）"

// grantWords are a grant's words: the name, the points, the reason.
type grantWords struct {
	name   string
	amount int64
	reason string
}

// amountWord is a number of points: 「10」「10分」「十积分」.
var amountWord = gatedre.MustCompile(`^[+＋]?([0-9]+|[零一二两三四五六七八九十百]+)(个)?(积分|分)?$`)

// parseGrant reads 「张三 10 帮忙搬桌椅」: the words before the number are
// the name, the words after it the reason.
func parseGrant(args string) (grantWords, error) {
	fields := strings.Fields(args)
	for i, f := range fields {
		m := amountWord.FindStringSubmatch(f)
		if m == nil || i == 0 {
			continue
		}
		n, ok := numerals.Parse(m[1])
		if !ok || n <= 0 || n > MaxGrant {
			return grantWords{}, bot.Userf("积分要写1到%d之间的整数。"+grantUsage, MaxGrant, MaxGrant)
		}
		return grantWords{name: strings.Join(fields[:i], " "), amount: int64(n), reason: strings.Join(fields[i+1:], " ")}, nil
	}
	return grantWords{}, bot.Userf(grantUsage, MaxGrant)
}

// grant answers 加积分.
func (s *Shop) grant(ctx context.Context, t *bot.Turn) error { return s.move(ctx, t, 1) }

// deduct answers 扣积分.
func (s *Shop) deduct(ctx context.Context, t *bot.Turn) error { return s.move(ctx, t, -1) }

// move adds (sign 1) or takes back (sign -1) a coordinator's points: for
// one resident, or for several, one a line, as a draft for a list of names
// is written (「加积分 张三 10 今天签到」 and the next lines). A wrong line
// undoes them all.
func (s *Shop) move(ctx context.Context, t *bot.Turn, sign int64) error {
	keyword := "加积分"
	if sign < 0 {
		keyword = "扣积分"
	}
	n := 0
	for _, line := range strings.Split(t.Args, "\n") {
		line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), keyword))
		if line == "" {
			continue
		}
		key := "grant:" + t.Msg.ID
		if n > 0 {
			key += ":" + strconv.Itoa(n)
		}
		if err := s.moveOne(ctx, t, line, key, sign); err != nil {
			return err
		}
		n++
	}
	if n == 0 {
		_, err := parseGrant("")
		return err
	}
	return nil
}

// moveOne adds or takes back one resident's points, once for key.
func (s *Shop) moveOne(ctx context.Context, t *bot.Turn, args, key string, sign int64) error {
	g, err := parseGrant(args)
	if err != nil {
		return err
	}
	community := t.Chat.Community
	m, err := s.named(ctx, community, g.name)
	if err != nil {
		return err
	}
	if m.ID == t.Member.ID {
		return bot.Userf("不能给自己加减积分，请另一位社区工作人员来办。")
	}
	did, reason := "已给"+m.Name+"加", "社区奖励"
	if sign < 0 {
		did, reason = "已扣"+m.Name, "积分更正"
	}
	if g.reason != "" {
		reason += "：" + g.reason
	}
	e := Entry{MemberID: m.ID, Community: community, Amount: g.amount, Reason: reason + "（" + t.Member.Name + "）",
		SourceKey: key, At: t.Now}
	var done bool
	if sign > 0 {
		done, err = s.d.Store.Credit(ctx, e)
	} else {
		done, err = Spend(ctx, s.d.Store, e)
	}
	if errors.Is(err, ErrInsufficient) {
		bal, err := s.d.Store.Balance(ctx, m.ID, community)
		if err != nil {
			return err
		}
		return bot.Userf("%s现在只有%d积分，扣不了%d分。", m.Name, bal, g.amount)
	}
	if err != nil {
		return err
	}
	bal, err := s.d.Store.Balance(ctx, m.ID, community)
	if err != nil {
		return err
	}
	if !done {
		t.Reply(fmt.Sprintf("这条已经办过了，%s现在共%d积分。", m.Name, bal))
		return nil
	}
	if sign > 0 {
		t.Send(bot.MemberAddress(m), fmt.Sprintf("社区工作人员%s给您加了%d积分（%s）。您现在共%d积分。", t.Member.Name, g.amount, reasonShown(g.reason), bal))
	} else {
		t.Send(bot.MemberAddress(m), fmt.Sprintf("社区工作人员%s更正了您的积分：扣回%d分（%s）。您现在共%d积分，有疑问请找社区工作人员。", t.Member.Name, g.amount, reasonShown(g.reason), bal))
	}
	t.Reply(fmt.Sprintf("%s%d积分（%s），%s现在共%d积分，已私信告诉本人。", did, g.amount, reasonShown(g.reason), m.Name, bal))
	return nil
}

// reasonShown is a reason as the replies show it: 「未写原因」 when none was given.
func reasonShown(s string) string {
	if s == "" {
		return "未写原因"
	}
	return s
}

// named finds the one member a coordinator means, or says why not.
func (s *Shop) named(ctx context.Context, community, name string) (bot.Member, error) {
	found, err := s.d.Members.MembersByName(ctx, community, name)
	if err != nil {
		return bot.Member{}, err
	}
	switch len(found) {
	case 0:
		return bot.Member{}, bot.Userf("「%s」没有叫“%s”的居民，请核对名字（要和群里显示的一样）。", community, name)
	case 1:
		return found[0], nil
	}
	names := make([]string, len(found))
	for i, m := range found {
		names[i] = m.Name
		if !strings.HasSuffix(m.Name, ")") {
			names[i] += "(1)" // the first of a name is shown without its number
		}
	}
	return bot.Member{}, bot.Userf("叫“%s”的有%d位：%s。请写带编号的名字，例如：加积分 %s 10 原因", name, len(found), strings.Join(names, "、"), names[0])
}

// The words of a coordinator granting points in their own words: 「给张三
// 加5分 帮忙搬东西」「奖励王阿姨20积分」「张三帮忙搬东西 奖励他10积分」「李建国
// 上周六义务值守垃圾房，给他记20积分」「给陈小梅加分 她组织了旧衣回收 给20」;
// and taking back: 「扣张三5分 重复打卡」「刘阿姨那30分是我录错了，扣回来吧」
// 「把赵明亮多加的15分撤回 重复记了」. Each expression names its parts: who,
// n (the points) and why.
const (
	who     = `(?P<who>[\p{Han}0-9][\p{Han}0-9()（）]{0,11}?)`
	whoName = `(?P<who>\p{Han}[\p{Han}0-9()（）]{1,9}?)`
	points  = `\s*(?P<n>[0-9]+|[一二两三四五六七八九十百]+)\s*(个)?(积分|分)`
	// why starts as a deed is told: 「帮忙…」「今天…」「上周六义务…」.
	deed = `(?P<why>(帮|协助|参加|做|来|去|在|今天|昨天|前天|这次|主动|负责|积极|给|上周|上个|这周|本周|周|义务|天天|每天|经常|一直|最近|组织|带|值守)[^，,。]*?)`
)

var (
	grantWays = []*gatedre.Regexp{
		gatedre.MustCompile(`^(给|奖励|奖给)\s*` + who + `\s*(加|多加|奖励|奖|补|记|加上)` + points + `(?P<why>.*)$`),
		gatedre.MustCompile(`^(奖励|奖给)\s*` + who + points + `(?P<why>.*)$`),
		gatedre.MustCompile(`^` + whoName + `\s*` + deed + `[\s，,。]*(奖励|奖|加|给|记)(他|她)?(加|奖励|奖|加上|记)?` + points + `\s*$`),
		gatedre.MustCompile(`^给` + who + `(加分|加点分|加积分|奖励点分)[\s，,。]*(?P<why>.*?)[\s，,。]*(给|加|奖励|记)\s*(?P<n>[0-9]+|[一二两三四五六七八九十百]+)\s*(个)?(积分|分)?$`),
	}
	deductWays = []*gatedre.Regexp{
		gatedre.MustCompile(`^(扣|扣掉|扣回|减|减掉|扣除)\s*` + who + `(的)?` + points + `(?P<why>.*)$`),
		gatedre.MustCompile(`^(给|把|从)\s*` + who + `(的积分|积分)?\s*(扣|扣掉|扣回|减|减掉|扣除)` + points + `(?P<why>.*)$`),
		gatedre.MustCompile(`^` + whoName + `(那|的)` + points + `(是)?(我)?(?P<why>[^，,。]{0,8}(录错|记错|多加|加错|重复|算错)[^，,。]{0,4})[\s，,。]*(扣|撤|减|退|收)(回来|掉|回|了)?(吧)?$`),
		gatedre.MustCompile(`^把` + who + `(多加|加错|记错|多记|多给)的` + points + `(撤回|扣掉|扣回|减掉|去掉|撤销|收回)(?P<why>.*)$`),
	}
	reasonTrims = " ，,。.；;：:！!（）()"
	// grantEach is points for each of a list: 「每人加10分，名单：」.
	grantEach = gatedre.MustCompile(`(每人|每个人|每位|各)(加|奖励|奖|记|加上)\s*([0-9]+|[一二两三四五六七八九十百]+)\s*(个)?(积分|分)[，,。 ]*(名单|他们是|有)?[:：]?`)
	// nameList separates the names of a list.
	nameList = gatedre.MustCompile(`\s*[、，, ]\s*`)
	// buildingLead is where a resident lives, before their name: 「5栋的」.
	buildingLead = gatedre.MustCompile(`^[0-9一二三四五六七八九十]+(号楼|栋|幢|单元)(的)?`)
)

// draftGrant reads a coordinator's words as 加积分 <name> <points> <reason>,
// or several such lines for a list of names (「今天签到的人每人加10分，名
// 单：钱秀兰、许国华」), which are shown to copy one by one.
func (s *Shop) draftGrant(ctx context.Context, t *bot.Turn, text string) (string, bool) {
	if m := grantEach.FindStringSubmatchIndex(text); m != nil {
		reason := strings.TrimSuffix(strings.Trim(text[:m[0]], reasonTrims), "的人")
		var lines []string
		for _, name := range nameList.Split(strings.Trim(text[m[1]:], reasonTrims), -1) {
			if line, ok := grantLine(strings.TrimSpace(name), text[m[6]:m[7]], reason); ok && name != "" {
				lines = append(lines, line)
			}
		}
		if len(lines) > 0 {
			return strings.Join(lines, "\n加积分 "), true
		}
	}
	return readGrant(grantWays, text)
}

// draftDeduct reads a coordinator's words as 扣积分 <name> <points> <reason>.
func (s *Shop) draftDeduct(ctx context.Context, t *bot.Turn, text string) (string, bool) {
	return readGrant(deductWays, text)
}

// readGrant reads text by the first of ways that fits it.
func readGrant(ways []*gatedre.Regexp, text string) (string, bool) {
	for _, re := range ways {
		m := re.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		part := func(name string) string { return m[re.SubexpIndex(name)] }
		return grantLine(part("who"), part("n"), part("why"))
	}
	return "", false
}

// grantLine writes a grant's arguments, or false when the points are not
// a number a grant may move.
func grantLine(name, amount, reason string) (string, bool) {
	name = buildingLead.ReplaceAllString(strings.TrimSpace(name), "")
	n, ok := numerals.Parse(amount)
	if !ok || n <= 0 || n > MaxGrant || name == "" {
		return "", false
	}
	line := name + " " + strconv.Itoa(n)
	if r := strings.Trim(reason, reasonTrims); r != "" {
		line += " " + r
	}
	return line, true
}
