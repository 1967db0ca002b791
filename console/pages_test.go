package console_test

import (
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"linli/console"
)

// storeInt runs a counting query on the week's store.
func (w *week) storeInt(t testing.TB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := w.sim.Program.Store.SQL().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// challengeID is the id of the 垃圾分类 challenge of a group.
func (w *week) challengeID(t *testing.T, group string) int {
	return w.storeInt(t, `SELECT id FROM challenges WHERE group_name = ?`, group)
}

func (w *week) memberID(t *testing.T, name string) int {
	return w.storeInt(t, `SELECT id FROM members WHERE name = ?`, name)
}

func TestCheckinPageMatchesStore(t *testing.T) {
	w := newWeek(t)
	// 孙阿姨 missed yesterday: a 补卡 shows on her calendar as one.
	if reply := w.say("[锦霞一群] 孙阿姨: 补卡 11月28日"); !strings.Contains(reply, "补卡") {
		t.Fatalf("补卡 answered %q", reply)
	}
	b := w.browser(t)
	b.login(w.chatLink("李主任"))
	ch := w.challengeID(t, "锦霞一群")
	sun := w.memberID(t, "孙阿姨")
	code, page := b.get("/checkin?challenge=" + strconv.Itoa(ch) + "&member=" + strconv.Itoa(sun))
	if code != http.StatusOK {
		t.Fatalf("/checkin: %d", code)
	}
	days := w.storeInt(t, `SELECT count(*) FROM checkins WHERE challenge_id = ? AND member_id = ?`, ch, sun)
	made := w.storeInt(t, `SELECT count(*) FROM checkins WHERE challenge_id = ? AND member_id = ? AND makeup = 1`, ch, sun)
	if got := number(t, page, "cal-days"); got != days {
		t.Errorf("calendar says %d days, store has %d", got, days)
	}
	if got := number(t, page, "cal-makeup"); got != made || made != 1 {
		t.Errorf("calendar says %d made up, store has %d (want 1)", got, made)
	}
	if !strings.Contains(page, `class="makeup" title="11月28日 补卡"`) {
		t.Error("the calendar does not mark 11月28日 as 补卡")
	}
	top := regexp.MustCompile(`<tr><td>1</td><td><a [^>]+>([^<]+)</a></td><td class="n">(\d+)</td>`).FindStringSubmatch(page)
	if top == nil {
		t.Fatal("no first place on the leaderboard")
	}
	best := w.storeInt(t, `SELECT max(s) FROM (SELECT sum(p.amount) AS s FROM points_ledger p WHERE p.community = '锦霞社区'
		AND p.member_id IN (SELECT member_id FROM checkins WHERE challenge_id = ?) GROUP BY p.member_id) x`, ch)
	if got, _ := strconv.Atoi(top[2]); got != best {
		t.Errorf("leaderboard's first has %d points, the store's best %d", got, best)
	}
	// The board is the chat's 排行榜, row for row.
	var chat []string
	for _, m := range regexp.MustCompile(`(?m)^\s*(\d+)\. (\S+) (\d+)分`).FindAllStringSubmatch(w.say("[锦霞一群] 何师傅: 排行榜"), -1) {
		chat = append(chat, m[1]+" "+m[2]+" "+m[3])
	}
	var shown []string
	for _, m := range regexp.MustCompile(`<tr><td>(\d+)</td><td><a [^>]+>([^<]+)</a></td><td class="n">(\d+)</td>`).FindAllStringSubmatch(page, -1) {
		shown = append(shown, m[1]+" "+m[2]+" "+m[3])
	}
	if strings.Join(shown, "|") != strings.Join(chat, "|") || len(chat) != 10 {
		t.Errorf("the page's leaderboard\n%q\nis not the chat's\n%q", shown, chat)
	}
	if !strings.Contains(page, "翠苑社区") || !strings.Contains(page, "本周参与率") {
		t.Error("the communities' ranking is missing")
	}

	resp, err := b.c.Get(w.http.URL + "/checkin.csv?challenge=" + strconv.Itoa(ch))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(body), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	members := w.storeInt(t, `SELECT count(DISTINCT member_id) FROM checkins WHERE challenge_id = ?`, ch)
	if len(rows)-1 != members || rows[0][2] != "成员" {
		t.Errorf("CSV has %d members, the store %d:\n%s", len(rows)-1, members, body)
	}
}

func TestCheckinPageScoped(t *testing.T) {
	w := newWeek(t)
	b := w.browser(t)
	b.login(w.chatLink("周书记"))
	jx := strconv.Itoa(w.challengeID(t, "锦霞一群"))
	_, page := b.get("/checkin?c=" + url.QueryEscape("锦霞社区") + "&challenge=" + jx + "&member=" + strconv.Itoa(w.memberID(t, "徐老师")))
	if strings.Contains(page, "锦霞一群") || strings.Contains(page, "徐老师") || !strings.Contains(page, "翠苑一群") {
		t.Error("翠苑's coordinator sees 锦霞's challenge")
	}
	_, csvText := b.get("/checkin.csv?c=" + url.QueryEscape("锦霞社区") + "&challenge=" + jx)
	if strings.Contains(csvText, "锦霞") || !strings.Contains(csvText, "翠苑一群") {
		t.Errorf("翠苑's coordinator downloaded 锦霞's table:\n%s", csvText)
	}
}

var reCode = regexp.MustCompile(`兑换码：([A-Z0-9]{6})`)

// redeem stocks the shop by chat and has a resident of 锦霞 redeem; it
// returns the code.
func (w *week) redeem(t testing.TB) string {
	t.Helper()
	w.say("[私聊] 李主任: 添加商品 环保袋 30积分 库存5")
	m := reCode.FindStringSubmatch(w.say("[锦霞一群] 徐老师: 兑换 环保袋"))
	if m == nil {
		t.Fatal("徐老师 got no redemption code")
	}
	return m[1]
}

func TestShopHandOverGoesThroughWorkflow(t *testing.T) {
	w := newWeek(t)
	code := w.redeem(t)
	state := func() int { return w.storeInt(t, `SELECT state FROM redemptions WHERE code = ?`, code) }

	// 翠苑's coordinator neither sees nor hands over 锦霞's redemption.
	other := w.browser(t)
	page := other.login(w.chatLink("周书记"))
	_, page = other.get("/shop?c=" + url.QueryEscape("锦霞社区"))
	if strings.Contains(page, code) {
		t.Error("翠苑's coordinator sees 锦霞's redemption")
	}
	_, page = other.post("/shop", url.Values{"csrf": {csrfOf(t, page)}, "c": {"锦霞社区"}, "do": {"handover"}, "code": {code}})
	if !strings.Contains(page, "没有找到兑换码") || state() != 0 {
		t.Errorf("翠苑's coordinator handed over 锦霞's redemption: %q", page)
	}

	b := w.browser(t)
	b.login(w.chatLink("李主任"))
	_, page = b.get("/shop")
	if !strings.Contains(page, `id="r-`+code+`"`) || !strings.Contains(page, "环保袋") {
		t.Fatalf("the shop page does not list %s as waiting", code)
	}
	stock := w.storeInt(t, `SELECT stock FROM shop_items WHERE name = '环保袋'`)
	if !strings.Contains(page, `<td>环保袋</td><td class="n">30</td><td class="n">`+strconv.Itoa(stock)+`</td>`) {
		t.Errorf("the page's stock is not the store's %d", stock)
	}
	if code, _ := b.post("/shop", url.Values{"do": {"handover"}, "code": {code}}); code != http.StatusForbidden || state() != 0 {
		t.Errorf("核销 without CSRF: %d, state %d", code, state())
	}
	_, page = b.post("/shop", url.Values{"csrf": {csrfOf(t, page)}, "do": {"handover"}, "code": {code}, "nonce": {"redemption-" + code}})
	if !strings.Contains(page, "已核销 "+code) {
		t.Errorf("核销 answered:\n%s", page)
	}
	if state() != 1 {
		t.Errorf("redemption state %d after 核销, want 1 (handed over)", state())
	}
	if audit := w.auditText(t); !strings.Contains(audit, "command|核销 "+code) {
		t.Errorf("核销 is not audited as the chat command:\n%s", audit)
	}
	// The chat command says the same about a second 核销.
	if reply := w.say("[私聊] 李主任: 核销 " + code); !strings.Contains(reply, "核销过了") {
		t.Errorf("chat after the console's 核销: %q", reply)
	}
}

func TestKnowledgeEditReachesSearchTester(t *testing.T) {
	w := newWeek(t)
	b := w.browser(t)
	page := b.login(w.chatLink("李主任"))
	csrf := csrfOf(t, page)
	const q = "社区活动室几点开门"
	add := url.Values{"csrf": {csrf}, "do": {"add"}, "nonce": {"a1"}, "question": {"社区活动室几点开门？"}, "answer": {"活动室每天8:00到20:00开放，周一闭馆。"}}
	if _, page = b.post("/knowledge", add); !strings.Contains(page, "已添加问答") {
		t.Fatalf("add answered:\n%s", page)
	}
	id := w.storeInt(t, `SELECT id FROM kb_chunks WHERE question LIKE '社区活动室几点开门%'`)
	_, page = b.get("/knowledge?q=" + url.QueryEscape(q))
	if !strings.Contains(page, "会回答") || !strings.Contains(page, "8:00到20:00") {
		t.Fatalf("the tester does not answer with the new entry:\n%s", page)
	}
	edit := url.Values{"csrf": {csrf}, "do": {"edit"}, "id": {strconv.Itoa(id)}, "nonce": {"e1"}, "question": {"社区活动室几点开门？"},
		"answer": {"活动室每天9:00到21:00开放。"}}
	if _, page = b.post("/knowledge", edit); !strings.Contains(page, "已修改问答 #"+strconv.Itoa(id)) {
		t.Fatalf("edit answered:\n%s", page)
	}
	_, page = b.get("/knowledge?q=" + url.QueryEscape(q))
	if !strings.Contains(page, "9:00到21:00") || strings.Contains(page, "8:00到20:00") {
		t.Errorf("the tester does not show the edit:\n%s", page)
	}
	// A resident asking in chat gets what the tester showed.
	if reply := w.say("[私聊] 王大爷: 问 " + q); !strings.Contains(reply, "活动室每天9:00到21:00开放。") {
		t.Errorf("a resident asking got %q", reply)
	}
	if audit := w.auditText(t); !strings.Contains(audit, "command|修改问答 #"+strconv.Itoa(id)) {
		t.Errorf("the edit is not audited as the chat command:\n%s", audit)
	}

	// 翠苑's coordinator can neither list nor change it.
	other := w.browser(t)
	op := other.login(w.chatLink("周书记"))
	_, op = other.get("/knowledge?c=" + url.QueryEscape("锦霞社区"))
	if strings.Contains(op, "9:00到21:00") {
		t.Error("翠苑's coordinator sees 锦霞's entries")
	}
	_, op = other.post("/knowledge", url.Values{"csrf": {csrfOf(t, op)}, "do": {"delete"}, "id": {strconv.Itoa(id)}})
	if !strings.Contains(op, "没有找到问答") || w.storeInt(t, `SELECT count(*) FROM kb_chunks WHERE id = ?`, id) != 1 {
		t.Error("翠苑's coordinator deleted 锦霞's entry")
	}

	if _, page = b.post("/knowledge", url.Values{"csrf": {csrf}, "do": {"delete"}, "id": {strconv.Itoa(id)}, "nonce": {"d1"}}); !strings.Contains(page, "已删除问答") {
		t.Fatalf("delete answered:\n%s", page)
	}
	_, page = b.get("/knowledge?q=" + url.QueryEscape(q))
	if strings.Contains(page, "9:00到21:00") {
		t.Error("the tester still answers with a deleted entry")
	}
}

func TestKnowledgeTesterExplainsLegalAnswer(t *testing.T) {
	w := newWeek(t)
	b := w.browser(t)
	b.login(w.chatLink("李主任"))
	_, page := b.get("/knowledge?q=" + url.QueryEscape("楼上漏水把我家天花板泡坏了，谁来赔？"))
	for _, want := range []string{"依据：法条", "把握", "法律领域", "匹配的问答", "《民法典》第"} {
		if !strings.Contains(page, want) {
			t.Errorf("the tester's explanation lacks %q", want)
		}
	}
	_, page = b.get("/knowledge?q=" + url.QueryEscape("今天股票会涨吗"))
	if !strings.Contains(page, "不作正面回答") {
		t.Error("a question outside the domains is not shown as abstained")
	}
}

func TestEventsPageMatchesStore(t *testing.T) {
	w := newWeek(t)
	w.say(
		"[私聊] 李主任: 发起活动 @锦霞一群 中秋百家宴 12月3日 17:30 小区花园 名额2 需要带：一道拿手菜",
		"[锦霞一群] 徐老师: 报名 #1",
		"[锦霞一群] 李大爷: 报名 #1",
		"[锦霞一群] 王大爷: 报名 #1",
		"[私聊] 李主任: 发起投票 @锦霞一群 去哪里春游 选项：1.植物园 2.动物园 截止12月10日20:00",
		"[锦霞一群] 徐老师: 投票 #2 1",
		"[锦霞一群] 李大爷: 投票 #2 1",
		"[锦霞一群] 王大爷: 投票 #2 2",
	)
	b := w.browser(t)
	b.login(w.chatLink("李主任"))
	_, page := b.get("/events")
	in := w.storeInt(t, `SELECT coalesce(sum(party), 0) FROM event_signups WHERE state = 0`)
	waiting := w.storeInt(t, `SELECT count(*) FROM event_signups WHERE state = 1`)
	if in != 2 || waiting != 1 {
		t.Fatalf("store: %d in, %d waiting; want 2 and 1", in, waiting)
	}
	for _, want := range []string{`<b class="taken">2</b>人/2名额`, `候补 <b class="waiting">1</b>`, "候补顺序：王大爷", `共<b class="voters">3</b>人投票`,
		"<title>植物园：2</title>", "<title>动物园：1</title>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the events page lacks %q", want)
		}
	}
	other := w.browser(t)
	other.login(w.chatLink("周书记"))
	if _, op := other.get("/events?c=" + url.QueryEscape("锦霞社区")); strings.Contains(op, "中秋百家宴") {
		t.Error("翠苑's coordinator sees 锦霞's event")
	}
}

