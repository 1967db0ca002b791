package wechat

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/eatmoreapple/openwechat"

	"linli/bot"
)

// Send delivers one text message through the current session. It fails
// with ErrOffline while the gateway is down and with ErrUnknownRecipient
// when the group or member cannot be found in this session; the outbox
// keeps the message either way. A send refused because the session has
// ended makes the gateway reconnect.
func (g *Gateway) Send(ctx context.Context, to bot.Address, text string) error {
	return g.deliver(ctx, to, func(ctx context.Context, c *conn, user string) error {
		_, err := c.bot.Caller.WebWxSendMsg(ctx, &openwechat.CallerWebWxSendMsgOptions{
			LoginInfo:   c.bot.Storage.LoginInfo,
			BaseRequest: c.bot.Storage.Request,
			Message:     openwechat.NewTextSendMessage(text, c.self, user),
		})
		return err
	})
}

// SendPicture uploads a picture and sends it, as Send sends text; it is
// part of bot.PictureSender.
func (g *Gateway) SendPicture(ctx context.Context, to bot.Address, p bot.Picture) error {
	return g.deliver(ctx, to, func(ctx context.Context, c *conn, user string) error {
		_, err := c.bot.Caller.WebWxSendImageMsg(ctx, bytes.NewReader(p.PNG), &openwechat.CallerWebWxSendImageMsgOptions{
			FromUserName: c.self,
			ToUserName:   user,
			BaseRequest:  c.bot.Storage.Request,
			LoginInfo:    c.bot.Storage.LoginInfo,
		})
		return err
	})
}

// SendFile is part of bot.FileSender: it uploads the file in chunks and
// sends it as a file message that shows f.Name. The upload needs a file on
// disk under that name, so it is written to a temporary directory first.
func (g *Gateway) SendFile(ctx context.Context, to bot.Address, f bot.File) error {
	return g.deliver(ctx, to, func(ctx context.Context, c *conn, user string) error {
		file, done, err := tempFile(f)
		if err != nil {
			return err
		}
		defer done()
		_, err = c.bot.Caller.WebWxSendFile(ctx, file, &openwechat.CallerWebWxSendFileOptions{
			FromUserName: c.self,
			ToUserName:   user,
			BaseRequest:  c.bot.Storage.Request,
			LoginInfo:    c.bot.Storage.LoginInfo,
		})
		return err
	})
}

// tempFile writes f under its own name in a new temporary directory and
// opens it for reading; done closes and removes both.
func tempFile(f bot.File) (*os.File, func(), error) {
	dir, err := os.MkdirTemp("", "linli-send-")
	if err != nil {
		return nil, nil, fmt.Errorf("send file: %w", err)
	}
	name := filepath.Base(filepath.Clean("/" + f.Name))
	if name == "/" || name == "." {
		name = "file"
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, f.Data, 0o600); err != nil {
		os.RemoveAll(dir)
		return nil, nil, fmt.Errorf("send file: %w", err)
	}
	file, err := os.Open(path)
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, fmt.Errorf("send file: %w", err)
	}
	return file, func() { file.Close(); os.RemoveAll(dir) }, nil
}

// deliver runs one send through the current session to the UserName to
// has in it, counting the outcome.
func (g *Gateway) deliver(ctx context.Context, to bot.Address, send func(ctx context.Context, c *conn, user string) error) error {
	c := g.current()
	if c == nil {
		g.sendFail.Add(1)
		return fmt.Errorf("send to %s: %w", describe(to), ErrOffline)
	}
	// A request cut off half way may still have reached WeChat, and the
	// outbox would send it again: once started, a send runs to its answer
	// or the HTTP timeout, whatever happens to the caller.
	ctx, cancel := context.WithTimeout(outside(context.WithoutCancel(ctx)), g.cfg.HTTPTimeout)
	defer cancel()
	user, err := g.resolve(ctx, c, to)
	if err != nil {
		g.sendFail.Add(1)
		return fmt.Errorf("send to %s: %w", describe(to), err)
	}
	if err := send(ctx, c, user); err != nil {
		g.sendFail.Add(1)
		var ret openwechat.Ret
		if errors.As(err, &ret) && isSessionEnded(ret) {
			c.stop(fmt.Errorf("send refused, session ended: retcode %d", int(ret)))
		}
		return fmt.Errorf("send to %s: %w", describe(to), err)
	}
	g.sent.Add(1)
	return nil
}

