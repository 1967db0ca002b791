package console_test

import (
	"context"
	"flag"
	"linli/internal/testserver"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// screenshot, when set, is where TestBrowser saves the overview as the
// README shows it (go test ./console -run TestBrowser -screenshot ../docs/console-overview.png).
var screenshot = flag.String("screenshot", "", "save the overview's screenshot to this PNG file")

// chromium finds a headless-capable Chromium. Without one the browser tests
// skip on a developer's machine and fail under CI=true, where
// scripts/test.sh installs Debian's chromium package.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	testserver.Unavailable(t, "Chromium", "none on PATH", "scripts/test.sh installs Debian's chromium package")
	return ""
}

// tab opens a headless Chromium tab for the test; on failure it saves a
// screenshot of the page and names it in the log.
func tab(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox, // the test may run as root in a container
		chromedp.WindowSize(420, 900),
		// A loaded shared machine can take longer than chromedp's 20 s
		// to start Chromium.
		chromedp.WSURLReadTimeout(50*time.Second),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() {
		// Only a started browser can take a screenshot: after a failed
		// start a second Run would start another, and chromedp closes the
		// first's channel twice (a panic that hides the failure).
		if c := chromedp.FromContext(ctx); t.Failed() && c != nil && c.Browser != nil {
			var png []byte
			shot, cancel := context.WithTimeout(ctx, 10*time.Second)
			if err := chromedp.Run(shot, chromedp.FullScreenshot(&png, 100)); err == nil {
				path := filepath.Join(os.TempDir(), "linli-console-"+strings.ReplaceAll(t.Name(), "/", "-")+".png")
				if os.WriteFile(path, png, 0o644) == nil {
					t.Logf("screenshot of the failing page: %s", path)
				}
			}
			cancel()
		}
		cancelTime()
		cancelTab()
		cancelAlloc()
	})
	return ctx
}