func TestVolunteerHistory(t *testing.T) {
	w := newWeek(t)
	w.say("[私聊] 李主任: 派单 #1 小林")
	w.say("[私聊] 小林: 完成 #1 用时2小时")
	w.say("[锦霞一群] 王大爷: 确认 #1 5")
	lin := w.memberID(t, "小林")
	b := w.browser(t)
	page := b.login(w.chatLink("李主任"))
	_, page = b.get("/volunteer")
	if !strings.Contains(page, "/volunteer/member?c=") {
		t.Error("the volunteer list does not link to the history")
	}
	code, page := b.get("/volunteer/member?id=" + strconv.Itoa(lin))
	if code != http.StatusOK {
		t.Fatalf("history: %d", code)
	}
	if !strings.Contains(page, `id="hours">2.0<`) || number(t, page, "tasks-done") != 1 {
		t.Errorf("history does not show the confirmed task and its 2 hours:\n%s", page)
	}
	bal := w.storeInt(t, `SELECT coalesce(sum(amount), 0) FROM points_ledger WHERE member_id = ? AND community = '锦霞社区'`, lin)
	if got := number(t, page, "balance"); got != bal || bal == 0 {
		t.Errorf("history says balance %d, store %d", got, bal)
	}
	other := w.browser(t)
	other.login(w.chatLink("周书记"))
	if code, _ := other.get("/volunteer/member?c=" + url.QueryEscape("锦霞社区") + "&id=" + strconv.Itoa(lin)); code != http.StatusNotFound {
		t.Errorf("翠苑's coordinator opened 锦霞's volunteer: %d", code)
	}
}

