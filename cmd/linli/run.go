package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"linli/bot"
	"linli/bot/wechat"
	"linli/storage/inproc"
)

// runRun is `linli run`: linli in real WeChat groups. It logs in (hot login
// from the data dir, else a QR code in the terminal), handles messages until
// interrupted, serves /healthz and /metrics, and on Ctrl-C drains: it stops
// taking messages, finishes the ones in hand and exits 0.
func runRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("run", flag.ContinueOnError)
	fl.SetOutput(stderr)
	configPath := fl.String("config", "linli.yaml", "config file (linli.yaml); a missing default file means built-in defaults")
	dataDir := fl.String("data", "", "data directory for the database and the WeChat session (overrides data_dir)")
	httpAddr := fl.String("http", "", "local address for /healthz and /metrics (overrides http_addr, default 127.0.0.1:9090)")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	path := *configPath
	if !flagSet(fl, "config") {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			path = ""
		}
	}
	cfg, err := LoadConfig(path, os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "linli run: %v\n", err)
		return 1
	}
	if *dataDir != "" {
		cfg.DataDir = *dataDir
	}
	if *httpAddr != "" {
		cfg.HTTPAddr = *httpAddr
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	r, err := startRun(ctx, cfg, runOptions{Log: log, QR: stdout})
	if err != nil {
		fmt.Fprintf(stderr, "linli run: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "linli 已启动：健康检查 http://%s/healthz ，按 Ctrl-C 退出\n", r.Addr())
	if err := r.Wait(); err != nil {
		fmt.Fprintf(stderr, "linli run: %v\n", err)
		return 1
	}
	return 0
}

func flagSet(fl *flag.FlagSet, name string) bool {
	set := false
	fl.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// runOptions are what tests change about `linli run`.
type runOptions struct {
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
	Wire func(*App)
}

// running is a started `linli run`.
type running struct {
	App     *App
	Gateway *wechat.Gateway

	log      *slog.Logger
	clock    bot.Clock
	listener net.Listener
	server   *http.Server
	done     chan error
}

// startRun builds the app around the WeChat gateway and starts everything;
// it stops when ctx ends (see Wait).
func startRun(ctx context.Context, cfg Config, opt runOptions) (*running, error) {
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	if opt.Clock == nil {
		opt.Clock = bot.SystemClock{}
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	r := &running{log: opt.Log, clock: opt.Clock, done: make(chan error, 1)}
	gcfg := wechat.Config{
		DataDir:   cfg.DataDir,
		Transport: opt.Transport,
		QR:        opt.QR,
		Logger:    opt.Log,
		Clock:     opt.Clock,
		// The store opens below; the gateway only asks once it is online.
		Members:     wechat.PlatformIDFunc(func(ctx context.Context, id int64) (string, error) { return r.App.Store.PlatformID(ctx, id) }),
		OnReconnect: func(ctx context.Context, d time.Duration) { r.backOnline(ctx, d) },
	}
	if opt.Gateway != nil {
		opt.Gateway(&gcfg)
	}
	r.Gateway = wechat.New(gcfg)
	app, err := NewApp(ctx, cfg, AppOptions{DBPath: filepath.Join(cfg.DataDir, "linli.db"), Clock: opt.Clock, Gateway: r.Gateway, Log: opt.Log})
	if err != nil {
		return nil, err
	}
	r.App = app
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
	mux.HandleFunc("/metrics", r.metrics)
	r.server = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go r.server.Serve(r.listener)
	go func() { r.done <- r.run(ctx) }()
	return r, nil
}

// Addr is where /healthz and /metrics are served.
func (r *running) Addr() string { return r.listener.Addr().String() }

// Wait blocks until the run has drained after its context ended.
func (r *running) Wait() error { return <-r.done }

// run moves messages from the gateway to the router and keeps the outbox
// and the scheduler going until ctx ends, then drains in order: no new
// messages, the ones in hand handled, the outbox and scheduler stopped,
// the store closed. Whatever is still in the outbox is sent at the next
// start.
func (r *running) run(ctx context.Context) error {
	work := context.WithoutCancel(ctx) // a message in hand is finished, not cut off
	bg, stopBG := context.WithCancel(work)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); r.App.Outbox.Run(bg) }()
	go func() { defer wg.Done(); r.tick(bg) }()

	// Unbuffered: a message is only taken from WeChat's batch when the
	// router is ready for it, so nothing fetched waits in a queue a crash
	// would lose (the gateway's saved sync key lags a batch behind).
	in := make(chan bot.Message)
	gwDone := make(chan error, 1)
	go func() { gwDone <- r.Gateway.Run(ctx, in) }()
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
		if err := r.App.Router.HandleBatch(work, batch); err != nil {
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
	closeErr := r.App.Close()
	if gwErr != nil {
		return fmt.Errorf("wechat gateway: %w", gwErr)
	}
	if closeErr != nil {
		return fmt.Errorf("close store: %w", closeErr)
	}
	return nil
}

// tick runs the scheduler's due jobs every second.
func (r *running) tick(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := r.App.Tick(ctx, r.clock.Now()); err != nil && ctx.Err() == nil {
				r.log.Error("scheduled jobs failed", "err", err)
			}
		}
	}
}

// runBatch is the most messages handled in one transaction.
const runBatch = 32

// backOnline tells every coordinator, privately, that linli is back and
// how long it was away, so they know replies may have been late.
func (r *running) backOnline(ctx context.Context, downtime time.Duration) {
	r.App.Metrics.Reconnects.Add(1)
	if err := r.App.Store.RetryNow(ctx, r.clock.Now()); err != nil {
		r.log.Error("cannot make held-back messages due", "err", err)
	}
	text := fmt.Sprintf("已重新上线，离线 %d 分钟。离线期间的消息正在补发。", int(downtime.Round(time.Minute)/time.Minute))
	if downtime < time.Minute {
		text = "已重新上线，离线不到 1 分钟。离线期间的消息正在补发。"
	}
	now := r.clock.Now()
	seen := map[int64]bool{}
	var out []bot.Outgoing
	for _, c := range r.App.Directory.Communities() {
		coords, err := r.App.Store.Coordinators(ctx, c.Name)
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
	if err := r.App.Store.Enqueue(ctx, now, out...); err != nil {
		r.log.Error("cannot queue the back-online notice", "err", err)
		return
	}
	r.App.Outbox.Notify()
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
func (r *running) healthz(w http.ResponseWriter, req *http.Request) {
	st := r.Gateway.Stats()
	h := health{Status: "ok", Gateway: st.State.String(), GatewaySince: st.Since, LastMessage: st.LastMessage,
		MessagesIn: st.MessagesIn, Sent: st.Sent, SendFailures: st.SendFailures, Reconnects: st.Reconnects}
	depth, err := r.App.Store.Depth(req.Context())
	h.OutboxDepth = depth
	code := http.StatusOK
	if err != nil || st.State != wechat.Online {
		h.Status, code = "degraded", http.StatusServiceUnavailable
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(h)
}

// metrics serves the Prometheus text format: the core's counters and
// the gateway's.
func (r *running) metrics(w http.ResponseWriter, req *http.Request) {
	depth, err := r.App.Store.Depth(req.Context())
	if err != nil {
		depth = -1
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	r.App.Metrics.WritePrometheus(w, depth)
	st := r.Gateway.Stats()
	up := 0
	if st.State == wechat.Online {
		up = 1
	}
	fmt.Fprintf(w, "# HELP linli_gateway_up Whether the WeChat gateway is logged in.\n# TYPE linli_gateway_up gauge\nlinli_gateway_up %d\n", up)
	fmt.Fprintf(w, "# HELP linli_gateway_state The gateway's state (1 for the current one).\n# TYPE linli_gateway_state gauge\n")
	for s := wechat.Starting; s <= wechat.Stopped; s++ {
		v := 0
		if s == st.State {
			v = 1
		}
		fmt.Fprintf(w, "linli_gateway_state{state=%q} %d\n", s.String(), v)
	}
	counter := func(name, help string, v int64) {
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s counter\n%s %d\n", name, help, name, name, v)
	}
	counter("linli_wechat_received_total", "Messages received from WeChat and handed to the router.", st.MessagesIn)
	counter("linli_wechat_history_dropped_total", "Messages older than the start, not handled.", st.HistoryDropped)
	counter("linli_wechat_sent_total", "Messages WeChat accepted.", st.Sent)
	counter("linli_wechat_send_failures_total", "Sends WeChat or the gateway refused.", st.SendFailures)
	counter("linli_wechat_qr_codes_total", "QR codes shown for login.", st.QRCodes)
	counter("linli_wechat_hot_logins_total", "Logins that reused the saved session.", st.HotLogins)
	counter("linli_wechat_login_failures_total", "Login attempts that failed.", st.LoginFailures)
	if !st.LastMessage.IsZero() {
		fmt.Fprintf(w, "# HELP linli_last_message_timestamp_seconds When the last message arrived.\n# TYPE linli_last_message_timestamp_seconds gauge\nlinli_last_message_timestamp_seconds %d\n", st.LastMessage.Unix())
	}
}
