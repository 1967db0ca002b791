package program

import (
	"context"
	"strings"

	"linli/console"
	"linli/storage/sqlite"
)

// wireConsole registers 「后台」, which answers a coordinator with a login
// link to the console.
func (a *Program) wireConsole(ctx context.Context) error {
	a.ConsoleAuth = &console.Auth{Store: sqlite.NewConsoleStore(a.Store)}
	a.ConsoleAuth.Register(a.Router, a.ConsoleURL())
	return nil
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

// Alerter builds the operator's alerts from the config: the 企业微信
// robot, the JSON webhook and the coordinators' private chats while the
// bot is online.
func (a *Program) Alerter(online func() bool) *console.Alerter {
	al := &console.Alerter{Clock: a.Clock, Log: a.Log.With("component", "alerts"), Console: a.ConsoleURL()}
	if u := a.Config.Alerts.WeComWebhook; u != "" {
		al.Sinks = append(al.Sinks, &console.WeCom{URL: u, Clock: a.Clock})
	}
	if u := a.Config.Alerts.Webhook; u != "" {
		al.Sinks = append(al.Sinks, &console.Webhook{URL: u})
	}
	al.Sinks = append(al.Sinks, &console.Coordinators{Directory: a.Directory, Members: a.Store, Outbox: a.Store,
		Online: online, Wake: a.Outbox.Notify})
	return al
}
