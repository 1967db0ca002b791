package program

import (
	"context"
	"net/url"
	"strings"

	"linli/bot"
	"linli/console"
	"linli/storage/sqlite"
	"linli/workflows/faq"
)

// wireConsole registers 「后台」, which answers a coordinator with a login
// link to the console.
func (a *Program) wireConsole(ctx context.Context) error {
	a.ConsoleAuth = &console.Auth{Store: sqlite.NewConsoleStore(a.Store)}
	a.ConsoleAuth.Register(a.Router, a.ConsoleURL())
	return nil
}

// ledgerLink answers 导出 with a one-time console link that logs the
// coordinator in and downloads the month's ledger.
func (a *Program) ledgerLink(ctx context.Context, t *bot.Turn, month string) (string, error) {
	tok, err := a.ConsoleAuth.NewLink(ctx, console.Grant{MemberID: t.Member.ID, Name: t.Member.Name, Community: t.Chat.Community,
		Role: console.Coordinator}, t.Now)
	if err != nil {
		return "", err
	}
	next := "/volunteer/ledger.xlsx?" + url.Values{"c": {t.Chat.Community}, "month": {month}}.Encode()
	return console.LoginURL(a.ConsoleURL(), tok) + "&next=" + url.QueryEscape(next), nil
}

// ConsoleURL is where login links and alerts point.
func (a *Program) ConsoleURL() string { return a.Config.ConsoleAddress() }

// ConsoleAddress is console_url, or the local http_addr without one.
func (c Config) ConsoleAddress() string {
	if c.ConsoleURL != "" {
		return strings.TrimRight(c.ConsoleURL, "/")
	}
	return "http://" + c.HTTPAddr
}

// Console builds the coordinators' console over the program; status
// reports the chat gateway (nil when the console runs without one).
func (a *Program) Console(status func() console.BotStatus) (*console.Server, error) {
	return console.New(console.Deps{
		Auth:         a.ConsoleAuth,
		Reads:        sqlite.NewConsoleStore(a.Store),
		Volunteers:   sqlite.NewVolunteerStore(a.Store),
		Checkins:     sqlite.NewCheckinStore(a.Store),
		Boards:       a.Checkin,
		Points:       sqlite.NewPointsStore(a.Store),
		Events:       sqlite.NewEventStore(a.Store),
		FAQ:          faqTester{a.FAQ},
		Reminders:    sqlite.NewReminderStore(a.Store),
		Report:       sqlite.NewReportStore(a.Store),
		Outbox:       a.Store,
		Members:      a.Store,
		Auditor:      a.Store,
		Router:       a.Router,
		Directory:    a.Directory,
		Clock:        a.Clock,
		DayStartHour: a.Config.Checkin.DayStartHour,
		Bot:          status,
		Log:          a.Log.With("component", "console"),
	})
}

// newAlerts builds the operator's alerts from the config: the 企业微信
// robot, the JSON webhook and the coordinators' private chats (while the
// bot is online: `linli run` tells alertChats how to know).
func (a *Program) newAlerts() {
	a.Alerts = &console.Alerter{Clock: a.Clock, Log: a.Log.With("component", "alerts"), Console: a.ConsoleURL()}
	if u := a.Config.Alerts.WeComWebhook; u != "" {
		a.Alerts.Sinks = append(a.Alerts.Sinks, &console.WeCom{URL: u, Clock: a.Clock})
	}
	if u := a.Config.Alerts.Webhook; u != "" {
		a.Alerts.Sinks = append(a.Alerts.Sinks, &console.Webhook{URL: u})
	}
	a.alertChats = &console.Coordinators{Directory: a.Directory, Members: a.Store, Outbox: a.Store,
		Online: func() bool { return false }, Wake: a.Outbox.Notify}
	a.Alerts.Sinks = append(a.Alerts.Sinks, a.alertChats)
}

// slotFailed tells the operator that a scheduled job (a reminder, the
// daily summary) failed; the scheduler retries it on its own.
func (a *Program) slotFailed(ctx context.Context, slot string, giveUp bool, err error) {
	text := "定时任务 " + slot + " 没能执行，稍后重试：" + err.Error()
	if giveUp {
		text = "定时任务 " + slot + " 多次失败，已放弃：" + err.Error()
	}
	a.Alerts.Raise(ctx, "scheduler:"+slot, "定时任务失败", text)
}

// faqTester shows the console's search tester what the FAQ workflow
// would answer.
type faqTester struct{ *faq.Workflow }

// Explain implements the console's FAQ.
func (f faqTester) Explain(ctx context.Context, community, q string) console.Explanation {
	e := f.Workflow.Explain(ctx, community, q)
	return console.Explanation{Reply: e.Reply, Answers: e.Answers, Route: string(e.Route), Confidence: e.Confidence,
		Threshold: e.Threshold, Area: e.Area, Entries: e.Entries, Articles: e.Articles, RulesArticles: e.RulesArticles, Searched: e.Searched}
}
