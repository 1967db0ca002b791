package bot

import (
	"context"
	"fmt"
)

// noteRelink puts a re-link (or a refused one) in the audit log and, when
// a newcomer carried the name of a member who holds a role or an approved
// volunteer status, tells the community's coordinators and the newcomer
// privately: a name is no proof, so the newcomer acts as a resident until
// they prove themselves.
func (r *Router) noteRelink(ctx context.Context, t *Turn, rl *Relink) error {
	action, detail := "relink", fmt.Sprintf("%s: %s → %s (%s)", rl.Reason, rl.OldID, rl.NewID, rl.NewName)
	switch {
	case rl.Refused:
		action = "relink refused"
		detail = fmt.Sprintf("%s: 新成员 %d 自称 %q (%s)", rl.Reason, rl.NewMemberID, rl.NewName, rl.Group)
	case rl.OldID == rl.NewID:
		action = "rename"
		detail = fmt.Sprintf("%s → %s", rl.OldName, rl.NewName)
	}
	community := rl.Community
	if community == "" {
		community = t.Chat.Community
	}
	if err := r.Store.Audit(ctx, AuditEntry{Time: t.Now, MemberID: rl.MemberID, Community: community,
		Action: action, Detail: detail}); err != nil {
		return err
	}
	if !rl.Refused {
		return nil
	}
	where := "私聊"
	if rl.Group != "" {
		where = "「" + rl.Group + "」"
	}
	coords, err := r.Store.Coordinators(ctx, community)
	if err != nil {
		return err
	}
	for _, c := range coords {
		t.Send(MemberAddress(c), fmt.Sprintf("提醒：有人在%s用「%s」的名字发言，但还没有证明是本人。已按新居民「%s」处理，不能使用管理员命令，也不能以志愿者身份接单。本人可以私聊我发送「认证 个人口令」恢复身份。",
			where, rl.NewName, t.Member.Name))
	}
	t.ReplyPrivately(fmt.Sprintf("您好！我重新登录后需要确认您的身份。如果您是原来的「%s」，请私聊我发送「认证 个人口令」（或新的验证码：管理员认证 验证码）。在此之前按新居民处理。",
		rl.NewName))
	return nil
}
