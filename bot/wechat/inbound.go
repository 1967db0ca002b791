package wechat

import (
	"strings"
	"time"

	"github.com/eatmoreapple/openwechat"

	"linli/bot"
)

// receive turns one openwechat message into a bot.Message and hands it on.
// It runs on the session's sync loop, which is the only goroutine that
// touches openwechat's contact cache.
func (g *Gateway) receive(c *conn, m *openwechat.Message, in chan<- bot.Message) {
	select {
	case <-c.ready:
	case <-c.ctx.Done():
		return
	}
	if m.IsSendBySelf() || m.IsSystem() || m.StatusNotify() || m.IsSysNotice() || m.IsRecalled() || m.IsFriendAdd() {
		return
	}
	created := time.Unix(m.CreateTime, 0)
	g.mu.RLock()
	start := g.start
	g.mu.RUnlock()
	if created.Before(start.Add(-g.cfg.HistoryMargin)) {
		g.dropped.Add(1)
		g.log.Debug("跳过启动前的历史消息", "msg_id", m.MsgId, "created", created)
		return
	}
	msg := bot.Message{ID: m.MsgId, Time: created, Kind: bot.Other}
	switch {
	case m.IsText():
		msg.Kind, msg.Text = bot.Text, m.Content
	case m.IsPicture():
		msg.Kind = bot.Image
	}
	if m.IsComeFromGroup() {
		if !g.fromGroup(c, m, &msg) {
			return
		}
		if msg.Kind == bot.Other {
			return // stickers, voice and links in groups are chatter
		}
	} else if !g.fromFriend(c, m, &msg) {
		return
	}
	g.in.Add(1)
	g.mu.Lock()
	g.lastMsg = g.cfg.Clock.Now()
	g.mu.Unlock()
	select {
	case in <- msg:
	case <-c.ctx.Done():
	}
}

func (g *Gateway) fromGroup(c *conn, m *openwechat.Message, msg *bot.Message) bool {
	group, err := m.Sender()
	if err != nil {
		g.log.Warn("找不到消息所在的群", "msg_id", m.MsgId, "err", err)
		return false
	}
	name := group.NickName
	if name == "" {
		g.log.Warn("群没有名字，无法按名字服务，请给群起个名字", "group", group.UserName)
		return false
	}
	c.mu.Lock()
	c.groups[name] = group.UserName
	c.groupNames[group.UserName] = name
	c.mu.Unlock()
	// The session's own names come from openwechat's Self: this runs on the
	// sync loop, possibly before the login call has returned.
	self := m.Owner()
	selfName := self.NickName
	sender, err := m.SenderInGroup()
	if err != nil {
		g.log.Warn("找不到群消息的发送者", "group", name, "msg_id", m.MsgId, "err", err)
		return false
	}
	for _, u := range group.MemberList {
		if u.UserName == self.UserName && u.DisplayName != "" {
			selfName = u.DisplayName
		}
	}
	// The router finds the group's community (and drops unlisted groups).
	msg.Chat = bot.Chat{Kind: bot.Group, Name: name}
	msg.Sender = bot.Sender{
		PlatformID:  sender.UserName,
		DisplayName: firstNonEmpty(sender.DisplayName, sender.NickName),
		NickName:    sender.NickName,
		AvatarID:    c.avatar(sender),
	}
	c.seen(sender)
	if msg.Kind == bot.Text {
		msg.Text, msg.MentionsBot, msg.Mentions = splitMentions(msg.Text, selfName, self.NickName)
		msg.MentionsBot = msg.MentionsBot || m.IsAt()
	}
	return true
}

func (g *Gateway) fromFriend(c *conn, m *openwechat.Message, msg *bot.Message) bool {
	if m.FromUserName == openwechat.FileHelper || strings.HasPrefix(m.FromUserName, "@@") {
		return false
	}
	u, err := m.Sender()
	if err != nil {
		g.log.Warn("找不到私聊消息的发送者", "msg_id", m.MsgId, "err", err)
		return false
	}
	if u.IsMP() {
		return false // official accounts' articles are not for us
	}
	c.seen(u)
	msg.Chat = bot.Chat{Kind: bot.Private, Name: u.NickName}
	msg.Sender = bot.Sender{PlatformID: u.UserName, DisplayName: u.NickName, NickName: u.NickName, AvatarID: c.avatar(u)}
	return true
}

// splitMentions finds the @-mentions in a group text the way the WeChat app
// writes them ("@name" ended by U+2005 or a space). A mention of the bot
// (by its group display name or nickname) is taken out of the text, so
// commands after it read as if typed alone.
func splitMentions(text string, botNames ...string) (rest string, mentionsBot bool, names []string) {
	var b strings.Builder
	for i := 0; i < len(text); {
		if text[i] != '@' {
			b.WriteByte(text[i])
			i++
			continue
		}
		end := strings.IndexAny(text[i+1:], "\u2005 \u3000\n")
		var name, sep string
		if end < 0 {
			name = text[i+1:]
		} else {
			name = text[i+1 : i+1+end]
			_, n := firstRune(text[i+1+end:])
			sep = text[i+1+end : i+1+end+n]
		}
		if name == "" {
			b.WriteByte('@')
			i++
			continue
		}
		isBot := false
		for _, bn := range botNames {
			if bn != "" && name == bn {
				isBot = true
			}
		}
		if isBot {
			mentionsBot = true
		} else {
			names = append(names, name)
			b.WriteString("@" + name)
			if sep != "" {
				b.WriteString(" ")
			}
		}
		i += 1 + len(name) + len(sep)
	}
	return strings.TrimSpace(b.String()), mentionsBot, names
}

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// seen remembers a UserName met in this session, so private sends to it
// are known to be current.
func (c *conn) seen(u *openwechat.User) {
	c.mu.Lock()
	defer c.mu.Unlock()
	old, ok := c.users[u.UserName]
	if !ok {
		old = contact{nick: u.NickName, remark: u.RemarkName, avatar: u.AvatarID()}
	}
	c.users[u.UserName] = old
}

// avatar is the avatar id of a user, taken from the contact list when the
// group member list does not carry one.
func (c *conn) avatar(u *openwechat.User) string {
	if id := u.AvatarID(); id != "" {
		return id
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.users[u.UserName].avatar
}
