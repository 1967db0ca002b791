// Package wechat is linli's gateway to personal WeChat, over
// github.com/eatmoreapple/openwechat in desktop (UOS) mode.
//
// Personal-account bots are fragile: logins are refused, sessions expire
// overnight and user ids change on every login. The gateway keeps the
// session on disk for hot login, falls back to a QR login in the terminal,
// reconnects with backoff when WeChat drops it, refuses to send while it is
// down (so the outbox holds messages) and never replays history after a
// restart. It addresses groups by name and members through the identity
// store, so messages queued before a re-login still reach the right chat.
package wechat

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/eatmoreapple/openwechat"

	"linli/bot"
)

// ErrOffline is returned by Send while the gateway is not logged in; the
// outbox keeps the message and tries again later.
var ErrOffline = errors.New("wechat: offline")

// ErrUnknownRecipient is returned by Send when a group name or member
// cannot be found in the current login session.
var ErrUnknownRecipient = errors.New("wechat: recipient not found in this session")

// Backoff spaces out reconnect attempts: Initial, then multiplied by
// Factor up to Max.
type Backoff struct {
	Initial time.Duration
	Max     time.Duration
	Factor  float64
}

func (b Backoff) next(d time.Duration) time.Duration {
	n := time.Duration(float64(d) * b.Factor)
	if n > b.Max {
		n = b.Max
	}
	return n
}

// Config is what the gateway needs. Zero values give production defaults.
type Config struct {
	// SessionFile keeps the login session for hot login; it lives in the
	// data dir (default "wechat-session.json" in DataDir).
	SessionFile string
	// DataDir is used when SessionFile is empty.
	DataDir string
	// Transport carries the HTTP requests to WeChat; nil means the default.
	// Tests route it to a local protocol server.
	Transport http.RoundTripper
	// QR is where the login QR code is drawn for scanning; nil draws none
	// (its URL is still logged).
	QR io.Writer
	// Logger receives structured logs; nil means slog.Default().
	Logger *slog.Logger
	// Clock dates the gateway's start and the downtime; nil means the
	// system clock.
	Clock bot.Clock
	// HistoryMargin: messages created more than this before the gateway
	// started are history and are not handled (default 2 minutes).
	HistoryMargin time.Duration
	// Backoff between reconnect attempts (default 2s doubling to 5m).
	Backoff Backoff
	// SyncRetries is how many network failures of the sync loop in a row
	// are retried in place before reconnecting (default 5).
	SyncRetries int
	// QRAttempts bounds how many expired QR codes are replaced before a
	// login attempt gives up and backs off (default 10).
	QRAttempts int
	// RefreshEvery bounds how often an unknown group or member name
	// triggers a fresh contact fetch (default 30s).
	RefreshEvery time.Duration
	// HTTPTimeout bounds one HTTP request (default 35s, above WeChat's 25s
	// long polls).
	HTTPTimeout time.Duration
	// OnReconnect is called once the gateway is back after being down,
	// with how long it was down (linli tells the coordinators).
	OnReconnect func(ctx context.Context, downtime time.Duration)
	// OnLogin is called as each login begins, before any message of the
	// new session arrives: WeChat gives every contact a new UserName per
	// session, and identity resolution re-links by name only across one.
	OnLogin func(ctx context.Context)
}

