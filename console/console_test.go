package console_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/program/programtest"
)

func TestLoginByChatLinkOnce(t *testing.T) {
	w := newWeek(t)
	link := w.chatLink("李主任")
	u, _ := url.Parse(link)
	var kept int
	if err := w.sim.Program.Store.SQL().QueryRow(`SELECT count(*) FROM outbox WHERE text LIKE ?`, "%"+u.Query().Get("t")+"%").Scan(&kept); err != nil || kept != 0 {
		t.Errorf("%d delivered outbox rows still hold the login link (%v)", kept, err)
	}
	b := w.browser(t)
	page := b.login(link)
	if !strings.Contains(page, "李主任（社区管理员 · 锦霞社区）") {
		t.Errorf("overview does not say who is logged in")
	}
	resp, err := http.Get(w.http.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a browser without the cookie got %d, want 401", resp.StatusCode)
	}

	// The same link again, from another browser: refused.
	other := w.browser(t)
	code, body := other.post("/login", url.Values{"t": {u.Query().Get("t")}})
	if code != http.StatusForbidden || !strings.Contains(body, "已经用过") {
		t.Errorf("reused link: %d %q", code, body)
	}
	audit := w.auditText(t)
	if !strings.Contains(audit, "console login|李主任（社区管理员）") || !strings.Contains(audit, "console login refused|这个登录链接已经用过了") {
		t.Errorf("audit log lacks the login and the refusal:\n%s", audit)
	}
}