func run(t *testing.T, ctx context.Context, actions ...chromedp.Action) {
	t.Helper()
	if err := chromedp.Run(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// TestBrowser drives the console in a real headless Chromium as a
// coordinator would: log in by the link from the chat, read the overview,
// dispatch a task, and meet the refusals.
func TestBrowser(t *testing.T) {
	w := newWeek(t)
	ctx := tab(t)
	base := w.http.URL

	// A coordinator's link cannot open the operator's bot page, and no
	// page opens without a session.
	var text string
	run(t, ctx, chromedp.Navigate(base+"/volunteer"), chromedp.Text("main", &text))
	if !strings.Contains(text, "请先登录") {
		t.Fatalf("without a session /volunteer shows %q", text)
	}

	link := w.chatLink("李主任")
	var checked string
	run(t, ctx,
		chromedp.Navigate(base+link),
		chromedp.Click("#enter", chromedp.ByID),
		chromedp.WaitVisible("#checked-in", chromedp.ByID),
		chromedp.Text("#checked-in", &checked, chromedp.ByID),
	)
	page, err := w.server.BuildOverview(context.Background(), []string{"锦霞社区"}, w.clock().Now())
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := strconv.Atoi(checked); got != page.CheckedIn || got == 0 {
		t.Errorf("the browser shows %s checked in, the store %d", checked, page.CheckedIn)
	}
	if *screenshot != "" {
		var png []byte
		run(t, ctx, chromedp.FullScreenshot(&png, 100))
		if err := os.WriteFile(*screenshot, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Dispatch task #1 to 小林 from the board.
	var note string
	run(t, ctx,
		chromedp.Navigate(base+"/volunteer"),
		chromedp.SetValue(`#task-1 select[name=name]`, "小林", chromedp.ByQuery),
		chromedp.Click(`#task-1 button`, chromedp.ByQuery),
		chromedp.WaitVisible(`.note`, chromedp.ByQuery),
		chromedp.Text(`.note`, &note, chromedp.ByQuery),
	)
	if !strings.Contains(note, "#1") {
		t.Errorf("after 派单 the console says %q", note)
	}
	if sent := w.sent(); !strings.Contains(sent, "[私聊→小林]") {
		t.Errorf("the volunteer got no private message:\n%s", sent)
	}

	// The bot page is the operator's.
	run(t, ctx, chromedp.Navigate(base+"/bot"), chromedp.Text("main", &text))
	if !strings.Contains(text, "只有运维可以打开") {
		t.Errorf("a coordinator opened the bot page: %q", text)
	}

	// A form whose CSRF token was taken out is refused.
	run(t, ctx,
		chromedp.Navigate(base+"/volunteer"),
		chromedp.Evaluate(`document.querySelectorAll('input[name=csrf]').forEach(e => e.remove())`, nil),
		chromedp.Click(`#volunteers button`, chromedp.ByQuery),
		chromedp.WaitVisible(`#message`, chromedp.ByQuery),
		chromedp.Text("main", &text),
	)
	if !strings.Contains(text, "页面已过期") {
		t.Errorf("a form without its CSRF token gave %q", text)
	}

	// The used link again, and an expired one: refused.
	run(t, ctx, chromedp.Navigate(base+link), chromedp.Click("#enter", chromedp.ByID),
		chromedp.WaitVisible(`#message`, chromedp.ByQuery), chromedp.Text("main", &text))
	if !strings.Contains(text, "已经用过") {
		t.Errorf("a reused link gave %q", text)
	}
	late := w.chatLink("李主任")
	w.advance(11 * time.Minute)
	run(t, ctx, chromedp.Navigate(base+late), chromedp.Click("#enter", chromedp.ByID),
		chromedp.WaitVisible(`#message`, chromedp.ByQuery), chromedp.Text("main", &text))
	if !strings.Contains(text, "已过期") {
		t.Errorf("an expired link gave %q", text)
	}
}

// TestBrowserKnowledge adds an FAQ entry from the 知识库 page in a real
// Chromium and asks the search tester, which htmx answers in place (the
// page is not reloaded: a marker set on it survives); then hands over a
// redemption from the 积分商城 page.
func TestBrowserKnowledge(t *testing.T) {
	w := newWeek(t)
	code := w.redeem(t)
	ctx := tab(t)
	base := w.http.URL
	run(t, ctx,
		chromedp.Navigate(base+w.chatLink("李主任")),
		chromedp.Click("#enter", chromedp.ByID),
		chromedp.WaitVisible("#checked-in", chromedp.ByID),
	)

	var note string
	run(t, ctx,
		chromedp.Navigate(base+"/knowledge"),
		chromedp.SendKeys("#question", "社区活动室几点开门？", chromedp.ByID),
		chromedp.SendKeys("#answer-text", "活动室每天8:00到20:00开放，周一闭馆。", chromedp.ByID),
		chromedp.Click("#save", chromedp.ByID),
		chromedp.WaitVisible(".note", chromedp.ByQuery),
		chromedp.Text(".note", &note, chromedp.ByQuery),
	)
	if !strings.Contains(note, "已添加问答") {
		t.Fatalf("after 添加 the console says %q", note)
	}

	var reply, marker string
	run(t, ctx,
		chromedp.Evaluate(`document.body.dataset.marker = "same page"`, nil),
		chromedp.SendKeys("#q", "活动室几点开门", chromedp.ByID),
		chromedp.Click("#ask", chromedp.ByID),
		chromedp.WaitVisible("#reply", chromedp.ByID),
		chromedp.Text("#reply", &reply, chromedp.ByID),
		chromedp.Evaluate(`document.body.dataset.marker || ""`, &marker),
	)
	if !strings.Contains(reply, "8:00到20:00") {
		t.Errorf("the search tester answers %q", reply)
	}
	if marker != "same page" {
		t.Error("the search tester reloaded the page: htmx did not run under the CSP")
	}

	run(t, ctx,
		chromedp.Navigate(base+"/shop"),
		chromedp.Click(`#r-`+code+` button[value=handover]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.note`, chromedp.ByQuery),
		chromedp.Text(`.note`, &note, chromedp.ByQuery),
	)
	if !strings.Contains(note, "已核销 "+code) {
		t.Errorf("after 核销 the console says %q", note)
	}
	if st := w.storeInt(t, `SELECT state FROM redemptions WHERE code = ?`, code); st != 1 {
		t.Errorf("redemption state %d after 核销 in the browser, want 1", st)
	}
}

// TestBrowserExpiredSessionInPlace: a button htmx sends after the session
// ended shows the login notice in place of the page, not nothing.
func TestBrowserExpiredSessionInPlace(t *testing.T) {
	w := newWeek(t)
	ctx := tab(t)
	base := w.http.URL
	run(t, ctx,
		chromedp.Navigate(base+w.chatLink("李主任")),
		chromedp.Click("#enter", chromedp.ByID),
		chromedp.WaitVisible("#checked-in", chromedp.ByID),
		chromedp.Navigate(base+"/reminders"),
		chromedp.WaitVisible("#reminders", chromedp.ByID),
	)
	w.advance(31 * time.Minute)
	var text, marker string
	run(t, ctx,
		chromedp.Evaluate(`document.body.dataset.marker = "same page"`, nil),
		chromedp.Click(`#reminders button[value=pause]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#message`, chromedp.ByID),
		chromedp.Text("main", &text),
		chromedp.Evaluate(`document.body.dataset.marker || ""`, &marker),
	)
	if !strings.Contains(text, "请先登录") {
		t.Errorf("after the session ended the button shows %q", text)
	}
	if marker != "same page" {
		t.Error("the button reloaded the page: htmx did not answer it")
	}
}
