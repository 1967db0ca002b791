// Package mp is the gateway of the WeChat Official Account (公众号), the
// official road, over github.com/silenceper/wechat/v2.
//
// WeChat posts each follower message to linli's callback and waits five
// seconds for the answer. linli handles the message in its transaction as
// on every road, then takes the follower's queued replies out of the
// outbox and puts them in the response (the passive reply). What comes
// later (reminders, task news) goes by the customer-service API, which may
// write to a follower for 48 hours after their last message; past that it
// waits in the outbox and goes out with the follower's next message.
package mp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/silenceper/wechat/v2/cache"
	"github.com/silenceper/wechat/v2/officialaccount"
	oaconfig "github.com/silenceper/wechat/v2/officialaccount/config"
	"github.com/silenceper/wechat/v2/officialaccount/material"
	"github.com/silenceper/wechat/v2/officialaccount/message"

	"linli/bot"
	"linli/internal/gatedre"
	"linli/storage/inproc"
)

// Config is the Official Account as the 公众号 admin pages show it
// (开发 → 基本配置).
type Config struct {
	AppID     string
	AppSecret string
	// Token is the 令牌 of 服务器配置; WeChat signs every callback with it.
	Token string
	// EncodingAESKey is the 消息加解密密钥 of safe mode; empty for plaintext.
	EncodingAESKey string
	// ReplyWithin is how long a callback waits for the answer before it
	// leaves it to the customer-service API; WeChat gives up at 5 s.
	ReplyWithin time.Duration
	// Cache holds the access token for every instance (Redis when
	// configured); nil keeps it in this process.
	Cache cache.Cache
	// Community is where a new follower belongs when linli serves only
	// one community; empty makes them pick from the list.
	Community string
}

// Window is how long after a follower's last message the customer-service
// API may write to them.
const Window = 48 * time.Hour

// maxReplyBytes is the most text put in one passive reply; WeChat cuts
// longer text. What does not fit goes by the customer-service API.
const maxReplyBytes = 2000

// holdTTL bounds how long a callback keeps its follower's replies from
// the outbox, should it never release them (a crash). It releases them as
// soon as it has taken them: an outbox round that read them before then
// finds them delivered (Holds checks), so nothing goes out twice.
const holdTTL = 15 * time.Second

// Store is what the gateway needs from the store.
type Store interface {
	bot.Transactor
	// FollowerState is a follower's member, whether they still follow,
	// and their last message.
	FollowerState(ctx context.Context, openid string) (memberID int64, lastInbound time.Time, subscribed bool, err error)
	// SetSubscribed records a follow or an unfollow.
	SetSubscribed(ctx context.Context, openid string, on bool, at time.Time) error
	// TakeReplies marks a member's undelivered messages delivered and
	// returns them, oldest first.
	TakeReplies(ctx context.Context, memberID int64, at time.Time) ([]bot.OutboxItem, error)
	// Unsent reports whether an outbox message is still undelivered.
	Unsent(ctx context.Context, id int64) (bool, error)
	// Enqueue puts back what did not fit in a passive reply.
	Enqueue(ctx context.Context, at time.Time, msgs ...bot.Outgoing) error
}

// Gateway is the Official Account: an http.Handler for WeChat's callback
// and a bot.Gateway for the outbox.
type Gateway struct {
	cfg    Config
	oa     *officialaccount.OfficialAccount
	token  *tokenSource
	store  Store
	handle func(ctx context.Context, msgs []bot.Message) error
	locker bot.Locker
	clock  bot.Clock
	log    *slog.Logger
	stats  Stats
	// noCustomerAPI is set while WeChat refuses this account the
	// customer-service API (48001): passive replies are then the only road,
	// so pictures go into them as their words.
	noCustomerAPI atomic.Bool

	mu      sync.Mutex
	queue   []*call
	leading bool
}

// Stats counts what an operator watches on this road.
type Stats struct {
	Callbacks     atomic.Int64 // messages and events received
	Duplicates    atomic.Int64 // WeChat's retries of a late answer
	BadSignature  atomic.Int64
	Passive       atomic.Int64 // messages delivered in the callback's response
	Late          atomic.Int64 // answers not ready in time for the response
	CustomerSent  atomic.Int64 // messages sent by the customer-service API
	WaitWindow    atomic.Int64 // sends that wait for the follower's next message (48 h passed)
	WaitUnfollow  atomic.Int64 // sends to someone who no longer follows
	WaitNoAPI     atomic.Int64 // sends the account type does not allow
	TokenRefusals atomic.Int64 // API calls refused for an expired token
}

