package console_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/console"
	"linli/program"
)

// week is a store filled by testdata/week.sim: a week of 锦霞社区 (two
// groups) and 翠苑社区, coordinators 李主任 and 周书记, volunteers 小林,
// 小周 and 小陈, three open tasks and a daily reminder.
type week struct {
	t      testing.TB
	sim    *program.Sim
	out    *bytes.Buffer
	server *console.Server
	http   *httptest.Server
	seq    int
}

func newWeek(t testing.TB) *week {
	t.Helper()
	out := &bytes.Buffer{}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	p, err := program.NewSim(context.Background(), program.DefaultConfig(), filepath.Join(t.TempDir(), "linli.db"), out, false, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	f, err := os.Open("testdata/week.sim")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := p.Play(context.Background(), f, "week.sim"); err != nil {
		t.Fatal(err)
	}
	s, err := p.Program.Console(func() console.BotStatus { return console.BotStatus{State: "online"} })
	if err != nil {
		t.Fatal(err)
	}
	w := &week{t: t, sim: p, out: out, server: s, http: httptest.NewServer(s)}
	t.Cleanup(w.http.Close)
	return w
}

// say plays transcript lines and returns what the bot sent.
func (w *week) say(lines ...string) string {
	w.t.Helper()
	w.seq++
	w.out.Reset()
	script := strings.Join(lines, "\n") + "\n"
	if err := w.sim.Play(context.Background(), strings.NewReader(script), "test-"+strings.Repeat("x", w.seq)); err != nil {
		w.t.Fatal(err)
	}
	return w.out.String()
}

// sent delivers the outbox and returns what the bot sent.
func (w *week) sent() string {
	w.t.Helper()
	w.out.Reset()
	if _, err := w.sim.Program.Outbox.SendDue(context.Background()); err != nil {
		w.t.Fatal(err)
	}
	return w.out.String()
}

var reLink = regexp.MustCompile(`/login\?t=[A-Za-z0-9_-]+`)

// chatLink asks for the console in a private chat, as a coordinator
// does, and returns the link's path on the test server.
func (w *week) chatLink(who string) string {
	w.t.Helper()
	reply := w.say("[私聊] " + who + ": 后台")
	m := reLink.FindString(reply)
	if m == "" {
		w.t.Fatalf("后台 from %s answered %q, want a login link", who, reply)
	}
	return m
}

// browser is an HTTP client with its own cookies that does not follow
// redirects on its own.
type browser struct {
	t *testing.T
	w *week
	c *http.Client
}

func (w *week) browser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, w: w, c: &http.Client{Jar: jar}}
}

func (b *browser) get(path string) (int, string) {
	b.t.Helper()
	resp, err := b.c.Get(b.w.http.URL + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func (b *browser) post(path string, form url.Values) (int, string) {
	b.t.Helper()
	resp, err := b.c.PostForm(b.w.http.URL+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

var reCSRF = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// login opens a chat link and presses 进入后台; it returns the overview.
func (b *browser) login(link string) string {
	b.t.Helper()
	code, page := b.get(link)
	if code != http.StatusOK || !strings.Contains(page, "进入后台") {
		b.t.Fatalf("opening the link: %d %s", code, page)
	}
	u, _ := url.Parse(link)
	code, page = b.post("/login", url.Values{"t": {u.Query().Get("t")}})
	if code != http.StatusOK || !strings.Contains(page, "今日打卡") {
		b.t.Fatalf("login: %d %s", code, page)
	}
	return page
}

func csrfOf(t *testing.T, page string) string {
	t.Helper()
	m := reCSRF.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF token on the page")
	}
	return m[1]
}

func (w *week) clock() *bot.SimClock { return w.sim.Program.Clock.(*bot.SimClock) }

func (w *week) advance(d time.Duration) { w.clock().Set(w.clock().Now().Add(d)) }
