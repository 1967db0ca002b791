package checkin_test

import (
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/scheduler"
	"linli/storage/sqlite"
	"linli/workflows/checkin"
)

// Without a font (no Pictures in Deps) the calendar and the certificate
// still arrive, as text: one mark a day, make-up days told apart, and the
// certificate privately.
func TestPicturesWithoutAFontGoAsText(t *testing.T) {
	p := newProgramWith(t, "", time.Date(2026, 11, 23, 8, 0, 0, 0, shanghai()),
		func(store *sqlite.CheckinStore, dir *bot.Directory, clock bot.Clock, sched scheduler.Registrar, r bot.Registry) {
			w, err := checkin.New(checkin.DefaultConfig(), checkin.Deps{Store: store, Directory: dir, Clock: clock, Scheduler: sched})
			if err != nil {
				t.Fatal(err)
			}
			w.Register(r)
		})
	p.play(setup + `
[锦霞一群] 李主任: 发起打卡 三天 3天
`)
	got := p.play(`
[锦霞一群] 张三: 打卡 三天
@now 2026-11-25 08:00
[锦霞一群] 张三: 打卡 三天
[锦霞一群] 张三: 补卡 三天
[锦霞一群] 张三: 我的打卡日历 三天
[锦霞一群] 张三: 打卡日历
`)
	for _, want := range []string{
		"[锦霞一群] 张三 的打卡日历 · 三天\n  已打卡 3 天 · 补卡 1 天 · 连续 3 天\n  ●◐●\n",
		"[私聊→张三] 【荣誉证书】\n  张三：\n  您于 2026年11月23日 至 2026年11月25日 参加锦霞社区「三天」，坚持打卡 3 天",
		"[锦霞一群] 张三 的打卡日历 · 垃圾分类\n  已打卡 0 天 · 补卡 0 天 · 连续 0 天\n  ○○○····\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "[图片]") {
		t.Errorf("a picture was sent without a renderer:\n%s", got)
	}
}