// Options are the gateway's collaborators.
type Options struct {
	Store Store
	// Handle handles messages in one transaction, each in a savepoint of
	// its own (the router's HandleBatch).
	Handle func(ctx context.Context, msgs []bot.Message) error
	// Locker is shared by the instances (Redis when configured): it keeps
	// one access-token fetch at a time and a follower's replies from being
	// sent twice.
	Locker bot.Locker
	Clock  bot.Clock
	Log    *slog.Logger
}

// New builds the gateway.
func New(cfg Config, opt Options) *Gateway {
	if cfg.ReplyWithin <= 0 {
		cfg.ReplyWithin = 4 * time.Second
	}
	if cfg.Cache == nil {
		// WeChat's token expires in real time, whatever clock runs linli.
		cfg.Cache = inproc.NewCache(bot.SystemClock{})
	}
	if opt.Clock == nil {
		opt.Clock = bot.SystemClock{}
	}
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	g := &Gateway{cfg: cfg, store: opt.Store, handle: opt.Handle, locker: opt.Locker, clock: opt.Clock, log: opt.Log}
	g.oa = officialaccount.NewOfficialAccount(&oaconfig.Config{AppID: cfg.AppID, AppSecret: cfg.AppSecret,
		Token: cfg.Token, EncodingAESKey: cfg.EncodingAESKey, Cache: cfg.Cache})
	g.token = &tokenSource{appID: cfg.AppID, secret: cfg.AppSecret, cache: cfg.Cache, locker: opt.Locker, log: opt.Log}
	g.oa.SetAccessTokenHandle(g.token)
	return g
}

// Stats are the gateway's counters.
func (g *Gateway) Stats() *Stats { return &g.stats }

// TokenFetches counts access tokens this instance fetched from WeChat.
func (g *Gateway) TokenFetches() int64 { return g.token.fetches.Load() }

// OfficialAccount is the SDK's client, for the menu and other admin calls.
func (g *Gateway) OfficialAccount() *officialaccount.OfficialAccount { return g.oa }

// Run is part of bot.Gateway. Messages arrive through ServeHTTP and are
// handled there, so the answer can ride in the response.
func (g *Gateway) Run(ctx context.Context, in chan<- bot.Message) error {
	<-ctx.Done()
	return nil
}

// PaceExempt is true: the official API does not ban fast senders.
func (g *Gateway) PaceExempt(bot.Address) bool { return true }

// ServeHTTP answers WeChat: the URL check (echostr) and every message and
// event, signed with the token and, in safe mode, encrypted.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	srv := g.oa.GetServer(r, w)
	srv.SetMessageHandler(func(m *message.MixMessage) *message.Reply {
		return g.onMessage(r.Context(), m)
	})
	if err := srv.Serve(); err != nil {
		if !srv.Validate() {
			g.stats.BadSignature.Add(1)
			g.log.Warn("mp: callback with a bad signature refused; check mp.token against 服务器配置", "remote", r.RemoteAddr)
			http.Error(w, "bad signature", http.StatusForbidden)
			return
		}
		g.log.Warn("mp: callback not understood", "err", err)
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if err := srv.Send(); err != nil {
		g.log.Error("mp: cannot write the passive reply; the customer-service API sends it", "err", err)
	}
}

