package wechat

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"sync"

	"github.com/eatmoreapple/openwechat"
	"github.com/mdp/qrterminal/v3"

	"linli/bot"
)

// uosUserAgent is the browser desktop WeChat (UOS) presents; with the
// desktop headers it lets accounts log in that web WeChat refuses.
const uosUserAgent = "Mozilla/5.0 (Linux; U; UOS x86_64; zh-cn) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.124 Safari/537.36 UOSBrowser/6.0.1.1001"

// qrScanURL is what the phone must scan; the image URL openwechat logs
// shows the same code.
const qrScanURL = "https://login.weixin.qq.com/l/"

// newConn builds a fresh openwechat bot in desktop mode over the
// configured transport. Every login gets its own: a bot whose context has
// ended cannot be reused, and each owns its cookie jar.
func (g *Gateway) newConn(ctx context.Context, in chan<- bot.Message) *conn {
	cctx, cancel := context.WithCancel(ctx)
	hc := &http.Client{
		Transport: guardTransport{next: g.cfg.Transport},
		Timeout:   g.cfg.HTTPTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	client := openwechat.NewClient(hc)
	client.AddHttpHook(openwechat.UserAgentHook{UserAgent: uosUserAgent})
	client.MaxRetryTimes = 2
	b := openwechat.NewBot(cctx)
	b.Caller = openwechat.NewCaller(client)
	openwechat.Desktop.Prepare(b)
	c := &conn{bot: b, ctx: cctx, cancel: cancel, ready: make(chan struct{}),
		groups: map[string]string{}, groupNames: map[string]string{}, users: map[string]contact{}}
	b.UUIDCallback = func(uuid string) {
		g.qrs.Add(1)
		g.mu.Lock()
		g.qr = qrScanURL + uuid
		g.mu.Unlock()
		g.setState(WaitingScan)
		g.log.Info("请用手机微信扫描二维码登录", "qrcode_url", openwechat.GetQrcodeUrl(uuid))
		if g.cfg.QR != nil {
			qrterminal.GenerateHalfBlock(qrScanURL+uuid, qrterminal.L, g.cfg.QR)
		}
	}
	b.ScanCallBack = func(openwechat.CheckLoginResponse) {
		g.setState(Scanned)
		g.log.Info("已扫码，请在手机上点击确认登录")
	}
	b.LoginCallBack = func(openwechat.CheckLoginResponse) {
		g.log.Info("手机已确认登录")
	}
	b.SyncCheckCallback = func(openwechat.SyncCheckResponse) {
		c.mu.Lock()
		c.syncFails = 0
		c.mu.Unlock()
	}
	b.MessageErrorHandler = func(err error) error { return g.syncError(c, err) }
	b.MessageHandler = func(m *openwechat.Message) { g.receive(c, m, in) }
	return c
}

// syncError decides what a failed sync means: a WeChat retcode (1100,
// 1101, 1102, ...) ends the session; network trouble is retried in place
// a few times with backoff before giving up on the session.
func (g *Gateway) syncError(c *conn, err error) error {
	if c.ctx.Err() != nil {
		return nil // stopping; the loop ends by itself
	}
	var ret openwechat.Ret
	if errors.As(err, &ret) {
		g.log.Warn("微信同步被拒绝，会话已失效", "retcode", int(ret))
		return fmt.Errorf("sync check: retcode %d: %w", int(ret), err)
	}
	c.mu.Lock()
	c.syncFails++
	n := c.syncFails
	c.mu.Unlock()
	if n >= g.cfg.SyncRetries {
		return fmt.Errorf("sync failed %d times in a row: %w", n, err)
	}
	wait := g.cfg.Backoff.Initial
	for i := 1; i < n; i++ {
		wait = g.cfg.Backoff.next(wait)
	}
	g.log.Warn("微信同步出错，稍后重试", "err", err, "attempt", n, "retry_in", wait)
	sleep(c.ctx, wait)
	return nil
}

// login tries the saved session first and falls back to a QR login.
func (g *Gateway) login(ctx context.Context, in chan<- bot.Message) (*conn, error) {
	if g.cfg.OnLogin != nil {
		g.cfg.OnLogin(ctx)
	}
	data, err := os.ReadFile(g.cfg.SessionFile)
	switch {
	case errors.Is(err, fs.ErrNotExist) || (err == nil && len(bytes.TrimSpace(data)) == 0):
		g.log.Info("没有保存的登录会话，需要扫码登录", "session_file", g.cfg.SessionFile)
	case err != nil:
		g.log.Warn("无法读取登录会话文件，改用扫码登录", "session_file", g.cfg.SessionFile, "err", err)
	case !json.Valid(data):
		g.log.Warn("登录会话文件已损坏，改用扫码登录", "session_file", g.cfg.SessionFile)
	default:
		c := g.newConn(ctx, in)
		c.store = &sessionFile{path: g.cfg.SessionFile, data: bytes.NewReader(data)}
		err := c.bot.HotLogin(c.store)
		if err == nil {
			g.hots.Add(1)
			g.online(c)
			g.log.Info("热登录成功，无需扫码", "account", c.nick)
			return c, nil
		}
		c.stop(nil)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if openwechat.IsNetworkError(err) {
			// The session may still be good: try it again after the
			// backoff rather than asking someone to scan.
			return nil, fmt.Errorf("hot login: %w", err)
		}
		g.log.Warn("保存的登录会话已失效，改用扫码登录", "err", err)
	}
	c := g.newConn(ctx, in)
	// HotLogin with an empty store fails to load and falls through to the
	// scan, with the store attached so the new session is saved.
	c.store = &sessionFile{path: g.cfg.SessionFile}
	err = c.bot.HotLogin(c.store, &scanLogin{g: g})
	if err != nil {
		c.stop(nil)
		var ret openwechat.Ret
		if errors.As(err, &ret) || ctx.Err() != nil {
			return nil, fmt.Errorf("qr login: %w", err)
		}
		return nil, fmt.Errorf("qr login (WeChat may refuse this account on desktop/web; see README): %w", err)
	}
	g.online(c)
	g.log.Info("扫码登录成功", "account", c.nick)
	return c, nil
}

// online records who the session belongs to. The login response is read
// from the session's stored init response, which the sync loop never
// replaces.
func (g *Gateway) online(c *conn) {
	if r := c.bot.Storage.Response; r != nil && r.User != nil {
		c.self, c.nick = r.User.UserName, r.User.NickName
	}
}

// scanLogin is the login option that runs the QR login when the saved
// session cannot be used, replacing expired codes a few times.
type scanLogin struct {
	openwechat.BaseBotLoginOption
	g *Gateway
	// inside is set while the QR login runs: openwechat applies the login
	// options to that inner login too, and its failure must come back
	// here rather than start another login.
	inside bool
}

// OnError runs the QR login in place of the failed hot login.
func (s *scanLogin) OnError(b *openwechat.Bot, err error) error {
	if s.inside {
		return err
	}
	s.inside = true
	defer func() { s.inside = false }()
	for i := 0; i < s.g.cfg.QRAttempts; i++ {
		err = b.Login()
		if !errors.Is(err, openwechat.ErrLoginTimeout) || b.Context().Err() != nil {
			return err
		}
		s.g.log.Warn("二维码已过期，重新生成")
	}
	return err
}

// sessionFile is openwechat's hot-reload storage, kept in one file that is
// replaced atomically (temp file, then rename) with mode 0600: the session
// holds cookies that let anyone act as the bot.
//
// openwechat saves the session, with the sync key that says which messages
// were fetched, right after fetching a batch and before handing it on. To
// never skip a batch that was fetched but not handled (a crash, Ctrl-C in
// the middle), the file lags one save behind: a save writes the one before
// it, whose batch has been handed on by then. The first save of a login is
// written at once, so a restart never needs a new scan. A batch fetched
// again after a restart is recognised by its message ids.
type sessionFile struct {
	path    string
	mu      sync.Mutex
	data    *bytes.Reader
	wrote   bool
	pending []byte
	closed  bool
}

// Read serves the session loaded at start; an empty store reads as EOF.
func (s *sessionFile) Read(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.data == nil {
		return 0, io.EOF
	}
	return s.data.Read(p)
}

// Write takes one whole session (openwechat writes one per call) and saves
// the previous one, as explained above.
func (s *sessionFile) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return len(p), nil
	}
	save := s.pending
	if !s.wrote {
		save = p
	} else {
		s.pending = bytes.Clone(p)
	}
	if save != nil {
		if err := writeAtomic(s.path, save); err != nil {
			return 0, err
		}
		s.wrote = true
	}
	return len(p), nil
}

// close stops saving: the session's sync loop may outlive the gateway by a
// moment, and the last, unconfirmed save is dropped.
func (s *sessionFile) close() {
	s.mu.Lock()
	s.closed, s.pending = true, nil
	s.mu.Unlock()
}

func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	f, err := os.CreateTemp(dir, ".wechat-session-*")
	if err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	tmp := f.Name()
	err = f.Chmod(0o600)
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("save session %s: %w", path, err)
	}
	return nil
}

type sendKey struct{}

// guardTransport drops cookies set on answers to requests made outside the
// sync loop (sends, contact lookups): openwechat's cookie jar is not safe
// for concurrent writes, and the session cookies come from the login and
// sync requests anyway.
type guardTransport struct{ next http.RoundTripper }

func (t guardTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	next := t.next
	if next == nil {
		next = http.DefaultTransport
	}
	resp, err := next.RoundTrip(req)
	if err == nil && req.Context().Value(sendKey{}) != nil {
		resp.Header.Del("Set-Cookie")
	}
	return resp, err
}

// outside marks a context whose requests run beside the sync loop.
func outside(ctx context.Context) context.Context {
	return context.WithValue(ctx, sendKey{}, true)
}
