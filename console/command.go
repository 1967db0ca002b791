package console

import (
	"context"
	"fmt"
	"strings"

	"linli/bot"
)

// LoginURL is the address of a login link's page under base.
func LoginURL(base, token string) string {
	return strings.TrimRight(base, "/") + "/login?t=" + token
}

// Register adds 「后台」: a coordinator asks privately and gets a one-time
// login link for their community. base is the console's address as the
// coordinator's phone reaches it.
func (a *Auth) Register(r bot.Registry, base string) {
	r.AddCommand(bot.Command{
		Keywords: []string{"后台", "管理后台", "登录后台", "后台登录", "进入后台", "打开后台", "社区后台", "控制台"},
		Role:     bot.Coordinator,
		Scope:    bot.PrivateOnly,
		Help:     "后台 — 获取社区后台的登录链接（私聊，10分钟内有效）",
		Handle: func(ctx context.Context, t *bot.Turn) error {
			tok, err := a.NewLink(ctx, Grant{MemberID: t.Member.ID, Name: t.Member.Name, Community: t.Chat.Community, Role: Coordinator}, t.Now)
			if err != nil {
				return err
			}
			t.Queue(bot.Outgoing{To: bot.MemberAddress(t.Member), Secret: true,
				Text: fmt.Sprintf("社区后台登录链接（10分钟内有效，只能用一次，请勿转发）：\n%s", LoginURL(base, tok))})
			return nil
		},
	})
}