func TestHTMXServedUnderCSP(t *testing.T) {
	w := newWeek(t)
	b := w.browser(t)
	page := b.login(w.chatLink("李主任"))
	m := regexp.MustCompile(`<script src="/static/htmx.min.js" nonce="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the layout does not load the vendored htmx with the page's nonce")
	}
	resp, err := b.c.Get(w.http.URL + "/static/htmx.min.js")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	js, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(js), "htmx") || !strings.Contains(resp.Header.Get("Content-Type"), "javascript") {
		t.Errorf("/static/htmx.min.js: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	code, _ := b.get("/static/htmx.LICENSE.txt")
	if code != http.StatusOK {
		t.Errorf("htmx's licence is not served: %d", code)
	}
}

func TestEveryFormNeedsCSRF(t *testing.T) {
	w := newWeek(t)
	code := w.redeem(t)
	b := w.browser(t)
	b.login(w.chatLink("李主任"))
	for path, form := range map[string]url.Values{
		"/shop":          {"do": {"handover"}, "code": {code}},
		"/knowledge":     {"do": {"add"}, "question": {"谁管路灯"}, "answer": {"物业"}, "nonce": {"x"}},
		"/events":        {"do": {"cancel"}, "no": {"1"}},
		"/reminders":     {"do": {"delete"}, "no": {"1"}},
		"/volunteer/act": {"do": {"approve"}, "name": {"小周"}},
	} {
		if got, _ := b.post(path, form); got != http.StatusForbidden {
			t.Errorf("POST %s without a CSRF token: %d, want 403", path, got)
		}
	}
	if audit := w.auditText(t); strings.Contains(audit, "核销") || strings.Contains(audit, "删除提醒") {
		t.Errorf("a refused form reached the router:\n%s", audit)
	}
}

func TestStreetSeesEveryCommunity(t *testing.T) {
	w := newWeek(t)
	code := w.redeem(t)
	tok, err := w.sim.Program.ConsoleAuth.NewLink(context.Background(), console.Grant{Name: "街道办", Role: console.Street}, w.clock().Now())
	if err != nil {
		t.Fatal(err)
	}
	b := w.browser(t)
	b.login("/login?t=" + tok)
	if _, page := b.get("/shop?c=" + url.QueryEscape("锦霞社区")); !strings.Contains(page, code) {
		t.Error("the street office does not see 锦霞's redemption")
	}
	if _, page := b.get("/checkin?c=" + url.QueryEscape("翠苑社区")); !strings.Contains(page, "翠苑一群 · 垃圾分类") {
		t.Error("the street office does not see 翠苑's challenge")
	}
}
