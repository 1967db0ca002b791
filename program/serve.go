package program

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"linli/bot"
	"linli/bot/mp"
	"linli/bot/wechat"
	"linli/console"
	"linli/storage/inproc"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// RunOptions are what tests change about `linli run`.
type RunOptions struct {
	Log *slog.Logger
	// QR is where the login QR code is drawn.
	QR io.Writer
	// Transport carries WeChat's HTTP; tests route it to a local server.
	Transport http.RoundTripper
	// Clock defaults to the system clock.
	Clock bot.Clock
	// Gateway adjusts the gateway's config (tests shorten the waits).
	Gateway func(*wechat.Config)
	// Wire runs after the app is built and before anything starts.
	Wire func(*Program)
}

// running is a started `linli run`.
type Running struct {
	Program *Program
	// Gateway is the personal-WeChat road, nil when wechat.enabled is
	// false; MP is the Official Account, nil when mp is not configured.
	Gateway *wechat.Gateway
	MP      *mp.Gateway

	gateways bot.Gateways
	mpServer *http.Server
	mpAddr   net.Addr

	log      *slog.Logger
	clock    bot.Clock
	listener net.Listener
	server   *http.Server
	done     chan error
	// watch looks every second for what the operator must hear about.
	watch *console.Watch
}

// Start builds the app around the WeChat gateway and starts everything;
// it stops when ctx ends (see Wait).
func Start(ctx context.Context, cfg Config, opt RunOptions) (*Running, error) {
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	if opt.Clock == nil {
		opt.Clock = bot.SystemClock{}
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	r := &Running{log: opt.Log, clock: opt.Clock, done: make(chan error, 1)}
	gcfg := wechat.Config{
		DataDir:     cfg.DataDir,
		Transport:   opt.Transport,
		QR:          opt.QR,
		Logger:      opt.Log,
		Clock:       opt.Clock,
		OnReconnect: func(ctx context.Context, d time.Duration) { r.backOnline(ctx, d) },
		OnLogin: func(ctx context.Context) {
			if err := r.Program.Store.LoggedIn(ctx, opt.Clock.Now()); err != nil {
				opt.Log.Error("cannot record the login; names will not re-link members this session", "err", err)
			}
		},
	}
	if opt.Gateway != nil {
		opt.Gateway(&gcfg)
	}
	r.gateways = bot.Gateways{}
	if cfg.WeChat.Enabled {
		r.Gateway = wechat.New(gcfg)
		r.gateways[""] = r.Gateway
	}
	app, err := Open(ctx, cfg, cfg.StorePath(), Options{Clock: opt.Clock, Gateway: r.gateways, Log: opt.Log})
	if err != nil {
		return nil, err
	}
	r.Program = app
	if cfg.MP.Enabled() {
		r.MP = app.NewMPGateway(r.gateways, opt.Log)
	} else {
		app.Outbox.Recipients = personalOnly{app.Store}
	}
	if app.Outbox.Limiter == nil {
		// One instance: pace the account in process.
		app.Outbox.Limiter = inproc.NewRateLimiter(opt.Clock)
	}
	if opt.Wire != nil {
		opt.Wire(app)
	}
	r.listener, err = net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		app.Close()
		return nil, fmt.Errorf("listen for /healthz on %s: %w", cfg.HTTPAddr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", r.healthz)
	if r.Gateway != nil {
		app.Registry.MustRegister(wechatCollector{r.Gateway})
	}
	if err := r.serveMP(mux); err != nil {
		r.listener.Close()
		app.Close()
		return nil, err
	}
	mux.Handle("/metrics", promhttp.HandlerFor(app.Registry, promhttp.HandlerOpts{ErrorLog: slog.NewLogLogger(opt.Log.Handler(), slog.LevelError)}))
	cs, err := app.Console(r.botStatus)
	if err != nil {
		app.Close()
		r.listener.Close()
		return nil, err
	}
	mux.Handle("/", cs)
	app.alertChats.Online = func() bool { return r.Gateway.Stats().State == wechat.Online }
	r.watch = &console.Watch{Bot: r.botStatus, Outbox: app.Store, BacklogLimit: cfg.Alerts.BacklogLimit, BacklogFor: cfg.Alerts.BacklogFor}
	if d, ok := app.Shared.Limiter.(interface{ Degraded() bool }); ok && cfg.RedisURL != "" {
		r.watch.Degraded = d.Degraded
	}
	r.server = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go r.server.Serve(r.listener)
	go func() { r.done <- r.run(ctx) }()
	return r, nil
}

// Addr is where /healthz and /metrics are served.
func (r *Running) Addr() string { return r.listener.Addr().String() }

// Wait blocks until the run has drained after its context ended.
func (r *Running) Wait() error { return <-r.done }

// run moves messages from the gateway to the router and keeps the outbox
// and the scheduler going until ctx ends, then drains in order: no new
// messages, the ones in hand handled, the outbox and scheduler stopped,
// the store closed. Whatever is still in the outbox is sent at the next
// start.
func (r *Running) run(ctx context.Context) error {
	work := context.WithoutCancel(ctx) // a message in hand is finished, not cut off
	bg, stopBG := context.WithCancel(work)
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); r.Program.Outbox.Run(bg) }()
	go func() { defer wg.Done(); r.schedule(bg) }()
	go func() { defer wg.Done(); r.watchLoop(bg) }()

	// Unbuffered: a message is only taken from WeChat's batch when the
	// router is ready for it, so nothing fetched waits in a queue a crash
	// would lose (the gateway's saved sync key lags a batch behind).
	in := make(chan bot.Message)
	gwDone := make(chan error, 1)
	go func() { gwDone <- r.gateways.Run(ctx, in) }()
	var gwErr error
	handle := func(first bot.Message) {
		// Take what else the gateway has ready (a sync often brings
		// several messages) and commit them together.
		batch := []bot.Message{first}
	more:
		for len(batch) < runBatch {
			select {
			case m := <-in:
				batch = append(batch, m)
			default:
				break more
			}
		}
		if err := r.Program.Router.HandleBatch(work, batch); err != nil {
			r.log.Error("messages not handled; they will be handled when redelivered", "first", first.ID, "count", len(batch), "err", err)
		}
	}
loop:
	for {
		select {
		case m := <-in:
			handle(m)
		case gwErr = <-gwDone:
			break loop
		}
	}
	for drained := false; !drained; {
		select {
		case m := <-in:
			handle(m)
		default:
			drained = true
		}
	}
	r.log.Info("linli 正在退出：消息已处理完，未发出的消息保存在发件箱，下次启动继续发送")
	stopBG()
	wg.Wait()
	shut, cancel := context.WithTimeout(work, 5*time.Second)
	defer cancel()
	r.server.Shutdown(shut)
	if r.mpServer != nil {
		r.mpServer.Shutdown(shut)
	}
	closeErr := r.Program.Close()
	if gwErr != nil {
		return fmt.Errorf("wechat gateway: %w", gwErr)
	}
	if closeErr != nil {
		return fmt.Errorf("close store: %w", closeErr)
	}
	return nil
}