// onMessage handles one follower message or event and returns the
// passive reply, nil when there is nothing to say now.
func (g *Gateway) onMessage(ctx context.Context, m *message.MixMessage) *message.Reply {
	g.stats.Callbacks.Add(1)
	openid := string(m.FromUserName)
	msg, ok := g.inbound(ctx, m)
	if !ok {
		return nil
	}
	// Keep this follower's replies from the outbox while we answer here.
	holdName := "mp:hold:" + openid
	lease, held, err := g.locker.Acquire(ctx, holdName, holdTTL)
	for try := 0; err == nil && !held && try < 3; try++ {
		// Taken: by the outbox looking for a moment (Holds), or by another
		// callback of this follower, which then holds the outbox off too.
		t := time.NewTimer(5 * time.Millisecond)
		<-t.C
		lease, held, err = g.locker.Acquire(ctx, holdName, holdTTL)
	}
	if err != nil {
		g.log.Warn("mp: shared lock unavailable; answering without holding the outbox", "err", err)
	}
	release := func() {
		if held {
			g.locker.Release(context.WithoutCancel(ctx), holdName, lease)
		}
	}
	c := g.submit(msg, openid)
	timer := time.NewTimer(g.cfg.ReplyWithin)
	defer timer.Stop()
	var res result
	select {
	case res = <-c.done:
	case <-timer.C:
		if c.state.CompareAndSwap(waiting, abandoned) {
			release()
			g.stats.Late.Add(1)
			g.log.Warn("mp: answer not ready in time for the passive reply; the customer-service API sends it", "msg", msg.ID,
				"waited", g.cfg.ReplyWithin)
			return nil
		}
		// The replies are being taken for this response right now.
		res = <-c.done
	}
	release()
	if res.err != nil || res.text == "" {
		if res.err != nil {
			g.log.Error("mp: message not handled; WeChat's retry will handle it", "msg", msg.ID, "err", res.err)
		}
		return nil
	}
	return &message.Reply{MsgType: message.MsgTypeText, MsgData: message.NewText(res.text)}
}

// The states of a callback waiting for its answer.
const (
	waiting   int32 = iota
	taking          // its replies are being taken for the response
	abandoned       // it answered WeChat without them
)

type result struct {
	text string
	err  error
}

// call is one callback waiting for its message to be handled.
type call struct {
	msg    bot.Message
	openid string
	state  atomic.Int32
	done   chan result
}

// maxBatch is the most callbacks handled in one transaction.
const maxBatch = 32

// submit queues a message for handling. Callbacks that arrive while a
// batch is being handled are handled together in the next one: one
// transaction and one commit for all of them, which is what keeps a
// morning burst of check-ins within WeChat's five seconds on SQLite,
// where concurrent writers would queue for the lock one by one.
func (g *Gateway) submit(msg bot.Message, openid string) *call {
	c := &call{msg: msg, openid: openid, done: make(chan result, 1)}
	g.mu.Lock()
	g.queue = append(g.queue, c)
	lead := !g.leading
	g.leading = true
	g.mu.Unlock()
	if lead {
		go g.lead()
	}
	return c
}

// lead handles queued callbacks, batch after batch, until none is left.
func (g *Gateway) lead() {
	ctx := context.Background()
	for {
		g.mu.Lock()
		n := min(len(g.queue), maxBatch)
		if n == 0 {
			g.leading = false
			g.mu.Unlock()
			return
		}
		batch := append([]*call(nil), g.queue[:n]...)
		g.queue = append(g.queue[:0], g.queue[n:]...)
		g.mu.Unlock()
		msgs := make([]bot.Message, len(batch))
		for i, c := range batch {
			msgs[i] = c.msg
		}
		if err := g.handle(ctx, msgs); err != nil {
			for _, c := range batch {
				c.done <- result{err: err}
			}
			continue
		}
		g.answer(ctx, batch)
	}
}

// answer takes each waiting follower's replies, in one transaction; a
// callback that already answered WeChat leaves its replies to the outbox.
func (g *Gateway) answer(ctx context.Context, batch []*call) {
	var mine []*call
	for _, c := range batch {
		// From here the callback waits for this answer whatever the time.
		if c.state.CompareAndSwap(waiting, taking) {
			mine = append(mine, c)
		}
	}
	texts := make([]string, len(mine))
	err := g.store.InTx(ctx, func(ctx context.Context) error {
		for i, c := range mine {
			text, err := g.takeReplies(ctx, c.openid)
			if err != nil {
				return err
			}
			texts[i] = text
		}
		return nil
	})
	for i, c := range mine {
		if err != nil {
			c.done <- result{err: fmt.Errorf("take replies: %w", err)}
			continue
		}
		c.done <- result{text: texts[i]}
	}
}

