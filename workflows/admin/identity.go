package admin

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"linli/bot"
)

// Identity is what proving who one is needs from the store: after the bot
// re-logs in, a newcomer who carries the name of a member holding a role or
// an approved-volunteer status is a new member with a claim, and becomes
// that member again only with the member's personal PIN (个人口令) or a
// fresh coordinator code.
type Identity interface {
	// Privileged reports whether a member holds a role or an approved
	// volunteer status.
	Privileged(ctx context.Context, memberID int64) (bool, error)
	// Claims lists the members a newcomer carried the name of and has not
	// proven to be.
	Claims(ctx context.Context, memberID int64) ([]int64, error)
	PINHash(ctx context.Context, memberID int64) (string, error)
	SetPINHash(ctx context.Context, memberID int64, hash string, at time.Time) error
	// Merge moves the newcomer's platform ids to the member they proved to
	// be and records the re-link.
	Merge(ctx context.Context, newID, oldID int64, at time.Time) (*bot.Relink, error)
}

// PIN rules: long enough that five tries an hour cannot find it.
const (
	pinMin = 6
	pinMax = 20
)

// checkPIN says what is wrong with a proposed PIN, or "".
func checkPIN(pin string) string {
	n := utf8.RuneCountInString(pin)
	if n < pinMin || n > pinMax {
		return fmt.Sprintf("个人口令要 %d 到 %d 位数字或字母，例如：设置口令 739264", pinMin, pinMax)
	}
	same := true
	for i, r := range pin {
		if r > unicode.MaxASCII || !(unicode.IsDigit(r) || unicode.IsLetter(r)) {
			return "个人口令只能用数字或字母。"
		}
		if i > 0 && r != rune(pin[0]) {
			same = false
		}
	}
	if same || strings.Contains("0123456789012345678909876543210", pin) {
		return "这个口令太好猜了，请换一个不连续、不重复的。"
	}
	return ""
}

func (w *Workflow) setPIN(ctx context.Context, t *bot.Turn) error {
	privileged, err := w.d.Identity.Privileged(ctx, t.Member.ID)
	if err != nil {
		return err
	}
	if !privileged {
		t.Reply("个人口令是给社区管理员和已批准的志愿者用的。")
		return nil
	}
	pin := strings.ReplaceAll(t.Args, " ", "")
	if msg := checkPIN(pin); msg != "" {
		t.Reply(msg)
		return nil
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(pin), bcrypt.DefaultCost)
	if err != nil {
		return fmt.Errorf("hash PIN: %w", err)
	}
	if err := w.d.Identity.SetPINHash(ctx, t.Member.ID, string(hash), t.Now); err != nil {
		return err
	}
	if err := w.d.Members.Audit(ctx, bot.AuditEntry{Time: t.Now, MemberID: t.Member.ID, Community: t.Chat.Community,
		Action: "pin", Detail: "设置个人口令"}); err != nil {
		return err
	}
	t.Reply("个人口令已设置。请记住它，不要告诉任何人；我重新登录后，请私聊我发送「认证 口令」证明是您本人。")
	return nil
}

// prove re-links a newcomer to the privileged member they claim to be,
// when they give that member's PIN.
func (w *Workflow) prove(ctx context.Context, t *bot.Turn) error {
	pin := strings.ReplaceAll(t.Args, " ", "")
	if pin == "" {
		t.Reply("请在「认证」后面写上您的个人口令，例如：认证 739264")
		return nil
	}
	claims, err := w.d.Identity.Claims(ctx, t.Member.ID)
	if err != nil {
		return err
	}
	if len(claims) == 0 {
		t.Reply("您的身份不需要确认。管理员绑定请发送「管理员认证 验证码」。")
		return nil
	}
	failures, err := w.d.Store.FailedAttempts(ctx, t.Member.ID, t.Now.Add(-FailureWindow))
	if err != nil {
		return err
	}
	if failures >= MaxFailures {
		t.Reply("尝试次数太多，请一小时后再试，或请社区工作人员生成新的验证码。")
		return nil
	}
	anyPIN := false
	for _, old := range claims {
		hash, err := w.d.Identity.PINHash(ctx, old)
		if err != nil {
			return err
		}
		if hash == "" {
			continue
		}
		anyPIN = true
		if bcrypt.CompareHashAndPassword([]byte(hash), []byte(pin)) == nil {
			return w.restore(ctx, t, old, "个人口令")
		}
	}
	if !anyPIN {
		t.Reply("您原来的账号没有设置个人口令，无法用口令确认。请社区工作人员用 linli admin code 生成新的验证码，再发送「管理员认证 验证码」。")
		return nil
	}
	if err := w.d.Store.RecordAttempt(ctx, t.Member.ID, t.Now, false); err != nil {
		return err
	}
	if err := w.d.Members.Audit(ctx, bot.AuditEntry{Time: t.Now, MemberID: t.Member.ID, Community: t.Chat.Community,
		Action: "relink refused", Detail: "个人口令不对"}); err != nil {
		return err
	}
	t.Reply("口令不对，请核对后再发。")
	return nil
}

// restore makes the newcomer the member they proved to be, audits it and
// tells every coordinator of the member's community privately, the member
// included: a re-link nobody expected is how a stolen PIN shows.
func (w *Workflow) restore(ctx context.Context, t *bot.Turn, oldID int64, how string) error {
	rl, err := w.d.Identity.Merge(ctx, t.Member.ID, oldID, t.Now)
	if err != nil {
		return err
	}
	if err := w.d.Store.RecordAttempt(ctx, t.Member.ID, t.Now, true); err != nil {
		return err
	}
	old, err := w.d.Members.MemberByID(ctx, oldID, rl.Community)
	if err != nil {
		return err
	}
	if err := w.d.Members.Audit(ctx, bot.AuditEntry{Time: t.Now, MemberID: oldID, Community: rl.Community,
		Action: "relink", Detail: fmt.Sprintf("凭%s确认身份：新成员 %d 的账号关联到 %s", how, t.Member.ID, old.Name)}); err != nil {
		return err
	}
	t.Send(bot.MemberAddress(old), fmt.Sprintf("身份已确认（%s），欢迎回来，%s！您原来的身份、积分和记录都已恢复。如果这不是您本人操作，请立刻联系其他管理员。", how, old.Name))
	coords, err := w.d.Members.Coordinators(ctx, rl.Community)
	if err != nil {
		return err
	}
	for _, c := range coords {
		if c.ID != oldID {
			t.Send(bot.MemberAddress(c), fmt.Sprintf("提醒：「%s」凭%s确认了身份，新登录的微信账号已关联到原账号。", old.Name, how))
		}
	}
	return nil
}

// errNoClaim means the newcomer claims no coordinator of the community.
var errNoClaim = errors.New("no claim on a coordinator")

// claimedCoordinator returns the coordinator of community the member
// claims to be, when there is exactly one.
func (w *Workflow) claimedCoordinator(ctx context.Context, memberID int64, community string) (int64, error) {
	claims, err := w.d.Identity.Claims(ctx, memberID)
	if err != nil {
		return 0, err
	}
	var found []int64
	for _, id := range claims {
		m, err := w.d.Members.MemberByID(ctx, id, community)
		if err != nil {
			return 0, err
		}
		if m.Role == bot.Coordinator {
			found = append(found, id)
		}
	}
	if len(found) != 1 {
		return 0, errNoClaim
	}
	return found[0], nil
}
