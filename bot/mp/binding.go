package mp

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"linli/bot"
	"linli/internal/gatedre"
)

// WelcomeKeyword is the text a follow becomes: the welcome and, when
// linli serves several communities, the list to choose from.
const WelcomeKeyword = "关注"

// BindTTL is how long a binding code works.
const BindTTL = 10 * time.Minute

// Roads a binding code can be given on.
const (
	givenOnMP     = "mp"
	givenOnWeChat = "wechat"
)

// BindingStore is what binding needs from the store.
type BindingStore interface {
	// FollowerChoice reports whether a member follows the Official Account
	// and whether they picked their community.
	FollowerChoice(ctx context.Context, memberID int64) (follower, chosen bool, err error)
	ChooseCommunity(ctx context.Context, memberID int64, community string) error
	SaveBindCode(ctx context.Context, hash string, memberID int64, givenOn string, at, expires time.Time) error
	// UseBindCode spends a live code; an error wrapping bot.ErrNotFound
	// when there is none.
	UseBindCode(ctx context.Context, hash string, at time.Time) (memberID int64, givenOn string, err error)
	// MergeMembers moves everything of from onto into, roles excepted.
	MergeMembers(ctx context.Context, into, from int64, at time.Time) error
	MemberByID(ctx context.Context, id int64, community string) (bot.Member, error)
	Audit(ctx context.Context, e bot.AuditEntry) error
}

// Binding is the chat side of the Official Account: the welcome, the
// one-time choice of community, and binding a follower to the member the
// groups know, so one resident keeps one ledger on both roads.
type Binding struct {
	Store     BindingStore
	Directory *bot.Directory
	BotName   string
	// Random makes binding codes; nil is crypto/rand. `linli sim` sets a
	// seeded one so transcripts can send the code back.
	Random io.Reader
}

// Register adds the commands.
func (b *Binding) Register(r bot.Registry) {
	r.AddCommand(bot.Command{Keywords: []string{WelcomeKeyword}, Scope: bot.PrivateOnly, Handle: b.welcome})
	// No help line: the welcome and the menu offer it, and group help stays short.
	r.AddCommand(bot.Command{Keywords: []string{"绑定"}, Handle: b.bind})
	r.AddCommand(bot.Command{Keywords: []string{"选择社区"}, Scope: bot.PrivateOnly, Handle: b.choose})
	r.AddListener(bot.Listener{Name: "mp-community", Handle: b.choose})
}

func onMP(t *bot.Turn) bool { return t.Msg.Chat.Channel == bot.OfficialAccount }

// welcome greets a new follower and, with several communities, asks for
// theirs; with one community it is chosen for them.
func (b *Binding) welcome(ctx context.Context, t *bot.Turn) error {
	if !onMP(t) {
		return bot.ErrPass
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "欢迎关注%s！发送「打卡」每日打卡，「我的积分」查积分，「求助 内容」找志愿者，「问 问题」问民法典和垃圾分类，「活动列表」看活动。发送「帮助」看全部。", b.BotName)
	sb.WriteString("\n已在社区微信群里的居民，发送「绑定」可把两边的打卡和积分合在一起。")
	_, chosen, err := b.Store.FollowerChoice(ctx, t.Member.ID)
	if err != nil {
		return err
	}
	if !chosen {
		list, err := b.offer(ctx, t)
		if err != nil {
			return err
		}
		sb.WriteString(list)
	}
	t.Reply(sb.String())
	return nil
}

// offer chooses the only community, or returns the numbered list.
func (b *Binding) offer(ctx context.Context, t *bot.Turn) (string, error) {
	cs := b.Directory.Communities()
	if len(cs) == 1 {
		return "", b.Store.ChooseCommunity(ctx, t.Member.ID, cs[0].Name)
	}
	var sb strings.Builder
	sb.WriteString("\n请回复数字，选择您所在的社区：")
	for i, c := range cs {
		fmt.Fprintf(&sb, "\n%d. %s", i+1, c.Name)
	}
	return sb.String(), nil
}

// choose takes a follower's pick from the list, once.
func (b *Binding) choose(ctx context.Context, t *bot.Turn) error {
	if !onMP(t) {
		return bot.ErrPass
	}
	follower, chosen, err := b.Store.FollowerChoice(ctx, t.Member.ID)
	if err != nil {
		return err
	}
	explicit := t.Keyword != ""
	if !follower || chosen {
		if explicit {
			t.Reply(fmt.Sprintf("您已经在「%s」了。如需更换社区，请联系社区工作人员。", t.Member.Community))
			return nil
		}
		return bot.ErrPass
	}
	cs := b.Directory.Communities()
	said := strings.TrimSpace(t.Args)
	pick := ""
	if n, err := strconv.Atoi(said); err == nil && n >= 1 && n <= len(cs) {
		pick = cs[n-1].Name
	} else {
		pick = namedCommunity(said, cs)
	}
	if pick == "" {
		if !explicit {
			return bot.ErrPass
		}
		list, err := b.offer(ctx, t)
		if err != nil {
			return err
		}
		if list != "" {
			if said != "" {
				list = "没找到这个社区。" + list
			}
			t.Reply(strings.TrimPrefix(list, "\n"))
			return nil
		}
		pick = cs[0].Name // the only one, chosen by offer
	} else if err := b.Store.ChooseCommunity(ctx, t.Member.ID, pick); err != nil {
		return err
	}
	t.Reply(fmt.Sprintf("好的，您是「%s」的居民。发送「打卡」开始今天的打卡吧！", pick))
	return nil
}