// takeReplies takes the follower's queued messages for the passive reply;
// what does not fit is queued again for the customer-service API.
func (g *Gateway) takeReplies(ctx context.Context, openid string) (string, error) {
	memberID, _, _, err := g.store.FollowerState(ctx, openid)
	if err != nil {
		return "", err
	}
	now := g.clock.Now()
	items, err := g.store.TakeReplies(ctx, memberID, now)
	if err != nil || len(items) == 0 {
		return "", err
	}
	var (
		parts []string
		size  int
		rest  []bot.Outgoing
		full  bool
	)
	for _, it := range items {
		if it.Outgoing.Picture != nil && !g.noCustomerAPI.Load() {
			// A passive reply is words only; the picture goes by the
			// customer-service API, the window being open.
			rest = append(rest, it.Outgoing)
			continue
		}
		if full = full || len(parts) > 0 && size+len(it.Outgoing.Text)+2 > maxReplyBytes; full {
			rest = append(rest, it.Outgoing)
			continue
		}
		parts = append(parts, it.Outgoing.Text)
		size += len(it.Outgoing.Text) + 2
	}
	if len(rest) > 0 {
		if err := g.store.Enqueue(ctx, now, rest...); err != nil {
			return "", err
		}
	}
	g.stats.Passive.Add(int64(len(parts)))
	return strings.Join(parts, "\n\n"), nil
}

// inbound turns a callback into a bot.Message; ok is false for what linli
// does not answer (an unfollow, a link click).
func (g *Gateway) inbound(ctx context.Context, m *message.MixMessage) (bot.Message, bool) {
	openid := string(m.FromUserName)
	at := time.Unix(m.CreateTime, 0)
	if m.CreateTime == 0 {
		at = g.clock.Now()
	}
	msg := bot.Message{
		// WeChat retries a late answer with the same MsgId; events carry
		// none, and FromUserName+CreateTime names them instead.
		ID:     "mp:" + strconv.FormatInt(m.MsgID, 10),
		Chat:   bot.Chat{Kind: bot.Private, Channel: bot.OfficialAccount, Name: DisplayName(openid), Community: g.cfg.Community},
		Sender: bot.Sender{PlatformID: openid, DisplayName: DisplayName(openid)},
		Kind:   bot.Text,
		Time:   at,
	}
	if m.MsgID == 0 {
		msg.ID = fmt.Sprintf("mp:%s:%d:%s", openid, m.CreateTime, m.Event)
	}
	switch m.MsgType {
	case message.MsgTypeText:
		msg.Text = m.Content
	case message.MsgTypeImage:
		msg.Kind = bot.Image
	case message.MsgTypeVoice:
		// Voice recognition, when the account turned it on, is text.
		if m.Recognition != "" {
			msg.Text = m.Recognition
		} else {
			msg.Kind = bot.Other
		}
	case message.MsgTypeEvent:
		switch m.Event {
		case message.EventSubscribe:
			if err := g.store.SetSubscribed(ctx, openid, true, g.clock.Now()); err != nil {
				g.log.Warn("mp: cannot record a follow", "openid", openid, "err", err)
			}
			msg.Text = WelcomeKeyword
		case message.EventUnsubscribe:
			if err := g.store.SetSubscribed(ctx, openid, false, g.clock.Now()); err != nil {
				g.log.Warn("mp: cannot record an unfollow", "openid", openid, "err", err)
			}
			g.log.Info("mp: follower left; messages to them wait", "openid", openid)
			return msg, false
		case message.EventClick:
			// Menu buttons carry the command as their key.
			msg.Text = m.EventKey
		default:
			return msg, false
		}
	default:
		msg.Kind = bot.Other
	}
	return msg, true
}

// DisplayName is how linli names a follower it knows only by openid: the
// 公众号 shows no nickname. Binding replaces it with the group name.
func DisplayName(openid string) string {
	tail := openid
	if len(tail) > 4 {
		tail = tail[len(tail)-4:]
	}
	return "居民" + strings.ToUpper(tail)
}

// Holds keeps the outbox off a follower's message while a callback of
// theirs is answering (it may take the message into its response), and off
// a message already delivered that way. It looks at the hold by taking it
// for a moment; a callback that finds it taken tries again shortly.
func (g *Gateway) Holds(ctx context.Context, it bot.OutboxItem) bool {
	openid := it.Outgoing.To.PlatformID
	if openid == "" || it.Outgoing.To.Kind != bot.ToMember {
		return false
	}
	name := "mp:hold:" + openid
	lease, ok, err := g.locker.Acquire(ctx, name, time.Second)
	if err == nil && !ok {
		return true
	}
	if ok {
		g.locker.Release(ctx, name, lease)
	}
	unsent, err := g.store.Unsent(ctx, it.ID)
	return err == nil && !unsent
}

// Send delivers a message by the customer-service API while the 48-hour
// window is open; otherwise it waits for the follower's next message.
func (g *Gateway) Send(ctx context.Context, to bot.Address, text string) error {
	return g.deliver(ctx, to, func(openid string) error {
		return g.oa.GetCustomerMessageManager().Send(message.NewCustomerTextMessage(openid, text))
	})
}

