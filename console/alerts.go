package console

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"linli/bot"
)

// Alert is one thing the operator must hear about. Key names the
// condition ("wechat", "outbox", "redis", …): while a condition stands it
// is told once, and its end (Resolved) is told once.
type Alert struct {
	Key      string
	Title    string
	Text     string
	Resolved bool
	Time     time.Time
	// Console is where to act ("" when unknown). Never the QR image: a
	// chat or a webhook is no place for what logs the bot in.
	Console string
	// Community is the one community the condition concerns ("" for the
	// whole bot): only its coordinators are told in chat.
	Community string
}

// Sink delivers alerts somewhere people look.
type Sink interface {
	Notify(ctx context.Context, a Alert) error
}

// WeCom posts to a 企业微信 group robot webhook, the usual way Chinese teams
// get ops alerts. The robot takes 20 messages a minute; more are dropped
// here (and logged) rather than refused there.
type WeCom struct {
	URL    string
	Client *http.Client
	Clock  bot.Clock

	once sync.Once
	lim  *rate.Limiter
}

// wecomPerMinute is the group robot's limit.
const wecomPerMinute = 20

// Notify sends a markdown message.
func (w *WeCom) Notify(ctx context.Context, a Alert) error {
	w.once.Do(func() { w.lim = rate.NewLimiter(rate.Every(time.Minute/wecomPerMinute), wecomPerMinute) })
	if !w.lim.AllowN(w.Clock.Now(), 1) {
		return errors.New("wecom robot: over 20 messages a minute, alert dropped")
	}
	colour := "warning"
	if a.Resolved {
		colour = "info"
	}
	md := fmt.Sprintf("### <font color=\"%s\">%s</font>\n%s", colour, a.Title, a.Text)
	if a.Console != "" {
		md += fmt.Sprintf("\n[打开后台](%s)", a.Console)
	}
	body := map[string]any{"msgtype": "markdown", "markdown": map[string]string{"content": md}}
	var reply struct {
		ErrCode int    `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}
	if err := postJSON(ctx, w.Client, w.URL, body, &reply); err != nil {
		return fmt.Errorf("wecom robot: %w", err)
	}
	if reply.ErrCode != 0 {
		return fmt.Errorf("wecom robot: errcode %d: %s", reply.ErrCode, reply.ErrMsg)
	}
	return nil
}

// Webhook posts each alert as a JSON object to any URL (an ops tool, a
// chat bridge).
type Webhook struct {
	URL    string
	Client *http.Client
}

// Notify posts {"key","title","text","resolved","time","console","community"}.
func (h *Webhook) Notify(ctx context.Context, a Alert) error {
	body := map[string]any{"key": a.Key, "title": a.Title, "text": a.Text, "resolved": a.Resolved,
		"time": a.Time.Format(time.RFC3339), "console": a.Console, "community": a.Community}
	if err := postJSON(ctx, h.Client, h.URL, body, nil); err != nil {
		return fmt.Errorf("alert webhook: %w", err)
	}
	return nil
}

func postJSON(ctx context.Context, c *http.Client, url string, body any, reply any) error {
	if c == nil {
		c = &http.Client{Timeout: 10 * time.Second}
	}
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("HTTP %s", resp.Status)
	}
	if reply != nil {
		if err := json.NewDecoder(resp.Body).Decode(reply); err != nil {
			return fmt.Errorf("read reply: %w", err)
		}
	}
	return nil
}

// Coordinators tells every coordinator privately, through the outbox; it
// stays quiet while the bot cannot send (the webhooks carry that news).
type Coordinators struct {
	Directory *bot.Directory
	Members   interface {
		Coordinators(ctx context.Context, community string) ([]bot.Member, error)
	}
	Outbox interface {
		Enqueue(ctx context.Context, at time.Time, msgs ...bot.Outgoing) error
	}
	// Online reports whether WeChat is up.
	Online func() bool
	// Wake wakes the outbox.
	Wake func()
}

// Notify queues the alert for each coordinator once.
func (c *Coordinators) Notify(ctx context.Context, a Alert) error {
	if c.Online != nil && !c.Online() {
		return nil
	}
	if a.Key == "wechat" {
		// Down, they cannot be reached; back, the gateway's own
		// back-online notice tells them how long it was away.
		return nil
	}
	text := a.Title + "\n" + a.Text
	if a.Console != "" {
		text += "\n后台：" + a.Console
	}
	seen := map[int64]bool{}
	var out []bot.Outgoing
	for _, comm := range c.Directory.Communities() {
		if a.Community != "" && comm.Name != a.Community {
			continue
		}
		ms, err := c.Members.Coordinators(ctx, comm.Name)
		if err != nil {
			return fmt.Errorf("alert coordinators of %s: %w", comm.Name, err)
		}
		for _, m := range ms {
			if !seen[m.ID] {
				seen[m.ID] = true
				out = append(out, bot.Outgoing{To: bot.MemberAddress(m), Text: text, Source: fmt.Sprintf("alert:%s:%d", a.Key, a.Time.UnixMilli())})
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	if err := c.Outbox.Enqueue(ctx, a.Time, out...); err != nil {
		return fmt.Errorf("alert coordinators: %w", err)
	}
	if c.Wake != nil {
		c.Wake()
	}
	return nil
}

// Alerter de-duplicates and rate-limits alerts before they reach the
// sinks: a standing condition is told once (again after Repeat if it still
// stands), its end once, and no more than MaxPerHour alerts go out in an
// hour whatever flaps.
type Alerter struct {
	Sinks   []Sink
	Clock   bot.Clock
	Log     *slog.Logger
	Console string
	// Repeat re-tells a condition that still stands; zero means 6 hours.
	Repeat time.Duration
	// MaxPerHour bounds alerts sent; zero means 30.
	MaxPerHour int

	mu     sync.Mutex
	raised map[string]time.Time // condition → when last told
	lim    *rate.Limiter
}

// Raise tells that a condition stands, unless it was told already.
func (a *Alerter) Raise(ctx context.Context, key, title, text string) {
	a.RaiseIn(ctx, "", key, title, text)
}

// RaiseIn tells that a condition of one community stands ("" for the
// whole bot), unless it was told already.
func (a *Alerter) RaiseIn(ctx context.Context, community, key, title, text string) {
	now := a.Clock.Now()
	a.mu.Lock()
	if a.raised == nil {
		a.raised = map[string]time.Time{}
	}
	repeat := a.Repeat
	if repeat == 0 {
		repeat = 6 * time.Hour
	}
	if at, ok := a.raised[key]; ok && now.Sub(at) < repeat {
		a.mu.Unlock()
		return
	}
	a.raised[key] = now
	a.mu.Unlock()
	a.send(ctx, Alert{Key: key, Title: title, Text: text, Time: now, Console: a.Console, Community: community})
}

// Clear tells that a raised condition ended; a condition never raised
// says nothing.
func (a *Alerter) Clear(ctx context.Context, key, title, text string) {
	a.mu.Lock()
	_, ok := a.raised[key]
	delete(a.raised, key)
	a.mu.Unlock()
	if ok {
		a.send(ctx, Alert{Key: key, Title: title, Text: text, Resolved: true, Time: a.Clock.Now(), Console: a.Console})
	}
}

// Raised reports whether a condition stands.
func (a *Alerter) Raised(key string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	_, ok := a.raised[key]
	return ok
}

func (a *Alerter) send(ctx context.Context, al Alert) {
	a.mu.Lock()
	if a.lim == nil {
		per := a.MaxPerHour
		if per == 0 {
			per = 30
		}
		a.lim = rate.NewLimiter(rate.Every(time.Hour/time.Duration(per)), per)
	}
	ok := a.lim.AllowN(al.Time, 1)
	a.mu.Unlock()
	log := a.Log
	if log == nil {
		log = slog.Default()
	}
	if !ok {
		log.Warn("too many alerts this hour; not sent", "key", al.Key, "title", al.Title)
		return
	}
	log.Warn("alert", "key", al.Key, "title", al.Title, "text", al.Text, "resolved", al.Resolved)
	for _, s := range a.Sinks {
		if err := s.Notify(ctx, al); err != nil {
			log.Error("cannot deliver an alert", "key", al.Key, "err", err)
		}
	}
}

// Watch is what the watcher looks at, once a tick.
type Watch struct {
	Bot    func() BotStatus
	Outbox interface {
		Depth(ctx context.Context) (int, error)
	}
	// Degraded reports that Redis went away (nil without Redis).
	Degraded func() bool
	// BacklogLimit and BacklogFor: the outbox holding more than the limit
	// for that long is an alert (zero: 200 messages for 10 minutes).
	BacklogLimit int
	BacklogFor   time.Duration

	mu   sync.Mutex
	over time.Time // since when the outbox is over the limit
}

// Check compares the state now with the alerts raised and tells what
// changed.
func (w *Watch) Check(ctx context.Context, a *Alerter, now time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.Bot != nil {
		st := w.Bot()
		switch {
		case st.State == "waiting_scan" || st.State == "reconnecting" || st.State == "stopped":
			a.Raise(ctx, "wechat", "邻里机器人已掉线", "微信登录已失效（"+st.Label()+"），群里的消息暂时没人回复。请运维打开后台「机器人」页扫码登录。")
		case st.Online():
			a.Clear(ctx, "wechat", "邻里机器人已重新上线", "微信已重新登录，离线期间的消息正在补发。")
		}
	}
	if w.Outbox != nil {
		limit, dur := w.BacklogLimit, w.BacklogFor
		if limit == 0 {
			limit = 200
		}
		if dur == 0 {
			dur = 10 * time.Minute
		}
		depth, err := w.Outbox.Depth(ctx)
		switch {
		case err != nil:
			a.Raise(ctx, "store", "邻里数据库读不了", "读取发件箱失败："+err.Error())
		case depth > limit:
			a.Clear(ctx, "store", "邻里数据库已恢复", "发件箱又能读取了。")
			if w.over.IsZero() {
				w.over = now
			}
			if now.Sub(w.over) >= dur {
				a.Raise(ctx, "outbox", "消息积压", fmt.Sprintf("发件箱有 %d 条消息未发出，已超过 %d 分钟。", depth, int(dur/time.Minute)))
			}
		default:
			a.Clear(ctx, "store", "邻里数据库已恢复", "发件箱又能读取了。")
			w.over = time.Time{}
			a.Clear(ctx, "outbox", "消息积压已消除", fmt.Sprintf("发件箱剩 %d 条消息。", depth))
		}
	}
	if w.Degraded != nil {
		if w.Degraded() {
			a.Raise(ctx, "redis", "Redis 连接中断", "多实例共享的 Redis 连不上，已改用单机模式；多个实例同时运行可能重复处理。")
		} else {
			a.Clear(ctx, "redis", "Redis 已恢复", "Redis 重新连上了。")
		}
	}
}