// saysCommunity is what a follower adds around a community's name when
// telling which one is theirs: 「我是锦霞社区的」「住在锦霞」「锦霞社区居民」.
var saysCommunity = gatedre.MustCompile(`^(我|我们|我家|俺)?(是|在|住在?|就是)?@(的)?(居民|住户|业主|人)?(的)?(啊|呀|哦|啦)?$`)

// namedCommunity is the one community a follower's words name, by its
// whole name or without 「社区」, with nothing else said; "" otherwise.
func namedCommunity(said string, cs []bot.Community) string {
	said = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return -1
		}
		return r
	}, said)
	pick := ""
	for _, c := range cs {
		for _, name := range []string{c.Name, strings.TrimSuffix(c.Name, "社区")} {
			if utf8.RuneCountInString(name) < 2 || !strings.Contains(said, name) {
				continue
			}
			if saysCommunity.MatchString(strings.Replace(said, name, "@", 1)) {
				if pick != "" && pick != c.Name {
					return ""
				}
				pick = c.Name
			}
		}
	}
	return pick
}

// bind gives a code on one road, or spends a code given on the other.
func (b *Binding) bind(ctx context.Context, t *bot.Turn) error {
	code := strings.ReplaceAll(t.Args, " ", "")
	if code == "" {
		return b.giveCode(ctx, t)
	}
	owner, givenOn, err := b.Store.UseBindCode(ctx, hashCode(code), t.Now)
	switch {
	case errors.Is(err, bot.ErrNotFound):
		return bot.Userf("绑定码不对或已过期（10分钟内有效），请重新发送「绑定」获取。")
	case err != nil:
		return err
	}
	var follower, groupMember int64
	switch {
	case givenOn == givenOnMP && !onMP(t):
		follower, groupMember = owner, t.Member.ID
	case givenOn == givenOnWeChat && onMP(t):
		follower, groupMember = t.Member.ID, owner
	case givenOn == givenOnMP:
		return bot.Userf("这个绑定码是在公众号里拿到的，请用您的微信在社区群里发送：绑定 %s", code)
	default:
		return bot.Userf("这个绑定码要在公众号里发送：绑定 %s", code)
	}
	if follower == groupMember {
		t.Reply("已经绑定好了，不用再绑。")
		return nil
	}
	kept, err := b.Store.MemberByID(ctx, groupMember, t.Chat.Community)
	if err != nil {
		return err
	}
	gone, err := b.Store.MemberByID(ctx, follower, "")
	if err != nil {
		return err
	}
	if err := b.Store.MergeMembers(ctx, groupMember, follower, t.Now); err != nil {
		return err
	}
	if err := b.Store.Audit(ctx, bot.AuditEntry{Time: t.Now, MemberID: groupMember, Community: kept.Community, Action: "bind",
		Detail: fmt.Sprintf("公众号成员 %d 并入成员 %d", follower, groupMember)}); err != nil {
		return err
	}
	text := fmt.Sprintf("绑定成功，%s！公众号和社区群里的打卡、积分、任务和报名从此算在一起。", kept.Name)
	if gone.Role == bot.Coordinator && kept.Role != bot.Coordinator {
		text += "\n管理员身份不随绑定转移，如需请重新发送「管理员认证 验证码」。"
	}
	if t.InGroup() {
		t.Reply(text)
		return nil
	}
	// The turn's member was merged away: answer the one kept.
	t.Send(bot.MemberAddress(kept), text)
	return nil
}

// giveCode makes a code to send back on the other road.
func (b *Binding) giveCode(ctx context.Context, t *bot.Turn) error {
	code, err := b.newCode()
	if err != nil {
		return err
	}
	givenOn, other := givenOnWeChat, "公众号"
	if onMP(t) {
		givenOn, other = givenOnMP, "社区微信群"
	}
	if err := b.Store.SaveBindCode(ctx, hashCode(code), t.Member.ID, givenOn, t.Now, t.Now.Add(BindTTL)); err != nil {
		return err
	}
	text := fmt.Sprintf("您的绑定码是 %s（10分钟内有效）。请在%s里发送：绑定 %s", code, other, code)
	if t.InGroup() {
		// A code said in the group could be used by anyone who reads it.
		t.ReplyPrivately(text)
		t.Reply("绑定码已私信发给您，请查看和我的私聊。")
		return nil
	}
	t.Reply(text)
	return nil
}

// newCode is six digits.
func (b *Binding) newCode() (string, error) {
	r := b.Random
	if r == nil {
		r = rand.Reader
	}
	buf := make([]byte, 4)
	if _, err := io.ReadFull(r, buf); err != nil {
		return "", fmt.Errorf("make bind code: %w", err)
	}
	n := (uint32(buf[0])<<24 | uint32(buf[1])<<16 | uint32(buf[2])<<8 | uint32(buf[3])) % 1000000
	return fmt.Sprintf("%06d", n), nil
}

func hashCode(code string) string {
	sum := sha256.Sum256([]byte("linli-bind:" + strings.TrimSpace(code)))
	return hex.EncodeToString(sum[:])
}