// schedule fires due slots until ctx ends, waking at the next due time
// (and when a timer is set), on the scheduler's own loop.
func (r *Running) schedule(ctx context.Context) {
	if err := r.Program.Scheduler.Run(ctx); err != nil && ctx.Err() == nil {
		r.log.Error("scheduler stopped", "err", err)
	}
}

// watchLoop looks for what the operator must hear about every second.
func (r *Running) watchLoop(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			r.Check(ctx)
		}
	}
}

// Check compares the gateway, the outbox and Redis with the alerts
// raised; the watch loop calls it every second, tests call it directly.
func (r *Running) Check(ctx context.Context) {
	r.watch.Check(ctx, r.Program.Alerts, r.clock.Now())
}

// botStatus is the gateway as the console shows it.
func (r *Running) botStatus() console.BotStatus {
	st := r.Gateway.Stats()
	return console.BotStatus{State: st.State.String(), Since: st.Since, QR: st.QR}
}

// runBatch is the most messages handled in one transaction.
const runBatch = 32

// backOnline tells every coordinator, privately, that linli is back and
// how long it was away, so they know replies may have been late.
func (r *Running) backOnline(ctx context.Context, downtime time.Duration) {
	r.Program.Metrics.Reconnects.Add(1)
	if err := r.Program.Store.RetryNow(ctx, r.clock.Now()); err != nil {
		r.log.Error("cannot make held-back messages due", "err", err)
	}
	text := fmt.Sprintf("已重新上线，离线 %d 分钟。离线期间的消息正在补发。", int(downtime.Round(time.Minute)/time.Minute))
	if downtime < time.Minute {
		text = "已重新上线，离线不到 1 分钟。离线期间的消息正在补发。"
	}
	now := r.clock.Now()
	seen := map[int64]bool{}
	var out []bot.Outgoing
	for _, c := range r.Program.Directory.Communities() {
		coords, err := r.Program.Store.Coordinators(ctx, c.Name)
		if err != nil {
			r.log.Error("cannot list coordinators for the back-online notice", "community", c.Name, "err", err)
			continue
		}
		for _, m := range coords {
			if !seen[m.ID] {
				seen[m.ID] = true
				out = append(out, bot.Outgoing{To: bot.MemberAddress(m), Text: text, Source: fmt.Sprintf("reconnect:%d", now.UnixMilli())})
			}
		}
	}
	if len(out) == 0 {
		return
	}
	if err := r.Program.Store.Enqueue(ctx, now, out...); err != nil {
		r.log.Error("cannot queue the back-online notice", "err", err)
		return
	}
	r.Program.Outbox.Notify()
}

