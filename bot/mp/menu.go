package mp

import (
	"context"
	"fmt"

	"github.com/silenceper/wechat/v2/officialaccount/menu"
)

// MenuButton is a button of the custom menu: a command, sent as if the
// follower had typed Key, or a submenu.
type MenuButton struct {
	Name string
	Key  string
	Sub  []MenuButton
}

// PublishMenu replaces the Official Account's custom menu. Each button is
// a click button whose key is a chat command, so the menu needs no code
// of its own: a click is handled as the typed command.
func (g *Gateway) PublishMenu(ctx context.Context, buttons []MenuButton) error {
	if g.cfg.AppID == "" || g.cfg.AppSecret == "" {
		return ErrNotConfigured
	}
	var out []*menu.Button
	for _, b := range buttons {
		out = append(out, sdkButton(b))
	}
	if _, err := g.token.GetAccessTokenContext(ctx); err != nil {
		return fmt.Errorf("publish menu: %w", err)
	}
	if err := g.oa.GetMenu().SetMenu(out); err != nil {
		if errCode(err) == 48001 {
			return fmt.Errorf("publish menu: this account may not change its menu through the API (48001: an unverified subscription account sets it by hand in 自定义菜单): %w", err)
		}
		return fmt.Errorf("publish menu: %w", err)
	}
	return nil
}

func sdkButton(b MenuButton) *menu.Button {
	if len(b.Sub) == 0 {
		return new(menu.Button).SetClickButton(b.Name, b.Key)
	}
	var sub []*menu.Button
	for _, s := range b.Sub {
		sub = append(sub, sdkButton(s))
	}
	return new(menu.Button).SetSubButton(b.Name, sub)
}