func TestSessionCookieAndHeaders(t *testing.T) {
	w := newWeek(t)
	link := w.chatLink("李主任")
	u, _ := url.Parse(link)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest(http.MethodPost, w.http.URL+"/login", strings.NewReader(url.Values{"t": {u.Query().Get("t")}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-Proto", "https")
	req.AddCookie(&http.Cookie{Name: "linli_session", Value: "an-old-session"})
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login answered %d, want a redirect", resp.StatusCode)
	}
	var cookie *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "linli_session" {
			cookie = ck
		}
	}
	if cookie == nil || !cookie.HttpOnly || !cookie.Secure || cookie.SameSite != http.SameSiteLaxMode || cookie.Value == "an-old-session" {
		t.Fatalf("session cookie %+v, want a new HttpOnly, Secure, SameSite=Lax one", cookie)
	}
	csp := resp.Header.Get("Content-Security-Policy")
	if !regexp.MustCompile(`script-src 'nonce-[A-Za-z0-9_-]{22}'`).MatchString(csp) || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q, want scripts by nonce only", csp)
	}
	// Two pages, two nonces.
	r1, _ := http.Get(w.http.URL + "/login")
	r2, _ := http.Get(w.http.URL + "/login")
	r1.Body.Close()
	r2.Body.Close()
	if r1.Header.Get("Content-Security-Policy") == r2.Header.Get("Content-Security-Policy") {
		t.Error("the CSP nonce is the same on two responses")
	}

	// Idle for longer than the timeout: logged out.
	get := func() int {
		req, _ := http.NewRequest(http.MethodGet, w.http.URL+"/", nil)
		req.AddCookie(cookie)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := get(); got != http.StatusOK {
		t.Fatalf("with the session: %d", got)
	}
	w.advance(31 * time.Minute)
	if got := get(); got != http.StatusUnauthorized {
		t.Errorf("after 31 idle minutes: %d, want 401", got)
	}
}

func TestExpiredLinkRefused(t *testing.T) {
	w := newWeek(t)
	link := w.chatLink("李主任")
	w.advance(11 * time.Minute)
	u, _ := url.Parse(link)
	code, body := w.browser(t).post("/login", url.Values{"t": {u.Query().Get("t")}})
	if code != http.StatusForbidden || !strings.Contains(body, "已过期") {
		t.Errorf("expired link: %d %q", code, body)
	}
}

func TestResidentGetsNoLink(t *testing.T) {
	w := newWeek(t)
	reply := w.say("[私聊] 王大爷: 后台")
	if reLink.MatchString(reply) || !strings.Contains(reply, "只有社区管理员可以使用") {
		t.Errorf("a resident asking for 后台 got %q", reply)
	}
	if got := w.say("[锦霞一群] 李主任: 后台"); reLink.MatchString(got) {
		t.Errorf("a login link was sent into a group: %q", got)
	}
}

func TestCoordinatorSeesOwnCommunityOnly(t *testing.T) {
	w := newWeek(t)
	b := w.browser(t)
	b.login(w.chatLink("周书记"))
	_, page := b.get("/?c=" + url.QueryEscape("锦霞社区"))
	if strings.Contains(page, "锦霞一群") || !strings.Contains(page, "翠苑一群") {
		t.Errorf("翠苑's coordinator sees 锦霞's groups")
	}
	_, page = b.get("/volunteer?c=" + url.QueryEscape("锦霞社区"))
	if strings.Contains(page, "赵奶奶") {
		t.Errorf("翠苑's coordinator sees 锦霞's tasks")
	}
	code, _ := b.get("/bot")
	if code != http.StatusForbidden {
		t.Errorf("a coordinator opened the bot page: %d", code)
	}
}

func TestFormWithoutCSRFRefused(t *testing.T) {
	w := newWeek(t)
	b := w.browser(t)
	b.login(w.chatLink("李主任"))
	code, _ := b.post("/volunteer/act", url.Values{"do": {"dispatch"}, "task": {"1"}, "name": {"小林"}})
	if code != http.StatusForbidden {
		t.Errorf("dispatch without CSRF token: %d, want 403", code)
	}
	code, _ = b.post("/volunteer/act", url.Values{"do": {"dispatch"}, "task": {"1"}, "name": {"小林"}, "csrf": {"guess"}})
	if code != http.StatusForbidden {
		t.Errorf("dispatch with a wrong CSRF token: %d, want 403", code)
	}
	if got := w.sent(); strings.Contains(got, "小林") {
		t.Errorf("a refused form still dispatched: %q", got)
	}
}

func TestDispatchReachesVolunteer(t *testing.T) {
	w := newWeek(t)
	b := w.browser(t)
	page := b.login(w.chatLink("李主任"))
	csrf := csrfOf(t, page)
	form := url.Values{"csrf": {csrf}, "do": {"dispatch"}, "task": {"1"}, "name": {"小林"}, "nonce": {"dispatch-1"}}
	code, page := b.post("/volunteer/act", form)
	if code != http.StatusOK || !strings.Contains(page, "#1") {
		t.Fatalf("dispatch: %d", code)
	}
	sent := w.sent()
	if !strings.Contains(sent, "[私聊→小林]") || !strings.Contains(sent, "#1") {
		t.Errorf("the volunteer was not told privately:\n%s", sent)
	}
	// The same form sent twice (a double tap) dispatches once.
	_, page = b.post("/volunteer/act", form)
	if !strings.Contains(page, "已经提交过了") {
		t.Errorf("second submission did not say it was a repeat")
	}
	if again := w.sent(); again != "" {
		t.Errorf("second submission sent %q", again)
	}
	if audit := w.auditText(t); !strings.Contains(audit, "command|派单 #1 小林") {
		t.Errorf("the dispatch is not in the audit log as the chat command:\n%s", audit)
	}
}

func TestReminderCreatedFires(t *testing.T) {
	w := newWeek(t)
	b := w.browser(t)
	page := b.login(w.chatLink("李主任"))
	_, page = b.get("/reminders?target=" + url.QueryEscape("锦霞二群") + "&when=" + url.QueryEscape("今天下午3点") + "&text=" + url.QueryEscape("三点在东门回收旧衣物"))
	if !strings.Contains(page, "2026-11-29 15:00") {
		t.Fatalf("preview does not show the firing:\n%s", page)
	}
	form := url.Values{"csrf": {csrfOf(t, page)}, "do": {"create"}, "target": {"锦霞二群"}, "when": {"今天下午3点"}, "text": {"三点在东门回收旧衣物"}, "nonce": {"x"}}
	code, page := b.post("/reminders", form)
	if code != http.StatusOK || !strings.Contains(page, "三点在东门回收旧衣物") {
		t.Fatalf("create: %d", code)
	}
	w.out.Reset()
	at := w.clock().Now().Add(3*time.Hour + time.Minute)
	if err := w.sim.Program.Tick(context.Background(), at); err != nil {
		t.Fatal(err)
	}
	got := w.out.String() // the simulated clock delivers as it moves
	if got += w.sent(); !strings.Contains(got, "[锦霞二群]") || !strings.Contains(got, "三点在东门回收旧衣物") {
		t.Errorf("the reminder did not fire in 锦霞二群: %q", got)
	}
}

func TestOverviewMatchesStore(t *testing.T) {
	w := newWeek(t)
	b := w.browser(t)
	page := b.login(w.chatLink("李主任"))
	var want int
	day := w.clock().Now().In(time.FixedZone("CST", 8*3600))
	dayNo := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400
	err := w.sim.Program.Store.SQL().QueryRow(`SELECT count(DISTINCT k.member_id || '/' || c.group_name) FROM checkins k JOIN challenges c ON c.id = k.challenge_id
		WHERE c.community = '锦霞社区' AND k.day = ?`, dayNo).Scan(&want)
	if err != nil {
		t.Fatal(err)
	}
	if want == 0 {
		t.Fatal("the scenario has no check-ins today")
	}
	if got := number(t, page, "checked-in"); got != want {
		t.Errorf("overview says %d checked in today, store has %d", got, want)
	}
	var open int
	if err := w.sim.Program.Store.SQL().QueryRow(`SELECT count(*) FROM volunteer_tasks WHERE community = '锦霞社区' AND state IN ('open','assigned','done')`).Scan(&open); err != nil {
		t.Fatal(err)
	}
	if got := number(t, page, "open-tasks"); got != open {
		t.Errorf("overview says %d open tasks, store has %d", got, open)
	}
	if !strings.Contains(page, "<svg") || !strings.Contains(page, "连续打卡天数") {
		t.Error("overview lacks its charts")
	}
}

func number(t *testing.T, page, id string) int {
	t.Helper()
	m := regexp.MustCompile(`id="` + id + `">(\d+)<`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no #%s on the page", id)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func (w *week) auditText(t *testing.T) string {
	t.Helper()
	log, err := w.sim.Program.Store.AuditLog(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	for _, e := range log {
		sb.WriteString(e.Action + "|" + e.Detail + "\n")
	}
	return sb.String()
}

// TestWeekTranscript plays the scenario the other tests stand on, so a
// change in what the bot says during the week shows in its golden file.
func TestWeekTranscript(t *testing.T) { programtest.Golden(t, "testdata") }

// TestExportSendsTheFile: 导出 in chat sends the workbook itself into
// the coordinator's private chat, never a path on the server.
func TestExportSendsTheFile(t *testing.T) {
	w := newWeek(t)
	reply := w.say("[私聊] 李主任: 导出")
	if !strings.Contains(reply, "[文件] 台账-锦霞社区-2026-11.xlsx") {
		t.Errorf("导出 answered %q, want the ledger as a file", reply)
	}
	if strings.Contains(reply, "exports") || strings.Contains(reply, "/login") {
		t.Errorf("导出 answered with a server path or a link where a file goes: %q", reply)
	}
}

// textOnly is a gateway that cannot send files, as the Official Account.
type textOnly struct{ bot.Gateway }

// TestExportSendsLink: where the chat cannot take files, 导出 answers
// with a link that logs the coordinator in and downloads the ledger.
func TestExportSendsLink(t *testing.T) {
	w := newWeek(t)
	w.sim.Program.Outbox.Gateway = textOnly{w.sim.Program.Outbox.Gateway}
	reply := w.say("[私聊] 李主任: 导出")
	if strings.Contains(reply, "exports") || strings.Contains(reply, ".xlsx：") {
		t.Errorf("导出 answered with a server path: %q", reply)
	}
	m := regexp.MustCompile(`/login\?t=[A-Za-z0-9_-]+&next=\S+`).FindString(reply)
	if m == "" {
		t.Fatalf("导出 answered %q, want a console link", reply)
	}
	b := w.browser(t)
	code, page := b.get(m)
	if code != http.StatusOK {
		t.Fatalf("opening the link: %d", code)
	}
	next := regexp.MustCompile(`name="next" value="([^"]+)"`).FindStringSubmatch(page)
	u, _ := url.Parse(m)
	resp, err := b.c.PostForm(w.http.URL+"/login", url.Values{"t": {u.Query().Get("t")}, "next": {strings.ReplaceAll(next[1], "&amp;", "&")}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != http.StatusOK || !strings.Contains(ct, "spreadsheetml") {
		t.Errorf("after login: %d %s, want the xlsx", resp.StatusCode, ct)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, url.PathEscape("台账-锦霞社区-2026-11.xlsx")) {
		t.Errorf("download named %q", cd)
	}
}

func TestAuditFilterAndCSV(t *testing.T) {
	w := newWeek(t)
	b := w.browser(t)
	b.login(w.chatLink("李主任"))
	_, page := b.get("/audit?action=command&q=" + url.QueryEscape("提醒"))
	if !strings.Contains(page, "<td>11-28 11:00</td><td>李主任</td><td>锦霞社区</td><td>command</td><td>提醒 @锦霞一群 每天20:00") ||
		strings.Contains(page, "<td>console login</td>") {
		t.Errorf("filtered audit page does not show just the reminder command:\n%s", page[strings.Index(page, "<table"):])
	}
	resp, err := b.c.Get(w.http.URL + "/audit.csv?action=command")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var sb strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		sb.Write(buf[:n])
		if err != nil {
			break
		}
	}
	csv := sb.String()
	if !strings.HasPrefix(csv, "\ufeff时间,成员,社区,操作,内容") || !strings.Contains(csv, "李主任,锦霞社区,command,") || strings.Contains(csv, "翠苑社区") {
		t.Errorf("audit CSV:\n%s", csv)
	}
}
