package program

import (
	"context"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"

	"linli/bot"
	"linli/bot/mp"
	"linli/storage/sqlite"
)

// wireMP registers the Official Account's chat side; it runs in sim too,
// where `[公众号]` lines play a follower.
func (a *Program) wireMP(ctx context.Context) error {
	a.Binding = &mp.Binding{Store: a.Store, Directory: a.Directory, BotName: a.Config.BotName}
	a.Binding.Register(a.Router)
	return nil
}

// NewMPGateway builds the Official Account gateway on the program's store,
// router and shared state, and adds it to gateways, the outbox's router
// of roads.
func (a *Program) NewMPGateway(gateways bot.Gateways, log *slog.Logger) *mp.Gateway {
	c := a.Config.MP
	only := ""
	if cs := a.Directory.Communities(); len(cs) == 1 {
		only = cs[0].Name
	}
	gw := mp.New(mp.Config{AppID: c.AppID, AppSecret: c.AppSecret, Token: c.Token, EncodingAESKey: c.AESKey,
		ReplyWithin: c.ReplyWithin, Cache: a.Shared.Cache, Community: only},
		mp.Options{Store: a.Store, Handle: a.Router.HandleBatch, Locker: a.Shared.Locker, Clock: a.Clock, Log: log})
	gateways[bot.OfficialAccount] = gw
	a.Registry.MustRegister(mpCollector{gw})
	return gw
}

// personalOnly hides the Official Account from the outbox when that road
// is off: every private message then goes by personal WeChat.
type personalOnly struct{ db *sqlite.DB }

func (p personalOnly) PlatformID(ctx context.Context, memberID int64) (string, error) {
	return p.db.PlatformID(ctx, memberID)
}

var mpCounterDescs = []struct {
	d *prometheus.Desc
	v func(*mp.Stats) int64
}{
	{desc("linli_mp_callbacks_total", "Official Account messages and events received."), func(s *mp.Stats) int64 { return s.Callbacks.Load() }},
	{desc("linli_mp_bad_signature_total", "Callbacks refused for a bad signature."), func(s *mp.Stats) int64 { return s.BadSignature.Load() }},
	{desc("linli_mp_passive_replies_total", "Messages delivered in the callback's response."), func(s *mp.Stats) int64 { return s.Passive.Load() }},
	{desc("linli_mp_late_total", "Answers not ready within mp.reply_within; sent by the customer-service API."), func(s *mp.Stats) int64 { return s.Late.Load() }},
	{desc("linli_mp_customer_sent_total", "Messages sent by the customer-service API."), func(s *mp.Stats) int64 { return s.CustomerSent.Load() }},
	{desc("linli_mp_waiting_total", "Sends kept in the outbox for the follower's next message, by reason.", "reason"), nil},
	{desc("linli_mp_token_refusals_total", "API calls refused for an expired access token."), func(s *mp.Stats) int64 { return s.TokenRefusals.Load() }},
}

// mpCollector reports the Official Account gateway's counters.
type mpCollector struct{ gw *mp.Gateway }

// Describe implements prometheus.Collector.
func (mpCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, c := range mpCounterDescs {
		ch <- c.d
	}
}

// Collect implements prometheus.Collector.
func (m mpCollector) Collect(ch chan<- prometheus.Metric) {
	st := m.gw.Stats()
	for _, c := range mpCounterDescs {
		if c.v == nil {
			for reason, n := range map[string]int64{"window_48h": st.WaitWindow.Load(), "unfollowed": st.WaitUnfollow.Load(),
				"api_not_allowed": st.WaitNoAPI.Load()} {
				ch <- prometheus.MustNewConstMetric(c.d, prometheus.CounterValue, float64(n), reason)
			}
			continue
		}
		ch <- prometheus.MustNewConstMetric(c.d, prometheus.CounterValue, float64(c.v(st)))
	}
}