func (c *Config) defaults() {
	if c.SessionFile == "" {
		c.SessionFile = filepath.Join(c.DataDir, "wechat-session.json")
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Clock == nil {
		c.Clock = bot.SystemClock{}
	}
	if c.HistoryMargin <= 0 {
		c.HistoryMargin = 2 * time.Minute
	}
	if c.Backoff.Initial <= 0 {
		c.Backoff.Initial = 2 * time.Second
	}
	if c.Backoff.Max < c.Backoff.Initial {
		c.Backoff.Max = 5 * time.Minute
		if c.Backoff.Max < c.Backoff.Initial {
			c.Backoff.Max = c.Backoff.Initial
		}
	}
	if c.Backoff.Factor < 1 {
		c.Backoff.Factor = 2
	}
	if c.SyncRetries <= 0 {
		c.SyncRetries = 5
	}
	if c.QRAttempts <= 0 {
		c.QRAttempts = 10
	}
	if c.RefreshEvery < 0 {
		c.RefreshEvery = 0
	} else if c.RefreshEvery == 0 {
		c.RefreshEvery = 30 * time.Second
	}
	if c.HTTPTimeout <= 0 {
		c.HTTPTimeout = 35 * time.Second
	}
}

// State is where the gateway is in its life.
type State int32

const (
	// Starting: Run has not logged in yet.
	Starting State = iota
	// WaitingScan: a QR code is shown and nobody has scanned it.
	WaitingScan
	// Scanned: the phone scanned the code and must confirm.
	Scanned
	// Online: logged in, receiving and sending.
	Online
	// Reconnecting: the session dropped; sends fail until it is back.
	Reconnecting
	// Stopped: Run returned.
	Stopped
)

// String names the state for /healthz and logs.
func (s State) String() string {
	switch s {
	case Starting:
		return "starting"
	case WaitingScan:
		return "waiting_scan"
	case Scanned:
		return "scanned"
	case Online:
		return "online"
	case Reconnecting:
		return "reconnecting"
	default:
		return "stopped"
	}
}

// Stats is a snapshot of the gateway's counters, for /healthz and
// /metrics.
type Stats struct {
	State State
	// Since is when the gateway entered State.
	Since time.Time
	// LastMessage is when the last inbound message was handed on.
	LastMessage time.Time
	// MessagesIn counts inbound messages handed to the router.
	MessagesIn int64
	// HistoryDropped counts messages older than the gateway's start.
	HistoryDropped int64
	// Sent counts messages WeChat accepted.
	Sent int64
	// SendFailures counts Send calls that returned an error.
	SendFailures int64
	// Reconnects counts returns to Online after being down.
	Reconnects int64
	// QRCodes counts QR codes shown; HotLogins counts logins without one.
	QRCodes   int64
	HotLogins int64
	// LoginFailures counts login attempts that failed.
	LoginFailures int64
	// QR is what to scan to log in, while State is WaitingScan; the
	// console draws it for an operator who is not at the terminal.
	QR string
}

// Gateway is the WeChat gateway. It implements bot.Gateway.
type Gateway struct {
	cfg   Config
	log   *slog.Logger
	start time.Time

	mu        sync.RWMutex
	cur       *conn
	state     State
	changed   chan struct{} // closed and replaced on every state change
	since     time.Time
	downSince time.Time
	lastMsg   time.Time
	qr        string // the QR code's content while one waits to be scanned

	in, dropped, sent, sendFail, reconnects, qrs, hots, loginFail atomic.Int64
}

var _ bot.Gateway = (*Gateway)(nil)

// New returns a gateway; nothing happens until Run.
func New(cfg Config) *Gateway {
	cfg.defaults()
	g := &Gateway{cfg: cfg, log: cfg.Logger.With("component", "wechat"), changed: make(chan struct{})}
	g.since = cfg.Clock.Now()
	return g
}

// Stats returns a snapshot of the counters.
func (g *Gateway) Stats() Stats {
	g.mu.RLock()
	st := Stats{State: g.state, Since: g.since, LastMessage: g.lastMsg}
	if g.state == WaitingScan {
		st.QR = g.qr
	}
	g.mu.RUnlock()
	st.MessagesIn = g.in.Load()
	st.HistoryDropped = g.dropped.Load()
	st.Sent = g.sent.Load()
	st.SendFailures = g.sendFail.Load()
	st.Reconnects = g.reconnects.Load()
	st.QRCodes = g.qrs.Load()
	st.HotLogins = g.hots.Load()
	st.LoginFailures = g.loginFail.Load()
	return st
}

func (g *Gateway) setState(s State) {
	g.mu.Lock()
	if g.state != s {
		g.state, g.since = s, g.cfg.Clock.Now()
		close(g.changed)
		g.changed = make(chan struct{})
	}
	g.mu.Unlock()
}

// WaitOnline blocks until the gateway is logged in and can send, or ctx
// ends.
func (g *Gateway) WaitOnline(ctx context.Context) error {
	for {
		g.mu.RLock()
		online, changed := g.state == Online && g.cur != nil, g.changed
		g.mu.RUnlock()
		if online {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (g *Gateway) current() *conn {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.cur
}

// Run logs in (hot login first, then QR), hands every new inbound message
// to in, and reconnects with backoff whenever WeChat drops the session. It
// returns nil when ctx ends; the session stays on disk for the next start.
func (g *Gateway) Run(ctx context.Context, in chan<- bot.Message) error {
	g.mu.Lock()
	g.start = g.cfg.Clock.Now()
	g.mu.Unlock()
	defer g.setState(Stopped)
	wait := g.cfg.Backoff.Initial
	everOnline := false
	for {
		c, err := g.login(ctx, in)
		if ctx.Err() != nil {
			if c != nil {
				c.stop(nil)
			}
			return nil
		}
		if err != nil {
			g.loginFail.Add(1)
			g.log.Error("微信登录失败，稍后重试", "err", err, "retry_in", wait)
			if !sleep(ctx, wait) {
				return nil
			}
			wait = g.cfg.Backoff.next(wait)
			continue
		}
		wait = g.cfg.Backoff.Initial
		g.refresh(ctx, c, true) // learn the group names before the first send
		close(c.ready)
		g.mu.Lock()
		g.cur = c
		down := g.downSince
		g.mu.Unlock()
		g.setState(Online)
		if everOnline {
			downtime := g.cfg.Clock.Now().Sub(down)
			g.reconnects.Add(1)
			g.log.Info("微信已重新上线", "downtime", downtime.Round(time.Second))
			if g.cfg.OnReconnect != nil {
				g.cfg.OnReconnect(ctx, downtime)
			}
		}
		everOnline = true

		reason := c.wait(ctx)
		g.mu.Lock()
		g.cur = nil
		g.downSince = g.cfg.Clock.Now()
		g.mu.Unlock()
		if ctx.Err() != nil {
			c.stop(nil)
			g.log.Info("微信网关停止，登录会话已保存，下次启动免扫码")
			return nil
		}
		g.setState(Reconnecting)
		g.log.Warn("微信连接中断，准备重新登录", "reason", reason, "retry_in", wait)
		if !sleep(ctx, wait) {
			return nil
		}
		wait = g.cfg.Backoff.next(wait)
	}
}

// sleep waits d or until ctx ends; it reports whether ctx is still alive.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// conn is one login session: an openwechat bot and what the gateway has
// learned about its UserNames.
type conn struct {
	bot   *openwechat.Bot
	store *sessionFile
	// ready is closed once the contacts are indexed; the sync loop starts
	// inside the login call, and its messages wait for the index.
	ready  chan struct{}
	ctx    context.Context
	cancel context.CancelFunc
	self   string
	nick   string

	mu          sync.Mutex
	groups      map[string]string // group name → UserName
	groupNames  map[string]string // UserName → group name
	users       map[string]contact
	lastRefresh time.Time
	reason      error
	syncFails   int
}

type contact struct {
	nick, remark, avatar string
	friend               bool
}

// stop ends the session's sync loop without logging out, so the session
// can be reused; reason is reported by wait.
func (c *conn) stop(reason error) {
	c.mu.Lock()
	if c.reason == nil {
		c.reason = reason
	}
	c.mu.Unlock()
	c.cancel()
	if c.store != nil {
		c.store.close()
	}
}

// wait blocks until the session ends and says why.
func (c *conn) wait(ctx context.Context) error {
	select {
	case <-c.bot.Context().Done():
	case <-ctx.Done():
		return ctx.Err()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reason != nil {
		return c.reason
	}
	if err := c.bot.CrashReason(); err != nil {
		return err
	}
	return errors.New("session ended")
}