// health is the /healthz answer.
type health struct {
	Status       string    `json:"status"`
	Gateway      string    `json:"gateway"`
	GatewaySince time.Time `json:"gateway_since"`
	OutboxDepth  int       `json:"outbox_depth"`
	LastMessage  time.Time `json:"last_message,omitzero"`
	MessagesIn   int64     `json:"messages_in"`
	Sent         int64     `json:"sent"`
	SendFailures int64     `json:"send_failures"`
	Reconnects   int64     `json:"reconnects"`
}

// healthz answers 200 when the gateway is online and the store answers,
// 503 otherwise, with the details either way.
func (r *Running) healthz(w http.ResponseWriter, req *http.Request) {
	h := health{Status: "ok", Gateway: "off"}
	online := true
	if r.Gateway != nil {
		st := r.Gateway.Stats()
		h = health{Status: "ok", Gateway: st.State.String(), GatewaySince: st.Since, LastMessage: st.LastMessage,
			MessagesIn: st.MessagesIn, Sent: st.Sent, SendFailures: st.SendFailures, Reconnects: st.Reconnects}
		online = st.State == wechat.Online
	}
	depth, err := r.Program.Store.Depth(req.Context())
	h.OutboxDepth = depth
	code := http.StatusOK
	if err != nil || !online {
		h.Status, code = "degraded", http.StatusServiceUnavailable
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(h)
}

// serveMP mounts the Official Account's callback: on its own listener at
// mp.addr (the public one, behind HTTPS), or next to /healthz.
func (r *Running) serveMP(mux *http.ServeMux) error {
	if r.MP == nil {
		return nil
	}
	c := r.Program.Config.MP
	if c.Addr == "" {
		mux.Handle(c.Path, r.MP)
		return nil
	}
	l, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("listen for the Official Account callback on %s (config key mp.addr): %w", c.Addr, err)
	}
	m := http.NewServeMux()
	m.Handle(c.Path, r.MP)
	r.mpAddr = l.Addr()
	r.mpServer = &http.Server{Handler: m, ReadHeaderTimeout: 5 * time.Second}
	go r.mpServer.Serve(l)
	return nil
}

// MPAddr is where the Official Account callback listens ("" when it shares
// Addr or is off).
func (r *Running) MPAddr() string {
	if r.mpAddr == nil {
		return ""
	}
	return r.mpAddr.String()
}
