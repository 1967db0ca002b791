package program

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"linli/bot/wechat"
	"linli/llm"
)

// newRegistry is the one Prometheus registry every metric of the program
// is served from: the core's counters and outbox depth, the model
// client's calls, and (added by Start) the WeChat gateway's state.
func (a *Program) newRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(coreCollector{a}, llmCollector{a.LLM})
	return reg
}

func desc(name, help string, labels ...string) *prometheus.Desc {
	return prometheus.NewDesc(name, help, labels, nil)
}

var (
	descMessagesIn   = desc("linli_messages_in_total", "Inbound messages handled.")
	descMessagesOut  = desc("linli_messages_out_total", "Outgoing messages delivered.")
	descSendFailures = desc("linli_send_failures_total", "Failed send attempts.")
	descReconnects   = desc("linli_reconnects_total", "Gateway reconnects.")
	descDuplicates   = desc("linli_duplicates_total", "Redelivered messages ignored.")
	descOutboxDepth  = desc("linli_outbox_depth", "Undelivered outgoing messages (-1 when the store cannot be read).")
	descHandler      = desc("linli_handler_seconds", "Time to handle one message.")
)

// coreCollector reads the router's and outbox's counters and the outbox
// depth at scrape time.
type coreCollector struct{ p *Program }

// Describe implements prometheus.Collector.
func (c coreCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descMessagesIn, descMessagesOut, descSendFailures, descReconnects, descDuplicates, descOutboxDepth, descHandler} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c coreCollector) Collect(ch chan<- prometheus.Metric) {
	m := c.p.Metrics
	counter := func(d *prometheus.Desc, v int64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v))
	}
	counter(descMessagesIn, m.MessagesIn.Load())
	counter(descMessagesOut, m.MessagesOut.Load())
	counter(descSendFailures, m.SendFailures.Load())
	counter(descReconnects, m.Reconnects.Load())
	counter(descDuplicates, m.Duplicates.Load())
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	depth, err := c.p.Store.Depth(ctx)
	if err != nil {
		depth = -1
	}
	ch <- prometheus.MustNewConstMetric(descOutboxDepth, prometheus.GaugeValue, float64(depth))
	l := m.Latency()
	ch <- prometheus.MustNewConstHistogram(descHandler, l.Count, l.Sum, l.Buckets)
}

// llmCollector turns the model client's counters into metrics; with no
// model configured they stay at zero.
type llmCollector struct{ c *llm.Client }

// Describe implements prometheus.Collector; the set of label values is
// only known at scrape time, so the collector is unchecked.
func (llmCollector) Describe(chan<- *prometheus.Desc) {}

// Collect implements prometheus.Collector.
func (l llmCollector) Collect(ch chan<- prometheus.Metric) {
	descs := map[string]*prometheus.Desc{}
	for _, s := range l.c.Metrics().Samples() {
		names := make([]string, 0, len(s.Labels))
		values := make([]string, 0, len(s.Labels))
		for _, n := range []string{"kind", "prompt", "outcome"} {
			if v, ok := s.Labels[n]; ok {
				names = append(names, n)
				values = append(values, v)
			}
		}
		d, ok := descs[s.Name]
		if !ok {
			d = desc(s.Name, s.Help, names...)
			descs[s.Name] = d
		}
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(s.Value), values...)
	}
}

var (
	descGatewayUp      = desc("linli_gateway_up", "Whether the WeChat gateway is logged in.")
	descGatewayState   = desc("linli_gateway_state", "The gateway's state (1 for the current one).", "state")
	descLastMessage    = desc("linli_last_message_timestamp_seconds", "When the last message arrived.")
	wechatCounterDescs = []struct {
		d *prometheus.Desc
		v func(wechat.Stats) int64
	}{
		{desc("linli_wechat_received_total", "Messages received from WeChat and handed to the router."), func(s wechat.Stats) int64 { return s.MessagesIn }},
		{desc("linli_wechat_history_dropped_total", "Messages older than the start, not handled."), func(s wechat.Stats) int64 { return s.HistoryDropped }},
		{desc("linli_wechat_sent_total", "Messages WeChat accepted."), func(s wechat.Stats) int64 { return s.Sent }},
		{desc("linli_wechat_send_failures_total", "Sends WeChat or the gateway refused."), func(s wechat.Stats) int64 { return s.SendFailures }},
		{desc("linli_wechat_qr_codes_total", "QR codes shown for login."), func(s wechat.Stats) int64 { return s.QRCodes }},
		{desc("linli_wechat_hot_logins_total", "Logins that reused the saved session."), func(s wechat.Stats) int64 { return s.HotLogins }},
		{desc("linli_wechat_login_failures_total", "Login attempts that failed."), func(s wechat.Stats) int64 { return s.LoginFailures }},
	}
)

// wechatCollector reports the personal-WeChat gateway's login state and
// counters.
type wechatCollector struct{ gw *wechat.Gateway }

// Describe implements prometheus.Collector.
func (wechatCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- descGatewayUp
	ch <- descGatewayState
	ch <- descLastMessage
	for _, c := range wechatCounterDescs {
		ch <- c.d
	}
}

// Collect implements prometheus.Collector.
func (w wechatCollector) Collect(ch chan<- prometheus.Metric) {
	st := w.gw.Stats()
	up := 0.0
	if st.State == wechat.Online {
		up = 1
	}
	ch <- prometheus.MustNewConstMetric(descGatewayUp, prometheus.GaugeValue, up)
	for s := wechat.Starting; s <= wechat.Stopped; s++ {
		v := 0.0
		if s == st.State {
			v = 1
		}
		ch <- prometheus.MustNewConstMetric(descGatewayState, prometheus.GaugeValue, v, s.String())
	}
	if !st.LastMessage.IsZero() {
		ch <- prometheus.MustNewConstMetric(descLastMessage, prometheus.GaugeValue, float64(st.LastMessage.Unix()))
	}
	for _, c := range wechatCounterDescs {
		ch <- prometheus.MustNewConstMetric(c.d, prometheus.CounterValue, float64(c.v(st)))
	}
}

// Interface checks.
var (
	_ prometheus.Collector = coreCollector{}
	_ prometheus.Collector = llmCollector{}
	_ prometheus.Collector = wechatCollector{}
)