// SendPicture is part of bot.PictureSender: the picture is uploaded as a
// temporary image and sent by the customer-service API, under the same
// 48-hour window as text.
func (g *Gateway) SendPicture(ctx context.Context, to bot.Address, p bot.Picture) error {
	return g.deliver(ctx, to, func(openid string) error {
		media, err := g.oa.GetMaterial().MediaUploadFromReader(material.MediaTypeImage, pictureName(p.Name), bytes.NewReader(p.PNG))
		if err != nil {
			return fmt.Errorf("upload picture: %w", err)
		}
		return g.oa.GetCustomerMessageManager().Send(message.NewCustomerImgMessage(openid, media.MediaID))
	})
}

// pictureName is a name WeChat takes for an uploaded image: it goes by the
// extension.
func pictureName(name string) string {
	if name == "" {
		return "picture.png"
	}
	if !strings.HasSuffix(strings.ToLower(name), ".png") {
		return name + ".png"
	}
	return name
}

// deliver sends one customer-service message through send while the
// follower's 48-hour window is open, with one fresh token if WeChat
// refuses the one it went with; otherwise, or when WeChat says the window
// is closed, the message waits for the follower's next message.
func (g *Gateway) deliver(ctx context.Context, to bot.Address, send func(openid string) error) error {
	openid := to.PlatformID
	if to.Kind != bot.ToMember || openid == "" {
		return fmt.Errorf("mp: can only write to a follower, not %+v", to)
	}
	_, last, subscribed, err := g.store.FollowerState(ctx, openid)
	if err != nil {
		return fmt.Errorf("mp: send to %s: %w", openid, err)
	}
	now := g.clock.Now()
	switch {
	case !subscribed:
		g.stats.WaitUnfollow.Add(1)
		return &bot.WaitError{Reason: "居民已取消关注公众号，重新关注并发消息后一并送达"}
	case now.Sub(last) > Window:
		g.stats.WaitWindow.Add(1)
		return &bot.WaitError{Reason: "距居民上次发消息已超过48小时，客服消息发不出，等居民下次发消息时随回复送达"}
	}
	used, err := g.sendCustomer(ctx, openid, send)
	if code := errCode(err); code == 40001 || code == 42001 || code == 40014 {
		// The token died early (or was replaced elsewhere): one fresh
		// token, one more try.
		g.stats.TokenRefusals.Add(1)
		g.log.Warn("mp: access token refused; fetching a new one", "errcode", code)
		g.token.invalidate(ctx, used)
		_, err = g.sendCustomer(ctx, openid, send)
	}
	g.noCustomerAPI.Store(errCode(err) == 48001)
	switch code := errCode(err); {
	case err == nil:
		g.stats.CustomerSent.Add(1)
		return nil
	case code == 45015:
		g.stats.WaitWindow.Add(1)
		return &bot.WaitError{Reason: "微信说客服消息窗口已关闭（45015），等居民下次发消息时随回复送达"}
	case code == 48001:
		g.stats.WaitNoAPI.Add(1)
		return &bot.WaitError{Reason: "本公众号没有客服消息接口权限（48001，需认证服务号），等居民下次发消息时随回复送达",
			Until: now.Add(24 * time.Hour)}
	case code == 45047:
		g.stats.WaitWindow.Add(1)
		return &bot.WaitError{Reason: "客服消息已达上限（45047），等居民下次发消息时随回复送达"}
	default:
		return fmt.Errorf("mp: customer-service message to %s: %w", openid, err)
	}
}

// sendCustomer sends one customer-service message and returns the token it
// went with, to drop if WeChat refused it.
func (g *Gateway) sendCustomer(ctx context.Context, openid string, send func(openid string) error) (token string, err error) {
	if token, err = g.token.GetAccessTokenContext(ctx); err != nil {
		return "", err
	}
	return token, send(openid)
}

var errCodeRe = gatedre.MustCompile(`errcode=(\d+)`)

// errCode reads WeChat's errcode out of the SDK's error text (the SDK does
// not type these errors); 0 when there is none.
func errCode(err error) int {
	if err == nil {
		return 0
	}
	m := errCodeRe.FindStringSubmatch(err.Error())
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// ErrNotConfigured is returned when an admin call needs the app secret.
var ErrNotConfigured = errors.New("mp: app_id and app_secret are not configured")