// isSessionEnded tells the retcodes after which the session cannot send
// again (logged out, cookie invalid, login check failed).
func isSessionEnded(ret openwechat.Ret) bool {
	switch int(ret) {
	case 1100, 1101, 1102:
		return true
	}
	return false
}

func describe(to bot.Address) string {
	if to.Kind == bot.ToGroup {
		return "group " + to.Group
	}
	return fmt.Sprintf("member %d (%s)", to.MemberID, to.MemberName)
}

// resolve maps an address to the UserName it has in this session, fetching
// contacts again (at most every RefreshEvery) when the name is new.
func (g *Gateway) resolve(ctx context.Context, c *conn, to bot.Address) (string, error) {
	pid := to.PlatformID // from the outbox; stale after a re-login
	for attempt := 0; attempt < 2; attempt++ {
		if u, ok := c.lookup(to, pid); ok {
			return u, nil
		}
		if attempt == 0 && !g.refresh(ctx, c, false) {
			break
		}
	}
	return "", ErrUnknownRecipient
}

// lookup finds a UserName among what the session knows: a group by name;
// a member by their latest platform id when it belongs to this session,
// else by a unique friend whose remark or nickname is their name (ids from
// an earlier login are stale).
func (c *conn) lookup(to bot.Address, pid string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if to.Kind == bot.ToGroup {
		u, ok := c.groups[to.Group]
		return u, ok
	}
	if pid != "" {
		if _, ok := c.users[pid]; ok {
			return pid, true
		}
	}
	name := strings.TrimSpace(to.MemberName)
	if name == "" {
		return "", false
	}
	found := ""
	for id, u := range c.users {
		if u.friend && (u.remark == name || u.nick == name) {
			if found != "" {
				return "", false // two friends share the name: do not guess
			}
			found = id
		}
	}
	return found, found != ""
}

// refresh fetches the contact list and the groups of recent chats that are
// not saved to contacts (batch contact fetch), so groups and friends can
// be addressed by name. Unless forced it runs at most every RefreshEvery;
// it reports whether it ran.
func (g *Gateway) refresh(ctx context.Context, c *conn, force bool) bool {
	now := g.cfg.Clock.Now()
	c.mu.Lock()
	if !force && !c.lastRefresh.IsZero() && now.Sub(c.lastRefresh) < g.cfg.RefreshEvery {
		c.mu.Unlock()
		return false
	}
	c.lastRefresh = now
	c.mu.Unlock()
	ctx = outside(ctx)
	members, err := c.bot.Caller.WebWxGetContact(ctx, c.bot.Storage.LoginInfo)
	if err != nil {
		g.log.Warn("获取通讯录失败", "err", err)
	}
	known := map[string]bool{}
	var unsaved openwechat.Members
	add := func(u *openwechat.User) {
		known[u.UserName] = true
		c.mu.Lock()
		defer c.mu.Unlock()
		switch {
		case strings.HasPrefix(u.UserName, "@@"):
			if u.NickName != "" {
				c.groups[u.NickName] = u.UserName
				c.groupNames[u.UserName] = u.NickName
			}
		case strings.HasPrefix(u.UserName, "@"):
			c.users[u.UserName] = contact{nick: u.NickName, remark: u.RemarkName, avatar: u.AvatarID(), friend: !u.IsMP()}
		}
	}
	for _, u := range members {
		add(u)
	}
	if r := c.bot.Storage.Response; r != nil {
		for _, u := range r.ContactList {
			if strings.HasPrefix(u.UserName, "@@") && u.NickName != "" {
				add(u)
			}
		}
		for _, id := range strings.Split(r.ChatSet, ",") {
			if strings.HasPrefix(id, "@@") && !known[id] {
				known[id] = true
				unsaved = append(unsaved, &openwechat.User{UserName: id})
			}
		}
	}
	for len(unsaved) > 0 {
		n := min(len(unsaved), 50) // WeChat's batch limit
		got, err := c.bot.Caller.WebWxBatchGetContact(ctx, unsaved[:n], c.bot.Storage.Request)
		if err != nil {
			g.log.Warn("批量获取群信息失败", "err", err)
			break
		}
		for _, u := range got {
			if strings.HasPrefix(u.UserName, "@@") && u.NickName != "" {
				add(u)
			}
		}
		unsaved = unsaved[n:]
	}
	c.mu.Lock()
	groups, users := len(c.groups), len(c.users)
	c.mu.Unlock()
	g.log.Debug("通讯录已更新", "groups", groups, "contacts", users)
	return true
}
